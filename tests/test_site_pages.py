"""The site's own pages (``pages/``): read like Markdown articles but not annotated, not
listed, in the menu when they ask to be (sitegen/load/page_reader.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.config import parse_config
from sitegen.errors import ConfigError, ContentError, ProblemsError
from sitegen.load.page_reader import load_pages, page_url, read_page
from sitegen.serve_watch import watch_plan

from .conftest import add_seed, make_site, png, tree_digest

ABOUT = """---
title: Over dit archief
menu: 2
summary: Wie dit archief maakt en waarom.
---
Dit archief verzamelt **nieuwsberichten** met hun personen en organisaties.

![Het logo](beeld/logo.png)

Lees ook [het eerste stuk](../content/eerste.md#inhoud).
"""
METHOD = """---
title: Zo werken we
menu: 1
updated: 2024-03-05
---
De namen in de artikelen worden door een model gevonden.
"""
FIRST = """---
title: Eerste stuk
date: 2023-04-05
---
Een kort bericht over het archief, met [de verantwoording](../pages/over.md).
"""
LOGO = png(30, 10)


def _site(tmp_path: Path, seed: Path, **extra: str | bytes) -> Path:
    site = make_site(tmp_path / "s", {"pages/over.md": ABOUT, "pages/over/methode.md": METHOD,
                                      "pages/beeld/logo.png": LOGO, "content/eerste.md": FIRST, **extra})
    add_seed(site, seed)
    return site


def _menu(html: str) -> list[tuple[str, str]]:
    nav = re.search(r"<nav .*?</nav>", html, re.DOTALL)[0]
    return re.findall(r'<li><a href="([^"]*)"[^>]*>([^<]*)</a></li>', nav)[-2:]


def test_a_page_address_follows_its_place_in_the_folder():
    assert page_url("pages/over.md", "pages", None) == "over/"
    assert page_url("pages/Over Ons/Colofon.md", "pages", None) == "over-ons/colofon/"
    assert page_url("pages/over/index.md", "pages", None) == "over/"
    assert page_url("pages/over/methode.md", "pages", "werkwijze") == "over/werkwijze/"
    with pytest.raises(ContentError, match="home page"):
        read_page(b"---\ntitle: Thuis\n---\nTekst.\n", "pages/index.md", "pages")


def test_page_front_matter_problems_are_all_reported_with_their_lines():
    raw = b"---\ntitle: Over\nmenu: ja\ndate: 2024-01-01\nupdated: gisteren\n---\nTekst.\n"
    with pytest.raises(ContentError) as caught:
        read_page(raw, "pages/over.md", "pages")
    assert [str(p) for p in caught.value.problems] == [
        "pages/over.md:3: menu: expected the page's place in the menu, a whole number from 0 to 1000, got 'ja'",
        ("pages/over.md:4: unknown front-matter key 'date'; known keys: title, slug, summary, lang, menu, updated, "
         "draft, params"),
        "pages/over.md:5: updated: expected YYYY-MM or YYYY-MM-DD, got 'gisteren'",
    ]
    with pytest.raises(ContentError, match="pages/x.md:1: front matter is missing the required key 'title'"):
        read_page(b"---\nmenu: 1\n---\nTekst.\n", "pages/x.md", "pages")
    with pytest.raises(ContentError, match="missing front matter: a page starts with '---', then 'title:'"):
        read_page(b"Alleen tekst.\n", "pages/x.md", "pages")
    with pytest.raises(ContentError, match="no body text"):
        read_page(b"---\ntitle: Leeg\n---\n", "pages/x.md", "pages")
    assert read_page(b"---\ntitle: Leeg\ndraft: true\n---\n", "pages/x.md", "pages").draft
    assert read_page(b"---\ntitle: Over\nparams: {team: [Jan, Piet]}\n---\nTekst.\n", "pages/over.md",
                     "pages").params == '{"team":["Jan","Piet"]}'  # the editors' own fields, as on articles


def test_load_pages_reports_text_files_and_two_pages_at_one_address(tmp_path):
    site = make_site(tmp_path / "s", {"pages/a.md": "---\ntitle: A\nslug: zelfde\n---\nA.\n",
                                      "pages/b.md": "---\ntitle: B\nslug: zelfde\n---\nB.\n",
                                      "pages/c.txt": "date 2024-01\n\nTekst.\n",
                                      "pages/d.md": "---\ntitle: D\ndraft: true\n---\nD.\n"})
    pages, problems = load_pages(site, "pages", "nl", False)
    assert [p.path for p in pages] == ["pages/a.md"]  # the draft is left out
    assert [str(p) for p in problems] == [
        "pages/c.txt: a page is Markdown with front matter (.md); rename the file",
        "pages/b.md:1: this page's address 'zelfde/' is already that of pages/a.md; give one of them another 'slug:'",
    ]
    assert [p.path for p in load_pages(site, "pages", "nl", False, include_drafts=True)[0]] == ["pages/d.md", "pages/a.md"]  # by address
    assert load_pages(site, "", "nl", False) == ((), ())


def test_pages_are_published_with_the_menu_on_every_page(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    about = (out / "over" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Over dit archief</h1>" in about
    assert '<meta name="description" content="Wie dit archief maakt en waarom.">' in about
    assert "<strong>nieuwsberichten</strong>" in about
    assert 'class="ent' not in about  # a page is not annotated
    assert '<img src="../media/pages/beeld/logo.png" alt="Het logo" width="30" height="10" decoding="async" />' in about
    assert (out / "media" / "pages" / "beeld" / "logo.png").read_bytes() == LOGO
    assert 'href="../2023/04/eerste-stuk/#inhoud"' in about  # a link to an article by its file
    first = (out / "2023" / "04" / "eerste-stuk" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../over/"' in first  # and from an article to a page
    # the menu: by menu place, on the home page, an article, an actor page and the pages themselves
    assert _menu((out / "index.html").read_text(encoding="utf-8")) == [
        ("over/methode/", "Zo werken we"), ("over/", "Over dit archief")]
    assert _menu(first) == [("../../../over/methode/", "Zo werken we"), ("../../../over/", "Over dit archief")]
    actor = next((out / "actoren").glob("*/index.html")).read_text(encoding="utf-8")
    assert ("../../over/", "Over dit archief") in _menu(actor)
    assert 'href="./" aria-current="page">Over dit archief' in about
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "over/</loc>" in sitemap and "over/methode/</loc><lastmod>2024-03-05</lastmod>" in sitemap
    method = (out / "over" / "methode" / "index.html").read_text(encoding="utf-8")
    assert 'bijgewerkt <time datetime="2024-03-05">5 maart 2024</time>' in method
    assert '<meta property="og:locale" content="nl_NL">' in method and about.count('property="og:locale"') == 1
    # not an article: in no list, feed or export
    for listing in ("archief/index.html", "index.html", "feed.xml", "data/annotaties.json"):
        assert "Wie dit archief maakt" not in (out / listing).read_text(encoding="utf-8")
    for data in ("feed.xml", "data/annotaties.json"):
        assert "Over dit archief" not in (out / data).read_text(encoding="utf-8")
    assert check_site(site) == []


def test_hostile_page_text_and_front_matter_stay_text(tmp_path, seed_path, embedded_annotator):
    hostile = ('---\ntitle: "<script>alert(1)</script>"\nsummary: "\\" onload=\\"x"\nmenu: 1\n---\n'
               '<img src=x onerror=alert(2)> en <a href="javascript:alert(3)">klik</a>\n')
    site = _site(tmp_path, seed_path, **{"pages/kwaad.md": hostile})
    build(site, annotator=embedded_annotator)
    for page in ("kwaad/index.html", "index.html"):
        html = (site / "build" / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and '<a href="javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the menu entry and the heading
    html = (site / "build" / "kwaad" / "index.html").read_text(encoding="utf-8")
    assert 'content="&#34; onload=&#34;x"' in html


def test_a_page_at_a_generated_address_stops_the_build_and_keeps_build(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    before = tree_digest(site / "build")
    (site / "pages" / "archief.md").write_text("---\ntitle: Mijn archief\n---\nTekst.\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    assert [str(p) for p in caught.value.problems] == [
        ("pages/archief.md:1: this page's address 'archief/' is also that of a page sitegen makes (an article, "
        "an actor, a list or an old address); give it another name or 'slug:'")]
    assert tree_digest(site / "build") == before
    (site / "pages" / "archief.md").unlink()
    (site / "pages" / "kapot.md").write_text("---\ntitle: Kapot\n---\n![weg](nergens.png)\n", encoding="utf-8")
    with pytest.raises(ProblemsError, match=r"pages/kapot.md:4: links to 'pages/nergens.png', which does not exist"):
        build(site, annotator=embedded_annotator)
    assert tree_digest(site / "build") == before


def test_a_page_edit_renders_that_page_and_a_menu_edit_every_page(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path)
    build(site, annotator=embedded_annotator)
    about = site / "pages" / "over.md"
    about.write_text(ABOUT.replace("verzamelt", "bewaart"), encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.rendered == 1 and report.write.written == 1
    assert "bewaart" in (site / "build" / "over" / "index.html").read_text(encoding="utf-8")
    fresh = _site(tmp_path / "fresh", seed_path, **{"pages/over.md": ABOUT.replace("verzamelt", "bewaart")})
    build(fresh, annotator=embedded_annotator, use_cache=False)
    assert tree_digest(site / "build") == tree_digest(fresh / "build")
    about.write_text(ABOUT.replace("title: Over dit archief", "title: Over ons"), encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.reused == 0  # every page shows the menu
    assert ("../over/", "Over ons") in _menu((site / "build" / "archief" / "index.html").read_text(encoding="utf-8"))


def test_draft_pages_only_in_a_build_with_drafts(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path, seed_path, **{"pages/plan.md": "---\ntitle: Plannen\ndraft: true\nmenu: 3\n---\nNog niet.\n"})
    build(site, annotator=embedded_annotator)
    assert not (site / "build" / "plan").exists()
    assert "Plannen" not in (site / "build" / "index.html").read_text(encoding="utf-8")
    build(site, annotator=embedded_annotator, include_drafts=True)
    html = (site / "build" / "plan" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html and 'class="draft"' in html


def test_pages_dir_must_be_a_folder_of_its_own_and_is_watched(tmp_path):
    for text in ('pages_dir = "content"\n', 'pages_dir = "build/p"\n', 'pages_dir = "static/p"\n',
                 'static_dir = "extra"\npages_dir = "extra"\n'):
        with pytest.raises(ConfigError, match="overlaps"):
            parse_config(text, tmp_path)
    assert parse_config('content_dirs = ["."]\n', tmp_path).pages_dir == ""  # the whole folder is content
    assert parse_config('static_dir = "pages"\n', tmp_path).pages_dir == ""  # a site that publishes pages/ as it is
    config = parse_config('pages_dir = "paginas"\n', tmp_path)
    assert config.pages_path in watch_plan(tmp_path, config).roots
