"""Name normalisation for actor resolution: comparison keys, tokens, genitives, acronyms.

Every comparison between two names goes through ``name_key``: case, diacritics,
hyphens and punctuation do not count ("Erdoğan" = "Erdogan", "Kassym-Jomart" =
"Kassym Jomart"), so dictionaries keyed by it replace pairwise string comparisons.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from slugify import slugify


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Name particles: lower case inside a Dutch or foreign name, capitalised at the start of
# a surname-only mention ("Van der Plas"); they never make a name "full" on their own.
PARTICLES = _words(
    "van der den de von zu la le du da di del della dos das do ten ter te het al el bin ibn ben "
    "y af st"
)
# Lower-case words that may follow an organisation's head ("Communistische Partij van China").
CONNECTORS = _words("van voor der de den het in op en tegen ter tot of for the")

# Words an NER may glue to the front of a person's name: sentence-initial function words
# ("Op Rutte wacht") and titles ("Premier Rutte", "Paus Franciscus"). Titles belong
# outside the span; dropping them keeps "Rutte" one person.
LEADING_NOISE = _words(
    "op in met voor door volgens ook maar en dat die dit als bij na over aan om tot toen want "
    "dus nu wel niet zo hoe wat wie waar omdat terwijl nadat hoewel tegen onder zonder namens "
    "sinds tijdens vanaf of ja nee aldus zegt zei hij zij het een "
    "president premier minister koning koningin prins prinses paus generaal kanselier "
    "bondskanselier senator burgemeester staatssecretaris minister-president "
    "secretaris-generaal oud-president oud-premier ex-president voorzitter leider "
    "dr mr prof ir drs heer mevrouw meneer sir lord sjeik ayatollah"
)

_APOSTROPHES = "'’`´ʼ"
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]{1,11}")
_PAREN_AFTER = re.compile(r"\s*\(\s*([^()\s]{2,12})\s*\)")


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """Comparison key: transliterated, lower case, words separated by single spaces."""
    key = slugify(text, separator=" ")
    return key if key else " ".join(unicodedata.normalize("NFC", text).casefold().split())


# Company legal forms that trail a name ("Duin Technologies NV", "Shell plc"), as name keys
# spell them: newsrooms write a company with and without one, and it is one company.
LEGAL_FORMS = (("nv",), ("n", "v"), ("bv",), ("b", "v"), ("plc",), ("ltd",), ("inc",), ("llc",), ("gmbh",),
               ("ag",), ("sa",), ("s", "a"), ("se",), ("spa",), ("s", "p", "a"), ("oyj",), ("asa",))


def without_legal_form(key: str) -> str:
    """``key`` without a trailing company legal form ("duin technologies nv" → "duin
    technologies"); a key that is nothing but one stays as it is."""
    words = key.split()
    for form in LEGAL_FORMS:
        if len(words) > len(form) and tuple(words[-len(form):]) == form:
            return " ".join(words[: -len(form)])
    return key


def tokens(key: str) -> tuple[str, ...]:
    return tuple(key.split())


@lru_cache(maxsize=1 << 18)
def clean_surface(text: str) -> str:
    """The surface form as shown to readers: NFC, single spaces, typographic apostrophe."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def strip_apostrophe_genitive(text: str) -> str:
    """``Rutte's`` → ``Rutte``, ``Kamala Harris'`` → ``Kamala Harris``; anything else as is.

    Dutch writes the genitive with an apostrophe after a vowel or sibilant; that form is
    never part of a name, so it is stripped for every label.
    """
    if len(text) > 3 and text[-1] in "sS" and text[-2] in _APOSTROPHES:
        return text[:-2]
    if len(text) > 3 and text[-1] in _APOSTROPHES and text[-2] in "sxzSXZ":
        return text[:-1]
    return text


def strip_leading_noise(text: str) -> str:
    """``Op Rutte`` → ``Rutte``, ``Premier Mark Rutte`` → ``Mark Rutte`` (person names only)."""
    words = text.split(" ")
    while len(words) > 1 and words[0][:1].isupper() and words[0].casefold() in LEADING_NOISE:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1 << 16)  # called for every name mention, twice; few distinct forms
def is_acronym(text: str) -> bool:
    """``NAVO``, ``VN``, ``PvdA``, ``D66``: one word, mostly capitals, at least two of them."""
    if not _ACRONYM.fullmatch(text):
        return False
    upper = sum(c.isupper() for c in text)
    return upper >= 2 and upper * 2 >= sum(c.isalpha() for c in text)


def acronym_after(text: str, end: int) -> str:
    """The acronym in parentheses right after offset ``end`` ("… Europa (OVSE)"), else ""."""
    match = _PAREN_AFTER.match(text, end)
    if match and is_acronym(match.group(1)):
        return match.group(1)
    return ""


@lru_cache(maxsize=1 << 16)
def initials(text: str) -> frozenset[str]:
    """Possible acronyms of a full name, upper case.

    Two readings: initials of the capitalised words only ("Internationaal Monetair Fonds"
    → IMF), and of all words ("Partij van de Arbeid" → PVDA). Capitals inside a word
    count too, so "BoerBurgerBeweging" → BBB.
    """
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    capital = "".join(_humps(w) for w in words if w[:1].isupper())
    every = "".join(_humps(w) if w[:1].isupper() else w[:1] for w in words)
    return frozenset({capital.upper(), every.upper()} - {""})


def _humps(word: str) -> str:
    letters = [word[0]]
    letters.extend(b for a, b in pairwise(word) if b.isupper() and a.islower())
    return "".join(letters)


def is_full_person_name(toks: tuple[str, ...]) -> bool:
    """Two or more tokens of which at least two are not particles ("Caroline van der Plas")."""
    return sum(t not in PARTICLES for t in toks) >= 2


@lru_cache(maxsize=1 << 16)
def person_runs(key: str) -> tuple[tuple[str, int], ...]:
    """Short forms a full person name allows, scored 2 for its endings and 1 for others.

    "luiz inacio lula da silva" allows "silva", "da silva", "lula da silva" (surnames,
    2) and "lula", "luiz", "inacio lula" (1). A name with fewer than two non-particle
    words is not a full name and allows nothing.
    """
    toks = tokens(key)
    if not is_full_person_name(toks):
        return ()
    n = len(toks)
    runs: dict[str, int] = {}
    for i in range(n):
        for j in range(i + 1, n + 1):
            if j - i < n and any(t not in PARTICLES for t in toks[i:j]):
                run = " ".join(toks[i:j])
                runs[run] = max(runs.get(run, 0), 2 if j == n else 1)
    return tuple(sorted(runs.items()))


@lru_cache(maxsize=1 << 16)
def org_runs(key: str) -> tuple[tuple[str, int], ...]:
    """Short forms of an organisation name within one article.

    Its head before a qualifier ("congres" of "congres van de verenigde staten") or its
    last word(s) ("veiligheidsraad" of "vn veiligheidsraad").
    """
    toks = tokens(key)
    runs = {" ".join(toks[:i]) for i in range(1, len(toks)) if toks[i] in CONNECTORS}
    runs |= {" ".join(toks[i:]) for i in range(1, len(toks)) if toks[i] not in CONNECTORS}
    return tuple((run, 1) for run in sorted(runs))


@lru_cache(maxsize=1 << 16)
def slug_id(name: str) -> str:
    """URL id of a canonical name; names without Latin letters or digits get a hash.

    Cached: the same few thousand names are slugified on every build of the live server."""
    slug = slugify(name)
    if slug:
        return slug
    return "actor-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
