"""The parsed articles of the last build, on disk, so the next ``sitegen build`` reads
and parses only the files that changed (the live server keeps them in memory instead).

One SQLite file in the cache folder, a row of JSON per file, never pickle: a cache file
must never be able to run code. Rows are read one at a time (no 70 MB document in memory
for a 10,000-article site) and only changed rows are written. The store is tied to
sitegen's code (a new version parses afresh) and every row is checked field by field on
reading; a bad row is skipped and a broken file ignored, which only costs a parse.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from ..model import ArticleDate, Block, Claim, Correction, SourceArticle
from ..survivors import paused
from . import ParsedFiles
from .fields import check_aliases, check_image
from .markdown_reader import holes_fit

FORMAT = "11"  # 3: a byline of several authors; 4: a fact-check's claim; 5: translation_key; 6: corrections; 7: params;
# 8: other generators' front matter (unknown keys kept as params, with their lines); 9: image; 10: blocks as offsets;
# 11: a Markdown skeleton's holes as offsets (HOLE offset HOLE length HOLE)


def load_parsed(path: Path, version: str) -> ParsedFiles:
    """The stored articles, or an empty memo if the file is missing, stale or damaged."""
    entries: dict = {}
    if not path.is_file():
        return ParsedFiles()
    try:
        with closing(sqlite3.connect(path, timeout=30)) as db, paused():  # no cycles (survivors.py)
            if db.execute("SELECT v FROM meta WHERE k='version'").fetchone() != (f"{FORMAT}:{version}",):
                return ParsedFiles()
            for key, signature, fields in db.execute("SELECT k, sig, article FROM files"):
                try:
                    entries[key] = (tuple(json.loads(signature)), _article(json.loads(fields)))
                except (ValueError, TypeError, KeyError, RecursionError):  # FieldError is a ValueError
                    continue  # a damaged row: that file is parsed again
    except sqlite3.Error:
        return ParsedFiles()
    return ParsedFiles(entries)


def save_parsed(path: Path, parsed: ParsedFiles, version: str) -> None:
    """Write the rows that changed; on any error drop the store (it only saves work)."""
    if not parsed.dirty and path.is_file():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=30)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS files (k TEXT PRIMARY KEY, sig TEXT NOT NULL, article TEXT NOT NULL)")
            stamp = f"{FORMAT}:{version}"
            if db.execute("SELECT v FROM meta WHERE k='version'").fetchone() != (stamp,):
                db.execute("DELETE FROM files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (stamp,))
                dirty = set(parsed.keys())
            else:
                dirty = parsed.dirty
            for key in sorted(dirty):
                entry = parsed.get(key)
                if entry is None:
                    db.execute("DELETE FROM files WHERE k = ?", (key,))
                else:
                    db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                               (key, json.dumps(list(entry[0])), json.dumps(_fields(entry[1]), ensure_ascii=False)))
        parsed.dirty.clear()
    except (OSError, sqlite3.Error):
        for suffix in ("", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _fields(a: SourceArticle) -> list:
    return [a.path, a.source_format, a.slug, a.title, [a.date.year, a.date.month, a.date.day], a.lang, a.text,
            a.content_hash, a.summary, a.title_derived, list(a.authors), list(a.countries), a.draft,
            [[b.kind, b.start, b.end, b.line] for b in a.blocks], a.skeleton, list(a.read_also),
            [[t, line] for t, line in a.resources], [[t, line] for t, line in a.article_links],
            list(a.aliases), a.updated and [a.updated.year, a.updated.month, a.updated.day], list(a.tags),
            a.claim and [a.claim.text, a.claim.verdict, a.claim.claimant], a.translation_key,
            [[c.date.year, c.date.month, c.date.day, c.text] for c in a.corrections], a.params,
            [[k, line] for k, line in a.unknown_keys], a.image]


def _article(f: list) -> SourceArticle:
    (path, source_format, slug, title, date, lang, text, content_hash, summary, title_derived, authors,
     countries, draft, blocks, skeleton, read_also, resources, article_links, aliases, updated, tags, claim, translation_key,
     corrections, params, unknown_keys, image) = f
    strings = (path, source_format, slug, title, lang, text, content_hash, summary, skeleton, translation_key, params,
               image)
    if not all(isinstance(x, str) for x in strings) or source_format not in ("seed", "markdown") \
            or not holes_fit(skeleton, len(text)):
        raise ValueError("not an article")
    if not (isinstance(title_derived, bool) and isinstance(draft, bool)
            and all(isinstance(x, str) for x in (*countries, *read_also, *aliases, *tags, *authors))
            and len(date) == 3 and all(type(x) is int for x in date)
            and (updated is None or len(updated) == 3 and all(type(x) is int for x in updated))
            and (claim is None or len(claim) == 3 and all(isinstance(x, str) for x in claim))
            and all(len(c) == 4 and all(type(x) is int for x in c[:3]) and isinstance(c[3], str) for c in corrections)):
        raise ValueError("not an article")
    if not all(isinstance(t, str) and type(line) is int for t, line in (*resources, *article_links, *unknown_keys)):
        raise ValueError("not a linked file")
    if aliases and check_aliases(aliases) != tuple(aliases):  # a row is never trusted to name output paths
        raise ValueError("not an alias")
    if image and check_image(image) != image:  # nor to put an address in every page's preview
        raise ValueError("not an image")
    if params and not isinstance(json.loads(params), dict):  # the article page reads it back
        raise ValueError("not params")
    parsed_blocks = []
    for kind, start, end, line in blocks:
        if kind not in ("paragraph", "heading", "read_also") or not all(type(x) is int for x in (start, end, line)) \
                or not 0 <= start <= end <= len(text):
            raise ValueError("not a block")
        parsed_blocks.append(Block(kind, start, end, line))
    return SourceArticle(
        path=path, source_format=source_format, slug=slug, title=title, date=ArticleDate(*date), lang=lang,
        text=text, content_hash=content_hash, summary=summary, title_derived=title_derived, authors=tuple(authors),
        countries=tuple(countries), draft=draft, blocks=tuple(parsed_blocks), skeleton=skeleton,
        read_also=tuple(read_also), resources=tuple((t, line) for t, line in resources),
        article_links=tuple((t, line) for t, line in article_links), aliases=tuple(aliases),
        updated=ArticleDate(*updated) if updated is not None else None, tags=tuple(tags),
        claim=Claim(*claim) if claim is not None else None, translation_key=translation_key,
        corrections=tuple(Correction(ArticleDate(y, m, d), t) for y, m, d, t in corrections), params=params,
        unknown_keys=tuple((k, line) for k, line in unknown_keys), image=image,
    )
