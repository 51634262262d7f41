"""The parsed articles of the last build, on disk, so the next ``sitegen build`` reads
and parses only the files that changed (the live server keeps them in memory instead).

A JSON file in the cache folder, not a pickle: a cache file must never be able to run
code. It is tied to sitegen's code (a new version parses afresh) and checked field by
field on reading; anything unexpected discards the whole file, which only costs a parse.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..model import ArticleDate, Block, SourceArticle
from . import ParsedFiles

FORMAT = 1


def load_parsed(path: Path, version: str) -> ParsedFiles:
    """The stored articles, or an empty memo if the file is missing, stale or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != version:
            return ParsedFiles()
        return ParsedFiles({key: (tuple(sig), _article(fields)) for key, sig, fields in data["files"]})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return ParsedFiles()


def save_parsed(path: Path, parsed: ParsedFiles, version: str) -> None:
    """Store the memo atomically if it changed; losing it only costs a parse."""
    if not parsed.changed and path.exists():
        return
    files = [[key, list(sig), _fields(article)] for key, (sig, article) in sorted(parsed.entries().items())]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "version": version, "files": files},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _fields(a: SourceArticle) -> list:
    return [a.path, a.source_format, a.slug, a.title, [a.date.year, a.date.month, a.date.day], a.lang, a.text,
            a.content_hash, a.summary, a.title_derived, a.author, list(a.countries), a.draft,
            [[b.kind, b.text, b.start, b.line] for b in a.blocks], a.markdown, list(a.read_also)]


def _article(f: list) -> SourceArticle:
    (path, source_format, slug, title, date, lang, text, content_hash, summary, title_derived, author,
     countries, draft, blocks, markdown, read_also) = f
    strings = (path, source_format, slug, title, lang, text, content_hash, summary, author, markdown)
    if not all(isinstance(x, str) for x in strings) or source_format not in ("seed", "markdown"):
        raise ValueError("not an article")
    if not (isinstance(title_derived, bool) and isinstance(draft, bool)
            and all(isinstance(x, str) for x in (*countries, *read_also))
            and len(date) == 3 and all(type(x) is int for x in date)):
        raise ValueError("not an article")
    parsed_blocks = []
    for kind, block_text, start, line in blocks:
        if kind not in ("paragraph", "heading", "read_also") or not isinstance(block_text, str) \
                or type(start) is not int or type(line) is not int:
            raise ValueError("not a block")
        parsed_blocks.append(Block(kind, block_text, start, line))
    return SourceArticle(
        path=path, source_format=source_format, slug=slug, title=title, date=ArticleDate(*date), lang=lang,
        text=text, content_hash=content_hash, summary=summary, title_derived=title_derived, author=author,
        countries=tuple(countries), draft=draft, blocks=tuple(parsed_blocks), markdown=markdown,
        read_also=tuple(read_also),
    )
