"""Render workers write their own pages into the write stage's folder (``write.Stage``):
the site they make, fresh or recycling the spare, is byte for byte the single-process one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.render import pages

from .conftest import REPO, add_seed, tree_digest

CONFIG = (REPO / "sitegen.toml").read_text(encoding="utf-8") + "search = false\n"


def _site(root: Path, seed_path: Path, workers: int) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "seeds", root / "seeds")
    add_seed(root, seed_path, "2022-01-shared-seed.txt")
    (root / "sitegen.toml").write_text(CONFIG + f"workers = {workers}\n", encoding="utf-8")
    return root


def _edit(site: Path, step: int) -> None:
    article = min((site / "content").rglob("*.md"))
    text = article.read_text(encoding="utf-8").rstrip("\n")
    article.write_text(f"{text}\n\nNaschrift {step}: Tokajev sprak in Astana met de NAVO.\n", encoding="utf-8")


def test_pages_written_by_workers_equal_a_single_process_build(tmp_path, seed_path, embedded_annotator,
                                                              monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pages, "PARALLEL_MIN_PAGES", 1)  # the sample site is small: fork anyway
    forked = _site(tmp_path / "forked", seed_path, workers=2)
    alone = _site(tmp_path / "alone", seed_path, workers=1)
    for step in range(3):  # a fresh stage, then a stage recycled from the spare, twice
        if step:
            _edit(forked, step)
            _edit(alone, step)
        report = build(forked, annotator=embedded_annotator)
        assert report.write.written > 0
        shutil.rmtree(alone / "build", ignore_errors=True)
        build(alone, annotator=embedded_annotator, use_cache=False)
        assert tree_digest(forked / "build") == tree_digest(alone / "build")
    assert (tmp_path / "forked" / ".sitegen-spare-build").is_dir()
