"""The write stage: the only code that writes ``build/``.

The new site is written into a temporary sibling folder and swapped in with renames
once it is complete, so a failed, killed or out-of-space build never leaves a
half-written ``build/``: readers (and the preview server) see the old site or the new
one. Files whose bytes did not change since the last build are hard-linked from the
old build instead of rewritten (checked against a manifest of size, mtime and hash).
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .errors import BuildError

TMP_PREFIX = ".sitegen-tmp-"
OLD_PREFIX = ".sitegen-old-"


@dataclass(frozen=True, slots=True)
class WriteStats:
    files: int
    written: int  # files whose bytes changed (or are new)
    unchanged: int  # hard-linked from the previous build
    deleted: int  # files of the previous build that are gone


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the build folder."""
    p = PurePosixPath(path)
    if not path or p.is_absolute() or ".." in p.parts or "\\" in path or "\x00" in path or path.startswith("~"):
        raise BuildError(f"refusing to write {path!r}: output paths must stay inside the build folder")
    return p


def clean_leftovers(output: Path) -> None:
    """Remove temp folders of builds that were killed before they could clean up."""
    parent = output.parent
    if not parent.is_dir():
        return
    for child in parent.iterdir():
        if child.name.startswith((f"{TMP_PREFIX}{output.name}", f"{OLD_PREFIX}{output.name}")):
            shutil.rmtree(child, ignore_errors=True)


def write_site(
    output: Path,
    files: Iterable[tuple[str, bytes | Iterable[bytes]]],
    manifest_path: Path | None,
    finalize: Callable[[Path], None] | None = None,
    remove_old_in_background: bool = False,
) -> WriteStats:
    """Write all files atomically into ``output``; raise ``BuildError`` and keep the old site on failure.

    ``finalize(folder)`` runs on the complete new site before it is swapped in (the search
    index is built there), so its output is as atomic as the pages.
    ``remove_old_in_background``: delete the previous site in a daemon thread after the
    swap instead of before returning (the live server: a 10k site takes seconds to delete);
    whatever is left when the process exits goes in the next build's ``clean_leftovers``.
    """
    clean_leftovers(output)
    old_manifest = _read_manifest(manifest_path) if output.is_dir() else {}
    tmp = output.parent / f"{TMP_PREFIX}{output.name}-{os.getpid()}"
    new_manifest: dict[str, list] = {}
    written = unchanged = 0
    try:
        tmp.mkdir(parents=True)
        made_dirs: set[PurePosixPath] = set()
        tmp_s, out_s = str(tmp), str(output)
        for path, data in files:
            rel = safe_relative(path)
            if path in new_manifest:
                raise BuildError(f"two pages want the same output file {path!r}")
            parent = rel.parent
            if parent not in made_dirs:
                os.makedirs(os.path.join(tmp_s, parent), exist_ok=True)
                made_dirs.add(parent)
            rel_s = str(rel)
            target = os.path.join(tmp_s, rel_s)
            old = old_manifest.get(path)
            old_file = os.path.join(out_s, rel_s)
            if isinstance(data, (bytes, bytearray, memoryview)):
                digest = hashlib.sha256(data).hexdigest()
                st = _link_unchanged(old_file, target, old) if old and old[0] == digest else None
                if st is not None:
                    unchanged += 1
                else:
                    st = _write_new(target, data)
                    written += 1
            else:  # a stream of byte chunks (a big data file): written as it comes, never held whole
                digest, st = _write_stream(target, data)
                linked = _relink_unchanged(old_file, target, old) if old and old[0] == digest else None
                if linked is not None:
                    st = linked
                    unchanged += 1
                else:
                    written += 1
            new_manifest[path] = [digest, st.st_size, st.st_mtime_ns]
        deleted = len(set(old_manifest) - set(new_manifest))
        if finalize is not None:
            finalize(tmp)
        old_site = _swap(tmp, output)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else exc.strerror or str(exc)
        raise BuildError(f"could not write the site to {output}: {reason}; the previous build is unchanged") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old_site is not None:
        if remove_old_in_background:
            threading.Thread(target=shutil.rmtree, args=(old_site,), kwargs={"ignore_errors": True},
                             name="sitegen-remove-old-build", daemon=True).start()
        else:
            shutil.rmtree(old_site, ignore_errors=True)
    if manifest_path is not None:
        _write_manifest(manifest_path, new_manifest)
    return WriteStats(len(new_manifest), written, unchanged, deleted)


def _link_unchanged(old: str, target: str, record: list) -> os.stat_result | None:
    """Hard-link the previous build's file if it is still what the manifest says; its stat."""
    try:
        st = os.stat(old)
        if st.st_size != record[1] or st.st_mtime_ns != record[2]:
            return None
        os.link(old, target)
        return st  # a hard link shares the inode: same size and mtime as the new entry
    except OSError:
        return None


def _write_stream(target: str, chunks: Iterable[bytes]) -> tuple[str, os.stat_result]:
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        for chunk in chunks:
            digest.update(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        return digest.hexdigest(), os.fstat(fd)
    finally:
        os.close(fd)


def _relink_unchanged(old: str, target: str, record: list) -> os.stat_result | None:
    """Replace the freshly written ``target`` by a hard link to the identical old file."""
    spare = target + ".sitegen-link"
    st = _link_unchanged(old, spare, record)
    if st is None:
        return None
    try:
        os.replace(spare, target)
    except OSError:
        os.unlink(spare)
        return None
    return st


def _write_new(target: str, data: bytes | bytearray | memoryview) -> os.stat_result:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _swap(tmp: Path, output: Path) -> Path | None:
    """Rename the new site into place; the previous site's new name (for the caller to delete)."""
    if output.exists() and not output.is_dir():
        raise BuildError(f"{output} exists and is not a folder; refusing to replace it")
    if output.is_dir():
        # unique per swap: a previous one may still be being deleted in the background
        old = output.parent / f"{OLD_PREFIX}{output.name}-{os.getpid()}-{next(_SWAPS)}"
        os.rename(output, old)
        try:
            os.rename(tmp, output)
        except OSError:
            os.rename(old, output)
            raise
        return old
    os.rename(tmp, output)
    return None


_SWAPS = itertools.count()


def _read_manifest(path: Path | None) -> dict[str, list]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(path: Path, manifest: dict[str, list]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the manifest only saves work next time; losing it is harmless
