"""The site's own static files: the ``static/`` folder, published at the root as it is.

Every published site needs files that no article links to and no template makes: a
``favicon.ico``, a logo for social previews, ``.well-known/security.txt``, a search
engine's verification page, a hand-written ``robots.txt``. Hugo, Pelican and MkDocs copy
such a folder verbatim, and so does sitegen: ``static/favicon.ico`` becomes
``build/favicon.ico`` (the folder is ``static_dir`` in ``sitegen.toml``).

What is left out or refused, with the same rules as the content folders:
- hidden files and folders (``.DS_Store``, ``.git/``) are skipped, except ``.well-known/``,
  which exists to be published;
- a symlink is followed only to a regular file inside the folder; one that leads outside
  it (``static/x -> /etc/passwd``) or to a folder is a problem naming it, never published.
Whether a file would replace a page sitegen makes is the build's question
(``collisions``): only the build knows every path it writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import Problem
from ..model import SourceArticle
from .resources import LinkedFile

PUBLISHED_HIDDEN = (".well-known",)  # hidden folders that are published all the same
REPLACEABLE = frozenset({"robots.txt"})  # generated files a static file may replace
RESERVED = ("pagefind/",)  # folders the build fills after the pages (the search index)


def gather_static(root: Path, static_dir: str) -> tuple[list[LinkedFile], list[Problem]]:
    """Every file to publish from ``root/static_dir``, sorted by output path, and a problem
    for each symlink that leads outside the folder or to something other than a file."""
    if not static_dir:  # none: the default folder would have been another one (``config``)
        return [], []
    base = root / static_dir
    if base.is_symlink() or not base.is_dir():
        problems = [Problem(static_dir, 0, "the static folder is a symlink; make it a real folder")] \
            if base.is_symlink() else []
        return [], problems
    real_base = base.resolve()
    files: list[LinkedFile] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if _published(d, here == base))
        for name in list(dirnames):
            if (here / name).is_symlink():  # os.walk does not descend into it: say so
                dirnames.remove(name)
                rel = (here / name).relative_to(root).as_posix()
                problems.append(Problem(rel, 0, "a symlink to a folder; static files must be real files or links to files inside it"))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(base).as_posix()
            reason = _refusal(path, real_base)
            if reason:
                problems.append(Problem(f"{static_dir.rstrip('/')}/{rel}", 0, reason))
            else:
                files.append(LinkedFile(rel, path))
    return sorted(files, key=lambda f: f.output), problems


def collisions(static: Iterable[LinkedFile], generated: set[str], static_dir: str) -> list[Problem]:
    """A problem for each static file that would replace a file the build generates
    (a page, a feed, an asset, the search index), except those in ``REPLACEABLE``."""
    return [
        Problem(f"{static_dir.rstrip('/')}/{f.output}", 0,
                f"would replace the file sitegen generates at {f.output}; rename or remove it "
                "(to change a page, override its template in themes/)")
        for f in static
        if (f.output in generated and f.output not in REPLACEABLE) or f.output.startswith(RESERVED)
    ]


def _published(folder: str, top: bool) -> bool:
    return not folder.startswith(".") or (top and folder in PUBLISHED_HIDDEN)


def _refusal(path: Path, real_base: Path) -> str:
    """Why the file at ``path`` cannot be published, or "" if it can."""
    if "\\" in path.name:
        return "the name has a backslash; rename the file"
    if not path.is_symlink():
        return "" if path.is_file() else "not a regular file"
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a symlink to nothing"
    if not real.is_relative_to(real_base):
        return "a symlink that leads outside the static folder; refusing to publish it"
    return "" if real.is_file() else "a symlink to something other than a file"


def static_image_problems(articles: Iterable[SourceArticle], files: Iterable[LinkedFile], static_dir: str,
                          line_of: Callable[[str, str, str], int] = lambda path, key, value: 0) -> list[Problem]:
    """A problem for each article whose front matter ``image`` names a static-folder photo
    (``/img/brug.jpg``) that is not there: its link previews would show nothing.
    ``line_of(path, key, value)``: the line of a header field (``load.text.file_header_line``)."""
    published = {f.output for f in files}
    return [Problem(a.path, next((n for key in IMAGE_KEYS if (n := line_of(a.path, key, a.image))), 0),
                    f"image: {a.image!r} is not in the static folder "
                    f"({static_dir or 'none'}/{a.image.lstrip('/')} does not exist)")
            for a in articles if a.image.startswith("/") and a.image.lstrip("/").split("?")[0] not in published]


IMAGE_KEYS = ("image", "images", "featured_image")  # the front-matter names of ``image`` (other_generators)
