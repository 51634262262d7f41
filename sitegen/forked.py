"""One function run in a forked child process while the caller goes on.

The write stage's biggest single file, the JSON export (tens of MB at 10,000 articles),
is made and written this way while the pages render: for a one-article edit it was
1.5 s of a 13 s build, on one core while the other waited.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """``fn()`` running in a forked child; ``result()`` waits for its (picklable) value,
    which is ``None`` when the child failed, so the caller can do the work itself and
    raise the real error. The child inherits the caller's memory: nothing is pickled on
    the way in, so ``fn`` may be any closure."""

    def __init__(self, fn: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(fn, send), name="sitegen-forked", daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T | None:
        try:
            value = self._receive.recv()
        except (EOFError, OSError):  # the child died without answering
            value = None
        finally:
            self._receive.close()
            self._process.join()
        return value


    def cancel(self) -> None:
        """Stop the child (the caller gave up, e.g. on an error) and wait until it is gone."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def can_fork() -> bool:
    """Whether this platform can fork (render, parse and export workers rely on it)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _run(fn: Callable[[], T], send) -> None:  # a multiprocessing Connection
    try:
        value = fn()
    except BaseException:  # noqa: BLE001 - reported as None; the caller redoes the work and raises
        value = None
    send.send(value)
    send.close()
