"""The runtime gazetteer: surface form -> country, place, region, nationality or continent.

Every build and every worker process loads it, so it reads one shipped JSON file
(``data/gazetteer_nl.json``, made by ``scripts/build_geo_data.py``) and imports nothing
heavy. Other site languages get what Babel/CLDR knows for that locale (country and
continent names) without the Dutch supplement; that path also works offline.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

PlaceKind = Literal["country", "place", "region", "nationality", "continent"]

DATA_DIR = Path(__file__).with_name("data")
SHIPPED_LANG = "nl"
# Two-letter CLDR territory keys that are not countries (EU, UN, "unknown region", ...).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "ZZ"})


@dataclass(frozen=True, slots=True)
class Place:
    """What one surface form denotes.

    ``code`` is the ISO 3166-1 alpha-2 code of the country the surface form is or lies in
    ("" for Europa, Europese, Koerdistan). ``canonical`` names the actor it denotes: the
    country's name for countries and nationality words ("Kazachstaanse" -> "Kazachstan"),
    the place's own name for cities and regions.
    """

    surface: str
    code: str
    kind: PlaceKind
    canonical: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Read-only lookups over one language's surface forms.

    ``fingerprint`` changes whenever the data changes; it is part of the NLP cache key.
    """

    lang: str
    fingerprint: str
    places: Mapping[str, Place] = field(repr=False)
    countries: Mapping[str, tuple[str, str]] = field(repr=False)  # code -> (name, continent)
    continent_labels: Mapping[str, str] = field(repr=False)
    _upper: Mapping[str, Place] = field(repr=False, default_factory=dict)

    def lookup(self, surface: str) -> Place | None:
        """The place ``surface`` denotes, matched exactly.

        The one tolerance is for ALL-CAPS text (headlines, "MOSKOU"): it is matched without
        case. Other case differences are meaningful in Dutch ("Polen" the country, "polen"
        the verb), and the genitive is left to the caller.
        """
        place = self.places.get(surface)
        if place is None and is_all_caps_name(surface):
            place = self._upper.get(surface)
        return place

    def place_name(self, surface: str, code: str) -> str:
        """What this language calls the city or region ``surface`` in country ``code``
        ("Moscow", "RU" → "Moskou" in Dutch), or "" if it knows no such place: an English
        article's "Moscow" and a Dutch one's "Moskou" are one place on the site. With no
        country (``code`` ""), also the region a nationality word of no country names
        ("Europese" → "Europa", "Koerdische" → "Koerdistan"), as "Kazachstaanse" names
        Kazachstan."""
        place = self.lookup(surface)
        if place is None or place.code != code:
            return ""
        if place.kind in ("place", "region") or (place.kind == "nationality" and not code):
            return place.canonical
        return ""

    def entries(self) -> Iterator[Place]:
        """Every surface form, sorted, e.g. for spaCy PhraseMatcher/EntityRuler patterns."""
        for surface in sorted(self.places):
            yield self.places[surface]

    def country_name(self, code: str) -> str:
        """The country's name in the site language ("US" -> "Verenigde Staten").

        An unknown code comes back unchanged, so a typo in an override stays visible on
        the page instead of vanishing.
        """
        entry = self.countries.get(code)
        return entry[0] if entry else code

    def region(self, code: str) -> str:
        """The continent label of a country in the site language ("KZ" -> "Azië"); "" if unknown."""
        entry = self.countries.get(code)
        return self.continent_labels.get(entry[1], "") if entry else ""

    def flag(self, code: str) -> str:
        """The emoji flag of an ISO alpha-2 code (two regional indicator symbols); "" if invalid."""
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            return ""
        return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


def is_all_caps_name(surface: str) -> bool:
    """A name written in capitals ("MOSKOU", "DEN HAAG"), looked up without case; shorter
    capitals are acronyms ("VS", "EU"), which are names of their own."""
    return len(surface) > 3 and surface.isupper()


def data_file(lang: str = SHIPPED_LANG) -> Path:
    """Path of the shipped data file of ``lang``."""
    return DATA_DIR / f"gazetteer_{lang}.json"


@lru_cache(maxsize=8)
def load_gazetteer(lang: str = "nl") -> Gazetteer:
    """The gazetteer of a site language; cached per process, since it is immutable.

    Dutch reads the shipped file; other languages are built from Babel's names for that
    locale plus the language-neutral facts (continent of each country) of the shipped file.
    """
    raw = data_file(SHIPPED_LANG).read_bytes()
    data = json.loads(raw)
    fingerprint = hashlib.sha256(raw).hexdigest()[:16]
    countries = {code: (name, continent) for code, (name, continent) in data["countries"].items()}
    if lang == SHIPPED_LANG:
        places = {
            s: Place(s, code, kind, canonical) for s, code, kind, canonical in data["entries"]
        }
        return _gazetteer(lang, fingerprint, places, countries, data["continent_labels"])
    cities = sorted({s: code for s, code, kind, _ in data["entries"] if kind == "place"}.items())
    return _babel_gazetteer(lang, fingerprint, countries, cities)


def _gazetteer(
    lang: str,
    fingerprint: str,
    places: dict[str, Place],
    countries: dict[str, tuple[str, str]],
    continent_labels: Mapping[str, str],
) -> Gazetteer:
    upper: dict[str, Place] = {}
    # Countries first, so "GEORGIA" is the country (or US state) the exact form would give.
    for place in sorted(places.values(), key=lambda p: (p.kind != "country", p.surface)):
        upper.setdefault(place.surface.upper(), place)
    return Gazetteer(lang, fingerprint, places, countries, dict(continent_labels), upper)


def nationality_words(lang: str) -> list[tuple[str, str]]:
    """(word, ISO code) of ``data/nationality_<lang>.toml``: demonyms, which CLDR lacks
    ("German" → DE); none for a language without such a file."""
    table = _language_table("nationality", lang)
    return [(word, code) for code, entry in sorted(table.items())
            for word in (*entry.get("adj", ()), *entry.get("people", ()))]


def place_words(lang: str) -> list[tuple[str, str]]:
    """(name, ISO code) of ``data/places_<lang>.toml``: what ``lang`` calls cities the
    shipped gazetteer knows by other names ("Wien" → AT); none without such a file."""
    return [(name, code) for code, names in sorted(_language_table("places", lang).items()) for name in names]


def _language_table(kind: str, lang: str) -> dict:
    """The ``kind`` table of ``data/<kind>_<lang>.toml``, sitegen's own facts for a language
    CLDR does not cover; empty for the shipped language (its file has them) or no file."""
    path = DATA_DIR / f"{kind}_{lang}.toml"
    if lang == SHIPPED_LANG or not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))[kind]


def _babel_gazetteer(
    lang: str, base_fingerprint: str, countries: dict[str, tuple[str, str]], cities: list[tuple[str, str]] = ()
) -> Gazetteer:
    """Country and continent names of ``lang`` from CLDR, and the shipped file's cities
    (GeoNames names, "London", "Liège", and Dutch exonyms, which other languages do not
    write) with ``lang``'s own names for them if sitegen has them (``place_words``), each
    its own canonical name, and the nationality words of ``lang`` if sitegen has them
    (``nationality_words``); no regions."""
    import babel
    from babel import Locale, UnknownLocaleError

    from sitegen.geo.build import continent_labels as cldr_continent_labels

    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"no country names for site language {lang!r}: {exc}") from exc
    names: dict[str, tuple[str, str]] = {}
    places: dict[str, Place] = {}
    for key, label in sorted(territories.items()):
        if key.isdigit():
            places.setdefault(label, Place(label, "", "continent", label))
        elif len(key) == 2 and key.isalpha() and key not in _NOT_COUNTRIES:
            continent = countries.get(key, ("", ""))[1]
            names[key] = (label, continent)
            places[label] = Place(label, key, "country", label)
    own_names = place_words(lang)
    for surface, code in (*cities, *own_names):
        places.setdefault(surface, Place(surface, code, "place", surface))
    words = nationality_words(lang)
    for surface, code in words:
        if code in names:
            places.setdefault(surface, Place(surface, code, "nationality", names[code][0]))
    digest = hashlib.sha256(f"{base_fingerprint}|{lang}|{babel.__version__}|cities|{words}|{own_names}"
                            .encode()).hexdigest()
    return _gazetteer(lang, digest[:16], places, names, cldr_continent_labels(lang))
