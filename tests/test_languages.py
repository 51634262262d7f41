"""Sites in other languages than Dutch: the theme's words, dates and month names follow
``language`` (the brief: nothing may assume one language forever)."""

from __future__ import annotations

import re

import pytest

from sitegen.build import build
from sitegen.render.labels import LABELS, labels_for

from .conftest import make_site

ARTICLES = {
    "fr": "date 2024-03-12\ntitle Le conseil communal de Liège vote le budget\n\n"
          "Le conseil communal de Liège a voté mardi le budget de la ville. La bourgmestre a parlé "
          "d’un budget prudent, à Liège comme à Namur.\n",
    "de": "date 2024-03-12\ntitle Der Stadtrat von Eupen beschließt den Haushalt\n\n"
          "Der Stadtrat von Eupen hat am Dienstag den Haushalt der Stadt beschlossen. In Eupen und in "
          "Aachen wurde darüber lange gesprochen.\n",
    "en": "date 2024-03-12\ntitle The city council of Leeds approves its budget\n\n"
          "The city council of Leeds approved the budget on Tuesday. In Leeds and in York the "
          "debate took all evening.\n",
}
EXPECTED = {  # (a theme word, the month in that language, a search page word)
    "fr": ("Acteurs", "mars 2024", "Rechercher"),
    "de": ("Akteure", "März 2024", "Suchbegriff"),
    "en": ("Actors", "March 2024", "Search term"),
}


def test_every_built_in_language_has_every_word():
    for language, words in LABELS.items():
        assert words.keys() == LABELS["en"].keys(), language
        assert all(value.strip() for value in words.values()), language
        for key, english in LABELS["en"].items():  # placeholders survive translation
            assert set(re.findall(r"\{\w+\}", words[key])) == set(re.findall(r"\{\w+\}", english)), (language, key)
    assert labels_for("sv") is LABELS["en"]  # no Swedish words yet: English, dates still Swedish


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_a_site_in_another_language_speaks_it(tmp_path, language):
    site = make_site(tmp_path / "s", {"seeds/a.txt": ARTICLES[language]},
                     f'title = "Archief"\nlanguage = "{language}"\n')
    build(site)
    home = (site / "build" / "index.html").read_text(encoding="utf-8")
    actors_word, month, search_word = EXPECTED[language]
    assert f'<html lang="{language}">' in home and actors_word in home
    (page,) = (site / "build" / "2024" / "03").glob("*/index.html")
    assert "12 " + month in page.read_text(encoding="utf-8")
    assert month.split()[0].lower() in (site / "build" / "2024" / "03" / "index.html").read_text(encoding="utf-8").lower()
    assert search_word in (site / "build" / "zoeken" / "index.html").read_text(encoding="utf-8")
