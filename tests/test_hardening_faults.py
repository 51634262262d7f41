"""Issue 10: faults during a build — nothing of the previous build is lost.

* a build killed with SIGKILL half-way leaves the previous ``build/`` byte-for-byte intact,
  and the next build succeeds (and cleans up the killed build's temp folder);
* a full disk gives a clear ``BuildError`` and leaves the previous build intact;
* a truncated, garbage or tampered annotation cache is discarded with a warning (or
  entry by entry) and rebuilt — never trusted.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cache import AnnotationCache, CacheWarning
from sitegen.errors import BuildError
from sitegen.write import OLD_PREFIX, SPARE_PREFIX, TMP_PREFIX, write_site

from .conftest import REPO, make_site, tree_digest


def stable_digest(folder: Path) -> dict[str, str]:
    """``tree_digest`` minus theme assets, which other work may change while tests run."""
    import hashlib
    import re

    out = {}
    for rel, digest in tree_digest(folder).items():
        if rel.startswith("static/"):
            continue
        if rel.endswith(".html"):
            text = re.sub(rb"static/([\w-]+)\.[0-9a-f]{6,}\.", rb"static/\1.", (folder / rel).read_bytes())
            digest = hashlib.sha256(text).hexdigest()
        out[rel] = digest
    return out
from .test_hardening_hostile import MarkerAnnotator

FAKE = MarkerAnnotator()
FAKE_ANNOTATOR = (lambda: FAKE, FAKE.fingerprint)
PLACES = ("Kazachstan", "Rusland", "Armenië", "Almaty")


def _articles(n: int, version: str) -> dict[str, str]:
    return {
        f"seeds/d{i % 10}/a{i:04d}.txt": (
            f"date 2021-{i % 12 + 1:02d}\ntitle Bericht {i} over {PLACES[i % 4]}\n\n"
            f"President Tokajev sprak in {PLACES[i % 4]} ({version}).\n"
        )
        for i in range(n)
    }


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((TMP_PREFIX, OLD_PREFIX)))


# --- SIGKILL -------------------------------------------------------------------------

def _written_since(folder: Path, started_ns: int) -> int:
    """HTML files under ``folder`` written since ``started_ns`` (files that vanish while the
    build works are skipped)."""
    count = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".html"):
                try:
                    count += os.stat(os.path.join(parent, name)).st_mtime_ns >= started_ns
                except OSError:
                    pass
    return count


@pytest.mark.slow
def test_build_killed_halfway_keeps_previous_build_and_next_build_succeeds(tmp_path, embedded_annotator):
    first, second = _articles(100, "eerste versie"), _articles(100, "tweede versie")
    site = make_site(tmp_path / "site", second, config='title = "Kill"\nworkers = 1\n')
    build(site, annotator=embedded_annotator)  # warms the annotation cache for the killed build
    for rel, text in first.items():
        (site / rel).write_text(text, encoding="utf-8")
    build(site, annotator=embedded_annotator)  # the site above is now the spare (write.Spare)...
    for rel, text in second.items():
        (site / rel).write_text(text.replace("tweede versie", "derde versie"), encoding="utf-8")
    build(site, annotator=embedded_annotator)  # ...so make one more, whose pages the spare lacks
    before = tree_digest(site / "build")
    for rel, text in second.items():
        (site / rel).write_text(text, encoding="utf-8")

    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "build", "--site", str(site)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed_while_writing = False
    started = time.time_ns()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            # the build writes into a fresh temporary folder or recycles the spare (write.Spare)
            stage = [p for p in site.iterdir() if p.name.startswith((TMP_PREFIX, SPARE_PREFIX))]
            if stage and _written_since(stage[0], started) >= 20:
                os.kill(proc.pid, signal.SIGKILL)
                killed_while_writing = True
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    assert killed_while_writing, f"the build finished (rc={proc.returncode}) before it could be killed: {stderr}"
    assert proc.returncode == -signal.SIGKILL

    assert tree_digest(site / "build") == before, "the killed build changed build/"
    spare_manifest = site / ".sitegen-cache" / "spare-manifest.json"
    assert _leftovers(site) or not spare_manifest.exists(), \
        "expected the killed build's temp folder, or its claimed spare (it cannot clean up after SIGKILL)"

    build(site, annotator=embedded_annotator)  # the next build succeeds, even with a half-written cache
    assert _leftovers(site) == []
    pages = list((site / "build").glob("2021/*/bericht-*/index.html"))
    assert len(pages) == 100
    assert all("tweede versie" in p.read_text(encoding="utf-8") for p in pages)


def test_exception_in_the_middle_of_writing_keeps_old_site(tmp_path):
    out = tmp_path / "build"
    write_site(out, [("index.html", b"oud"), ("a/b.html", b"oud")], None)
    before = tree_digest(out)

    def files():
        yield "index.html", b"nieuw"
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_site(out, files(), None)
    assert tree_digest(out) == before
    assert _leftovers(tmp_path) == []


# --- disk full -----------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs; skipped where mounting is not permitted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root on Linux")
    mount_point = tmp_path / "klein"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_is_a_clear_build_error_and_keeps_previous_build(tmp_path, small_disk):
    site = make_site(tmp_path / "site", _articles(3, "klein"), config='title = "Vol"\nsearch = false\n')
    output = small_disk / "build"
    build(site, annotator=FAKE_ANNOTATOR, use_cache=False, output=output)
    before = tree_digest(output)
    big = "Een lange zin zonder namen erin. " * 120_000  # ~4 MB of text: cannot fit
    (site / "seeds" / "groot.txt").write_text(f"date 2022-01\ntitle Groot\n\n{big}\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(site, annotator=FAKE_ANNOTATOR, use_cache=False, output=output)
    message = str(info.value)
    assert "disk is full" in message and "previous build is unchanged" in message and str(output) in message
    assert tree_digest(output) == before
    assert _leftovers(small_disk) == []


def test_disk_filling_up_at_any_point_of_a_build_with_search_is_a_build_error(tmp_path, small_disk):
    """Nearly full disks: whichever file (page, feed, search index) hits the limit, the
    answer is the same clear ``BuildError`` and the old site stays."""
    import shutil

    site = make_site(tmp_path / "site", _articles(3, "klein"), config='title = "Vol"\n')
    output = small_disk / "build"
    build(site, annotator=FAKE_ANNOTATOR, use_cache=False, output=output)
    filler = small_disk / "vulling"
    failures = 0
    for margin in (150_000, 60_000, 10_000):
        filler.unlink(missing_ok=True)
        before = tree_digest(output)
        filler.write_bytes(b"x" * max(0, shutil.disk_usage(small_disk).free - margin))
        (site / "seeds" / "extra.txt").write_text(
            f"date 2022-01\ntitle Extra {margin}\n\n" + f"Woord nummer {margin} een. " * 3000 + "\n", encoding="utf-8")
        try:
            build(site, annotator=FAKE_ANNOTATOR, use_cache=False, output=output)
        except BuildError as exc:
            failures += 1
            assert "disk is full" in str(exc)
            assert tree_digest(output) == before
        assert _leftovers(small_disk) == []
    assert failures >= 1


def test_cli_reports_disk_full_as_one_red_line_not_a_traceback(tmp_path, small_disk, monkeypatch, capsys):
    from sitegen import cli

    def full(*_args, **_kwargs):
        raise BuildError(f"could not write the site to {small_disk}: the disk is full; the previous build is unchanged")

    monkeypatch.setattr("sitegen.build.build", full)
    (tmp_path / "sitegen.toml").write_text('title = "Vol"\n', encoding="utf-8")
    code = cli.main(["build", "--site", str(tmp_path)]) if hasattr(cli, "main") else None
    if code is None:
        pytest.skip("sitegen.cli has no main(argv)")
    err = capsys.readouterr().err
    assert code == 1 and "disk is full" in err and "Traceback" not in err


# --- corrupted cache -----------------------------------------------------------------

@pytest.fixture(scope="module")
def cached_template(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("cache") / "site", _articles(12, "cache"),
                     config='title = "Cache"\nsearch = false\n')
    build(site, annotator=FAKE_ANNOTATOR, use_cache=False)
    expected = stable_digest(site / "build")
    report = build(site, annotator=FAKE_ANNOTATOR)
    assert report.annotate.annotated == 12
    report = build(site, annotator=FAKE_ANNOTATOR)
    assert report.annotate.from_cache == 12  # the cache works before we break it
    return site, expected


@pytest.fixture
def cached_site(cached_template, tmp_path):
    """A fresh copy of a built site whose annotation cache is known to work."""
    import shutil

    template, expected = cached_template
    site = tmp_path / "site"
    shutil.copytree(template, site, symlinks=True)
    return site, site / ".sitegen-cache" / "annotations.sqlite", expected


def _rebuild(site: Path) -> tuple[object, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = build(site, annotator=FAKE_ANNOTATOR)
    return report, [w for w in caught if issubclass(w.category, CacheWarning)]


@pytest.mark.parametrize("damage", ["truncate-half", "truncate-header", "zero-length", "garbage", "zeroed-pages"])
def test_corrupt_cache_file_is_discarded_with_a_warning_and_rebuilt(cached_site, damage):
    site, db, expected = cached_site
    data = db.read_bytes()
    if damage == "truncate-half":
        db.write_bytes(data[: len(data) // 2])
    elif damage == "truncate-header":
        db.write_bytes(data[:50])
    elif damage == "zero-length":
        db.write_bytes(b"")
    elif damage == "garbage":
        db.write_bytes(os.urandom(len(data)))
    else:
        db.write_bytes(data[:100] + b"\x00" * (len(data) - 100))
    report, cache_warnings = _rebuild(site)
    assert report.annotate.annotated + report.annotate.from_cache == 12
    if damage != "zero-length":  # an empty file is a valid empty SQLite database
        assert cache_warnings, "corruption must not pass silently"
        assert "corrupt" in str(cache_warnings[0].message) or "unusable" in str(cache_warnings[0].message)
    assert report.annotate.annotated == 12, "nothing from a corrupt cache may be used"
    assert stable_digest(site / "build") == expected
    report, _ = _rebuild(site)
    assert report.annotate.from_cache == 12, "the cache is rebuilt and works again"


@pytest.mark.parametrize("payload", [
    "not json", "[]", "{}", '{"m": [[0, 99999, "PER", "", 0]], "s": []}', '{"m": [[5, 2, "PER", "", 0]], "s": []}',
    '{"m": [[0, 3, "EVIL", "", 0]], "s": []}', '{"m": [[0, 3, "PER", null, 0]], "s": []}',
    '{"m": [[0, 3]], "s": []}', '{"m": [], "s": [[0, 999999]]}', '{"m": [], "s": [["a", "b"]]}',
    "[" * 50_000,
])
def test_tampered_cache_entries_are_never_trusted(cached_site, payload):
    site, db, expected = cached_site
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ann SET v = ?", (payload,))
    conn.close()
    report, _ = _rebuild(site)
    assert report.annotate.annotated == 12, f"a bad entry was trusted: {payload[:40]!r}"
    assert stable_digest(site / "build") == expected


def test_cache_with_other_schema_version_is_discarded(cached_site):
    site, db, expected = cached_site
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET v = 'ancient' WHERE k = 'schema'")
    conn.close()
    report, cache_warnings = _rebuild(site)
    assert cache_warnings and report.annotate.annotated == 12
    assert stable_digest(site / "build") == expected


def test_cache_path_that_is_a_folder_does_not_break_the_build(tmp_path):
    path = tmp_path / "annotations.sqlite"
    path.mkdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cache = AnnotationCache(path)
        except OSError as exc:  # pragma: no cover - reported in docs/hardening.md if it happens
            pytest.fail(f"an unusable cache path crashed the build: {exc!r}")
    assert cache.get_many(["x"]) == {}
    cache.put_many([("x", "{}")])
    cache.close()
    assert any(issubclass(w.category, CacheWarning) for w in caught)
