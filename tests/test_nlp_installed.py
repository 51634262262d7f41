"""Installed/pathed pretrained pipelines: label mapping, loading by path, missing models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy

from sitegen.errors import ModelNotInstalledError
from sitegen.nlp import Annotator, load_annotator
from sitegen.nlp.conll import annotate_conll, read_conll


@pytest.fixture(scope="module")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in for nl_core_news_*: blank nl + an EntityRuler with OntoNotes labels."""
    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Vladimir Poetin"},
            {"label": "GPE", "pattern": "Moskou"},
            {"label": "NORP", "pattern": "Russische"},
            {"label": "NORP", "pattern": "Koerdische"},
            {"label": "DATE", "pattern": "dinsdag"},
            {"label": "ORG", "pattern": "Gazprom"},
        ]
    )
    path = tmp_path_factory.mktemp("pipe") / "tiny_nl"
    nlp.to_disk(path)
    return path


def test_installed_labels_are_mapped(tiny_pipeline: Path) -> None:
    annotator = load_annotator(str(tiny_pipeline), "nl")
    (ann,) = annotator.annotate(
        [
            "De Russische president Vladimir Poetin sprak dinsdag in Moskou met Gazprom en Koerdische leiders."
        ]
    )
    got = {(m.text, m.label, m.nationality, m.country) for m in ann.mentions}
    assert ("Vladimir Poetin", "PER", False, "") in got
    assert ("Moskou", "LOC", False, "RU") in got
    assert ("Russische", "MISC", True, "RU") in got
    assert ("Gazprom", "ORG", False, "") in got
    assert ("Koerdische", "MISC", True, "") in got  # NORP is a nationality word
    assert all(m.text != "dinsdag" for m in ann.mentions)  # DATE is ignored


def test_installed_pipeline_fingerprint_differs_from_embedded(
    tiny_pipeline: Path, embedded_annotator: tuple[Callable[[], Annotator], str]
) -> None:
    assert load_annotator(str(tiny_pipeline)).fingerprint != embedded_annotator[1]


def test_missing_package_says_how_to_install() -> None:
    with pytest.raises(ModelNotInstalledError) as info:
        load_annotator("nl_core_news_zz_not_installed")
    message = str(info.value)
    assert "python -m spacy download nl_core_news_zz_not_installed" in message
    assert "pip install" in message


def test_missing_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelNotInstalledError):
        load_annotator(str(tmp_path / "nowhere" / "model"))


def test_other_language_uses_blank_pipeline() -> None:
    annotator = load_annotator("embedded", "en")
    (ann,) = annotator.annotate(["Yesterday the NATO summit opened in Brussels."])
    assert ("NATO", "ORG") in {(m.text, m.label) for m in ann.mentions}


def test_annotate_conll_roundtrip(
    tmp_path: Path, embedded_annotator: tuple[Callable[[], Annotator], str]
) -> None:
    src = tmp_path / "in.conll"
    src.write_text(
        "-DOCSTART- -X- O\n\ndate O\n2022-01 O\n\n"
        "Volgens X B-ORG\npresident O\nTokajev B-PER\nis O\nhet O\nrustig O\n. O\n\n"
        "Tokajev B-PER\nbedankte O\nde O\nCSTO B-ORG\n. O\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.conll"
    annotate_conll(src, out, embedded_annotator[0]())
    rows = [
        line.split()
        for line in out.read_text(encoding="utf-8").splitlines()
        if line and "DOCSTART" not in line
    ]
    assert [r[0] for r in rows] == [
        r.token for d in read_conll(src.read_text()) for s in d[1] for r in s
    ]
    assert all(len(r) == 3 for r in rows)
    tagged = {r[0]: r[2] for r in rows}
    assert tagged["Tokajev"] == "B-PER" and tagged["CSTO"] == "B-ORG" and tagged["2022-01"] == "O"
    assert rows[2][1] == "B-ORG"  # gold column kept as given


def test_cheap_fingerprint_equals_the_loaded_pipelines(tiny_pipeline: Path) -> None:
    """The cache key is computed without loading spaCy; it must name the same pipeline."""
    from sitegen.model import Knowledge
    from sitegen.nlp import pipeline_fingerprint

    knowledge = Knowledge(fingerprint="k1")
    for model, lang in ((str(tiny_pipeline), "nl"), ("embedded", "nl"), ("embedded", "en")):
        assert pipeline_fingerprint(model, lang, knowledge) == load_annotator(model, lang, knowledge).fingerprint
    assert pipeline_fingerprint("embedded", "nl", knowledge) != pipeline_fingerprint(
        "embedded", "nl", Knowledge(fingerprint="k2")
    )
