"""Built-in facts for actor resolution, read once from ``sitegen/link/data``.

- ``org_aliases_nl.toml``: canonical Dutch names of well-known organisations and their
  acronyms ("EU" → "Europese Unie"), used when the knowledge file says nothing.
- ``country_names_nl.toml``: other names of countries ("Wit-Rusland"/"Belarus"), so a
  place mention can be recognised as the country itself.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

import pycountry

from .names import name_key


def _read(name: str) -> dict[str, object]:
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def builtin_org_aliases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(canonical name, aliases)`` for each built-in organisation, in file order."""
    entries = _read("org_aliases_nl.toml").get("org", [])
    assert isinstance(entries, list)
    return tuple((str(e["name"]), tuple(str(a) for a in e.get("aliases", ()))) for e in entries)


@lru_cache(maxsize=1)
def _country_variants() -> dict[str, frozenset[str]]:
    names = _read("country_names_nl.toml").get("names", {})
    assert isinstance(names, dict)
    return {code: frozenset(name_key(n) for n in variants) for code, variants in names.items()}


@lru_cache(maxsize=512)
def country_name_keys(code: str) -> frozenset[str]:
    """Name keys that denote the country ``code`` itself (built-in Dutch variants + English)."""
    keys = set(_country_variants().get(code, ()))
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, "")
            if value:
                keys.add(name_key(value))
    return frozenset(keys)
