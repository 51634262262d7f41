"""``sitegen serve``: build, serve the build with live reload, rebuild on every save.

Three parts, in three modules: the watcher (``serve_watch``) notices saves, the
``Rebuilder`` here reruns ``build()`` with the NLP pipeline kept loaded, and the HTTP
side (``serve_http``) serves the finished build and tells open tabs to reload.

Consistency follows MkDocs' epochs: a noticed change bumps the *wanted* epoch, a
finished rebuild (good or failed) makes it *visible*; requests that arrive in between
wait for the rebuild, so a reload never shows the site from before the save. Because
``build()`` swaps the new site in atomically, no request can see a half-written one.
A failed rebuild keeps the last good site and adds an overlay naming file and line.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import socket
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from . import buildserver
from .annotate import Annotator, AnnotatorFactory, Progress
from .build import BuildReport, PipelineFactory, Session, build
from .config import SiteConfig, load_config
from .errors import ContentError, ProblemsError, SitegenError, ThemeError
from .knowledge import load_knowledge
from .model import Knowledge
from .serve_http import make_app, notify_tabs
from .serve_watch import Watcher, WatchPlan, watch_plan

PipelineLoader = Callable[[str, str, Knowledge], Annotator]
ErrorView = tuple[str, tuple[str, ...]]  # (headline, "file:line: message" lines)
DRAFTS_PREVIEW = "drafts-preview"  # in the cache folder: the site with drafts (``serve --drafts``)
WAIT_FOR_REBUILD = 60.0  # seconds a request waits for a pending rebuild before serving the old site


def _load_pipeline(model: str, language: str, knowledge: Knowledge) -> Annotator:
    from .nlp import load_annotator

    return load_annotator(model, language, knowledge)


def error_view(exc: SitegenError) -> ErrorView:
    """What the overlay shows: one line per located problem, ``file:line: message``."""
    if isinstance(exc, ThemeError):
        return "template error", tuple(str(exc).splitlines())
    if isinstance(exc, (ProblemsError, ContentError)):
        lines = tuple(str(p) for p in exc.problems)
        headline = str(exc).splitlines()[0] if isinstance(exc, ProblemsError) and str(exc) else ""
        return headline or f"{len(lines)} problem(s)", lines
    return f"the build failed ({type(exc).__name__})", tuple(str(exc).splitlines()) or (type(exc).__name__,)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One (re)build: its report, or the error the overlay shows."""

    report: BuildReport | None
    error: ErrorView | None
    seconds: float

    def summary(self) -> str:
        if self.report is None:
            assert self.error is not None
            return "build failed — " + "; ".join(self.error[1][:3])
        a, w = self.report.annotate, self.report.write
        return (f"built in {self.seconds:.2f}s: {a.annotated} annotated, {a.from_cache} from cache; "
                f"{w.written} written, {w.unchanged} unchanged, {w.deleted} removed")


class Rebuilder:
    """Runs ``build()`` again and again, keeping the NLP pipeline loaded in between.

    Loading spaCy takes seconds; a rebuild after one edit should not. The pipeline is
    reloaded only when what it depends on changes: the model name, the language, the
    knowledge file, or the model folder's ``meta.json`` (a retrained/upgraded model).
    """

    def __init__(self, site_root: Path, *, base_url: str | None = None, loader: PipelineLoader = _load_pipeline,
                 progress: Progress | None = None, drafts: bool = False) -> None:
        self.site_root = site_root.resolve()
        self.base_url = base_url
        self.drafts = drafts  # include draft articles, in a preview folder of their own
        self.progress = progress
        self.config: SiteConfig | None = None  # of the last build that got past the config
        self._loader = loader
        self._pipeline_key: tuple | None = None
        self._pipeline: PipelineFactory | None = None
        self._session = Session()  # parsed articles kept between rebuilds
        self._collection: threading.Timer | None = None  # the garbage collection due after the last build

    def pipeline(self, config: SiteConfig) -> tuple[AnnotatorFactory, str]:
        knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
        key = (config.nlp_model, config.language, knowledge.fingerprint, _model_stamp(config))
        if self._pipeline is None or key != self._pipeline_key:
            if self._pipeline is not None:
                self._pipeline.release()  # let the old pipeline go before loading the new one
            self._pipeline = PipelineFactory(config.nlp_model, config.language, knowledge, self._loader)
            self._pipeline_key = key
        # loaded here, once: every rebuild reuses it; a first build of a big site gives its
        # spawned annotate workers the recipe (PipelineFactory pickles without the pipeline)
        return self._pipeline, self._pipeline().fingerprint

    def current_config(self) -> SiteConfig | None:
        """The last good config, else ``sitegen.toml`` as it is now (``None`` if broken)."""
        if self.config is not None:
            return self.config
        try:
            config = load_config(self.site_root)
            return config.with_base_url(self.base_url) if self.base_url is not None else config
        except SitegenError:
            return None

    def output(self, config: SiteConfig) -> Path:
        """The folder this server builds and serves: the site's output, or with drafts a
        preview folder in the cache, so that a draft never reaches ``build/`` and from there
        ``sitegen publish``."""
        return config.cache_path / DRAFTS_PREVIEW if self.drafts else config.output_path

    def base_path(self) -> str:
        config = self.current_config()
        return config.base_path if config else "/"

    def watch_plan(self) -> WatchPlan:
        """What to watch; with a broken config the defaults, so the save that fixes it is seen."""
        return watch_plan(self.site_root, self.current_config())

    def run(self) -> Outcome:
        """One build; user errors become the overlay, bugs still raise."""
        start = time.perf_counter()
        try:
            report = self.rebuild()
        except SitegenError as exc:
            return Outcome(None, error_view(exc), time.perf_counter() - start)
        return Outcome(report, None, time.perf_counter() - start)

    def rebuild(self, *, base_url: str | None = None, keep_going: bool = False,
                waiting: Callable[[Path], None] | None = None) -> BuildReport:
        """One build with this process's session (raises ``SitegenError``); ``base_url``
        overrides the server's own (the build server's command asked for it).

        The cyclic garbage collector is paused during the build: with the session's tens
        of thousands of live objects, its full passes cost a quarter of a one-article
        rebuild. The build's data is acyclic (freed by reference counting as it goes); the
        few cycles wait for a collection a moment after the rebuild, when the page has
        already reloaded. A save within that moment puts the collection off until after
        its own build: the collection after a big site's first build took seconds, and ran
        in the middle of the first rebuild.
        """
        if self._collection is not None:
            self._collection.cancel()  # not started yet: it waits for this build's end
        paused = gc.isenabled()
        gc.disable()
        try:
            config = load_config(self.site_root)
            base_url = base_url if base_url is not None else self.base_url
            if base_url is not None:
                config = config.with_base_url(base_url)
            self.config = config
            return build(self.site_root, config=config, annotator=self.pipeline(config), progress=self.progress,
                         include_drafts=self.drafts, keep_going=keep_going, output=self.output(config),
                         remove_old_in_background=True,  # the new site is live; delete the old one meanwhile
                         session=self._session, commit_in_place=True,  # requests wait while it runs
                         waiting=waiting or _say_waiting)
        finally:
            if paused:
                gc.enable()
                self._collection = _collect_soon()


def _say_waiting(lock: Path) -> None:
    print(f"another build of this site is running; the preview waits for it ({lock})", file=sys.stderr, flush=True)


_COLLECT_DELAY = 2.0  # seconds after a rebuild: the browser has reloaded by then


def _collect_soon() -> threading.Timer:
    timer = threading.Timer(_COLLECT_DELAY, gc.collect)
    timer.daemon = True
    timer.start()
    return timer


def _model_stamp(config: SiteConfig) -> int:
    meta = Path(config.nlp_model) / "meta.json"
    try:
        return meta.stat().st_mtime_ns
    except OSError:
        return 0


class PreviewServer:
    """The live preview: ``bind()``, ``build_once()``, then ``run()`` until ``stop()``."""

    def __init__(self, rebuilder: Rebuilder, host: str = "127.0.0.1", port: int = 8000, *,
                 interval: float = 0.1, debounce: float = 0.05, log: Callable[[str], None] | None = None) -> None:
        self.rebuilder = rebuilder
        self.host = host
        self.port = port
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.interval, self.debounce = interval, debounce
        self.outcome: Outcome | None = None
        self.builds = 0  # finished rebuilds, for tests and the benchmark
        self.on_rebuilt: Callable[[Outcome, frozenset[str]], None] = lambda outcome, changes: None
        self._sockets: list = []
        self._tabs: set = set()
        self._lock = threading.Lock()
        self._wanted = self._visible = 0
        self._stop = threading.Event()
        self._loop: IOLoop | None = None
        self._stopped: asyncio.Event | None = None
        self.ready = threading.Event()
        self._watcher: Watcher | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def bind(self) -> str:
        """Claim the port now, so a busy port fails before a long first build."""
        try:
            self._sockets = [_listen(self.host, self.port)]
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SitegenError(f"port {self.port} on {self.host} is already in use: stop the other server "
                                   f"or choose another port with --port") from None
            raise SitegenError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self._sockets[0].getsockname()[1]
        return self.url

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.rebuilder.base_path()}"

    def build_once(self) -> Outcome:
        """The first build. The watcher's snapshot is taken before it, so a save made
        while a long first build runs still triggers a rebuild."""
        self._watcher = Watcher(self.rebuilder.watch_plan, self.interval, self.debounce)
        outcome = self.rebuilder.run()
        self.outcome = outcome
        self.log(outcome.summary())
        return outcome

    def run(self) -> None:
        """Serve and watch until ``stop()`` (or Ctrl-C in the calling thread)."""
        builder = threading.Thread(target=self._watch_and_rebuild, name="sitegen-rebuild", daemon=True)
        try:
            asyncio.run(self._serve(builder))
        finally:
            self._stop.set()
            builder.join(timeout=10)  # let a running build finish its atomic swap
            self.close()

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()
        self._sockets = []

    def stop(self) -> None:
        """Stop from any thread."""
        self._stop.set()
        if self._loop is not None and self._stopped is not None:
            self._loop.add_callback(self._stopped.set)

    async def _serve(self, builder: threading.Thread) -> None:
        self._loop, self._stopped = IOLoop.current(), asyncio.Event()
        http = HTTPServer(make_app(self, self._tabs), xheaders=False)
        http.add_sockets(self._sockets)
        builder.start()
        self.ready.set()
        try:
            await self._stopped.wait()
        finally:
            http.stop()

    # -- what the HTTP handlers ask ----------------------------------------------------
    def site(self) -> tuple[Path, str]:
        config = self.rebuilder.config or SiteConfig(root=self.rebuilder.site_root)
        return self.rebuilder.output(config).resolve(), config.base_path

    def pending(self) -> bool:
        """Is a change noticed but its rebuild not finished yet?"""
        return self._visible < self._wanted

    def open_tabs(self) -> int:
        """Browser tabs connected for live reload."""
        return len(self._tabs)

    def error(self) -> ErrorView | None:
        outcome = self.outcome
        return outcome.error if outcome else None

    async def until_current(self) -> None:
        deadline = time.monotonic() + WAIT_FOR_REBUILD
        while self.pending() and time.monotonic() < deadline and not self._stop.is_set():
            await asyncio.sleep(0.02)

    # -- the rebuild thread ------------------------------------------------------------
    def _want(self) -> None:
        with self._lock:
            self._wanted += 1

    def _watch_and_rebuild(self) -> None:
        watcher = self._watcher or Watcher(self.rebuilder.watch_plan, self.interval, self.debounce)
        while not self._stop.is_set():
            changes = watcher.wait(self._stop, self._want)
            if not changes:
                return
            with self._lock:
                epoch = self._wanted
            names = ", ".join(sorted(_short(p, self.rebuilder.site_root) for p in changes)[:3])
            self.log(f"changed: {names}{' …' if len(changes) > 3 else ''}")
            before = self.outcome
            try:
                outcome = self.rebuilder.run()
            except Exception as exc:  # noqa: BLE001 - a sitegen bug must not kill the preview
                self.log(traceback.format_exc())
                outcome = Outcome(None, ("sitegen crashed (a bug; please report it)",
                                         (f"{type(exc).__name__}: {exc}",)), 0.0)
            self.outcome = outcome
            with self._lock:
                self._visible = epoch
                self.builds += 1
            self.log(outcome.summary())
            if _page_changed(before, outcome) and self._loop is not None:
                self._loop.add_callback(notify_tabs, self._tabs)
            self.on_rebuilt(outcome, changes)


def _listen(host: str, port: int) -> socket.socket:
    """One listening socket on the first address of ``host`` (loopback by default)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart right after Ctrl-C
        sock.bind(address)
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _page_changed(before: Outcome | None, after: Outcome) -> bool:
    """Reload tabs when the bytes of the site or the error shown changed."""
    if before is None or after.error != before.error:
        return True
    w = after.report.write if after.report else None
    return bool(w and (w.written or w.deleted))


def _short(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def _progress_bar(minimum: int = 64) -> Progress | None:
    """A one-line bar on a terminal, shown only when many articles need annotating."""
    if not sys.stderr.isatty():
        return None
    todo_at_start: dict[int, int] = {}

    def show(done: int, total: int) -> None:
        if done == total and not todo_at_start:
            return  # all from the cache: nothing to show
        todo_at_start.setdefault(0, total - done)
        if todo_at_start[0] >= minimum:
            filled = int(30 * done / total)
            end = "\n" if done >= total else ""
            print(f"\rannotating [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end=end, file=sys.stderr)
        if done >= total:
            todo_at_start.clear()
    return show


def serve(site: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          base_url: str | None = None, drafts: bool = False) -> None:
    """Build ``site``, serve it on ``host:port`` with live reload, rebuild on every save.

    ``drafts``: include draft articles; the preview is then built in the cache folder,
    never in the output folder. Raises ``SitegenError`` for a busy port; returns cleanly
    on Ctrl-C.
    """
    rebuilder = Rebuilder(site, base_url=base_url, progress=_progress_bar(), drafts=drafts)
    server = PreviewServer(rebuilder, host, port)
    server.bind()
    if buildserver.stop(Path(site)):  # this process keeps the same session: one is enough
        print("stopped this site's build server: the preview keeps the site in memory itself", flush=True)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # a 404 for /favicon.ico is not news
    try:
        where = ""
        if drafts and (config := rebuilder.current_config()) is not None:
            where = f", drafts included (built in {_short(str(rebuilder.output(config)), Path(site).resolve())}, not in build/)"
        print(f"Serving {site} on {server.url}{where} (Ctrl-C to stop); building first …", flush=True)
        server.build_once()
        if open_browser:
            threading.Timer(0.5, webbrowser.open, (server.url,)).start()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("stopped", flush=True)
