"""The gazetteer: lookups, the data file's determinism, and the non-Dutch path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.geo import Place, load_gazetteer
from sitegen.geo.build import bare_adjective, source_versions
from sitegen.geo.gazetteer import data_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nl():
    return load_gazetteer("nl")


@pytest.mark.parametrize(
    ("surface", "code", "kind", "canonical"),
    [
        ("Kazachstaanse", "KZ", "nationality", "Kazachstan"),
        ("Kazachstaans", "KZ", "nationality", "Kazachstan"),
        ("Wit-Rusland", "BY", "country", "Wit-Rusland"),
        ("Belarus", "BY", "country", "Wit-Rusland"),
        ("Belarussische", "BY", "nationality", "Wit-Rusland"),
        ("VS", "US", "country", "Verenigde Staten"),
        ("Verenigde Staten", "US", "country", "Verenigde Staten"),
        ("Amerikanen", "US", "nationality", "Verenigde Staten"),
        ("Russen", "RU", "nationality", "Rusland"),
        ("Chinees", "CN", "nationality", "China"),
        ("Almaty", "KZ", "place", "Almaty"),
        ("Zjanaozen", "KZ", "place", "Zjanaozen"),
        ("Moscow", "RU", "place", "Moskou"),
        ("Krim", "UA", "region", "Krim"),
        ("Nagorno-Karabach", "AZ", "region", "Nagorno-Karabach"),
        ("Gazastrook", "PS", "region", "Gazastrook"),
        ("Europese", "", "nationality", "Europa"),
        ("Afrika", "", "continent", "Afrika"),
        ("Den Haag", "NL", "place", "Den Haag"),
    ],
)
def test_lookup(nl, surface, code, kind, canonical):
    assert nl.lookup(surface) == Place(surface, code, kind, canonical)


def test_lookup_is_exact_except_for_all_caps(nl):
    assert nl.lookup("MOSKOU") == nl.lookup("Moskou")
    assert nl.lookup("moskou") is None
    assert nl.lookup("Ruslands") is None  # the genitive is the caller's business


@pytest.mark.parametrize(
    "word", ["Van", "Nice", "Split", "Male", "Batman", "Reading", "Hof", "Best"]
)
def test_place_names_that_are_ordinary_words_are_left_out(nl, word):
    assert nl.lookup(word) is None


def test_every_sovereign_state_has_nationality_adjectives(nl):
    adjective_codes = {p.code for p in nl.entries() if p.kind == "nationality"}
    missing = {
        c
        for c in ("KZ", "KG", "BY", "US", "GB", "NL", "BE", "TR", "AM", "UA", "ZW", "VU")
        if c not in adjective_codes
    }
    assert not missing
    assert len(adjective_codes) >= 195


def test_labels_and_flags(nl):
    assert nl.country_name("US") == "Verenigde Staten"
    assert nl.region("KZ") == "Azië"
    assert nl.region("NL") == "Europa"
    assert nl.flag("NL") == "\U0001f1f3\U0001f1f1"
    assert nl.flag("") == ""
    assert nl.country_name("QQ") == "QQ"


def test_bare_adjective_rule():
    assert bare_adjective("Kazachstaanse") == "Kazachstaans"
    assert bare_adjective("Chinese") == "Chinees"
    assert bare_adjective("Belgische") == "Belgisch"


def test_english_gazetteer_from_babel():
    en = load_gazetteer("en")
    assert en.lookup("Germany") == Place("Germany", "DE", "country", "Germany")
    assert en.country_name("US") == "United States"
    assert en.region("DE") == "Europe"
    assert en.fingerprint != load_gazetteer("nl").fingerprint


def test_data_file_is_deterministic_and_up_to_date(tmp_path):
    """Two builds under different hash seeds give the same bytes, and the shipped file's.

    The shipped file can only be reproduced from the package versions it records; with
    other versions installed, the two fresh builds must still agree.
    """
    script = ROOT / "scripts" / "build_geo_data.py"
    runs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = tmp_path / f"gazetteer_{seed}.json"
        runs.append(
            (
                out,
                subprocess.Popen(
                    [sys.executable, str(script), "--out", str(out)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                ),
            )
        )
    for _, process in runs:
        assert process.wait(timeout=60) == 0
    first, second = (out.read_bytes() for out, _ in runs)
    assert first == second
    shipped = data_file("nl").read_bytes()
    if json.loads(shipped)["sources"] == source_versions():
        assert first == shipped, "stale data file: run python scripts/build_geo_data.py"


def test_a_dutch_or_belgian_town_wins_over_a_foreign_namesake_of_similar_size():
    from sitegen.geo.build import TIER_CITY, Candidate, select

    def city(name: str, code: str, population: int) -> Candidate:
        return Candidate(name, code, "place", name, TIER_CITY, population)

    won = {c.surface: c.code for c in select([
        city("Ede", "NG", 159_866), city("Ede", "NL", 67_670),  # similar size: the Dutch town
        city("Bergen", "NO", 285_000), city("Bergen", "NL", 29_000),  # far larger abroad: Norway's
        city("Valencia", "ES", 800_000), city("Valencia", "VE", 700_000),  # neither local: left out
    ], frozenset())}
    assert won == {"Ede": "NL", "Bergen": "NO"}
    assert load_gazetteer("nl").lookup("Ede").code == "NL"
