"""article_countries on hand-written mention lists."""

from __future__ import annotations

import pytest

from sitegen.geo import article_countries, load_gazetteer, title_places
from sitegen.model import Mention


@pytest.fixture(scope="module")
def nl():
    return load_gazetteer("nl")


def _mention(text: str, start: int, label: str = "LOC", country: str = "") -> Mention:
    return Mention(start, start + len(text), label, text, country)  # type: ignore[arg-type]


def test_lead_mentions_outweigh_later_repetition(nl):
    mentions = [
        _mention("Kazachstaanse", 3, "MISC"),
        _mention("Almaty", 40),
        _mention("Rusland", 300),
        _mention("Russische", 400, "MISC"),
        _mention("Moskou", 500),
    ]
    codes, primary = article_countries(mentions, "", 100, (), nl)
    assert codes == ("KZ", "RU")
    assert primary == "KZ"


def test_title_weighs_most(nl):
    mentions = [_mention("Oekraïne", 5), _mention("Kiev", 50)]
    codes, primary = article_countries(mentions, "Turkije bemiddelt in graandeal", 100, (), nl)
    assert codes == ("TR", "UA")
    assert primary == "TR"


def test_override_wins_entirely(nl):
    mentions = [_mention("Rusland", 0), _mention("Moskou", 20)]
    assert article_countries(mentions, "", 100, ["kz", "RU"], nl) == (("KZ", "RU"), "KZ")


def test_annotator_country_genitive_and_non_places(nl):
    mentions = [
        _mention("Ruslands", 0),  # genitive
        _mention("Zjanaozen", 30, country="KZ"),
        _mention("Nord Stream 2", 60, "MISC"),  # an event named after no country
        _mention("Europese", 80, "MISC"),  # nationality word without a country
        _mention("Frankrijk", 90, "PER"),  # only LOC and MISC count
    ]
    codes, primary = article_countries(mentions, "", 20, (), nl)
    assert codes == ("KZ", "RU")
    assert primary == "RU"


def test_no_countries(nl):
    assert article_countries([_mention("Europa", 0)], "", 10, (), nl) == ((), "")


def test_title_scan_matches_longest_capitalised_names(nl):
    places = title_places("Verenigde Staten en Wit-Rusland; polen blijft", nl)
    assert [p.code for p in places] == ["US", "BY"]
