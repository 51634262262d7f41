"""Files that articles link to: photos, PDFs, data sets kept beside the Markdown.

A Markdown article names them relative to its own file (``![foto](beelden/fiets.jpg)``,
``[rapport](../bijlagen/rapport.pdf)``), but its page is published at ``YYYY/MM/slug/``,
so those relative URLs would point at nothing. The reader rewrites each such URL to the
file's published place, ``media/<its path in the site>`` (``local_target`` and
``published_path``), and records it on the article; the build copies every recorded file
once (``gather``). Only files an article links to are published: notes, drafts and
other files in the content folders stay private. A link to another article's source file
becomes a link to that article's page (``article_target``, ``article_href``).

Whether a file exists, is a regular file, and lies inside a content folder is checked
at build time (``gather``), not when the article is read: the parsed article is cached,
and the file may change or vanish without the article changing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..errors import Problem
from ..model import SourceArticle

MEDIA = "media/"  # where linked files are published; no generated page lives under it
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")  # links to other articles are not files to publish
ARTICLE_HREF = "sitegen-article:"  # the reader's stand-in for another article's URL (``article_href``)


def local_target(url: str, source: str) -> str | None:
    """The site-relative path of the file ``url`` names, if it names a file of the site.

    ``url`` is a link or image destination as written in the article at ``source`` (a
    site-relative path). ``None`` for anything that is not a relative path to a file:
    other sites, ``mailto:``, site-absolute paths, bare ``#fragments`` and queries, and
    links to other articles' source files. The result may start with ``../`` if the URL
    climbs out of the site; ``gather`` refuses it.
    """
    path = _relative_path(url)
    if path is None or path.endswith("/") or path.lower().endswith(ARTICLE_SUFFIXES):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def article_target(url: str, source: str) -> str | None:
    """The site-relative source path of the article ``url`` links to, if it names one by
    its file (``[eerder](../2023/verkiezingen.md)``), as links between documents do in an
    editor or on a code host. The page's URL is only known once every article is read."""
    path = _relative_path(url)
    if path is None or not path.lower().endswith(ARTICLE_SUFFIXES):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def _relative_path(url: str) -> str | None:
    """The (unquoted) path of a URL relative to the page it is on, or None for any other
    URL: with a scheme or host, site-absolute, or only a fragment or query."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def article_href(target: str, url: str) -> str:
    """The stand-in URL the reader writes for a link to the article at ``target``; the
    page renderer replaces it with the relative URL of that article's page
    (``render.body``), keeping the original fragment."""
    fragment = urlsplit(url).fragment
    return ARTICLE_HREF + quote(target) + ("#" + fragment if fragment else "")


def article_link_problems(articles: Sequence[SourceArticle]) -> list[Problem]:
    """A problem, naming the article and line, for each link to an article that is not in
    the site: no such file, a draft, or a file that failed to load (reported itself)."""
    known = {a.path for a in articles}
    return [
        Problem(a.path, line, f"links to the article {target!r}, which is not in the site "
                "(no such file, or a draft)")
        for a in articles for target, line in a.article_links if target not in known
    ]


def published_path(target: str) -> str:
    """Where the file at site-relative ``target`` is published, relative to the site root."""
    return MEDIA + target


def page_href(target: str, page_path: str, url: str) -> str:
    """``url`` rewritten for the page at ``page_path`` (``YYYY/MM/slug/``): the relative
    URL of the published file, keeping the original's query and fragment."""
    parts = urlsplit(url)
    up = "../" * page_path.count("/")
    href = up + quote(published_path(target))
    if parts.query:
        href += "?" + parts.query
    if parts.fragment:
        href += "#" + parts.fragment
    return href


@dataclass(frozen=True, slots=True)
class LinkedFile:
    """A file to publish: its place in the output and where it is read from."""

    output: str  # relative to the output folder
    source: Path


def gather(articles: Iterable[SourceArticle], root: Path,
           content_dirs: tuple[str, ...]) -> tuple[list[LinkedFile], list[Problem]]:
    """Every file the articles link to, once, sorted by output path; and a problem, naming
    the article and line, for each link to a file that is missing, not a regular file,
    hidden, or outside the content folders (also through a symlink)."""
    root = root.resolve()
    folders = [(root / d).resolve() for d in content_dirs]
    found: dict[str, LinkedFile] = {}
    problems: list[Problem] = []
    for article in articles:
        for target, line in article.resources:
            if target in found:
                continue
            reason = _refusal(target, root, folders, content_dirs)
            if reason:
                problems.append(Problem(article.path, line, reason))
                continue
            found[target] = LinkedFile(published_path(target), root / target)
    return [found[t] for t in sorted(found)], problems


def _refusal(target: str, root: Path, folders: list[Path], content_dirs: tuple[str, ...]) -> str:
    """Why the linked ``target`` cannot be published, or "" if it can."""
    parts = target.split("/")
    inside = any(target.startswith(d.strip("/") + "/") for d in content_dirs)
    if target.startswith("../") or target == ".." or not inside:
        return (f"links to {target!r}, which is outside the content folders ({', '.join(content_dirs)}); "
                "put the file beside the articles")
    if any(p.startswith(".") for p in parts):
        return f"links to the hidden file {target!r}; hidden files are never published"
    if "\\" in target or "\x00" in target:
        return f"links to {target!r}, whose name has a backslash; rename the file"
    path = root / target
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"links to {target!r}, which does not exist"
    if not any(real.is_relative_to(folder) for folder in folders):
        return f"links to {target!r}, a symlink that leads outside the content folders; refusing to publish it"
    if not real.is_file():
        return f"links to {target!r}, which is not a regular file"
    return ""
