"""Old addresses by pattern: every article of an archive moved from another generator
keeps the address it was published at, from one line of ``sitegen.toml``.

sitegen publishes an article at ``YYYY/MM/slug/``. A Hugo, Jekyll or Pelican archive had
its own scheme (``posts/mijn-bericht/``, ``2021/05/12/mijn-bericht.html``), and every link
to it from elsewhere on the web (search engines, other sites, social media) names that
address. An article's ``aliases`` keep old addresses working one by one; for thousands of
articles ``old_addresses = ["posts/{name}/"]`` gives each article its old address as an
alias, made from what the old generator made it from:

- ``{name}``: the file's name without its suffix, as Hugo publishes it (lowercase, spaces
  as hyphens); for a page bundle's ``index.md`` the name of its folder;
- ``{undated_name}``: the same without a leading date (Jekyll's ``:title``: ``2023-03-14-haven.md``
  is ``haven``);
- ``{folder}``: the file's folder inside its content folder (``posts``, ``""`` at the top);
- ``{slug}``, ``{year}``, ``{month}``, ``{day}``: the article's own.

The addresses go through the same checks as ``aliases`` (render/pages.alias_problems
reports two articles given the same old address).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from ..errors import Problem
from ..model import SourceArticle
from .fields import FieldError, check_aliases

PLACEHOLDERS = ("name", "undated_name", "folder", "slug", "year", "month", "day")
NAMING = ("name", "undated_name", "slug")  # at least one: else every article of a month would share its old address


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with one ``old_addresses`` pattern, or None."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        return f"{pattern!r}: {exc}"
    unknown = [f for f in fields if f not in PLACEHOLDERS]
    if unknown:
        return f"{pattern!r}: unknown placeholder {{{unknown[0]}}}; known: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    if not any(f in NAMING for f in fields):
        return f"{pattern!r} names no article: use {{name}}, {{undated_name}} or {{slug}}"
    return None


def with_old_addresses(articles: Sequence[SourceArticle], patterns: Sequence[str],
                       content_dirs: Sequence[str]) -> tuple[list[SourceArticle], list[Problem]]:
    """Each article with the addresses ``patterns`` give it added to its aliases (its own
    current address excepted), and a problem for each address that cannot be made."""
    if not patterns:
        return list(articles), []
    result: list[SourceArticle] = []
    problems: list[Problem] = []
    for article in articles:
        values = _values(article, content_dirs)
        made: list[str] = []
        for pattern in patterns:
            if "{day}" in pattern and not article.date.day:
                problems.append(Problem(article.path, 0, f"old_addresses: {pattern!r} needs the day of the month, and "
                                                         f"the article's date {article.date.iso()} has none"))
                continue
            address = re.sub(r"/{2,}", "/", pattern.format_map(values))
            try:
                made.extend(a for a in check_aliases([address]) if a != article.url_path)
            except FieldError as exc:
                why = str(exc).split(" is ", 1)[-1]  # check_aliases: "aliases: '…' is not a path …"
                problems.append(Problem(article.path, 0, f"old_addresses: {pattern!r} gives {address!r}, which is {why}"))
        aliases = tuple(dict.fromkeys((*article.aliases, *made)))
        result.append(replace(article, aliases=aliases) if aliases != article.aliases else article)
    return result, problems


def _values(article: SourceArticle, content_dirs: Sequence[str]) -> dict[str, str]:
    path = PurePosixPath(article.path)
    name = path.parent.name if path.stem.lower() == "index" else path.stem
    folder = path.parent
    for top in sorted(content_dirs, key=len, reverse=True):  # the content folder the file is in
        if path.is_relative_to(top) and top not in (".", ""):
            folder = path.parent.relative_to(top)
            break
    if path.stem.lower() == "index":
        folder = folder.parent
    date = article.date
    return {
        "name": (published := "-".join(name.lower().split())),
        "undated_name": re.sub(r"^\d{4}-\d{2}-\d{2}-(?=.)", "", published),
        "folder": "" if str(folder) == "." else folder.as_posix(),
        "slug": article.slug,
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
    }
