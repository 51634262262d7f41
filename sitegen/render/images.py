"""Images in an article body get their size and a loading hint.

``width``/``height`` (from ``load.images``) let the browser reserve the photo's place
before it arrives; ``loading="lazy"`` leaves photos further down the page until the
reader scrolls near them. The first image is left to load at once: it is often the
page's largest element, which a lazy load would only delay. A photo with smaller copies
(``sitegen/photos.py``) offers them in ``srcset``, with ``sizes`` saying how wide the
default theme's article column shows it, so the browser downloads the smallest that
fills it. Attributes the author wrote (raw HTML with ``markdown_html``) are kept as they
are.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from html import escape, unescape
from urllib.parse import quote, unquote, urlsplit

from ..photos import Photo

_IMG = re.compile(r"""<img\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\s*/?)>""", re.IGNORECASE)  # ">" may be quoted
_SRC = re.compile(r"""\ssrc=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# how wide the default theme shows a photo: the article column is 42rem on a wide screen,
# the window less its margins on a narrow one (themes/default/static/style.css)
SIZES = "(min-width: 60rem) 42rem, calc(100vw - 2rem)"


def sized_images(body: str, page_path: str, sizes: Mapping[str, Photo]) -> str:
    """``body`` (the HTML of a page at ``page_path``, ``YYYY/MM/slug/``) with each ``<img>``
    given the size of the published file it shows, if known, its smaller copies, and all
    but the first a lazy loading hint."""
    if "<img" not in body and "<IMG" not in body:
        return body
    seen = 0

    def rewrite(match: re.Match) -> str:
        nonlocal seen
        attributes, end = match.group(1), match.group(2)
        names = {a.lower() for a in re.findall(r"""\s([a-zA-Z-]+)=(?:"[^"]*"|'[^']*'|\S*)""", attributes)}
        added = ""
        src = _SRC.search(attributes)
        url = (src.group(1) or src.group(2) or "") if src else ""
        photo = sizes.get(_published(url, page_path)) if src else None
        if photo is not None and not names & {"width", "height"}:
            added += f' width="{photo.width}" height="{photo.height}"'
        if photo is not None and photo.variants and not names & {"srcset", "sizes"}:
            added += f' srcset="{escape(_srcset(unescape(url), photo))}" sizes="{SIZES}"'
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


def _srcset(src: str, photo: Photo) -> str:
    """The ``srcset`` of a photo shown from ``src`` (as written in the page): each copy,
    which lies beside the original, and the original at its own width."""
    folder = posixpath.dirname(urlsplit(src).path)
    copies = [f"{posixpath.join(folder, quote(posixpath.basename(path)))} {width}w" for width, path in photo.variants]
    return ", ".join([*copies, f"{src} {photo.width}w"])
