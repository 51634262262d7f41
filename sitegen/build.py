"""``build()``: the whole pipeline, top to bottom, in one screen.

config → theme → knowledge → load → annotate (cached) → link → render → write.
Every stage is a function of the previous stage's plain data; only ``write_site``
touches ``build/``, and it swaps the finished site in atomically.
"""

from __future__ import annotations

import datetime
import gc
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from . import uptodate
from .annotate import (
    AnnotateStats,
    AnnotatorFactory,
    Pipelines,
    Prefetch,
    Progress,
    Standby,
    annotate_by_language,
)
from .buildlock import exclusive
from .cache import AnnotationCache
from .codehash import code_fingerprint
from .config import FILES, SiteConfig, load_config
from .errors import Problem, ProblemsError
from .forked import Forked, can_fork
from .geo import country_surface_names, load_gazetteer
from .geo.countries import article_countries
from .jsonfile import save_json
from .knowledge import load_knowledge
from .link.actors import ArticleMemo, resolve_actors
from .link.indexes import Site, build_site, ids_and_mentions
from .link.quiet import LinkState, patched
from .link.translations import translation_problems
from .load import ParsedFiles, content_subfolders, discover, load_articles
from .load.images import image_sizes
from .load.old_addresses import with_old_addresses
from .load.other_generators import unknown_key_summary
from .load.page_reader import load_pages
from .load.parsed_store import load_parsed, save_parsed
from .load.resources import LinkedFile, article_link_problems
from .load.resources import gather as gather_linked_files
from .load.shortcodes import resolve_file_refs
from .load.static_files import collisions as static_collisions
from .load.static_files import gather_static, static_image_problems
from .load.text import file_header_line, file_line_containing
from .model import AnnotatedArticle, Annotation, Knowledge, ResolvedMention, SitePage, SourceArticle
from .photos import FOLDER as PHOTOS
from .photos import made as photo_copies
from .photos import photos
from .photos import plan as plan_copies
from .photos import prune as prune_copies
from .render.feeds import export_json_chunks, robots, sitemaps
from .render.labels import labels_for
from .render.pages import (
    Renderer,
    RenderSettings,
    alias_problems,
    redirects,
    render_site,
    site_feeds,
    site_menu,
)
from .render.reuse import RenderReuse, digest, forget_state, load_state, save_state, site_keys
from .render.rooted import unresolved
from .render.theme import find_theme, rendering_error
from .render.urls import SitePaths
from .render.views import ViewContext
from .search import article_sections, indexer, search_enabled  # search (issue 9)
from .survivors import long_lived
from .write import (
    Placed,
    PreviousBuild,
    Stage,
    WriteStats,
    WrittenAside,
    discard_aside,
    write_aside,
    write_site,
)

EXPORT = FILES["export"]  # the site's data export (render/feeds.py), published as [paths] export names it
RENDER_STATE = "render-units.json"  # in the cache folder: the last build's render units
DRAFTS = "drafts.json"  # in the output's state folder: the draft articles its build holds (publish.py refuses those)
PARSED = "parsed-articles.sqlite"  # in the cache folder: the last build's parsed articles


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the CLI, the live server and the benchmark."""

    articles: int
    annotate: AnnotateStats
    write: WriteStats
    actors: int
    countries: int
    timings: dict[str, float] = field(default_factory=dict)
    problems: tuple = ()
    fast_path: bool = False  # nothing changed since the last build: no work was done
    rendered: int = -1  # render units (pages, page sets, feeds) rendered; -1: every one (no reuse)
    reused: int = 0  # render units whose previous files were kept (see render/reuse.py)
    quiet_link: bool = False  # the last link result was patched, not redone (link/quiet.py)


class Session:
    """What one process keeps between its builds (the live server): parsed articles and
    their annotations.

    Everything in it is an optimisation with the same result as a fresh build.
    """

    def __init__(self) -> None:
        self.parsed = ParsedFiles()
        self.annotations: dict = {}  # cache key → Annotation, as the last build used them
        self.exports: dict[str, bytes] = {}  # the JSON export's entries, compressed (render/feeds.py)
        self.renderers: dict[tuple, Renderer] = {}  # compiled templates, by theme fingerprint and settings
        self.links = ArticleMemo()  # each article's part of actor resolution (link/actors.py)
        self.countries: dict[str, tuple] = {}  # article path → (article, fingerprint, kept mentions, countries)
        self.indexes: dict = {}  # what build_site keeps between builds (link/indexes.py)
        self.pipelines: dict[tuple, tuple] = {}  # other languages' pipelines: (lang, model, knowledge) → (factory, fingerprint)
        self.link_state: LinkState | None = None  # the last link's inputs and result, for quiet edits (link/quiet.py)


class PipelineFactory:
    """Loads the configured NLP pipeline once per process, on first use.

    Picklable (workers get the recipe, not the loaded pipeline), and calling it twice in
    one process returns the same annotator, so asking for the fingerprint and then
    annotating does not load spaCy twice. ``loader`` (model, language, knowledge →
    annotator; ``sitegen.nlp.load_annotator`` if None) must be a module-level function
    when the site is big enough for spawned annotate workers.
    """

    def __init__(self, model: str, lang: str, knowledge: Knowledge,
                 loader: Callable[[str, str, Knowledge], Any] | None = None) -> None:
        self.model, self.lang, self.knowledge, self.loader = model, lang, knowledge, loader
        self._loaded = None

    def __call__(self):  # returns an Annotator
        if self._loaded is None:
            loader = self.loader
            if loader is None:
                from .nlp import load_annotator as loader
            self._loaded = loader(self.model, self.lang, self.knowledge)
        return self._loaded

    def release(self) -> bool:
        """Drop the loaded pipeline (about 100 MB for the embedded one); True if there was one."""
        loaded, self._loaded = self._loaded, None
        return loaded is not None

    def __getstate__(self) -> dict:
        return {"model": self.model, "lang": self.lang, "knowledge": self.knowledge, "loader": self.loader,
                "_loaded": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


def _pipelines(config: SiteConfig, knowledge: Knowledge, main: tuple[AnnotatorFactory, str],
               session: Session | None) -> Pipelines:
    """The pipeline for each article language: ``main`` for the site's, else the one
    ``nlp_models`` names or the embedded one for that language, made on first use (and
    kept by the live server's session, so a loaded pipeline serves its next builds)."""
    made: dict[tuple, tuple[AnnotatorFactory, str]] = session.pipelines if session is not None else {}

    def pipeline(lang: str) -> tuple[AnnotatorFactory, str]:
        if lang == config.language:
            return main
        model = config.nlp_model_for(lang)
        key = (lang, model, knowledge.fingerprint)
        if key not in made:
            from .nlp import pipeline_fingerprint

            made[key] = (PipelineFactory(model, lang, knowledge), pipeline_fingerprint(model, lang, knowledge))
        return made[key]

    return pipeline


def default_annotator_factory(config: SiteConfig, knowledge: Knowledge) -> tuple[AnnotatorFactory, str]:
    """The configured NLP pipeline (loaded lazily, in workers if needed) and its fingerprint."""
    from .nlp import pipeline_fingerprint

    factory = PipelineFactory(config.nlp_model, config.language, knowledge)
    return factory, pipeline_fingerprint(config.nlp_model, config.language, knowledge)


def build(
    site_root: Path,
    *,
    config: SiteConfig | None = None,
    base_url: str | None = None,
    keep_going: bool = False,
    include_drafts: bool = False,
    use_cache: bool = True,
    annotator: tuple[AnnotatorFactory, str] | None = None,
    progress: Progress | None = None,
    output: Path | None = None,
    scheduler: str | None = None,
    remove_old_in_background: bool = False,
    session: Session | None = None,
    commit_in_place: bool = False,
    detach_removal: bool = False,
    waiting: Callable[[Path], None] | None = None,
) -> BuildReport:
    """Build the site at ``site_root``; raise ``SitegenError`` (and keep the old build) on problems.

    ``remove_old_in_background``: delete the replaced ``build/`` in a daemon thread after the
    swap (the live server); the next build removes whatever that left.
    ``session``: state kept between the builds of one process (see ``Session``).
    ``commit_in_place``: when few files changed, move them into ``build/`` instead of
    swapping in a new tree (the live server; see ``write.write_site``).
    ``detach_removal``: delete the replaced ``build/`` in a detached process (the command
    line: it need not wait for thousands of unlinks).
    ``waiting``: told the lock's path when another build of the same output is running;
    this one then waits for it to finish (``buildlock.py``).
    """
    config = config or load_config(site_root)
    output = output or config.output_path
    with exclusive(output_state(config, output), waiting):
        return _build(site_root, config=config, base_url=base_url, keep_going=keep_going,
                      include_drafts=include_drafts, use_cache=use_cache, annotator=annotator, progress=progress,
                      output=output, scheduler=scheduler, remove_old_in_background=remove_old_in_background,
                      session=session, commit_in_place=commit_in_place, detach_removal=detach_removal)


def _build(
    site_root: Path,
    *,
    config: SiteConfig,
    base_url: str | None,
    keep_going: bool,
    include_drafts: bool,
    use_cache: bool,
    annotator: tuple[AnnotatorFactory, str] | None,
    progress: Progress | None,
    output: Path,
    scheduler: str | None,
    remove_old_in_background: bool,
    session: Session | None,
    commit_in_place: bool,
    detach_removal: bool,
) -> BuildReport:
    """``build`` while holding the output's build lock."""
    timings: dict[str, float] = {}
    clock = _Clock(timings)

    if base_url is not None:
        config = config.with_base_url(base_url)
    theme = find_theme(config.root, config.theme)
    theme_fingerprint = theme.fingerprint() if use_cache else ""  # before compiling: a later edit rebuilds
    labels = labels_for(config.language)
    search = search_enabled(config.search)  # search (issue 9): off, with a warning, without Pagefind
    knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
    state = output_state(config, output)
    stamp = state / "uptodate.json"
    inputs = _inputs(config, theme_fingerprint, knowledge, annotator, output, (base_url, keep_going, include_drafts, scheduler)) if use_cache else None
    # a session's first build fills its memory (the live server, the build server): its next
    # build, after an edit, must not be the first to read the whole site
    filling = session is not None and not len(session.parsed)
    if inputs is not None and not filling and (previous := uptodate.check(stamp, inputs, output)) is not None:
        clock.lap("fast-path")  # nothing changed since the last build (see sitegen/uptodate.py)
        return _unchanged(previous, timings)
    keep_unknown = config.unknown_front_matter == "params"
    site_pages, page_problems = load_pages(config.root, config.pages_dir, config.language, config.markdown_html,
                                           include_drafts, keep_unknown)
    renderer = _renderer(theme, theme_fingerprint, _render_settings(config, search, site_pages), labels, session)
    gazetteer = load_gazetteer(config.language)
    cluster = _cluster(config.scheduler if scheduler is None else scheduler)  # issue 11: None = local
    clock.lap("setup")

    with long_lived() as settle:  # stage results live until the end: out of the collector's way
        parsed_path = config.cache_path / PARSED
        if session is not None and filling and use_cache:  # a first build starts from the command's store
            session.parsed = load_parsed(parsed_path, code_fingerprint())
        parsed = session.parsed if session else (load_parsed(parsed_path, code_fingerprint()) if use_cache else None)
        factory, fingerprint = annotator or default_annotator_factory(config, knowledge)
        cache = AnnotationCache(config.cache_path / "annotations.sqlite" if use_cache else None)
        standby = None
        try:
            # an incremental `sitegen build` (its parsed store exists) is most often an edit: the
            # pipeline for its new text loads in a child from now on, beside the load stage
            if parsed is not None and len(parsed) and session is None and annotator is None and can_fork():
                standby = Standby(factory)
            # while parser processes parse a big site, this one decodes the cached annotations
            # of the articles they have sent back (annotate.Prefetch)
            prefetch = Prefetch(cache, fingerprint) if session is None else None
            loaded = load_articles(config.root, config.content_dirs, config.language, config.markdown_html,
                                   include_drafts, memo=parsed, workers=_render_workers(config.workers),
                                   on_parsed=prefetch, skip=_written_folders(config, output),
                                   keep_unknown_keys=keep_unknown)
            articles, old_address_problems = with_old_addresses(loaded.articles, config.old_addresses,
                                                                config.content_dirs)
            known = {a.path for a in (*articles, *site_pages)}  # Hugo's links by file find their files
            articles = resolve_file_refs(articles, config.content_dirs, known)
            site_pages = tuple(resolve_file_refs(site_pages, config.content_dirs, known))
            for warning in future_dates(articles, datetime.date.today()):  # the clock, read here only
                warnings.warn(warning, FutureDateWarning, stacklevel=3)
            linked_files, file_problems = gather_linked_files(articles, config.root, config.content_dirs)
            page_files, page_file_problems = gather_linked_files(site_pages, config.root, _page_folders(config))
            linked_files = sorted({f.output: f for f in (*linked_files, *page_files)}.values(), key=lambda f: f.output)
            sizes = image_sizes(linked_files)  # read here: a photo changes without its article (load/images.py)
            store = photo_store(config, use_cache)
            copies, variants = photo_copies(linked_files, plan_copies(
                sizes, config.image_widths, {f.output for f in linked_files}), store)
            if not include_drafts and output.resolve() == config.output_path.resolve():
                prune_copies(store, copies)  # the site's own build: copies no page shows any more
            sizes = photos(sizes, variants)
            linked_files = sorted([*linked_files, *copies], key=lambda f: f.output)
            static_files, static_problems = gather_static(config.root, config.static_dir)

            def header_line_of(path: str, key: str, value: str) -> int:  # read again, on the error path only
                return file_header_line(config.root / path, key, value)

            static_problems += static_image_problems(articles, static_files, config.static_dir, header_line_of)
            problems = (*loaded.problems, *old_address_problems, *page_problems, *file_problems, *page_file_problems,
                        *static_problems,
                        *article_link_problems((*articles, *site_pages)),
                        *alias_problems(articles, header_line_of),
                        *translation_problems(articles, header_line_of))
            if problems and not keep_going:
                raise ProblemsError(problems, f"{len(problems)} content problem(s); build/ was not changed:",
                                    unknown_key_summary(problems))
            # the parsed-article store is written by a forked child while this process annotates
            # and links, on the core those serial stages leave idle
            storing = _store_parsed(config, parsed) if parsed is not None and session is None else None
            settle()
            clock.lap("load")

            annotations, annotate_stats = annotate_by_language(
                articles, (factory, fingerprint), _pipelines(config, knowledge, (factory, fingerprint), session),
                cache, config.workers, progress,
                runner=lambda fp: partial(cluster.annotate, fingerprint=fp) if cluster else None,
                memo=session.annotations if session else prefetch.found if prefetch else None,
                aside=annotator is None and session is None,  # our own pipeline, not kept after this build
                standby=standby,
            )
        finally:
            if standby is not None:
                standby.cancel()  # used or not: gone when the annotate stage ends (or fails)
            cache.close()
        if annotator is None and isinstance(factory, PipelineFactory) and factory.release():
            gc.collect()  # this build's own pipeline is done: free it before the rest freezes
        settle()
        clock.lap("annotate")

        site, quiet = _link(articles, annotations, knowledge, gazetteer, fingerprint, session)
        settle()
        clock.lap("link")

        ctx = ViewContext(site, config.language, labels, gazetteer, config.markdown_html, site_pages,
                          renderer.settings.paths, sizes)
        # the JSON export needs only the site: a forked child writes it from here on, beside the
        # output, while this process makes the render keys and the workers render
        aside = _ExportAside(output, export_json_chunks(site, gazetteer.country_name, paths=ctx.paths)) \
            if session is None and can_fork() else None
        try:
            manifest = state / "manifest.json" if use_cache else None
            previous = PreviousBuild(output, manifest)
            reuse = keys = None
            if use_cache and not cluster:  # render only what changed since the last build (render/reuse.py)
                scope = digest(code_fingerprint(), theme_fingerprint, renderer.settings, sorted(labels.items()), fingerprint)
                keys = site_keys(site, scope, site_feeds(ctx, config.title), site_pages, sizes,
                                 actor_page_size=renderer.settings.actor_page_size)
                reuse = RenderReuse(keys.units, load_state(state / RENDER_STATE), previous.intact)
            clock.lap("keys")
            pages = cluster.render_pages(render_site(ctx, cluster.deferred(renderer)), theme, renderer) if cluster else None
            export = export_json_chunks(site, gazetteer.country_name, keys.exports if keys else None,
                                        session.exports if session else None, ctx.paths)  # the live server's, or a fallback
            def files(stage: Stage) -> Iterator[tuple[str, Any]]:  # render workers write into the stage
                return clock.around(_site_files(ctx, renderer, config, gazetteer.country_name, pages,
                                                _render_workers(config.workers), reuse, export, stage,
                                                aside, linked_files, static_files), "render+write")
            # search (issue 9): index the finished site before the swap; reuses build/pagefind/ if unchanged
            finalize = indexer(output, article_sections(articles, config.content_dirs),
                               report=lambda s: timings.__setitem__("search", s.seconds)) if search else None
            uptodate.discard(stamp)
            forget_state(state / RENDER_STATE)  # until this build's files are in place
            try:
                write_stats = write_site(
                    output, files, manifest, finalize=finalize,
                    remove_old_in_background=remove_old_in_background, previous=previous, in_place=commit_in_place,
                    detach_removal=detach_removal,
                )
            except jinja2.TemplateError as exc:  # a theme's runtime error (a misspelt variable): file and line
                raise rendering_error(exc) from exc
            for warning in unresolved_rooted_links((*articles, *site_pages), config.root, output,
                                                   renderer.settings.base_path):
                warnings.warn(warning, UnresolvedLinkWarning, stacklevel=3)
            # the output now holds this build's articles: say which are drafts, for 'sitegen publish'
            save_json(state / DRAFTS, sorted(a.path for a in articles if a.draft))
            if reuse is not None:
                save_state(state / RENDER_STATE, reuse.state)
            if storing is not None:
                storing()
            clock.lap("swap")  # after the last page: search index, swap, removing the old build
            report = BuildReport(len(articles), annotate_stats, write_stats, len(site.actors), len(site.countries),
                                 timings, problems, rendered=reuse.rendered if reuse else -1,
                                 reused=reuse.reused if reuse else 0, quiet_link=quiet)
            if problems:
                raise ProblemsError(problems, f"built {len(articles)} article(s) but {len(problems)} had problems:",
                                    unknown_key_summary(problems))
            if inputs is not None:
                uptodate.save(stamp, inputs, output, {"articles": report.articles, "actors": report.actors,
                                                      "countries": report.countries, "files": write_stats.files})
            return report
        finally:
            if aside is not None:  # not taken by the write stage: the build failed; stop writing it
                aside.cancel()


class FutureDateWarning(UserWarning):
    """An article dated after today: most often a typo (2062 for 2026), and until that
    day it stays on top of the home page and every feed."""


def future_dates(articles: Sequence[SourceArticle], today: datetime.date) -> list[str]:
    """A line for each article dated after ``today`` (a month-only date: after this month).
    The build still publishes it: its output never depends on the day it runs."""
    now = (today.year, today.month, today.day)  # a month-only date (day 0) of this month is not after it
    return [f"{a.path}: dated {a.date.iso()}, after today ({today.isoformat()}); it stays first on the home "
            "page and in the feeds until then (a typo in the year?)"
            for a in articles if (a.date.year, a.date.month, a.date.day) > now]


class UnresolvedLinkWarning(UserWarning):
    """A site-absolute link in an article or page (``/2023/05/slug/``) that names no file of
    the built site: most often an address of the old site, or a typo (``render/rooted.py``)."""


def unresolved_rooted_links(sources: Sequence[SourceArticle | SitePage], root: Path, output: Path,
                            base_path: str) -> list[str]:
    """A line for each site-absolute link of ``sources`` that names no file in ``output``
    (the finished build), with the source file and line; the build rewrote each to a
    relative link (``render/rooted.py``), which leads nowhere for these."""
    found = list(unresolved(((s.path, s.skeleton) for s in sources if s.skeleton), base_path,
                            lambda path: os.path.isfile(os.path.join(output, path))))
    lines = [f"{path}:{file_line_containing(root / path, url)}: links to {url!r}, which is no page or file of "
             "this site (an address of an earlier site, or a typo?)"
             for path, url in found[:ROOTED_WARNINGS]]
    if len(found) > ROOTED_WARNINGS:  # a moved archive may hold thousands: the first few say what to look for
        lines.append(f"... and {len(found) - ROOTED_WARNINGS} more such links in "
                     f"{len({path for path, _ in found[ROOTED_WARNINGS:]})} file(s); 'sitegen check' lists every one")
    return lines


ROOTED_WARNINGS = 20  # site-absolute links to nothing shown one by one; the rest are counted


def photo_store(config: SiteConfig, use_cache: bool) -> Path:
    """Where the smaller copies of photos are kept (``photos.py``): in the cache folder, or
    for a build without the cache in a folder of its own that each such build empties."""
    if use_cache:
        return config.cache_path / PHOTOS
    scratch = config.cache_path / "uncached" / PHOTOS
    shutil.rmtree(scratch, ignore_errors=True)
    return scratch


def output_state(config: SiteConfig, output: Path) -> Path:
    """Where the cache keeps what describes the site in ``output``: its manifest, the spare's,
    its render units and its up-to-date stamp.

    The configured output (``build/``) keeps them in the cache folder itself. Another one,
    such as the live server's drafts preview, gets a folder of its own: two outputs built by
    turns would otherwise each find the other's records, trust none of them, and render and
    write every page again. The parsed articles and annotations stay shared.
    """
    if output.resolve() == config.output_path.resolve():
        return config.cache_path
    return config.cache_path / "outputs" / digest(str(output.resolve()))


def _link(articles: Sequence[SourceArticle], annotations: Sequence[Annotation], knowledge: Knowledge, gazetteer,
          fingerprint: str, session: Session | None) -> tuple[Site, bool]:
    """The link stage: corpus-wide actor resolution, then the site's indexes; or, in the
    live server after a quiet edit (an edit that names the same actors, ``link/quiet.py``),
    the last result patched. Also whether it was patched."""
    countries_of = partial(_countries_of, gazetteer=gazetteer)
    context = (knowledge.fingerprint, gazetteer)  # what linking reads besides the articles
    if session is not None and (quiet := patched(session.link_state, context, articles, annotations, countries_of)):
        actor_index, site = quiet
        session.link_state = session.link_state.advanced(articles, annotations, actor_index, site)  # type: ignore[union-attr]
        return site, True
    annotated = [AnnotatedArticle(a, ann) for a, ann in zip(articles, annotations)]
    actor_index = resolve_actors(annotated, knowledge, gazetteer.country_name,
                                 country_names=country_surface_names(gazetteer), place_name=gazetteer.place_name,
                                 memo=session.links if session else None, language=gazetteer.lang)
    if session is not None:
        countries_of = _remembered_countries(countries_of, session.countries, fingerprint)
    site = build_site(articles, annotations, actor_index, countries_of, memo=session.indexes if session else None)
    if session is not None and session.links.reading is not None:
        session.link_state = LinkState(context, tuple(articles), tuple(annotations), actor_index, site,
                                       *session.links.reading)
    return site, False


def _store_parsed(config: SiteConfig, parsed: ParsedFiles) -> Callable[[], None]:
    """Start saving the parsed-article store; the returned function waits until it is saved.

    Forked when possible (a child inherits the parsed articles as they are); otherwise, and
    when nothing changed, the waiting function does the (then cheap or empty) work itself."""
    save = partial(save_parsed, config.cache_path / PARSED, parsed, code_fingerprint())
    if not parsed.dirty or not can_fork():
        return save
    child = Forked(save)
    parsed.dirty.clear()  # the child saves them; this process need not (``save_parsed`` skips a clean store)
    return child.result


def _inputs(config: SiteConfig, theme_fingerprint: str, knowledge: Knowledge,
            annotator: tuple[AnnotatorFactory, str] | None, output: Path, args: tuple) -> uptodate.Inputs | None:
    """What this build reads, for the no-op fast path; ``None`` when it cannot be trusted."""
    skip = _written_folders(config, output)
    skipped = {str(folder) for folder in skip}
    # every file there: articles, and the photos and documents they link to (also in _beelden/)
    paths = uptodate.content_files(config.root, config.content_dirs,
                                   lambda folder, names: content_subfolders(folder, names, skipped, (".",)))
    if paths is None:
        paths, problems = discover(config.root, config.content_dirs, skip)  # symlinks: the loader's own rules
        if problems:
            return None  # let the full build report them
    static = uptodate.content_files(config.root, (config.static_dir,)) if config.static_dir else []
    site_pages = uptodate.content_files(config.root, (config.pages_dir,)) if config.pages_dir else []
    if static is None or site_pages is None:
        return None  # a symlink in static/ or pages/: the full build judges it
    paths = [*paths, *static, *site_pages]
    from .nlp import pipeline_fingerprint  # cheap: reads metadata, never loads spaCy

    main = annotator[1] if annotator else pipeline_fingerprint(config.nlp_model, config.language, knowledge)
    # an installed pipeline for another language may be upgraded too (the embedded ones change
    # only with sitegen's own files and library versions, which the stamp holds)
    pipeline = "+".join([main, *(pipeline_fingerprint(model, lang, knowledge) for lang, model in config.nlp_models)])
    try:
        return uptodate.snapshot(config, {"output": output, "args": args}, theme_fingerprint,
                                 knowledge.fingerprint, pipeline, paths)
    except OSError:  # a file vanished while being listed: no fast path, the full build reports it
        return None


def _written_folders(config: SiteConfig, output: Path) -> tuple[Path, ...]:
    """The folders a build writes, which the loader skips if a content folder holds them."""
    return (output.resolve(), config.output_path, config.cache_path)


def _unchanged(previous: dict, timings: dict[str, float]) -> BuildReport:
    n, files = int(previous["articles"]), int(previous["files"])
    return BuildReport(n, AnnotateStats(n, n, 0, 0), WriteStats(files, 0, files, 0), int(previous["actors"]),
                       int(previous["countries"]), timings, (), fast_path=True)


def _renderer(theme, theme_fingerprint: str, settings: RenderSettings, labels: dict[str, str],
              session: Session | None) -> Renderer:
    """The compiled templates; template errors surface here, before any work. A session
    keeps them while the theme (by fingerprint), settings and labels stay the same."""
    if session is None or not theme_fingerprint:
        return Renderer(theme, settings, labels)
    key = (theme_fingerprint, settings, tuple(sorted(labels.items())))
    renderer = session.renderers.get(key)
    if renderer is None:
        session.renderers.clear()
        renderer = session.renderers[key] = Renderer(theme, settings, labels)
    return renderer


def _render_settings(config: SiteConfig, search: bool = False, site_pages: Sequence[SitePage] = ()) -> RenderSettings:
    return RenderSettings(
        title=config.title, description=config.description, language=config.language,
        base_url=config.base_url, base_path=config.base_path, page_size=config.page_size,
        allow_html=config.markdown_html, search=search, actor_page_size=config.actor_page_size,
        menu=site_menu(site_pages), paths=SitePaths.of(dict(config.folder_names)),
    )


def _page_folders(config: SiteConfig) -> tuple[str, ...]:
    """Where the files a page links to may lie: beside the pages, or beside the articles."""
    return (config.pages_dir, *config.content_dirs) if config.pages_dir else config.content_dirs


def _countries_of(article: SourceArticle, mentions: tuple[ResolvedMention, ...], gazetteer) -> tuple[tuple[str, ...], str]:
    lead_end = article.text.find("\n\n")
    return article_countries(
        ids_and_mentions(mentions)[1], "" if article.title_derived else article.title,
        lead_end if lead_end >= 0 else len(article.text), article.countries, gazetteer,
    )


def _remembered_countries(countries_of, memo: dict[str, tuple], fingerprint: str):
    """``countries_of`` answered from the last build for the same article object (same
    text), pipeline and kept mentions (the live server); ``memo`` keeps this build's."""
    previous = dict(memo)
    memo.clear()

    def remembered(article: SourceArticle, mentions) -> tuple[tuple[str, ...], str]:
        starts = tuple([rm.mention.start for rm in mentions]) if not hasattr(mentions, "identity") else mentions.identity()[0]
        entry = previous.get(article.path)
        if entry is not None and entry[0] is article and entry[1] == fingerprint and entry[2] == starts:
            result = entry[3]
        else:
            result = countries_of(article, mentions)
        memo[article.path] = (article, fingerprint, starts, result)
        return result

    return remembered


def _cluster(address: str):
    """The Dask backend for ``address`` (sitegen.distributed), or None to build locally."""
    if not address:
        return None
    from .distributed import connect

    return connect(address)


def _render_workers(requested: int) -> int:
    """Processes for rendering pages locally (config ``workers``: 0 = one per CPU core)."""
    return max(1, requested or os.cpu_count() or 1)


def _site_files(ctx: ViewContext, renderer: Renderer, config: SiteConfig, country_name: Callable[[str], str],
                pages: Iterable[tuple[str, bytes]] | None = None, workers: int = 1,
                reuse: RenderReuse | None = None, export: Iterable[bytes] | None = None,
                stage: Stage | None = None, aside: _ExportAside | None = None,
                linked_files: Iterable[LinkedFile] = (),
                static_files: Sequence[LinkedFile] = ()) -> Iterator[tuple[str, Any]]:
    """Pages and feeds, the files articles link to, data files, then the site's static
    files; the sitemap lists every HTML page yielded before it (not static ones).
    A static file that would replace a generated one stops the build (``static_files``).

    ``aside`` (with a ``stage``): the JSON export being written by a forked child, moved into
    the stage when the pages are done; ``export`` is written here if the child failed (to
    raise its error here). The live server has no child: it remembers export entries."""
    export = export or export_json_chunks(ctx.site, country_name, paths=ctx.paths)  # streamed: tens of MB
    if pages is None:  # rendered here (in ``workers`` processes) rather than on a cluster
        pages = render_site(ctx, renderer, workers=workers, reuse=reuse, stage=stage)
    html_paths: list[str] = []
    export_path = ctx.paths.public(EXPORT)
    generated: set[str] = {export_path, "robots.txt", ".nojekyll"}
    moved = redirects(ctx)  # old addresses: not pages of their own for the sitemap
    for path, data in pages:
        if path.endswith(".html") and path not in moved:
            html_paths.append(path)
        if path in generated:  # two units made one file: the later would replace the earlier
            raise ProblemsError([_collision(ctx, path, moved)], "two pages at one address; build/ was not changed:")
        generated.add(path)
        yield path, data
    for linked in linked_files:  # photos and documents beside the articles (load/resources.py)
        generated.add(linked.output)
        yield linked.output, linked.source  # copied by the write stage, never read whole
    lastmod = {e.article.url_path + "index.html": (e.article.updated or e.article.date).iso() for e in ctx.site.articles}
    lastmod.update((ctx.paths.public(p.url_path) + "index.html", p.updated.iso()) for p in ctx.pages if p.updated)
    site_maps = sitemaps(html_paths, config.base_url, config.base_path, lastmod)
    generated.update(name for name, _ in site_maps)
    if clashes := static_collisions(static_files, generated, config.static_dir):
        raise ProblemsError(clashes, f"{len(clashes)} static file(s) would replace generated ones; build/ was not changed:")
    placed = aside.place(stage, export_path) if aside is not None and stage is not None else None
    yield export_path, placed if placed is not None else export
    yield from site_maps
    own = {f.output for f in static_files}
    for static in static_files:  # the site's static/ folder, as it is (load/static_files.py)
        yield static.output, static.source
    if "robots.txt" not in own:
        yield "robots.txt", robots(config.base_url, config.base_path)
    yield ".nojekyll", b""


def _collision(ctx: ViewContext, path: str, moved: dict[str, int]) -> Problem:
    """Who to blame for a file made twice: a site page or an old address (an alias) the
    readers could not know was taken (an actor's page, a renamed folder), else sitegen."""
    page = next((p for p in ctx.pages if p.url_path + "index.html" == path), None)
    if page is not None:
        return Problem(page.path, 1, f"this page's address {page.url_path!r} is also that of a page sitegen makes "
                                     "(an article, an actor, a list or an old address); give it another name or 'slug:'")
    if path in moved:
        return Problem(ctx.site.articles[moved[path]].article.path, 1,
                       f"alias {path!r} is the place of one of the site's own pages; an alias must be an old address")
    return Problem(path, 0, "sitegen made this file twice; please report it")


class _ExportAside:
    """The JSON export (tens of MB at 10,000 articles), made and written by a forked child
    beside the output folder from the end of linking on, then moved into the stage: for a
    one-article edit it was the longest task after linking, on one core while the other
    waited."""

    def __init__(self, output: Path, chunks: Iterable[bytes]) -> None:
        build_pid = os.getpid()
        self._output = output
        self._child: Forked[WrittenAside] | None = Forked(lambda: write_aside(output, chunks, build_pid))

    def place(self, stage: Stage, path: str) -> Placed | None:
        """The export moved into ``stage`` at ``path``; None if the child failed (write it here)."""
        child, self._child = self._child, None
        written = child.result() if child is not None else None
        return stage.adopt(path, written) if written is not None else None

    def cancel(self) -> None:
        """Stop the child and delete what it wrote (the build failed before the export was placed)."""
        child, self._child = self._child, None
        if child is None:
            return
        child.cancel()
        discard_aside(self._output, os.getpid())


class _Clock:
    """Per-stage wall-clock timings for the report (never written into the site)."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now

    def around(self, items: Iterable, name: str) -> Iterator:
        yield from items
        self.lap(name)
