"""``ClusterBackend.render_pages`` without a cluster: order, bytes and bounded look-ahead.

A fake client runs each task at once, in-process, so this checks the parent's side of
distributed rendering (batching, reordering, pass-through of assets) in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitegen.distributed import RENDER_BATCH, ClusterBackend
from sitegen.render.labels import labels_for
from sitegen.render.pages import Renderer, RenderSettings
from sitegen.render.theme import find_theme


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value

    def done(self) -> bool:
        return True

    def release(self) -> None:
        pass


class _InlineClient:
    """Just enough of ``distributed.Client`` for render_pages: tasks run on submit."""

    def __init__(self) -> None:
        self.tasks = 0

    def submit(self, fn, *args, key=None, pure=None, retries=None) -> _Done:
        self.tasks += 1
        return _Done(fn(*args))

    def nthreads(self) -> dict[str, int]:
        return {"worker": 1}


def _renderer(tmp_path: Path) -> tuple[Any, Renderer]:
    theme = find_theme(tmp_path, "default")
    settings = RenderSettings(title="T", description="", language="nl", base_url="", base_path="/",
                              page_size=20, allow_html=False, search=False)
    return theme, Renderer(theme, settings, labels_for("nl"))


def test_pages_come_back_in_order_with_the_local_bytes_and_bounded_look_ahead(tmp_path):
    theme, renderer = _renderer(tmp_path)
    client = _InlineClient()
    backend = ClusterBackend(client)  # type: ignore[arg-type]
    deferred = backend.deferred(renderer)
    n = 3 * RENDER_BATCH + 5
    pulled = 0

    def stream(r: Any) -> Iterator[tuple[str, Any]]:
        nonlocal pulled
        for i in range(n):
            pulled += 1
            if i % 10 == 0:
                yield f"static/asset-{i}.txt", f"asset {i}".encode()
            yield r.page("404.html", f"pagina-{i}.html", f"Pagina {i}")

    expected = list(stream(renderer))
    pulled = 0
    got = []
    first_at = None
    for item in backend.render_pages(stream(deferred), theme, renderer):
        if first_at is None:
            first_at = pulled
        got.append(item)
    assert got == expected
    assert client.tasks == 4  # 3 full batches and the rest
    assert first_at is not None and first_at <= RENDER_BATCH + 1  # output starts after one batch
