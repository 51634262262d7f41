"""Issue 7 proof: the built sample site works on a plain static host, under a subpath and at
the domain root, with no rewrites.

The repository's sample site is built with a base URL, placed where a host would put it
(``www/archief/`` for ``https://example.org/archief/``), and served by a real HTTP server
(``python -m http.server`` in a subprocess, on 127.0.0.1 and a free port) that knows nothing
about sitegen. A crawler then starts at the home page, the sitemap, robots.txt and the feed
and follows every href/src/srcset/action, every Atom link, every sitemap <loc> and every CSS
url(); it fetches each URL over HTTP, checks every #anchor against the ids of the page it
names, and fails on any status but 200 (redirects included), on any URL outside the mount
point, and on any page of build/ it never reached. Absolute URLs on the configured host are
mapped to the local server, so canonical links, feeds and the sitemap are checked too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from sitegen.build import build
from sitegen.check import check_site

from .conftest import REPO, make_site

pytestmark = pytest.mark.slow

SAMPLE_PARTS = ("seeds", "pages", "content", "themes", "sitegen.toml")
URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data", "cite")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def copy_sample_site(dest: Path) -> Path:
    """A private copy of the repository's sample site (sources only, never its build/)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copyfile(src, dest / part)
    return dest


SMALL_SITE = {
    "content/nieuws/tokajev-parlement.md": (
        "---\ntitle: Tokajev spreekt parlement toe\ndate: 2022-02-03\n---\n"
        "President Kassym-Jomart Tokajev van Kazachstan sprak dinsdag in Astana het parlement toe. "
        "Tokajev beloofde hervormingen.\n"
    ),
    "content/nieuws/blinken-astana.md": (
        "---\ntitle: Blinken bezoekt Kazachstan\ndate: 2022-01-04\n---\n"
        "De Amerikaanse minister Antony Blinken sprak in Astana met Tokajev over Kazachstan en Rusland.\n"
    ),
}


def make_small_site(dest: Path, base_url: str = "") -> Path:
    """Two short articles: every kind of page and feed, a tenth of the sample's files."""
    config = 'title = "Testarchief"\n' + (f'base_url = "{base_url}"\n' if base_url else "")
    return make_site(dest, SMALL_SITE, config)


@dataclass
class Server:
    """``python -m http.server`` serving ``root`` on 127.0.0.1; ``url`` ends with '/'."""

    root: Path
    process: subprocess.Popen = field(init=False)
    url: str = field(init=False)

    def __post_init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(self.root)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        match = re.search(r"port (\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"http.server did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}/"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a static host must not need redirects
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Crawl:
    """Everything the crawler saw; ``broken`` lists 'where: what' lines."""

    pages: set[str] = field(default_factory=set)  # HTML URLs fetched
    fetched: dict[str, tuple[int, bytes, str]] = field(default_factory=dict)
    links: int = 0  # link occurrences checked (with anchors)
    external: int = 0
    broken: list[str] = field(default_factory=list)


def crawl(server_root: str, site_url: str, public_url: str | None, starts: list[str]) -> Crawl:
    """Fetch ``starts`` and everything they link to under ``site_url`` (a server URL)."""
    result = Crawl()
    ids: dict[str, set[str]] = {}
    queue: list[str] = []  # fetched with 200 and not yet read for links

    def local(url: str) -> str | None:
        if public_url and url.startswith(public_url):
            return site_url + url[len(public_url):]
        return url if url.startswith(server_root) else None

    def fetch(url: str) -> tuple[int, bytes, str]:
        if url not in result.fetched:
            try:
                with _OPENER.open(url, timeout=10) as response:
                    result.fetched[url] = (response.status, response.read(), response.headers.get_content_type())
            except urllib.error.HTTPError as exc:
                result.fetched[url] = (exc.code, b"", "")
            if result.fetched[url][0] == 200:
                queue.append(url)
        return result.fetched[url]

    def follow(source: str, raw: str) -> None:
        raw = raw.strip()
        scheme = urlsplit(raw).scheme
        if scheme and scheme not in ("http", "https"):
            return
        mapped = local(urljoin(source, raw))
        if mapped is None:
            result.external += 1
            return
        result.links += 1
        target, fragment = urldefrag(mapped)
        if not target.startswith(site_url):
            result.broken.append(f"{source}: {raw!r} leaves the site's mount point ({target})")
            return
        status, body, kind = fetch(target)
        if status != 200:
            result.broken.append(f"{source}: {raw!r} → HTTP {status}")
        elif fragment and kind == "text/html" and fragment != "top":
            if target not in ids:
                ids[target] = _ids(body)
            if unquote(fragment) not in ids[target]:
                result.broken.append(f"{source}: {raw!r} → no #{fragment} on {target}")

    for start in starts:
        if fetch(start)[0] != 200:
            result.broken.append(f"start URL {start} → HTTP {result.fetched[start][0]}")
    while queue:
        url = queue.pop()
        _, body, kind = result.fetched[url]
        if kind == "text/html":
            result.pages.add(url)
            for raw in _html_urls(body):
                follow(url, raw)
        elif url.endswith(".xml"):
            doc = lxml.etree.fromstring(body)
            for link in doc.iter(f"{ATOM}link"):
                follow(url, link.get("href", ""))
            for loc in doc.iter(f"{SITEMAP}loc"):
                follow(url, loc.text or "")
        elif url.endswith(".css"):
            for match in re.finditer(r"""url\(\s*['"]?([^'")]+)""", body.decode("utf-8")):
                if not match.group(1).startswith("data:"):
                    follow(url, match.group(1))
        elif url.endswith("robots.txt"):
            for line in body.decode("utf-8").splitlines():
                if line.lower().startswith("sitemap:"):
                    follow(url, line.split(":", 1)[1])
    return result


def _html_urls(body: bytes) -> Iterator[str]:
    doc = lxml.html.fromstring(body)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in URL_ATTRS:
            value = element.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                yield from (c.split()[0] for c in value.split(",") if c.strip())
            elif value or attr != "action":
                yield value


def _ids(body: bytes) -> set[str]:
    doc = lxml.html.fromstring(body)
    return {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")} | {
        a.get("name") for a in doc.iter("a") if a.get("name")
    }


def _html_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


def _assert_crawl(result: Crawl, site_url: str, build_dir: Path) -> None:
    assert not result.broken, f"{len(result.broken)} broken link(s):\n" + "\n".join(result.broken[:40])
    reached = {u[len(site_url):] + ("index.html" if u.endswith("/") else "") for u in result.pages}
    missing = _html_files(build_dir) - reached
    assert not missing, f"pages never reached by following links: {sorted(missing)[:20]}"
    assert result.links > 1000


def _assert_404_works_anywhere(result: Crawl, crawl_fn, site_url: str) -> None:
    """Hosts serve 404.html *at the missing URL*: its links must work from any depth."""
    status, body, _ = result.fetched[site_url + "404.html"]
    assert status == 200
    for missing in ("bestaat-niet", "2022/01/weg/", "a/b/c/d/e.html"):
        pretend = site_url + missing
        for raw in _html_urls(body):
            if raw.startswith("#"):
                continue  # same page: the 404 page itself
            target, _ = urldefrag(urljoin(pretend, raw))
            assert target.startswith(site_url), f"404.html link {raw!r} served at {pretend} leaves the site"
            assert crawl_fn(target) == 200, f"404.html link {raw!r} served at {pretend} → {target} is broken"


def _status(url: str) -> int:
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample_site(tmp_path_factory.mktemp("hosting") / "site")


def test_subpath_site_over_http_has_no_broken_links(sample, tmp_path, embedded_annotator):
    www = tmp_path / "www"
    out = www / "archief"
    build(sample, base_url="https://example.org/archief/", annotator=embedded_annotator, output=out)
    (www / "index.html").write_text("<!doctype html><title>other site</title>", encoding="utf-8")  # the host's own root
    server = Server(www)
    try:
        site_url = server.url + "archief/"
        starts = [site_url + p for p in ("", "sitemap.xml", "robots.txt", "feed.xml", "404.html")]
        result = crawl(server.url, site_url, "https://example.org/archief/", starts)
        _assert_crawl(result, site_url, out)
        _assert_404_works_anywhere(result, _status, site_url)
        assert check_site(sample, out) == []  # sitegen check agrees with the crawler
        print(f"subpath: {len(result.pages)} pages, {len(result.fetched)} URLs fetched, {result.links} links checked")
    finally:
        server.stop()


def test_domain_root_site_over_http_has_no_broken_links(sample, tmp_path, embedded_annotator):
    out = tmp_path / "www"
    build(sample, base_url="", annotator=embedded_annotator, output=out)
    server = Server(out)
    try:
        starts = [server.url + p for p in ("", "sitemap.xml", "robots.txt", "feed.xml", "404.html")]
        result = crawl(server.url, server.url, None, starts)
        _assert_crawl(result, server.url, out)
        _assert_404_works_anywhere(result, _status, server.url)
        assert check_site(sample, out) == []
        print(f"root: {len(result.pages)} pages, {len(result.fetched)} URLs fetched, {result.links} links checked")
    finally:
        server.stop()


def test_path_only_base_url_and_opening_from_disk(sample, tmp_path, embedded_annotator):
    """``base_url = "/archief/"`` (no host) works too, and every page opened from disk
    (file://) finds its stylesheet, scripts and images: relative URLs need no server.
    Links to other pages end in a folder ('actoren/'), which file:// shows as a listing."""
    out = tmp_path / "archief"
    build(sample, base_url="/archief/", annotator=embedded_annotator, output=out)
    for page in sorted(out.rglob("*.html")):
        if page.name == "404.html":
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        assets = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src")
        assert assets, page
        for href in assets:
            assert not href.startswith("/"), f"{page}: {href} would not load from disk"
            assert (page.parent / unquote(href)).resolve().is_file(), f"{page}: {href} missing"
        for href in doc.xpath("//a/@href"):
            if "://" not in href and not href.startswith(("#", "mailto:")):
                target = (page.parent / unquote(urldefrag(href)[0])).resolve()
                assert target.is_file() or (target / "index.html").is_file(), f"{page}: {href}"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/archief/2022/" in sitemap


def test_the_crawler_itself_reports_broken_links(tmp_path):
    """The crawler is not vacuous: a missing page, a missing anchor, a URL outside the mount
    point, a folder without its slash (a redirect) and a missing asset all count as broken."""
    site = tmp_path / "www" / "archief"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<!doctype html><p id="er">a</p>', encoding="utf-8")
    (site / "index.html").write_text(
        '<!doctype html><link rel="stylesheet" href="weg.css"><a href="a/">ok</a> <a href="a/#er">ok</a> '
        '<a href="b/">1</a> <a href="a/#niet">2</a> <a href="/elders/">3</a> <a href="a">4</a>',
        encoding="utf-8")
    server = Server(tmp_path / "www")
    try:
        result = crawl(server.url, server.url + "archief/", None, [server.url + "archief/"])
    finally:
        server.stop()
    assert len(result.broken) == 5, result.broken
    assert result.pages == {server.url + "archief/", server.url + "archief/a/"}


def test_every_published_file_is_readable_by_the_web_server(tmp_path, embedded_annotator, seed_path):
    """A web server runs as another user than the one who builds, and ``publish`` to a
    folder or over rsync keeps each file's mode: every file must be readable by others and
    every folder enterable under the usual umask. The JSON export was written with
    ``tempfile.mkstemp`` and published as 0600, so the server refused it (403)."""
    import os
    import stat as st

    site = make_site(tmp_path / "s", {"content/a.md": "---\ntitle: Een\ndate: 2022-01-05\n---\nMark Rutte sprak.\n"})
    (site / "seeds").mkdir()
    (site / "seeds" / "seed.txt").write_bytes(seed_path.read_bytes())
    before = os.umask(0o022)
    try:
        build(site, annotator=embedded_annotator)
    finally:
        os.umask(before)
    out = site / "build"
    assert (out / "data" / "annotaties.json").is_file()
    private = [p.relative_to(out).as_posix() for p in out.rglob("*")
               if not p.stat().st_mode & st.S_IROTH or p.is_dir() and not p.stat().st_mode & st.S_IXOTH]
    assert private == []
