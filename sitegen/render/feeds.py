"""Machine-readable outputs: Atom feeds (via feedgen), sitemap.xml, robots.txt and the
JSON export of all annotations.

Feed timestamps come from article dates, never from the clock, so builds stay
byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from ..link.corrections import newest_first
from ..link.indexes import Site
from ..model import ArticleDate
from . import urls

FEED_SIZE = 30
EXPORT_VERSION = 1


def _when(date: ArticleDate) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day or 1, tzinfo=dt.UTC)


def site_root_url(base_url: str, base_path: str) -> str:
    """Absolute root URL when a full base URL is configured, else the path prefix."""
    return base_url if base_url.startswith("http") else base_path


VERDICT_SCHEME = "https://schema.org/reviewRating"  # marks the category that is a fact-check's verdict
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _EntryLanguage(BaseEntryExtension):
    """A feed entry's own ``xml:lang`` (feedgen sets it only on the feed): an article in
    another language than the site's is read, hyphenated and spoken in its own."""

    def __init__(self) -> None:
        self.lang = ""

    def extend_atom(self, entry):
        if self.lang:
            entry.set(XML_LANG, self.lang)
        return entry


def _with_entry_languages(fg: FeedGenerator) -> FeedGenerator:
    fg.register_extension("sitegen_lang", BaseExtension, _EntryLanguage, atom=True, rss=False)
    return fg


def _feed(title: str, feed_path: str, page_path: str, base_url: str, base_path: str,
          language: str) -> tuple[FeedGenerator, str]:
    """A feed with its id, title, language and links set, and the root its URLs start with."""
    root = site_root_url(base_url, base_path)
    fg = _with_entry_languages(FeedGenerator())
    fg.id(root + feed_path if root.startswith("http") else f"tag:sitegen,2000:{base_path}{feed_path}")
    fg.title(title)
    fg.language(language)
    fg.link(href=root + page_path, rel="alternate")
    fg.link(href=root + feed_path, rel="self")
    fg.generator("sitegen")
    return fg, root


def atom_feed(site: Site, indices: Sequence[int], title: str, feed_path: str, page_path: str,
              base_url: str, base_path: str, language: str) -> bytes:
    fg, root = _feed(title, feed_path, page_path, base_url, base_path, language)
    chosen = list(indices[:FEED_SIZE])
    changed = [site.articles[i].article for i in chosen]
    newest = max((a.updated or a.date for a in changed), default=ArticleDate(2000, 1, 1))
    fg.updated(_when(newest))
    for i in reversed(chosen):  # feedgen prepends entries
        a = site.articles[i].article
        entry = fg.add_entry()
        link = root + a.url_path
        entry.id(link if link.startswith("http") else f"tag:sitegen,2000:{base_path}{a.url_path}")
        entry.title(a.title)
        entry.link(href=link)
        entry.updated(_when(a.updated or a.date))
        entry.published(_when(a.date))
        entry.summary(a.summary or a.title)
        if a.lang != language:
            entry.sitegen_lang.lang = a.lang
        for name in a.authors:
            entry.author({"name": name})
        for tag in a.tags:  # the editors' topics, and a fact-check's verdict: what feed readers filter on
            entry.category(term=tag)
        if a.claim:
            entry.category(term=a.claim.verdict, scheme=VERDICT_SCHEME)
    if not chosen or not any(site.articles[i].article.authors for i in chosen):
        fg.author({"name": title})
    return fg.atom_str(pretty=True)


def corrections_feed(site: Site, title: str, feed_path: str, page_path: str, base_url: str, base_path: str,
                     language: str) -> bytes:
    """The site's corrections as a feed, the most recent first: one entry per correction,
    linking to it under its article, for readers who follow what an archive puts right."""
    fg, root = _feed(title, feed_path, page_path, base_url, base_path, language)
    fg.author({"name": title})
    chosen = newest_first([e.article for e in site.articles])[:FEED_SIZE]
    fg.updated(_when(chosen[0][2].date if chosen else ArticleDate(2000, 1, 1)))
    for i, n, correction in reversed(chosen):  # feedgen prepends entries
        a = site.articles[i].article
        anchor = f"{a.url_path}#correctie-{n + 1}"  # its number in the article's own list: it keeps it
        entry = fg.add_entry()
        entry.id(root + anchor if root.startswith("http") else f"tag:sitegen,2000:{base_path}{anchor}")
        entry.title(a.title)
        entry.link(href=root + anchor)
        entry.updated(_when(correction.date))
        entry.published(_when(correction.date))
        entry.summary(correction.text)
    return fg.atom_str(pretty=True)


FeedSpec = tuple[str, Sequence[int], str, str, str]  # (feed path, articles newest first, title, page path,
# render unit of that page, see reuse.py)


def feed_specs(site: Site, title: str, country_name) -> list[FeedSpec]:
    """Every feed of the site: the whole site's, each country's, actor's, topic's and author's."""
    specs: list[FeedSpec] = [("feed.xml", range(len(site.articles)), title, "", "")]
    for code, entry in site.countries.items():
        page = urls.country_path(code)
        specs.append((page + "feed.xml", entry.articles, f"{title} – {country_name(code)}", page, "country:" + code))
    for actor_id, entry in site.actors.items():
        page = urls.actor_path(actor_id)
        specs.append((page + "feed.xml", entry.articles, f"{title} – {entry.actor.name}", page, "actor:" + actor_id))
    for kind, entries in site.named():
        for slug, entry in entries.items():
            page = urls.named_path(kind, slug)
            specs.append((page + "feed.xml", entry.articles, f"{title} – {entry.name}", page, f"{kind}:{slug}"))
    return specs


SITEMAP_MAX_URLS = 50_000  # the sitemap protocol's limit per file (sitemaps.org)


def sitemaps(html_paths: Sequence[str], base_url: str, base_path: str,
             lastmod: Mapping[str, str] | None = None) -> list[tuple[str, bytes]]:
    """The sitemap files: ``sitemap.xml`` listing every page but the 404 (with ``lastmod``,
    page path → W3C date, an article's last change), or, past ``SITEMAP_MAX_URLS``
    pages (search engines read at most 50,000 URLs a file), ``sitemap.xml`` as an index of
    ``sitemap-1.xml``, ``sitemap-2.xml`` … at the site root (a sitemap may only list URLs
    below its own folder)."""
    root = site_root_url(base_url, base_path)
    lastmod = lastmod or {}
    rows = []
    for path in sorted(html_paths):
        if path == "404.html":
            continue
        changed = lastmod.get(path, "")
        stamp = f"<lastmod>{changed}</lastmod>" if changed else ""
        rows.append((f"  <url><loc>{xml_escape(root + path.removesuffix('index.html'))}</loc>{stamp}</url>", changed))
    limit = SITEMAP_MAX_URLS
    chunks = [rows[lo:lo + limit] for lo in range(0, len(rows), limit)] or [[]]
    if len(chunks) == 1:
        return [("sitemap.xml", _urlset(r for r, _ in chunks[0]))]
    files = [(f"sitemap-{n}.xml", _urlset(r for r, _ in chunk)) for n, chunk in enumerate(chunks, 1)]
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for (name, _), chunk in zip(files, chunks):
        newest = max(changed for _, changed in chunk)
        stamp = f"<lastmod>{newest}</lastmod>" if newest else ""
        index.append(f"  <sitemap><loc>{xml_escape(root + name)}</loc>{stamp}</sitemap>")
    index.append("</sitemapindex>")
    return [("sitemap.xml", ("\n".join(index) + "\n").encode("utf-8")), *files]


def _urlset(rows: Iterable[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *rows, "</urlset>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str, base_path: str) -> bytes:
    root = site_root_url(base_url, base_path)
    text = "User-agent: *\nAllow: /\n"
    if root.startswith("http"):
        text += f"Sitemap: {root}sitemap.xml\n"
    return text.encode("utf-8")


def export_json(site: Site, country_name) -> bytes:
    """All annotations as one documented JSON file (see docs/data-export.md)."""
    return b"".join(export_json_chunks(site, country_name))


def export_json_chunks(site: Site, country_name, keys: Sequence[str] | None = None,
                       memo: dict[str, bytes] | None = None, paths: urls.SitePaths = urls.DUTCH) -> Iterator[bytes]:
    """``export_json`` as a stream of byte chunks, one per article, so the whole document
    (tens of megabytes for a big archive) is never held in memory at once.

    The bytes are exactly ``json.dumps(doc, ensure_ascii=False, indent=1)``; the stdlib's
    indenting encoder is pure Python and was the largest single cost of rendering a big
    site, so entities (most of the file) are formatted directly and the rest by ``_dumps``.
    ``keys``/``memo``: per article, a key of everything its entry shows (``reuse.site_keys``)
    and the entries of the previous build by key (the live server); ``memo`` is updated to
    hold this build's. It holds them zlib-compressed: at 10,000 articles the entries are
    59 MB as they are and 11 MB compressed, for 0.2 s of inflating them all again.
    """
    yield f'{{\n "version": {_dumps(EXPORT_VERSION, 1)},\n "articles": '.encode()
    previous = dict(memo) if memo is not None and keys is not None else {}
    if memo is not None:
        memo.clear()
    sep = b"[\n  "
    for i, entry in enumerate(site.articles):
        key = keys[i] if keys is not None else None
        packed = previous.get(key) if key is not None else None
        chunk = zlib.decompress(packed) if packed is not None else None
        if chunk is None:
            a = entry.article
            article = {
                "url": a.url_path, "title": a.title, "date": a.date.iso(),
                **({"updated": a.updated.iso()} if a.updated else {}), "lang": a.lang, "source": a.path,
                "countries": list(entry.countries), "primary_country": entry.primary_country,
                **({"authors": list(a.authors)} if a.authors else {}),
                **({"claim": {"text": a.claim.text, "verdict": a.claim.verdict, "claimant": a.claim.claimant}}
                   if a.claim else {}), **({"tags": list(a.tags)} if a.tags else {}),
                **({"translation_key": a.translation_key} if a.translation_key else {}),
                **({"params": json.loads(a.params)} if a.params else {}),
                **({"corrections": [{"date": c.date.iso(), "text": c.text} for c in a.corrections]}
                   if a.corrections else {}),
                "entities": [_entity_json(rm) for rm in entry.mentions],
            }
            chunk = _dumps(article, 2).encode()
        if memo is not None and key is not None:
            memo[key] = packed if packed is not None else zlib.compress(chunk, 1)
        yield sep + chunk
        sep = b",\n  "
    yield ("[]" if not site.articles else "\n ]").encode()
    actors = [
        {"id": aid, "name": e.actor.name, "label": e.actor.label, "country": e.actor.country,
         "description": e.actor.description, "external_id": e.actor.external_id,
         "aliases": list(e.actor.aliases), "articles": len(e.articles), "mentions": e.mention_count,
         "url": paths.public(urls.actor_path(aid))}
        for aid, e in site.actors.items()
    ]
    yield f',\n "actors": {_dumps(actors, 1)}'.encode()
    countries = [
        {"code": code, "name": country_name(code), "articles": len(e.articles), "primary": len(e.primary),
         "url": paths.public(urls.country_path(code))}
        for code, e in site.countries.items()
    ]
    tags = [{"slug": slug, "name": e.name, "articles": len(e.articles), "url": paths.public(urls.tag_path(slug))}
            for slug, e in site.tags.items()]
    yield f',\n "countries": {_dumps(countries, 1)}'.encode()
    yield (f',\n "tags": {_dumps(tags, 1)}' if tags else "").encode() + b"\n}"


class _Raw(str):
    """A fragment already formatted as indented JSON at its place in the document."""


_ENTITY_LEVEL = 4  # doc > "articles" > article > "entities" > entity
_IN = "\n" + " " * (_ENTITY_LEVEL + 1)
_OUT = "\n" + " " * _ENTITY_LEVEL


def _entity_json(rm) -> dict | _Raw:
    m = rm.mention
    start, end, text, label, actor = m.start, m.end, m.text, m.label, rm.actor_id
    if not (type(start) is int and type(end) is int and type(text) is str and type(label) is str
            and type(actor) is str):
        entity = {"start": start, "end": end, "text": text, "label": label, "actor": actor}
        if m.nationality:
            entity["nationality"] = True
        return entity  # unusual types: let the generic encoder decide, as json.dumps would
    enc = _encode_str
    tail = f',{_IN}"nationality": true' if m.nationality else ""
    return _Raw(f'{{{_IN}"start": {start},{_IN}"end": {end},{_IN}"text": {enc(text)},{_IN}"label": {enc(label)},'
                f'{_IN}"actor": {enc(actor)}{tail}{_OUT}}}')


def _dumps(obj: object, level: int = 0) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=1)`` for plain data, plus ``_Raw`` fragments,
    as it appears nested ``level`` deep in a document."""
    out: list[str] = []
    app = out.append
    enc = _encode_str

    def scalar(o: object) -> bool:
        t = type(o)
        if t is _Raw:
            app(o)  # type: ignore[arg-type]
        elif t is str:
            app(enc(o))  # type: ignore[arg-type]
        elif o is None:
            app("null")
        elif o is True:
            app("true")
        elif o is False:
            app("false")
        elif t is int:
            app(int.__repr__(o))  # type: ignore[arg-type]
        elif t is float:
            app(_FLOAT.encode(o))
        else:
            return False
        return True

    def go(o: object, level: int) -> None:
        if scalar(o):
            return
        if isinstance(o, dict):
            if not o:
                app("{}")
                return
            nl = "\n" + " " * (level + 1)
            sep = "{" + nl
            for k, v in o.items():
                app(sep)
                sep = "," + nl
                app(enc(k if type(k) is str else _key(k)))
                app(": ")
                go(v, level + 1)
            app("\n" + " " * level + "}")
        elif isinstance(o, (list, tuple)):
            if not o:
                app("[]")
                return
            nl = "\n" + " " * (level + 1)
            sep = "[" + nl
            for v in o:
                app(sep)
                sep = "," + nl
                go(v, level + 1)
            app("\n" + " " * level + "]")
        elif isinstance(o, str):  # subclasses (Markup) encode as their text
            app(enc(str.__str__(o)))
        elif isinstance(o, int):
            app(int.__repr__(o))
        elif isinstance(o, float):
            app(_FLOAT.encode(float(o)))
        else:
            raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    go(obj, level)
    return "".join(out)


def _key(k: object) -> str:
    """Non-string keys as ``json.dumps`` converts them."""
    if isinstance(k, str):
        return str.__str__(k)
    if k is True or k is False or k is None:
        return {True: "true", False: "false", None: "null"}[k]  # type: ignore[index]
    if isinstance(k, int):
        return int.__repr__(k)
    if isinstance(k, float):
        return _FLOAT.encode(float(k))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")


_encode_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C-accelerated, ensure_ascii=False
_FLOAT = json.JSONEncoder(ensure_ascii=False)
