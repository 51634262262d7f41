"""Images in an article body get their size and a loading hint.

``width``/``height`` (from ``load.images``) let the browser reserve the photo's place
before it arrives; ``loading="lazy"`` leaves photos further down the page until the
reader scrolls near them. The first image is left to load at once: it is often the
page's largest element, which a lazy load would only delay. Attributes the author wrote
(raw HTML with ``markdown_html``) are kept as they are.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

_IMG = re.compile(r"""<img\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\s*/?)>""", re.IGNORECASE)  # ">" may be quoted
_SRC = re.compile(r"""\ssrc=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def sized_images(body: str, page_path: str, sizes: Mapping[str, tuple[int, int]]) -> str:
    """``body`` (the HTML of a page at ``page_path``, ``YYYY/MM/slug/``) with each ``<img>``
    given the size of the published file it shows, if known, and all but the first a
    lazy loading hint."""
    if "<img" not in body and "<IMG" not in body:
        return body
    seen = 0

    def rewrite(match: re.Match) -> str:
        nonlocal seen
        attributes, end = match.group(1), match.group(2)
        names = {a.lower() for a in re.findall(r"""\s([a-zA-Z-]+)=(?:"[^"]*"|'[^']*'|\S*)""", attributes)}
        added = ""
        src = _SRC.search(attributes)
        size = sizes.get(_published(src.group(1) or src.group(2) or "", page_path)) if src else None
        if size is not None and not names & {"width", "height"}:
            added += f' width="{size[0]}" height="{size[1]}"'
        if seen and "loading" not in names:
            added += ' loading="lazy"'
        if "decoding" not in names:
            added += ' decoding="async"'
        seen += 1
        return f"<img{attributes}{added}{end}>"

    return _IMG.sub(rewrite, body)


def _published(src: str, page_path: str) -> str:
    """The output path a relative ``src`` on the page at ``page_path`` points to."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/"):
        return ""
    return posixpath.normpath(posixpath.join(page_path, unquote(parts.path)))
