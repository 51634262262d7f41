"""Site-absolute links written by hand (``/2023/11/slug/``): relative in the build, and a
warning with file and line for each that leads nowhere (render/rooted.py)."""

from __future__ import annotations

import posixpath
import warnings

import lxml.html
import pytest

from sitegen.build import UnresolvedLinkWarning, build
from sitegen.check import check_site
from sitegen.render.rooted import rooted_urls, site_path, site_rooted, unresolved
from sitegen.render.urls import Linker

from .conftest import add_seed, make_site
from .test_linked_files import OLDER as PLANS


@pytest.mark.parametrize(("page", "base", "url", "expected"), [
    ("2024/03/slug/", "/", "/2023/11/plannen/", "../../../2023/11/plannen/"),
    ("2024/03/slug/", "/", "/2024/03/ander/#kop", "../ander/#kop"),
    ("2024/03/slug/", "/", "/img/kaart.png?v=2", "../../../img/kaart.png?v=2"),
    ("2024/03/slug/", "/", "/", "../../../"),
    ("", "/", "/actoren/zwolle/", "actoren/zwolle/"),
    # the base path is dropped when written, and the rest read from the site's root
    ("2024/03/slug/", "/archief/", "/archief/2023/11/plannen/", "../../../2023/11/plannen/"),
    ("2024/03/slug/", "/archief/", "/archief", "../../../"),
    ("2024/03/slug/", "/archief/", "/2023/11/plannen/", "../../../2023/11/plannen/"),
    ("2024/03/slug/", "/archief/", "/archiefstukken/a.pdf", "../../../archiefstukken/a.pdf"),
    # the not-found page is served at any depth: its links stay absolute, under the base path
    ("404.html", "/archief/", "/2023/11/plannen/", "/archief/2023/11/plannen/"),
])
def test_a_rooted_url_is_linked_from_the_page_and_keeps_query_and_fragment(page, base, url, expected):
    assert Linker(page, base, absolute=page == "404.html").rooted(url) == expected


def test_only_hrefs_and_srcs_inside_tags_are_rewritten():
    html = ('<p>Zie <a href="/2023/11/a/?x=1&amp;y=2">hier</a>, <img src=\'/img/k.png\' alt="k">, '
            '<a href="//cdn.example.org/x.js">cdn</a>, <a href="https://example.org/b/">b</a>, '
            '<a href="c/">c</a> en de tekst href="/niet/" &lt;a href="/ook-niet/"&gt;.</p>')
    out = site_rooted(html, Linker("2024/03/s/").rooted)
    assert out == ('<p>Zie <a href="../../../2023/11/a/?x=1&amp;y=2">hier</a>, <img src="../../../img/k.png" alt="k">, '
                   '<a href="//cdn.example.org/x.js">cdn</a>, <a href="https://example.org/b/">b</a>, '
                   '<a href="c/">c</a> en de tekst href="/niet/" &lt;a href="/ook-niet/"&gt;.</p>')
    assert list(rooted_urls(html)) == ["/2023/11/a/?x=1&y=2", "/img/k.png"]
    assert site_rooted("<p>geen links</p>", Linker("x/").rooted) == "<p>geen links</p>"


def test_each_rooted_candidate_of_a_srcset_and_a_poster_is_rewritten():
    html = ('<img src="k.png" srcset="k-480.png 480w, /img/k-960.png 960w,/img/k-1600.png 1600w, '
            '//cdn.example.org/k.png 2x, https://example.org/k.png 3x"><video poster=\'/img/v.jpg\'></video>'
            '<img data-src="/lazy.png" srcset=" /img/a&amp;b.png">')
    out = site_rooted(html, Linker("2024/03/s/").rooted)
    assert out == ('<img src="k.png" srcset="k-480.png 480w, ../../../img/k-960.png 960w,../../../img/k-1600.png '
                   '1600w, //cdn.example.org/k.png 2x, https://example.org/k.png 3x"><video poster="../../../img/v.jpg">'
                   '</video><img data-src="/lazy.png" srcset=" ../../../img/a&amp;b.png">')
    assert list(rooted_urls(html)) == ["/img/k-960.png", "/img/k-1600.png", "/img/v.jpg", "/img/a&b.png"]


@pytest.mark.parametrize(("url", "base", "expected"), [
    ("/2023/11/a/?x#y", "/", "2023/11/a/"),
    ("/archief/2023/11/a/", "/archief/", "2023/11/a/"),
    ("/img/kaart%20noord.png", "/", "img/kaart noord.png"),
    ("/", "/", ""),
    ("/a/./b/../c", "/", "a/c"),
    ("/../../etc/passwd", "/", "etc/passwd"),  # as a browser resolves it: never above the root
    ("/%2Fother-host/x", "/", None),
])
def test_the_output_path_a_rooted_url_names(url, base, expected):
    assert site_path(url, base) == expected


def test_unresolved_names_each_missing_target_once_per_source():
    files = {"index.html", "2023/11/a/index.html", "img/k.png"}
    sources = [("content/a.md", ('<a href="/2023/11/a/">a</a><a href="/2023/11/a">a</a><img src="/img/k.png">'
                                 '<a href="/">home</a>')),
               ("content/b.md", '<a href="/oud/pad/">x</a><a href="/oud/pad/">x</a><a href="/img/weg.png">y</a>')]
    assert list(unresolved(sources, "/", files.__contains__)) == [
        ("content/b.md", "/oud/pad/"), ("content/b.md", "/img/weg.png")]


OLDER = PLANS + "\n## Achtergrond\n\nOver de rivier.\n"  # the section the link below points at
NEWER = """---
title: Fietsbrug geopend
date: 2024-03-06
---

De brug is open. Zie [de plannen](/archief/2023/11/plannen-fietsbrug/#achtergrond), de
[kaart](/img/brug.svg) en [het oude bericht](/nieuws/brug-open.html).
"""


def test_a_site_under_a_base_path_links_rooted_urls_relative_and_warns_for_the_missing(tmp_path, seed_path,
                                                                                     embedded_annotator):
    site = make_site(tmp_path / "site", {"content/archief/plannen.md": OLDER, "content/nieuws/geopend.md": NEWER,
                                         "static/img/brug.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
                     config='title = "T"\nbase_url = "https://example.org/archief/"\n')
    add_seed(site, seed_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build(site, annotator=embedded_annotator)
    assert [str(w.message) for w in caught if w.category is UnresolvedLinkWarning] == [
        ("content/nieuws/geopend.md:7: links to '/nieuws/brug-open.html', which is no page or file of this site "
         "(an address of an earlier site, or a typo?)")]
    out = site / "build"
    (page_file,) = out.glob("2024/03/*/index.html")
    here = page_file.parent.relative_to(out).as_posix()
    hrefs = lxml.html.fromstring(page_file.read_bytes()).xpath(
        "//div[@class='article-body']//a[not(contains(@class,'ent'))]/@href")
    assert hrefs == ["../../../2023/11/plannen-fietsbrug/#achtergrond", "../../../img/brug.svg",
                     "../../../nieuws/brug-open.html"]
    for href in hrefs[:2]:  # the page works from the base path, and from a folder
        target = posixpath.normpath(posixpath.join(here, href.split("#")[0]))
        assert (out / target).is_file() or (out / target / "index.html").is_file(), href
    # what `sitegen check` says of the page: only the one link that leads nowhere
    assert [p.message for p in check_site(site) if "2024/03" in p.path] == [
        "href='../../../nieuws/brug-open.html': no such file in the build (nieuws/brug-open.html)"]


def test_a_moved_archive_full_of_dead_rooted_links_gets_the_first_ones_and_a_count(tmp_path):
    from types import SimpleNamespace

    from sitegen.build import ROOTED_WARNINGS, unresolved_rooted_links

    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "index.html").write_text("<p>home</p>")
    sources = [SimpleNamespace(path=f"content/a{n:02}.md", skeleton=f'<a href="/oud/{n}/">x</a><a href="/">home</a>')
               for n in range(ROOTED_WARNINGS + 5)]
    for source in sources:
        (tmp_path / source.path).parent.mkdir(exist_ok=True)
        (tmp_path / source.path).write_text(f"---\ntitle: x\n---\nZie [x](/oud/{source.path[9:11].lstrip('0') or '0'}/).\n")
    lines = unresolved_rooted_links(sources, tmp_path, tmp_path / "build", "/")
    assert len(lines) == ROOTED_WARNINGS + 1
    assert lines[0] == ("content/a00.md:4: links to '/oud/0/', which is no page or file of this site "
                        "(an address of an earlier site, or a typo?)")
    assert lines[-1] == "... and 5 more such links in 5 file(s); 'sitegen check' lists every one"
