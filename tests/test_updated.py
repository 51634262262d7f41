"""``updated``: the date of an article's last correction, shown on its page and carried
by its structured data, its feed entries and the JSON export."""

from __future__ import annotations

import json

import lxml.etree
import lxml.html
import pytest

from sitegen.build import build
from sitegen.errors import ContentError
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed
from sitegen.model import ArticleDate

from .conftest import make_site

ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTED = """---
title: Gemeenteraad Zwolle stemt in met fietsplan
date: 2024-03-05
updated: 2024-03-07
---

De gemeenteraad van Zwolle heeft ingestemd met het fietsplan.

Correctie: in een eerdere versie stond een verkeerd bedrag.
"""


def test_both_formats_read_updated_and_refuse_one_before_the_date():
    assert read_seed(b"updated 2022-02-03\ndate 2022-01\n\nTekst hier.\n", "seeds/a.txt").updated == ArticleDate(2022, 2, 3)
    assert read_markdown(CORRECTED.encode(), "content/a.md").updated == ArticleDate(2024, 3, 7)
    assert read_markdown(CORRECTED.replace("updated: 2024-03-07\n", "").encode(), "content/a.md").updated is None
    with pytest.raises(ContentError, match=r"content/a.md:4: updated: 2024-03-01 is before the article's date 2024-03-05"):
        read_markdown(CORRECTED.replace("2024-03-07", "2024-03-01").encode(), "content/a.md")
    with pytest.raises(ContentError, match=r"seeds/a.txt:2: updated: expected YYYY-MM or YYYY-MM-DD"):
        read_seed(b"date 2022-01\nupdated gisteren\n\nTekst hier.\n", "seeds/a.txt")


def test_a_corrected_article_says_so_on_its_page_in_its_data_feeds_and_export(tmp_path, embedded_annotator):
    site = make_site(tmp_path / "site", {"content/fietsplan.md": CORRECTED,
                                         "content/ouder.md": "---\ntitle: Ouder\ndate: 2024-03-06\n---\nTekst in Zwolle.\n"},
                     config='title = "Archief"\nbase_url = "https://example.org/"\n')
    build(site, annotator=embedded_annotator)
    out = site / "build"
    page = lxml.html.fromstring((out / "2024/03/gemeenteraad-zwolle-stemt-in-met-fietsplan/index.html").read_bytes())
    meta = page.xpath("//article//p[@class='meta']")[0]
    assert [t.get("datetime") for t in meta.xpath(".//time")] == ["2024-03-05", "2024-03-07"]
    assert "bijgewerkt 7 maart 2024" in " ".join(meta.text_content().split())
    (data,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert (data["datePublished"], data["dateModified"]) == ("2024-03-05", "2024-03-07")
    assert page.xpath("//meta[@property='article:modified_time']/@content") == ["2024-03-07"]
    feed = lxml.etree.parse(str(out / "feed.xml")).getroot()
    assert feed.findtext(f"{ATOM}updated").startswith("2024-03-07")  # the newest change, not the newest article
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    corrected = entries["Gemeenteraad Zwolle stemt in met fietsplan"]
    assert corrected.findtext(f"{ATOM}published").startswith("2024-03-05")
    assert corrected.findtext(f"{ATOM}updated").startswith("2024-03-07")
    assert entries["Ouder"].findtext(f"{ATOM}updated").startswith("2024-03-06")
    export = json.loads((out / "data/annotaties.json").read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in export["articles"]}
    assert by_title["Gemeenteraad Zwolle stemt in met fietsplan"]["updated"] == "2024-03-07"
    assert "updated" not in by_title["Ouder"]
    sitemap = lxml.etree.parse(str(out / "sitemap.xml")).getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in sitemap.findall(f"{ns}url")}
    assert lastmod["https://example.org/2024/03/gemeenteraad-zwolle-stemt-in-met-fietsplan/"] == "2024-03-07"
    assert lastmod["https://example.org/2024/03/ouder/"] == "2024-03-06"
    assert lastmod["https://example.org/landen/"] is None  # lists change with every article: no date claimed
