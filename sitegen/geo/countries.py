"""Which countries an article concerns, and which one it is mainly about.

Countries come from LOC mentions (a country, or a city or region that lies in one) and
from nationality words ("Russische", "Amerikanen"). Every such mention puts its country
in the set: the gold annotations list each country an article mentions, even once in
passing. The primary country is the one with the highest weighted score, where the title
counts most and the lead more than the rest, because Dutch news names its subject up
front ("De Kazachstaanse president ..."). An editor's override (``countries`` in the
header or front matter) replaces the computed answer entirely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.geo.gazetteer import Gazetteer, Place
from sitegen.model import Mention

# Weights of one mention by where it stands. Measured on the gold dev set (33 articles,
# scripts/eval_countries.py): primary accuracy is flat (0.88-0.91) for a lead weight of 2-4
# and a first-mention bonus of 1-4, and drops outside; these sit in the middle.
TITLE_WEIGHT = 5.0
LEAD_WEIGHT = 3.0
BODY_WEIGHT = 1.0
# The first country named is usually where the story happens ("Zweden kan ... lid worden").
FIRST_MENTION_BONUS = 3.0

_MAX_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class CountryHit:
    """One mention's vote: which country, and with what weight."""

    code: str
    weight: float
    start: int


def mention_place(mention: Mention, gazetteer: Gazetteer) -> Place | None:
    """The gazetteer entry of a LOC or nationality mention, also in the genitive ("Ruslands")."""
    if mention.label not in ("LOC", "MISC"):
        return None
    place = gazetteer.lookup(mention.text)
    if place is None:
        for suffix in ("'s", "’s", "s"):
            if mention.text.endswith(suffix) and len(mention.text) > len(suffix) + 2:
                place = gazetteer.lookup(mention.text[: -len(suffix)])
                if place is not None:
                    break
    if place is None:
        return None
    if mention.label == "MISC" and place.kind != "nationality":
        return None  # a MISC span named after a place is an event or product ("Nord Stream 2")
    return place


def mention_country(mention: Mention, gazetteer: Gazetteer) -> str:
    """The ISO code a mention contributes: the annotator's answer, else the gazetteer's."""
    if mention.country:
        return mention.country if mention.label in ("LOC", "MISC") else ""
    place = mention_place(mention, gazetteer)
    return place.code if place is not None else ""


def title_places(title: str, gazetteer: Gazetteer) -> tuple[Place, ...]:
    """Places named in a title, found by looking up word n-grams, longest first.

    Titles are not annotated, so this is a plain gazetteer scan; only capitalised words
    start a match, which keeps "polen" (the verb) from counting as Polen.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(title)]
    found: list[Place] = []
    i = 0
    while i < len(words):
        step = 1
        if title[words[i][0]].isupper():
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                surface = title[words[i][0] : words[i + n - 1][1]].rstrip(".")
                place = gazetteer.lookup(surface)
                if place is not None:
                    found.append(place)
                    step = n
                    break
        i += step
    return tuple(found)


def _hits(
    mentions: Sequence[Mention], title: str, lead_end: int, gazetteer: Gazetteer
) -> Iterable[CountryHit]:
    for place in title_places(title, gazetteer):
        if place.code:
            yield CountryHit(place.code, TITLE_WEIGHT, -1)
    for mention in mentions:
        code = mention_country(mention, gazetteer)
        if not code:
            continue
        weight = LEAD_WEIGHT if mention.start < lead_end else BODY_WEIGHT
        yield CountryHit(code, weight, mention.start)


def article_countries(
    mentions: Sequence[Mention],
    title: str,
    lead_end: int,
    override: Sequence[str],
    gazetteer: Gazetteer,
) -> tuple[tuple[str, ...], str]:
    """(sorted ISO codes the article concerns, primary code or "").

    ``mentions`` carry offsets into the article text, whose first paragraph (the lead)
    ends at ``lead_end``; ``title`` is scanned with the gazetteer. ``override`` wins
    whole when given, its first code being the primary one.
    """
    if override:
        codes = tuple(dict.fromkeys(code.strip().upper() for code in override if code.strip()))
        if codes:
            return tuple(sorted(codes)), codes[0]
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for hit in _hits(mentions, title, lead_end, gazetteer):
        scores[hit.code] = scores.get(hit.code, 0.0) + hit.weight
        first.setdefault(hit.code, hit.start)
    if not scores:
        return (), ""
    opener = min(first, key=lambda code: first[code])
    scores[opener] += FIRST_MENTION_BONUS
    primary = max(sorted(scores), key=lambda code: (scores[code], -first[code]))
    return tuple(sorted(scores)), primary
