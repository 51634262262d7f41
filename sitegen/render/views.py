"""View models: the plain dictionaries each template receives, built from the ``Site``.

Templates stay simple (loops and escaping only); everything that needs the corpus
(counts, related articles, tooltip cards) is decided here, in Python, and sorted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from markupsafe import Markup

from ..link.indexes import ActorEntry, LinkedArticle, Site
from ..model import ENTITY_LABELS
from . import urls
from .body import render_body
from .labels import format_article_date

RECENT_IN_CARD = 3


class Geo(Protocol):
    def country_name(self, code: str) -> str: ...
    def region(self, code: str) -> str: ...
    def flag(self, code: str) -> str: ...


@dataclass(frozen=True, slots=True)
class ViewContext:
    site: Site
    language: str
    labels: dict[str, str]
    geo: Geo
    allow_html: bool


def article_link(ctx: ViewContext, index: int, link: Callable[[str], str]) -> dict[str, Any]:
    entry = ctx.site.articles[index]
    a = entry.article
    return {
        "title": a.title,
        "url": link(a.url_path),
        "date": format_article_date(a.date, ctx.language),
        "date_iso": a.date.iso(),
        "summary": a.summary,
        "primary_country": entry.primary_country,
    }


def type_label(ctx: ViewContext, entry: ActorEntry) -> str:
    actor = entry.actor
    if actor.label == "LOC" and actor.country and ctx.geo.country_name(actor.country) == actor.name:
        return ctx.labels["country"]
    return ctx.labels[actor.label]


def mentioned_in(ctx: ViewContext, n: int) -> str:
    return ctx.labels["mentioned_in_one"] if n == 1 else ctx.labels["mentioned_in_many"].format(n=n)


def card(ctx: ViewContext, actor_id: str, current: int, link: Callable[[str], str]) -> dict[str, Any]:
    """The tooltip card of one actor as seen from article ``current``."""
    entry = ctx.site.actors[actor_id]
    actor = entry.actor
    others = [i for i in entry.articles if i != current][:RECENT_IN_CARD]
    return {
        "id": actor_id,
        "name": actor.name,
        "type": type_label(ctx, entry),
        "label": actor.label,
        "description": actor.description,
        "country": ctx.geo.country_name(actor.country) if actor.country and actor.country != "XX" else "",
        "mentioned": mentioned_in(ctx, len(entry.articles)),
        "url": link(urls.actor_path(actor_id)),
        "recent": [article_link(ctx, i, link) for i in others],
    }


def article_view(ctx: ViewContext, index: int, link: Callable[[str], str]) -> dict[str, Any]:
    entry: LinkedArticle = ctx.site.articles[index]
    a = entry.article
    known = [rm for rm in entry.mentions if rm.actor_id in ctx.site.actors]
    by_title = {i: ctx.site.articles[i].article.url_path for _, i in entry.read_also if i >= 0}
    read_also = {t: link(by_title[i]) for t, i in entry.read_also if i >= 0}
    body = render_body(
        a, known, lambda actor_id: link(urls.actor_path(actor_id)), read_also.get, ctx.allow_html
    )
    groups = []
    for label in ENTITY_LABELS:
        items = [
            {"name": ctx.site.actors[aid].actor.name, "url": link(urls.actor_path(aid)), "count": n}
            for aid, n in entry.actor_counts
            if aid in ctx.site.actors and ctx.site.actors[aid].actor.label == label
        ]
        if items:
            groups.append({"label": ctx.labels[f"{label}_plural"], "items": items})
    actor_ids = sorted({rm.actor_id for rm in known})
    return {
        "title": a.title,
        "date": format_article_date(a.date, ctx.language),
        "date_iso": a.date.iso(),
        "author": a.author,
        "summary": a.summary,
        "lang": a.lang,
        "body": Markup(body),
        "countries": [country_link(ctx, code, link, code == entry.primary_country) for code in entry.countries],
        "groups": groups,
        "related": [article_link(ctx, i, link) for i in entry.related],
        "cards": [card(ctx, aid, index, link) for aid in actor_ids],
        "month_url": link(urls.month_path(a.date.year, a.date.month)),
    }


def country_link(ctx: ViewContext, code: str, link: Callable[[str], str], primary: bool = False) -> dict[str, Any]:
    entry = ctx.site.countries.get(code)
    return {
        "code": code,
        "name": ctx.geo.country_name(code),
        "flag": ctx.geo.flag(code),
        "url": link(urls.country_path(code)),
        "count": len(entry.articles) if entry else 0,
        "primary": primary,
    }


def kwic(ctx: ViewContext, article_index: int, start: int, end: int, name_variants: set[str]) -> Markup:
    """The sentence where the actor occurs, with its mentions emphasised (escaped)."""
    from html import escape

    entry = ctx.site.articles[article_index]
    text = entry.article.text
    parts: list[str] = []
    cursor = start
    for rm in entry.mentions:
        m = rm.mention
        if m.start >= start and m.end <= end and m.start >= cursor and rm.actor_id in name_variants:
            parts.append(escape(text[cursor : m.start]))
            parts.append(f"<mark>{escape(text[m.start : m.end])}</mark>")
            cursor = m.end
    parts.append(escape(text[cursor:end]))
    snippet = "".join(parts).strip()
    return Markup(snippet)
