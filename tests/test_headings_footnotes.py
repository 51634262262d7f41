"""Intertitles get ids (links to a section of an article), and Markdown footnotes work:
what Hugo, MkDocs and Pelican users take for granted (sitegen/load/markdown_reader.py)."""

from __future__ import annotations

import re

import lxml.html

from sitegen.build import build
from sitegen.check import check_site
from sitegen.load.fields import heading_id
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed
from sitegen.render.body import render_body

from .conftest import add_seed, make_site

SOURCED = """---
title: Wie betaalt de dijk?
date: 2024-02-10
---
Het waterschap rekent op steun van het Rijk.[^begroting] Minister De Jong zegt toe.[^kamer]

## Achtergrond

De dijk is in 1953 aangelegd.

## Achtergrond

Een tweede kop met dezelfde tekst.

## Inhoud

Een kop die de naam van een id van het thema draagt.

[^begroting]: Begroting van het waterschap, 2023, p. 12.
[^kamer]: Kamerbrief van minister Piet de Jong, 3 februari 2024.
"""


def test_heading_ids_are_slugs_unique_on_the_page_and_never_the_themes():
    taken: set[str] = set()
    assert [heading_id(t, taken) for t in ("Achtergrond", "Achtergrond", "Wat zegt de FNV?", "", "Inhoud",
                                            "kaart poetin", "fn1", "Zoekveld")] == [
        "achtergrond", "achtergrond-1", "wat-zegt-de-fnv", "kop", "kop-inhoud", "kop-kaart-poetin", "kop-fn1",
        "kop-zoekveld"]


def test_markdown_headings_get_ids_and_footnotes_render_with_their_text_annotatable():
    article = read_markdown(SOURCED.encode(), "content/dijk.md")
    ids = re.findall(r'<h2 id="([^"]+)">', article.skeleton)
    assert ids == ["achtergrond", "achtergrond-1", "kop-inhoud"]
    html = render_body(article, [], lambda actor: "", lambda title: None)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    refs = tree.xpath("//sup[contains(@class,'footnote-ref')]/a/@href")
    assert refs == ["#fn1", "#fn2"]
    notes = tree.xpath("//section[contains(@class,'footnotes')]//li")
    assert [li.get("id") for li in notes] == ["fn1", "fn2"]
    assert "Kamerbrief van minister Piet de Jong" in notes[1].text_content()
    assert "Kamerbrief van minister Piet de Jong, 3 februari 2024." in article.text  # annotated like the body


def test_seed_intertitles_get_ids():
    raw = (b"date 2024-02\ntitle Dijken\n\nHet waterschap rekent op steun.\n\nAchtergrond\n\n"
           b"De dijk is oud.\n\nAchtergrond\n\nNog een keer.\n")
    article = read_seed(raw, "seeds/dijken.txt")
    html = render_body(article, [], lambda actor: "", lambda title: None)
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["achtergrond", "achtergrond-1"]


def test_links_to_sections_and_footnotes_pass_the_check(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "content/dijk.md": SOURCED,
        "content/verwijzing.md": ("---\ntitle: Verwijzing\ndate: 2024-03-01\n---\n"
                                  "Zie [de achtergrond](dijk.md#achtergrond-1) en [de bron](dijk.md#fn2).\n"),
    })
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    assert check_site(site) == []  # every section and footnote link finds its target
    page = (site / "build" / "2024" / "02" / "wie-betaalt-de-dijk" / "index.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//h2[@id='achtergrond']") and tree.xpath("//li[@id='fn2']")
    assert 'class="ent' in "".join(lxml.html.tostring(li, encoding="unicode") for li in tree.xpath("//li[@id='fn2']"))


LONG = """---
title: Een lang verhaal
date: 2024-05-01
---
Inleiding over het waterschap in Zwolle.[^1]

## Het begin

Eerste deel.

### Een detail

Nog iets.

## Het midden

Tweede deel.

## Het eind

Derde deel.

[^1]: Een bron.
"""


def test_a_long_article_gets_a_table_of_contents_and_footnote_backlinks_say_where_they_go(
        tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {"content/lang.md": LONG, "content/dijk.md": SOURCED.replace("## Inhoud\n", "")})
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    tree = lxml.html.fromstring((site / "build" / "2024" / "05" / "een-lang-verhaal" / "index.html").read_bytes())
    assert "1 min. leestijd" in tree.xpath("//p[@class='meta']")[0].text_content()
    (toc,) = tree.xpath("//nav[@class='toc']")
    assert toc.get("aria-label") == "Inhoud"
    assert [(a.get("href"), a.text_content()) for a in toc.xpath(".//a")] == [
        ("#het-begin", "Het begin"), ("#een-detail", "Een detail"), ("#het-midden", "Het midden"),
        ("#het-eind", "Het eind")]
    assert toc.xpath(".//li/ol/li/a/@href") == ["#een-detail"]  # a level-3 heading sits under its section
    assert tree.xpath("//a[@class='footnote-backref']/@aria-label") == ["Terug naar de tekst"]
    short = lxml.html.fromstring((site / "build" / "2024" / "02" / "wie-betaalt-de-dijk" / "index.html").read_bytes())
    assert not short.xpath("//nav[@class='toc']")  # two headings: no table of contents
    assert check_site(site) == []


def test_reading_time_is_whole_minutes_never_zero():
    from sitegen.render.views import reading_minutes

    assert [reading_minutes(" ".join(["woord"] * n)) for n in (0, 1, 220, 221, 1100)] == [1, 1, 1, 2, 5]


def test_hostile_footnotes_and_headings_stay_text():
    raw = (b"---\ntitle: T\ndate: 2024-01-01\n---\nTekst[^<b>x</b>] en ^[<script>alert(1)</script>] meer.\n\n"
           b"[^<b>x</b>]: <img src=x onerror=alert(2)> bron\n\n## <i>kop</i> \"q\" onmouseover=x\n")
    html = render_body(read_markdown(raw, "content/x.md"), [], lambda actor: "", lambda title: None)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert not tree.xpath("//script|//img|//i|//b|//*[@onerror]|//*[@onmouseover]")
    assert tree.xpath("//h2/@id") == ["i-kop-i-q-onmouseover-x"]
    assert "<script>alert(1)</script>" in tree.text_content()  # shown as text
