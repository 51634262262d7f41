"""Word lists that the rule components use, read once from ``sitegen/nlp/data``.

The lists are general facts about Dutch news text (given names, titles, particles, month
names, well-known organisations, head words); none of them lists the people of a
particular article. They are plain text so that editors can review and extend them, and
their content is hashed into the annotator fingerprint so a change invalidates the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from sitegen.model import ENTITY_LABELS, EntityLabel

_DATA_FILES = (
    "first_names.txt",
    "titles.txt",
    "particles.txt",
    "months.txt",
    "common_words.txt",
    "corpus_vocab.txt",
    "lexicon.tsv",
    "heads.tsv",
    "sport_codes.tsv",
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All word lists, as frozensets for O(1) membership tests in the hot loop."""

    first_names: frozenset[str]
    titles: frozenset[str]  # lowercase
    particles: frozenset[str]  # lowercase
    months: frozenset[str]  # lowercase
    common_words: frozenset[str]  # lowercase; sentence-initial non-names
    corpus_vocab: frozenset[str]  # lowercase words seen lowercase in the training corpus
    entries: tuple[tuple[EntityLabel, str], ...]  # (label, surface) of known names
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    misc_heads: frozenset[str]
    loc_suffixes: tuple[str, ...]
    misc_suffixes: tuple[str, ...]
    cues: tuple[tuple[str, str], ...]  # (lowercase noun or noun ending, label)
    fingerprint: str
    articles: frozenset[str] = frozenset()  # lowercase definite articles of another language
    title_tails: tuple[str, ...] = ()  # another language's titles that end compounds ("Außen|ministerin")
    # (lowercase code, ISO 3166-1 alpha-2): a country's code in brackets after a name, "Van Aert (Bel)"
    sport_codes: tuple[tuple[str, str], ...] = ()

    def sport_country(self, code: str) -> str:
        """The country of a results list's code ("Ned", "NED": "NL"), else ""."""
        return _codes(self.sport_codes).get(code.lower(), "")


def _read(name: str) -> str:
    path = resources.files("sitegen.nlp").joinpath("data", name)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _words(text: str) -> list[str]:
    """Whitespace-separated words of a list file, ``#`` comment lines skipped."""
    out: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        out.extend(line.split())
    return out


def _tsv(text: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        key, value = line.split("\t", 1)
        rows.append((key.strip(), value.strip()))
    return rows


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and index the data files (cached: they ship with the package and never change)."""
    texts = {name: _read(name) for name in _DATA_FILES}
    digest = hashlib.sha256()
    for name in _DATA_FILES:
        digest.update(name.encode())
        digest.update(texts[name].encode())
    heads: dict[str, list[str]] = {}
    for kind, words in _tsv(texts["heads.tsv"]):
        heads.setdefault(kind, []).extend(words.split())
    entries: list[tuple[EntityLabel, str]] = []
    for label, surface in _tsv(texts["lexicon.tsv"]):
        if label in ENTITY_LABELS:
            entries.append((label, surface))  # type: ignore[arg-type]
    return Lexicon(
        first_names=frozenset(_words(texts["first_names.txt"])),
        titles=frozenset(w.lower() for w in _words(texts["titles.txt"])),
        particles=frozenset(w.lower() for w in _words(texts["particles.txt"])),
        months=frozenset(w.lower() for w in _words(texts["months.txt"])),
        common_words=frozenset(w.lower() for w in _words(texts["common_words.txt"])),
        corpus_vocab=frozenset(_words(texts["corpus_vocab.txt"])),
        entries=tuple(entries),
        org_heads=frozenset(heads.get("ORG_HEAD", ())),
        loc_heads=frozenset(heads.get("LOC_HEAD", ())),
        misc_heads=frozenset(heads.get("MISC_HEAD", ())),
        loc_suffixes=tuple(heads.get("LOC_SUFFIX", ())),
        misc_suffixes=tuple(heads.get("MISC_SUFFIX", ())),
        cues=tuple(
            (word, label)
            for label in ("ORG", "MISC", "LOC")
            for word in heads.get(f"{label}_CUE", ())
        ),
        fingerprint=digest.hexdigest()[:16],
        sport_codes=tuple((code.lower(), country) for code, country in _tsv(texts["sport_codes.tsv"])),
    )


@lru_cache(maxsize=4)
def _codes(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


NATIVE = "nl"  # the language the word lists are written for
# Definite articles (facts), for the name rules of a pipeline without a trained model:
# "the Commission", "la Cour" name an institution or a thing, seldom a person, and a
# sentence's opening "La" or "Der" before one capitalised word is that article, not the
# particle of a name ("La Rivière", "De Vries"). Dutch has a trained model and keeps its rules.
DEFINITE_ARTICLES = {
    "en": ("the",),
    "fr": ("le", "la", "les", "l'", "l’", "du", "des", "au", "aux"),  # and their contractions
    "de": ("der", "die", "das", "den", "dem", "des"),
    "es": ("el", "la", "los", "las", "del", "al"),
    "it": ("il", "lo", "la", "i", "gli", "le", "l'", "l’", "del", "della", "dei", "al", "alla", "ai"),
    "pt": ("o", "a", "os", "as"),
}


def lexicon_fingerprint(lang: str) -> str:
    """``lexicon_for(lang).fingerprint`` without importing spaCy (``pipeline_fingerprint``)."""
    base = load_lexicon().fingerprint
    if lang == NATIVE:
        return base
    from importlib.metadata import version

    from sitegen.link.tables import organisations_digest

    parts = (base, lang, version("spacy"), version("babel"), organisations_digest(), _read(f"titles_{lang}.txt"),
             _read(f"common_words_{lang}.txt"))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@lru_cache(maxsize=16)
def lexicon_for(lang: str) -> Lexicon:
    """The word lists for a pipeline of ``lang``: the Dutch lists, plus for another
    language that language's own ordinary words, so the name rules of a pipeline without
    a trained model (``spacy.blank``) do not take "The" or "Born" at the start of a
    sentence for a name: spaCy's stop words for ``lang``, sitegen's own list of such words
    where spaCy's lacks some (``common_words_<lang>.txt``: "Today"), and its month and
    weekday names and the names of languages ("English", "anglais") from Babel/CLDR; and the names of
    well-known organisations in ``lang`` ("United Nations"), which its capitals alone
    would not type.
    """
    base = load_lexicon()
    if lang == NATIVE:
        return base
    import spacy
    from babel import Locale

    try:
        stop_words = {w.lower() for w in spacy.util.get_lang_class(lang).Defaults.stop_words}
    except ImportError:  # spaCy has no rules for this language
        stop_words = set()
    locale = Locale.parse(lang)
    calendar = {name.lower() for width in ("wide", "abbreviated") for context in ("format", "stand-alone")
                for names in (locale.months[context][width], locale.days[context][width]) for name in names.values()}
    languages = {name.lower() for name in locale.languages.values() if " " not in name}
    from sitegen.link.tables import organisation_names

    titles = {w.lower() for w in _words(_read(f"titles_{lang}.txt"))}  # "Prime Minister", if there is a list
    ordinary = {w.lower() for w in _words(_read(f"common_words_{lang}.txt"))}  # "Today", if there is a list
    known = {surface for _, surface in base.entries}
    organisations = tuple(("ORG", name) for name in organisation_names(lang) if name not in known)
    return replace(base, common_words=base.common_words | stop_words | calendar | ordinary, months=base.months | calendar,
                   titles=base.titles | titles, articles=frozenset(DEFINITE_ARTICLES.get(lang, ())),
                   title_tails=tuple(sorted(t for t in titles if len(t) >= 6 and t.isalpha())),
                   corpus_vocab=base.corpus_vocab | languages, entries=base.entries + organisations,  # type: ignore[arg-type]
                   fingerprint=lexicon_fingerprint(lang))

