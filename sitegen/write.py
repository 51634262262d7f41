"""The write stage: the only code that writes ``build/``.

The new site is written into a temporary sibling folder and swapped in with renames
once it is complete, so a failed, killed or out-of-space build never leaves a
half-written ``build/``: readers (and the preview server) see the old site or the new
one. Files whose bytes did not change since the last build are hard-linked from the
old build instead of rewritten (checked against a manifest of size, mtime and hash).
The live server may instead move the few changed files into place (``in_place``; its
requests wait while a rebuild is pending, so they see no mix either).
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
from .jsonfile import save_json
from .model import REUSED

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
    _check_relative(path)
    return PurePosixPath(path)


def _check_relative(path: str) -> None:
    """``safe_relative`` without making a path object (it runs for every file of the site)."""
    if (not path or path.startswith(("/", "~")) or "\\" in path or "\x00" in path
            or ".." in path.split("/")):
        raise BuildError(f"refusing to write {path!r}: output paths must stay inside the build folder")


def clean_leftovers(output: Path) -> None:
    """Remove temp folders of builds that were killed before they could clean up."""
    parent = output.parent
    if not parent.is_dir():
        return
    for child in parent.iterdir():
        if child.name.startswith((f"{TMP_PREFIX}{output.name}", f"{OLD_PREFIX}{output.name}")):
            shutil.rmtree(child, ignore_errors=True)


class PreviousBuild:
    """The last build's files as its manifest recorded them: what may be reused unrendered."""

    def __init__(self, output: Path, manifest_path: Path | None) -> None:
        self.output = str(output)
        self.manifest = _read_manifest(manifest_path) if output.is_dir() else {}

    def intact(self, path: str) -> bool:
        """The file is still in ``build/`` with the size and mtime the manifest recorded."""
        record = self.manifest.get(path)
        return record is not None and _still(os.path.join(self.output, path), record)


IN_PLACE_MAX_SHARE = 0.05  # commit in place only when at most this share of the files changed...
IN_PLACE_MIN = 200  # ...or at most this many


def write_site(
    output: Path,
    files: Iterable[tuple[str, bytes | Iterable[bytes]]],
    manifest_path: Path | None,
    finalize: Callable[[Path], None] | None = None,
    remove_old_in_background: bool = False,
    previous: PreviousBuild | None = None,
    in_place: bool = False,
    detach_removal: bool = False,
) -> WriteStats:
    """Write all files into ``output``; raise ``BuildError`` and keep the old site on failure.

    New and changed files are written to a temporary sibling folder first. Then, normally,
    the unchanged files are hard-linked in beside them and the complete folder is swapped
    in with renames: readers see the old site or the new one, never a mix, even if the
    build is killed. ``finalize(folder)`` runs on the complete new site before the swap
    (the search index is built there), so its output is as atomic as the pages.

    ``in_place`` (the live server, whose requests wait while a rebuild is pending): when
    few files changed, move just those into ``build/`` and delete the removed ones, instead
    of building a whole new tree; for a big site that is the difference between a few
    milliseconds and seconds of ``mkdir``/``link``. Each file is still replaced atomically,
    nothing is touched before every page rendered, and the manifest is written last, so a
    build killed in the middle of those few renames is repaired by the next one.

    ``remove_old_in_background``: delete the previous site in a daemon thread after the
    swap instead of before returning (the live server: a 10k site takes seconds to delete);
    whatever is left when the process exits goes in the next build's ``clean_leftovers``.
    ``previous``: the last build as the render stage saw it (its manifest is not read twice);
    files given as ``REUSED`` are the previous build's.
    ``detach_removal`` (the ``sitegen build`` command): delete the replaced site in a
    detached process, so the command returns as soon as the new site is in place (deleting
    a 10,000-article site's 20,000 files took 3 s); a leftover is removed by the next build.
    """
    clean_leftovers(output)
    old_manifest = previous.manifest if previous is not None else (
        _read_manifest(manifest_path) if output.is_dir() else {})
    tmp = output.parent / f"{TMP_PREFIX}{output.name}-{os.getpid()}"
    new_manifest: dict[str, list] = {}
    kept: list[str] = []  # unchanged: the previous build's file stays (in place) or is linked (swap)
    staged: list[str] = []  # new or changed: written under tmp
    try:
        tmp.mkdir(parents=True)
        made_dirs: set[PurePosixPath] = set()
        tmp_s, out_s = str(tmp), str(output)
        for path, data in files:
            _check_relative(path)
            if path in new_manifest:
                raise BuildError(f"two pages want the same output file {path!r}")
            old = old_manifest.get(path)
            old_file = os.path.join(out_s, path)
            if data is REUSED:  # the render stage checked it against the manifest
                if not old or not _still(old_file, old):
                    raise BuildError(f"{old_file} changed while the site was being built; build again")
                new_manifest[path] = old
                kept.append(path)
                continue
            if isinstance(data, (bytes, bytearray, memoryview)):
                digest = hashlib.sha256(data).hexdigest()
                if old and old[0] == digest and _still(old_file, old):
                    new_manifest[path] = old
                    kept.append(path)
                    continue
            _make_parent(tmp_s, PurePosixPath(path), made_dirs)
            target = os.path.join(tmp_s, path)
            if isinstance(data, (bytes, bytearray, memoryview)):
                st = _write_new(target, data)
            else:  # a stream of byte chunks (a big data file): written as it comes, never held whole
                digest, st = _write_stream(target, data)
                if old and old[0] == digest and _still(old_file, old):
                    os.unlink(target)
                    new_manifest[path] = old
                    kept.append(path)
                    continue
            new_manifest[path] = [digest, st.st_size, st.st_mtime_ns]
            staged.append(path)
        gone = [path for path in old_manifest if path not in new_manifest]
        small = len(staged) + len(gone) <= max(IN_PLACE_MIN, int(len(new_manifest) * IN_PLACE_MAX_SHARE))
        if in_place and finalize is None and small and output.is_dir() and old_manifest:
            _commit_in_place(tmp, output, staged, gone, new_manifest)
            old_site = None
        else:
            for path in kept:  # the unchanged files join the new tree as hard links
                _make_parent(tmp_s, safe_relative(path), made_dirs)
                if not _link(os.path.join(out_s, path), os.path.join(tmp_s, path)):
                    raise BuildError(f"{os.path.join(out_s, path)} changed while the site was being built; build again")
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
        elif not (detach_removal and _remove_detached(old_site)):
            shutil.rmtree(old_site, ignore_errors=True)
    if manifest_path is not None:
        _write_manifest(manifest_path, new_manifest)
    return WriteStats(len(new_manifest), len(staged), len(kept), len(gone))


def _remove_detached(folder: Path) -> bool:
    """Delete ``folder`` in a grandchild process that outlives this one (double fork: no
    zombie is left, and the caller does not wait). False where there is no ``fork``."""
    if not hasattr(os, "fork"):
        return False
    try:
        child = os.fork()
    except OSError:
        return False
    if child == 0:  # the child: fork the remover and leave at once; neither runs Python cleanup
        try:
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return True


def _make_parent(root: str, rel: PurePosixPath, made: set[PurePosixPath]) -> None:
    parent = rel.parent
    if parent not in made:
        os.makedirs(os.path.join(root, parent), exist_ok=True)
        made.add(parent)


def _still(path: str, record: list) -> bool:
    """The previous build's file is still what the manifest recorded (size and mtime)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == record[1] and st.st_mtime_ns == record[2]


def _link(old: str, target: str) -> bool:
    try:
        os.link(old, target)
        return True
    except OSError:
        return False


def _commit_in_place(tmp: Path, output: Path, staged: list[str], gone: list[str], manifest: dict[str, list]) -> None:
    """Move the staged files over the old ones and delete the removed ones (see ``write_site``)."""
    out_s, tmp_s = str(output), str(tmp)
    for path in staged:
        target = os.path.join(out_s, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(tmp_s, path), target)
        st = os.stat(target)
        manifest[path] = [manifest[path][0], st.st_size, st.st_mtime_ns]
    for path in gone:
        try:
            os.unlink(os.path.join(out_s, path))
        except FileNotFoundError:
            pass
        _remove_empty_parents(output, PurePosixPath(path).parent)
    shutil.rmtree(tmp, ignore_errors=True)


def _remove_empty_parents(output: Path, folder: PurePosixPath) -> None:
    while folder.parts:
        try:
            os.rmdir(output / folder)
        except OSError:
            return  # not empty (or already gone): stop climbing
        folder = folder.parent


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
    save_json(path, manifest)  # the manifest only saves work next time; losing it is harmless
