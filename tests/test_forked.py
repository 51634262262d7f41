"""``sitegen.forked.Forked``: a closure run in a forked child, its value, its failure, its end."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sitegen.forked import Forked, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")


def test_the_child_sees_the_callers_memory_and_returns_a_value():
    data = {"n": 41}  # never pickled on the way in
    job = Forked(lambda: (os.getpid(), data["n"] + 1))
    pid, value = job.result()
    assert value == 42 and pid != os.getpid()


def test_a_failing_child_gives_none_so_the_caller_redoes_the_work():
    def boom() -> int:
        raise RuntimeError("in the child")

    assert Forked(boom).result() is None


def test_cancel_stops_a_child_that_is_still_working(tmp_path: Path):
    marker = tmp_path / "done"

    def slow() -> None:
        time.sleep(30)
        marker.write_text("finished")

    job = Forked(slow)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 10 and not marker.exists()
