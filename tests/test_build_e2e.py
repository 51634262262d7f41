"""End-to-end: build real sites (the shared seed, the repository's sample site) and read
the produced HTML with an HTML parser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from sitegen.build import build
from sitegen.errors import ProblemsError

from .conftest import REPO, add_seed, make_site, tree_digest

pytestmark = pytest.mark.slow


def _article_page(build_dir: Path) -> lxml.html.HtmlElement:
    pages = [p for p in build_dir.glob("2022/01/*/index.html")]
    assert len(pages) == 1, pages
    return lxml.html.fromstring(pages[0].read_bytes())


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory, seed_path, embedded_annotator):
    site = make_site(tmp_path_factory.mktemp("seed-site"), {})
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    return site


def test_seed_article_date_intertitle_aside_and_paragraphs(seed_site, seed_path):
    page = _article_page(seed_site / "build")
    assert page.xpath("//article//time")[0].text_content() == "januari 2022"
    headings = [h.text_content() for h in page.xpath("//div[@class='article-body']/h2")]
    assert headings == ["Verenigde Staten willen „meer weten”"]
    aside = page.xpath("//div[@class='article-body']/aside")
    assert len(aside) == 1 and aside[0].text_content().startswith("Lees ook:")
    body_text = " ".join(page.xpath("//div[@class='article-body']")[0].text_content().split())
    raw = seed_path.read_text(encoding="utf-8").replace("date 2022-01", "", 1)
    for paragraph in [p for p in raw.split("\n\n") if p.strip()]:
        assert " ".join(paragraph.split()) in body_text


def test_home_of_a_small_site_has_no_link_to_older_articles(seed_site):
    home = lxml.html.fromstring((seed_site / "build/index.html").read_bytes())
    assert len(home.xpath("//section[@class='latest']//li")) == 1
    assert not home.xpath("//p[@class='more']")


def test_seed_mentions_link_to_shared_actor_pages(seed_site):
    page = _article_page(seed_site / "build")
    href_of: dict[str, set[str]] = {}
    for a in page.xpath("//a[contains(@class,'ent')]"):
        href_of.setdefault(a.text_content(), set()).add(a.get("href"))
    assert href_of["Kassym-Jomart Tokajev"] == href_of["Tokajev"]
    assert href_of["Antony Blinken"] == href_of["Blinken"]
    (kaz,) = href_of["Kazachstaanse"]
    assert kaz.rstrip("/").endswith("kazachstan")


def test_build_is_deterministic(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {  # pages, a menu, footnotes, a shared byline: all in a fixed order
        "pages/b.md": "---\ntitle: Colofon\nmenu: 2\n---\nGemaakt in Zwolle.[^1]\n\n[^1]: Met sitegen.\n",
        "pages/a.md": "---\ntitle: Over\nmenu: 2\n---\nOver dit archief.\n",
        "content/x.md": "---\ntitle: Raad kiest wethouder\ndate: 2023-05-01\nauthor: [Piet Bakker, Jan Smit]\n---\n"
                        "## Eerst\n\nDe raad van Zwolle koos Anna de Vries.\n\n## Dan\n\nZe begint direct.\n\n"
                        "## Ten slotte\n\nDe oppositie stemde tegen.\n",
    })
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator, use_cache=False)
    first = tree_digest(site / "build")
    shutil.rmtree(site / "build")
    build(site, annotator=embedded_annotator, use_cache=False)
    assert tree_digest(site / "build") == first


def test_sample_site_builds_with_cross_links(tmp_path, embedded_annotator):
    site = tmp_path / "sample"
    for part in ("seeds", "content", "pages", "sitegen.toml"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, site / part)
        elif src.exists():
            site.mkdir(exist_ok=True)
            shutil.copyfile(src, site / part)
    report = build(site, annotator=embedded_annotator)
    assert report.articles >= 12
    tokajev = lxml.html.fromstring((site / "build/actoren/kassym-jomart-tokajev/index.html").read_bytes())
    assert len(tokajev.xpath("//ol[contains(@class,'kwic')]/li")) >= 3
    meta = " ".join(tokajev.xpath("//p[@class='meta']")[0].text_content().split())
    assert re.fullmatch(r"Persoon · genoemd in \d+ artikelen · Kazachstan · Volg via Atom-feed", meta), meta  # spaced
    kz = lxml.html.fromstring((site / "build/landen/kz/index.html").read_bytes())
    meta = " ".join(kz.xpath("//p[@class='meta']")[0].text_content().split())
    assert re.fullmatch(r"KZ · genoemd in \d+ artikelen · Volg via Atom-feed", meta), meta  # not a bare number
    # "de Armeens-Azerbeidzjaanse grens": each nationality word links to its country; the compound is no actor
    csto = lxml.html.fromstring((site / "build/2022/11/armenie-keert-zich-op-csto-top-tegen-eigen-bondgenoten/"
                                 "index.html").read_bytes())
    (first,) = [a for a in csto.xpath("//a[contains(@class,'ent-misc')][text()='Armeens']") if a.tail == "-"]
    second = first.getnext()
    assert (first.get("data-actor"), second.text, second.get("data-actor")) == \
        ("armenie", "Azerbeidzjaanse", "azerbeidzjan")
    assert not any("-" in p.name and p.name.startswith("armeens") for p in (site / "build/actoren").iterdir())
    about = lxml.html.fromstring((site / "build/over/index.html").read_bytes())  # the site's own pages, in the menu
    assert about.xpath("//nav//a/text()")[-2:] == ["Over dit archief", "Werkwijze"]
    assert about.xpath("//article//a[text()='werkwijze']/@href") == ["../werkwijze/"]
    home = lxml.html.fromstring((site / "build/index.html").read_bytes())  # 10 latest, the rest a link away
    assert len(home.xpath("//section[@class='latest']//li")) == 10
    assert home.xpath("//section[@class='latest']/p[@class='more']/a/@href") == ["archief/"]


BAD_INPUTS = {
    "no-date.txt": (b"title Zonder datum\n\nEen alinea.\n", 1, "missing date"),
    "bad-month.txt": (b"date 2022-13\n\nEen alinea.\n", 1, "month must be 01"),
    "word-date.txt": (b"date januari\n\nEen alinea.\n", 1, "expected YYYY-MM"),
    "empty.txt": (b"", 1, "empty"),
    "blank.txt": (b"  \n\n \n", 1, "empty"),
    "latin1.txt": (b"date 2022-01\n\nCaf\xe9 in Parijs.\n", 3, "not valid UTF-8"),
    "binary.txt": (b"date 2022-01\n\n\x00\x01\x02", 3, "binary"),
    "header-only.txt": (b"date 2022-01\ntitle Alleen kop\n", 2, "no body"),
    "bad-slug.txt": (b"date 2022-01\nslug ../../etc\n\nTekst.\n", 2, "slug"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_names_file_and_line_and_keeps_old_build(tmp_path, name, embedded_annotator):
    site = make_site(tmp_path / "s", {"seeds/goed.txt": "date 2022-01\n\nEen goed artikel over Nederland.\n"})
    build(site, annotator=embedded_annotator)
    before = tree_digest(site / "build")
    raw, line, words = BAD_INPUTS[name]
    (site / "seeds" / name).write_bytes(raw)
    with pytest.raises(ProblemsError) as info:
        build(site, annotator=embedded_annotator)
    message = str(info.value)
    assert f"seeds/{name}:{line}:" in message, message
    assert words in message
    assert tree_digest(site / "build") == before


def test_problems_reported_all_at_once_and_keep_going(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "seeds/goed.txt": "date 2022-01\n\nEen goed artikel.\n",
        "seeds/a.txt": "date 2022-13\n\nTekst.\n",
        "content/b.md": "---\ntitle: 5\ndatum: 2022-01\n---\nTekst.\n",
    })
    with pytest.raises(ProblemsError) as info:
        build(site, annotator=embedded_annotator)
    assert len(info.value.problems) == 3  # bad month, unknown key, missing date
    assert not (site / "build").exists()
    with pytest.raises(ProblemsError):
        build(site, annotator=embedded_annotator, keep_going=True)
    assert len(list((site / "build").glob("2022/01/*/index.html"))) == 1


def test_duplicate_slugs_name_both_files(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "seeds/a.txt": "date 2022-01\ntitle Zelfde titel\n\nTekst een.\n",
        "content/b.md": "---\ntitle: Zelfde titel\ndate: 2022-01-05\n---\nTekst twee.\n",
    })
    with pytest.raises(ProblemsError) as info:
        build(site, annotator=embedded_annotator)
    assert "seeds/a.txt:2: duplicate slug 'zelfde-titel': content/b.md has the same URL" in str(info.value)


def test_hostile_title_and_body_are_escaped(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "content/x.md": '---\ntitle: "<script>alert(1)</script>"\ndate: 2022-01-02\n---\n'
                        'Tekst <img src=x onerror=alert(1)> en [klik](javascript:alert(1)).\n',
    })
    build(site, annotator=embedded_annotator)
    for page in (site / "build").rglob("*.html"):
        tree = lxml.html.fromstring(page.read_bytes())
        # inline scripts: only the article's JSON-LD data block, which browsers never run
        inline = [s for s in tree.xpath("//script") if not s.get("src")]
        assert all(s.get("type") == "application/ld+json" and "<" not in s.text for s in inline), page
        assert not tree.xpath("//*[@onerror]")
        assert not [a for a in tree.xpath("//a[@href]") if a.get("href").strip().lower().startswith("javascript:")]
