"""Adapter from ``sitegen.geo`` (countries, places, demonyms with ISO codes) to NER terms.

The geo gazetteer is owned by another module; this file is the only place that knows its
API, so the NLP code sees plain ``GeoTerm`` values: a surface form, our entity label
(LOC for places, MISC for nationality words), the ISO code and the nationality flag.
When ``sitegen.geo`` is not importable (an older checkout) the adapter returns an empty
index with a fixed fingerprint, so the pipeline still runs with the other rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.model import EntityLabel


@dataclass(frozen=True, slots=True)
class GeoTerm:
    surface: str
    label: EntityLabel
    country: str
    nationality: bool
    kind: str = "place"  # country | place | region | nationality | continent


@dataclass(frozen=True, slots=True)
class GeoIndex:
    """Surface form → term, plus the gazetteer fingerprint for the annotator cache key.

    ``upper``: the same terms by their ALL-CAPS form, for headlines and datelines
    ("DEN HAAG (ANP) –"), as ``Gazetteer.lookup`` matches them (not the short ones:
    "EDE" could be an acronym).
    """

    terms: dict[str, GeoTerm]
    fingerprint: str
    upper: dict[str, GeoTerm] = field(default_factory=dict)

    def lookup(self, surface: str) -> GeoTerm | None:
        return self.terms.get(surface) or self.upper.get(surface)


def _term(place: Any) -> GeoTerm | None:
    kind = getattr(place, "kind", "")
    surface = getattr(place, "surface", "")
    code = getattr(place, "code", "") or ""
    if not surface:
        return None
    if kind == "nationality":
        return GeoTerm(surface, "MISC", code, True, kind)
    if kind in ("country", "place", "region", "continent"):
        return GeoTerm(surface, "LOC", code, False, kind)
    return None


def load_geo(lang: str) -> GeoIndex:
    """Index every gazetteer entry for ``lang``; an empty index when geo is unavailable."""
    try:
        from sitegen.geo import load_gazetteer
        from sitegen.geo.gazetteer import is_all_caps_name
    except ImportError:
        return GeoIndex({}, "no-geo")
    try:
        gazetteer = load_gazetteer(lang)
    except (LookupError, ValueError, FileNotFoundError):
        return GeoIndex({}, f"no-geo-{lang}")
    terms: dict[str, GeoTerm] = {}
    upper: dict[str, GeoTerm] = {}
    ranks: dict[str, int] = {}
    for place in gazetteer.entries():
        term = _term(place)
        if term is None:
            continue
        # A country or nationality reading wins over a same-named small place.
        rank = _RANK.get(getattr(place, "kind", ""), 0)
        if rank > ranks.get(term.surface, -1):
            terms[term.surface] = term
            ranks[term.surface] = rank
    for surface in terms:  # an ALL-CAPS form means what the gazetteer's own lookup makes of it
        caps = surface.upper()
        if is_all_caps_name(caps) and caps not in terms and caps not in upper:
            place = gazetteer.lookup(caps)
            if place is not None and place.surface in terms:
                upper[caps] = terms[place.surface]
    return GeoIndex(terms, str(gazetteer.fingerprint), upper)


_RANK = {"nationality": 4, "country": 4, "continent": 3, "region": 2, "place": 1}
