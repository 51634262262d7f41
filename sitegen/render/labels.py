"""Words the theme shows, in the site language, and dates formatted by Babel.

Dutch, English, French and German are built in (Belgian newsrooms publish in three of
them); another language falls back to English words while dates and country names still
come from Babel/CLDR in that language.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from ..model import ArticleDate

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "PER": "Persoon", "ORG": "Organisatie", "LOC": "Locatie", "MISC": "Overig",
        "PER_plural": "Personen", "ORG_plural": "Organisaties", "LOC_plural": "Locaties",
        "MISC_plural": "Overig", "nationality": "Nationaliteit", "country": "Land",
        "home": "Home", "actors": "Actoren", "countries": "Landen", "archive": "Archief",
        "search": "Zoeken", "latest": "Laatste artikelen", "older": "Oudere artikelen in het archief", "related": "Gerelateerde artikelen",
        "in_article": "In dit artikel", "mentioned_in_one": "genoemd in 1 artikel",
        "mentioned_in_many": "genoemd in {n} artikelen", "also_in": "Ook in",
        "aliases": "Ook genoemd als", "appears_with": "Komt vaak voor met",
        "mentions_per_month": "Vermeldingen per maand", "articles": "Artikelen",
        "primary": "hoofdland", "page": "Pagina", "next": "Volgende", "previous": "Vorige",
        "not_found": "Pagina niet gevonden", "moved": "Dit artikel staat nu op een nieuw adres:",
        "updated": "bijgewerkt",
        "corrections": "Correcties", "all_corrections": "Alle correcties",
        "corrections_intro": "Wat we in eerder gepubliceerde artikelen hebben rechtgezet, het recentst eerst.",
        "no_corrections": "Er zijn nog geen correcties.",
        "reading_time": "{n} min. leestijd", "draft": "Concept",
        "not_found_text": "Deze pagina bestaat niet (meer). Probeer de startpagina of het archief.",
        "most_mentioned": "Meest genoemde actoren", "all_actors": "Alle actoren",
        "all_countries": "Alle landen", "feed": "Atom-feed", "follow": "Volg via Atom-feed",
        "contents": "Inhoud", "fact_check": "Factcheck", "claim": "Bewering", "verdict": "Oordeel", "claimed_by": "gedaan door", "back_to_text": "Terug naar de tekst", "other_languages": "Andere talen", "older_article": "Vorig artikel", "newer_article": "Volgend artikel", "browse_archive": "Bladeren in het archief", "by": "door", "close": "Sluiten", "to_actor_page": "Naar de actorpagina",
        "skip": "Naar de inhoud", "data": "Data (JSON)", "no_articles": "Geen artikelen.",
        "search_placeholder": "Zoek in het archief", "countries_in_article": "Landen",
        "months_archive": "Maanden", "years_archive": "Jaren", "tags": "Onderwerpen", "tag": "Onderwerp", "authors": "Auteurs", "author": "Auteur",
    },
    "en": {
        "PER": "Person", "ORG": "Organisation", "LOC": "Location", "MISC": "Other",
        "PER_plural": "People", "ORG_plural": "Organisations", "LOC_plural": "Locations",
        "MISC_plural": "Other", "nationality": "Nationality", "country": "Country",
        "home": "Home", "actors": "Actors", "countries": "Countries", "archive": "Archive",
        "search": "Search", "latest": "Latest articles", "older": "Older articles in the archive", "related": "Related articles",
        "in_article": "In this article", "mentioned_in_one": "mentioned in 1 article",
        "mentioned_in_many": "mentioned in {n} articles", "also_in": "Also in",
        "aliases": "Also mentioned as", "appears_with": "Often appears with",
        "mentions_per_month": "Mentions per month", "articles": "Articles",
        "primary": "main country", "page": "Page", "next": "Next", "previous": "Previous",
        "not_found": "Page not found", "moved": "This article has moved to a new address:",
        "updated": "updated",
        "corrections": "Corrections", "all_corrections": "All corrections",
        "corrections_intro": "What we have put right in articles after they were published, most recent first.",
        "no_corrections": "There are no corrections yet.",
        "reading_time": "{n} min read", "draft": "Draft",
        "not_found_text": "This page does not exist (any more). Try the home page or the archive.",
        "most_mentioned": "Most mentioned actors", "all_actors": "All actors",
        "all_countries": "All countries", "feed": "Atom feed", "follow": "Follow via Atom feed",
        "contents": "Contents", "fact_check": "Fact check", "claim": "Claim", "verdict": "Verdict", "claimed_by": "made by", "back_to_text": "Back to the text", "other_languages": "Other languages", "older_article": "Previous article", "newer_article": "Next article", "browse_archive": "Browse the archive", "by": "by", "close": "Close", "to_actor_page": "Go to the actor page",
        "skip": "Skip to content", "data": "Data (JSON)", "no_articles": "No articles.",
        "search_placeholder": "Search the archive", "countries_in_article": "Countries",
        "months_archive": "Months", "years_archive": "Years", "tags": "Topics", "tag": "Topic", "authors": "Authors", "author": "Author",
    },
    "fr": {
        "PER": "Personne", "ORG": "Organisation", "LOC": "Lieu", "MISC": "Divers",
        "PER_plural": "Personnes", "ORG_plural": "Organisations", "LOC_plural": "Lieux",
        "MISC_plural": "Divers", "nationality": "Nationalité", "country": "Pays",
        "home": "Accueil", "actors": "Acteurs", "countries": "Pays", "archive": "Archives",
        "search": "Recherche", "latest": "Derniers articles", "older": "Articles plus anciens dans les archives", "related": "Articles liés",
        "in_article": "Dans cet article", "mentioned_in_one": "cité dans 1 article",
        "mentioned_in_many": "cité dans {n} articles", "also_in": "Aussi dans",
        "aliases": "Aussi cité comme", "appears_with": "Apparaît souvent avec",
        "mentions_per_month": "Mentions par mois", "articles": "Articles",
        "primary": "pays principal", "page": "Page", "next": "Suivante", "previous": "Précédente",
        "not_found": "Page introuvable", "moved": "Cet article a une nouvelle adresse :",
        "updated": "mis à jour",
        "corrections": "Corrections", "all_corrections": "Toutes les corrections",
        "corrections_intro": "Ce que nous avons rectifié dans des articles déjà publiés, du plus récent au plus ancien.",
        "no_corrections": "Aucune correction pour l'instant.",
        "reading_time": "{n} min de lecture", "draft": "Brouillon",
        "not_found_text": "Cette page n’existe pas (ou plus). Essayez l’accueil ou les archives.",
        "most_mentioned": "Acteurs les plus cités", "all_actors": "Tous les acteurs",
        "all_countries": "Tous les pays", "feed": "Flux Atom", "follow": "Suivre via le flux Atom",
        "contents": "Sommaire", "fact_check": "Vérification", "claim": "Affirmation", "verdict": "Verdict", "claimed_by": "faite par", "back_to_text": "Retour au texte", "other_languages": "Autres langues", "older_article": "Article précédent", "newer_article": "Article suivant", "browse_archive": "Parcourir les archives", "by": "par", "close": "Fermer", "to_actor_page": "Vers la page de l’acteur",
        "skip": "Aller au contenu", "data": "Données (JSON)", "no_articles": "Aucun article.",
        "search_placeholder": "Rechercher dans les archives", "countries_in_article": "Pays",
        "months_archive": "Mois", "years_archive": "Années", "tags": "Sujets", "tag": "Sujet", "authors": "Auteurs", "author": "Auteur",
    },
    "de": {
        "PER": "Person", "ORG": "Organisation", "LOC": "Ort", "MISC": "Sonstiges",
        "PER_plural": "Personen", "ORG_plural": "Organisationen", "LOC_plural": "Orte",
        "MISC_plural": "Sonstiges", "nationality": "Nationalität", "country": "Land",
        "home": "Startseite", "actors": "Akteure", "countries": "Länder", "archive": "Archiv",
        "search": "Suche", "latest": "Neueste Artikel", "older": "Ältere Artikel im Archiv", "related": "Verwandte Artikel",
        "in_article": "In diesem Artikel", "mentioned_in_one": "in 1 Artikel erwähnt",
        "mentioned_in_many": "in {n} Artikeln erwähnt", "also_in": "Auch in",
        "aliases": "Auch erwähnt als", "appears_with": "Oft zusammen mit",
        "mentions_per_month": "Erwähnungen pro Monat", "articles": "Artikel",
        "primary": "Hauptland", "page": "Seite", "next": "Weiter", "previous": "Zurück",
        "not_found": "Seite nicht gefunden", "moved": "Dieser Artikel hat eine neue Adresse:",
        "updated": "aktualisiert",
        "corrections": "Korrekturen", "all_corrections": "Alle Korrekturen",
        "corrections_intro": "Was wir in bereits veröffentlichten Artikeln richtiggestellt haben, das Neueste zuerst.",
        "no_corrections": "Noch keine Korrekturen.",
        "reading_time": "{n} Min. Lesezeit", "draft": "Entwurf",
        "not_found_text": "Diese Seite gibt es nicht (mehr). Versuchen Sie die Startseite oder das Archiv.",
        "most_mentioned": "Meistgenannte Akteure", "all_actors": "Alle Akteure",
        "all_countries": "Alle Länder", "feed": "Atom-Feed", "follow": "Per Atom-Feed folgen",
        "contents": "Inhalt", "fact_check": "Faktencheck", "claim": "Behauptung", "verdict": "Urteil", "claimed_by": "aufgestellt von", "back_to_text": "Zurück zum Text", "other_languages": "Andere Sprachen", "older_article": "Vorheriger Artikel", "newer_article": "Nächster Artikel", "browse_archive": "Im Archiv blättern", "by": "von", "close": "Schließen", "to_actor_page": "Zur Seite des Akteurs",
        "skip": "Zum Inhalt", "data": "Daten (JSON)", "no_articles": "Keine Artikel.",
        "search_placeholder": "Im Archiv suchen", "countries_in_article": "Länder",
        "months_archive": "Monate", "years_archive": "Jahre", "tags": "Themen", "tag": "Thema", "authors": "Autoren", "author": "Autor",
    },
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


# A day's date in the built-in languages, as their newsrooms write it: "4 januari 2022",
# "4 January 2022" (CLDR's English is American: "January 4, 2022"), "4 janvier 2022",
# "4. Januar 2022". Any other language gets CLDR's long date ("4 de enero de 2022").
DAY_PATTERNS = {"nl": "d MMMM y", "en": "d MMMM y", "fr": "d MMMM y", "de": "d. MMMM y"}


@lru_cache(maxsize=8192)  # Babel is slow and a site has a few thousand distinct dates
def format_article_date(date: ArticleDate, language: str) -> str:
    """'januari 2022' for a month-precision date, '4 januari 2022' for a day; never a made-up day."""
    if date.has_day:
        return format_date(dt.date(date.year, date.month, date.day), DAY_PATTERNS.get(language, "long"),
                           locale=language)
    return format_month(date.year, date.month, language)


@lru_cache(maxsize=8192)  # Babel is slow and a site has a few thousand distinct dates
def format_month(year: int, month: int, language: str) -> str:
    """A month of a year as the language writes it: "maart 2024", "marzo de 2024"."""
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=language)


@lru_cache(maxsize=8192)  # Babel is slow and a site has a few thousand distinct dates
def month_name(year: int, month: int, language: str) -> str:
    return format_date(dt.date(year, month, 1), "LLLL", locale=language)
