"""``[paths]``: the generated folders published under the site's own names (``actors/``
instead of ``actoren/``), every link, feed, sitemap entry and data URL with them."""

from __future__ import annotations

import json
import re

import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.config import parse_config
from sitegen.errors import ConfigError, ProblemsError
from sitegen.render.urls import SitePaths

from .conftest import add_seed, make_site

ENGLISH = """title = "Archive"
language = "en"
base_url = "https://example.org/news/"
page_size = 1
actor_page_size = 2

[paths]
actors = "actors"
countries = "countries"
archive = "archive"
search = "search"
topics = "topics"
authors = "authors"
page = "page"
export = "data/annotations.json"
"""
DUTCH_FOLDER = re.compile(r"(?<![\w-])(actoren|landen|archief|zoeken|onderwerpen|auteurs|pagina)/")


def test_public_renames_the_first_folder_and_the_page_number_folder_only():
    paths = SitePaths.of({"actors": "actors", "page": "page"})
    assert paths.public("actoren/landen/") == "actors/landen/"  # an actor called "Landen" keeps its id
    assert paths.public("actoren/x/pagina/2/index.html") == "actors/x/page/2/index.html"
    assert paths.public("2022/pagina/3/") == "2022/page/3/"
    assert paths.public("landen/kz/feed.xml") == "landen/kz/feed.xml"  # not renamed here
    assert paths.public("2022/01/pagina/") == "2022/01/pagina/"  # an article whose slug is "pagina"
    assert SitePaths().public("actoren/x/") == "actoren/x/"
    assert SitePaths.of({"export": "open-data/articles.json"}).public("data/annotaties.json") == "open-data/articles.json"


def test_folder_names_are_checked():
    for text, message in (('[paths]\nactors = "Actors"\n', "lowercase"), ('[paths]\nactors = "2024"\n', "year"),
                          ('[paths]\nactors = "media"\n', "media"), ('[paths]\nkaart = "map"\n', "unknown"),
                          ('[paths]\nactors = "landen"\n', "already the name of paths.countries"),
                          ('paths = "x"\n', "expected a table"),
                          ('[paths]\nexport = "actoren/data.json"\n', "expected a .json file name"),
                          ('[paths]\nexport = "data/export.txt"\n', "expected a .json file name")):
        with pytest.raises(ConfigError, match=message):
            parse_config(text, __import__("pathlib").Path("/tmp"))


def test_a_site_with_its_own_folder_names_links_everything_there(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "content/a.md": "---\ntitle: Talks in Astana\ndate: 2023-02-01\ntags: [Diplomacy]\nauthor: Jan Smit\n---\n"
                        "Kassym-Jomart Tokajev received Antony Blinken in Astana, Kazakhstan.\n",
        "content/b.md": "---\ntitle: Tokajev again\ndate: 2023-03-01\ntags: [Diplomacy]\n---\n"
                        "Kassym-Jomart Tokajev spoke in Astana about Kazakhstan.\n",
        "pages/about.md": "---\ntitle: About\nmenu: 1\n---\nSee the [archive](../content/a.md).\n",
    }, config=ENGLISH)
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    assert check_site(site) == []  # every link, anchor, feed and sitemap entry finds its file
    folders = {p.relative_to(out).parts[0] for p in out.iterdir()}
    assert {"actors", "countries", "archive", "topics", "authors", "search"} <= folders
    assert not folders & {"actoren", "landen", "archief", "zoeken", "onderwerpen", "auteurs"}
    assert any(out.glob("actors/*/page/2/index.html")) and (out / "topics" / "diplomacy" / "page" / "2" / "index.html").is_file()
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and "pagefind" not in path.parts:
            found = DUTCH_FOLDER.search(path.read_text(encoding="utf-8"))
            assert found is None, (path, found)
    export = json.loads((out / "data" / "annotations.json").read_text(encoding="utf-8"))
    assert all(a["url"].startswith("actors/") for a in export["actors"])
    assert not (out / "data" / "annotaties.json").exists()
    assert '<a href="data/annotations.json">' in (out / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/news/countries/kz/"' in (out / "countries" / "kz" / "index.html").read_text(
        encoding="utf-8")


def test_an_alias_at_a_renamed_folder_stops_the_build(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "content/a.md": "---\ntitle: Talks\ndate: 2023-02-01\naliases: [/archive/]\n---\nTokajev in Astana.\n",
    }, config=ENGLISH)
    with pytest.raises(ProblemsError, match="content/a.md:1: alias 'archive/index.html' is the place of one of"):
        build(site, annotator=embedded_annotator)
    assert not (site / "build").exists()
