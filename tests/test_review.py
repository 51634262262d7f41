"""``sitegen review``: knowledge-file suggestions from the last build's export (sitegen/review.py)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from sitegen.model import Knowledge, KnownActor
from sitegen.review import described, report, review

from .conftest import add_seed, make_site


def _actor(name: str, label: str, articles: int = 1, mentions: int = 1, country: str = "") -> dict:
    return {"id": name.lower().replace(" ", "-"), "name": name, "label": label, "country": country,
            "articles": articles, "mentions": mentions}


EXPORT = {
    "articles": [
        {"url": "2024/03/nieuw/", "entities": [{"actor": "gjoemri"}, {"actor": "johnson"}]},
        {"url": "2024/01/oud/", "entities": [{"actor": "gjoemri"}, {"actor": "armoedebeleid"}]},
    ],
    "actors": [
        _actor("Gjoemri", "LOC", 2, 3),
        _actor("Europa", "LOC", 5, 9),  # a continent: no country to add
        _actor("Moskou", "LOC", 4, 4, "RU"),
        _actor("Collectieve Veiligheidsverdragsorganisatie", "ORG", 10, 27),
        _actor("Collectieve Veiligheidsverdragorganisatie", "ORG", 1, 1),  # one letter less
        _actor("Jan Smit", "PER", 3, 5),
        _actor("Jaap Smit", "PER", 2, 2),  # another person, not a spelling
        _actor("Universiteit van Kamina", "ORG", 3, 3),
        _actor("Universiteit van Tainan", "ORG", 2, 2),  # a long name alike, but another place
        _actor("Marloes Bos", "PER", 2, 2),
        _actor("Marloes Vos", "PER", 1, 1),  # short surnames a letter apart: two people
        _actor("Al Jubayl", "LOC", 1, 1, "SA"),
        _actor("Al Jumayl", "LOC", 1, 1, "SA"),  # two places the gazetteer knows
        _actor("NOC*NSF", "ORG", 2, 2),
        _actor("NOCNSF", "ORG", 1, 1),  # only punctuation apart
        _actor("Boris Johnson", "PER", 4, 6),
        _actor("Dustin Johnson", "PER", 1, 2),
        _actor("Johnson", "PER", 2, 2),
        _actor("Armoedebeleid", "PER", 1, 1),
        _actor("Sotsji", "LOC", 1, 1),
    ],
}


def _review(knowledge: Knowledge | None = None):
    return review(EXPORT, described(knowledge or Knowledge()), lambda name: name == "Europa")


def test_each_kind_of_doubt_is_found_once_and_ordered():
    found = [(s.kind, s.names, s.example) for s in _review()]
    assert found == [
        ("merge", ("Collectieve Veiligheidsverdragsorganisatie", "Collectieve Veiligheidsverdragorganisatie"), ""),
        ("merge", ("NOC*NSF", "NOCNSF"), ""),
        ("surname", ("Johnson", "Boris Johnson", "Dustin Johnson"), "2024/03/nieuw/"),
        ("country", ("Gjoemri",), "2024/03/nieuw/"),  # the most articles first, the newest as the example
        ("country", ("Sotsji",), ""),
        ("name", ("Armoedebeleid",), "2024/01/oud/"),
    ]


def test_what_the_knowledge_file_describes_is_not_suggested_again():
    knowledge = Knowledge(actors=(KnownActor("Gjoemri", "LOC", country="AM"),),
                          merges=(("Collectieve Veiligheidsverdragorganisatie", "Collectieve Veiligheidsverdragsorganisatie"),),
                          never_tag=("armoedebeleid",))
    assert [s.names[0] for s in _review(knowledge)] == ["NOC*NSF", "Johnson", "Sotsji"]


def test_the_report_holds_entries_the_knowledge_file_accepts():
    text = report(_review())
    assert text.startswith("# One actor under two names?")
    entries = [block for block in text.split("\n\n") if block.strip()]
    for block in entries:
        tomllib.loads(block)  # each entry parses as it is (the surname ones are commented out)
    assert 'into = "Collectieve Veiligheidsverdragsorganisatie"' in text
    assert "# 2 articles, e.g. 2024/03/nieuw/" in text
    assert report([]) == "Nothing to review: every actor looks settled.\n"


def test_the_command_reviews_the_last_build_or_says_there_is_none(tmp_path, seed_path, embedded_annotator):
    from sitegen.build import build

    site = make_site(tmp_path / "s", {})
    add_seed(site, seed_path)
    command = [sys.executable, "-m", "sitegen.cli", "review", "--site", str(site)]
    none = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert none.returncode == 1 and "nothing to review yet; run 'sitegen build' first" in none.stderr
    build(site, annotator=embedded_annotator)
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# ") and "suggestion(s) for content/entities.toml" in done.stdout
