"""The write stage recycles the previous-but-one site (``write.Spare``): the result must be
exactly the site a fresh write makes, whatever state the spare is in."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.write import SPARE_PREFIX, write_site


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _dirs(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def _fresh(tmp_path: Path, files: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    out = tmp_path / "fresh" / "build"
    write_site(out, list(files.items()), None)
    return _tree(out), _dirs(out)


SITES = [
    {"index.html": b"home 1", "a/index.html": b"a", "b/index.html": b"b", "feed.xml": b"f1"},
    {"index.html": b"home 2", "a/index.html": b"a", "c/index.html": b"c", "feed.xml": b"f1"},
    {"index.html": b"home 3", "a/index.html": b"a2", "c/index.html": b"c", "d/e/index.html": b"e"},
    {"index.html": b"home 3", "b/index.html": b"b again", "d/index.html": b"d is a page now"},
    {"index.html": b"home 3", "b/index.html": b"b again", "d/index.html/x.html": b"index.html is a folder now"},
]


def test_each_build_equals_a_fresh_write_and_keeps_the_previous_site_as_spare(tmp_path: Path) -> None:
    out, manifest = tmp_path / "site" / "build", tmp_path / "site" / "cache" / "manifest.json"
    spare = out.parent / f"{SPARE_PREFIX}build"
    previous: dict[str, bytes] | None = None
    for files in SITES:
        write_site(out, list(files.items()), manifest)
        assert (_tree(out), _dirs(out)) == _fresh(tmp_path / str(len(files)), files)
        if previous is not None:  # the replaced site is kept, untouched, for the next build
            assert _tree(spare) == previous
        previous = files


def test_a_recycled_build_writes_only_what_differs_from_the_spare(tmp_path: Path) -> None:
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    pages = {f"p/{i}/index.html": f"page {i}".encode() for i in range(50)}
    write_site(out, list(pages.items()), manifest)
    write_site(out, list({**pages, "p/1/index.html": b"one"}.items()), manifest)
    spare = tmp_path / f"{SPARE_PREFIX}build"
    untouched = (spare / "p/7/index.html").stat()
    stats = write_site(out, list({**pages, "p/1/index.html": b"one", "p/2/index.html": b"two"}.items()), manifest)
    assert (stats.written, stats.unchanged) == (1, 49)
    now = (out / "p/7/index.html").stat()  # the spare's own file became the new site's, as it was
    assert (now.st_ino, now.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)


def test_a_file_the_spare_shares_with_the_live_site_is_never_written_through(tmp_path: Path) -> None:
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    write_site(out, [("a.html", b"1"), ("b.html", b"x")], manifest)
    write_site(out, [("a.html", b"1"), ("b.html", b"y")], manifest)  # a.html: one file, two names
    spare = tmp_path / f"{SPARE_PREFIX}build"
    assert (spare / "a.html").stat().st_ino == (out / "a.html").stat().st_ino
    write_site(out, [("a.html", b"2"), ("b.html", b"y")], manifest)
    assert (out / "a.html").read_bytes() == b"2"
    assert (spare / "a.html").read_bytes() == b"1"  # the replaced site kept its own bytes


def test_a_tampered_spare_is_repaired_and_cannot_redirect_writes(tmp_path: Path) -> None:
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    files = {"index.html": b"home", "a/index.html": b"aaaa", "b/index.html": b"b"}
    write_site(out, list(files.items()), manifest)
    write_site(out, list(files.items()), manifest)
    spare = tmp_path / f"{SPARE_PREFIX}build"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the site's")
    (spare / "b/index.html").unlink()
    (spare / "b/index.html").symlink_to(outside)  # a planted link where a page goes
    (spare / "a/index.html").write_bytes(b"zzzz")  # same size, other bytes (and a newer mtime)
    (spare / "pagefind").mkdir()
    (spare / "pagefind/extra.js").write_bytes(b"stale")  # files no manifest knows
    changed = {**files, "b/index.html": b"b2"}
    write_site(out, list(changed.items()), manifest)
    assert _tree(out) == changed and not any(p.is_symlink() for p in out.rglob("*"))
    assert outside.read_bytes() == b"not the site's"


def test_an_unclaimed_spare_is_not_trusted(tmp_path: Path) -> None:
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    files = {"index.html": b"home", "a/index.html": b"a"}
    write_site(out, list(files.items()), manifest)
    write_site(out, list(files.items()), manifest)
    spare = tmp_path / f"{SPARE_PREFIX}build"
    (manifest.parent / "spare-manifest.json").unlink()  # as a build killed while updating it leaves it
    (spare / "a/index.html").write_bytes(b"half-written")
    os.utime(spare / "a/index.html", ns=(1, 1))
    write_site(out, [*files.items(), ("new.html", b"n")], manifest)
    assert _tree(out) == {**files, "new.html": b"n"}


def test_files_and_folders_may_trade_places_with_the_spare(tmp_path: Path) -> None:
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    write_site(out, [("p", b"p is a file"), ("r/index.html", b"r is a folder")], manifest)
    write_site(out, [("z.html", b"z")], manifest)  # the spare is now the first site
    files = {"p/index.html": b"p is a folder now", "r": b"r is a file now"}
    write_site(out, list(files.items()), manifest)
    assert _tree(out) == files and (_tree(out), _dirs(out)) == _fresh(tmp_path, files)


def test_a_file_written_aside_is_adopted_as_if_streamed_into_the_stage(tmp_path: Path) -> None:
    """``write_aside`` + ``Stage.adopt`` (the JSON export, written by a child before the
    stage exists) give the same site and manifest as writing the file in the stage."""
    from sitegen.write import TMP_PREFIX, clean_leftovers, write_aside

    chunks = [b"{\n", "\"é\": 1".encode(), b"\n}"]
    manifests = {}
    for way in ("stream", "adopt"):
        out = tmp_path / way / "build"
        manifest = tmp_path / way / "manifest.json"
        for version in (1, 2, 2):  # new, changed, unchanged
            data = [c.replace(b"1", str(version).encode()) for c in chunks]
            written = write_aside(out, data, os.getpid()) if way == "adopt" else None

            def files(stage, data=data, written=written):
                yield "index.html", b"<p>hallo</p>"
                yield "data/export.json", stage.adopt("data/export.json", written) if written else stage.stream(
                    "data/export.json", data)

            write_site(out, files, manifest)
            assert (out / "data" / "export.json").read_bytes() == b"".join(data)
        manifests[way] = manifest.read_text()
        assert not [p for p in out.parent.iterdir() if p.name.startswith(TMP_PREFIX)]
    assert _tree(tmp_path / "stream" / "build") == _tree(tmp_path / "adopt" / "build")
    strip = [line for line in manifests["stream"].splitlines() if "export" in line]
    assert strip and all(line.split(",")[0] in manifests["adopt"] for line in strip)  # same digests

    # a killed build's file is removed by the next build; this build's own file is not
    out = tmp_path / "adopt" / "build"
    stale = write_aside(out, [b"oud"], 999_999_999)
    mine = write_aside(out, [b"nieuw"], os.getpid())
    clean_leftovers(out)
    assert not os.path.exists(stale.file) and os.path.exists(mine.file)


def test_a_linked_file_is_copied_in_chunks_and_kept_when_unchanged(tmp_path: Path) -> None:
    import tracemalloc

    video = tmp_path / "content" / "video.bin"
    video.parent.mkdir()
    video.write_bytes(os.urandom(1 << 20) * 48)  # 48 MB
    out = tmp_path / "build"
    manifest = tmp_path / "manifest.json"
    tracemalloc.start()
    try:
        first = write_site(out, [("index.html", b"x"), ("media/video.bin", video)], manifest)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak  # never the whole file in memory
    assert first.written == 2 and (out / "media" / "video.bin").read_bytes() == video.read_bytes()
    inode = (out / "media" / "video.bin").stat().st_ino
    again = write_site(out, [("index.html", b"y"), ("media/video.bin", video)], manifest)
    assert again.written == 1 and (out / "media" / "video.bin").stat().st_ino == inode  # the same bytes: kept
