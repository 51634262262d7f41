"""Fact-checks: an article's ``claim``, ``claimant`` and ``verdict`` shown above the text
and published as schema.org ``ClaimReview`` (sitegen/render/views.py)."""

from __future__ import annotations

import json

import lxml.etree
import lxml.html
import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.errors import ContentError
from sitegen.load.markdown_reader import read_markdown
from sitegen.model import Claim

from .conftest import add_seed, make_site

CHECK = """---
title: Heeft Zwolle de meeste fietsers van Nederland?
date: 2024-05-02
claim: Zwolle heeft de meeste fietsers van Nederland
claimant: Anna de Vries
verdict: Misleidend
---
Wethouder Anna de Vries zei dinsdag in de gemeenteraad van Zwolle dat geen stad meer fietsers telt.
"""


def test_claim_and_verdict_go_together():
    article = read_markdown(CHECK.encode(), "content/check.md")
    assert article.claim == Claim("Zwolle heeft de meeste fietsers van Nederland", "Misleidend", "Anna de Vries")
    assert read_markdown(b"---\ntitle: T\ndate: 2024-01-01\n---\nTekst.\n", "content/x.md").claim is None
    for meta, line in (("claim: Iets", 4), ("verdict: Onwaar", 4), ("claimant: X\nverdict: Onwaar", 5)):
        raw = f"---\ntitle: T\ndate: 2024-01-01\n{meta}\n---\nTekst.\n".encode()
        with pytest.raises(ContentError, match=f"content/x.md:{line}: a fact-check names the claim and its verdict"):
            read_markdown(raw, "content/x.md")


def test_a_fact_check_shows_its_verdict_and_publishes_a_claim_review(tmp_path, seed_path, embedded_annotator):
    hostile = CHECK.replace("verdict: Misleidend", 'verdict: "<b onmouseover=x>Onwaar</b>"')
    site = make_site(tmp_path / "s", {"content/check.md": hostile},
                     config='title = "Feitencheck Zwolle"\nbase_url = "https://example.org/"\n')
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    html = (site / "build" / "2024" / "05" / "heeft-zwolle-de-meeste-fietsers-van-nederland" / "index.html").read_text(
        encoding="utf-8")
    tree = lxml.html.fromstring(html)
    (box,) = tree.xpath("//aside[@class='claim']")
    assert box.get("aria-label") == "Factcheck"
    assert " ".join(box.text_content().split()) == (
        "Bewering: Zwolle heeft de meeste fietsers van Nederland (gedaan door Anna de Vries) "
        "Oordeel: <b onmouseover=x>Onwaar</b>")  # the verdict stays text
    assert not tree.xpath("//b[@onmouseover]")
    scripts = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]
    (review,) = [s for s in scripts if s["@type"] == "ClaimReview"]
    assert review == {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": "Zwolle heeft de meeste fietsers van Nederland", "datePublished": "2024-05-02",
        "reviewRating": {"@type": "Rating", "alternateName": "<b onmouseover=x>Onwaar</b>"},
        "author": {"@type": "Organization", "name": "Feitencheck Zwolle"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Anna de Vries"}},
        "url": "https://example.org/2024/05/heeft-zwolle-de-meeste-fietsers-van-nederland/",
    }
    raw = [script.text for script in tree.xpath("//script[@type='application/ld+json']")]
    assert not any("<" in text for text in raw)  # tojson escapes "<": no text in it can close the script
    assert any("\\u003cb onmouseover=x\\u003eOnwaar" in text for text in raw)
    export = json.loads((site / "build" / "data" / "annotaties.json").read_text(encoding="utf-8"))
    claims = [a.get("claim") for a in export["articles"]]
    assert claims[0] == {"text": "Zwolle heeft de meeste fietsers van Nederland",
                         "verdict": "<b onmouseover=x>Onwaar</b>", "claimant": "Anna de Vries"}
    assert claims[1:] == [None]  # the seed article is no fact-check
    feed = lxml.etree.fromstring((site / "build" / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    categories = [[(c.get("term"), c.get("scheme")) for c in e.findall(f"{atom}category")] for e in feed.findall(f"{atom}entry")]
    assert categories == [[("<b onmouseover=x>Onwaar</b>", "https://schema.org/reviewRating")], []]  # newest first
    assert b"<b onmouseover" not in (site / "build" / "feed.xml").read_bytes()  # an attribute, escaped
    for listing in ("2024/05/index.html", "index.html"):  # the verdict beside the title in lists
        badge = lxml.html.fromstring((site / "build" / listing).read_bytes()).xpath("//span[@class='badge verdict']")
        assert [b.text_content() for b in badge] == ["Oordeel: <b onmouseover=x>Onwaar</b>"]
    assert check_site(site) == []
