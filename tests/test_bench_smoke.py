"""Smoke test of the benchmark harness: generate a tiny corpus and run one build.

A benchmark, not a test of speed: nothing here asserts on time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

pytestmark = pytest.mark.slow


def test_generate_is_deterministic_and_valid(tmp_path):
    sys.path.insert(0, str(BENCH))
    import generate

    a = generate.generate(20, tmp_path / "a")
    b = generate.generate(20, tmp_path / "b")
    assert a == b and a["articles"] == 20
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    assert list((tmp_path / "a" / "seeds").glob("*.txt")) and list((tmp_path / "a" / "content").rglob("*.md"))


def test_run_bench_smoke(tmp_path, capsys):
    sys.path.insert(0, str(BENCH))
    import run_bench

    out = tmp_path / "results.json"
    assert run_bench.main(["--sizes", "20", "--runs", "1", "--scenarios", "cold", "--workdir", str(tmp_path / "w"),
                           "--json", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text())
    assert {"meta", "sizes"} <= data.keys()
    cold = data["sizes"]["20"]["scenarios"]["cold"]
    assert len(cold["runs"]) == 1
    median = cold["median"]
    for key in ("wall", "cpu", "peak_rss_mb", "peak_tree_mb", "annotated", "written", "files", "timings"):
        assert key in median
    for stage in ("load", "annotate", "link", "render+write"):
        assert stage in median["timings"]
    assert median["annotated"] == 20 and median["written"] == median["files"] > 20
    assert "| N | scenario |" in capsys.readouterr().out
