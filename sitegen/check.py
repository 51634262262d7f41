"""``sitegen check``: prove that a built site works on any static host before it is published.

Everything is checked offline against the files in ``build/``, the way a static host would
serve them (a folder URL serves its ``index.html``; nothing is rewritten):

* every ``href``/``src``/``srcset``/``action`` in every page, every ``url()`` in CSS, every
  link in every Atom feed, every ``<loc>`` of the sitemap and the sitemap line of
  ``robots.txt`` resolves to a file inside ``build/``, and every ``#anchor`` to an id (or
  ``<a name>``) on the target page; relative links may not climb above the site root and
  absolute ones must stay under the base path (that is what breaks under a subpath);
* ``404.html`` uses no relative URLs (hosts serve it at whatever URL was missing);
* every page is well-formed HTML (see ``_Tokens``), has one non-empty ``<title>``, a
  ``lang`` on ``<html>``, and no duplicate or empty ids; feeds, the sitemap and JSON parse.

Why not an off-the-shelf link checker (LinkChecker, linkinator, lychee): they crawl over
HTTP or ``file://`` and cannot map the configured ``base_url`` back to ``build/``, do not
know that 404.html is served from arbitrary URLs, and do not read Atom or sitemaps with
that mapping; the mapping is the part that breaks. Parsing uses lxml (already installed
with feedgen) and the standard library's HTML tokenizer; accessibility is left to axe-core
in the browser tests (``tests/test_a11y.py``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped]

from .config import load_config
from .errors import Problem, SitegenError
from .forked import can_fork
from .load.static_files import gather_static

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: (element, attribute) pairs that point at another resource.
URL_ATTRIBUTES = (
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
    ("iframe", "src"), ("source", "src"), ("audio", "src"), ("video", "src"), ("track", "src"),
    ("embed", "src"), ("video", "poster"), ("object", "data"), ("form", "action"),
    ("blockquote", "cite"), ("q", "cite"), ("img", "srcset"), ("source", "srcset"),
)
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
#: Start tags that make an HTML parser close an open <p> (WHATWG "close a p element").
CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
    "nav", "ol", "p", "pre", "search", "section", "table", "ul",
))
MAX_PER_RULE = 20  # per file and rule, so one broken template does not print 10,000 lines
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True, slots=True)
class SiteRoot:
    """Where the build is served: the base path (``/`` or ``/archief/``) and, when the base URL
    is absolute, its ``scheme://host`` part; used to map URLs back to files in ``build/``."""

    base_path: str = "/"
    origin: str = ""  # "https://example.org" or "" when base_url is a bare path

    @classmethod
    def from_base_url(cls, base_url: str) -> SiteRoot:
        parts = urlsplit(base_url)
        path = parts.path or "/"
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
        return cls(path if path.endswith("/") else path + "/", origin)

    @property
    def url(self) -> str:
        return self.origin + self.base_path


@dataclass(slots=True)
class _Page:
    """One parsed HTML page: its ids and the URLs it links to."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str]] = field(default_factory=list)  # (line, attribute, url)


@dataclass(frozen=True, slots=True)
class _Anchor:
    """A link to an #anchor on another page, checked once every page's ids are known."""

    source: str
    line: int
    attr: str
    url: str
    target: str
    anchor: str


def check_site(site: Path, build: Path | None = None, base_url: str | None = None) -> list[Problem]:
    """Check the site's build (default: its output folder); return problems, [] when clean.

    The base URL comes from ``base_url``, else from the build's own sitemap when that was
    built with ``--base-url`` (its home page entry is the root every other entry starts with),
    else from ``sitegen.toml``.
    """
    config = load_config(site)
    folder = build if build is not None else config.output_path
    if not (folder / "index.html").is_file():
        raise SitegenError(f"{folder} holds no built site (no index.html); run 'sitegen build' first")
    if base_url is None:
        base_url = built_base_url(folder) or config.base_url
    verbatim = frozenset(f.output for f in gather_static(config.root, config.static_dir)[0]) \
        if folder.resolve() == config.output_path.resolve() else frozenset()
    return check_build(folder, SiteRoot.from_base_url(base_url), verbatim)


def built_base_url(folder: Path) -> str | None:
    """The base URL a build was made with, read back from its sitemap (None if unclear)."""
    try:
        doc = etree.parse(str(folder / "sitemap.xml")).getroot()
        locs = [e.text or "" for e in doc.iter(f"{SITEMAP}loc")]
    except (OSError, etree.XMLSyntaxError):
        return None
    if doc.tag == f"{SITEMAP}sitemapindex":  # a big site: it lists its sitemap files, at the root
        roots = {loc.rpartition("/")[0] + "/" for loc in locs}
        return roots.pop() if len(roots) == 1 else None
    roots = [loc for loc in locs if loc.endswith("/") and all(other.startswith(loc) for other in locs)]
    return min(roots, key=len) if roots else None


def check_build(build: Path, root: SiteRoot, verbatim: frozenset[str] = frozenset(),
                workers: int = 0) -> list[Problem]:
    """All problems of the built site in ``build``, sorted by file then line.

    ``verbatim``: the site's own files from ``static/``, published as they are (a search
    engine's one-line verification page is HTML without doctype, language or title); only
    their markup and links are checked, not what makes a page of the archive. ``workers``:
    processes that read the pages of a big site (0: one per core)."""
    problems: list[Problem] = []
    files = sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file())
    anchors: list[_Anchor] = []  # links to #anchors on pages, checked last
    resolver = _Resolver(set(files), root, problems, ids=set(), anchors=anchors)
    _check_data(build, files, resolver, problems)  # first: a big JSON export's objects are gone before the pages
    pages = [rel for rel in files if rel.endswith(".html")]
    ids: dict[str, frozenset[str]] = {}
    for rel, found, page_ids, other_pages in _checked_pages(build, pages, resolver, verbatim, workers):
        problems.extend(found)
        ids[rel] = page_ids
        anchors.extend(other_pages)
    for a in anchors:  # links to #anchors on other pages, now that every page's ids are known
        if a.anchor not in ids.get(a.target, (a.anchor,)):
            problems.append(Problem(a.source, a.line, f"{a.attr}={a.url!r}: no element with id {a.anchor!r} in {a.target}"))
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


def _check_page(build: Path, rel: str, resolver: _Resolver, document: bool) -> tuple[list[Problem], frozenset[str],
                                                                                   list[_Anchor]]:
    """One page's problems (markup and links), its ids, and its links to anchors on
    other pages (checked when all pages are read)."""
    problems: list[Problem] = []
    page = _read_page(build / rel, rel, problems, document)
    anchors: list[_Anchor] = []
    local = _Resolver(resolver.files, resolver.root, problems, resolver.folders, rel, page.ids, anchors)
    for line, attr, url in page.links:
        if rel == "404.html" and not _is_absolute(url) and not url.startswith("#"):
            problems.append(Problem(rel, line, f"{attr}={url!r} is relative, but hosts serve 404.html "
                                               "at any missing URL; use a URL under the base path"))
            continue
        local.check(rel, line, url, attr)
    return problems, frozenset(page.ids), anchors


_pool_state: tuple[Path, _Resolver, frozenset[str]] | None = None  # a page worker's build, resolver, verbatim files


def _init_pages(build: Path, resolver: _Resolver, verbatim: frozenset[str]) -> None:
    global _pool_state
    _pool_state = (build, resolver, verbatim)


def _check_pages(rels: list[str]) -> list[tuple[str, list[Problem], frozenset[str], list[_Anchor]]]:
    assert _pool_state is not None
    build, resolver, verbatim = _pool_state
    return [(rel, *_check_page(build, rel, resolver, rel not in verbatim)) for rel in rels]


PAGES_PER_TASK = 200
PARALLEL_MIN = 2_000  # pages: below this, starting workers costs more than it saves


def _checked_pages(build: Path, pages: list[str], resolver: _Resolver, verbatim: frozenset[str],
                   workers: int) -> Iterator[tuple[str, list[Problem], frozenset[str], list[_Anchor]]]:
    """Every page checked, in forked workers (one per core) for a big site: parsing the
    HTML is most of the time, and a worker sends back only problems, ids and anchors."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(pages) < PARALLEL_MIN or not can_fork():
        for rel in pages:
            yield rel, *_check_page(build, rel, resolver, rel not in verbatim)
        return
    tasks = [pages[k:k + PAGES_PER_TASK] for k in range(0, len(pages), PAGES_PER_TASK)]
    with multiprocessing.get_context("fork").Pool(workers, _init_pages, (build, resolver, verbatim)) as pool:
        for done in pool.imap(_check_pages, tasks):
            yield from done


def _check_data(build: Path, files: list[str], resolver: _Resolver, problems: list[Problem]) -> None:
    """Stylesheets, feeds, the sitemap, JSON data and robots.txt."""
    for rel in files:
        if rel.endswith(".css"):
            _check_css(build / rel, rel, resolver)
        elif rel.endswith(".xml"):
            _check_xml(build / rel, rel, resolver, problems)
        elif rel.endswith(".json"):
            try:  # each object is dropped once read: a 60 MB export is checked in 0.5 s and 113 MB, not 1.4 s and 315
                json.loads((build / rel).read_bytes(), object_pairs_hook=_dropped)
            except ValueError as exc:
                problems.append(Problem(rel, 0, f"not valid JSON: {exc}"))
        elif rel == "robots.txt":
            text = (build / rel).read_text(encoding="utf-8", errors="replace")
            for n, row in enumerate(text.splitlines(), 1):
                if row.lower().startswith("sitemap:"):
                    resolver.check(rel, n, row.split(":", 1)[1].strip(), "Sitemap")


def _dropped(pairs: list) -> None:
    """``json.loads``'s object hook when only the syntax matters: nothing is kept."""
    return


def _is_absolute(url: str) -> bool:
    return url.startswith("/") or bool(urlsplit(url).scheme)


class _Resolver:
    """Maps a URL found in one file to a file in the build and checks its #anchor.

    An anchor on the ``page`` being read (whose ``ids`` are known) is checked at once,
    one on another HTML page is added to ``anchors``, to be checked when every page has
    been read."""

    def __init__(self, files: set[str], root: SiteRoot, problems: list[Problem], folders: set[str] | None = None,
                 page: str = "", ids: set[str] | None = None, anchors: list[_Anchor] | None = None) -> None:
        self.files, self.root, self.problems = files, root, problems
        self.page, self.ids, self.anchors = page, ids, anchors
        if folders is None:
            folders = set()
            for name in files:
                folder = posixpath.dirname(name)
                while folder and folder not in folders:
                    folders.add(folder)
                    folder = posixpath.dirname(folder)
        self.folders = folders
        self.memo: dict[tuple[str, str], str | tuple[str, str] | None] = {}  # a page repeats its links: resolve each once

    def check(self, source: str, line: int, url: str, attr: str) -> None:
        url = url.strip()
        if attr == "srcset":
            for candidate in url.split(","):
                if candidate.strip():
                    self.check(source, line, candidate.split()[0], "src")
            return
        key = (posixpath.dirname(source), url)
        if key not in self.memo:
            self.memo[key] = self._problem(source, url)
        problem = self.memo[key]
        if isinstance(problem, tuple):  # an anchor on another page: checked later
            if self.anchors is not None:
                self.anchors.append(_Anchor(source, line, attr, url, *problem))
        elif problem:
            self.problems.append(Problem(source, line, f"{attr}={url!r}: {problem}"))

    def _problem(self, source: str, url: str) -> str | tuple[str, str] | None:
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None  # mailto:, tel:, data: …
        if parts.scheme or url.startswith("//"):
            if not self.root.origin or not url.startswith(self.root.url):
                return None  # another site: not ours to check offline
            url = url[len(self.root.origin):]
        if url.startswith("/"):
            parts = urlsplit(urljoin("http://site.invalid/", url))
            path = unquote(parts.path)
            if not path.startswith(self.root.base_path):
                return f"is outside the base path {self.root.base_path}; a host serving the site there answers 404"
        else:
            # Resolve below a sentinel folder: URL resolution silently clamps '..' at the
            # host root, which would hide a link climbing out of a root build.
            mount = "/sentinel" + self.root.base_path
            parts = urlsplit(urljoin("http://site.invalid" + mount + source, url))
            path = unquote(parts.path)
            if not path.startswith(mount):
                return f"climbs above the site root {self.root.base_path}"
            path = self.root.base_path + path[len(mount):]
        rel = path[len(self.root.base_path):]
        target = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        if posixpath.normpath("/" + target) != "/" + target and target != "index.html":
            return "is not a normalised path"
        if target in self.folders:
            return f"points at a folder without a trailing slash; link to {rel}/ so relative links there work"
        if target not in self.files:
            return f"no such file in the build ({target})"
        anchor = unquote(parts.fragment)
        if anchor and anchor != "top" and target.endswith(".html") and self.ids is not None:
            if target != self.page:
                return target, anchor  # the caller checks it when every page has been read
            if anchor not in self.ids:
                return f"no element with id {anchor!r} in {target}"
        return None


def _read_page(path: Path, rel: str, problems: list[Problem], document: bool = True) -> _Page:
    """Parse one HTML file for the second pass; report its markup problems and, when it is
    a ``document`` of the site, a missing doctype, language or title."""
    data = path.read_bytes()
    page = _Page()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 0, f"not valid UTF-8 ({exc.reason} at byte {exc.start})"))
        return page
    tokens = _Tokens()
    tokens.feed(text)
    tokens.close()
    problems.extend(Problem(rel, line, message) for line, message in tokens.problems)
    if document and not re.match(r"\s*<!doctype html>", text, re.IGNORECASE):
        problems.append(Problem(rel, 1, "does not start with <!doctype html> (browsers fall back to quirks mode)"))
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True)
    doc = etree.fromstring(data, parser)
    if doc is None:
        problems.append(Problem(rel, 0, "empty HTML document"))
        return page
    html = doc if doc.tag == "html" else doc.getroottree().getroot()
    if document and not (html.get("lang") or "").strip():
        problems.append(Problem(rel, html.sourceline or 1, "<html> has no lang attribute (screen readers need it)"))
    titles = doc.xpath("/html/head/title")
    if document and (not titles or not "".join(titles[0].itertext()).strip()):
        problems.append(Problem(rel, 0, "no <title> (or an empty one) in <head>"))
    elif len(titles) > 1:
        problems.append(Problem(rel, titles[1].sourceline or 0, f"{len(titles)} <title> elements; a page has one"))
    seen: dict[str, int] = {}
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id")
        if ident is not None:
            line = element.sourceline or 0
            if not ident.strip() or re.search(r"\s", ident):
                problems.append(Problem(rel, line, f"id={ident!r} is empty or contains whitespace"))
            elif ident in seen:
                problems.append(Problem(rel, line, f"duplicate id {ident!r} (first on line {seen[ident]})"))
            else:
                seen[ident] = line
        if element.tag == "a" and element.get("name"):
            page.ids.add(element.get("name"))
    page.ids.update(seen)
    for tag, attr in URL_ATTRIBUTES:
        for element in doc.iter(tag):
            value = element.get(attr)
            if value is not None and not (tag == "form" and not value):
                page.links.append((element.sourceline or 0, attr, value))
    return page


class _Tokens(HTMLParser):
    """Well-formedness that is strict on purpose: sitegen writes every page from templates,
    so each element it opens should be closed explicitly and in order. Browsers silently
    repair what this rejects (unclosed or misnested tags, stray end tags, a block inside a
    <p>, a link inside a link, ``<div/>``, duplicate attributes), each in its own way, which
    moves content out of its container; the WHATWG spec calls all of these parse errors.
    Optional end tags (``</p>``, ``</li>``) count as required here: the templates use them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.problems: list[tuple[int, str]] = []
        self.counts: dict[str, int] = {}

    def _report(self, rule: str, message: str) -> None:
        self.counts[rule] = self.counts.get(rule, 0) + 1
        if self.counts[rule] <= MAX_PER_RULE:
            self.problems.append((self.getpos()[0], message))

    def _foreign(self) -> bool:
        return any(tag in ("svg", "math") for tag, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, self_closing=True)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        names = [name for name, _ in attrs]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self._report("dup-attr", f"<{tag}> has the attribute {name!r} more than once (browsers keep the first)")
        foreign = self._foreign() or tag in ("svg", "math")
        if not foreign:
            if tag in CLOSES_P and any(t == "p" for t, _ in self.stack):
                self._report("p-block", f"<{tag}> inside <p>: browsers end the paragraph before it")
            if tag == "a" and any(t == "a" for t, _ in self.stack):
                self._report("nested-a", "<a> inside <a>: browsers end the outer link first")
        if self_closing and (tag in VOID or foreign):
            return
        if self_closing:
            self._report("self-closing", f"<{tag}/> is not self-closing in HTML; write <{tag}></{tag}>")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID and not self._foreign():
            self._report("void-end", f"</{tag}>: <{tag}> is a void element and has no end tag")
            return
        open_tags = [t for t, _ in self.stack]
        if open_tags and open_tags[-1] == tag:
            self.stack.pop()
        elif tag in open_tags:
            while self.stack and self.stack[-1][0] != tag:
                inner, line = self.stack.pop()
                self._report("unclosed", f"</{tag}> closes <{inner}> from line {line}, which was never closed")
            self.stack.pop()
        else:
            self._report("stray-end", f"stray </{tag}> with no open <{tag}>")

    def close(self) -> None:
        super().close()
        for tag, line in self.stack:
            self.problems.append((line, f"<{tag}> is never closed"))
        self.stack.clear()


def _check_css(path: Path, rel: str, resolver: _Resolver) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    for match in _CSS_URL.finditer(text):
        url = match.group(2).strip()
        if not url.startswith(("data:", "#")):
            resolver.check(rel, text.count("\n", 0, match.start()) + 1, url, "url()")


def _check_xml(path: Path, rel: str, resolver: _Resolver, problems: list[Problem]) -> None:
    """Atom feeds: parse, then check every link; the sitemap: every <loc>."""
    try:
        doc = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as exc:
        problems.append(Problem(rel, exc.lineno or 0, f"not well-formed XML: {exc.msg}"))
        return
    if doc.tag == f"{ATOM}feed":
        if not (doc.findtext(f"{ATOM}title") or "").strip():
            problems.append(Problem(rel, doc.sourceline or 0, "Atom feed without a <title>"))
        for link in doc.iter(f"{ATOM}link"):
            href = link.get("href")
            if href is None:
                problems.append(Problem(rel, link.sourceline or 0, "Atom <link> without href"))
            else:
                resolver.check(rel, link.sourceline or 0, href, "link href")
        for entry in doc.iter(f"{ATOM}entry"):
            if entry.find(f"{ATOM}link") is None:
                problems.append(Problem(rel, entry.sourceline or 0, "Atom <entry> without a <link>"))
    elif doc.tag in (f"{SITEMAP}urlset", f"{SITEMAP}sitemapindex"):  # an index lists the sitemap files
        for loc in doc.iter(f"{SITEMAP}loc"):
            resolver.check(rel, loc.sourceline or 0, (loc.text or "").strip(), "loc")
