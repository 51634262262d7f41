"""The write stage: the only code that writes ``build/``.

The new site is written into a temporary sibling folder and swapped in with renames
once it is complete, so a failed, killed or out-of-space build never leaves a
half-written ``build/``: readers (and the preview server) see the old site or the new
one. Files whose bytes did not change since the last build are hard-linked from the
old build instead of rewritten (checked against a manifest of size, mtime and hash).
The live server may instead move the few changed files into place (``in_place``; its
requests wait while a rebuild is pending, so they see no mix either).

The replaced site is not deleted but kept beside ``build/`` as a *spare*
(``.sitegen-spare-build``, with its manifest in the cache folder). The next build
recycles it as its temporary folder: only the files that differ from the spare are
written, the spare's folders and unchanged files stay, and the swap is a few renames.
Creating and deleting a whole tree of 20,000 files and 17,000 folders per build is what
this avoids: besides the syscalls themselves, ext4 skips recently freed inodes when it
allocates new ones, which made every mkdir and create of a full rebuild 5-10 times slower.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import secrets
import shutil
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import BuildError
from .jsonfile import save_json
from .model import REUSED

TMP_PREFIX = ".sitegen-tmp-"
OLD_PREFIX = ".sitegen-old-"
SPARE_PREFIX = ".sitegen-spare-"


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
    """Remove temp folders (and files, ``write_aside``) of builds that were killed before they could clean up."""
    parent = output.parent
    if not parent.is_dir():
        return
    mine = _aside_prefix(output, os.getpid())  # this build's own, being written
    for child in parent.iterdir():
        if child.name.startswith((f"{TMP_PREFIX}{output.name}", f"{OLD_PREFIX}{output.name}")) \
                and not child.name.startswith(mine):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class WrittenAside:
    """A file written beside the output folder before the stage exists, and its sha256."""

    file: str
    digest: str


def write_aside(output: Path, chunks: Iterable[bytes], build_pid: int) -> WrittenAside:
    """Write ``chunks`` to a new temporary file beside ``output`` (on its file system, so
    ``Stage.adopt`` can move it in) for the build in process ``build_pid``; a build that
    dies leaves it to the next one's ``clean_leftovers``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    # not tempfile.mkstemp: its files are private (0600), and this one is published; like
    # every other file of the site it gets the user's umask (0644 with the usual 022), or a
    # web server running as another user would refuse it
    file = str(output.parent / f"{_aside_prefix(output, build_pid)}{secrets.token_hex(8)}")
    os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        digest, _ = _write_stream(file, chunks)
    except BaseException:
        os.unlink(file)
        raise
    return WrittenAside(file, digest)


def discard_aside(output: Path, build_pid: int) -> None:
    """Delete what ``write_aside`` wrote for the build in process ``build_pid`` (it failed)."""
    mine = _aside_prefix(output, build_pid)
    if output.parent.is_dir():
        for leftover in output.parent.iterdir():
            if leftover.name.startswith(mine):
                leftover.unlink(missing_ok=True)


def _aside_prefix(output: Path, build_pid: int) -> str:
    return f"{TMP_PREFIX}{output.name}-file-{build_pid}-"


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
    files: Iterable[tuple[str, Any]] | Callable[[Stage], Iterable[tuple[str, Any]]],
    manifest_path: Path | None,
    finalize: Callable[[Path], None] | None = None,
    remove_old_in_background: bool = False,
    previous: PreviousBuild | None = None,
    in_place: bool = False,
    detach_removal: bool = False,
) -> WriteStats:
    """Write all files into ``output``; raise ``BuildError`` and keep the old site on failure.

    ``files``: (path, data) pairs, or a function that makes them given the ``Stage`` they go
    to (render workers place their own pages there; see ``Stage.place``). ``data`` is bytes,
    an iterable of byte chunks (written as it comes), a ``Path`` (a file copied as it is),
    ``REUSED`` (the previous build's file is still right) or a ``Placed`` file.

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
    # the CLI recycles the previous-but-one site; the server's small in-place commits do not
    spare = Spare.claim(output, manifest_path) if manifest_path is not None and not in_place else None
    folder = spare.folder if spare is not None else output.parent / f"{TMP_PREFIX}{output.name}-{os.getpid()}"
    new_manifest: dict[str, list] = {}
    kept: list[str] = []  # unchanged: the previous build's file stays (in place) or is linked (swap)
    staged: list[str] = []  # new or changed: written under the stage
    same_bytes = 0  # unchanged streams, written into the spare anyway (they cannot be compared first)
    try:
        if spare is None:
            folder.mkdir(parents=True)
        stage = Stage(output, folder, old_manifest, spare)
        for path, data in (files(stage) if callable(files) else files):
            _check_relative(path)
            if path in new_manifest:
                raise BuildError(f"two pages want the same output file {path!r}")
            if data is REUSED:  # the render stage checked it against the manifest
                old = stage.previous(path)
                if old is None:
                    raise BuildError(f"{os.path.join(stage.output, path)} changed while the site was being built; "
                                     "build again")
                new_manifest[path] = old
                kept.append(path)
                continue
            if isinstance(data, Placed):
                placed = data
            elif isinstance(data, (bytes, bytearray, memoryview)):
                placed = stage.place(path, data)
            elif isinstance(data, Path):  # a file to copy as it is (one an article links to)
                placed = stage.copy(path, data)
            else:  # a stream of byte chunks (a big data file): written as it comes, never held whole
                placed = stage.stream(path, data)
            new_manifest[path] = placed.record
            if placed.how is How.KEPT:
                kept.append(path)
            elif placed.how is How.REWRITTEN:
                same_bytes += 1
            else:
                staged.append(path)
        gone = [path for path in old_manifest if path not in new_manifest]
        small = len(staged) + len(gone) <= max(IN_PLACE_MIN, int(len(new_manifest) * IN_PLACE_MAX_SHARE))
        if in_place and finalize is None and small and output.is_dir() and old_manifest:
            _commit_in_place(folder, output, staged, gone, new_manifest)
            old_site = None
        else:
            for path in kept:  # the unchanged files join the new tree (as hard links)
                new_manifest[path] = stage.keep(path, new_manifest[path])
            if spare is not None:
                spare.prune(new_manifest)  # what the spare had that the new site has not
            if finalize is not None:
                finalize(folder)
            old_site = _swap(folder, output)
    except OSError as exc:
        _discard(folder)
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else exc.strerror or str(exc)
        raise BuildError(f"could not write the site to {output}: {reason}; the previous build is unchanged") from None
    except BaseException:
        _discard(folder)
        raise
    if old_site is not None:
        if manifest_path is not None and Spare.keep(old_site, output, manifest_path, old_manifest):
            pass  # the replaced site is the next build's spare
        elif remove_old_in_background:
            threading.Thread(target=shutil.rmtree, args=(old_site,), kwargs={"ignore_errors": True},
                             name="sitegen-remove-old-build", daemon=True).start()
        elif not (detach_removal and _remove_detached(old_site)):
            shutil.rmtree(old_site, ignore_errors=True)
    if manifest_path is not None:
        _write_manifest(manifest_path, new_manifest)
    return WriteStats(len(new_manifest), len(staged), len(kept) + same_bytes, len(gone))


class How(Enum):
    """What placing a file took (members survive pickling from a render worker as themselves)."""

    KEPT = "kept"  # the previous build's file has the same bytes: it stays (or is linked)
    WRITTEN = "written"  # new or changed bytes, written into the stage
    FROM_SPARE = "from spare"  # changed since the last build, but the spare already holds these bytes
    REWRITTEN = "rewritten"  # a stream with unchanged bytes that was written anyway (into the spare)


@dataclass(frozen=True, slots=True)
class Placed:
    """A file ``Stage.place`` has dealt with: its manifest record and what it took."""

    record: list  # [sha256, size, mtime_ns], as in the manifest
    how: How


class Stage:
    """The folder the new site is assembled in (fresh, or the recycled spare), and how a
    file gets there. Render workers forked during the build use it too: each places its
    own pages (comparing, hashing and writing in parallel) and sends back only a
    ``Placed`` record; only the building process keeps the manifest and swaps.
    """

    def __init__(self, output: Path, folder: Path, old_manifest: dict[str, list], spare: Spare | None) -> None:
        self.output, self.folder = str(output), str(folder)
        self.old_manifest = old_manifest
        self.spare = spare
        self._made: set[PurePosixPath] = set()  # per process: a forked worker starts with a copy

    def place(self, path: str, data: bytes | bytearray | memoryview) -> Placed:
        """Put ``data`` at ``path`` unless the previous build (or the spare) has it already."""
        _check_relative(path)
        digest = hashlib.sha256(data).hexdigest()
        if (old := self.previous(path, digest)) is not None:
            return Placed(old, How.KEPT)
        if self.spare is not None and (same := self.spare.same(path, digest)) is not None:
            return Placed(same, How.FROM_SPARE)
        st = _write_new(self._target(path), data)
        return Placed([digest, st.st_size, st.st_mtime_ns], How.WRITTEN)

    def copy(self, path: str, source: Path) -> Placed:
        """Put a copy of the file ``source`` at ``path``, like ``place``, reading it in chunks:
        a photo or a video an article links to is never held whole, and is not written
        again when the previous build has the same bytes."""
        _check_relative(path)
        with open(source, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        if (old := self.previous(path, digest)) is not None:
            return Placed(old, How.KEPT)
        if self.spare is not None and (same := self.spare.same(path, digest)) is not None:
            return Placed(same, How.FROM_SPARE)
        target = self._target(path)
        shutil.copyfile(source, target)
        st = os.stat(target)
        return Placed([digest, st.st_size, st.st_mtime_ns], How.WRITTEN)

    def stream(self, path: str, chunks: Iterable[bytes]) -> Placed:
        """Write a stream of chunks at ``path`` (hashed as it goes: it is compared after)."""
        _check_relative(path)
        target = self._target(path)
        digest, st = _write_stream(target, chunks)
        return self._streamed(path, target, digest, st)

    def adopt(self, path: str, written: WrittenAside) -> Placed:
        """Move a file written outside the stage (``write_aside``) to ``path``, as ``stream`` would have written it."""
        _check_relative(path)
        target = self._target(path)
        os.replace(written.file, target)
        return self._streamed(path, target, written.digest, os.stat(target))

    def _streamed(self, path: str, target: str, digest: str, st: os.stat_result) -> Placed:
        if (old := self.previous(path, digest)) is not None:
            if self.spare is None:  # link the previous file rather than keep a copy
                os.unlink(target)
                return Placed(old, How.KEPT)
            return Placed([digest, st.st_size, st.st_mtime_ns], How.REWRITTEN)
        return Placed([digest, st.st_size, st.st_mtime_ns], How.WRITTEN)

    def previous(self, path: str, digest: str | None = None) -> list | None:
        """The previous build's record of ``path`` while its file is still as recorded (and,
        given ``digest``, holds those bytes); None otherwise."""
        old = self.old_manifest.get(path)
        if old and (digest is None or old[0] == digest) and _still(os.path.join(self.output, path), old):
            return old
        return None

    def keep(self, path: str, record: list) -> list:
        """Make the previous build's unchanged file part of the stage; its record there."""
        if self.spare is not None and (same := self.spare.same(path, record[0])) is not None:
            return same  # the spare's copy is already the same bytes
        old_file = os.path.join(self.output, path)
        if not _link(old_file, self._target(path, replace=True)):
            raise BuildError(f"{old_file} changed while the site was being built; build again")
        return record

    def _target(self, path: str, replace: bool = False) -> str:
        rel = PurePosixPath(path)
        if self.spare is not None:
            self.spare.make_parent(self.folder, rel, self._made)
            target = os.path.join(self.folder, path)
            self.spare.clear(target, everything=replace)
            return target
        _make_parent(self.folder, rel, self._made)
        return os.path.join(self.folder, path)


def _discard(stage: Path) -> None:
    """After a failed build: delete what it wrote, whether a fresh temporary folder or a
    half-updated spare (a spare is never trusted once claimed; see ``Spare``)."""
    shutil.rmtree(stage, ignore_errors=True)


class Spare:
    """The site before the current one, kept beside it for the next build to recycle.

    Its manifest (in the cache folder) records each file as it was left; a file whose size
    and mtime still match is trusted to hold the recorded bytes, like ``build/``'s own.
    A build claims the spare by deleting that manifest first, so a spare a killed build
    left half-updated is never trusted: the next build deletes it and starts afresh (a
    build that fails without being killed deletes it itself).
    Files are rewritten in place only when no other name links to them (the unchanged
    files of ``build/`` are hard links); otherwise the name is replaced.
    """

    def __init__(self, folder: Path, records: dict[str, list], present: set[str]) -> None:
        self.folder = folder
        self.records = records
        self.present = present  # every file path found in the spare when it was claimed

    @staticmethod
    def paths(output: Path, manifest_path: Path) -> tuple[Path, Path]:
        return output.parent / f"{SPARE_PREFIX}{output.name}", manifest_path.with_name("spare-manifest.json")

    @classmethod
    def claim(cls, output: Path, manifest_path: Path) -> Spare | None:
        folder, spare_manifest = cls.paths(output, manifest_path)
        try:
            data = json.loads(spare_manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        try:
            spare_manifest.unlink()  # claimed: from here on a failure leaves the spare untrusted
        except FileNotFoundError:
            pass
        usable = (isinstance(data, dict) and data.get("folder") == str(folder)
                  and isinstance(data.get("files"), dict) and folder.is_dir() and not folder.is_symlink())
        if not usable:
            if folder.is_symlink():
                folder.unlink()
            elif folder.exists():  # renamed first: its name is free at once, and a leftover is found
                doomed = output.parent / f"{OLD_PREFIX}{output.name}-{os.getpid()}-spare"
                os.rename(folder, doomed)
                _remove_detached(doomed) or shutil.rmtree(doomed, ignore_errors=True)
            return None
        return cls(folder, data["files"], _files_below(folder))

    @staticmethod
    def keep(old_site: Path, output: Path, manifest_path: Path, manifest: dict[str, list]) -> bool:
        """Make the replaced site the spare, recording ``manifest`` as its contents."""
        folder, spare_manifest = Spare.paths(output, manifest_path)
        if folder.exists() or folder.is_symlink():
            return False
        try:
            os.rename(old_site, folder)
        except OSError:
            return False
        save_json(spare_manifest, {"folder": str(folder), "files": manifest})
        return True

    def same(self, path: str, digest: str) -> list | None:
        """The spare's record of ``path`` if its file still holds the bytes with ``digest``."""
        record = self.records.get(path)
        if record is not None and record[0] == digest and path in self.present \
                and _still(os.path.join(self.folder, path), record):
            return record
        return None

    def make_parent(self, root: str, rel: PurePosixPath, made: set[PurePosixPath]) -> None:
        """``_make_parent``, clearing any old file that stands where a folder must be."""
        parent = rel.parent
        if parent in made:
            return
        try:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            for i in range(1, len(parent.parts) + 1):
                here = os.path.join(root, *parent.parts[:i])
                if os.path.lexists(here) and not os.path.isdir(here):
                    os.unlink(here)
            os.makedirs(os.path.join(root, parent), exist_ok=True)
        made.add(parent)

    @staticmethod
    def clear(target: str, everything: bool = False) -> None:
        """Make ``target`` safe to open for writing: absent, or a file no other name shares
        (``everything``: absent, to link another file there)."""
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(target)
        elif everything or not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            os.unlink(target)

    def prune(self, manifest: dict[str, list]) -> None:
        """Delete the spare's files that are not part of the new site, and emptied folders."""
        for path in sorted(self.present.difference(manifest)):
            try:
                os.unlink(os.path.join(self.folder, path))
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                continue  # gone with its folder, or a file or folder of the new site took its place
            _remove_empty_parents(self.folder, PurePosixPath(path).parent)


def _files_below(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative, POSIX); symlinks and other non-files found on
    the way are deleted, so writing into the folder can never be sent elsewhere."""
    found: set[str] = set()
    pending = [("", str(folder))]
    while pending:
        rel, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.add(name)
                else:
                    os.unlink(entry.path)
    return found


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
