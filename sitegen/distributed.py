"""The annotate and render stages on a Dask cluster (``[cluster] scheduler`` / ``--scheduler``).

Dask does the scheduling, retries and worker bookkeeping; this module only decides what a
task is and keeps the parent's side of the build unchanged:

- **annotate**: a task is one shard of article texts → ``list[Annotation]``. Each worker
  process loads the NLP pipeline once, the first time it sees a pipeline fingerprint, and
  keeps it (``_ANNOTATORS``). The cache is read and written by the parent only, before and
  after, so a rebuild sends only the articles the cache does not know.
- **render**: ``render_site`` runs in the parent as always, but with a ``DeferredRenderer``
  that records each page's (template, path, title, context) instead of rendering it. The
  records travel in batches; each worker builds the ordinary ``Renderer`` once per theme
  and settings (``_RENDERERS``) and returns ``(path, bytes)``. ``render_pages`` yields every
  file in the order ``render_site`` produced it, so the write stage cannot tell the
  difference.

Tasks are pure functions of their arguments (no shared state but the per-process caches
of loaded pipelines and templates), so when a worker dies Dask simply runs its tasks again
elsewhere and the output is the same. At most a few tasks per worker are in flight at a
time: the parent never ships the whole corpus to the scheduler at once.

Workers need the same sitegen version and NLP model installed, and the theme folders at
the same paths (a shared file system, or a ``LocalCluster``); both are checked, and a
mismatch fails the build instead of producing a mixed site.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SitegenError, ThemeError
from .model import Annotation

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

    from .annotate import AnnotatorFactory
    from .render.pages import Renderer, RenderSettings
    from .render.theme import Theme

ANNOTATE_SHARD = 64  # texts per annotate task: big enough to amortise a round trip
RENDER_BATCH = 64  # pages per render task
TASKS_PER_THREAD = 3  # tasks in flight per worker thread: keeps workers busy, memory bounded
CONNECT_TIMEOUT = "10s"

_CLIENTS: dict[str, Client] = {}
_CLIENTS_LOCK = threading.Lock()


class ClusterError(SitegenError):
    """The scheduler cannot be reached, dask is not installed, or the workers disagree."""


def connect(address: str, timeout: str = CONNECT_TIMEOUT) -> ClusterBackend:
    """A backend for the scheduler at ``address``; the connection is reused across builds."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the installation
        raise ClusterError(
            f"a dask scheduler is configured ({address}) but dask.distributed is not installed; "
            "install it with: pip install 'sitegen[cluster]'"
        ) from None
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(address)
        if client is None or client.status != "running":  # lost the scheduler: connect afresh
            if client is not None:
                client.close()
            try:
                client = Client(address, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ClusterError(
                    f"cannot reach the dask scheduler at {address} ({exc}); start one with "
                    f"'dask scheduler' and workers with 'dask worker {address} --nthreads 1', "
                    "or remove [cluster] scheduler / --scheduler to build locally"
                ) from None
            _CLIENTS[address] = client
    return ClusterBackend(client)


def close_all() -> None:
    """Close every cached client (tests; the interpreter does it at exit anyway)."""
    with _CLIENTS_LOCK:
        for client in _CLIENTS.values():
            client.close()
        _CLIENTS.clear()


@dataclass(frozen=True)
class ClusterBackend:
    client: Client

    def threads(self) -> int:
        """Worker threads now in the cluster (at least 1, so a cluster still starting waits)."""
        return max(1, sum(self.client.nthreads().values()))

    def _window(self) -> int:
        return TASKS_PER_THREAD * self.threads()

    # -- annotate ------------------------------------------------------------------------
    def annotate(
        self,
        texts: list[str],
        factory: AnnotatorFactory,
        workers: int,
        progress: Callable[[int], None],
        *,
        fingerprint: str,
    ) -> list[Annotation]:
        """Same contract as ``annotate._run``: annotations in the order of ``texts``."""
        del workers  # the cluster decides; kept for the runner signature
        shards = [texts[i : i + ANNOTATE_SHARD] for i in range(0, len(texts), ANNOTATE_SHARD)]
        results: list[list[Annotation] | None] = [None] * len(shards)
        done = 0
        for index, (worker_fingerprint, shard_result) in self._run_windowed(
            "sitegen-annotate", _annotate_shard, [(factory, fingerprint, shard) for shard in shards]
        ):
            if worker_fingerprint != fingerprint:  # results are cached under ``fingerprint``
                raise ClusterError(
                    f"a dask worker runs a different NLP pipeline (fingerprint {worker_fingerprint}, "
                    f"expected {fingerprint}); install the same sitegen version and model on every "
                    "worker and restart the workers after upgrading"
                )
            results[index] = shard_result
            done += len(shard_result)
            progress(done)
        return [a for shard in results for a in shard or ()]

    # -- render --------------------------------------------------------------------------
    def deferred(self, renderer: Renderer) -> DeferredRenderer:
        return DeferredRenderer(renderer)

    def render_pages(
        self, stream: Iterable[tuple[str, Any]], theme: Theme, renderer: Renderer
    ) -> Iterator[tuple[str, bytes]]:
        """Resolve a ``render_site`` stream made with a ``DeferredRenderer``, in order.

        Pages are batched and rendered on the workers; files that are already bytes
        (assets) pass through. At most ``TASKS_PER_THREAD`` batches per worker thread are
        in flight, so memory stays bounded however large the site.
        """
        spec = RenderSpec.of(theme, renderer)
        window = self._window()
        queue: deque[tuple[str, Any]] = deque()
        batch: list[tuple[str, str, str, dict[str, Any]]] = []
        inflight: deque[_Batch] = deque()
        current = _Batch()

        def submit() -> None:
            nonlocal batch, current
            if batch:
                current.future = self.client.submit(
                    _render_batch, spec, batch, key=f"sitegen-render-{uuid.uuid4().hex}", pure=False, retries=1
                )
                inflight.append(current)
            batch, current = [], _Batch()

        def ready(final: bool) -> Iterator[tuple[str, bytes]]:
            while queue:
                path, item = queue[0]
                if isinstance(item, _Slot):
                    if item.batch.future is None:
                        if not final:
                            return
                        submit()
                    future = item.batch.future
                    if not final and len(inflight) < window and future is not None and not future.done():
                        return
                    data = item.batch.take(item.index)
                    if item.batch.consumed():
                        inflight.remove(item.batch)
                    path, item = data
                queue.popleft()
                yield path, item

        for path, data in stream:
            if isinstance(data, _Page):
                batch.append((data.template, data.path, data.title, data.context))
                queue.append((path, _Slot(current, len(batch) - 1)))
                current.size += 1
                if len(batch) >= RENDER_BATCH:
                    submit()
            else:
                queue.append((path, data))
            yield from ready(final=False)
        submit()
        yield from ready(final=True)

    # -- shared --------------------------------------------------------------------------
    def _run_windowed(
        self, prefix: str, func: Callable[..., Any], jobs: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """(job index, result) as tasks finish, with a bounded number in flight."""
        from distributed import as_completed

        index_of: dict[Any, int] = {}
        pending = as_completed(loop=self.client.loop)
        next_job = 0
        window = self._window()

        def top_up() -> None:
            nonlocal next_job
            while next_job < len(jobs) and pending.count() < window:
                future = self.client.submit(
                    func, *jobs[next_job], key=f"{prefix}-{uuid.uuid4().hex}", pure=False, retries=1
                )
                index_of[future.key] = next_job
                pending.add(future)
                next_job += 1

        top_up()
        try:
            while not pending.is_empty():
                future = next(pending)
                result = future.result()  # re-raises the task's exception (e.g. a missing model)
                yield index_of.pop(future.key), result
                future.release()
                top_up()
        finally:
            leftover = list(pending.futures)
            if leftover:  # an error or an abandoned build: do not leave work on the cluster
                self.client.cancel(leftover)


# -- the parent's side of rendering ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    template: str
    path: str
    title: str
    context: dict[str, Any]


class _Batch:
    """One render task; its results are dropped as soon as every page was taken."""

    __slots__ = ("future", "results", "size", "taken")

    def __init__(self) -> None:
        self.future: Future | None = None
        self.size = 0
        self.taken = 0
        self.results: list[tuple[str, bytes]] | None = None

    def take(self, index: int) -> tuple[str, bytes]:
        if self.results is None:
            assert self.future is not None
            self.results = self.future.result()
            self.future.release()
        self.taken += 1
        return self.results[index]

    def consumed(self) -> bool:
        return self.taken >= self.size


@dataclass(frozen=True, slots=True)
class _Slot:
    batch: _Batch
    index: int


class DeferredRenderer:
    """Stands in for ``Renderer`` in ``render_site``: ``page()`` records instead of rendering."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._renderer, name)

    def page(self, template: str, path: str, title: str, **context: Any) -> tuple[str, _Page]:
        return path, _Page(template, path, title, context)


@dataclass(frozen=True, slots=True)
class RenderSpec:
    """What a worker needs to build the same ``Renderer`` as the parent (plain data)."""

    key: str
    theme: Theme
    theme_fingerprint: str
    settings: RenderSettings
    labels: dict[str, str]

    @staticmethod
    def of(theme: Theme, renderer: Renderer) -> RenderSpec:
        fingerprint = theme.fingerprint()
        raw = json.dumps([fingerprint, repr(renderer.settings), sorted(renderer.labels.items()),
                          [str(d) for d in theme.template_dirs + theme.static_dirs]])
        key = hashlib.sha256(raw.encode()).hexdigest()[:20]
        return RenderSpec(key, theme, fingerprint, renderer.settings, dict(renderer.labels))


# -- the workers' side -------------------------------------------------------------------

_ANNOTATORS: dict[str, Any] = {}  # pipeline fingerprint → loaded annotator, per worker process
_RENDERERS: dict[str, Any] = {}  # RenderSpec.key → Renderer, per worker process
_LOAD_LOCK = threading.Lock()  # a worker with several threads loads each thing once
_ANNOTATE_LOCK = threading.Lock()  # one spaCy pipeline is not shared between threads


def _annotate_shard(factory: AnnotatorFactory, fingerprint: str, texts: list[str]) -> tuple[str, list[Annotation]]:
    """Runs on a worker: the annotations of ``texts`` and the fingerprint that made them."""
    with _LOAD_LOCK:
        annotator = _ANNOTATORS.get(fingerprint)
        if annotator is None:
            _evict(_ANNOTATORS, keep=1)  # a knowledge-file edit makes a new fingerprint: drop the old
            annotator = _ANNOTATORS[fingerprint] = factory()
    with _ANNOTATE_LOCK:
        return annotator.fingerprint, annotator.annotate(texts)


def _render_batch(spec: RenderSpec, pages: list[tuple[str, str, str, dict[str, Any]]]) -> list[tuple[str, bytes]]:
    """Runs on a worker: ``Renderer.page`` for each recorded page."""
    with _LOAD_LOCK:
        renderer = _RENDERERS.get(spec.key)
        if renderer is None:
            from .render.pages import Renderer

            if spec.theme.fingerprint() != spec.theme_fingerprint:
                raise ThemeError(
                    f"a dask worker sees different theme files at {', '.join(map(str, spec.theme.template_dirs))}; "
                    "the theme folders must be identical and reachable at the same paths on every worker"
                )
            _evict(_RENDERERS, keep=3)  # theme edits during `sitegen serve`
            renderer = _RENDERERS[spec.key] = Renderer(spec.theme, spec.settings, spec.labels)
    return [renderer.page(template, path, title, **context) for template, path, title, context in pages]


def _evict(cache: dict[str, Any], keep: int) -> None:
    """Drop the oldest entries so that at most ``keep`` remain before one is added."""
    while len(cache) > keep:
        del cache[next(iter(cache))]
