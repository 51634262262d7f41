"""Site-absolute links written by hand: made relative, and reported when they lead nowhere.

An article or page may link to the site by its absolute path (``[eerder](/2023/05/slug/)``,
``![kaart](/img/kaart.png)``): typed by an editor, or brought from another generator,
whose archives are full of them. Left as written, such a link works only on a site
published at a host's root: under a base path (``https://krant.example/archief/``) or
opened from a folder it leads to nothing, while every link sitegen makes itself works
there. So each one is rewritten relative to its page (``site_rooted``, the rule of
Hugo's ``relativeURLs``), and after the build each that names no file of the output is
reported with its source file and line (``unresolved``), as MkDocs does, instead of
being found later by ``sitegen check`` or a reader.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from html import escape, unescape
from urllib.parse import unquote

from .urls import without_base

# a start tag (``>`` may be quoted); body text is escaped, so every ``<`` in a body opens a tag
_START_TAG = re.compile(r"""<[a-zA-Z][a-zA-Z0-9-]*(?:[^>"']|"[^"]*"|'[^']*')*>""")
# an href, src or poster holding a site-absolute URL: one slash (two start another host's address)
_ROOTED_URL = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(?:"(/(?!/)[^"]*)"|'(/(?!/)[^']*)')""",
                         re.IGNORECASE)
# a srcset: candidates ``URL [descriptor]`` separated by commas, any of them site-absolute
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CANDIDATE = re.compile(r"(\s*)(\S+)([^,]*)(,|$)")  # the HTML standard's split: the URL is the first word


def maybe_rooted(html: str) -> bool:
    """Cheap test first: most bodies hold no such URL (``href = "/x"`` spaced is rare; a
    srcset may name one after its first candidate)."""
    return '="/' in html or "='/" in html or "= " in html or "srcset" in html


def site_rooted(html: str, href: Callable[[str], str]) -> str:
    """``html`` with each site-absolute URL of an ``href``, ``src``, ``poster`` or
    ``srcset`` replaced by ``href(url)``, the page's relative URL for it (``urls.Linker.rooted``)."""
    if not maybe_rooted(html):
        return html

    def attribute(match: re.Match) -> str:
        url = unescape(match[2] if match[2] is not None else match[3])
        return f'{match[1]}"{escape(href(url))}"'

    def srcset(match: re.Match) -> str:
        value = unescape(match[2] if match[2] is not None else match[3])
        return f'{match[1]}"{escape(_CANDIDATE.sub(lambda c: c[1] + _relinked(c[2], href) + c[3] + c[4], value))}"'

    return _START_TAG.sub(lambda tag: _SRCSET.sub(srcset, _ROOTED_URL.sub(attribute, tag[0])), html)


def _relinked(url: str, href: Callable[[str], str]) -> str:
    """A srcset candidate's URL, relative if it was site-absolute (a trailing comma, which
    the standard does not count as part of the URL, kept)."""
    bare = url.rstrip(",")
    return href(bare) + url[len(bare):] if _is_rooted(bare) else url


def _is_rooted(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def rooted_urls(html: str) -> Iterator[str]:
    """The site-absolute URLs of ``html``'s links and sources, as written (unescaped)."""
    if not maybe_rooted(html):
        return
    for tag in _START_TAG.finditer(html):
        for match in _ROOTED_URL.finditer(tag[0]):
            yield unescape(match[2] if match[2] is not None else match[3])
        for match in _SRCSET.finditer(tag[0]):
            for candidate in _CANDIDATE.finditer(unescape(match[2] if match[2] is not None else match[3])):
                if _is_rooted(url := candidate[2].rstrip(",")):
                    yield url


def site_path(url: str, base_path: str) -> str | None:
    """The output path a site-absolute URL names (``/2024/03/slug/?x#y`` → ``2024/03/slug/``;
    the base path dropped if written, as ``Linker.rooted`` does; ``..`` resolved as a browser
    does, never above the root), or None if it names another host (``/%2Fhost/``)."""
    path = unquote(without_base(url.split("#", 1)[0].split("?", 1)[0], base_path))
    clean = posixpath.normpath(path)
    if clean.startswith("//"):
        return None
    return clean[1:] + ("/" if path.endswith("/") and clean != "/" else "")


def unresolved(sources: Iterable[tuple[str, str]], base_path: str,
               published: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(source path, URL) for each site-absolute link of the sources' HTML that names no
    file of the output; ``sources``: (source path, its body's HTML skeleton),
    ``published(path)``: whether the output holds that file."""
    for source, html in sources:
        for url in dict.fromkeys(rooted_urls(html)):
            path = site_path(url, base_path)
            if path is None or not (published(path + "index.html") if path.endswith("/") or not path
                                    else published(path) or published(path + "/index.html")):
                yield source, url
