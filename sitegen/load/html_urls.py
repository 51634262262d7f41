"""URLs inside the raw HTML of a Markdown article (sites with ``markdown_html = true``).

An editor who may write HTML writes ``<img src="beelden/brug.jpg" srcset="…">``,
``<video poster="…"><source src="…"></video>`` or ``<a href="../bijlagen/rapport.pdf">``
as often as the Markdown forms. Those URLs are relative to the article's file too, so
the reader rewrites them the same way (``load.resources``). The tags are read by the
standard library's HTML parser, not by pattern: an attribute value may hold ``>``,
quotes of the other kind or character references. A tag with a rewritten URL is written
out again from the parsed attributes, every value escaped; all other text is kept as
written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

URL_ATTRIBUTES = ("src", "href", "poster")  # each holds one URL
SRCSET = "srcset"  # candidate URLs with width or density descriptors: "a.jpg 1x, b.jpg 2x"

# (attribute, URL, line in the fragment, 0 the first) → the URL's replacement, or None to keep it
Rewrite = Callable[[str, str, int], "str | None"]


def rewrite_urls(html: str, rewrite: Rewrite) -> str:
    """``html`` with every URL attribute of every start tag passed through ``rewrite``."""
    if "<" not in html:
        return html
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    if not parser.tags:
        return html
    line_starts = [0, *(match.end() for match in re.finditer("\n", html))]
    out: list[str] = []
    cursor = 0
    for line, column, original, name, attrs, closed in parser.tags:
        changed = [(key, _rewritten(key, value, lambda url, key=key, at=line - 1: rewrite(key, url, at)))
                   for key, value in attrs]
        if all(new is old for (_, new), (_, old) in zip(changed, attrs)):
            continue
        start = line_starts[line - 1] + column
        if html[start : start + len(original)] != original:  # never expected; keep the text as written
            continue
        out.append(html[cursor:start])
        out.append(_tag(name, changed, closed))
        cursor = start + len(original)
    out.append(html[cursor:])
    return "".join(out)


def _rewritten(key: str, value: str | None, rewrite: Callable[[str], str | None]) -> str | None:
    """The attribute's new value; ``value`` itself (the same object) when nothing changed."""
    if value is None:
        return None
    if key in URL_ATTRIBUTES:
        new = rewrite(value.strip())
        return value if new is None else new
    if key != SRCSET:
        return value
    candidates, changed = [], False
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        new = rewrite(url) if url else None
        changed = changed or new is not None
        candidates.append(" ".join(filter(None, (url if new is None else new, descriptor.strip()))))
    return ", ".join(candidates) if changed else value


def _tag(name: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    parts = [f"<{name}"]
    for key, value in attrs:
        parts.append(f" {key}" if value is None else f' {key}="{escape(value, quote=True)}"')
    parts.append(" />" if closed else ">")
    return "".join(parts)


class _StartTags(HTMLParser):
    """Collects each start tag: where it is, its text, name and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, int, str, str, list[tuple[str, str | None]], bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs, closed=True)

    def _record(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        text = self.get_starttag_text()
        if text is not None and any(key in URL_ATTRIBUTES or key == SRCSET for key, _ in attrs):
            line, column = self.getpos()
            self.tags.append((line, column, text, tag, attrs, closed))
