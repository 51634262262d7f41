"""View models: the plain dictionaries each template receives, built from the ``Site``.

Templates stay simple (loops and escaping only); everything that needs the corpus
(counts, related articles, tooltip cards) is decided here, in Python, and sorted.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape, unescape
from itertools import pairwise
from typing import Any, Protocol
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from markupsafe import Markup

from ..link.corrections import newest_first
from ..link.indexes import ActorEntry, LinkedArticle, Site, ids_and_mentions
from ..link.translations import translations
from ..load.fields import PREVIEW_IMAGE_SUFFIXES, tag_slug
from ..load.resources import published_path
from ..model import ENTITY_LABELS, Claim, SitePage, SourceArticle
from ..photos import Photo
from . import urls
from .body import render_body, render_page_body
from .images import sized_images
from .labels import format_article_date
from .rooted import maybe_rooted, site_rooted

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
    pages: tuple[SitePage, ...] = ()  # the site's own pages (load/page_reader.py)
    paths: urls.SitePaths = urls.DUTCH  # the names the generated folders are published under
    image_sizes: Mapping[str, Photo] = field(default_factory=dict)  # published photo → size and copies (photos.py)
    # Per-build memo of page-independent pieces (an article's date label, an actor's card
    # text): a 10,000-article site asks for the same ones hundreds of thousands of times.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def _article_fixed(ctx: ViewContext, index: int) -> tuple[str, str, str, str, str, str, str]:
    """What every link to an article shows: (title, url path, date, ISO date, summary,
    primary country, a fact-check's verdict)."""
    key = ("link", index)
    fixed = ctx.memo.get(key)
    if fixed is None:
        entry = ctx.site.articles[index]
        a = entry.article
        fixed = ctx.memo[key] = (a.title, a.url_path, format_article_date(a.date, ctx.language), a.date.iso(),
                                 a.summary, entry.primary_country, a.claim.verdict if a.claim else "")
    return fixed


def article_link(ctx: ViewContext, index: int, link: Callable[[str], str]) -> dict[str, Any]:
    title, url_path, date, date_iso, summary, primary_country, verdict = _article_fixed(ctx, index)
    return {
        "title": title,
        "url": link(url_path),
        "date": date,
        "date_iso": date_iso,
        "summary": summary,
        "primary_country": primary_country,
        "verdict": verdict,  # a fact-check's verdict, "" for other articles
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
    others = _recent(_card_sources(ctx, actor_id)[0], current)
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


def _recent(newest: tuple[int, ...], current: int) -> tuple[int, ...]:
    """The articles a card lists: of the actor's ``newest`` (``_card_sources``), those
    other than ``current``."""
    return (tuple([i for i in newest if i != current]) if current in newest else newest)[:RECENT_IN_CARD]


def _card_sources(ctx: ViewContext, actor_id: str) -> tuple[tuple[int, ...], str]:
    """The articles a card may list (the actor's newest, one spare for the current one:
    never a scan of a long posting list per card) and the actor's page, once per build:
    an article page shows 15 cards."""
    key = ("card-sources", actor_id)
    sources = ctx.memo.get(key)
    if sources is None:
        newest = tuple(ctx.site.actors[actor_id].articles[: RECENT_IN_CARD + 1])
        sources = ctx.memo[key] = (newest, urls.actor_path(actor_id))
    return sources


class Cards(Sequence[dict]):
    """An article's tooltip cards (``card`` dicts), made only if a template reads them:
    the default theme shows ``cards_html`` instead."""

    __slots__ = ("_args", "_cards")

    def __init__(self, ctx: ViewContext, actor_ids: list[str], current: int, link: Callable[[str], str]) -> None:
        self._args: tuple | None = (ctx, actor_ids, current, link)
        self._cards: list[dict[str, Any]] = []

    def _made(self) -> list[dict[str, Any]]:
        if self._args is not None:
            ctx, actor_ids, current, link = self._args
            self._cards, self._args = [card(ctx, aid, current, link) for aid in actor_ids], None
        return self._cards

    def __len__(self) -> int:
        return len(self._args[1]) if self._args is not None else len(self._cards)

    def __getitem__(self, index):  # list indexing and slicing
        return self._made()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._made())


def cards_html(ctx: ViewContext, actor_ids: list[str], current: int, link: Callable[[str], str],
               render: Callable[[dict[str, Any]], str]) -> Markup:
    """The article's cards rendered by ``render`` (the theme's ``_card.html``), each one once
    per build and worker for the same actor, recent articles and link targets.

    A card is the same on every page that shows it from the same depth of the site: most
    of an article page's template work (15 cards a page, 20 escaped fields each) is
    done once per distinct card instead of once per page.
    """
    parts = []
    for aid in actor_ids:
        newest, path = _card_sources(ctx, aid)
        others = _recent(newest, current)
        key = ("card-html", aid, others, link(path), tuple([link(_article_fixed(ctx, i)[1]) for i in others]))
        html = ctx.memo.get(key)
        if html is None:
            html = ctx.memo[key] = render(card(ctx, aid, current, link))
        parts.append(html)
    return Markup("".join(parts))


def article_view(ctx: ViewContext, index: int, link: urls.Linker,
                 render_card: Callable[[dict[str, Any]], str] | None = None, base_url: str = "",
                 publisher: str = "") -> dict[str, Any]:
    """The article page's view; ``render_card`` renders one card (``cards_html``);
    ``base_url``: the site's absolute address, if known, for the structured data;
    ``publisher``: the site's name, the author of its fact-checks' reviews."""
    entry: LinkedArticle = ctx.site.articles[index]
    a = entry.article
    known = [rm for rm in entry.mentions if rm.actor_id in ctx.site.actors]
    by_title = {i: ctx.site.articles[i].article.url_path for _, i in entry.read_also if i >= 0}
    read_also = {t: link(by_title[i]) for t, i in entry.read_also if i >= 0}
    body = render_body(a, known, lambda actor_id: link(urls.actor_path(actor_id)), read_also.get,
                       (lambda path: link(page) if (page := page_of_source(ctx, path)) else None)
                       if a.article_links else None)
    if a.skeleton and maybe_rooted(a.skeleton):  # only a Markdown article's own HTML can hold /site/paths
        body = site_rooted(body, link.rooted)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for aid, n in entry.actor_counts:
        actor_entry = ctx.site.actors.get(aid)
        if actor_entry is not None:
            by_label.setdefault(actor_entry.actor.label, []).append(
                {"name": actor_entry.actor.name, "url": link(_card_sources(ctx, aid)[1]), "count": n})
    groups = [{"label": ctx.labels[f"{label}_plural"], "items": by_label[label]}
              for label in ENTITY_LABELS if label in by_label]
    actor_ids = sorted({rm.actor_id for rm in known})
    versions = versions_of(ctx, index)
    others = [ctx.site.articles[j].article for j in versions]
    return {
        "title": a.title,
        "date": format_article_date(a.date, ctx.language),
        "date_iso": a.date.iso(),
        "updated": format_article_date(a.updated, ctx.language) if a.updated else "",
        "updated_iso": a.updated.iso() if a.updated else "",
        "author": byline(a.authors, ctx.language),
        "author_url": link(urls.named_path("author", tag_slug(a.authors[0]))) if len(a.authors) == 1 else "",
        "authors": [{"name": name, "url": link(urls.named_path("author", tag_slug(name))), "after": after}
                    for name, after in zip(a.authors, list_separators(len(a.authors), ctx.language))],
        "draft": a.draft,  # only in a build with drafts (``serve --drafts``, ``build --drafts``)
        "summary": a.summary,
        "lang": a.lang,
        "language": language_name(a.lang),  # "Nederlands", "English": the search's language filter
        "locale": og_locale(a.lang),  # Open Graph: nl_NL
        "reading_time": ctx.labels["reading_time"].format(n=reading_minutes(a.text)),
        "body": Markup(_labelled_backlinks(sized_images(body, a.url_path, ctx.image_sizes), ctx.labels["back_to_text"])),
        "toc": table_of_contents(body),
        "countries": [country_link(ctx, code, link, code == entry.primary_country) for code in entry.countries],
        "tags": [{"name": ctx.site.tags[slug].name, "url": link(urls.tag_path(slug))}
                 for slug in map(tag_slug, a.tags)],
        "groups": groups,
        "related": [article_link(ctx, i, link) for i in entry.related if i not in versions],  # those link above
        # the neighbours in the archive (Site.articles is newest first), as readers page on
        "older": article_link(ctx, index + 1, link) if index + 1 < len(ctx.site.articles) else None,
        "newer": article_link(ctx, index - 1, link) if index > 0 else None,
        "translations": [{**article_link(ctx, j, link), "lang": v.lang, "language": language_name(v.lang)}
                         for j, v in zip(versions, others)],
        # every version, this one too, for search engines (absolute when the site's address is known)
        "alternates": [{"lang": v.lang, "href": base_url + v.url_path if base_url else link(v.url_path),
                        "locale": og_locale(v.lang)} for v in (a, *others)] if others else [],
        "cards": Cards(ctx, actor_ids, index, link),
        "cards_html": cards_html(ctx, actor_ids, index, link, render_card) if render_card else Markup(""),
        "month_url": link(urls.month_path(a.date.year, a.date.month)),
        "structured": structured_data(ctx, index, base_url),
        "corrections": [{"date": format_article_date(c.date, ctx.language), "date_iso": c.date.iso(), "text": c.text}
                        for c in a.corrections],
        "corrections_url": link(urls.CORRECTIONS),
        "claim": {"text": a.claim.text, "verdict": a.claim.verdict, "claimant": a.claim.claimant} if a.claim else None,
        "claim_review": claim_review(a, a.claim, base_url, publisher) if a.claim else None,
        "image": lead_image(a, base_url),
        "params": Params.of(a.params),  # the editors' own front-matter fields
    }


class Params(dict):
    """An article's or page's own front-matter fields for a template: a field it does not
    have is empty text, so ``{{ article.params.photographer }}`` works on every article
    (the theme's other variables stop the build when misspelt)."""

    def __missing__(self, key: str) -> str:
        return ""

    @classmethod
    def of(cls, params: str) -> Params:
        """The fields from their canonical JSON (``SourceArticle.params``, ``SitePage.params``)."""
        return cls(json.loads(params) if params else {})


def corrections_view(ctx: ViewContext, link: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every correction on the site, the most recent first (``link.corrections``): its
    date, its text and the article it corrects."""
    return [{"date": format_article_date(c.date, ctx.language), "date_iso": c.date.iso(), "text": c.text,
             "article": article_link(ctx, i, link),
             "url": link(ctx.site.articles[i].article.url_path) + f"#correctie-{n + 1}"}  # its place under the article
            for i, n, c in newest_first([e.article for e in ctx.site.articles])]


def versions_of(ctx: ViewContext, index: int) -> tuple[int, ...]:
    """The article's versions in other languages (``link.translations``), found once per build."""
    others = ctx.memo.get("translations")
    if others is None:
        others = ctx.memo["translations"] = translations([e.article for e in ctx.site.articles])
    return others[index]


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """A language's name in that language, as language switches show it ("Français",
    "Nederlands"): a reader looks for their own language, not for the site's word for it."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=64)
def og_locale(code: str) -> str:
    """The Open Graph locale of a language (``nl`` → ``nl_NL``, ``nl_BE`` stays, ``en`` →
    ``en_US``): social sites read ``language_TERRITORY``, taking the territory where the
    language is most used when the code names none (CLDR's likely subtags)."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    territory = locale.territory or (get_global("likely_subtags").get(locale.language, "").split("_") or [""])[-1]
    return f"{locale.language}_{territory}" if territory and territory.isalpha() and territory.isupper() else locale.language


WORDS_PER_MINUTE = 220  # a common figure for reading news on a screen


def reading_minutes(text: str) -> int:
    """About how many minutes the text takes to read, never less than one."""
    return max(1, -(-len(text.split()) // WORDS_PER_MINUTE))


TOC_MIN_HEADINGS = 3  # fewer sections are seen at a glance
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def table_of_contents(body: str) -> list[dict[str, Any]]:
    """The body's sections (``h2``, with their ``h3`` as ``children``) for a long article's
    table of contents; empty below ``TOC_MIN_HEADINGS``. Read from the body's own HTML, whose
    headings the readers gave ids (``fields.heading_slug``); raw HTML headings have none."""
    found = _HEADING.findall(body)
    if len(found) < TOC_MIN_HEADINGS:
        return []
    toc: list[dict[str, Any]] = []
    for level, anchor, inner in found:
        item = {"id": unescape(anchor), "title": unescape(_TAG.sub("", inner)), "children": []}
        if level == "3" and toc:
            toc[-1]["children"].append(item)
        else:
            toc.append(item)
    return toc


def _labelled_backlinks(body: str, label: str) -> str:
    """A footnote's way back ("↩︎") says where it goes, in the site's language."""
    if 'class="footnote-backref"' not in body:
        return body
    return body.replace('class="footnote-backref">', f'class="footnote-backref" aria-label="{escape(label)}">')


def byline(authors: Sequence[str], language: str) -> str:
    """The authors as a sentence says them in the site's language: "Jan Smit en Piet Bakker"."""
    return "".join(name + after for name, after in zip(authors, list_separators(len(authors), language)))


@lru_cache(maxsize=256)
def list_separators(count: int, language: str) -> tuple[str, ...]:
    """What follows each of ``count`` items of a list in running text ("A, B en C": ", ",
    " en ", ""), from CLDR's list patterns for the language (through Babel)."""
    if count < 2:
        return ("",) * count
    patterns = Locale.parse(language).list_patterns["standard"]

    def between(pattern: str) -> str:
        return pattern.split("{0}", 1)[1].split("{1}", 1)[0]

    if count == 2:
        return (between(patterns["2"]), "")
    return (between(patterns["start"]), *[between(patterns["middle"])] * (count - 3), between(patterns["end"]), "")


def claim_review(article: SourceArticle, claim: Claim, base_url: str, publisher: str) -> dict[str, Any]:
    """A fact-check as schema.org ``ClaimReview``: the claim, who made it, the verdict as
    the editors word it (``alternateName``; a verdict in words has no numeric scale)."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "datePublished": article.date.iso(),
        "reviewRating": {"@type": "Rating", "alternateName": claim.verdict},
    }
    if publisher:
        review["author"] = {"@type": "Organization", "name": publisher}
    if claim.claimant:
        review["itemReviewed"] = {"@type": "Claim", "author": {"@type": "Person", "name": claim.claimant}}
    if base_url:
        review["url"] = base_url + article.url_path
    return review


def page_of_source(ctx: ViewContext, path: str) -> str | None:
    """The page path of the article read from ``path`` (site-relative), if it is in the
    site; the build refused links to articles that are not (``article_link_problems``)."""
    pages = ctx.memo.get("page-of-source")
    if pages is None:
        pages = ctx.memo["page-of-source"] = pages_of_sources(ctx.site, ctx.pages)
    return pages.get(path)


def pages_of_sources(site: Site, pages: Sequence[SitePage]) -> dict[str, str]:
    """Source path → page path, for every article and page (links between them by file)."""
    found = {e.article.path: e.article.url_path for e in site.articles}
    found.update((p.path, p.url_path) for p in pages)
    return found


def page_view(ctx: ViewContext, page: SitePage, link: urls.Linker) -> dict[str, Any]:
    """One of the site's own pages: its body with its links made to work where it is published."""
    body = render_page_body(page.skeleton, (lambda path: link(target) if (target := page_of_source(ctx, path)) else None)
                            if page.article_links else None)
    body = site_rooted(body, link.rooted)
    body = sized_images(body, page.url_path, ctx.image_sizes)  # its links are relative to url_path (page_reader)
    return {"title": page.title, "summary": page.summary, "lang": page.lang, "locale": og_locale(page.lang),
            "draft": page.draft, "body": Markup(body), "params": Params.of(page.params),
            "updated": format_article_date(page.updated, ctx.language) if page.updated else "",
            "updated_iso": page.updated.iso() if page.updated else ""}




def lead_image(article: SourceArticle, base_url: str) -> str:
    """The absolute URL of the photo link previews show (Open Graph, JSON-LD): the one the
    front matter names (``image``), else the first the article shows; "" without one or
    without the site's absolute address (a preview needs an absolute URL)."""
    if article.image.startswith(("http://", "https://")):
        return article.image
    if not base_url:
        return ""
    if article.image:  # in the static folder, published at the site's root
        return base_url + quote(article.image.lstrip("/"))
    for target, _ in article.resources:  # a front matter image beside the article is the first of them
        if target.lower().endswith(PREVIEW_IMAGE_SUFFIXES):
            return base_url + quote(published_path(target))
    return ""


SCHEMA_TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "MISC": "Thing"}


def actor_data(ctx: ViewContext, actor_id: str, base_url: str = "") -> dict[str, Any]:
    """An actor's page as a schema.org ``ProfilePage`` of the person, organisation, place
    or other thing it is about: its names, description and Wikidata item, for search
    engines and for whoever collects the archive's entities."""
    actor = ctx.site.actors[actor_id].actor
    thing = _thing(actor, actor_id, base_url, ctx.paths)
    if actor.aliases:
        thing["alternateName"] = [a for a in actor.aliases if a != actor.name]
    if actor.description:
        thing["description"] = actor.description
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": thing}


def _thing(actor: Any, actor_id: str, base_url: str, paths: urls.SitePaths) -> dict[str, Any]:
    """The schema.org node of an actor: type, name, and where known its page and Wikidata item."""
    thing: dict[str, Any] = {"@type": SCHEMA_TYPES.get(actor.label, "Thing"), "name": actor.name}
    if base_url:
        thing["url"] = base_url + paths.public(urls.actor_path(actor_id))
    if actor.external_id.startswith("Q") and actor.external_id[1:].isdigit():
        thing["sameAs"] = "https://www.wikidata.org/wiki/" + actor.external_id
    return thing


def structured_data(ctx: ViewContext, index: int, base_url: str = "") -> dict[str, Any]:
    """The article as a schema.org ``NewsArticle`` (JSON-LD): search engines and news
    aggregators read the headline and date from it, and the annotations travel with the
    page as ``mentions`` (each actor, most mentioned first, with its Wikidata item when the
    knowledge file names one) and ``contentLocation`` (the article's countries).

    URLs are absolute or left out: JSON-LD read outside the page has no base to resolve
    a relative one against, so without ``base_url`` the page carries none."""
    entry = ctx.site.articles[index]
    a = entry.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.date.iso(),
        **({"dateModified": a.updated.iso()} if a.updated else {}),
        "inLanguage": a.lang,
    }
    if a.summary:
        data["description"] = a.summary
    if a.corrections:  # newest first, as the page's readers and the corrections page see them
        data["correction"] = [{"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.iso()}
                              for c in reversed(a.corrections)]
    if a.authors:
        people = [{"@type": "Person", "name": name} for name in a.authors]
        data["author"] = people[0] if len(people) == 1 else people
    if base_url:
        data["url"] = base_url + a.url_path
    if image := lead_image(a, base_url):
        data["image"] = image
    if entry.countries:
        data["contentLocation"] = [{"@type": "Country", "name": ctx.geo.country_name(code), "identifier": code.upper()}
                                   for code in entry.countries]
    mentions = []
    for aid, _ in entry.actor_counts:
        actor_entry = ctx.site.actors.get(aid)
        if actor_entry is None:
            continue
        mentions.append(_thing(actor_entry.actor, aid, base_url, ctx.paths))
    if mentions:
        data["mentions"] = mentions
    return data


def country_link(ctx: ViewContext, code: str, link: Callable[[str], str], primary: bool = False) -> dict[str, Any]:
    entry = ctx.site.countries.get(code)
    return {
        "code": code,
        "name": ctx.geo.country_name(code),
        "flag": ctx.geo.flag(code),
        "url": link(urls.country_path(code)),
        "count": len(entry.articles) if entry else 0,
        "mentioned": mentioned_in(ctx, len(entry.articles) if entry else 0),
        "primary": primary,
    }


def kwic(ctx: ViewContext, article_index: int, start: int, end: int, name_variants: set[str]) -> Markup:
    """The sentence where the actor occurs, with its mentions emphasised (escaped)."""
    text = ctx.site.articles[article_index].article.text
    mentions, actor_ids, starts = _plain_mentions(ctx, article_index)
    # mentions sorted by start (the annotate stage guarantees it): only a bisected slice can
    # lie inside start:end, instead of every mention of the article for every actor page quoting it
    lo, hi = (bisect_left(starts, start), bisect_left(starts, end)) if starts is not None else (0, len(mentions))
    parts: list[str] = []
    cursor = start
    for k in range(lo, hi):
        m = mentions[k]
        if m.start >= start and m.end <= end and m.start >= cursor and actor_ids[k] in name_variants:
            parts.append(escape(text[cursor : m.start]))
            parts.append(f"<mark>{escape(text[m.start : m.end])}</mark>")
            cursor = m.end
    parts.append(escape(text[cursor:end]))
    snippet = "".join(parts).strip()
    return Markup(snippet)


def _plain_mentions(ctx: ViewContext, article_index: int) -> tuple[Sequence[Any], Sequence[str], list[int] | None]:
    """The article's ``Mention``s, their actor ids and their starts (``None`` if not sorted by
    start), kept per build (``ids_and_mentions`` reads the first two without a ``ResolvedMention`` each)."""
    key = ("plain", article_index)
    found = ctx.memo.get(key)
    if found is None:
        actor_ids, mentions = ids_and_mentions(ctx.site.articles[article_index].mentions)
        starts: list[int] | None = [m.start for m in mentions]
        if any(a > b for a, b in pairwise(starts)):  # type: ignore[arg-type]
            starts = None  # unsorted: scan them all
        found = ctx.memo[key] = (mentions, actor_ids, starts)
    return found
