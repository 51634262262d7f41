"""Corrections (front matter ``corrections``, seed ``correction`` lines): shown under the
article, listed on the site's corrections page, published as schema.org ``correction``
and in the JSON export; bad ones stop the build with their file and line."""

from __future__ import annotations

import json

import lxml.etree
import lxml.html
import pytest

from sitegen.build import build
from sitegen.errors import ContentError, ProblemsError
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed
from sitegen.model import ArticleDate

from .conftest import add_seed, make_site, tree_digest

BRIDGE = """---
title: De brug bij Zwolle gaat later open
date: 2024-03-01
corrections:
  - date: 2024-03-07
    text: In een eerdere versie stond dat de brug in 2025 opent;   dat is 2026.
  - date: 2024-03-04
    text: "De wethouder heet Van Dam, niet <script>alert(1)</script> Van Dijk."
---
De nieuwe brug over de IJssel bij Zwolle gaat een jaar later open dan gepland, zegt wethouder Van Dam.
"""

DIKE = """date 2024-02-10
title Dijkversterking bij Kampen begint
correction 2024-02-20 De lengte van het dijkvak is 4 kilometer, niet 40.

Bij Kampen begint het waterschap Drents Overijsselse Delta aan de versterking van de dijk.
"""


def test_the_readers_keep_corrections_oldest_first_and_date_the_article_by_the_last():
    article = read_markdown(BRIDGE.encode(), "content/brug.md")
    assert [(c.date.iso(), c.text) for c in article.corrections] == [
        ("2024-03-04", "De wethouder heet Van Dam, niet <script>alert(1)</script> Van Dijk."),
        ("2024-03-07", "In een eerdere versie stond dat de brug in 2025 opent; dat is 2026."),
    ]
    assert article.updated == ArticleDate(2024, 3, 7)  # not given: the last correction's date
    seed = read_seed(DIKE.encode(), "seeds/dijk.txt")
    assert [(c.date.iso(), c.text) for c in seed.corrections] == [
        ("2024-02-20", "De lengte van het dijkvak is 4 kilometer, niet 40.")]
    assert seed.updated == ArticleDate(2024, 2, 20) and seed.text.startswith("Bij Kampen")
    empty = read_markdown(b"---\ntitle: T\ndate: 2024-03-01\ncorrections: []\n---\nTekst.\n", "content/b.md")
    assert empty.corrections == () and empty.updated is None


@pytest.mark.parametrize(("front_matter", "line", "words"), [
    ("corrections:\n  - date: 2024-02-01\n    text: Te vroeg.\n", 4, "before the article's date"),
    ("corrections:\n  - date: 2024-03-05\n", 4, "exactly a 'date' and a 'text'"),
    ("corrections: Een fout.\n", 4, "expected a list of corrections"),
    ("corrections:\n  - date: 2024-03-05\n    text: \"  \"\n", 4, "needs its text"),
    ("corrections:\n  - date: maart 2024\n    text: Fout.\n", 4, "date: expected YYYY-MM or YYYY-MM-DD"),
    ("corrections:\n  - date: 2024-13-05\n    text: Fout.\n", 5, "not a real date"),  # YAML's own, its line
    ("updated: 2024-03-02\ncorrections:\n  - date: 2024-03-05\n    text: Fout.\n", 4, "before the correction of 2024-03-05"),
])
def test_a_bad_correction_names_the_file_and_line(front_matter, line, words):
    text = f"---\ntitle: T\ndate: 2024-03-01\n{front_matter}---\nTekst.\n"
    with pytest.raises(ContentError) as caught:
        read_markdown(text.encode(), "content/a.md")
    assert (caught.value.path, caught.value.line) == ("content/a.md", line)
    assert words in str(caught.value)


def test_a_bad_seed_correction_names_its_line():
    with pytest.raises(ContentError) as caught:
        read_seed(b"date 2024-02-10\ntitle T\ncorrection 2024-02-20\n\nTekst.\n", "seeds/x.txt")
    assert (caught.value.path, caught.value.line) == ("seeds/x.txt", 3) and "needs its text" in str(caught.value)


def _site(root, seed_path, bridge=BRIDGE):
    site = make_site(root, {"content/brug.md": bridge, "seeds/dijk.txt": DIKE})
    add_seed(site, seed_path)
    return site


def test_corrections_are_shown_listed_and_published(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path / "s", seed_path)
    build(site, annotator=embedded_annotator)
    out = site / "build"
    page = (out / "2024/03/de-brug-bij-zwolle-gaat-later-open/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = lxml.html.fromstring(page)
    (box,) = tree.xpath("//aside[@class='corrections']")
    assert box.get("aria-labelledby") == "correcties" and box.xpath("h2[@id='correcties']/text()") == ["Correcties"]
    assert box.xpath("ul/li/@id") == ["correctie-1", "correctie-2"]  # the log and the feed link to each
    assert [li.text_content() for li in box.xpath("ul/li")] == [
        "4 maart 2024: De wethouder heet Van Dam, niet <script>alert(1)</script> Van Dijk.",
        "7 maart 2024: In een eerdere versie stond dat de brug in 2025 opent; dat is 2026."]
    assert tree.xpath("//p[@class='meta']/time/@datetime") == ["2024-03-07"]  # "bijgewerkt 7 maart 2024"
    (structured,) = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")
                     if '"NewsArticle"' in s.text]
    assert structured["dateModified"] == "2024-03-07"
    assert [(c["@type"], c["datePublished"]) for c in structured["correction"]] == [
        ("CorrectionComment", "2024-03-07"), ("CorrectionComment", "2024-03-04")]

    log = lxml.html.fromstring((out / "correcties/index.html").read_bytes())
    items = log.xpath("//ol[@class='corrections-log']/li")
    assert [(li.xpath("time/@datetime")[0], li.xpath("a/@href")[0]) for li in items] == [
        ("2024-03-07", "../2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-2"),
        ("2024-03-04", "../2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-1"),
        ("2024-02-20", "../2024/02/dijkversterking-bij-kampen-begint/#correctie-1"),
    ]
    assert items[2].xpath("p/text()") == ["De lengte van het dijkvak is 4 kilometer, niet 40."]
    assert log.xpath("//link[@type='application/atom+xml']/@href")[1] == "feed.xml"
    feed = lxml.etree.fromstring((out / "correcties/feed.xml").read_bytes())
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert [(e.findtext("a:updated", namespaces=atom)[:10], e.findtext("a:id", namespaces=atom),
             e.find("a:link", atom).get("href")) for e in feed.findall("a:entry", atom)] == [
        ("2024-03-07", "tag:sitegen,2000:/2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-2",
         "/2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-2"),
        ("2024-03-04", "tag:sitegen,2000:/2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-1",
         "/2024/03/de-brug-bij-zwolle-gaat-later-open/#correctie-1"),
        ("2024-02-20", "tag:sitegen,2000:/2024/02/dijkversterking-bij-kampen-begint/#correctie-1",
         "/2024/02/dijkversterking-bij-kampen-begint/#correctie-1"),
    ]
    assert feed.findtext("a:updated", namespaces=atom).startswith("2024-03-07")
    assert "&lt;script&gt;" in (out / "correcties/feed.xml").read_text(encoding="utf-8")  # escaped there too
    archive = lxml.html.fromstring((out / "archief/index.html").read_bytes())
    assert archive.xpath("//main//a[text()='Correcties']/@href") == ["../correcties/"]
    assert archive.xpath("//footer//a[text()='Correcties']/@href") == ["../correcties/"]  # on every page
    export = json.loads((out / "data/annotaties.json").read_text(encoding="utf-8"))
    (dike,) = [a for a in export["articles"] if a["source"] == "seeds/dijk.txt"]
    assert dike["corrections"] == [{"date": "2024-02-20", "text": "De lengte van het dijkvak is 4 kilometer, niet 40."}]
    assert not any("corrections" in a for a in export["articles"] if a["source"].startswith("seeds/seed"))


def test_a_new_correction_renders_its_article_and_the_log_again_as_a_fresh_build_would(
        tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path / "s", seed_path, bridge=BRIDGE.replace("corrections:", "unused:", 1).replace(
        "unused:\n  - date: 2024-03-07\n    text: In een eerdere versie stond dat de brug in 2025 opent;   dat is 2026.\n"
        "  - date: 2024-03-04\n    text: \"De wethouder heet Van Dam, niet <script>alert(1)</script> Van Dijk.\"\n", ""))
    build(site, annotator=embedded_annotator)
    (site / "content/brug.md").write_text(BRIDGE, encoding="utf-8")
    report = build(site, annotator=embedded_annotator)
    assert report.annotate.annotated == 0  # the text did not change: a correction is not annotated
    fresh = _site(tmp_path / "fresh", seed_path)
    build(fresh, annotator=embedded_annotator)
    assert tree_digest(site / "build") == tree_digest(fresh / "build")


def test_the_log_exists_before_the_first_correction(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {})
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    log = lxml.html.fromstring((site / "build/correcties/index.html").read_bytes())
    assert log.xpath("//main/p[2]/text()") == ["Er zijn nog geen correcties."]


def test_a_bad_correction_stops_the_build_and_keeps_build(tmp_path, seed_path, embedded_annotator):
    site = _site(tmp_path / "s", seed_path)
    build(site, annotator=embedded_annotator)
    before = tree_digest(site / "build")
    (site / "seeds/dijk.txt").write_text(DIKE.replace("correction 2024-02-20", "correction 2023-02-20"), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    assert "seeds/dijk.txt:3: corrections: 2023-02-20 is before the article's date 2024-02-10" in str(caught.value)
    assert tree_digest(site / "build") == before


def test_a_heading_never_takes_the_id_of_the_corrections_box():
    article = read_markdown(b"---\ntitle: T\ndate: 2024-03-01\n---\n## Correcties\n\nTekst.\n\n## Correctie 1\n\nMeer.\n",
                            "content/a.md")
    assert 'id="kop-correcties"' in article.skeleton and 'id="kop-correctie-1"' in article.skeleton
