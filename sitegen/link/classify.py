"""What one mention is before clustering: a country, a place, or a name (and which).

Countries and places are decided per mention from the gazetteer's country code; names get
their comparison key here, after the repairs that do not need the article: genitives
("Rutte's", "Poetins"), words an NER glued to a person ("Op Rutte"), the knowledge file's
canonical names, and the country of a generic institution ("het Russische ministerie").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..model import AnnotatedArticle, EntityLabel, Mention
from .lexicon import Lexicon
from .names import (
    clean_surface,
    name_key,
    strip_apostrophe_genitive,
    strip_leading_noise,
    tokens,
    without_legal_form,
)
from .tables import country_name_keys


class CountryNames:
    """Whether a name denotes the country itself, from every source of country names."""

    def __init__(
        self, country_name: Callable[[str], str], extra: Callable[[str], Iterable[str]] | None,
        place_name: Callable[[str, str], str] | None = None,
    ) -> None:
        self.country_name = country_name
        self.extra = extra
        self.place_name = place_name  # (surface, code) → the site language's name of a place, or ""
        self._keys: dict[str, frozenset[str]] = {}

    def label(self, code: str) -> str:
        return self.country_name(code) or code

    def keys(self, code: str) -> frozenset[str]:
        if code not in self._keys:
            names = {name_key(self.label(code))} | country_name_keys(code)
            if self.extra is not None:
                names |= {name_key(n) for n in self.extra(code)}
            self._keys[code] = frozenset(names)
        return self._keys[code]

    def is_country(self, key: str, code: str) -> bool:
        keys = self.keys(code)
        return key in keys or (key.endswith("s") and key[:-1] in keys)  # "Ruslands"


def person_vocabulary(
    articles: Sequence[AnnotatedArticle], lexicon: Lexicon,
    person_keys: Callable[[AnnotatedArticle], Iterable[str]] | None = None,
) -> tuple[frozenset[str], frozenset[str]]:
    """Person name keys of the corpus and the surnames (name endings) of its full names.

    Used to tell a genitive "Poetins" (stem "Poetin" is a known person) from a name that
    ends in -s ("Williams" is the surname of "Serena Williams"). ``person_keys``: an
    article's keys (``article_person_keys``), e.g. remembered from the last build.
    """
    keys = {lexicon.canonical_key.get(k, k) for k in lexicon.persons}
    for item in articles:
        keys.update(person_keys(item) if person_keys is not None else article_person_keys(item))
    surnames: set[str] = set()
    for key in keys:
        toks = tokens(key)
        if len(toks) > 1 and not (key.endswith("s") and key[:-1] in keys):
            surnames.update(" ".join(toks[i:]) for i in range(1, len(toks)))
    return frozenset(keys | surnames), frozenset(surnames)


def article_person_keys(item: AnnotatedArticle) -> frozenset[str]:
    """The name keys of one article's person mentions."""
    return frozenset(
        name_key(strip_leading_noise(strip_apostrophe_genitive(clean_surface(m.text))))
        for m in item.annotation.mentions if m.label == "PER"
    )


def classify(
    mention: Mention,
    lexicon: Lexicon,
    countries: CountryNames,
    vocabulary: frozenset[str],
    surnames: frozenset[str],
) -> tuple[str | None, str, bool, EntityLabel]:
    """(actor key or None when suppressed, display form, pinned, label) for one mention.

    The label is the mention's, except that a LOC the gazetteer does not know whose name
    is the surname of a person in the corpus ("Hoekstra", "Bidens") is linked as a person.
    """
    surface = clean_surface(mention.text)
    display = strip_apostrophe_genitive(surface)
    if mention.label == "PER":
        display = strip_leading_noise(display)
    key = name_key(display)
    if key in lexicon.never_tag or name_key(surface) in lexicon.never_tag or not surface:
        return None, display, False, mention.label
    code = mention.country.upper()
    if code and (
        mention.nationality or (mention.label != "PER" and countries.is_country(key, code))
    ):
        return "c:" + code, display, False, "LOC"
    pinned = lexicon.canonical_key.get(key)
    if pinned is not None:
        return "n:" + pinned, display, True, mention.label
    if mention.label == "LOC" and code:
        named = countries.place_name(display, code) if countries.place_name is not None else ""
        return "p:" + (name_key(named) if named else key), display, False, "LOC"  # "Moscow" is "Moskou"
    if mention.nationality and not code and countries.place_name is not None:
        # "Europese", "Europees" and "Europa" are one actor, as "Kazachstaanse" is Kazachstan
        region = countries.place_name(display, "")
        if region:
            return "n:" + name_key(region), region, False, "LOC"
    genitive = key.endswith("s") and key[:-1] in vocabulary and key not in surnames
    label = mention.label
    if label == "LOC" and (key in surnames or (genitive and key[:-1] in surnames)):
        label = "PER"
    if label == "PER" and genitive:
        key, display = key[:-1], display.removesuffix("s")  # "Poetins"
        pinned = lexicon.canonical_key.get(key)
        if pinned is not None:
            return "n:" + pinned, display, True, label
    if label != "PER":
        key = without_legal_form(key)  # "Duin Technologies NV" is "Duin Technologies"
    return "n:" + key, display, False, label


def generic_qualifiers(mentions: Sequence[Mention], text: str) -> dict[int | str, str]:
    """Countries of generic institutions: "het Russische ministerie van Buitenlandse Zaken".

    A lower-case organisation name is a kind of body every country has; the nationality
    word right before it says whose. Maps the mention position, and the name key when
    the article qualifies it with one country only, to that country's code.
    """
    found: dict[int | str, str] = {}
    per_key: dict[str, set[str]] = {}
    for i in range(1, len(mentions)):
        m, before = mentions[i], mentions[i - 1]
        if (
            m.label != "ORG"
            or not m.text[:1].islower()
            or not before.nationality
            or not before.country
        ):
            continue
        if text[before.end : m.start].strip():
            continue
        found[i] = before.country.upper()
        per_key.setdefault("n:" + name_key(clean_surface(m.text)), set()).add(found[i])
    for key, codes in per_key.items():
        if len(codes) == 1:
            found[key] = next(iter(codes))
    return found


def qualify(key: str, display: str, code: str | None, countries: CountryNames) -> tuple[str, str]:
    """``ministerie van Buitenlandse Zaken`` → ``ministerie van Buitenlandse Zaken (Rusland)``."""
    if not code or not key.startswith("n:") or not display[:1].islower():
        return key, display
    display = f"{display} ({countries.label(code)})"
    return "n:" + name_key(display), display
