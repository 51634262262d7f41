"""Old addresses of an article (front matter or seed header ``aliases``) redirect to its
page: path rules, the built redirect pages, collisions, and a real browser following one."""

from __future__ import annotations

import posixpath
from pathlib import Path

import lxml.html
import pytest

from sitegen.build import build
from sitegen.errors import ProblemsError
from sitegen.load.fields import FieldError, check_aliases

from .conftest import add_seed, make_site
from .test_tooltips_browser import browser, serve_folder  # noqa: F401 - browser: the Chromium fixture


def test_aliases_are_normalised_to_output_paths():
    assert check_aliases(["/2021/05/oude-titel/", "nieuws/123.html", "oud", "/2021/05/oude-titel"]) == \
        ("2021/05/oude-titel/", "nieuws/123.html", "oud/")
    assert check_aliases("/a/b c.html") == ("a/b/", "c.html")  # the seed header's form


@pytest.mark.parametrize("bad", ["../buiten/", "/a/../b/", "./x", ".verborgen/", "http://example.org/x",
                                 "a?id=1", "a//b", "/", "", "a b", 5,
                                 "actoren/x/", "landen/kz/", "media/x.html", "index.html", "feed.xml",
                                 "2021/", "2021/05/", "2021/05/pagina/2/"])
def test_aliases_outside_the_site_or_on_its_own_pages_are_refused(bad):
    with pytest.raises(FieldError, match="aliases"):
        check_aliases([bad])


MOVED = """---
title: Nieuwe fietsbrug in Zwolle
date: 2024-03-05
slug: fietsbrug-zwolle
aliases: ["/2024/03/brug-over-de-ijssel/", "nieuws/4711.html"]
---

De gemeente Zwolle opent een fietsbrug over de IJssel.
"""


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory, seed_path, embedded_annotator) -> Path:
    site = make_site(tmp_path_factory.mktemp("aliases") / "site", {"content/brug.md": MOVED},
                     config='title = "Archief"\nbase_url = "https://example.org/archief/"\n')
    add_seed(site, seed_path)
    seed = site / "seeds/seed.txt"
    seed.write_text("aliases /oud/kazachstan.html\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    build(site, annotator=embedded_annotator)
    return site / "build"


def _target(out: Path, page: str) -> tuple[str, lxml.html.HtmlElement]:
    tree = lxml.html.fromstring((out / page).read_bytes())
    (refresh,) = tree.xpath("//meta[@http-equiv='refresh']/@content")
    href = refresh.split("url=", 1)[1]
    assert tree.xpath("//a/@href") == [href]
    folder = posixpath.dirname(page)
    return posixpath.normpath(posixpath.join(folder, href)) + "/", tree


def test_each_old_address_sends_readers_and_search_engines_to_the_article(moved_site):
    out = moved_site
    for old in ("2024/03/brug-over-de-ijssel/index.html", "nieuws/4711.html"):
        target, tree = _target(out, old)
        assert target == "2024/03/fietsbrug-zwolle/" and (out / target / "index.html").is_file()
        assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/archief/2024/03/fietsbrug-zwolle/"]
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    target, _ = _target(out, "oud/kazachstan.html")
    assert target.startswith("2022/01/") and (out / target / "index.html").is_file()
    sitemap = (out / "sitemap.xml").read_text()
    assert "2024/03/fietsbrug-zwolle/" in sitemap and "4711" not in sitemap and "brug-over" not in sitemap


@pytest.mark.parametrize(("aliases", "message"), [
    ('["/2024/03/fietsbrug-zwolle/"]', "its own address"),
    ('["/2022/01/de-kazachstaanse-president-kassym-jomart-tokajev-heeft-dinsdag-tegen-het/"]', "already the address of"),
])
def test_an_alias_that_is_a_page_of_the_site_names_the_file(tmp_path, seed_path, embedded_annotator, aliases, message):
    moved = MOVED.replace('["/2024/03/brug-over-de-ijssel/", "nieuws/4711.html"]', aliases)
    site = make_site(tmp_path / "site", {"content/brug.md": moved})
    add_seed(site, seed_path)
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    assert f"content/brug.md:5: alias {aliases[3:-2]!r} is {message}" in str(caught.value)
    assert not (site / "build").exists()


def test_one_old_address_named_by_two_articles_names_both():
    """It can lead to one article only; the message said it was the other's address."""
    from sitegen.load.markdown_reader import read_markdown
    from sitegen.render.pages import alias_problems

    first, second = (read_markdown(f"---\ntitle: {t}\ndate: 2024-03-0{d}\naliases: [/oud/adres/]\n---\nTekst.\n".encode(),
                                   f"content/{t}.md") for t, d in (("een", 5), ("twee", 6)))
    (problem,) = alias_problems([second, first])
    assert str(problem) == ("content/een.md: alias 'oud/adres/' is also an old address of content/twee.md; "
                            "it can lead to one article only")


def test_a_header_field_is_found_on_its_line_or_on_the_line_of_its_list_item():
    from sitegen.load.text import header_line

    front = '---\ntitle: A\naliases:\n  - /oud/\n  - "/ouder/"\nslug: s\n---\nslug: in de tekst\n'
    assert [header_line(front, "aliases", "/ouder/"), header_line(front, "aliases", "/elders/"),
            header_line(front, "slug"), header_line(front, "date")] == [5, 3, 6, 0]
    seed = "date 2024-01\naliases /a/ /b/\n\nslug in de tekst\n"
    assert [header_line(seed, "aliases", "/b/"), header_line(seed, "slug")] == [2, 0]


@pytest.mark.browser
def test_chromium_follows_an_old_address_to_the_article(moved_site, browser):  # noqa: F811 - the fixture
    server, base = serve_folder(moved_site)
    try:
        page = browser.new_page()
        page.goto(base + "nieuws/4711.html")
        page.wait_for_url(base + "2024/03/fietsbrug-zwolle/", timeout=10000)
        assert page.locator("h1").inner_text() == "Nieuwe fietsbrug in Zwolle"
        page.close()
    finally:
        server.shutdown()
