"""The knowledge file: a valid file becomes ``Knowledge``; every problem is reported at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sitegen.errors import KnowledgeError, Problem
from sitegen.knowledge import load_knowledge, parse_knowledge
from sitegen.model import Knowledge, KnownActor

VALID = """\
[[actor]]
name = "Kassym-Jomart Tokajev"
type = "PER"
aliases = ["Tokajev", "Tokayev"]
description = "President van Kazachstan sinds 2019."
wikidata = "Q4525"
country = "KZ"

[[actor]]
name = "Collectieve Veiligheidsverdragsorganisatie"
type = "ORG"
aliases = ["CSTO"]

[[merge]]
into = "Collectieve Veiligheidsverdragsorganisatie"
names = ["Collectieve Veiligheidsverdragorganisatie"]

[[split]]
names = ["Boris Johnson", "Dustin Johnson"]

[ignore]
mentions = ["Lees ook"]
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(KnowledgeError) as info:
        parse_knowledge(text.encode("utf-8"), "entities.toml")
    return list(info.value.problems)


def lines(text: str) -> list[int]:
    return sorted(p.line for p in problems(text))


def test_missing_file_or_none_is_empty_knowledge(tmp_path: Path) -> None:
    assert load_knowledge(None) == Knowledge()
    assert load_knowledge(tmp_path / "entities.toml") == Knowledge()


def test_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(VALID, encoding="utf-8")
    knowledge = load_knowledge(path)
    assert knowledge.actors[0] == KnownActor(
        "Kassym-Jomart Tokajev",
        "PER",
        ("Tokajev", "Tokayev"),
        "President van Kazachstan sinds 2019.",
        "Q4525",
        "KZ",
    )
    assert knowledge.actors[1].aliases == ("CSTO",)
    assert knowledge.merges == (
        ("Collectieve Veiligheidsverdragorganisatie", "Collectieve Veiligheidsverdragsorganisatie"),
    )
    assert knowledge.splits == (("Boris Johnson", "Dustin Johnson"),)
    assert knowledge.never_tag == ("Lees ook",)
    assert knowledge.fingerprint == hashlib.sha256(VALID.encode("utf-8")).hexdigest()


def test_unparseable_toml_gives_one_problem_with_its_line() -> None:
    found = problems('[[actor]]\nname = "A"\ntype = \n')
    assert len(found) == 1
    assert found[0].line == 3
    assert "TOML" in found[0].message


def test_unknown_keys_are_reported_on_their_line() -> None:
    text = '[[actor]]\nname = "A"\ntype = "PER"\nalias = ["B"]\n\n[colours]\nred = 1\n'
    found = problems(text)
    assert [p.line for p in found] == [4, 6]
    assert "'alias'" in found[0].message and "aliases" in found[0].message
    assert "'colours'" in found[1].message


def test_wrong_types_bad_label_bad_ids() -> None:
    text = (
        "[[actor]]\n"  # 1
        'name = "A"\n'  # 2
        'type = "person"\n'  # 3
        'aliases = "B"\n'  # 4
        'wikidata = "42"\n'  # 5
        'country = "XX"\n'  # 6
        "description = 7\n"  # 7
    )
    found = {p.line: p.message for p in problems(text)}
    assert set(found) == {3, 4, 5, 6, 7}
    assert "PER, ORG, LOC, MISC" in found[3] and "'person'" in found[3]
    assert "list of strings" in found[4]
    assert "Q42" in found[5]
    assert "alpha-2" in found[6] and "'XX'" in found[6]
    assert "string" in found[7] and "integer" in found[7]


def test_missing_required_keys_point_at_the_table() -> None:
    text = '[[actor]]\ntype = "PER"\n\n[[actor]]\nname = "B"\n\n[[merge]]\nnames = ["x"]\n'
    assert lines(text) == [1, 4, 7]


def test_duplicate_names_and_aliases_claimed_twice() -> None:
    text = (
        '[[actor]]\nname = "Boris Johnson"\ntype = "PER"\naliases = ["Johnson"]\n\n'  # 1-4
        '[[actor]]\nname = "boris johnson"\ntype = "PER"\n\n'  # 6-8
        '[[actor]]\nname = "Dustin Johnson"\ntype = "PER"\naliases = ["Johnson"]\n'  # 10-13
    )
    found = problems(text)
    assert [p.line for p in found] == [7, 13]
    assert "line 2" in found[0].message
    assert "'Johnson'" in found[1].message and "'Boris Johnson'" in found[1].message


def test_merges_that_contradict_actors_or_splits() -> None:
    text = (
        '[[actor]]\nname = "A"\ntype = "ORG"\naliases = ["AA"]\n\n'  # 1-4
        '[[merge]]\ninto = "B"\nnames = ["AA"]\n\n'  # 6-8
        '[[merge]]\ninto = "C"\nnames = ["D"]\n\n'  # 10-12
        '[[split]]\nnames = ["C", "D"]\n'  # 14-15
    )
    found = problems(text)
    assert [p.line for p in found] == [8, 15]
    assert "belongs to the actor 'A'" in found[0].message
    assert "must stay apart" in found[1].message


def test_split_needs_two_names_and_ignore_must_be_a_table() -> None:
    text = '[[split]]\nnames = ["A"]\n\nignore = ["Lees ook"]\n'
    assert lines(text) == [2, 4]


def test_all_problems_reported_at_once_with_path() -> None:
    text = '[[actor]]\nname = ""\ntype = "PER"\nwikidata = "Q0"\n\n[[actor]]\nname = "X"\ntype = "FOO"\n'
    with pytest.raises(KnowledgeError) as info:
        parse_knowledge(text.encode(), "content/entities.toml")
    assert [p.line for p in info.value.problems] == [2, 4, 8]
    message = str(info.value)
    assert "content/entities.toml:2:" in message and "content/entities.toml:8:" in message


def test_descriptions_keep_text_but_lose_control_characters() -> None:
    text = '[[actor]]\nname = "A"\ntype = "ORG"\ndescription = "<b>Zo</b> & \\u0007zo\\nverder "\n'
    knowledge = parse_knowledge(text.encode())
    assert knowledge.actors[0].description == "<b>Zo</b> & zo\nverder"


def test_lowercase_country_is_accepted_and_normalised() -> None:
    text = '[[actor]]\nname = "A"\ntype = "PER"\ncountry = "kz"\n'
    assert parse_knowledge(text.encode()).actors[0].country == "KZ"


def test_invalid_utf8_is_a_problem_not_a_crash() -> None:
    with pytest.raises(KnowledgeError) as info:
        parse_knowledge(b'[[actor]]\nname = "\xff"\n')
    assert info.value.problems[0].line == 2


def test_the_documented_example_is_a_valid_knowledge_file() -> None:
    import re

    from .conftest import REPO

    doc = (REPO / "docs" / "knowledge.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)
    knowledge = parse_knowledge(example.encode("utf-8"))
    assert [a.name for a in knowledge.actors] == ["Vladimir Poetin"] and knowledge.splits and knowledge.never_tag
