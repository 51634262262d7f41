"""Building blocks of the Dutch name rules: candidate spans, priorities, word shapes.

Pure functions over token strings; the rule classes in ``rulebase``, ``model_spans``
and ``rules`` combine them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitegen.nlp.lexicon import Lexicon

# Priorities: higher wins when candidate spans overlap (ties: longer wins).
KNOWLEDGE, LEXICON, MODEL, PLACE, NAME, GUESS = 50, 40, 30, 25, 20, 10

# Buildings that stand for the institution in them: ORG, unless one is *in* them.
BUILDINGS = frozenset(
    {"Witte Huis", "Kremlin", "Élysée", "Torentje", "Binnenhof", "Pentagon", "Downing Street"}
)
OPENERS = frozenset({"„", "“", "‘", '"', "'", "(", ":", "—", "–", "-", "‚", "«", "‹", "["})
SENT_END = frozenset({".", "!", "?", "…"})
LOC_PREPS = frozenset({"in", "uit", "naar", "te", "vanuit", "nabij", "rond", "richting", "bij"})
# Lowercase head words that belong to the ORG span: "ministerie van Financiën",
# "rechtbank Rotterdam", "gerechtshof Den Haag", "politie Oost-Brabant".
ORG_LOWER_HEADS = frozenset({"ministerie", "rechtbank", "gerechtshof", "politie"})
DAY_PARTS = ("avond", "middag", "ochtend", "nacht", "morgen", "namiddag")
MINISTER_WORDS = frozenset(
    {"minister", "ministers", "staatssecretaris", "bewindsman", "bewindsvrouw"}
)
PORTFOLIO = frozenset(
    [
        "Buitenlandse",
        "Binnenlandse",
        "Zaken",
        "Financiën",
        "Defensie",
        "Justitie",
        "Veiligheid",
        "Economische",
        "Sociale",
        "Werkgelegenheid",
        "Volksgezondheid",
        "Welzijn",
        "Sport",
        "Onderwijs",
        "Cultuur",
        "Wetenschap",
        "Landbouw",
        "Natuur",
        "Voedselkwaliteit",
        "Infrastructuur",
        "Waterstaat",
        "Klimaat",
        "Energie",
        "Asiel",
        "Migratie",
        "Handel",
        "Ontwikkelingssamenwerking",
        "Koninkrijksrelaties",
        "Rechtsbescherming",
        "Medische",
        "Zorg",
        "Milieu",
        "Verkeer",
        "Economie",
        "Arbeid",
        "Binnenland",
        "Buitenland",
        "Staat",
        "Wonen",
        "Ruimtelijke",
        "Ordening",
        "Integratie",
        "Vreemdelingenzaken",
        "Immigratie",
        "Europese",
        "Buitenlandse",
        "Handel",
        "Jeugd",
        "Gezin",
        "Emancipatie",
        "Digitalisering",
        "Toeslagen",
        "Douane",
    ]
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed entity over tokens ``[start, end)``."""

    start: int
    end: int
    label: str
    priority: int


def is_cap(word: str) -> bool:
    """A name part: capitalised (``D66`` too) or ``al-Assad``; not a hyphen-prefix compound."""
    if not word:
        return False
    if not word[0].isupper():
        return bool(_NAME_PREFIX.match(word))  # al-Assad, el-Sisi, bin-Laden
    if "-" in word:
        head, tail = word.rsplit("-", 1)
        if tail and not tail[0].isupper() and not tail[0].isdigit():
            # VN-ambassadeur, NAVO-top, Sovjet-landen, Rutte-achtig are not names;
            # Ki-moon, Chee-hwa, Jae-in (short syllables of a given name) are
            return len(tail) <= 4 and len(head) <= 5 and head[1:].islower()
    return True


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(word) <= 8


def is_title(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    if low in lex.titles:
        return True
    if "-" in low:
        return low.rsplit("-", 1)[1] in lex.titles  # EU-commissaris, VN-gezant
    # compounds: "Kamervoorzitter", "oud-premier", "partijleider"; in another language its
    # own titles end them too ("Außenministerin", "Bundestagspräsidentin")
    return len(low) > 9 and (any(low.endswith(t) for t in _TITLE_TAILS) or low.endswith(lex.title_tails))


# Endings of ordinary Dutch words (plurals, adjectives, nouns) rare in foreign names.
_WORD_ENDINGS = (
    "ers",
    "en",
    "ige",
    "lijk",
    "lijke",
    "heid",
    "ing",
    "ingen",
    "ische",
    "isch",
    "lang",
    "baar",
    "loos",
    "zaam",
    "tie",
    "ties",
    "teit",
    "schap",
)
_NAME_PREFIX = re.compile(r"(?:al|el|ul|bin|ibn|abu|ben|ould)-[A-Z]")
_ROAD = re.compile(r"[ANE]\d{1,3}")
_STREET_ENDINGS = ("straat", "gracht", "dijk", "plein", "laan", "kade", "singel", "steeg", "weg")
_ADJ_ENDINGS = ("se", "sche", "ische", "ese", "ense", "aanse", "ige", "lijke")
_TITLE_TAILS = (
    "voorzitter",
    "president",
    "minister",
    "commissaris",
    "secretaris",
    "woordvoerder",
    "burgemeester",
    "ambassadeur",
    "directeur",
    "kanselier",
    "premier",
    "leider",
)


def initial_flags(words: Sequence[str], sent_starts: Sequence[bool]) -> list[bool]:
    """True where a word is capitalised for position only: sentence or quote start."""
    flags = [False] * len(words)
    prev_open = True
    for i, word in enumerate(words):
        if sent_starts[i]:
            prev_open = True
        if not word.strip():
            prev_open = prev_open or "\n" in word
            continue
        flags[i] = prev_open
        prev_open = word in OPENERS or word in SENT_END
    return flags


def select(cands: list[Candidate], n: int) -> list[Candidate]:
    """Non-overlapping subset: highest priority first, then longest, then leftmost."""
    taken = [False] * n
    chosen: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if any(taken[c.start : c.end]):
            continue
        for k in range(c.start, c.end):
            taken[k] = True
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _is_initials(word: str) -> bool:
    """``W.J.`` or ``J.``: initials before a surname."""
    return (
        len(word) >= 2
        and word.endswith(".")
        and all(p.isupper() and len(p) == 1 for p in word[:-1].split("."))
    )


def _strip_genitive(text: str) -> str:
    if text.endswith(("'s", "’s")):
        return text[:-2]
    if text.endswith("s") and len(text) > 3:
        return text[:-1]
    return text
