"""Pure pieces of the NLP package: no trained model involved."""

from __future__ import annotations

import spacy

from sitegen.nlp.components import sitegen_sentences
from sitegen.nlp.inline import parse_inline, to_conll
from sitegen.nlp.lexicon import load_lexicon
from sitegen.nlp.rules import Resolver
from sitegen.nlp.shapes import MODEL, Candidate, is_cap, is_title, select
from sitegen.nlp.terms import TermMatcher


def test_is_cap_rejects_hyphen_prefix_compounds() -> None:
    assert is_cap("Tokajev") and is_cap("D66") and is_cap("VN-Veiligheidsraad")
    assert not is_cap("VN-ambassadeur") and not is_cap("NAVO-top") and not is_cap("Sovjet-landen")
    assert is_cap("al-Assad") and is_cap("Ki-moon")
    assert not is_cap("president")


def test_titles_include_compounds() -> None:
    lex = load_lexicon()
    assert is_title("president", lex) and is_title("EU-commissaris", lex)
    assert is_title("Kamervoorzitter", lex)
    assert not is_title("Tokajev", lex)


def test_select_prefers_priority_then_length() -> None:
    cands = [Candidate(0, 1, "LOC", 25), Candidate(0, 2, "PER", 30), Candidate(1, 3, "ORG", 40)]
    assert select(cands, 3) == [Candidate(0, 1, "LOC", 25), Candidate(1, 3, "ORG", 40)]


def test_term_matcher_finds_multiword_names() -> None:
    matcher = TermMatcher()
    matcher.add(["Den Haag", "Haag", "'s-Hertogenbosch"], "LOC", 40, lambda s: ["'s-Hertogenbosch"])
    found = matcher.find(["in", "Den", "Haag", "en", "'s-Hertogenbosch"])
    assert Candidate(1, 3, "LOC", 40) in found and Candidate(4, 5, "LOC", 40) in found


def test_resolver_uses_document_memory_for_surnames() -> None:
    words = [
        "Premier",
        "Mark",
        "Rutte",
        "sprak",
        ".",
        "Rutte",
        "zei",
        "niets",
        ".",
        "Ruttes",
        "plan",
        "faalde",
        ".",
    ]
    starts = [
        w in ("Premier", "Rutte", "Ruttes") and (i == 0 or words[i - 1] == ".")
        for i, w in enumerate(words)
    ]
    found = Resolver(load_lexicon(), fill="strong").resolve(
        words, starts, [], [Candidate(1, 3, "PER", MODEL)]
    )
    spans = {(" ".join(words[c.start : c.end]), c.label) for c in found}
    assert spans == {("Mark Rutte", "PER"), ("Rutte", "PER"), ("Ruttes", "PER")}


def test_resolver_cuts_titles_and_functions_from_model_spans() -> None:
    words = [
        "De",
        "Hongaarse",
        "premier",
        "Viktor",
        "Orbán",
        "van",
        "Buitenlandse",
        "Zaken",
        "sprak",
        ".",
    ]
    starts = [i == 0 for i in range(len(words))]
    model = [Candidate(1, 8, "ORG", MODEL)]
    found = Resolver(load_lexicon(), fill="strong").resolve(words, starts, [], model)
    assert [(" ".join(words[c.start : c.end]), c.label) for c in found] == [("Viktor Orbán", "PER")]


def test_sentences_end_after_closing_quote_and_paragraphs() -> None:
    nlp = spacy.blank("nl")
    doc = sitegen_sentences(
        nlp("Hij zei: „Het gaat goed.” Daarna ging hij.\n\nTussenkop\n\nNieuw?")
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Hij zei: „Het gaat goed.”",
        "Daarna ging hij.",
        "Tussenkop",
        "Nieuw?",
    ]


def test_inline_corpus_format_roundtrip() -> None:
    item = parse_inline(
        "De [MISC Russische] president [PER Vladimir Poetin] sprak in [LOC Moskou]."
    )
    assert item.text == "De Russische president Vladimir Poetin sprak in Moskou."
    assert [item.text[s:e] for s, e, _ in item.spans] == ["Russische", "Vladimir Poetin", "Moskou"]
    nlp = spacy.blank("nl")
    nlp.add_pipe("sitegen_sentences")
    lines = to_conll(nlp, item).splitlines()
    assert "Vladimir B-PER" in lines and "Poetin I-PER" in lines and "Moskou B-LOC" in lines
