"""How the write stage gets rid of the replaced site: now, in a thread, or detached."""

from __future__ import annotations

import time
from pathlib import Path

from sitegen.write import OLD_PREFIX, write_site


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(OLD_PREFIX))


def test_detached_removal_deletes_the_old_site_after_returning(tmp_path: Path) -> None:
    out = tmp_path / "build"
    write_site(out, [(f"a/{i}/index.html", b"old") for i in range(300)], None)
    stats = write_site(out, [("b.html", b"new")], None, detach_removal=True)
    # the new site is complete the moment write_site returns
    assert stats.files == 1 and (out / "b.html").read_bytes() == b"new" and not (out / "a").exists()
    deadline = time.monotonic() + 30
    while _leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _leftovers(tmp_path) == []


def test_a_leftover_old_site_is_removed_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "build"
    write_site(out, [("a.html", b"1")], None)
    stale = tmp_path / f"{OLD_PREFIX}build-99999-0"
    (stale / "x").mkdir(parents=True)
    write_site(out, [("a.html", b"2")], None)
    assert _leftovers(tmp_path) == [] and (out / "a.html").read_bytes() == b"2"
