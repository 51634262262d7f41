"""One build of an output at a time (sitegen/buildlock.py), with real processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from sitegen.build import build, output_state
from sitegen.buildlock import exclusive
from sitegen.config import load_config

from .conftest import add_seed, make_site, tree_digest

ARTICLE = """---
title: Overleg in Brussel
date: 2023-04-12
---
Minister Hanneke Bos sprak in Brussel met haar Belgische collega over de grens.
"""


def _site(tmp_path: Path, seed_path: Path) -> Path:
    site = make_site(tmp_path / "site", {"content/overleg.md": ARTICLE})
    add_seed(site, seed_path)
    return site


def _lines(stream, into: list[str]) -> threading.Thread:
    def read() -> None:
        for line in stream:
            into.append(line)  # noqa: PERF402 (each line visible to the test while the process runs)
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_build_waits_while_another_holds_the_lock(tmp_path, seed_path):
    site = _site(tmp_path, seed_path)
    config = load_config(site)
    with exclusive(output_state(config, config.output_path)) as lock:
        proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "build", "--site", str(site)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        errors: list[str] = []
        reader = _lines(proc.stderr, errors)
        deadline = time.monotonic() + 120
        while not any("waiting for it to finish" in line for line in errors):
            assert proc.poll() is None, "".join(errors)
            assert time.monotonic() < deadline, "the second build never said it waits"
            time.sleep(0.05)
        assert str(lock) in "".join(errors)
        time.sleep(1.0)  # it stays waiting: nothing built, nothing written
        assert proc.poll() is None
        assert not (site / "build").exists()
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=5)
    assert proc.returncode == 0, "".join(errors)
    assert out.startswith("built 2 articles")
    assert (site / "build" / "index.html").is_file()


def test_builds_started_together_leave_the_site_a_fresh_build_makes(tmp_path, seed_path, embedded_annotator):
    """Two command-line builds race after an edit; both succeed and build/ is what one
    build from scratch makes of the edited site (without the lock one of them failed now
    and then: "changed while the site was being built")."""
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    (site / "content" / "overleg.md").write_text(ARTICLE + "\nHet overleg gaat volgende week verder.\n",
                                                 encoding="utf-8")
    command = [sys.executable, "-m", "sitegen.cli", "build", "--site", str(site)]
    racers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [proc.communicate(timeout=300) for proc in racers]
    assert [proc.returncode for proc in racers] == [0, 0], results

    fresh = make_site(tmp_path / "fresh", {"content/overleg.md": (site / "content" / "overleg.md").read_text()})
    add_seed(fresh, seed_path)
    build(fresh, annotator=embedded_annotator)
    assert tree_digest(site / "build") == tree_digest(fresh / "build")
