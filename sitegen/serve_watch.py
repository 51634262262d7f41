"""The preview server's file watcher: poll the site's inputs, debounce bursts of changes.

Polling (stat every watched file a few times a second) instead of inotify: it needs no
extra dependency, works the same on every OS and on network mounts, and costs a few
milliseconds for thousands of articles. Like Lektor's watcher it is deliberately small;
what it watches and ignores is decided by pure functions so it can be tested without
threads or sleeps.
"""

from __future__ import annotations

import fnmatch
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, SiteConfig
from .render.theme import PACKAGED_THEMES
from .write import OLD_PREFIX, SPARE_PREFIX, TMP_PREFIX

# Files editors write next to the real one while saving; a save must not trigger on them.
EDITOR_TEMP_PATTERNS = (
    ".*",  # hidden files and folders: .foo.swp, .#foo (Emacs lock), .git, .DS_Store, …
    "#*#", "*~", "*.swp", "*.swo", "*.swx", "*.tmp", "*.temp", "*.bak", "*.part",
    "*.kate-swp", "*___jb_tmp___", "*___jb_old___", "4913",  # 4913: Vim's write probe
)

Snapshot = Mapping[str, tuple[int, int, int]]  # absolute path -> (mtime_ns, size, inode)


_EDITOR_TEMP = re.compile("|".join(fnmatch.translate(p) for p in EDITOR_TEMP_PATTERNS))


def is_editor_temp(name: str) -> bool:
    """Is this file or folder name an editor's temporary file (or hidden)?"""
    return _EDITOR_TEMP.match(name) is not None


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What to watch: folders and single files; what never to look into."""

    roots: tuple[Path, ...]
    ignored: tuple[Path, ...]  # the output folder, the cache folder, write's temp folders

    def ignores(self, path: Path) -> bool:
        if is_editor_temp(path.name) or path.name.startswith((TMP_PREFIX, OLD_PREFIX, SPARE_PREFIX)):
            return True
        return any(path == folder or folder in path.parents for folder in self.ignored)


def watch_plan(site_root: Path, config: SiteConfig | None) -> WatchPlan:
    """Content folders, the static and pages folders, the knowledge file, ``sitegen.toml``
    and both theme folders.

    With no valid config (a broken ``sitegen.toml``) the defaults are watched, so the
    save that fixes the config is still seen.
    """
    config = config or SiteConfig(root=site_root)
    packaged = PACKAGED_THEMES / config.theme
    roots = [config.root / d for d in config.content_dirs]
    roots += [*([config.static_path] if config.static_dir else []), *([config.pages_path] if config.pages_dir else []),
              config.knowledge_path, config.root / CONFIG_NAME, config.root / "themes",
              packaged if packaged.is_dir() else PACKAGED_THEMES / "default"]
    return WatchPlan(tuple(dict.fromkeys(roots)), (config.output_path, config.cache_path))


def scan(plan: WatchPlan) -> dict[str, tuple[int, int, int]]:
    """Stat every watched file that exists; missing roots are fine (they may appear later)."""
    found: dict[str, tuple[int, int, int]] = {}
    ignored = {str(folder) for folder in plan.ignored}
    for root in plan.roots:
        if root.is_file():
            _stat_into(found, str(root))
        elif root.is_dir() and not plan.ignores(root):
            _walk(str(root), ignored, found)
    return found


def _walk(folder: str, ignored: set[str], found: dict[str, tuple[int, int, int]]) -> None:
    # scandir, plain strings and one regex per name: this runs ten times a second.
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            name = entry.name
            if _EDITOR_TEMP.match(name) or name.startswith((TMP_PREFIX, OLD_PREFIX, SPARE_PREFIX)) or entry.path in ignored:
                continue
            try:
                if entry.is_dir():
                    _walk(entry.path, ignored, found)
                    continue
                st = entry.stat()
            except OSError:
                continue  # deleted between listing and stat: the next scan sees it gone
            found[entry.path] = (st.st_mtime_ns, st.st_size, st.st_ino)  # inode: editors that save by rename


def _stat_into(found: dict[str, tuple[int, int, int]], path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)


def changed_paths(old: Snapshot, new: Snapshot) -> frozenset[str]:
    """Files added, removed or modified between two snapshots."""
    return frozenset(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


class Watcher:
    """Blocks until the inputs change and have then been quiet for ``debounce`` seconds.

    An editor's save (write temp, rename, touch) or a ``git checkout`` of 500 files is a
    burst of events; waiting for quiet turns it into one rebuild instead of many.
    """

    def __init__(self, plan: Callable[[], WatchPlan], interval: float = 0.1, debounce: float = 0.05) -> None:
        self._plan = plan
        self.interval = interval
        self.debounce = debounce
        self._snapshot = scan(plan())

    def wait(self, stop: threading.Event, on_first_change: Callable[[], None] = lambda: None) -> frozenset[str]:
        """Changed paths since the last call; empty only when ``stop`` was set."""
        changes: set[str] = set()
        quiet_since = 0.0
        pause = self.interval
        while not stop.wait(self.debounce if changes else pause):
            started = time.perf_counter()
            new = scan(self._plan())
            # A big site takes longer to scan: poll less often so the watcher stays under
            # about a quarter of one core.
            pause = max(self.interval, 3 * (time.perf_counter() - started))
            delta = changed_paths(self._snapshot, new)
            self._snapshot = new
            now = time.monotonic()
            if delta:
                if not changes:
                    on_first_change()
                changes |= delta
                quiet_since = now
            elif changes and now - quiet_since >= self.debounce:
                return frozenset(changes)
        return frozenset()

    def rescan(self) -> None:
        """Forget changes made by ourselves (e.g. when the plan changed with the config)."""
        self._snapshot = scan(self._plan())
