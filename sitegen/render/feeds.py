"""Machine-readable outputs: Atom feeds (via feedgen), sitemap.xml, robots.txt and the
JSON export of all annotations.

Feed timestamps come from article dates, never from the clock, so builds stay
byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Sequence
from xml.sax.saxutils import escape as xml_escape

from feedgen.feed import FeedGenerator

from ..link.indexes import Site
from ..model import ArticleDate
from . import urls

FEED_SIZE = 30
EXPORT_VERSION = 1


def _when(date: ArticleDate) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day or 1, tzinfo=dt.timezone.utc)


def site_root_url(base_url: str, base_path: str) -> str:
    """Absolute root URL when a full base URL is configured, else the path prefix."""
    return base_url if base_url.startswith("http") else base_path


def atom_feed(site: Site, indices: Sequence[int], title: str, feed_path: str, page_path: str,
              base_url: str, base_path: str, language: str) -> bytes:
    root = site_root_url(base_url, base_path)
    fg = FeedGenerator()
    fg.id(root + feed_path if root.startswith("http") else f"tag:sitegen,2000:{base_path}{feed_path}")
    fg.title(title)
    fg.language(language)
    fg.link(href=root + page_path, rel="alternate")
    fg.link(href=root + feed_path, rel="self")
    fg.generator("sitegen")
    chosen = list(indices[:FEED_SIZE])
    newest = site.articles[chosen[0]].article.date if chosen else ArticleDate(2000, 1, 1)
    fg.updated(_when(newest))
    for i in reversed(chosen):  # feedgen prepends entries
        a = site.articles[i].article
        entry = fg.add_entry()
        link = root + a.url_path
        entry.id(link if link.startswith("http") else f"tag:sitegen,2000:{base_path}{a.url_path}")
        entry.title(a.title)
        entry.link(href=link)
        entry.updated(_when(a.date))
        entry.published(_when(a.date))
        entry.summary(a.summary or a.title)
        if a.author:
            entry.author({"name": a.author})
    if not chosen or not any(site.articles[i].article.author for i in chosen):
        fg.author({"name": title})
    return fg.atom_str(pretty=True)


def all_feeds(site: Site, title: str, country_name, base_url: str, base_path: str,
              language: str) -> Iterable[tuple[str, bytes]]:
    yield "feed.xml", atom_feed(site, range(len(site.articles)), title, "feed.xml", "", base_url, base_path, language)  # type: ignore[arg-type]
    for code, entry in site.countries.items():
        page = urls.country_path(code)
        yield page + "feed.xml", atom_feed(site, entry.articles, f"{title} – {country_name(code)}",
                                           page + "feed.xml", page, base_url, base_path, language)
    for actor_id, entry in site.actors.items():
        page = urls.actor_path(actor_id)
        yield page + "feed.xml", atom_feed(site, entry.articles, f"{title} – {entry.actor.name}",
                                           page + "feed.xml", page, base_url, base_path, language)


def sitemap(html_paths: Sequence[str], base_url: str, base_path: str) -> bytes:
    root = site_root_url(base_url, base_path)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(html_paths):
        if path == "404.html":
            continue
        page = path[: -len("index.html")] if path.endswith("index.html") else path
        lines.append(f"  <url><loc>{xml_escape(root + page)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str, base_path: str) -> bytes:
    root = site_root_url(base_url, base_path)
    text = "User-agent: *\nAllow: /\n"
    if root.startswith("http"):
        text += f"Sitemap: {root}sitemap.xml\n"
    return text.encode("utf-8")


def export_json(site: Site, country_name) -> bytes:
    """All annotations as one documented JSON file (see docs/data-export.md)."""
    articles = []
    for entry in site.articles:
        a = entry.article
        articles.append({
            "url": a.url_path, "title": a.title, "date": a.date.iso(), "lang": a.lang, "source": a.path,
            "countries": list(entry.countries), "primary_country": entry.primary_country,
            "entities": [
                {"start": rm.mention.start, "end": rm.mention.end, "text": rm.mention.text,
                 "label": rm.mention.label, "actor": rm.actor_id,
                 **({"nationality": True} if rm.mention.nationality else {})}
                for rm in entry.mentions
            ],
        })
    actors = [
        {"id": aid, "name": e.actor.name, "label": e.actor.label, "country": e.actor.country,
         "description": e.actor.description, "external_id": e.actor.external_id,
         "aliases": list(e.actor.aliases), "articles": len(e.articles), "mentions": e.mention_count,
         "url": urls.actor_path(aid)}
        for aid, e in site.actors.items()
    ]
    countries = [
        {"code": code, "name": country_name(code), "articles": len(e.articles), "primary": len(e.primary),
         "url": urls.country_path(code)}
        for code, e in site.countries.items()
    ]
    doc = {"version": EXPORT_VERSION, "articles": articles, "actors": actors, "countries": countries}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
