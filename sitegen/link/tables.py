"""Built-in facts for actor resolution, read once from ``sitegen/link/data``.

- ``organisations.toml``: the names of well-known organisations in the site languages
  and their acronyms ("EU" → "Europese Unie" in Dutch, "European Union" in English), used
  when the knowledge file says nothing.
- ``country_names_nl.toml``: other names of countries ("Wit-Rusland"/"Belarus"), so a
  place mention can be recognised as the country itself.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache
from importlib import resources

import pycountry

from .names import name_key


def _read(name: str) -> dict[str, object]:
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


ORGANISATIONS = "organisations.toml"


@lru_cache(maxsize=8)
def builtin_org_aliases(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(canonical name, aliases)`` for each built-in organisation that has a name in
    ``language``, in file order: that name, and as aliases its names in the other
    languages, the other forms of its names (``forms``: "Europäischen Union") and its
    acronyms."""
    found = []
    for names, forms, acronyms in _organisations():
        if language in names:
            others = [name for key, name in names.items() if key != language]
            inflected = [form for key in sorted(forms) for form in forms[key]]
            found.append((names[language], (*others, *inflected, *acronyms)))
    return tuple(found)


def organisation_names(language: str) -> tuple[str, ...]:
    """The built-in organisations' names in ``language`` and the other forms of those
    names there (a German text writes "der Europäischen Union"), for the NER's word lists."""
    return tuple(name for names, forms, _ in _organisations() if language in names
                 for name in (names[language], *forms.get(language, ())))


def _organisations() -> list[tuple[dict[str, str], dict[str, tuple[str, ...]], tuple[str, ...]]]:
    """Each entry of the table: its name per language, other forms per language, acronyms."""
    entries = _read(ORGANISATIONS).get("org", [])
    assert isinstance(entries, list)
    out = []
    for entry in entries:
        names = {key: str(value) for key, value in entry.items() if key not in ("acronyms", "forms")}
        forms = {key: tuple(map(str, value)) for key, value in entry.get("forms", {}).items()}
        out.append((names, forms, tuple(map(str, entry.get("acronyms", ())))))
    return out


def organisations_digest() -> str:
    """A hash of the organisation table, for fingerprints of what it feeds."""
    return hashlib.sha256(resources.files(__package__).joinpath("data", ORGANISATIONS).read_bytes()).hexdigest()[:12]


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
