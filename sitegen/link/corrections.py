"""The site's corrections, in the order its corrections page and feed show them.

Each article keeps its own corrections oldest first (``SourceArticle.corrections``);
the site-wide record lists them the most recent first. Ties (two corrections on one
day) follow the archive, newest article first, and within one article the later one
first, so the order never depends on anything but the articles.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Correction, SourceArticle


def newest_first(articles: Sequence[SourceArticle]) -> list[tuple[int, int, Correction]]:
    """(index of the article in ``articles``, number of the correction in the article's
    own list, correction), the most recent first; ``articles`` in the archive's order
    (newest first, as ``Site.articles``)."""
    found = [(i, n, c) for i, a in enumerate(articles) for n, c in enumerate(a.corrections)]
    found.sort(key=lambda f: (-f[2].date.year, -f[2].date.month, -f[2].date.day, f[0], -f[1]))
    return found
