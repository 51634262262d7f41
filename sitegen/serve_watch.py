"""The preview server's file watcher: poll the site's inputs, debounce bursts of changes.

Polling (stat every watched file a few times a second) instead of inotify: it needs no
extra dependency, works the same on every OS and on network mounts, and costs a few
milliseconds for thousands of articles. Like Lektor's watcher it is deliberately small;
what it watches and ignores is decided by pure functions so it can be tested without
threads or sleeps.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Mapping

from .config import CONFIG_NAME, SiteConfig
from .render.theme import PACKAGED_THEMES
from .write import OLD_PREFIX, TMP_PREFIX

# Files editors write next to the real one while saving; a save must not trigger on them.
EDITOR_TEMP_PATTERNS = (
    ".*",  # hidden files and folders: .foo.swp, .#foo (Emacs lock), .git, .DS_Store, …
    "#*#", "*~", "*.swp", "*.swo", "*.swx", "*.tmp", "*.temp", "*.bak", "*.part",
    "*.kate-swp", "*___jb_tmp___", "*___jb_old___", "4913",  # 4913: Vim's write probe
)

Snapshot = Mapping[str, tuple[int, int]]  # absolute path -> (mtime_ns, size)


def is_editor_temp(name: str) -> bool:
    """Is this file or folder name an editor's temporary file (or hidden)?"""
    return any(fnmatch(name, pattern) for pattern in EDITOR_TEMP_PATTERNS)


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What to watch: folders and single files; what never to look into."""

    roots: tuple[Path, ...]
    ignored: tuple[Path, ...]  # the output folder, the cache folder, write's temp folders

    def ignores(self, path: Path) -> bool:
        if is_editor_temp(path.name) or path.name.startswith((TMP_PREFIX, OLD_PREFIX)):
            return True
        return any(path == folder or folder in path.parents for folder in self.ignored)


def watch_plan(site_root: Path, config: SiteConfig | None) -> WatchPlan:
    """Content folders, the knowledge file, ``sitegen.toml`` and both theme folders.

    With no valid config (a broken ``sitegen.toml``) the defaults are watched, so the
    save that fixes the config is still seen.
    """
    config = config or SiteConfig(root=site_root)
    packaged = PACKAGED_THEMES / config.theme
    roots = [config.root / d for d in config.content_dirs]
    roots += [config.knowledge_path, config.root / CONFIG_NAME, config.root / "themes",
              packaged if packaged.is_dir() else PACKAGED_THEMES / "default"]
    return WatchPlan(tuple(dict.fromkeys(roots)), (config.output_path, config.cache_path))


def scan(plan: WatchPlan) -> dict[str, tuple[int, int]]:
    """Stat every watched file that exists; missing roots are fine (they may appear later)."""
    found: dict[str, tuple[int, int]] = {}
    for root in plan.roots:
        if root.is_file():
            _stat_into(found, str(root))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            dirnames[:] = [d for d in dirnames if not plan.ignores(here / d)]
            for name in filenames:
                if not plan.ignores(here / name):
                    _stat_into(found, os.path.join(dirpath, name))
    return found


def _stat_into(found: dict[str, tuple[int, int]], path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return  # deleted between listing and stat: the next scan sees it gone
    found[path] = (st.st_mtime_ns, st.st_size)


def changed_paths(old: Snapshot, new: Snapshot) -> frozenset[str]:
    """Files added, removed or modified between two snapshots."""
    return frozenset(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


class Watcher:
    """Blocks until the inputs change and have then been quiet for ``debounce`` seconds.

    An editor's save (write temp, rename, touch) or a ``git checkout`` of 500 files is a
    burst of events; waiting for quiet turns it into one rebuild instead of many.
    """

    def __init__(self, plan: Callable[[], WatchPlan], interval: float = 0.1, debounce: float = 0.1) -> None:
        self._plan = plan
        self.interval = interval
        self.debounce = debounce
        self._snapshot = scan(plan())

    def wait(self, stop: threading.Event, on_first_change: Callable[[], None] = lambda: None) -> frozenset[str]:
        """Changed paths since the last call; empty only when ``stop`` was set."""
        changes: set[str] = set()
        quiet_since = 0.0
        while not stop.wait(self.interval):
            new = scan(self._plan())
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
