"""Issue 5 proof on a built site: country pages, date archives, feeds, sitemap, export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from sitegen.build import build

from .conftest import add_seed, make_site

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"
OTHER = """date 2022-03-02
title Armenië vraagt Rusland om steun

De Armeense premier Nikol Pasjinjan heeft Rusland om steun gevraagd. In Jerevan zei hij dat de \
Collectieve Veiligheidsverdragsorganisatie (CSTO) moet ingrijpen. Ook president Tokajev van Kazachstan sprak zich uit.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path, embedded_annotator) -> Path:
    root = make_site(
        tmp_path_factory.mktemp("idx"),
        {f"seeds/extra{i}.txt": OTHER.replace("2022-03-02", f"2022-03-{i + 2:02d}").replace(
            "title Armenië vraagt", f"title Armenië vraagt ({i})") for i in range(3)},
        config='title = "Archief"\nbase_url = "https://example.org/archief/"\npage_size = 2\n'
               'actor_page_size = 3\n',
    )
    add_seed(root, seed_path)
    build(root, annotator=embedded_annotator)
    return root / "build"


def _page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _seed_url(build_dir: Path) -> str:
    (page,) = build_dir.glob("2022/01/*/index.html")
    return page.parent.name


def _list_items(first_page: Path) -> list:
    """Article list items over every page of a paginated list."""
    pages = [first_page, *sorted(first_page.parent.glob("pagina/*/index.html"))]
    return [li for page in pages for li in _page(page).xpath("//ol[@class='article-list']/li")]


def test_seed_is_on_country_pages_with_kazachstan_primary(site):
    slug = _seed_url(site)
    for code in ("kz", "ru", "us", "am", "tj", "kg", "by"):
        items = [li for li in _list_items(site / "landen" / code / "index.html") if slug in li.xpath(".//a/@href")[0]]
        assert items, f"seed missing on landen/{code}/"
        is_primary = bool(items[0].xpath(".//span[@class='badge']"))
        assert is_primary == (code == "kz"), code
    assert _page(site / "landen/by/index.html").xpath("//h1")[0].text_content().strip().endswith("Wit-Rusland")


def test_country_index_groups_by_region_with_counts(site):
    page = _page(site / "landen/index.html")
    regions = [h.text_content() for h in page.xpath("//main//h2")]
    assert "Azië" in regions and "Europa" in regions
    kz = next(li for li in page.xpath("//li") if "Kazachstan" in li.text_content())
    assert kz.xpath(".//abbr")[0].text == "KZ"


def test_date_archives_and_stable_pagination(site):
    january = _page(site / "2022/01/index.html")
    assert january.xpath("//h1")[0].text_content() == "januari 2022"
    assert _seed_url(site) in " ".join(january.xpath("//ol//a/@href"))
    march = _page(site / "2022/03/index.html")
    assert len(march.xpath("//ol[@class='article-list']/li")) == 2  # page_size = 2
    assert march.xpath("//a[@rel='next']/@href") == ["pagina/2/"]
    assert (site / "2022/03/pagina/2/index.html").exists()
    year = _page(site / "2022/index.html")
    assert [a.text_content() for a in year.xpath("//ul[@class='month-list']//a")] == ["maart", "januari"]


def test_each_article_links_to_its_older_and_newer_neighbour(site):
    """Readers page through the archive from article to article: the seed (January) is
    the oldest, then the three March articles by day; the ends link one way only."""
    pages = sorted(site.glob("2022/0[13]/*/index.html"), key=lambda p: _page(p).xpath("//time/@datetime")[0])
    assert [_page(p).xpath("//h1")[0].text_content() for p in pages][1:] == \
        [f"Armenië vraagt ({i}) Rusland om steun" for i in range(3)]
    for i, page in enumerate(pages):
        nav = _page(page).xpath("//nav[@class='neighbours']")
        assert len(nav) == 1 and nav[0].get("aria-label") == "Bladeren in het archief"
        older = [(page.parent / href).resolve() for href in nav[0].xpath("a[@class='older']/@href")]
        newer = [(page.parent / href).resolve() for href in nav[0].xpath("a[@class='newer']/@href")]
        assert older == ([pages[i - 1].parent.resolve()] if i else [])
        assert newer == ([pages[i + 1].parent.resolve()] if i + 1 < len(pages) else [])
        if i:
            assert "Vorig artikel" in nav[0].xpath("a[@class='older']")[0].text_content()

def test_actor_pages_are_paginated_with_numbering_and_the_profile_on_page_one(site):
    base = site / "actoren/kassym-jomart-tokajev"
    first, second = _page(base / "index.html"), _page(base / "pagina/2/index.html")
    assert not (base / "pagina/3").exists()
    rows = [first.xpath("//ol[contains(@class, 'kwic')]/li"), second.xpath("//ol[contains(@class, 'kwic')]/li")]
    assert [len(r) for r in rows] == [3, 1]  # the seed and three extras quote him; actor_page_size = 3
    titles = [li.xpath("./a")[0].text_content() for r in rows for li in r]
    assert len(set(titles)) == 4 and sum("Armenië vraagt" in t for t in titles) == 3
    assert second.xpath("//ol[contains(@class, 'kwic')]/@start") == ["4"]  # numbering goes on
    assert first.xpath("//a[@rel='next']/@href") == ["pagina/2/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["../../"]
    assert second.xpath("//h1/a/@href") == ["../../"]  # back to the profile
    assert first.xpath("//figure[@class='timeline']") and not second.xpath("//figure[@class='timeline']")
    assert "Pagina 2" in second.xpath("//title")[0].text_content()
    (profile,) = [json.loads(s.text) for s in first.xpath("//script[@type='application/ld+json']")]
    assert profile["@type"] == "ProfilePage" and profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "Kassym-Jomart Tokajev"
    assert profile["mainEntity"]["url"] == "https://example.org/archief/actoren/kassym-jomart-tokajev/"
    assert not second.xpath("//script[@type='application/ld+json']")  # the profile is page one's
    sitemap = (site / "sitemap.xml").read_text()
    assert "archief/actoren/kassym-jomart-tokajev/pagina/2/" in sitemap


def test_article_pages_carry_news_article_data_with_their_actors(site):
    slug = _seed_url(site)
    page = _page(site / "2022/01" / slug / "index.html")
    (data,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    url = f"https://example.org/archief/2022/01/{slug}/"
    assert (data["@type"], data["datePublished"], data["inLanguage"], data["url"]) == ("NewsArticle", "2022-01", "nl", url)
    assert data["headline"] == page.xpath("string(//h1)")
    assert page.xpath("//meta[@property='og:url']/@content") == [url]
    assert page.xpath("//meta[@property='og:title']/@content") == [data["headline"]]
    assert page.xpath("//meta[@name='description']/@content") == [data["description"]]
    mentioned = {m["name"]: m for m in data["mentions"]}
    tokajev = mentioned["Kassym-Jomart Tokajev"]
    assert tokajev == {"@type": "Person", "name": "Kassym-Jomart Tokajev",
                       "url": "https://example.org/archief/actoren/kassym-jomart-tokajev/"}
    assert mentioned["Antony Blinken"]["@type"] == "Person"
    assert {"@type": "Country", "name": "Kazachstan", "identifier": "KZ"} in data["contentLocation"]
    # the same actors as the page's own "in this article" lists
    listed = [a.text_content() for a in page.xpath("//aside[@class='article-side']//ul[@class='actor-list']//a")]
    assert sorted(mentioned) == sorted(listed) and len(listed) == len(data["mentions"])


def _rfc3339(text: str) -> None:
    dt.datetime.fromisoformat(text)


@pytest.mark.parametrize("feed", ["feed.xml", "landen/kz/feed.xml", "actoren/kassym-jomart-tokajev/feed.xml"])
def test_atom_feeds_have_what_rfc_4287_requires(site, feed):
    root = etree.parse(str(site / feed)).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    _rfc3339(root.findtext(f"{ATOM}updated"))
    self_links = [l.get("href") for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_links == [f"https://example.org/archief/{feed}"]
    entries = root.findall(f"{ATOM}entry")
    assert entries
    feed_has_author = root.find(f"{ATOM}author") is not None
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None
        _rfc3339(entry.findtext(f"{ATOM}updated"))
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        href = entry.find(f"{ATOM}link").get("href")
        assert (site / href.removeprefix("https://example.org/archief/") / "index.html").exists()


def test_sitemap_lists_every_page_and_canonical_links(site):
    tree = etree.parse(str(site / "sitemap.xml"))
    locs = {l.text for l in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {
        "https://example.org/archief/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html") if p.name != "404.html" and "pagefind" not in p.parts
    }
    assert locs == pages
    assert "Sitemap: https://example.org/archief/sitemap.xml" in (site / "robots.txt").read_text()
    home = _page(site / "index.html")
    assert home.xpath("//link[@rel='canonical']/@href") == ["https://example.org/archief/"]


def test_json_export_has_entities_actors_and_countries(site):
    data = json.loads((site / "data/annotaties.json").read_text(encoding="utf-8"))
    seed = next(a for a in data["articles"] if a["date"] == "2022-01")
    assert seed["primary_country"] == "KZ" and "RU" in seed["countries"]
    tokajev = next(e for e in seed["entities"] if e["text"] == "Tokajev")
    assert tokajev["actor"] == "kassym-jomart-tokajev" and tokajev["label"] == "PER"
    assert any(a["id"] == "kazachstan" and a["country"] == "KZ" for a in data["actors"])
