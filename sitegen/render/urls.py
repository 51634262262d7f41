"""The site's URL scheme, and links that work under any base path.

Pages link to each other with *relative* URLs, so ``build/`` works unchanged at a domain
root, under a subpath such as ``/archief/``, or from another host. The only exception
is the 404 page, which hosts serve at whatever URL was missing: it uses absolute paths
under the configured base path.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from ..config import (  # the generated folders and files by the names this module uses (Dutch)
    FILES,
    FOLDERS,
)

_PAGED = re.compile(r"(?:^|(?<=/))pagina/(\d+/(?:index\.html)?)$")


@dataclass(frozen=True, slots=True)
class SitePaths:
    """The names the site publishes its generated folders under (``[paths]`` in
    ``sitegen.toml``): ``actors/`` instead of ``actoren/`` for an English archive.

    Everything inside sitegen, templates included, keeps using the code's names
    (``url('landen/')``); ``public`` turns a site path into the published one where a
    page's links and files are made (``Linker``, ``Renderer.page``, feeds, data). Only
    the first segment and the page number folder (``pagina/2/``) are renamed: an actor
    called "Landen" stays ``actors/landen/``.
    """

    renamed: tuple[tuple[str, str], ...] = ()  # (code's name, published name), only those that differ

    @staticmethod
    def of(names: dict[str, str]) -> SitePaths:
        """From ``{"actors": "actors", …}`` (keys of ``FOLDERS``)."""
        code = {**FOLDERS, **FILES}
        return SitePaths(tuple(sorted((code[k], v) for k, v in names.items() if code[k] != v)))

    def public(self, path: str) -> str:
        if not self.renamed:
            return path
        names = _as_dict(self.renamed)
        if path in names:  # a file renamed whole (the JSON export)
            return names[path]
        head, slash, rest = path.partition("/")
        if slash and head in names:
            path = names[head] + "/" + rest
        if "pagina" in names and "pagina/" in path:
            path = _PAGED.sub(lambda m: names["pagina"] + "/" + m[1], path)
        return path


DUTCH = SitePaths()


@lru_cache(maxsize=16)
def _as_dict(renamed: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(renamed)


def article_path(year: int, month: int, slug: str) -> str:
    return f"{year:04d}/{month:02d}/{slug}/"


def actor_path(actor_id: str) -> str:
    return f"actoren/{actor_id}/"


def country_path(code: str) -> str:
    return f"landen/{code.lower()}/"


TAGS = "onderwerpen/"  # the list of every topic
AUTHORS = "auteurs/"  # the list of every author
NAMED_INDEX = {"tag": TAGS, "author": AUTHORS}  # by kind of name (``Site.named``)
CORRECTIONS = "correcties/"  # every correction to a published article (pages._corrections)


def named_path(kind: str, slug: str) -> str:
    """The page of a topic (``tag``) or an author."""
    return f"{NAMED_INDEX[kind]}{slug}/"


def tag_path(slug: str) -> str:
    return named_path("tag", slug)


def year_path(year: int) -> str:
    return f"{year:04d}/"


def month_path(year: int, month: int) -> str:
    return f"{year:04d}/{month:02d}/"


def page_count(items: int, size: int) -> int:
    """How many pages a list of ``items`` takes, ``size`` a page (an empty list still has its page 1)."""
    return max(1, -(-items // size))


def paged(path: str, page: int) -> str:
    """Page 1 lives at the list's own URL; later pages at ``<list>/pagina/N/`` (stable)."""
    return path if page <= 1 else f"{path}pagina/{page}/"


def without_base(path: str, base_path: str) -> str:
    """A site-absolute path as read from the site's root: ``/archief/2024/`` → ``/2024/``
    on a site published under ``/archief/`` (an author who knows the address may write it
    whole); any other path is read from the root already (``/2024/``)."""
    if base_path != "/" and (path + "/").startswith(base_path):
        return path[len(base_path) - 1 :]
    return path


def alias_output(alias: str) -> str:
    """The file an article's old address (a folder ``…/`` or a page ``….html``) is served from."""
    return alias + "index.html" if alias.endswith("/") else alias


def slug(text: str) -> str:
    return slugify(text, max_length=80, word_boundary=True) or "x"


@dataclass(frozen=True, slots=True)
class Linker:
    """Makes hrefs from one page to site paths (``""`` is the home page).

    Made once per page, it remembers its answers: a page links the same actor from its
    text, its side list and its cards."""

    page: str  # published path of the current page, e.g. "2022/01/slug/" or "404.html"
    base_path: str = "/"
    absolute: bool = False
    paths: SitePaths = DUTCH  # targets are site paths; they are linked where they are published
    _made: dict[str, str] = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def __call__(self, target: str) -> str:
        href = self._made.get(target)
        if href is None:
            href = self._made[target] = self._href(self.paths.public(target))
        return href

    def rooted(self, url: str) -> str:
        """A site-absolute URL written by hand in an article or page (``/2024/03/slug/``,
        ``/img/kaart.png?v=2#noord``) as an href from this page: the path is read from the
        site's root, as Hugo's ``relativeURLs`` reads it, after dropping the base path if the
        author wrote it (``/archief/2024/…`` on a site published under ``/archief/``). The
        page then works under any base path and from a folder; the query and fragment stay."""
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        return self._href(without_base(url[:cut], self.base_path)[1:]) + url[cut:]

    def _href(self, target: str) -> str:
        if self.absolute:
            return self.base_path + target
        here = _folder(self.page)
        h = _clean_parts(here) if here else None
        if h and target and target.partition("/")[0] != h[0] and "//" not in target and "/." not in "/" + target:
            return "../" * len(h) + target  # nothing in common (most links): straight up, then down
        rel = _relpath(target, here) if target != here else "."
        if (target.endswith("/") or not target) and rel != ".":
            rel += "/"
        if rel == ".":
            return "./"
        return rel


def _relpath(target: str, here: str) -> str:
    """``posixpath.relpath("/" + target, "/" + here)`` without its normalising overhead.

    Site paths are clean (no ``.``/``..`` segments, no doubled slashes); anything else goes
    through ``posixpath`` so the result is always the same as before.
    """
    h = _clean_parts(here)
    slashed = "/" + target
    if h is None or "//" in slashed or "/." in slashed:
        return posixpath.relpath(slashed, "/" + here)
    t = target.split("/")
    if t[-1] == "":
        t.pop()
    n, m, i = len(h), min(len(t), len(h)), 0
    while i < m and t[i] == h[i]:
        i += 1
    if i < len(t):
        return "../" * (n - i) + "/".join(t[i:])
    return "/".join([".."] * (n - i)) or "."


@lru_cache(maxsize=4096)
def _folder(page: str) -> str:
    """The folder a page's relative links start from (``""`` at the top)."""
    here = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    return "" if here == "/" else here


@lru_cache(maxsize=4096)
def _clean_parts(here: str) -> tuple[str, ...] | None:
    """The segments of a page folder, or ``None`` when it needs ``posixpath``'s normalising."""
    slashed = "/" + here
    if "//" in slashed or "/." in slashed:
        return None
    parts = here.split("/")
    if parts[-1] == "":
        parts.pop()
    return tuple(parts)
