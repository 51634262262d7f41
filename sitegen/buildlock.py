"""One build of an output at a time.

Two builds of one site at once (an editor's ``sitegen build`` while ``sitegen serve``
rebuilds, or a CMS that starts a build on every save) would share the output's records
and its spare folder: one could claim the spare the other is writing into, or swap in a
site while the other is checking it, and fail ("changed while the site was being built")
or, worse, publish a mix. So each build holds an exclusive lock on its output's state
folder from before the up-to-date check until its stamp is saved, and a second build
waits for the first. The operating system releases the lock when the holder exits, so a
killed build never leaves a stale one behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = "build.lock"


@contextmanager
def exclusive(state: Path, waiting: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Hold the build lock of the output whose records live in ``state``; ``waiting`` is
    told (once, with the lock's path) when another build holds it and this one waits."""
    state.mkdir(parents=True, exist_ok=True)
    path = state / LOCK_NAME
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if waiting is not None:
            waiting(path)
        lock.acquire()
    try:
        yield path
    finally:
        lock.release()
