"""The load stage: find article files under the content folders and read them.

Every file is read even after a failure, so the user gets the whole list of problems
in one run. Paths are checked here, at the edge: a symlink or folder that leads outside
the site is refused before anything is read from it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem
from ..forked import can_fork
from ..model import SourceArticle
from .markdown_reader import FRONT_MATTER_KEYS, read_markdown
from .other_generators import kept_problems, unknown_key_problems
from .seed_reader import read_seed
from .text import file_header_line

__all__ = ["LoadResult", "ParsedFiles", "discover", "load_articles", "read_article"]

SEED_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Articles that loaded (sorted newest first, then by path) and every problem found."""

    articles: tuple[SourceArticle, ...]
    problems: tuple[Problem, ...]


def discover(root: Path, content_dirs: tuple[str, ...], skip: Collection[Path] = ()) -> tuple[list[Path], list[Problem]]:
    """Article files under the content folders, sorted, each checked to lie inside ``root``.

    ``skip``: folders sitegen writes (the output and the cache, absolute), left out when
    they lie in a content folder (``content_dirs = ["."]``): the built site's
    ``robots.txt`` is not an article."""
    root = root.resolve()
    found: list[Path] = []
    problems: list[Problem] = []
    skipped = {str(folder) for folder in skip}
    for folder in content_dirs:
        base = root / folder
        if not base.is_dir():
            continue
        if not _inside(base.resolve(), root):
            problems.append(Problem(folder, 0, "content folder points outside the site; refusing to read it"))
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = content_subfolders(dirpath, dirnames, skipped)
            for d in dirnames:  # os.walk does not enter symlinked folders: say so if one leads out
                sub = Path(dirpath) / d
                if sub.is_symlink() and not _inside(sub.resolve(), root):
                    problems.append(Problem(_relative(sub, root), 0,
                                            "folder symlink points outside the site; refusing to read it"))
            for name in sorted(filenames):
                if name.startswith((".", "_")) or name.lower() == "readme.md":
                    continue
                if not name.lower().endswith(SEED_SUFFIXES + MARKDOWN_SUFFIXES):
                    continue
                # plain os.path on strings: pathlib's objects and relative_to cost more than
                # the two stat calls themselves, 10,000 times per build
                full = os.path.join(dirpath, name)
                if os.path.islink(full) and not _inside(Path(full).resolve(), root):
                    problems.append(Problem(_relative(Path(full), root), 0,
                                            "symlink points outside the site; refusing to read it"))
                    continue
                if not os.path.isfile(full) and os.path.exists(full):  # a FIFO or device would block the read forever
                    problems.append(Problem(_relative(Path(full), root), 0, "not a regular file; refusing to read it"))
                    continue
                found.append(Path(full))
    return sorted(set(found)), problems


def content_subfolders(folder: str, names: list[str], skipped: Collection[str],
                       left_out: tuple[str, ...] = (".", "_")) -> list[str]:
    """The subfolders of a content folder to walk, sorted: not hidden (``.git``, the spare
    build), not a folder sitegen writes, and for articles not ``_``-prefixed either
    (``left_out``; a ``_beelden/`` folder may hold the photos they link to)."""
    return sorted(d for d in names if not d.startswith(left_out) and os.path.join(folder, d) not in skipped)


def read_article(path: Path, root: Path, language: str, allow_html: bool) -> SourceArticle:
    """Read one file with the reader its suffix names."""
    rel = _relative(path, root)
    raw = read_source(path, rel)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return read_markdown(raw, rel, language, allow_html)
    return read_seed(raw, rel, language)


def read_source(path: Path, rel: str) -> bytes:
    """A content file's bytes; a file past ``MAX_FILE_BYTES`` is a problem, not a read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError(rel, 0, f"file is {size // 2**20} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    return path.read_bytes()


PARALLEL_LOAD_MIN = 400  # files to parse before forking parsers pays off


def load_articles(
    root: Path,
    content_dirs: tuple[str, ...],
    language: str = "nl",
    allow_html: bool = False,
    include_drafts: bool = False,
    memo: ParsedFiles | None = None,
    workers: int = 1,
    on_parsed: Callable[[list[SourceArticle]], None] | None = None,
    skip: Collection[Path] = (),
    keep_unknown_keys: bool = False,
) -> LoadResult:
    """Read every article; collect problems (including duplicate URLs) instead of stopping.

    ``memo``: articles parsed by an earlier build (``ParsedFiles``), reused for files whose
    size, mtime, ctime and inode are unchanged; updated in place. ``workers > 1``: when
    many files need parsing, they are parsed by that many forked processes (a cold build
    of a big archive); the result is the same. ``on_parsed``: called in this process with
    each batch of articles those processes send back, as it arrives, so work that needs
    only the article (decoding its cached annotation) is done while they parse the rest.
    ``skip``: the folders sitegen writes (``discover``). ``keep_unknown_keys``: front-matter
    keys nobody knows are the article's params rather than errors (``other_generators``).
    """
    root = root.resolve()
    paths, problems = discover(root, content_dirs, skip)
    if memo is not None:
        memo.retain(paths)
    todo = [p for p in paths if memo is None or not memo.fresh(p, language, allow_html)]
    parsed = _parse_in_parallel(todo, root, language, allow_html, workers, on_parsed) \
        if workers > 1 and len(todo) >= PARALLEL_LOAD_MIN else {}
    articles: list[SourceArticle] = []
    for path in paths:
        try:
            article = _article_of(path, root, language, allow_html, memo, parsed.get(str(path)))
        except ContentError as exc:
            problems.extend(kept_problems(exc.problems, keep_unknown_keys))
            continue
        except OSError as exc:
            problems.append(Problem(_relative(path, root), 0, f"cannot read file: {exc.strerror}"))
            continue
        if article.unknown_keys and not keep_unknown_keys:
            problems.extend(unknown_key_problems(article.path, article.unknown_keys, FRONT_MATTER_KEYS))
            continue
        if article.draft and not include_drafts:
            continue
        articles.append(article)
    articles, duplicates = _drop_duplicate_urls(articles, root)
    problems.extend(duplicates)
    articles.sort(key=lambda a: (a.date, a.path), reverse=True)
    return LoadResult(tuple(articles), tuple(problems))


Parsed = tuple[tuple, "SourceArticle | tuple[Problem, ...] | str"]  # (stat signature, article | problems | OS error)


def _article_of(path: Path, root: Path, language: str, allow_html: bool, memo: ParsedFiles | None,
                parsed: Parsed | None) -> SourceArticle:
    """The article at ``path``: from the memo, from a parser process, or read here."""
    if memo is not None:
        return memo.read(path, root, language, allow_html, parsed)
    if parsed is not None:
        return _unwrap(parsed[1], path, root)
    return read_article(path, root, language, allow_html)


def _unwrap(outcome: SourceArticle | tuple[Problem, ...] | str, path: Path, root: Path) -> SourceArticle:
    if isinstance(outcome, SourceArticle):
        return outcome
    if isinstance(outcome, str):
        raise OSError(0, outcome)
    first, *more = outcome
    raise ContentError(first.path, first.line, first.message, tuple(more))


def _parse_in_parallel(paths: list[Path], root: Path, language: str, allow_html: bool, workers: int,
                       on_parsed: Callable[[list[SourceArticle]], None] | None = None) -> dict[str, Parsed]:
    """Parse ``paths`` in forked processes; path → (signature before reading, outcome)."""
    import multiprocessing

    if not can_fork():
        return {}
    chunk = max(50, len(paths) // (workers * 8))
    jobs = [([str(p) for p in paths[i : i + chunk]], str(root), language, allow_html)
            for i in range(0, len(paths), chunk)]
    found: dict[str, Parsed] = {}
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for part in pool.imap(_parse_job, jobs):
            found.update(part)
            if on_parsed is not None:
                on_parsed([outcome for _, (_, outcome) in part if isinstance(outcome, SourceArticle)])
    return found


def _parse_job(job: tuple[list[str], str, str, bool]) -> list[tuple[str, Parsed]]:
    """In a parser process: each file's stat signature (taken before reading) and outcome."""
    names, root_name, language, allow_html = job
    root = Path(root_name)
    out: list[tuple[str, Parsed]] = []
    for name in names:
        path = Path(name)
        try:
            signature = _signature(path.stat(), language, allow_html)
        except OSError as exc:
            out.append((name, ((), exc.strerror or str(exc))))
            continue
        try:
            outcome: SourceArticle | tuple[Problem, ...] | str = read_article(path, root, language, allow_html)
        except ContentError as exc:
            outcome = tuple(exc.problems)
        except OSError as exc:
            outcome = exc.strerror or str(exc)
        out.append((name, (signature, outcome)))
    return out


def _signature(st: os.stat_result, language: str, allow_html: bool) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, language, allow_html)


class ParsedFiles:
    """Parsed articles kept between builds of one process, keyed by the file's stat.

    Like git's index, a file whose stat signature (size, mtime, ctime, inode) is unchanged
    is taken as unchanged. A file modified within ``RACY_SECONDS`` of being read is not
    kept: a second write in the same timestamp tick with the same size could go unseen.
    """

    RACY_SECONDS = 2.0

    def __init__(self, entries: dict[str, tuple[tuple, SourceArticle]] | None = None,
                 racy_seconds: float = RACY_SECONDS) -> None:
        self._parsed: dict[str, tuple[tuple, SourceArticle]] = entries or {}
        self.racy_seconds = racy_seconds
        self.dirty: set[str] = set()  # keys added, replaced or removed since it was made

    @property
    def changed(self) -> bool:
        return bool(self.dirty)

    def fresh(self, path: Path, language: str, allow_html: bool) -> bool:
        """Is the kept article still that of the file (by stat)?"""
        hit = self._parsed.get(str(path))
        try:
            return hit is not None and hit[0] == _signature(path.stat(), language, allow_html)
        except OSError:
            return False

    def read(self, path: Path, root: Path, language: str, allow_html: bool,
             parsed: Parsed | None = None) -> SourceArticle:
        """The article, kept if the file is unchanged; ``parsed``: a parser process's outcome,
        used if the file's stat has not changed since that process read it."""
        import time

        st = path.stat()
        signature = _signature(st, language, allow_html)
        key = str(path)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] == signature:
            return hit[1]
        if self._parsed.pop(key, None) is not None:
            self.dirty.add(key)
        if parsed is not None and parsed[0] == signature:
            article = _unwrap(parsed[1], path, root)
        else:
            article = read_article(path, root, language, allow_html)
        if time.time() - max(st.st_mtime, st.st_ctime) > self.racy_seconds:
            self._parsed[key] = (signature, article)
            self.dirty.add(key)
        return article

    def retain(self, paths: list[Path]) -> None:
        """Forget files that are gone."""
        keep = set(map(str, paths))
        for key in [k for k in self._parsed if k not in keep]:
            del self._parsed[key]
            self.dirty.add(key)

    def get(self, key: str) -> tuple[tuple, SourceArticle] | None:
        return self._parsed.get(key)

    def keys(self) -> list[str]:
        return list(self._parsed)

    def __len__(self) -> int:
        return len(self._parsed)


def _drop_duplicate_urls(articles: list[SourceArticle], root: Path) -> tuple[list[SourceArticle], list[Problem]]:
    """Two articles with the same URL would overwrite each other: report both files, at
    the line that made the URL (``slug``, else ``title``; else the first)."""
    by_url: dict[str, SourceArticle] = {}
    problems: list[Problem] = []
    clashes: set[str] = set()
    for article in sorted(articles, key=lambda a: a.path):
        other = by_url.get(article.url_path)
        if other is None:
            by_url[article.url_path] = article
            continue
        clashes.add(article.url_path)
        problems.append(
            Problem(
                article.path,
                file_header_line(root / article.path, "slug") or file_header_line(root / article.path, "title") or 1,
                f"duplicate slug {article.slug!r}: {other.path} has the same URL /{article.url_path}; "
                "give one of them a different 'slug' or title",
            )
        )
    kept = [a for url, a in by_url.items() if url not in clashes]
    return kept, problems


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
