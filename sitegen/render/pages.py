"""The render stage: every page of the site, yielded one at a time as (path, bytes).

Pages are yielded rather than collected so a 10,000-article site never holds all its
HTML in memory; the write stage consumes them as they come. Order is fixed (sorted),
so the same site renders to the same bytes.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import jinja2

from ..model import ENTITY_LABELS
from . import urls
from .labels import format_month, month_name
from .svg import timeline_svg
from .theme import Theme, load_templates, make_environment
from .views import Geo, ViewContext, article_link, article_view, country_link, kwic, mentioned_in, type_label

TEMPLATES = (
    "article.html", "actor.html", "actors.html", "country.html", "countries.html",
    "list.html", "year.html", "archive.html", "home.html", "404.html",
    "search.html",  # search (issue 9)
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

    def page(self, template: str, path: str, title: str, **context: Any) -> tuple[str, bytes]:
        s = self.settings
        link = urls.Linker(path, s.base_path, absolute=path == "404.html")
        canonical = s.base_url + path if s.base_url.startswith("http") and path != "404.html" else ""
        html = self.templates[template].render(
            site={"title": s.title, "description": s.description, "language": s.language, "search": s.search},
            t=self.labels,
            url=link,
            asset=lambda name: link(self.assets[name][0]),
            page_title=title,
            canonical=canonical,
            page_path=path,
            **context,
        )
        return (path + "index.html" if path.endswith("/") or not path else path), html.encode("utf-8")

    def linker(self, path: str) -> urls.Linker:
        return urls.Linker(path, self.settings.base_path, absolute=path == "404.html")


def render_site(ctx: ViewContext, renderer: Renderer, only_articles: set[int] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the site except feeds, search and data exports (see ``outputs``)."""
    for name, (path, data) in renderer.assets.items():
        yield path, data
    for i, entry in enumerate(ctx.site.articles):
        path = entry.article.url_path
        yield renderer.page("article.html", path, entry.article.title, article=article_view(ctx, i, renderer.linker(path)))
    yield from _actor_pages(ctx, renderer)
    yield from _country_pages(ctx, renderer)
    yield from _archive_pages(ctx, renderer)
    yield _home(ctx, renderer)
    yield renderer.page("404.html", "404.html", ctx.labels["not_found"])
    if renderer.settings.search:  # search (issue 9): the page behind the header search box
        yield renderer.page("search.html", "zoeken/", ctx.labels["search"])


def _paginate(ctx: ViewContext, renderer: Renderer, base: str, items: Sequence[int], template: str,
              title: str, **extra: Any) -> Iterator[tuple[str, bytes]]:
    size = renderer.settings.page_size
    pages = max(1, math.ceil(len(items) / size))
    for page in range(1, pages + 1):
        path = urls.paged(base, page)
        link = renderer.linker(path)
        chunk = items[(page - 1) * size : page * size]
        pager = {
            "page": page,
            "pages": pages,
            "prev": link(urls.paged(base, page - 1)) if page > 1 else "",
            "next": link(urls.paged(base, page + 1)) if page < pages else "",
        }
        page_title = title if page == 1 else f"{title} – {ctx.labels['page']} {page}"
        extra_ctx = {k: (v(link) if callable(v) else v) for k, v in extra.items()}
        yield renderer.page(template, path, page_title, heading=title, pager=pager,
                            items=[article_link(ctx, i, link) for i in chunk], **extra_ctx)


def _actor_pages(ctx: ViewContext, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    site = ctx.site
    for actor_id, entry in site.actors.items():
        path = urls.actor_path(actor_id)
        link = renderer.linker(path)
        actor = entry.actor
        mentions = [
            {**article_link(ctx, i, link), "context": kwic(ctx, i, s, e, {actor_id})}
            for i, s, e in entry.contexts
        ]
        yield renderer.page(
            "actor.html", path, actor.name,
            actor={
                "id": actor_id, "name": actor.name, "type": type_label(ctx, entry), "description": actor.description,
                "external_id": actor.external_id,
                "country": country_link(ctx, actor.country, link) if actor.country and actor.country in site.countries else None,
                "aliases": [a for a in actor.aliases if a != actor.name],
                "mentioned": mentioned_in(ctx, len(entry.articles)),
                "mention_count": entry.mention_count,
                "timeline": timeline_svg(entry.timeline, ctx.language, ctx.labels["mentions_per_month"]),
                "co_actors": [
                    {"name": site.actors[b].actor.name, "url": link(urls.actor_path(b)), "count": n}
                    for b, n in entry.co_actors if b in site.actors
                ],
                "feed": link(urls.actor_path(actor_id) + "feed.xml"),
            },
            mentions=mentions,
        )
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
    yield renderer.page("actors.html", path, ctx.labels["actors"], groups=groups)


def _country_pages(ctx: ViewContext, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    for code, entry in ctx.site.countries.items():
        base = urls.country_path(code)
        name = ctx.geo.country_name(code)
        primary = entry.primary
        yield from _paginate(
            ctx, renderer, base, entry.articles, "country.html", name,
            country=lambda link, code=code: country_link(ctx, code, link),
            primary_titles=sorted(ctx.site.articles[i].article.url_path for i in primary),
            feed=lambda link, base=base: link(base + "feed.xml"),
        )
    path = "landen/"
    link = renderer.linker(path)
    regions: dict[str, list[dict[str, Any]]] = {}
    for code in ctx.site.countries:
        regions.setdefault(ctx.geo.region(code) or "—", []).append(country_link(ctx, code, link))
    groups = [
        {"region": region, "countries": sorted(items, key=lambda c: c["name"].casefold())}
        for region, items in sorted(regions.items())
    ]
    yield renderer.page("countries.html", path, ctx.labels["countries"], groups=groups)


def _archive_pages(ctx: ViewContext, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    lang = ctx.language
    link = renderer.linker("archief/")
    yield renderer.page(
        "archive.html", "archief/", ctx.labels["archive"],
        years=[{"year": year, "url": link(urls.year_path(year)),
                "months": [{"name": month_name(year, m, lang), "url": link(urls.month_path(year, m)),
                            "count": len(items)} for m, items in months]}
               for year, months in ctx.site.archive],
    )
    for year, months in ctx.site.archive:
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
        countries=[country_link(ctx, c, link) for c in countries[:30]],
        actors=[{"name": e.actor.name, "url": link(urls.actor_path(a)), "count": len(e.articles),
                 "type": type_label(ctx, e)} for a, e in top_actors],
        years=[{"year": y, "url": link(urls.year_path(y)),
                "count": sum(len(items) for _, items in months)} for y, months in site.archive],
    )
