"""The render stage: every page of the site, yielded one at a time as (path, bytes).

Pages are yielded rather than collected so a 10,000-article site never holds all its
HTML in memory; the write stage consumes them as they come. Order is fixed (sorted),
so the same site renders to the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

import jinja2

from ..errors import Problem
from ..forked import can_fork
from ..model import ENTITY_LABELS, SitePage, SourceArticle
from ..write import Stage
from . import urls
from .feeds import FeedSpec, atom_feed, corrections_feed, feed_specs
from .labels import format_month, month_name
from .reuse import REUSED, RenderReuse, actor_unit
from .svg import timeline_svg
from .theme import Theme, load_templates, make_environment
from .views import (
    ViewContext,
    actor_data,
    article_link,
    article_view,
    corrections_view,
    country_link,
    kwic,
    mentioned_in,
    og_locale,
    page_view,
    type_label,
)

TEMPLATES = (
    "article.html", "actor.html", "actors.html", "country.html", "countries.html", "tag.html", "tags.html",
    "author.html", "authors.html",
    "list.html", "year.html", "archive.html", "home.html", "404.html",
    "corrections.html",  # every correction (front matter ``corrections``)
    "search.html",  # search (issue 9)
    "_card.html",  # one tooltip card (views.cards_html)
    "redirect.html",  # an article's old address (front matter ``aliases``)
    "page.html",  # one of the site's own pages (load/page_reader.py)
)
HOME_LATEST = 10
HOME_ACTORS = 20


@dataclass(frozen=True, slots=True)
class RenderSettings:
    title: str
    description: str
    language: str
    base_url: str
    base_path: str
    page_size: int
    allow_html: bool
    search: bool
    actor_page_size: int = 50
    menu: tuple[tuple[str, str], ...] = ()  # (title, page path): the site's pages in its menu (``site_menu``)
    paths: urls.SitePaths = urls.DUTCH  # the names the generated folders are published under


def site_menu(pages: Sequence[SitePage]) -> tuple[tuple[str, str], ...]:
    """The pages with a ``menu`` place, in that order (then by title): every page shows them."""
    listed = sorted((p.menu, p.title, p.url_path) for p in pages if p.menu is not None)
    return tuple((title, path) for _, title, path in listed)


def static_files(theme: Theme) -> dict[str, tuple[str, bytes]]:
    """Theme assets: logical name → (fingerprinted site path, bytes); site files override."""
    found: dict[str, tuple[str, bytes]] = {}
    for folder in reversed(theme.static_dirs):  # packaged first, overrides last
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()[:10]
                stem, dot, suffix = name.rpartition(".")
                hashed = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
                found[name] = (f"static/{hashed}", data)
    return dict(sorted(found.items()))


class Renderer:
    """Holds the compiled templates and the shared context for one build."""

    def __init__(self, theme: Theme, settings: RenderSettings, labels: dict[str, str]) -> None:
        self.env: jinja2.Environment = make_environment(theme)
        self.templates = load_templates(self.env, TEMPLATES)
        self.settings = settings
        self.labels = labels
        self.assets = static_files(theme)
        self.menu = tuple({"title": title, "path": path} for title, path in settings.menu)

    def page(self, template: str, path: str, title: str, **context: Any) -> tuple[str, bytes]:
        s = self.settings
        link = self.linker(path)
        public = s.paths.public(path)
        canonical = s.base_url + public if s.base_url.startswith("http") and path != "404.html" else ""
        html = self.templates[template].render(
            site={"title": s.title, "description": s.description, "language": s.language, "search": s.search,
                  "menu": self.menu, "locale": og_locale(s.language)},
            t=self.labels,
            url=link,
            asset=lambda name: link(self.assets[name][0]),
            page_title=title,
            canonical=canonical,
            page_path=path,
            **context,
        )
        return (public + "index.html" if public.endswith("/") or not public else public), html.encode("utf-8")

    def card(self, card: dict[str, Any]) -> str:
        """One tooltip card, from the theme's ``_card.html`` (given ``c``, the card, and ``t``)."""
        return self.templates["_card.html"].render(c=card, t=self.labels)

    def linker(self, path: str) -> urls.Linker:
        """Links from the page at site path ``path`` (as published, see ``urls.SitePaths``)."""
        paths = self.settings.paths
        return urls.Linker(paths.public(path), self.settings.base_path, absolute=path == "404.html", paths=paths)


def render_site(ctx: ViewContext, renderer: Renderer, workers: int = 1,
                reuse: RenderReuse | None = None, stage: Stage | None = None) -> Iterator[tuple[str, Any]]:
    """Every page and feed of the site (not the search index, sitemap and data exports).

    With ``reuse`` (see ``reuse.py``), a unit whose inputs did not change since the last
    build yields its paths with ``REUSED`` instead of being rendered. With ``workers > 1``
    and enough pages to render, shards are rendered by forked worker processes (see
    ``_parallel_pages``); the pages are the same. Given the write stage's ``stage``, the
    workers put their pages there themselves and yield ``Placed`` records for them.
    """
    for path, data in renderer.assets.values():
        yield path, data
    site = ctx.site
    todo: dict[str, list] = {}
    feeds = site_feeds(ctx, renderer.settings.title)
    for kind, items in (("article", range(len(site.articles))), ("actor", actor_pages(site, renderer.settings)),
                        ("country", site.countries), ("tag", site.tags), ("author", site.authors),
                        ("year", range(len(site.archive))),
                        ("feed", range(len(feeds))), ("alias", redirects(ctx))):
        todo[kind] = []
        for item in items:
            paths = reuse.reusable(_unit(ctx, kind, item)) if reuse is not None else None
            if paths is None:
                todo[kind].append(item)
            else:
                for path in paths:
                    yield path, REUSED
    plan = _plan(ctx, renderer, todo, reuse)
    n_pages = len(todo["article"]) + len(todo["actor"])
    if workers > 1 and n_pages >= PARALLEL_MIN_PAGES and can_fork():
        shards = _parallel_pages(ctx, renderer, workers, plan, stage)
    else:
        shards = (step() if callable(step) else _render_shard(step, ctx, renderer) for step in plan)
    for units in shards:
        for unit, pages in units:
            if reuse is not None and unit:
                reuse.record(unit, [path for path, _ in pages])
            yield from pages


def actor_pages(site: Any, settings: RenderSettings) -> list[tuple[str, int]]:
    """Every actor page as (actor id, page number): each is a render unit of its own."""
    size = settings.actor_page_size
    return [(aid, page) for aid, entry in site.actors.items()
            for page in range(1, urls.page_count(len(entry.contexts), size) + 1)]


def _unit(ctx: ViewContext, kind: str, item: Any) -> str:
    """The render unit's id (see ``reuse.Unit``)."""
    if kind == "article":
        return "article:" + ctx.site.articles[item].article.url_path
    if kind == "actor":
        return actor_unit(*item)
    if kind == "year":
        return f"year:{ctx.site.archive[item][0]}"
    if kind == "feed":
        return "feed:" + _feeds(ctx, item)[0]
    return f"{kind}:{item}"


def redirects(ctx: ViewContext) -> dict[str, int]:
    """Each old address an article names (``aliases``) → the article, by output path; the
    build checked that none is another page's (``alias_problems``)."""
    found = ctx.memo.get("redirects")
    if found is None:
        pairs = sorted((urls.alias_output(alias), i) for i, e in enumerate(ctx.site.articles) for alias in e.article.aliases)
        found = ctx.memo["redirects"] = dict(pairs)
    return found


def alias_problems(articles: Sequence[SourceArticle],
                   line_of: Callable[[str, str, str], int] = lambda path, key, value: 0) -> list[Problem]:
    """A problem for each old address that is also an article's page, or another's alias.

    ``line_of(path, key, value)``: the line of an article's header field that holds
    ``value`` (``load.text.file_header_line``); aliases are kept without their lines."""
    pages = {a.url_path + "index.html": a.path for a in articles}
    aliased: dict[str, str] = {}  # output → the first article that names it as an old address
    problems: list[Problem] = []
    for a in articles:
        for alias in a.aliases:
            output = urls.alias_output(alias)
            page = pages.get(output)
            other = aliased.setdefault(output, a.path)
            if page is not None:
                whose = "its own address" if page == a.path else f"already the address of {page}"
                problems.append(Problem(a.path, line_of(a.path, "aliases", alias),
                                        f"alias {alias!r} is {whose}; an alias must be an old address"))
            elif other != a.path:
                problems.append(Problem(a.path, line_of(a.path, "aliases", alias),
                                        f"alias {alias!r} is also an old address of {other}; it can lead to "
                                        "one article only"))
    return problems


def _redirect_page(ctx: ViewContext, renderer: Renderer, path: str, index: int) -> tuple[str, bytes]:
    """An old address of an article: a page that sends the browser (and search engines, by
    its canonical link) on to the article; static hosts cannot redirect by themselves."""
    article = ctx.site.articles[index].article
    s = renderer.settings
    html = renderer.templates["redirect.html"].render(
        site={"title": s.title, "language": s.language}, t=renderer.labels, title=article.title,
        target=renderer.linker(path)(article.url_path),
        canonical=s.base_url + article.url_path if s.base_url.startswith("http") else "",
    )
    return path, html.encode("utf-8")


def site_feeds(ctx: ViewContext, title: str) -> list[FeedSpec]:
    """The site's feed specs (``feeds.feed_specs``), made once per build and kept in the
    context: the render keys and the renderers use the same list."""
    specs = ctx.memo.get("feeds")
    if specs is None:
        specs = ctx.memo["feeds"] = feed_specs(ctx.site, title, ctx.geo.country_name)
    return specs


def _feeds(ctx: ViewContext, index: int) -> FeedSpec:
    return ctx.memo["feeds"][index]  # set up by render_site (site_feeds) before any shard


Pages = list[tuple[str, Any]]
Units = list[tuple[str, Pages]]  # (unit id, or "" for whole-site pages; its pages)


def _plan(ctx: ViewContext, renderer: Renderer, todo: dict[str, list], reuse: RenderReuse | None = None) -> list:
    """The pages to render in their fixed order: shards (``(kind, items)`` tuples, see
    ``_render_shard``), which may be rendered on workers, and callables returning the few
    pages that need the whole site (indexes, home), which the building process renders
    (or, with ``reuse``, keeps when their key did not change)."""
    def whole(unit: str, render: Callable[[], tuple[str, Any]]) -> Callable[[], Units]:
        def step() -> Units:
            paths = reuse.reusable(unit) if reuse is not None else None
            if paths is not None:
                return [("", [(path, REUSED) for path in paths])]  # "": already in reuse's state
            return [(unit, [render()])]
        return step

    plan: list = _shards("article", todo["article"], SHARD_PAGES)
    plan += _shards("actor", todo["actor"], SHARD_PAGES)
    plan.append(whole("page:actors", lambda: _actors_index(ctx, renderer)))
    plan += _shards("country", todo["country"], SHARD_COUNTRIES)
    plan.append(whole("page:countries", lambda: _countries_index(ctx, renderer)))
    for kind, entries in ctx.site.named():
        if entries:
            plan += _shards(kind, todo[kind], SHARD_COUNTRIES)
            plan.append(whole(f"page:{kind}s", partial(_names_index, ctx, renderer, kind)))
    plan.append(whole("page:archive", lambda: _archive_index(ctx, renderer)))
    plan.append(whole("page:corrections", lambda: _corrections(ctx, renderer)))
    plan.append(whole("feed:" + CORRECTIONS_FEED, lambda: _corrections_feed(ctx, renderer)))
    plan += _shards("year", todo["year"], 1)
    plan += _shards("feed", todo["feed"], SHARD_FEEDS)
    plan += _shards("alias", todo["alias"], SHARD_PAGES)
    for page in ctx.pages:  # the site's own pages: few, rendered here
        plan.append(whole(page_unit(page), partial(_site_page, ctx, renderer, page)))
    plan.append(whole("page:home", lambda: _home(ctx, renderer)))
    plan.append(whole("page:404", lambda: renderer.page("404.html", "404.html", ctx.labels["not_found"])))
    if renderer.settings.search:  # search (issue 9): the page behind the header search box
        plan.append(whole("page:search", lambda: renderer.page("search.html", "zoeken/", ctx.labels["search"])))
    return plan


def page_unit(page: SitePage) -> str:
    """The render unit of one of the site's own pages (see ``reuse.Unit``)."""
    return "sitepage:" + page.url_path


def _site_page(ctx: ViewContext, renderer: Renderer, page: SitePage) -> tuple[str, bytes]:
    link = renderer.linker(page.url_path)
    return renderer.page("page.html", page.url_path, page.title, page=page_view(ctx, page, link))


def _shards(kind: str, items: list, size: int) -> list[tuple[str, tuple]]:
    return [(kind, tuple(items[lo : lo + size])) for lo in range(0, len(items), size)]


def _render_shard(task: tuple[str, tuple], ctx: ViewContext, renderer: Renderer) -> Units:
    """One shard's units: article pages, actor pages, countries (all their list pages) or years (ditto)."""
    kind, items = task
    site = ctx.site
    if kind == "article":
        return [(_unit(ctx, kind, i), [_article_page(ctx, renderer, i)]) for i in items]
    if kind == "actor":  # (actor id, page) pairs; an actor's pages are consecutive
        return [(actor_unit(aid, n), [page])
                for aid, pairs in itertools.groupby(items, key=itemgetter(0))
                for n, page in _actor_pages(ctx, renderer, aid, site.actors[aid], {n for _, n in pairs})]
    if kind == "country":
        return [(_unit(ctx, kind, c), list(_country_page_set(ctx, renderer, c, site.countries[c]))) for c in items]
    if kind in NAMED:
        entries = dict(site.named())[kind]
        return [(_unit(ctx, kind, slug), list(_named_page_set(ctx, renderer, kind, entries[slug]))) for slug in items]
    if kind == "year":
        return [(_unit(ctx, kind, y), list(_year_pages(ctx, renderer, *site.archive[y]))) for y in items]
    if kind == "alias":
        return [(_unit(ctx, kind, path), [_redirect_page(ctx, renderer, path, redirects(ctx)[path])]) for path in items]
    if kind == "feed":
        s = renderer.settings
        public = s.paths.public
        return [(_unit(ctx, kind, f), [(public(path), atom_feed(site, indices, title, public(path), public(page),
                                                                  s.base_url, s.base_path, s.language))])
                for f in items for path, indices, title, page, _ in (_feeds(ctx, f),)]
    raise ValueError(f"unknown shard kind {kind!r}")


def _paginate(ctx: ViewContext, renderer: Renderer, base: str, items: Sequence[int], template: str,
              title: str, **extra: Any) -> Iterator[tuple[str, bytes]]:
    for path, link, pager, lo, hi in _pager(renderer, base, len(items), renderer.settings.page_size):
        page_title = title if pager["page"] == 1 else f"{title} – {ctx.labels['page']} {pager['page']}"
        extra_ctx = {k: (v(link) if callable(v) else v) for k, v in extra.items()}
        yield renderer.page(template, path, page_title, heading=title, pager=pager,
                            items=[article_link(ctx, i, link) for i in items[lo:hi]], **extra_ctx)


def _pager(renderer: Renderer, base: str, count: int,
           size: int) -> Iterator[tuple[str, urls.Linker, dict[str, Any], int, int]]:
    """Each page of a list of ``count`` items, ``size`` a page: its path, its linker, the
    pager the templates show, and the slice of items it holds. Page 1 is the list's own
    URL, so a list that grows onto a second page keeps its address."""
    pages = urls.page_count(count, size)
    for page in range(1, pages + 1):
        path = urls.paged(base, page)
        link = renderer.linker(path)
        pager = {
            "page": page,
            "pages": pages,
            "prev": link(urls.paged(base, page - 1)) if page > 1 else "",
            "next": link(urls.paged(base, page + 1)) if page < pages else "",
            "first": (page - 1) * size + 1,  # the number of the page's first item (an <ol start>)
        }
        yield path, link, pager, (page - 1) * size, min(count, page * size)


def _article_page(ctx: ViewContext, renderer: Renderer, i: int) -> tuple[str, bytes]:
    article = ctx.site.articles[i].article
    path = article.url_path
    return renderer.page("article.html", path, article.title,
                         article=article_view(ctx, i, renderer.linker(path), renderer.card, _absolute(renderer),
                                              renderer.settings.title))


# --- rendering the pages on forked workers -------------------------------------------------
PARALLEL_MIN_PAGES = 300  # below this, forking workers costs more than it saves
SHARD_PAGES = 40  # article or actor pages per task: small enough to balance, big enough to batch
SHARD_COUNTRIES = 8  # countries (each with all its list pages) per task
SHARD_FEEDS = 100  # Atom feeds per task
IN_FLIGHT_PER_WORKER = 3  # shards submitted ahead of the writer, per worker
_FORKED: tuple[ViewContext, Renderer, Stage | None] | None = None  # set in the parent just before forking


def _parallel_pages(ctx: ViewContext, renderer: Renderer, workers: int, plan: list,
                    stage: Stage | None = None) -> Iterator[Units]:
    """The units of ``plan``, its shards rendered by ``workers`` forked processes.

    The workers inherit the linked site copy-on-write (fork), so only shard items go to
    them; they write their pages into ``stage`` (when given) and send back (path,
    ``Placed``), otherwise (path, bytes). Results are taken in plan order, so the output
    is the single-process output, page for page. The building process books the pages
    and renders the plan's few whole-site pages (indexes, home) meanwhile.
    """
    import gc
    import multiprocessing

    global _FORKED
    tasks = [step for step in plan if not callable(step)]
    _FORKED = (ctx, renderer, stage)
    outer = gc.get_freeze_count() > 0  # the build froze its stages' results (sitegen/survivors.py)
    gc.freeze()  # keep the collector from touching (and so copying) the shared site in the workers
    try:
        pool = multiprocessing.get_context("fork").Pool(max(1, min(workers, len(tasks))))
    finally:
        if not outer:
            gc.unfreeze()
    try:
        # at most a few shards in flight per worker: the pages wait in memory only until written
        pending: deque = deque()
        queue = iter(tasks)
        for task in itertools.islice(queue, IN_FLIGHT_PER_WORKER * workers):
            pending.append(pool.apply_async(_render_in_worker, (task,)))
        for step in plan:
            if callable(step):
                yield step()
                continue
            units = pending.popleft().get()
            for task in itertools.islice(queue, 1):
                pending.append(pool.apply_async(_render_in_worker, (task,)))
            # a shard that failed in a worker is rendered here again, so its error is raised
            # in this process with its real traceback (the live server locates template errors)
            yield _render_shard(step, ctx, renderer) if units is None else units
        pool.close()
    finally:
        _FORKED = None
        pool.terminate()
        pool.join()


def _render_in_worker(task: tuple[str, tuple]) -> Units | None:
    """In a worker: one shard's units, or None if rendering (or writing) failed; the parent
    then renders the shard again itself, so the error is raised there."""
    assert _FORKED is not None, "render workers must be forked from the building process"
    ctx, renderer, stage = _FORKED
    try:
        units = _render_shard(task, ctx, renderer)
        if stage is None:
            return units
        return [(unit, [(path, stage.place(path, data)) for path, data in pages]) for unit, pages in units]
    except Exception:  # noqa: BLE001 - re-raised by the parent, with a usable traceback
        return None


def _actor_pages(ctx: ViewContext, renderer: Renderer, actor_id: str, entry: Any,
                 wanted: Container[int]) -> Iterator[tuple[int, tuple[str, bytes]]]:
    """The ``wanted`` pages of an actor's, by number: who the actor is, then the articles
    that mention it, each with the sentence quoted (KWIC), ``actor_page_size`` a page; a
    popular actor is quoted in thousands of articles. The timeline and co-actors are on
    the first page only. (``reuse.site_keys`` keys each page on what it shows.)"""
    site = ctx.site
    base = urls.actor_path(actor_id)
    actor = entry.actor
    contexts = entry.contexts
    for path, link, pager, lo, hi in _pager(renderer, base, len(contexts), renderer.settings.actor_page_size):
        if pager["page"] not in wanted:
            continue
        first = pager["page"] == 1
        mentions = [
            {**article_link(ctx, i, link), "context": kwic(ctx, i, s, e, {actor_id})}
            for i, s, e in contexts[lo:hi]
        ]
        title = actor.name if first else f"{actor.name} – {ctx.labels['page']} {pager['page']}"
        yield pager["page"], renderer.page(
            "actor.html", path, title,
            actor={
                "id": actor_id, "name": actor.name, "type": type_label(ctx, entry), "description": actor.description,
                "external_id": actor.external_id,
                "country": country_link(ctx, actor.country, link) if actor.country and actor.country in site.countries else None,
                "aliases": [a for a in actor.aliases if a != actor.name],
                "mentioned": mentioned_in(ctx, len(entry.articles)),
                "mention_count": entry.mention_count,
                "timeline": timeline_svg(entry.timeline, ctx.language, ctx.labels["mentions_per_month"]) if first else "",
                "co_actors": [
                    {"name": site.actors[b].actor.name, "url": link(urls.actor_path(b)), "count": n}
                    for b, n in entry.co_actors if b in site.actors
                ] if first else [],
                "feed": link(base + "feed.xml"),
                "url": link(base),
                "structured": actor_data(ctx, actor_id, _absolute(renderer)) if first else None,
            },
            mentions=mentions,
            pager=pager,
        )


def _absolute(renderer: Renderer) -> str:
    """The site's absolute address for structured data, or "" when it is not configured."""
    base_url = renderer.settings.base_url
    return base_url if base_url.startswith("http") else ""


def _actors_index(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    site = ctx.site
    path = "actoren/"
    link = renderer.linker(path)
    groups = []
    for label in ENTITY_LABELS:
        items = sorted(
            ({"name": e.actor.name, "url": link(urls.actor_path(a)), "count": len(e.articles)}
             for a, e in site.actors.items() if e.actor.label == label),
            key=lambda d: (-d["count"], d["name"].casefold()),
        )
        if items:
            groups.append({"label": ctx.labels[f"{label}_plural"], "id": label.lower(), "items": items})
    return renderer.page("actors.html", path, ctx.labels["actors"], groups=groups)


def _country_page_set(ctx: ViewContext, renderer: Renderer, code: str, entry: Any) -> Iterator[tuple[str, bytes]]:
    base = urls.country_path(code)
    name = ctx.geo.country_name(code)
    primary = entry.primary
    yield from _paginate(
        ctx, renderer, base, entry.articles, "country.html", name,
        country=lambda link, code=code: country_link(ctx, code, link),
        primary_titles=sorted(ctx.site.articles[i].article.url_path for i in primary),
        feed=lambda link, base=base: link(base + "feed.xml"),
    )


def _countries_index(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    path = "landen/"
    link = renderer.linker(path)
    regions: dict[str, list[dict[str, Any]]] = {}
    for code in ctx.site.countries:
        regions.setdefault(ctx.geo.region(code) or "—", []).append(country_link(ctx, code, link))
    groups = [
        {"region": region, "countries": sorted(items, key=lambda c: c["name"].casefold())}
        for region, items in sorted(regions.items())
    ]
    return renderer.page("countries.html", path, ctx.labels["countries"], groups=groups)


# the names editors give articles (``Site.named``), each with list pages and a feed:
# kind → (a name's template, the index's template and label)
NAMED = {
    "tag": ("tag.html", "tags.html", "tags"),  # topics (``tags``)
    "author": ("author.html", "authors.html", "authors"),  # bylines
}


def _named_page_set(ctx: ViewContext, renderer: Renderer, kind: str, entry: Any) -> Iterator[tuple[str, bytes]]:
    """A topic's or an author's list pages, newest first, with its feed."""
    template, _, _ = NAMED[kind]
    base = urls.named_path(kind, entry.slug)
    yield from _paginate(
        ctx, renderer, base, entry.articles, template, entry.name, kind=ctx.labels[kind],
        tag=lambda link, entry=entry: {"name": entry.name, "count": len(entry.articles), "url": link(base)},
        feed=lambda link, base=base: link(base + "feed.xml"),
    )


def _names_index(ctx: ViewContext, renderer: Renderer, kind: str) -> tuple[str, bytes]:
    """Every topic or author, by name, with its number of articles."""
    _, template, label = NAMED[kind]
    path = urls.NAMED_INDEX[kind]
    link = renderer.linker(path)
    names = sorted(({"name": e.name, "url": link(urls.named_path(kind, slug)), "count": len(e.articles)}
                    for slug, e in dict(ctx.site.named())[kind].items()), key=lambda d: (d["name"].casefold(), d["name"]))
    return renderer.page(template, path, ctx.labels[label], heading=ctx.labels[label], tags=names)


def _archive_index(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    lang = ctx.language
    link = renderer.linker("archief/")
    return renderer.page(
        "archive.html", "archief/", ctx.labels["archive"],
        tags_url=link(urls.TAGS) if ctx.site.tags else "",
        authors_url=link(urls.AUTHORS) if ctx.site.authors else "",
        corrections_url=link(urls.CORRECTIONS),
        years=[{"year": year, "url": link(urls.year_path(year)),
                "months": [{"name": month_name(year, m, lang), "url": link(urls.month_path(year, m)),
                            "count": len(items)} for m, items in months]}
               for year, months in ctx.site.archive],
    )


def _corrections(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    """The site's public record of corrections (``SourceArticle.corrections``), made even
    while it is empty: a corrections policy links to it from the start."""
    link = renderer.linker(urls.CORRECTIONS)
    return renderer.page("corrections.html", urls.CORRECTIONS, ctx.labels["corrections"],
                         corrections=corrections_view(ctx, link), feed=link(CORRECTIONS_FEED))


CORRECTIONS_FEED = urls.CORRECTIONS + "feed.xml"


def _corrections_feed(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    s = renderer.settings
    path = s.paths.public(CORRECTIONS_FEED)
    return path, corrections_feed(ctx.site, f"{s.title} – {ctx.labels['corrections']}", path,
                                  s.paths.public(urls.CORRECTIONS), s.base_url, s.base_path, s.language)


def _year_pages(ctx: ViewContext, renderer: Renderer, year: int, months: Any) -> Iterator[tuple[str, bytes]]:
    lang = ctx.language
    path = urls.year_path(year)
    link = renderer.linker(path)
    yield renderer.page(
        "year.html", path, str(year), year=year,
        months=[{"name": month_name(year, m, lang), "url": link(urls.month_path(year, m)), "count": len(items)}
                for m, items in months],
    )
    for month, items in months:
        yield from _paginate(ctx, renderer, urls.month_path(year, month), items, "list.html",
                             format_month(year, month, lang))


def _home(ctx: ViewContext, renderer: Renderer) -> tuple[str, bytes]:
    link = renderer.linker("")
    site = ctx.site
    top_actors = sorted(site.actors.items(), key=lambda kv: (-len(kv[1].articles), -kv[1].mention_count, kv[0]))
    top_actors = [(a, e) for a, e in top_actors if not (e.actor.label == "LOC" and e.actor.country)][:HOME_ACTORS]
    countries = sorted(site.countries, key=lambda c: (-len(site.countries[c].articles), c))
    return renderer.page(
        "home.html", "", renderer.settings.title,
        latest=[article_link(ctx, i, link) for i in range(min(HOME_LATEST, len(site.articles)))],
        older=len(site.articles) > HOME_LATEST,  # the rest are a link away: the archive
        countries=[country_link(ctx, c, link) for c in countries[:30]],
        actors=[{"name": e.actor.name, "url": link(urls.actor_path(a)), "count": len(e.articles),
                 "type": type_label(ctx, e)} for a, e in top_actors],
        years=[{"year": y, "url": link(urls.year_path(y)),
                "count": sum(len(items) for _, items in months)} for y, months in site.archive],
    )
