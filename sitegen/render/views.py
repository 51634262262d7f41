"""View models: the plain dictionaries each template receives, built from the ``Site``.

Templates stay simple (loops and escaping only); everything that needs the corpus
(counts, related articles, tooltip cards) is decided here, in Python, and sorted.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
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
    # Per-build memo of page-independent pieces (an article's date label, an actor's card
    # text): a 10,000-article site asks for the same ones hundreds of thousands of times.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def article_link(ctx: ViewContext, index: int, link: Callable[[str], str]) -> dict[str, Any]:
    key = ("link", index)
    fixed = ctx.memo.get(key)
    if fixed is None:
        entry = ctx.site.articles[index]
        a = entry.article
        fixed = ctx.memo[key] = (a.title, a.url_path, format_article_date(a.date, ctx.language), a.date.iso(),
                                 a.summary, entry.primary_country)
    title, url_path, date, date_iso, summary, primary_country = fixed
    return {
        "title": title,
        "url": link(url_path),
        "date": date,
        "date_iso": date_iso,
        "summary": summary,
        "primary_country": primary_country,
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
    key = ("card", actor_id)
    fixed = ctx.memo.get(key)
    if fixed is None:
        actor = entry.actor
        fixed = ctx.memo[key] = (
            actor.name, type_label(ctx, entry), actor.label, actor.description,
            ctx.geo.country_name(actor.country) if actor.country and actor.country != "XX" else "",
            mentioned_in(ctx, len(entry.articles)), urls.actor_path(actor_id),
        )
    name, type_, label, description, country, mentioned, path = fixed
    # only the first RECENT_IN_CARD + 1 can matter: never scan a long posting list per card
    others = [i for i in entry.articles[: RECENT_IN_CARD + 1] if i != current][:RECENT_IN_CARD]
    return {
        "id": actor_id,
        "name": name,
        "type": type_,
        "label": label,
        "description": description,
        "country": country,
        "mentioned": mentioned,
        "url": link(path),
        "recent": [article_link(ctx, i, link) for i in others],
    }


def article_view(ctx: ViewContext, index: int, link: Callable[[str], str]) -> dict[str, Any]:
    entry: LinkedArticle = ctx.site.articles[index]
    a = entry.article
    known = [rm for rm in entry.mentions if rm.actor_id in ctx.site.actors]
    by_title = {i: ctx.site.articles[i].article.url_path for _, i in entry.read_also if i >= 0}
    read_also = {t: link(by_title[i]) for t, i in entry.read_also if i >= 0}
    body = render_body(a, known, lambda actor_id: link(urls.actor_path(actor_id)), read_also.get)
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
    entry = ctx.site.articles[article_index]
    text = entry.article.text
    parts: list[str] = []
    cursor = start
    for rm in _mentions_from(ctx, article_index, start, end):
        m = rm.mention
        if m.start >= start and m.end <= end and m.start >= cursor and rm.actor_id in name_variants:
            parts.append(escape(text[cursor : m.start]))
            parts.append(f"<mark>{escape(text[m.start : m.end])}</mark>")
            cursor = m.end
    parts.append(escape(text[cursor:end]))
    snippet = "".join(parts).strip()
    return Markup(snippet)


def _mentions_from(ctx: ViewContext, article_index: int, start: int, end: int) -> Any:
    """The article's mentions that can lie inside ``start:end``, in their original order.

    When mentions are sorted by start (the annotate stage guarantees it) this is a bisected
    slice instead of a scan of every mention of the article, for every actor page that quotes it.
    """
    mentions = ctx.site.articles[article_index].mentions
    key = ("starts", article_index)
    starts = ctx.memo.get(key)
    if starts is None:
        starts = [rm.mention.start for rm in mentions]
        if any(a > b for a, b in pairwise(starts)):
            starts = ()  # unsorted: fall back to a full scan
        ctx.memo[key] = starts
    if not starts:
        return mentions
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end, lo)
    return mentions[lo:hi]
