"""Issue 9: the Pagefind search index, built in the write stage's finalize hook.

Builds small sites with the embedded pipeline and reads the output: what is indexed, the
search page, reuse of an unchanged index, determinism, ``search = false`` and a machine
without Pagefind. The browser side is in ``test_search_browser.py``.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen import search
from sitegen.build import build

from .conftest import add_seed, make_site, tree_digest

needs_pagefind = pytest.mark.skipif(search.pagefind_version() is None, reason="pagefind is not installed")

ARTICLES = {
    "content/analyse/tokajev-macht.md": (
        "---\ntitle: Tokajev grijpt de macht\ndate: 2022-02-03\n---\n"
        "President Kassym-Jomart Tokajev van Kazachstan zette dinsdag zijn rivalen opzij.\n"
    ),
    "content/nieuws/kabinet-den-haag.md": (
        "---\ntitle: Kabinet beëdigd in Den Haag\ndate: 2023-01-10\n---\n"
        "Mark Rutte presenteerde in Den Haag zijn nieuwe kabinet. Nederland heeft weer een regering.\n"
    ),
}


def _site(tmp_path: Path, seed: Path, config: str = 'title = "Testarchief"\n') -> Path:
    site = make_site(tmp_path / "site", ARTICLES, config)
    add_seed(site, seed)
    return site


def _html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_article_sections_are_content_sub_folders():
    articles = [
        SimpleNamespace(path="content/analyse/a.md", url_path="2022/01/a/"),
        SimpleNamespace(path="content/b.md", url_path="2022/01/b/"),
        SimpleNamespace(path="seeds/c.txt", url_path="2022/01/c/"),
        SimpleNamespace(path="content/nl/sport/d.md", url_path="2022/01/d/"),
    ]
    assert search.article_sections(articles, ["seeds", "content", "content/nl"]) == {
        "2022/01/a/index.html": "analyse",
        "2022/01/d/index.html": "sport",
    }


@needs_pagefind
def test_build_indexes_articles_only_with_filters_and_search_page(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    report = build(site, annotator=embedded_annotator)
    out = site / "build"
    bundle = out / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not (bundle / "pagefind-ui.js").exists()  # sitegen's own UI is used
    assert "search" in report.timings

    bodies = [p.relative_to(out).as_posix() for p in out.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    articles = [p.relative_to(out).as_posix() for p in out.glob("20*/[01]*/*/index.html")]
    assert sorted(bodies) == sorted(articles) and len(articles) == 3

    seed_page = _html(next(out.glob("2022/01/*/index.html")))
    body = seed_page.xpath("//*[@data-pagefind-body]")
    assert len(body) == 1 and body[0].tag == "article"  # title + text; not nav, aside or tooltip cards
    assert body[0].xpath(".//h1") and body[0].xpath(".//div[@class='article-body']")
    assert not body[0].xpath(".//*[contains(@class,'kaart')]")
    navs = body[0].xpath(".//nav")  # the neighbour links: in the article, kept out of the index
    assert navs and all(nav.get("data-pagefind-ignore") is not None for nav in navs)
    assert body[0].xpath(".//p[@class='meta']/@data-pagefind-ignore") == [""]
    filters = {(m.get("data-pagefind-filter"), m.get("content")) for m in seed_page.xpath("//meta[@data-pagefind-filter]")}
    assert ("year[content]", "2022") in filters
    assert ("country[content]", "Kazachstan") in filters
    assert ("actor[content]", "Kassym-Jomart Tokajev") in filters
    assert seed_page.xpath("//time/@data-pagefind-sort") == ["date[datetime]"]
    assert seed_page.get("lang") == "nl"  # Pagefind's stemming language

    page = _html(out / "zoeken/index.html")
    zoeken = page.get_element_by_id("zoeken")
    assert zoeken.get("data-bundle") == "../pagefind/pagefind.js" and zoeken.get("data-root") == "../"
    assert page.xpath("//*[@id='zoek-status']/@aria-live") == ["polite"]
    assert page.xpath("//label[@for='zoek-q']") and page.xpath("//form[@role='search']//input[@name='q']")
    assert not [s for s in page.xpath("//script") if not s.get("src")]  # no inline scripts
    header = _html(out / "index.html").xpath("//header//form[@role='search']")[0]
    assert header.get("action") == "zoeken/" and header.xpath(".//input[@name='q']")


@needs_pagefind
def test_section_filter_is_added_to_the_indexed_copy_only(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    analyse = next((site / "build").glob("2022/02/*/index.html")).read_bytes()
    assert b'type[content]' not in analyse  # the built page is what the template rendered
    bundle = site / "build/pagefind"
    filters = [search._read_pf(p) for p in sorted((bundle / "filter").glob("*.pf_filter"))]
    by_name = {f[0]: {value for value, _pages in f[1]} for f in filters}
    assert by_name["type"] == {"analyse", "nieuws"}
    assert by_name["year"] == {"2022", "2023"}
    assert "Kazachstan" in by_name["country"] and "Nederland" in by_name["country"]
    assert "Kassym-Jomart Tokajev" in by_name["actor"]


@needs_pagefind
def test_unchanged_site_reuses_the_index_and_a_change_rebuilds_it(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    meta = next((site / "build/pagefind").glob("*.pf_meta"))
    first = tree_digest(site / "build/pagefind")
    inode = meta.stat().st_ino

    report = build(site, annotator=embedded_annotator)
    assert tree_digest(site / "build/pagefind") == first
    assert next((site / "build/pagefind").glob("*.pf_meta")).stat().st_ino == inode  # hard-linked, not re-made
    assert report.timings["search"] < 5

    (site / "content/nieuws/kabinet-den-haag.md").write_text(
        ARTICLES["content/nieuws/kabinet-den-haag.md"].replace("regering", "regering en een Zjanaozenplan"),
        encoding="utf-8")
    build(site, annotator=embedded_annotator)
    assert tree_digest(site / "build/pagefind") != first


@needs_pagefind
def test_clean_rebuilds_give_the_same_bundle(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator, use_cache=False)
    first = tree_digest(site / "build/pagefind")
    for _ in range(2):  # Pagefind's own order varies between runs; sitegen sorts it
        shutil.rmtree(site / "build")
        build(site, annotator=embedded_annotator, use_cache=False)
        assert tree_digest(site / "build/pagefind") == first


def test_search_false_builds_no_search(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path, 'title = "T"\nsearch = false\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error", search.SearchWarning)
        build(site, annotator=embedded_annotator)
    out = site / "build"
    assert not (out / "pagefind").exists() and not (out / "zoeken").exists()
    assert not _html(out / "index.html").xpath("//form[@role='search']")


def test_missing_pagefind_warns_and_builds_without_search(tmp_path, seed_path, embedded_annotator, monkeypatch):
    monkeypatch.setattr(search, "pagefind_version", lambda: None)
    site = _site(tmp_path, seed_path)
    with pytest.warns(search.SearchWarning, match="Pagefind is not installed"):
        build(site, annotator=embedded_annotator)
    out = site / "build"
    assert (out / "index.html").exists()
    assert not (out / "pagefind").exists() and not (out / "zoeken").exists()
    assert not _html(out / "index.html").xpath("//form[@role='search']")


@needs_pagefind
def test_a_page_in_the_bundle_folder_is_refused(tmp_path):
    site = tmp_path / "s"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind" / "x.html").write_text("<html lang='nl'><body data-pagefind-body>x</body></html>")
    from sitegen.errors import BuildError

    with pytest.raises(BuildError, match="search bundle"):
        search.index_site(site)


cbor_values = st.recursive(
    st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text(max_size=20) | st.binary(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


@given(cbor_values)
def test_cbor_subset_round_trips(value):
    encoded = search._cbor_encode(value)
    decoded, end = search._cbor_decode(encoded, 0)
    assert decoded == value and end == len(encoded)


def test_canonicalise_leaves_an_unknown_bundle_alone(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {"nl": {"hash": "nl_x"}}}')
    (tmp_path / "pagefind.nl_x.pf_meta").write_bytes(b"not gzip")
    assert search.canonicalise_bundle(tmp_path) is False
    assert (tmp_path / "pagefind.nl_x.pf_meta").read_bytes() == b"not gzip"


@needs_pagefind
def test_index_site_works_inside_a_running_event_loop(tmp_path):
    """The live server may rebuild from inside an event loop; indexing must not need its own."""
    import asyncio

    site = tmp_path / "s"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<html lang="nl"><head><title>t</title></head><body><nav>menu</nav>'
        "<article data-pagefind-body><h1>Kop</h1><p>Zjanaozen ligt in Kazachstan.</p></article></body></html>",
        encoding="utf-8")
    (site / "b.html").write_text("<html lang='nl'><body><p>geen artikel</p></body></html>", encoding="utf-8")

    async def inside() -> search.IndexStats:
        return search.index_site(site, None, {"a/index.html": "analyse"})

    stats = asyncio.run(inside())
    assert stats.pages == 1 and not stats.reused and stats.bytes > 0
    filters = {search._read_pf(p)[0]: search._read_pf(p)[1] for p in (site / "pagefind/filter").glob("*")}
    assert filters == {"type": [["analyse", [0]]]}
    assert b"type[content]" not in (site / "a" / "index.html").read_bytes()
    assert not list(tmp_path.glob("*-search-*"))  # the staging folder is gone
