"""The embedded Dutch pipeline on hand-made sentences: the traps the guidelines name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.model import Annotation, Knowledge, KnownActor, Mention
from sitegen.nlp import Annotator, load_annotator
from sitegen.nlp.annotator import entity_spans


@pytest.fixture(scope="module")
def nlp(embedded_annotator: tuple[Callable[[], Annotator], str]) -> Annotator:
    factory, _ = embedded_annotator  # one pipeline per test session (conftest)
    return factory()


def ents(annotator: Annotator, text: str) -> list[tuple[str, str]]:
    (ann,) = annotator.annotate([text])
    return [(m.text, m.label) for m in ann.mentions]


def mention(annotator: Annotator, text: str, surface: str) -> Mention:
    (ann,) = annotator.annotate([text])
    found = [m for m in ann.mentions if m.text == surface]
    assert found, f"{surface!r} not found in {[(m.text, m.label) for m in ann.mentions]}"
    return found[0]


def test_sentence_initial_name(nlp: Annotator) -> None:
    text = "Premier Mark Rutte sprak in Den Haag. Rutte zei dat het kabinet doorgaat."
    assert ("Rutte", "PER") in ents(nlp, text)
    assert ("Mark Rutte", "PER") in ents(nlp, text)


@pytest.mark.parametrize(
    "text, word",
    [
        ("Een les uit de geschiedenis is dat niemand luistert.", "Een"),
        ("Volgens de politie was het rustig in Amsterdam.", "Volgens"),
        ("Maandag vergadert het kabinet opnieuw in Den Haag.", "Maandag"),
        ("Lees ook: Kabinet valt over stikstof", "Lees"),
    ],
)
def test_sentence_initial_ordinary_words_are_not_entities(
    nlp: Annotator, text: str, word: str
) -> None:
    surfaces = [s for s, _ in ents(nlp, text)]
    assert not any(s.split()[0] == word for s in surfaces), surfaces


def test_lees_ook_teaser(nlp: Annotator) -> None:
    found = ents(nlp, "Lees ook: ‘De machtswisseling in Kazachstan was nooit echt’")
    assert all("Lees" not in s for s, _ in found)
    assert ("Kazachstan", "LOC") in found


def test_months_and_weekdays_are_not_entities(nlp: Annotator) -> None:
    found = ents(nlp, "Op dinsdag 4 januari zei Tokajev dat Donderdag en Januari geen namen zijn.")
    assert all(s.lower() not in {"dinsdag", "januari", "donderdag"} for s, _ in found)


def test_names_inside_quotes(nlp: Annotator) -> None:
    text = (
        "De Russische president Vladimir Poetin sprak dinsdag. „Poetin moet stoppen”, zei de minister. "
        "„Wij praten met bondskanselier Merkel en met Macron”, zei ze."
    )
    found = ents(nlp, text)
    assert ("Poetin", "PER") in found
    assert ("Merkel", "PER") in found
    assert ("Macron", "PER") in found
    assert all(not s.startswith("„") for s, _ in found)


def test_particles_belong_to_the_name(nlp: Annotator) -> None:
    text = "BBB-leider Caroline van der Plas sprak met minister Van der Wal over stikstof."
    found = ents(nlp, text)
    assert ("Caroline van der Plas", "PER") in found
    assert ("Van der Wal", "PER") in found


def test_genitive_s_stays_in_span(nlp: Annotator) -> None:
    text = "De Russische president Vladimir Poetin sprak dinsdag. Poetins plan stuit op verzet."
    assert ("Poetins", "PER") in ents(nlp, text)


def test_titles_are_outside_person_spans(nlp: Annotator) -> None:
    found = ents(nlp, "Volgens president Tokajev is de rust in het land teruggekeerd.")
    assert ("Tokajev", "PER") in found
    assert all("president" not in s for s, _ in found)


@pytest.mark.parametrize("acronym", ["NAVO", "CSTO", "EU"])
def test_acronyms_are_organisations(nlp: Annotator, acronym: str) -> None:
    text = f"Het land vroeg de {acronym} dinsdag om steun tegen de demonstranten."
    assert (acronym, "ORG") in ents(nlp, text)


def test_hyphen_prefix_compound_is_not_an_entity(nlp: Annotator) -> None:
    found = ents(nlp, "De VN-ambassadeur en de EU-commissaris spraken op de NAVO-top.")
    assert found == []


def test_nationality_adjective_has_country_code(nlp: Annotator) -> None:
    m = mention(nlp, "De Kazachstaanse autoriteiten grepen in.", "Kazachstaanse")
    assert (m.label, m.nationality, m.country) == ("MISC", True, "KZ")


def test_country_has_code(nlp: Annotator) -> None:
    m = mention(nlp, "Er kwamen militairen uit Rusland naar Kazachstan.", "Rusland")
    assert (m.label, m.country, m.nationality) == ("LOC", "RU", False)


def test_all_caps_dateline_place_has_its_country(nlp: Annotator) -> None:
    m = mention(nlp, "DEN HAAG (ANP) - Het kabinet kwam gisteren bijeen.", "DEN HAAG")
    assert (m.label, m.country) == ("LOC", "NL")
    m = mention(nlp, "MOSKOU - De regering zweeg.", "MOSKOU")
    assert (m.label, m.country) == ("LOC", "RU")


def test_annotation_is_plain_sorted_data(nlp: Annotator) -> None:
    text = "President Tokajev van Kazachstan vroeg de CSTO om hulp.\n\nDe NAVO reageerde niet."
    (ann,) = nlp.annotate([text])
    assert isinstance(ann, Annotation)
    starts = [m.start for m in ann.mentions]
    assert starts == sorted(starts)
    for a, b in zip(ann.mentions, ann.mentions[1:]):
        assert a.end <= b.start
    for m in ann.mentions:
        assert text[m.start : m.end] == m.text
    assert [text[s:e] for s, e in ann.sentences] == [
        "President Tokajev van Kazachstan vroeg de CSTO om hulp.",
        "De NAVO reageerde niet.",
    ]


def test_tag_tokens_keeps_the_given_tokens(nlp: Annotator) -> None:
    sentences = [
        ["date", "2022-01"],
        ["De", "Kazachstaanse", "president", "Kassym-Jomart", "Tokajev", "sprak", "."],
        ["Tokajev", "vroeg", "de", "CSTO", "om", "hulp", "."],
    ]
    tags = nlp.tag_tokens(sentences)
    assert [len(t) for t in tags] == [2, 7, 7]
    assert tags[0] == ["O", "O"]
    assert tags[1] == ["O", "B-MISC", "O", "B-PER", "I-PER", "O", "O"]
    assert tags[2][0] == "B-PER" and tags[2][3] == "B-ORG"


def test_fingerprint_follows_knowledge(nlp: Annotator) -> None:
    def with_knowledge(knowledge: Knowledge | None) -> Annotator:
        return Annotator(nlp.nlp, nlp.pipeline_id, nlp.geo, knowledge)

    k1, k2 = Knowledge(fingerprint="aaa"), Knowledge(fingerprint="bbb")
    assert with_knowledge(k1).fingerprint != with_knowledge(k2).fingerprint
    assert with_knowledge(k1).fingerprint == with_knowledge(k1).fingerprint
    assert with_knowledge(k1).fingerprint != nlp.fingerprint
    assert with_knowledge(None).fingerprint == nlp.fingerprint


def test_fingerprint_follows_the_rules_code(tmp_path) -> None:
    """A changed rule refreshes every cached annotation by itself: the rules' code is part
    of the fingerprint (a version number bumped by hand was easy to forget)."""
    import shutil

    from sitegen.codehash import PACKAGE, rules_digest, rules_fingerprint
    from sitegen.nlp import RULES_VERSION

    copy = tmp_path / "sitegen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("model", "__pycache__", "themes"))
    assert rules_digest(copy) == rules_fingerprint() and rules_fingerprint() in RULES_VERSION
    (copy / "render" / "pages.py").write_text("# the site's pages, not a rule\n", encoding="utf-8")
    assert rules_digest(copy) == rules_fingerprint()
    for rule_file in ("nlp/rules.py", "geo/gazetteer.py"):
        edited = copy / rule_file
        original = edited.read_bytes()
        edited.write_bytes(original + b"\n# a changed rule\n")
        assert rules_digest(copy) != rules_fingerprint(), rule_file
        edited.write_bytes(original)


def test_fingerprint_follows_pipeline(nlp: Annotator) -> None:
    other = Annotator(nlp.nlp, nlp.pipeline_id + "-retrained", nlp.geo, None)
    assert other.fingerprint != nlp.fingerprint


def test_knowledge_aliases_and_never_tag() -> None:
    knowledge = Knowledge(
        actors=(
            KnownActor(
                name="Zorgverzekeraar Zilveren Kruis", label="ORG", aliases=("ZK",), country="NL"
            ),
        ),
        never_tag=("Paars",),
        fingerprint="k",
    )
    annotator = load_annotator("embedded", "nl", knowledge)
    found = ents(annotator, "Paars kan niet zonder ZK, zei Zorgverzekeraar Zilveren Kruis.")
    assert ("ZK", "ORG") in found
    assert ("Zorgverzekeraar Zilveren Kruis", "ORG") in found
    assert all(s != "Paars" for s, _ in found)
    assert mention(annotator, "Het gaat om ZK.", "ZK").country == "NL"


def test_a_surname_alias_does_not_cut_another_persons_name() -> None:
    knowledge = Knowledge(actors=(KnownActor(name="Alejandro Gómez", label="PER", aliases=("Gómez",)),),
                          fingerprint="g")
    annotator = load_annotator("embedded", "nl", knowledge)
    # "José" is a given name: "José Gómez" is someone else than the knowledge file's "Gómez"
    assert ents(annotator, "De Uruguayaanse spits José Gómez scoorde twee keer.")[-1] == ("José Gómez", "PER")
    assert ents(annotator, "Het was Hiroshi Gómez die won.") == [("Hiroshi Gómez", "PER")]
    assert ents(annotator, "Gisteren sprak Gómez met de pers.") == [("Gómez", "PER")]
    assert ents(annotator, "Minister Gómez zei niets.") == [("Gómez", "PER")]  # a title is no given name
    assert ents(annotator, "Volgens Alejandro Gómez groeit de economie.") == [("Alejandro Gómez", "PER")]


def test_a_person_span_cut_before_a_country_leaves_no_particle_behind() -> None:
    """The model reads "Tokajev van Kazachstan" as one name; the country is cut off, and so
    is the "van" that joined it (a name never ends in a lowercase word)."""
    from sitegen.nlp.lexicon import load_lexicon
    from sitegen.nlp.rules import Resolver
    from sitegen.nlp.shapes import LEXICON, MODEL, Candidate

    words = ["Ook", "president", "Tokajev", "van", "Kazachstan", "sprak", "zich", "uit", "."]
    country = Candidate(4, 5, "LOC", LEXICON)  # the gazetteer knows the country
    found = Resolver(load_lexicon()).resolve(words, [i == 0 for i in range(len(words))], [country],
                                             [Candidate(2, 5, "PER", MODEL)])
    assert [(" ".join(words[c.start:c.end]), c.label) for c in found] == [("Tokajev", "PER"), ("Kazachstan", "LOC")]


def test_a_text_longer_than_one_doc_is_annotated_in_pieces(nlp: Annotator, monkeypatch) -> None:
    """spaCy refuses a text over 1,000,000 characters (a pasted transcript crashed the
    build); a text over ``MAX_DOC_CHARS`` is cut at paragraph ends and put together again."""
    from sitegen.nlp import annotator

    paragraph = "Premier Mark Rutte sprak in Utrecht met de Kazachstaanse president Tokajev."
    text = "\n\n".join([paragraph] * 12)
    (alone,) = nlp.annotate([paragraph])
    monkeypatch.setattr(annotator, "MAX_DOC_CHARS", 3 * len(paragraph))
    short, (long,) = nlp.annotate([paragraph, text])[0], nlp.annotate([text])
    assert short == alone
    step = len(paragraph) + 2
    expected = [(m.start + k * step, m.end + k * step, m.label, m.text) for k in range(12) for m in alone.mentions]
    assert [(m.start, m.end, m.label, m.text) for m in long.mentions] == expected
    assert [text[m.start:m.end] for m in long.mentions] == [m.text for m in long.mentions]
    assert len(long.sentences) == 12 * len(alone.sentences)


def test_pieces_are_cut_at_breaks_and_cover_the_text() -> None:
    from sitegen.nlp.annotator import pieces_of

    text = "Een zin. Nog een zin.\n\nTweede alinea hier.\nMet een regel.\n\n" + "x" * 50
    pieces = list(pieces_of(text, 30))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 30 for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert pieces[0][1] == "Een zin. Nog een zin.\n\n"  # the paragraph end in reach, not the sentence end


@pytest.mark.parametrize(("text", "expected"), [
    ("Anderlecht - Lokeren 3-1.", [("Anderlecht", "ORG"), ("Lokeren", "ORG")]),
    ("Genk won zaterdag met 2-0 van Standard.", [("Genk", "ORG"), ("Standard", "ORG")]),
    ("In Lokeren won Moeskroen met 0-1.", [("Lokeren", "LOC"), ("Moeskroen", "ORG")]),
    ("Nederland won met 2-1 van België.", [("Nederland", "LOC"), ("België", "LOC")]),
    ("Gent ontvangt van 1-3 mei een congres.", [("Gent", "LOC")]),
    ("Genk kreeg een nieuwe burgemeester.", [("Genk", "LOC")]),
])
def test_a_town_in_a_match_result_is_its_club(nlp: Annotator, text: str, expected: list) -> None:
    """Sports pages name clubs after their towns; the gazetteer's place wins elsewhere."""
    assert ents(nlp, text) == expected


def test_a_compound_of_nationality_words_names_each_country(nlp: Annotator) -> None:
    text = ("De Russisch-Oekraïense oorlog en de Frans-Duitse as kwamen ter sprake, net als de "
            "Noord-Koreaanse raketten en de Afro-Amerikaanse kiezers.")
    (ann,) = nlp.annotate([text])
    found = [(m.text, m.label, m.country, m.nationality, text[m.start:m.end]) for m in ann.mentions]
    assert found[:4] == [("Russisch", "MISC", "RU", True, "Russisch"), ("Oekraïense", "MISC", "UA", True, "Oekraïense"),
                         ("Frans", "MISC", "FR", True, "Frans"), ("Duitse", "MISC", "DE", True, "Duitse")]
    (longer,) = nlp.annotate(["De Noord-Koreaans-Chinese grens en de Wit-Russisch-Poolse grens zijn dicht."])
    assert [(m.text, m.country) for m in longer.mentions if m.nationality] == [
        ("Noord-Koreaans", "KP"), ("Chinese", "CN"), ("Wit-Russisch", "BY"), ("Poolse", "PL")]
    # one nationality written with a hyphen stays whole; a part that is no country's keeps the compound
    assert ("Noord-Koreaanse", "MISC", "KP", True, "Noord-Koreaanse") in found
    assert all(m.text != "Afro" for m in ann.mentions)
    # the entity itself is one MISC span, as CoNLL marks it (and as the held-out scoring joins it back)
    assert entity_spans(ann.mentions, text)[:2] == [(3, 22, "MISC"), (36, 48, "MISC")]
    tags = nlp.tag_tokens([["De", "Russisch-Oekraïense", "oorlog", "duurt", "voort", "."]])
    assert tags == [["O", "B-MISC", "O", "O", "O", "O"]]


def test_a_country_code_in_brackets_after_a_name_is_the_athletes_country(nlp: Annotator) -> None:
    text = ("Uitslag: 1. Wout van Aert (Bel) 4:32:10, 2. Mathieu van der Poel (Ned) z.t., 3. Tadej Pogačar "
            "(Slo) z.t. Bij de vrouwen won Jutta Leerdam (NED) voor Miho Takagi (JPN). Het kuuroord (Spa) "
            "ligt in de Ardennen; de Verenigde Staten (VS) deden niet mee.")
    (ann,) = nlp.annotate([text])
    codes = [(m.text, m.label, m.country, m.nationality) for m in ann.mentions if m.text in
             ("Bel", "Ned", "Slo", "NED", "JPN", "VS")]
    assert codes == [("Bel", "LOC", "BE", True), ("Ned", "LOC", "NL", True), ("Slo", "LOC", "SI", True),
                     ("NED", "LOC", "NL", True), ("JPN", "LOC", "JP", True), ("VS", "LOC", "US", False)]
    assert all(m.country != "ES" for m in ann.mentions)  # a town after a common noun is no results code
    people = [m.text for m in ann.mentions if m.label == "PER"]
    assert people[:5] == ["Wout van Aert", "Mathieu van der Poel", "Tadej Pogačar", "Jutta Leerdam", "Miho Takagi"]
    tags = nlp.tag_tokens([["Wout", "van", "Aert", "(", "Bel", ")", "won", "."]])
    assert tags == [["B-PER", "I-PER", "I-PER", "O", "B-LOC", "O", "O", "O"]]


def test_a_nationality_noun_before_a_name_stays_apart_from_it(nlp: Annotator) -> None:
    text = ("De Sloveen Tadej Pogačar won voor de Belg Remco Evenepoel. De Noor Jens Stoltenberg sprak met "
            "Noor de Vries en Frans Timmermans, en met de Nederlandse Spoorwegen.")
    (ann,) = nlp.annotate([text])
    found = [(m.text, m.label, m.country) for m in ann.mentions]
    assert found[:6] == [("Sloveen", "MISC", "SI"), ("Tadej Pogačar", "PER", ""), ("Belg", "MISC", "BE"),
                         ("Remco Evenepoel", "PER", ""), ("Noor", "MISC", "NO"), ("Jens Stoltenberg", "PER", "")]
    # a given name is no nationality where no "de" goes before it
    assert ("Noor de Vries", "PER", "") in found and ("Frans Timmermans", "PER", "") in found


def test_a_noun_saying_what_kind_of_place_or_thing_types_the_name_after_it(nlp: Annotator) -> None:
    text = ("Vorige week bezocht hij het kamp Zaatari en de grensovergang Kerem Shalom. De gemeente Westland wil "
            "meer kassen. Er stroomt geen olie meer door de pijpleiding Keystone. Het vluchtelingenkamp Dadaab "
            "groeit. De grenspost Nieuweschans is dicht.")
    (ann,) = nlp.annotate([text])
    found = {(m.text, m.label) for m in ann.mentions}
    assert {("Zaatari", "LOC"), ("Kerem Shalom", "LOC"), ("Westland", "LOC"), ("Keystone", "MISC"),
            ("Dadaab", "LOC"), ("Nieuweschans", "LOC")} <= found


def test_a_line_up_of_surnames_is_people(nlp: Annotator) -> None:
    text = ("Opstelling PSV: Benitez; Karsdorp, Obispo, Boscagli, Dest; Schouten, Veerman, Saibari; Bakayoko, "
            "De Jong, Lozano. Aan tafel zaten Mark Rutte, Shell, Unilever en Emmanuel Macron.")
    (ann,) = nlp.annotate([text])
    found = [(m.text, m.label) for m in ann.mentions]
    players = ["Benitez", "Karsdorp", "Obispo", "Boscagli", "Dest", "Schouten", "Veerman", "Saibari", "Bakayoko",
               "De Jong", "Lozano"]
    assert [(name, "PER") for name in players] == found[1:12]  # one name each, a semicolon between two
    assert ("Shell", "ORG") in found and ("Unilever", "ORG") in found  # companies in a list of people stay


def test_a_noun_saying_what_kind_of_company_types_the_name_after_it_also_at_a_sentence_start(nlp: Annotator) -> None:
    text = ("Volgens projectontwikkelaar Bouwfonds Zuid is de grond vervuild. Zorgverzekeraar Menzis was kritisch. "
            "De woningcorporatie Portaal bouwt 200 huizen. Aannemer Heijmans kreeg de opdracht. Investeerder "
            "Prosus kocht aandelen.")
    (ann,) = nlp.annotate([text])
    found = [(m.text, m.label) for m in ann.mentions]
    assert found == [("Bouwfonds Zuid", "ORG"), ("Menzis", "ORG"), ("Portaal", "ORG"), ("Heijmans", "ORG"),
                     ("Prosus", "ORG")]
