"""Issue 7 proof: ``sitegen check`` passes a clean build and finds each planted problem.

A small site (two articles, every kind of page and feed) is built under a subpath base URL; each test plants one kind of
problem in its own copy of that build and expects the check to name the file and the
problem (and the CLI to exit 1 listing ``file:line: problem``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from sitegen.build import build
from sitegen.check import SiteRoot, check_build, check_site
from sitegen.cli import main
from sitegen.errors import SitegenError

from .test_static_hosting import make_small_site

pytestmark = pytest.mark.slow

BASE_URL = "https://example.org/archief/"


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedded_annotator) -> Path:
    site = make_small_site(tmp_path_factory.mktemp("check") / "site", BASE_URL)
    build(site, annotator=embedded_annotator, use_cache=False)
    return site


@pytest.fixture
def site(built, tmp_path) -> Path:
    """A private copy of the built site, free to break."""
    copy = tmp_path / "site"
    shutil.copytree(built, copy)
    return copy


def _article(site: Path) -> Path:
    return min((site / "build").glob("2022/01/*/index.html"))


def _edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the plant did not change {path}"
    path.write_text(changed, encoding="utf-8")


def _only(problems, path: str, pattern: str) -> None:
    assert problems, "the check found nothing"
    found = [str(p) for p in problems]
    assert any(str(p).startswith(path) and re.search(pattern, str(p)) for p in problems), found
    assert all(str(p).startswith(path) for p in problems), found


def test_clean_build_passes(built, capsys):
    assert check_site(built) == []
    assert main(["check", "--site", str(built)]) == 0
    assert "check passed" in capsys.readouterr().out


def test_broken_link(site, capsys):
    _edit(site / "build/index.html", lambda t: t.replace('href="landen/"', 'href="landen/bestaat-niet/"', 1))
    _only(check_site(site), "index.html:", r"'landen/bestaat-niet/': no such file")
    assert main(["check", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "1 problem(s)" in err and re.search(r"index\.html:\d+: href='landen/bestaat-niet/'", err)


def test_broken_json_export(site):
    export = site / "build/data/annotaties.json"
    assert export.is_file()
    _edit(export, lambda t: t.replace('"entities": [', '"entities": [,', 1))
    _only(check_site(site), "data/annotaties.json", r"not valid JSON: Expecting value: line \d+ column \d+")


def test_missing_anchor(site):
    _edit(site / "build/index.html", lambda t: t.replace('href="archief/"', 'href="archief/#nergens"', 1))
    _only(check_site(site), "index.html:", r"no element with id 'nergens' in archief/index.html")


def test_missing_anchor_on_the_same_page_and_in_a_feed(site):
    _edit(site / "build/index.html", lambda t: t.replace('href="archief/"', 'href="#nergens"', 1))
    feed = site / "build/feed.xml"
    _edit(feed, lambda t: re.sub(r'(<entry>.*?<link href="[^"]*?/)"', r'\1#weg"', t, count=1, flags=re.DOTALL))
    problems = [str(p) for p in check_site(site)]
    assert len(problems) == 2, problems
    assert re.match(r"feed\.xml:\d+: link href='.*#weg': no element with id 'weg' in 20\d\d/", problems[0])
    assert re.match(r"index\.html:\d+: href='#nergens': no element with id 'nergens' in index\.html", problems[1])


def test_pages_read_in_workers_give_the_same_problems(site, monkeypatch):
    """A big site's pages are read by forked workers; planted problems come back alike."""
    from sitegen import check

    _edit(site / "build/index.html", lambda t: t.replace('href="archief/"', 'href="archief/#nergens"', 1))
    _edit(_article(site), lambda t: t.replace("<main ", '<span id="inhoud"></span><p><div></div></p><main ', 1))
    root = SiteRoot.from_base_url(BASE_URL)
    serial = check_build(site / "build", root, workers=1)
    monkeypatch.setattr(check, "PARALLEL_MIN", 1)
    monkeypatch.setattr(check, "PAGES_PER_TASK", 3)
    assert check_build(site / "build", root, workers=2) == serial and len(serial) >= 3


def test_duplicate_id(site):
    page = _article(site)
    _edit(page, lambda t: t.replace("<main ", '<span id="inhoud"></span><main ', 1))
    _only(check_site(site), page.relative_to(site / "build").as_posix(), r"duplicate id 'inhoud'")


def test_missing_title_and_lang(site):
    _edit(site / "build/archief/index.html",
          lambda t: re.sub(r"<title>.*?</title>", "", t.replace('<html lang="nl">', "<html>"), count=1))
    problems = check_site(site)
    _only(problems, "archief/index.html", r"no <title>")
    assert any("no lang attribute" in str(p) for p in problems)


def test_broken_feed_link(site):
    feed = site / "build/landen/kz/feed.xml"
    _edit(feed, lambda t: re.sub(r'(<entry>.*?<link href="[^"]*?)/"', r'\1-weg/"', t, count=1, flags=re.DOTALL))
    _only(check_site(site), "landen/kz/feed.xml:", r"link href='https://example\.org/archief/.*-weg/': no such file")


def test_malformed_feed_and_sitemap_entry(site):
    _edit(site / "build/feed.xml", lambda t: t.replace("</feed>", ""))
    _edit(site / "build/sitemap.xml", lambda t: t.replace("</urlset>", f"<url><loc>{BASE_URL}weg/</loc></url></urlset>"))
    problems = check_site(site)
    assert any(str(p).startswith("feed.xml:") and "not well-formed XML" in str(p) for p in problems), problems
    assert any(str(p).startswith("sitemap.xml:") and "weg/index.html" in str(p) for p in problems), problems


def test_malformed_html(site):
    _edit(site / "build/landen/index.html",
          lambda t: t.replace("<h1>", "<p><div>x</div><section>", 1).replace("</main>", "</span></main>", 1))
    messages = [p.message for p in check_site(site)]
    assert any("<div> inside <p>" in m for m in messages), messages
    assert any("stray </span>" in m for m in messages), messages
    assert any("closes <section>" in m for m in messages), messages


def test_links_that_break_only_under_a_subpath(site):
    """A root-absolute URL, and a relative one climbing past the site root, both work when the
    site is served at the domain root and both break under /archief/."""
    _edit(site / "build/index.html",
          lambda t: t.replace('href="landen/"', 'href="/landen/"', 1).replace('href="actoren/"', 'href="../actoren/"', 1))
    messages = [str(p) for p in check_site(site)]
    assert any("'/landen/': is outside the base path /archief/" in m for m in messages), messages
    assert any("'../actoren/': climbs above the site root" in m for m in messages), messages


def test_relative_link_in_404_page_and_missing_asset(site):
    _edit(site / "build/404.html", lambda t: t.replace('href="/archief/archief/"', 'href="archief/"'))
    for css in (site / "build/static").glob("style.*.css"):
        css.unlink()
    problems = check_site(site)
    assert any(p.path == "404.html" and "relative, but hosts serve 404.html" in p.message for p in problems)
    missing_css = {p.path for p in problems if "static/style." in p.message and "no such file" in p.message}
    assert len(missing_css) == len(list((site / "build").rglob("*.html")))


def test_base_url_given_on_the_command_line_is_read_back_from_the_build(tmp_path, built, embedded_annotator):
    site = tmp_path / "other"
    shutil.copytree(built, site, ignore=shutil.ignore_patterns("build"))
    build(site, base_url="https://elders.example/x/", annotator=embedded_annotator)
    assert check_site(site) == []  # sitegen.toml says /archief/, the build says /x/


def test_no_build_is_a_user_error(tmp_path):
    with pytest.raises(SitegenError, match="sitegen build"):
        check_site(tmp_path)


def test_handmade_root_site_climbing_links_and_folder_links(tmp_path):
    """At the domain root a browser quietly clamps '../' at the host root; the check does not."""
    page = '<!doctype html><html lang="nl"><head><title>t</title></head><body>{}</body></html>'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page.format('<a href="../../a/">x</a> <a href="../a">y</a>'),
                                               encoding="utf-8")
    (tmp_path / "index.html").write_text(page.format('<a href="a/">ok</a> <a href="/a/#top">ok</a>'), encoding="utf-8")
    problems = [str(p) for p in check_build(tmp_path, SiteRoot.from_base_url(""))]
    assert problems == [
        "a/index.html:1: href='../../a/': climbs above the site root /",
        ("a/index.html:1: href='../a': points at a folder without a trailing slash; link to a/ so relative links "
         "there work"),
    ]


def test_a_big_site_gets_a_sitemap_index_that_check_follows(tmp_path, seed_path, embedded_annotator, monkeypatch):
    """Past 50,000 pages (here: 10) the sitemap becomes an index of sitemap-N.xml files."""
    from sitegen.check import built_base_url
    from sitegen.render import feeds

    from .conftest import add_seed, make_site

    site = make_site(tmp_path / "s", {}, 'title = "T"\nbase_url = "https://example.org/archief/"\n')
    add_seed(site, seed_path)
    monkeypatch.setattr(feeds, "SITEMAP_MAX_URLS", 10)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    index = etree.parse(str(out / "sitemap.xml")).getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    names = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert names[0] == "https://example.org/archief/sitemap-1.xml" and len(names) >= 2
    pages = []
    for n in range(1, len(names) + 1):
        urls = etree.parse(str(out / f"sitemap-{n}.xml")).getroot()
        pages += [loc.text for loc in urls.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert len(list(urls)) <= 10
    assert len(pages) == len(set(pages)) == len([p for p in out.rglob("*.html")
                                                 if p.name != "404.html" and "pagefind" not in p.parts])
    assert built_base_url(out) == "https://example.org/archief/"
    assert check_site(site) == []
    (out / "sitemap-2.xml").unlink()
    assert any("sitemap-2.xml" in str(p) for p in check_site(site))
