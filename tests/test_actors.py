"""Actor resolution: every promise of ``resolve_actors`` on small hand-written articles.

Articles are written inline: ``[PER Mark Rutte]``, ``[LOC Almaty@KZ]`` (a place in a
country), ``[MISC Kazachstaanse@KZ!]`` (a nationality word).
"""

from __future__ import annotations

import hashlib
import re
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.link import resolve_actors
from sitegen.link.names import initials, strip_apostrophe_genitive
from sitegen.model import (
    ActorIndex,
    AnnotatedArticle,
    Annotation,
    ArticleDate,
    EntityLabel,
    Knowledge,
    KnownActor,
    Mention,
    SourceArticle,
)

COUNTRIES = {
    "KZ": "Kazachstan",
    "BY": "Belarus",
    "NL": "Nederland",
    "RU": "Rusland",
    "US": "Verenigde Staten",
}
_MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\]@]+?)(?:@([A-Z]{2})(!?))?\]")


def country_name(code: str) -> str:
    return COUNTRIES.get(code, code)


def article(marked: str, slug: str = "a") -> AnnotatedArticle:
    """Parse inline marks into an article whose mentions point into the plain text."""
    text, mentions, pos = "", [], 0
    for match in _MARK.finditer(marked):
        text += marked[pos : match.start()]
        label, surface, code, nationality = match.groups()
        label = cast(EntityLabel, label)
        mentions.append(
            Mention(
                len(text), len(text) + len(surface), label, surface, code or "", bool(nationality)
            )
        )
        text += surface
        pos = match.end()
    text += marked[pos:]
    source = SourceArticle(
        f"{slug}.txt",
        "seed",
        slug,
        slug,
        ArticleDate(2022, 1),
        "nl",
        text,
        hashlib.sha256(text.encode()).hexdigest(),
    )
    return AnnotatedArticle(source, Annotation(tuple(mentions)))


def resolve(*texts: str, knowledge: Knowledge | None = None) -> ActorIndex:
    articles = [article(t, f"a{i}") for i, t in enumerate(texts)]
    return resolve_actors(articles, knowledge or Knowledge(), country_name)


def ids(index: ActorIndex, article_no: int = 0) -> list[str]:
    return [r.actor_id for r in index.mentions[article_no]]


def id_of(index: ActorIndex, surface: str) -> set[str]:
    return {r.actor_id for row in index.mentions for r in row if r.mention.text == surface}


# --- persons -------------------------------------------------------------------------


def test_full_name_surname_and_genitives_are_one_person() -> None:
    index = resolve(
        "President [PER Kassym-Jomart Tokajev] sprak. Volgens president [PER Tokajev] is het rustig. "
        "[PER Tokajevs] plan. [PER Mark Rutte] en [PER Rutte's] kabinet. [PER Rutte] zweeg."
    )
    assert ids(index) == ["kassym-jomart-tokajev"] * 3 + ["mark-rutte"] * 3
    assert index.actors["kassym-jomart-tokajev"].name == "Kassym-Jomart Tokajev"
    assert index.actors["kassym-jomart-tokajev"].label == "PER"


def test_surname_links_to_the_corpus_full_name_when_it_is_unique() -> None:
    index = resolve("[PER Antony Blinken] reisde af.", "[PER Blinken] zei niets.")
    assert ids(index, 1) == ["antony-blinken"]


def test_surname_without_any_full_form_is_its_own_actor() -> None:
    index = resolve("[PER Blinken] zei niets.", "[PER Blinken] zweeg.")
    assert ids(index, 0) == ids(index, 1) == ["blinken"]
    assert index.actors["blinken"].name == "Blinken"


def test_surname_shared_by_two_corpus_people_stays_its_own_actor() -> None:
    index = resolve(
        "[PER Boris Johnson] trad af.", "[PER Dustin Johnson] won.", "[PER Johnson] zweeg."
    )
    assert ids(index, 2) == ["johnson"]
    assert {"boris-johnson", "dustin-johnson", "johnson"} <= set(index.actors)


def test_first_name_alone_is_not_linked_across_the_corpus_when_two_people_have_it() -> None:
    index = resolve(
        "[PER Mark Rutte] en [PER Mark].", "[PER Mark Zuckerberg] zweeg.", "[PER Mark] lachte."
    )
    assert ids(index, 0) == ["mark-rutte", "mark-rutte"]
    assert ids(index, 2) == ["mark"]


def test_first_name_alone_with_one_owner_in_the_corpus() -> None:
    index = resolve("[PER Mark Rutte] en [PER Mark].", "„[PER Mark] is een echte partner.”")
    assert ids(index, 1) == ["mark-rutte"]


def test_two_people_with_one_surname_in_one_article_stay_apart() -> None:
    index = resolve(
        "[PER Boris Johnson] speelde golf met [PER Dustin Johnson]. [PER Johnson] won. "
        "Later sprak [PER Boris Johnson]. [PER Johnson] verloor."
    )
    assert ids(index) == [
        "boris-johnson",
        "dustin-johnson",
        "dustin-johnson",
        "boris-johnson",
        "boris-johnson",
    ]


def test_ambiguous_surname_before_any_full_form_takes_the_first_one_after() -> None:
    index = resolve("[PER Johnson] begon. [PER Dustin Johnson] en [PER Boris Johnson] speelden.")
    assert ids(index) == ["dustin-johnson", "dustin-johnson", "boris-johnson"]


def test_surname_before_its_full_form_in_the_article() -> None:
    index = resolve("[PER Blinken] landde. Later sprak [PER Antony Blinken].")
    assert ids(index) == ["antony-blinken", "antony-blinken"]


def test_particles_and_sentence_initial_capital() -> None:
    index = resolve(
        "[PER Caroline van der Plas] won. [PER Van der Plas] was blij.", "[PER Van der Plas] sprak."
    )
    assert (
        ids(index, 0) == ids(index, 1) + ["caroline-van-der-plas"] == ["caroline-van-der-plas"] * 2
    )


def test_first_name_and_family_name_first_within_an_article() -> None:
    index = resolve(
        "[PER Mark Rutte] vertrekt. „[PER Mark] is een echte partner.” [PER Xi Jinping] en [PER Xi]."
    )
    assert ids(index) == ["mark-rutte", "mark-rutte", "xi-jinping", "xi-jinping"]


def test_canonical_name_is_the_longest_full_form() -> None:
    index = resolve(
        "[PER Lula da Silva] won. [PER Lula] juichte.",
        "[PER Luiz Inácio Lula da Silva] werd ingehuldigd.",
    )
    assert set(ids(index, 0)) == {"luiz-inacio-lula-da-silva"}
    assert index.actors["luiz-inacio-lula-da-silva"].name == "Luiz Inácio Lula da Silva"


def test_name_ties_go_to_the_most_frequent_then_alphabetical_form() -> None:
    index = resolve(
        "[PER Recep Tayyip Erdogan]", "[PER Recep Tayyip Erdoğan]", "[PER Recep Tayyip Erdoğan]"
    )
    assert index.actors["recep-tayyip-erdogan"].name == "Recep Tayyip Erdoğan"
    index = resolve("[PER Recep Tayyip Erdogan]", "[PER Recep Tayyip Erdoğan]")
    assert index.actors["recep-tayyip-erdogan"].name == "Recep Tayyip Erdogan"


def test_genitive_s_is_kept_when_it_belongs_to_the_name() -> None:
    index = resolve("[PER Serena Williams] won. [PER Williams] juichte.", "[PER William] lachte.")
    assert ids(index, 0) == ["serena-williams"] * 2
    assert ids(index, 1) == ["william"]


def test_title_or_sentence_word_glued_to_a_name_by_the_ner() -> None:
    index = resolve(
        "[PER Mark Rutte] sprak. [PER Op Rutte] wacht werk. [PER Premier Rutte] lachte."
    )
    assert set(ids(index)) == {"mark-rutte"}


def test_unknown_place_named_like_a_persons_surname_is_that_person() -> None:
    index = resolve("[PER Joe Biden] sprak.", "[LOC Bidens] ministers en [LOC Biden] zelf.")
    assert ids(index, 1) == ["joe-biden", "joe-biden"]
    assert index.actors["joe-biden"].label == "PER"


def test_majority_label_wins() -> None:
    index = resolve("[PER Tokajev] sprak.", "[PER Tokajev] zweeg.", "[ORG Tokajev] reageerde.")
    assert set(ids(index, 2)) == {"tokajev"}
    assert index.actors["tokajev"].label == "PER"


# --- organisations -------------------------------------------------------------------


def test_a_company_with_and_without_its_legal_form_is_one_actor() -> None:
    index = resolve("[ORG Duin Technologies NV] kocht [ORG Vector Staal B.V.].",
                    "[ORG Duin Technologies] groeit; [ORG Vector Staal] niet. [ORG Shell plc] en [ORG Shell].",
                    "Het [ORG Duin Technologies N.V.]-bestuur. De [ORG NV] van [ORG SA].")
    assert ids(index, 0) == ["duin-technologies", "vector-staal"]
    assert ids(index, 1) == ["duin-technologies", "vector-staal", "shell", "shell"]
    assert ids(index, 2)[0] == "duin-technologies"
    assert index.actors["duin-technologies"].name == "Duin Technologies"  # the name without the form
    assert set(index.actors["duin-technologies"].aliases) >= {"Duin Technologies NV", "Duin Technologies N.V."}
    assert {"nv", "sa"} <= set(ids(index, 2))  # a legal form alone stays what it is


def test_builtin_dutch_acronyms_of_international_organisations() -> None:
    index = resolve(
        "De [ORG EU] en de [ORG VN] en de [ORG NAVO].",
        "De [ORG Europese Unie], de [ORG Verenigde Naties], de [ORG Noord-Atlantische Verdragsorganisatie].",
    )
    assert (
        ids(index, 0)
        == ids(index, 1)
        == [
            "europese-unie",
            "verenigde-naties",
            "noord-atlantische-verdragsorganisatie",
        ]
    )
    assert index.actors["europese-unie"].aliases == ("EU",)


def test_acronym_defined_in_parentheses_holds_for_article_and_corpus() -> None:
    index = resolve(
        "Strijders van het [ORG Arakan Rohingya Salvation Army] ([ORG ARSA]) vielen aan. De [ORG ARSA] ontkent.",
        "Het [ORG ARSA] zweeg.",
    )
    assert set(ids(index, 0)) | set(ids(index, 1)) == {"arakan-rohingya-salvation-army"}


def test_acronym_definition_without_a_tagged_acronym() -> None:
    index = resolve(
        "De [ORG Organisatie voor Veiligheid en Samenwerking in Europa] (OVSE) kijkt mee.",
        "De [ORG OVSE] rapporteert.",
    )
    assert ids(index, 1) == ["organisatie-voor-veiligheid-en-samenwerking-in-europa"]


def test_misspelt_full_name_joins_the_builtin_one_through_its_acronym() -> None:
    index = resolve(
        "de [ORG Collectieve Veiligheidsverdragorganisatie] ([ORG CSTO]) stuurt troepen.",
        "De [ORG Collectieve Veiligheidsverdragsorganisatie] vergadert.",
    )
    assert (
        set(ids(index, 0)) == set(ids(index, 1)) == {"collectieve-veiligheidsverdragsorganisatie"}
    )


def test_a_party_after_a_person_is_not_an_acronym_of_that_person() -> None:
    index = resolve("[PER Mark Rutte] ([ORG VVD]) sprak.", "De [ORG VVD] won.")
    assert ids(index, 0) == ["mark-rutte", "volkspartij-voor-vrijheid-en-democratie"]
    assert ids(index, 1) == ["volkspartij-voor-vrijheid-en-democratie"]


def test_a_news_agency_after_a_dateline_is_not_an_acronym_of_the_place() -> None:
    index = resolve("[LOC DEN DORP] ([ORG ANP]) - Het kabinet zweeg.", "Het [ORG ANP] meldt het.")
    assert ids(index, 0)[1] == ids(index, 1)[0] != ids(index, 0)[0]
    index = resolve("De [LOC Zuidelijke Nieuwe Provincies] (ZNP) stemden. In de [LOC ZNP] regent het.")
    assert len(set(ids(index))) == 1  # a place still takes the acronym that spells it


def test_a_known_acronym_is_not_redefined_by_a_mis_tagged_person() -> None:
    index = resolve("[ORG Wopke Hoekstra] ([ORG CDA]) sprak.")
    assert ids(index) == ["wopke-hoekstra", "christen-democratisch-appel"]


def test_mis_tagged_organisation_still_takes_its_acronym() -> None:
    index = resolve(
        "De [PER Rapid Support Forces] ([ORG RSF]) vochten. De [ORG RSF] trokken zich terug."
    )
    assert set(ids(index)) == {"rapid-support-forces"}
    assert index.actors["rapid-support-forces"].label == "ORG"


def test_undefined_acronym_joins_the_organisation_it_spells() -> None:
    index = resolve(
        "Het [ORG Internationaal Strafgerechtshof Voor Kinderen] oordeelde. Het [ORG ISVK] zweeg."
    )
    assert len(set(ids(index))) == 1
    assert initials("BoerBurgerBeweging") >= {"BBB"}


def test_shortened_organisation_name_within_an_article_only() -> None:
    index = resolve(
        "Het [ORG Congres van de Verenigde Staten] stemde. Het [ORG Congres] nam de wet aan.",
        "Het [ORG Congres] van de partij begint.",
    )
    assert ids(index, 0) == ["congres-van-de-verenigde-staten"] * 2
    assert ids(index, 1) == ["congres"]


def test_organisation_is_not_shortened_before_it_is_named_in_full() -> None:
    index = resolve(
        "De [ORG Veiligheidsraad] stemde. Later sprak de [ORG Nationale Veiligheidsraad]."
    )
    assert ids(index) == ["veiligheidsraad", "nationale-veiligheidsraad"]


def test_generic_ministry_is_qualified_by_its_nationality_word() -> None:
    index = resolve(
        "Het [MISC Russische@RU!] [ORG ministerie van Buitenlandse Zaken] reageerde. Het [ORG ministerie van "
        "Buitenlandse Zaken] zweeg.",
        "Het [MISC Nederlandse@NL!] [ORG ministerie van Buitenlandse Zaken] belde.",
    )
    assert ids(index, 0)[1:] == ["ministerie-van-buitenlandse-zaken-rusland"] * 2
    assert ids(index, 1)[1:] == ["ministerie-van-buitenlandse-zaken-nederland"]
    assert index.actors["ministerie-van-buitenlandse-zaken-rusland"].name == (
        "ministerie van Buitenlandse Zaken (Rusland)"
    )


# --- countries and places ------------------------------------------------------------


def test_nationality_words_and_country_names_resolve_to_the_country() -> None:
    index = resolve(
        "De [MISC Kazachstaanse@KZ!] president bezocht [LOC Kazachstan@KZ] en [LOC Almaty@KZ].",
        "[LOC Wit-Rusland@BY], ofwel [LOC Belarus@BY]; de [MISC Wit-Russische@BY!] leider. [LOC Ruslands@RU] rol.",
    )
    assert ids(index, 0) == ["kazachstan", "kazachstan", "almaty"]
    assert ids(index, 1) == ["belarus", "belarus", "belarus", "rusland"]
    kz = index.actors["kazachstan"]
    assert (kz.name, kz.label, kz.country) == ("Kazachstan", "LOC", "KZ")
    almaty = index.actors["almaty"]
    assert (almaty.label, almaty.country) == ("LOC", "KZ")
    assert index.actors["belarus"].aliases == ("Wit-Rusland",)  # nationality words are not aliases


def test_a_nationality_word_of_no_country_is_named_as_written() -> None:
    """"Afrikaanse" names a continent, not a country: its own actor, named as the text
    writes it, not by its lower-case key (the actor pages showed "afrikaanse")."""
    text = "De eerste Arabische en Afrikaanse vrouw in een finale."
    words = [("Arabische", text.index("Arabische")), ("Afrikaanse", text.index("Afrikaanse"))]
    mentions = tuple(Mention(at, at + len(w), "MISC", w, "", True) for w, at in words)
    source = SourceArticle("a.txt", "seed", "a", "a", ArticleDate(2022, 1), "nl", text, "h")
    index = resolve_actors([AnnotatedArticle(source, Annotation(mentions))], Knowledge(), country_name)
    assert [(index.actors[r.actor_id].name, index.actors[r.actor_id].label) for r in index.mentions[0]] == [
        ("Arabische", "MISC"), ("Afrikaanse", "MISC")]


def test_a_nationality_word_of_a_region_is_that_region() -> None:
    """"Europese" and "Europees" name Europa, as "Kazachstaanse" names Kazachstan: one
    actor, the region, named as the gazetteer names it (``Gazetteer.place_name``)."""
    from sitegen.geo import load_gazetteer

    gazetteer = load_gazetteer("nl")
    text = "De Europese leiders en het Europees parlement spraken over Europa en de Koerdische regio."
    words = [("Europese", "MISC", True), ("Europees", "MISC", True), ("Europa", "LOC", False),
             ("Koerdische", "MISC", True)]
    mentions = tuple(Mention(text.index(w), text.index(w) + len(w), label, w, "", nat) for w, label, nat in words)
    source = SourceArticle("a.txt", "seed", "a", "a", ArticleDate(2022, 1), "nl", text, "h")
    index = resolve_actors([AnnotatedArticle(source, Annotation(mentions))], Knowledge(), country_name,
                           place_name=gazetteer.place_name)
    assert ids(index) == ["europa", "europa", "europa", "koerdistan"]
    assert (index.actors["europa"].name, index.actors["europa"].label) == ("Europa", "LOC")
    assert (index.actors["koerdistan"].name, index.actors["koerdistan"].label) == ("Koerdistan", "LOC")


def test_a_person_named_like_a_country_stays_a_person() -> None:
    index = resolve("[PER Georgia@US] zong.")
    assert index.actors[ids(index)[0]].label == "PER"


def test_id_collision_between_different_actors_is_resolved_by_label() -> None:
    index = resolve("[PER Georgia] zong.", "Ze woont in [LOC Georgia@US].")
    assert ids(index, 0) == ["georgia"]
    assert ids(index, 1) == ["georgia-loc"]
    assert index.actors["georgia-loc"].country == "US"


def test_ids_do_not_change_when_an_unrelated_article_is_added() -> None:
    texts = [
        "[PER Antony Blinken] en [ORG EU].",
        "[PER Blinken] in [LOC Almaty@KZ].",
        "[PER Georgia] zong.",
    ]
    before = resolve(*texts)
    after = resolve(*texts, "[PER Olaf Scholz] en de [ORG Bundestag] in [LOC Berlijn@DE].")
    assert {k: v for k, v in after.actors.items() if k in before.actors} == before.actors
    assert after.mentions[: len(texts)] == before.mentions


# --- knowledge -----------------------------------------------------------------------


def test_knowledge_aliases_metadata_and_never_tag() -> None:
    knowledge = Knowledge(
        actors=(
            KnownActor(
                "Mohamed Hamdan Dagalo", "PER", ("Hemedti",), "Leider van de RSF.", "Q123", "SD"
            ),
        ),
        never_tag=("Lees ook",),
    )
    index = resolve(
        "[PER Hemedti] sprak. [MISC Lees ook]: iets. [PER Dagalo] zweeg.", knowledge=knowledge
    )
    assert ids(index) == ["mohamed-hamdan-dagalo", "mohamed-hamdan-dagalo"]
    assert [r.mention.text for r in index.mentions[0]] == ["Hemedti", "Dagalo"]
    actor = index.actors["mohamed-hamdan-dagalo"]
    assert (actor.description, actor.external_id, actor.country) == (
        "Leider van de RSF.",
        "Q123",
        "SD",
    )
    assert actor.aliases == ("Dagalo", "Hemedti")


def test_a_surname_alias_is_another_bearers_short_form_where_the_article_names_them() -> None:
    knowledge = Knowledge(actors=(KnownActor("Alejandro Gómez", "PER", ("Gómez",), "Analist."),))
    index = resolve(
        "De spits [PER José Gómez] is ontslagen. [PER Gómez] was verrast.",  # someone else, named in full
        "[PER Gómez] sprak over de begroting.",  # the surname alone: the knowledge file's actor
        "Volgens [PER Alejandro Gómez] groeit de economie. [PER Gómez] verwacht banen.",
        "[PER Alejandro Gómez] en [PER José Gómez] spraken. Daarna zei [PER Gómez] niets.",  # the nearest
        knowledge=knowledge,
    )
    assert ids(index, 0) == ["jose-gomez", "jose-gomez"]
    assert ids(index, 1) == ["alejandro-gomez"]
    assert ids(index, 2) == ["alejandro-gomez", "alejandro-gomez"]
    assert ids(index, 3) == ["alejandro-gomez", "jose-gomez", "jose-gomez"]


def test_knowledge_merge_joins_spelling_variants() -> None:
    knowledge = Knowledge(
        merges=(
            (
                "Collectieve Veiligheidsverdragorganisatie",
                "Collectieve Veiligheidsverdragsorganisatie",
            ),
        )
    )
    index = resolve(
        "De [ORG Collectieve Veiligheidsverdragorganisatie] vergaderde.", knowledge=knowledge
    )
    assert ids(index) == ["collectieve-veiligheidsverdragsorganisatie"]


def test_knowledge_wins_over_the_builtin_table_and_heuristics() -> None:
    knowledge = Knowledge(actors=(KnownActor("NAVO", "ORG", ("NATO",), "Het bondgenootschap."),))
    index = resolve(
        "De [ORG NAVO] en de [ORG Noord-Atlantische Verdragsorganisatie].", knowledge=knowledge
    )
    assert ids(index) == ["navo", "navo"]
    assert index.actors["navo"].description == "Het bondgenootschap."


def test_split_keeps_a_bare_surname_ambiguous_across_the_corpus() -> None:
    texts = ("[PER Boris Johnson] trad af.", "[PER Johnson] zweeg.")
    assert ids(resolve(*texts), 1) == ["boris-johnson"]
    knowledge = Knowledge(splits=(("Boris Johnson", "Dustin Johnson"),))
    assert ids(resolve(*texts, knowledge=knowledge), 1) == ["johnson"]


def test_knowledge_place_keeps_its_country_and_aliases() -> None:
    knowledge = Knowledge(actors=(KnownActor("Kyiv", "LOC", ("Kiev",)),))
    index = resolve("In [LOC Kiev@UA] en [LOC Kyiv@UA].", knowledge=knowledge)
    assert ids(index) == ["kyiv", "kyiv"]
    assert (index.actors["kyiv"].country, index.actors["kyiv"].aliases) == ("UA", ("Kiev",))


def test_knowledge_country_actor_metadata() -> None:
    knowledge = Knowledge(
        actors=(KnownActor("Kazachstan", "LOC", (), "Land in Centraal-Azië.", "Q232", "KZ"),)
    )
    index = resolve("De [MISC Kazachstaanse@KZ!] regering.", knowledge=knowledge)
    assert index.actors["kazachstan"].description == "Land in Centraal-Azië."


# --- shape of the result -------------------------------------------------------------


def test_actors_are_sorted_and_mentions_keep_input_order() -> None:
    index = resolve("[ORG VN] en [PER Antony Blinken] en [LOC Almaty@KZ].")
    assert list(index.actors) == sorted(index.actors)
    assert [r.mention.text for r in index.mentions[0]] == ["VN", "Antony Blinken", "Almaty"]
    assert all(actor_id == index.actors[actor_id].id for actor_id in index.actors)


def test_strip_apostrophe_genitive() -> None:
    assert strip_apostrophe_genitive("Rutte's") == "Rutte"
    assert strip_apostrophe_genitive("Rutte’s") == "Rutte"
    assert strip_apostrophe_genitive("Kamala Harris'") == "Kamala Harris"
    assert strip_apostrophe_genitive("Poetin") == "Poetin"


POOL = [
    "[PER Boris Johnson] speelde met [PER Dustin Johnson]. [PER Johnson] won.",
    "[PER Johnson] zweeg.",
    "[PER Antony Blinken] en de [ORG EU] in [LOC Kazachstan@KZ].",
    "[PER Blinken] sprak met de [MISC Kazachstaanse@KZ!] president [PER Tokajev].",
    "President [PER Kassym-Jomart Tokajev] vroeg de [ORG Collectieve Veiligheidsverdragorganisatie] ([ORG CSTO]).",
    "De [ORG CSTO] en de [ORG Europese Unie]. [PER Tokajevs] plan.",
    "[PER Georgia] zong in [LOC Georgia@US].",
    "[PER Lula] won. [PER Lula da Silva] juichte.",
    "[PER Luiz Inácio Lula da Silva] en [PER Silva].",
    "[PER Caroline van der Plas] en [PER Van der Plas].",
    "[LOC Wit-Rusland@BY] en [LOC Belarus@BY].",
    "[LOC Bidens] ministers en [PER Joe Biden]. [ORG Wopke Hoekstra] ([ORG CDA]).",
    "De [MISC Russische@RU!] [ORG ministerie van Defensie] en het [ORG ministerie van Defensie].",
    "[PER Mark Rutte] en [PER Mark]. [PER Mark Zuckerberg].",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_resolution_does_not_depend_on_article_order(picks: list[int], rnd: object) -> None:
    order = list(range(len(picks)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    first = resolve(*(POOL[p] for p in picks))
    second = resolve(*(POOL[picks[i]] for i in order))
    assert first.actors == second.actors
    assert list(first.actors) == list(second.actors)
    for new_position, old_position in enumerate(order):
        assert second.mentions[new_position] == first.mentions[old_position]


def _varied_corpus(seed: int, n: int) -> list[AnnotatedArticle]:
    """Articles mixing full names, surnames, genitives, acronyms, places and demonyms."""
    import random

    rng = random.Random(seed)
    first = ["Jan", "Anna", "Mark", "Sanne", "Boris", "Kassym-Jomart"]
    last = ["Peeters", "Rutte", "Johnson", "de Vries", "Tokajev", "Williams"]
    pieces = [
        lambda: f"[PER {rng.choice(first)} {rng.choice(last)}] sprak.",
        lambda: f"[PER {rng.choice(last)}] reageerde.",
        lambda: f"Volgens [PER {rng.choice(last)}s] woordvoerder.",
        lambda: "De [ORG Organisatie voor Veiligheid en Samenwerking in Europa] ([ORG OVSE]) vergaderde.",
        lambda: "De [ORG OVSE] zweeg.",
        lambda: f"In [LOC {rng.choice(['Astana', 'Utrecht', 'Williams'])}@{rng.choice(['KZ', 'NL', ''])}] regende het.",
        lambda: "[MISC Kazachse@KZ!] boeren protesteerden.",
        lambda: f"[LOC {rng.choice(['Rusland', 'Kazachstan'])}@{rng.choice(['RU', 'KZ'])}] reageerde.",
    ]
    return [article(" ".join(rng.choice(pieces)() for _ in range(rng.randint(1, 9))), f"a{i}") for i in range(n)]


def test_reading_half_the_articles_in_a_forked_child_changes_nothing(monkeypatch):
    from sitegen.forked import Forked, can_fork
    from sitegen.link import actors

    if not can_fork():
        return
    answers = []
    result = Forked.result
    monkeypatch.setattr(Forked, "result", lambda self: answers.append(result(self)) or answers[-1])
    for seed in (1, 2):
        corpus = _varied_corpus(seed, 120)
        monkeypatch.setattr(actors, "PARALLEL_LINK_MIN", 10**9)
        serial = resolve_actors(corpus, Knowledge(), country_name)
        monkeypatch.setattr(actors, "PARALLEL_LINK_MIN", 2)
        forked = resolve_actors(corpus, Knowledge(), country_name)
        assert list(forked.actors.items()) == list(serial.actors.items())
        assert forked.mentions == serial.mentions
        assert len(serial.actors) > 10 and any(a.label == "ORG" for a in serial.actors.values())
    assert len(answers) == 2 and None not in answers  # the child did read its half


def test_a_place_is_one_actor_in_every_language_under_the_sites_name_for_it():
    """An English article's "Moscow" is the Dutch articles' "Moskou" (the site gazetteer
    names places like countries), and a place only ever written in English still gets
    the site's name; a place the gazetteer does not know keeps its own."""
    from sitegen.geo import load_gazetteer

    gazetteer = load_gazetteer("nl")
    texts = ["In [LOC Moskou@RU] sprak de minister.", "The minister spoke in [LOC Moscow@RU].",
             "They flew on to [LOC London@GB] and [LOC Zjanakorgan@KZ]."]
    articles = [article(t, f"a{i}") for i, t in enumerate(texts)]
    index = resolve_actors(articles, Knowledge(), gazetteer.country_name, place_name=gazetteer.place_name)
    assert ids(index, 0) == ids(index, 1) == ["moskou"]
    assert index.actors["moskou"].name == "Moskou" and index.actors["moskou"].country == "RU"
    assert [index.actors[a].name for a in ids(index, 2)] == ["Londen", "Zjanakorgan"]
    alone = resolve_actors(articles[1:], Knowledge(), gazetteer.country_name, place_name=gazetteer.place_name)
    assert [alone.actors[a].name for a in ids(alone, 0)] == ["Moskou"]
    assert gazetteer.place_name("Moscow", "US") == ""  # a place in another country is not this one
