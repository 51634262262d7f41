"""Reader for the site's own pages: Markdown files in the pages folder (``pages/``).

An archive needs a few pages that are not news: what the archive is, who makes it, how
its entities are found, a privacy statement. Static-site users keep them apart from the
dated posts (Pelican's ``pages/``, Hugo's section-less content); so does sitegen. A page
is Markdown with front matter, like an article, minus everything that makes an article:
no date, no annotation, no place in archives, lists or feeds. ``menu: 1`` puts it in
the site's menu, in that order; ``updated:`` says when it last changed.

Its address follows its place in the folder: ``pages/over.md`` is ``over/``,
``pages/over/methode.md`` is ``over/methode/`` and ``pages/over/index.md`` is ``over/``.
Each part is made a slug, and ``slug:`` renames the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ContentError, Problem
from ..model import ArticleDate, SitePage
from . import MARKDOWN_SUFFIXES, discover, read_source
from .fields import FieldError, check_language, check_params, check_slug, make_slug, parse_date
from .markdown_reader import (
    check_bool,
    check_text,
    checked_fields,
    fill_holes,
    parse_body,
    raise_all,
    split_front_matter,
)
from .other_generators import kept_problems
from .text import content_hash, decode, shorten

PAGE_KEYS = ("title", "slug", "summary", "lang", "menu", "updated", "draft", "params")
PAGE_START = "a page starts with '---', then 'title:'"
SUMMARY_MAX_CHARS = 300
MAX_MENU = 1000


def check_menu(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_MENU:
        raise FieldError(f"menu: expected the page's place in the menu, a whole number from 0 to {MAX_MENU}, "
                         f"got {value!r}")
    return value


def check_revised(value: Any) -> ArticleDate:
    """``updated``: when the page last changed, ``YYYY-MM`` or ``YYYY-MM-DD`` like an article's date."""
    try:
        return parse_date(value)
    except FieldError as exc:
        raise FieldError(str(exc).replace("date:", "updated:", 1)) from None


CHECKS = {"title": check_text, "summary": check_text, "slug": check_slug, "lang": check_language,
          "menu": check_menu, "updated": check_revised, "draft": check_bool, "params": check_params}


def page_url(path: str, pages_dir: str, slug: str | None) -> str:
    """The page's address for its source ``path`` inside ``pages_dir`` (see the module)."""
    parts = list(PurePosixPath(path).relative_to(PurePosixPath(pages_dir)).with_suffix("").parts)
    if parts[-1].lower() == "index":
        parts.pop()
    if slug:
        parts[-1:] = [slug]
    return "".join(make_slug(part) + "/" for part in parts)


def read_page(raw: bytes, path: str, pages_dir: str, default_lang: str = "nl",
              allow_html: bool = False, keep_unknown_keys: bool = False) -> SitePage:
    """Parse one page; raise ``ContentError`` listing every front-matter problem.
    ``keep_unknown_keys``: keys nobody knows are the page's params, not errors."""
    text = decode(raw, path)
    meta, body, body_line = split_front_matter(text, path, PAGE_START)
    checked = checked_fields(meta, text, path, CHECKS, ("title",), PAGE_KEYS)
    fields = checked.fields
    raise_all(sorted(kept_problems(checked.problems, keep_unknown_keys), key=lambda p: p.line))
    if not body.strip() and fields.get("draft") is not True:
        raise ContentError(path, body_line, "the page has front matter but no body text")
    url_path = page_url(path, pages_dir, fields.get("slug"))
    if not url_path:
        raise ContentError(path, 1, "this page would replace the site's home page, which sitegen makes; "
                                    "give it another name or a 'slug:'")
    parsed = parse_body(body, path, body_line, url_path, allow_html)
    return SitePage(
        path=path,
        url_path=url_path,
        title=fields["title"],
        lang=fields.get("lang", default_lang),
        content_hash=content_hash("page", text, str(allow_html)),
        summary=fields.get("summary") or shorten(parsed.lead, SUMMARY_MAX_CHARS),
        menu=fields.get("menu"),
        updated=fields.get("updated"),
        draft=fields.get("draft", False),
        # a page is not annotated: its holes are filled with its text now, and it keeps no text
        skeleton=fill_holes(parsed.skeleton, parsed.plain, lambda piece, _: escape(piece, quote=False)),
        resources=parsed.resources,
        article_links=parsed.article_links,
        params=fields.get("params", ""),
    )


def load_pages(root: Path, pages_dir: str, language: str, allow_html: bool,
               include_drafts: bool = False, keep_unknown_keys: bool = False,
               ) -> tuple[tuple[SitePage, ...], tuple[Problem, ...]]:
    """Every page in the pages folder (none if it is "" or missing), sorted by address, and
    every problem: unreadable files, bad front matter, two pages at one address."""
    if not pages_dir:
        return (), ()
    root = root.resolve()
    paths, problems = discover(root, (pages_dir,))
    pages: list[SitePage] = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not path.name.lower().endswith(MARKDOWN_SUFFIXES):
            problems.append(Problem(rel, 0, "a page is Markdown with front matter (.md); rename the file"))
            continue
        try:
            page = read_page(read_source(path, rel), rel, pages_dir, language, allow_html, keep_unknown_keys)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(rel, 0, f"cannot read the file: {exc.strerror or exc}"))
            continue
        if include_drafts or not page.draft:
            pages.append(page)
    return _unique(sorted(pages, key=lambda p: (p.url_path, p.path)), problems)


def _unique(pages: Sequence[SitePage], problems: list[Problem]) -> tuple[tuple[SitePage, ...], tuple[Problem, ...]]:
    """Drop every page whose address an earlier one has, with a problem naming both files."""
    kept: dict[str, SitePage] = {}
    for page in pages:
        first = kept.setdefault(page.url_path, page)
        if first is not page:
            problems.append(Problem(page.path, 1, f"this page's address {page.url_path!r} is already that of "
                                                  f"{first.path}; give one of them another 'slug:'"))
    return tuple(kept.values()), tuple(problems)
