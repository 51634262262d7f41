"""Shared helpers of the rule classes: ordinary words, trimming, cue words, ministries."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.nlp.lexicon import Lexicon
from sitegen.nlp.shapes import (
    _ADJ_ENDINGS,
    DAY_PARTS,
    LEXICON,
    MINISTER_WORDS,
    ORG_LOWER_HEADS,
    PORTFOLIO,
    SENT_END,
    Candidate,
    _is_initials,
    is_acronym,
    is_cap,
    is_title,
)


class RuleBase:
    """The lexicon and the small tests every rule needs."""

    def __init__(self, lex: Lexicon, fill: str = "all") -> None:
        self.lex = lex
        # "all": type every capitalised run; "strong": only with evidence; "nouns": as
        # strong, for a language that capitalises its nouns (pipeline.default_fill)
        self.fill = fill
        self._cue_exact = dict(lex.cues)
        self._cue_suffix = tuple(
            sorted(((w, lab) for w, lab in lex.cues if len(w) >= 4), key=lambda x: -len(x[0]))
        )

    def cue_label(self, word: str) -> str:
        """ORG/MISC/LOC when ``word`` is a lowercase noun saying what the next name is."""
        if not word or not word[0].islower():
            return ""
        label = self._cue_exact.get(word)
        if label:
            return label
        for suffix, lab in self._cue_suffix:
            if word.endswith(suffix):
                return lab
        return ""

    # -- helpers -------------------------------------------------------------------

    def _ordinary(self, word: str) -> bool:
        low = word.lower()
        return (
            low in self.lex.common_words
            or low in self.lex.corpus_vocab
            or low in self.lex.months
            or is_title(word, self.lex)
        )

    def _trim(
        self, words: Sequence[str], init: Sequence[bool], s: int, e: int
    ) -> tuple[int, int, bool]:
        """Drop leading titles, position-capitalised ordinary words and a known word right
        before a title ("German Chancellor"); report a title cue."""
        cue = False
        if self.fill == "nouns":
            # every noun has a capital, so a run is often nouns and then a name: it starts
            # at its known given name ("Der Maler [Gerhard Richter]", "Laut [Hans Kaiser]")
            named = next((k for k in range(s + 1, e - 1) if words[k] in self.lex.first_names), None)
            if named is not None:
                s, cue = named, True
        if s >= 2 and words[s - 1].islower() and is_title(words[s - 2], self.lex):
            # a title's portfolio before the name: "Secretary of [State] Antony Blinken",
            # "Minister of [Defence] Ben Wallace": the name starts at its given name
            named = next((k for k in range(s + 1, e - 1) if words[k] in self.lex.first_names), None)
            if named is not None:
                s, cue = named, True
        while s < e:
            w = words[s]
            if is_title(w, self.lex):
                cue = True
                s += 1
            elif s + 2 < e and is_title(words[s + 1], self.lex) and w.lower() in self.lex.corpus_vocab:
                s += 1  # a known word before a title: "German Chancellor Olaf Scholz"
            elif (
                w.lower() in self.lex.months
                or init[s]
                and self._ordinary(w)
                and not (
                    # "Der Plan", "La Commission": an article before one word, not "De Vries"
                    e - s > (2 if w.lower() in self.lex.articles else 1)
                    and w.lower() in self.lex.particles
                    and not words[s + 1].endswith(_ADJ_ENDINGS)
                    and not is_acronym(words[s + 1])
                )
            ):
                s += 1
            else:
                break
        while e > s and (
            words[e - 1].lower() in self.lex.months or is_title(words[e - 1], self.lex)
        ):
            e -= 1
        return s, e, cue

    def _is_day(self, word: str) -> bool:
        low = word.lower()
        if low in self.lex.months:
            return True
        return low.endswith(DAY_PARTS) and any(
            low.startswith(d) for d in self.lex.months if d.endswith("dag")
        )

    def _person_cue(self, words: Sequence[str], s: int, e: int) -> bool:
        """Evidence that words[s:e] is a person whatever a model said: title, given name."""
        if s > 0 and is_title(words[s - 1], self.lex):
            return True
        if s > 1 and words[s - 1] == "." and is_title(words[s - 2] + ".", self.lex):
            return True
        first = words[s]
        if e - s > 1 and (first in self.lex.first_names or _is_initials(first)):
            return True
        return (
            e - s > 1
            and first[0].isupper()
            and first.lower() in self.lex.particles
            and s > 0
            and words[s - 1] not in SENT_END
        )

    def _ministries(self, words: Sequence[str]) -> list[Candidate]:
        """``ministerie van Buitenlandse Zaken`` is one ORG including the lowercase head."""
        out: list[Candidate] = []
        n = len(words)
        for i, w in enumerate(words):
            if w not in ORG_LOWER_HEADS or i + 1 >= n:
                continue
            j = i + 2 if words[i + 1] in ("van", "voor") else i + 1
            if j == i + 1 and (w == "ministerie" or not is_cap(words[j])):
                continue
            while j < n and (
                words[j] in PORTFOLIO
                or is_cap(words[j])
                or (words[j] == "en" and j + 1 < n and is_cap(words[j + 1]))
            ):
                j += 1
            if j > i + 2 or (j == i + 2 and words[i + 1] not in ("van", "voor")):
                out.append(Candidate(i, j, "ORG", LEXICON + 1))
        return out

    def _portfolios(self, words: Sequence[str], taken: list[bool]) -> None:
        """``minister van Buitenlandse Zaken`` names a function, not an entity: skip it."""
        n = len(words)
        for i, w in enumerate(words):
            if w.lower() not in MINISTER_WORDS or i + 2 >= n or words[i + 1] not in ("van", "voor"):
                continue
            j = i + 2
            while (
                j < n
                and not taken[j]
                and (
                    words[j] in PORTFOLIO
                    or (words[j] == "en" and j + 1 < n and words[j + 1] in PORTFOLIO)
                )
            ):
                taken[j] = True
                j += 1
