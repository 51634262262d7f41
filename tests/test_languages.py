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
          "The city council of London approved the budget on Tuesday. In Leeds and in York the "
          "debate took all evening.\n",
}
EXPECTED = {  # (a theme word, the month in that language, the article's date, a search page word)
    "fr": ("Acteurs", "mars 2024", "12 mars 2024", "Rechercher"),
    "de": ("Akteure", "März 2024", "12. März 2024", "Suchbegriff"),
    "en": ("Actors", "March 2024", "12 March 2024", "Search term"),
}


def test_every_built_in_language_has_every_word():
    for language, words in LABELS.items():
        assert words.keys() == LABELS["en"].keys(), language
        assert all(value.strip() for value in words.values()), language
        for key, english in LABELS["en"].items():  # placeholders survive translation
            assert set(re.findall(r"\{\w+\}", words[key])) == set(re.findall(r"\{\w+\}", english)), (language, key)
    assert labels_for("sv") is LABELS["en"]  # no Swedish words yet: English, dates still Swedish


def test_dates_are_written_as_each_language_writes_them():
    """Day dates used one Dutch pattern ("d MMMM y") in every language: German lacked its
    period ("5 März 2024") and Spanish its "de". The built-in languages keep their
    newsrooms' form (English the British one); any other language gets CLDR's."""
    from sitegen.model import ArticleDate
    from sitegen.render.labels import format_article_date

    day, month = ArticleDate(2024, 3, 5), ArticleDate(2024, 3)
    assert [format_article_date(day, lang) for lang in ("nl", "en", "fr", "de", "es")] == [
        "5 maart 2024", "5 March 2024", "5 mars 2024", "5. März 2024", "5 de marzo de 2024"]
    assert [format_article_date(month, lang) for lang in ("nl", "de", "es", "pl")] == [
        "maart 2024", "März 2024", "marzo de 2024", "marzec 2024"]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_a_site_in_another_language_speaks_it(tmp_path, language):
    site = make_site(tmp_path / "s", {"seeds/a.txt": ARTICLES[language]},
                     f'title = "Archief"\nlanguage = "{language}"\n')
    build(site)
    home = (site / "build" / "index.html").read_text(encoding="utf-8")
    actors_word, month, day, search_word = EXPECTED[language]
    assert f'<html lang="{language}">' in home and actors_word in home
    (page,) = (site / "build" / "2024" / "03").glob("*/index.html")
    assert day in page.read_text(encoding="utf-8")
    assert month.split()[0].lower() in (site / "build" / "2024" / "03" / "index.html").read_text(encoding="utf-8").lower()
    assert search_word in (site / "build" / "zoeken" / "index.html").read_text(encoding="utf-8")


def test_another_languages_pipeline_knows_its_ordinary_words():
    """A pipeline without a trained model for its language (``spacy.blank``) reads names
    by their capitals: the language's own stop words, months and language names are not
    names at the start of a sentence; Dutch keeps its lists exactly (its fingerprint too)."""
    from sitegen.nlp import load_annotator, pipeline_fingerprint
    from sitegen.nlp.lexicon import lexicon_for, load_lexicon

    assert lexicon_for("nl") is load_lexicon()
    english = load_annotator("embedded", "en")
    assert english.fingerprint == pipeline_fingerprint("embedded", "en", None) != pipeline_fingerprint("embedded", "fr", None)
    text = "The minister met Boris Johnson in London. This was in March. English and Dutch officials joined them."
    (annotation,) = english.annotate([text])
    # "English" is a language as often as a nationality: left out; "Dutch officials" are of the Netherlands
    assert [(m.text, m.label) for m in annotation.mentions] == [("Boris Johnson", "PER"), ("London", "LOC"),
                                                               ("Dutch", "MISC")]
    assert annotation.mentions[1].country == "GB"  # the cities of the shipped gazetteer, in every language
    (hyphenated,) = english.annotate(["Born in 1953, President Kassym-Jomart Tokayev spoke."])  # one name, not two
    assert [(m.text, m.label) for m in hyphenated.mentions] == [("Kassym-Jomart Tokayev", "PER")]
    # English titles stay outside the name, as Dutch ones do (titles_en.txt)
    (titled,) = english.annotate(["Prime Minister Rishi Sunak met German Chancellor Olaf Scholz in London."])
    assert [(m.text, m.label) for m in titled.mentions] == [("Rishi Sunak", "PER"), ("German", "MISC"),
                                                           ("Olaf Scholz", "PER"), ("London", "LOC")]
    # an ordinary word that opens the sentence, then a title: neither is part of the name
    # (common_words_en.txt; spaCy's stop words lack "today")
    (opened,) = english.annotate(["Today President William Ruto met officials in Nairobi."])
    assert [(m.text, m.label) for m in opened.mentions] == [("William Ruto", "PER"), ("Nairobi", "LOC")]
    # a portfolio between the title and the name is neither ("Secretary of State Antony Blinken")
    (portfolio,) = english.annotate(["Secretary of State Antony Blinken met Minister of Defence Ben Wallace."])
    assert [(m.text, m.label) for m in portfolio.mentions] == [("Antony Blinken", "PER"), ("Ben Wallace", "PER")]
    # nationality words point at their country, as Dutch ones do (geo/data/nationality_en.toml); they
    # were read as people ("Kenyan", "Germans") before English had them
    (nationalities,) = english.annotate(["Kenyan officials and the Germans met South African and Polish diplomats."])
    assert [(m.text, m.label, m.country, m.nationality) for m in nationalities.mentions] == [
        ("Kenyan", "MISC", "KE", True), ("Germans", "MISC", "DE", True), ("South African", "MISC", "ZA", True),
        ("Polish", "MISC", "PL", True)]



def test_a_language_that_capitalises_its_nouns_is_not_read_as_names():
    """German writes every noun with a capital. Typing every capitalised run made persons
    of "Bundesregierung", "Polizei" and "Zwischenfälle"; without a trained German model
    only runs with evidence are names: a title or form of address before them
    (titles_de.txt), a known given name, the gazetteer, an earlier mention."""
    from sitegen.nlp import load_annotator
    from sitegen.nlp.pipeline import default_fill

    assert default_fill("de", has_ner=False) == "nouns" and default_fill("en", has_ner=False) == "all"
    assert default_fill("de", has_ner=True) == "strong"  # a trained German model decides itself
    german = load_annotator("embedded", "de")
    text = ("Die Bundesregierung hat beschlossen, dass Bundeskanzler Olaf Scholz nach Paris reist. "
            "Die Polizei in Berlin meldete keine Zwischenfälle. Der Mittelpunkt der Debatte war die Inflation. "
            "Frau Baerbock sprach mit Herrn Müller. Die Franzosen und die Amerikanerin verhandeln mit der "
            "Deutschen Bank.")
    (annotation,) = german.annotate([text])
    assert [(m.text, m.label, m.country) for m in annotation.mentions] == [
        ("Olaf Scholz", "PER", ""), ("Paris", "LOC", "FR"), ("Berlin", "LOC", "DE"), ("Baerbock", "PER", ""),
        ("Müller", "PER", ""), ("Franzosen", "MISC", "FR"), ("Amerikanerin", "MISC", "US"),
        ("Deutschen Bank", "ORG", "")]
    # nouns before a known given name are no part of the name; a surname that is also a
    # noun ("Richter": judge) is still the person's, later too
    text = ("Der Maler Gerhard Richter stellte in Köln aus. Später sagte Richter, er sei zufrieden. "
            "Laut Hans Kaiser steigt der Umsatz von General Motors.")
    (nouns,) = german.annotate([text])
    assert [(m.text, m.label) for m in nouns.mentions] == [
        ("Gerhard Richter", "PER"), ("Köln", "LOC"), ("Richter", "PER"), ("Hans Kaiser", "PER"),
        ("General Motors", "ORG")]
    # German and French names of cities the shipped gazetteer knows by others (places_<lang>.toml)
    (cities,) = german.annotate(["In Brüssel und Wien berieten die Minister."])
    assert [(m.text, m.country) for m in cities.mentions] == [("Brüssel", "BE"), ("Wien", "AT")]
    from sitegen.geo import load_gazetteer
    assert [load_gazetteer("fr").lookup(name).code for name in ("Londres", "Moscou", "La Haye")] == ["GB", "RU", "NL"]
    # a compound that ends in a German title is one ("Außen|ministerin"): its name follows
    (titled,) = german.annotate(["Am Dienstag reist Außenministerin Annalena Baerbock nach Kiew."])
    assert [(m.text, m.label) for m in titled.mentions] == [("Annalena Baerbock", "PER"), ("Kiew", "LOC")]
    # French writes its nouns in lowercase but its nouns of nationality with a capital:
    # nationalities of their country (geo/data/nationality_fr.toml), not people
    (french,) = load_annotator("embedded", "fr").annotate(
        ["Selon Le Monde, les Allemands restent prudents. Une Américaine a été arrêtée à Marseille."])
    assert [(m.text, m.label, m.country) for m in french.mentions] == [
        ("Le Monde", "ORG", ""), ("Allemands", "MISC", "DE"), ("Américaine", "MISC", "US"), ("Marseille", "LOC", "FR")]
    # one capitalised word after a definite article is an institution, not a person; a
    # sentence's opening "La" before one is that article, not a name particle
    (institutions,) = load_annotator("embedded", "en").annotate(
        ["The Court ruled that the Ministry had acted unlawfully, the Commission said."])
    assert [(m.text, m.label) for m in institutions.mentions] == [
        ("Court", "ORG"), ("Ministry", "ORG"), ("Commission", "ORG")]
    (institutions,) = load_annotator("embedded", "fr").annotate(["La Cour a rejeté le pourvoi du Gouvernement."])
    assert [(m.text, m.label) for m in institutions.mentions] == [("Cour", "ORG"), ("Gouvernement", "ORG")]
    # an English pipeline still types an unknown capitalised name without other evidence
    (english,) = load_annotator("embedded", "en").annotate(["The committee heard Zorblat Quenty in Leeds."])
    assert ("Zorblat Quenty", "PER") in [(m.text, m.label) for m in english.mentions]


def test_well_known_organisations_are_named_in_the_sites_language():
    """The built-in organisations were Dutch only: an English site called NATO
    "Noord-Atlantische Verdragsorganisatie". Each site now names them in its own
    language, joins their names in the others, and a Dutch body's acronym ("CBS") means
    nothing special outside Dutch sites."""
    from sitegen.link import resolve_actors
    from sitegen.model import (
        AnnotatedArticle,
        Annotation,
        ArticleDate,
        Knowledge,
        Mention,
        SourceArticle,
    )
    from sitegen.nlp import load_annotator

    def site(language: str, text: str) -> dict[str, str]:
        (annotation,) = load_annotator("embedded", language).annotate([text])
        article = SourceArticle("a.md", "md", "a", "a", ArticleDate(2024, 3), language, text, "x")
        index = resolve_actors([AnnotatedArticle(article, annotation)], Knowledge(), lambda code: code,
                               language=language)
        return {rm.mention.text: index.actors[rm.actor_id].name for rm in index.mentions[0]}

    english = site("en", "NATO and the European Union met. The EU and CBS News reported it to the United Nations.")
    assert english["NATO"] == "North Atlantic Treaty Organization"
    assert english["European Union"] == english["EU"] == "European Union"
    assert english["United Nations"] == "United Nations"
    assert "Statistiek" not in english.get("CBS", "") + english.get("CBS News", "")
    dutch = site("nl", "De NAVO en de Verenigde Naties overlegden. Het CBS meldde de cijfers.")
    assert dutch["NAVO"] == "Noord-Atlantische Verdragsorganisatie"
    assert dutch["CBS"] == "Centraal Bureau voor de Statistiek"
    # an English mention in a Dutch archive joins the Dutch name
    article = SourceArticle("b.md", "md", "b", "b", ArticleDate(2024, 3), "en", "The United Nations met.", "y")
    mention = Mention(4, 18, "ORG", "United Nations")
    index = resolve_actors([AnnotatedArticle(article, Annotation((mention,)))], Knowledge(), lambda code: code)
    assert index.actors[index.mentions[0][0].actor_id].name == "Verenigde Naties"
    # German inflects the names ("der Europäischen Union"): the other forms are found and
    # are the same organisation (organisations.toml, forms)
    german = site("de", "Die Europäische Union und die Europäische Zentralbank sprachen mit den Vereinten "
                        "Nationen. Die Kommission der Europäischen Union tagte mit der Europäischen Zentralbank.")
    assert german["Europäischen Union"] == german["Europäische Union"] == "Europäische Union"
    assert german["Europäischen Zentralbank"] == "Europäische Zentralbank"
    assert german["Vereinten Nationen"] == "Vereinte Nationen"
    assert site("fr", "L'Organisation des Nations unies a parlé.")["Organisation des Nations unies"] == "Nations unies"


@pytest.mark.slow
def test_each_article_is_read_by_the_pipeline_for_its_language(tmp_path, embedded_annotator):
    """An English article on a Dutch site goes through the English pipeline, not the
    Dutch one: cached under that pipeline's fingerprint, and found again by the next build."""
    from sitegen.nlp import pipeline_fingerprint

    english = ("---\ntitle: London approves its budget\ndate: 2024-03-12\nlang: en\n---\n\n"
               "The city council of London approved the budget on Tuesday. This was expected by "
               "Sarah Connolly, the council leader.\n")
    site = make_site(tmp_path / "s", {"content/en.md": english, "seeds/nl.txt": ARTICLES["fr"].replace(
        "Le conseil communal de Liège vote le budget", "Gemeenteraad Luik keurt begroting goed").split("\n\n")[0]
        + "\n\nDe gemeenteraad van Luik heeft dinsdag de begroting goedgekeurd.\n"}, 'title = "Archief"\n')
    report = build(site, annotator=embedded_annotator)
    assert (report.annotate.annotated, report.annotate.from_cache) == (2, 0)
    (page,) = (site / "build" / "2024" / "03").glob("london*/index.html")
    html = page.read_text(encoding="utf-8")
    marked = re.findall(r'class="ent ent-(\w+)"[^>]*>([^<]+)<', html)
    assert ("per", "Sarah Connolly") in marked and ("loc", "London") in marked
    assert not any(text in ("The", "This") for _, text in marked)
    (site / "content/en.md").write_text(english.replace("Tuesday", "Wednesday"), encoding="utf-8")
    again = build(site, annotator=embedded_annotator)
    assert (again.annotate.annotated, again.annotate.from_cache) == (1, 1)  # only the edited English text
    assert pipeline_fingerprint("embedded", "en", None) != embedded_annotator[1]


@pytest.mark.slow
def test_a_missing_pipeline_for_another_language_is_a_clear_error(tmp_path, embedded_annotator):
    """``nlp_models`` names a pipeline that is not installed: the build stops with the
    install command when an article in that language needs it, and leaves build/ alone."""
    from sitegen.errors import ModelNotInstalledError

    site = make_site(tmp_path / "s", {"seeds/nl.txt": "date 2024-03-12\n\nDe gemeenteraad van Gent vergaderde.\n"},
                     'title = "Archief"\nnlp_models = { en = "en_sitegen_missing_sm" }\n')
    build(site, annotator=embedded_annotator)  # no English article yet: the pipeline is never asked for
    before = (site / "build" / "index.html").read_bytes()
    (site / "content").mkdir()
    (site / "content" / "en.md").write_text("---\ntitle: Ghent\ndate: 2024-03-13\nlang: en\n---\nThe council met.\n",
                                            encoding="utf-8")
    with pytest.raises(ModelNotInstalledError, match="en_sitegen_missing_sm"):
        build(site, annotator=embedded_annotator)
    assert (site / "build" / "index.html").read_bytes() == before
