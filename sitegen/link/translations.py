"""Versions of one article in several languages, linked to each other.

A newsroom that publishes in Dutch and French (or a fact-check translated for another
audience) gives the versions one ``translation_key``; each page then names the others,
for readers (a language switch) and for search engines (``hreflang`` alternates), the
way Hugo's ``translationKey`` does. The versions are found from the published articles
alone, so a draft translation links nowhere until it is published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import Problem
from ..model import SourceArticle


def translations(articles: Sequence[SourceArticle]) -> tuple[tuple[int, ...], ...]:
    """Per article, the indices of its other versions (same key), ordered by language
    code; empty for an article without a key or whose key no other article shares."""
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.translation_key:
            groups.setdefault(a.translation_key, []).append(i)
    others: list[tuple[int, ...]] = [()] * len(articles)
    for members in groups.values():
        if len(members) > 1:
            ordered = sorted(members, key=lambda i: (articles[i].lang, articles[i].path))
            for i in members:
                others[i] = tuple(j for j in ordered if j != i)
    return tuple(others)


def translation_problems(articles: Sequence[SourceArticle],
                         line_of: Callable[[str, str, str], int] = lambda path, key, value: 0) -> list[Problem]:
    """A problem for each article whose key an earlier article in the same language has
    already taken: two versions in one language cannot both be "the" Dutch one.

    ``line_of(path, key, value)``: the line of the header field (``load.text.file_header_line``)."""
    first: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    for a in sorted(articles, key=lambda a: a.path):
        if not a.translation_key:
            continue
        other = first.setdefault((a.translation_key, a.lang), a.path)
        if other != a.path:
            problems.append(Problem(a.path, line_of(a.path, "translation_key", a.translation_key),
                                    f"translation_key {a.translation_key!r} already names the {a.lang!r} version "
                                    f"({other}); the versions of one article each have their own language ('lang:')"))
    return problems
