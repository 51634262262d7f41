"""Dutch name rules: turn tokens + known-name matches + model guesses into entity spans.

This is plain Python over lists of token strings, so it is testable without spaCy and
cheap enough for the hot loop. ``resolve`` decides, in order of trust:

1. knowledge-file names and aliases (the editors said so);
2. gazetteer and lexicon matches (countries, demonyms, well-known organisations),
   longest first, unless a longer statistical span covers them;
3. statistical spans (when a model ran), cleaned of the known traps;
4. capitalised runs that neither covered, typed by Dutch name shape (given names,
   particles, titles as cues outside the span, head words, acronyms) and by what the
   same document already said about the same name (surnames, genitive -s).

Filters drop what the guidelines say is never an entity: sentence-initial ordinary words,
month and weekday names, ``Lees ook``, compounds like ``VN-ambassadeur``, titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from sitegen.nlp.model_spans import ModelSpanRules
from sitegen.nlp.shapes import (
    _WORD_ENDINGS,
    BUILDINGS,
    GUESS,
    KNOWLEDGE,
    LEXICON,
    LOC_PREPS,
    MODEL,
    NAME,
    PLACE,
    PORTFOLIO,
    Candidate,
    _strip_genitive,
    initial_flags,
    is_acronym,
    is_cap,
    is_title,
    select,
)

_INSIDE = LOC_PREPS | {"op", "naar"}
_SCORE = re.compile(r"\d{1,2}-\d{1,2}")  # a match result, as one token ("2-0")
_CLUB_NOT_AFTER = _INSIDE | {"door", "over", "tot"}  # "in Lokeren": the place


class Resolver(ModelSpanRules):
    """Applies the rules above with one lexicon; one instance per pipeline."""

    def _runs(self, words: Sequence[str], taken: Sequence[bool]) -> list[tuple[int, int]]:
        """Maximal capitalised runs over free tokens, joined by lowercase particles."""
        n = len(words)
        runs: list[tuple[int, int]] = []
        i = 0
        particles = self.lex.particles
        while i < n:
            if taken[i] or not is_cap(words[i]):
                i += 1
                continue
            j = i + 1
            while j < n and not taken[j]:
                if is_cap(words[j]):
                    j += 1
                    continue
                # particles: "Jaap de Hoop Scheffer", "Ursula von der Leyen"
                k = j
                while k < n and k - j < 3 and words[k] in particles and not taken[k]:
                    k += 1
                if (
                    k > j
                    and k < n
                    and not taken[k]
                    and is_cap(words[k])
                    and self._joins(words, i, j, k)
                ):
                    j = k + 1
                    continue
                break
            runs.append((i, j))
            i = j
        return runs

    def _joins(self, words: Sequence[str], i: int, j: int, k: int) -> bool:
        """May particles words[j:k] join the run words[i:j] to the name part words[k]?"""
        if is_acronym(words[k]):
            return False
        head = words[i:j]
        if any(w in self.lex.first_names for w in head):
            return True
        if words[i].lower() in self.lex.particles:  # "Van der Wal", "De Hoop Scheffer"
            return True
        if any(w in self.lex.org_heads for w in head):  # "Partij van de Arbeid"
            return True
        return i > 0 and is_title(words[i - 1], self.lex)

    # -- typing ----------------------------------------------------------------------

    def _shape_label(self, words: Sequence[str], s: int, e: int, cue: bool) -> tuple[str, int]:
        """Label and priority from the shape of words[s:e] and its left context."""
        lex = self.lex
        first, last = words[s], words[e - 1]
        prev = words[s - 1].lower() if s > 0 else ""
        if cue or (s > 0 and is_title(words[s - 1], lex)):
            return "PER", NAME
        if first in lex.first_names and e - s > 1:
            return "PER", NAME
        if e - s == 1 and is_acronym(first):
            return "ORG", NAME
        if e - s == 1 and self.fill == "nouns":
            return "PER", GUESS  # every noun has a capital: "Plan", "Museum" alone are nouns
        if e - s == 1 and prev in lex.articles:
            return "ORG", GUESS  # "the Commission", "la Cour": an institution, not a person
        if last in lex.org_heads or first in lex.org_heads:
            return "ORG", NAME
        if last in lex.loc_heads or first in lex.loc_heads:
            return "LOC", NAME
        if last in lex.misc_heads:
            return "MISC", NAME
        low = last.lower()
        if e - s == 1 and low.endswith(lex.loc_suffixes) and len(low) > 6:
            return "LOC", NAME
        if low.endswith(lex.misc_suffixes) and len(low) > 6:
            return "MISC", NAME
        if e - s == 1 and (
            low.endswith(("se", "sche", "isch", "ees", "ese")) and not first.endswith("sse")
        ):
            return "MISC", GUESS
        if prev in LOC_PREPS:
            return "LOC", GUESS
        if first in lex.first_names:
            return "PER", NAME
        return "PER", GUESS

    # -- main ----------------------------------------------------------------------

    def resolve(
        self,
        words: Sequence[str],
        sent_starts: Sequence[bool],
        matches: Sequence[Candidate],
        model: Sequence[Candidate] = (),
        never: frozenset[str] = frozenset(),
    ) -> list[Candidate]:
        n = len(words)
        init = initial_flags(words, sent_starts)
        matches = [*matches, *self._sport_codes(words, matches)]
        cands: list[Candidate] = list(matches)
        exact = {(c.start, c.end) for c in matches if c.priority >= PLACE}
        blocked = {k for c in matches if c.priority >= PLACE for k in range(c.start, c.end)}
        strong = {k for c in matches if c.priority >= LEXICON for k in range(c.start, c.end)}
        # the knowledge file's people: a surname alias may end another person's name ("José Gómez")
        people = {k for c in matches if c.priority == KNOWLEDGE and c.label == "PER" for k in range(c.start, c.end)}
        demonyms = frozenset(c.start for c in matches if c.label == "MISC" and c.end == c.start + 1
                             and c.priority >= PLACE)
        cleaned = self._clean_model(words, init, sent_starts, model, exact, blocked, strong, people, demonyms)
        cleaned = self._lone_initials(words, init, cleaned)
        kept, cleaned = self._nested(list(matches), cleaned, words)
        cands = kept + cleaned
        cands.extend(self._ministries(words))
        cands = self._free_first_names(words, cands)
        chosen = select(cands, n)
        taken = [False] * n
        for c in chosen:
            for k in range(c.start, c.end):
                taken[k] = True
        self._portfolios(words, taken)

        # Document memory from what is already typed: surnames of full names, etc.
        memory: dict[str, str] = {}
        for c in chosen:
            self._remember(memory, words, c)

        pending: list[tuple[int, int, bool]] = []
        for s, e in self._runs(words, taken):
            s, e, cue = self._trim(words, init, s, e)
            if s < e:
                pending.append((s, e, cue))
        guessed: list[Candidate] = []
        for s, e, cue in pending:
            label, prio = self._shape_label(words, s, e, cue)
            if prio >= NAME:
                cand = Candidate(s, e, label, prio)
                guessed.append(cand)
                self._remember(memory, words, cand)
        strong_spans = {(c.start, c.end) for c in guessed}
        seen = Counter(words) if self.fill == "all" else None  # how often each word occurs
        for s, e, cue in pending:
            if (s, e) in strong_spans:
                continue
            text = " ".join(words[s:e])
            known = memory.get(text) or memory.get(_strip_genitive(text))
            if known:
                guessed.append(Candidate(s, e, known, NAME))
                continue
            if self.fill in ("strong", "nouns"):
                continue
            if e - s == 1 and init[s] and self._ordinary(words[s]):
                continue
            if e - s == 1 and words[s].lower() in self.lex.corpus_vocab:
                continue
            if seen is not None and e - s == 1 and init[s] and seen[words[s]] == 1:
                # no model and no word list knows it: a lone capital at the start of a
                # sentence, never written again, is more often a word ("Born in Moscow")
                continue
            if (
                self.fill == "unknown"
                and e - s == 1
                and (
                    words[s].lower().endswith(_WORD_ENDINGS)
                    or not words[s].isalpha()
                    or len(words[s]) < 3
                )
            ):
                continue
            label, prio = self._shape_label(words, s, e, cue)
            guessed.append(Candidate(s, e, label, prio))

        merged = self._merge_names(words, sorted(chosen + guessed, key=lambda c: c.start))
        merged = self._coordinated(words, merged)
        for c in merged:
            self._remember(memory, words, c)
        merged = self._clubs(words, sent_starts, self._buildings(words, merged))
        out = self._grow_people(words, init, self._relabel(merged, words, memory), blocked)
        return [
            c
            for c in sorted(out, key=lambda c: c.start)
            if " ".join(words[c.start : c.end]) not in never
        ]

    def _sport_codes(self, words: Sequence[str], matches: Sequence[Candidate]) -> list[Candidate]:
        """A country's code in brackets right after a name, as results lists and line-ups
        write them ("Wout van Aert (Bel)", "Jutta Leerdam (NED)"): the country the athlete
        stands for, a place. A model alone read "(Ned)" as a person and "(Slo)" as an
        organisation, each an actor of its own. The annotator gives it its country."""
        if not self.lex.sport_codes:
            return []
        covered = {k for c in matches for k in range(c.start, c.end)}
        return [Candidate(i, i + 1, "LOC", LEXICON) for i in range(2, len(words) - 1)
                if words[i - 1] == "(" and words[i + 1] == ")" and words[i][:1].isupper() and i not in covered
                and is_cap(words[i - 2]) and self.lex.sport_country(words[i])]

    def _buildings(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """ "het Witte Huis liet weten" is the institution (ORG), "in het Witte Huis" the place."""
        out = []
        for c in cands:
            text = " ".join(words[c.start : c.end])
            if (
                c.label == "ORG"
                and text in BUILDINGS
                and c.start >= 2
                and words[c.start - 1] in ("het", "de")
                and words[c.start - 2] in _INSIDE
            ):
                c = Candidate(c.start, c.end, "LOC", c.priority)
            out.append(c)
        return out

    def _clubs(self, words: Sequence[str], sent_starts: Sequence[bool], cands: list[Candidate]) -> list[Candidate]:
        """A town in a sentence that gives a match score is the club named after it:
        "Genk won met 2-0 van Standard", "Anderlecht – Lokeren 3-1" (ORG), but "in Lokeren"
        stays the place. Countries are left alone (a national team is written as its
        country, LOC), and so are towns the editors or the lexicon typed."""
        scored: set[int] = set()  # sentence numbers with a score ("3-1", not "1-3 mei")
        sentence = [0] * len(words)
        number = 0
        for k, word in enumerate(words):
            if k and sent_starts[k]:
                number += 1
            sentence[k] = number
            if _SCORE.fullmatch(word) and not (k + 1 < len(words) and self._is_day(words[k + 1])):
                scored.add(number)
        if not scored:
            return cands
        out = []
        for c in cands:
            if (
                c.label == "LOC"
                and c.priority == PLACE
                and sentence[c.start] in scored
                and not (c.start and words[c.start - 1].lower() in _CLUB_NOT_AFTER)
            ):
                c = Candidate(c.start, c.end, "ORG", c.priority)
            out.append(c)
        return out

    def _coordinated(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """ "Merkel en Macron": a one-word model place (or MISC) next to a person in a list is a
        person, and so on along the list ("Berghuis; Bergwijn, Brobbey, Godts": a line-up)."""
        out = list(cands)
        retyped: set[int] = set()  # each candidate changes type once at most: a list cannot flip back and forth
        while self._coordinate_once(words, out, retyped):  # each change may let its neighbour change
            pass
        return out

    def _coordinate_once(self, words: Sequence[str], out: list[Candidate], retyped: set[int]) -> bool:
        changed = False
        for i, c in enumerate(out):
            if c.priority != MODEL or c.end - c.start != 1 or i in retyped:
                continue
            if c.label == "ORG" and self._between_people(words, out, i):
                out[i] = Candidate(c.start, c.end, "PER", c.priority)  # "Wijndal; Taylor, Henderson"
                retyped.add(i)
                changed = True
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(out):
                    o = out[j]
                    gap = words[o.end : c.start] if j < i else words[c.end : o.start]
                    if gap not in (["en"], [","], [";"], ["of"], ["en", "met"], ["met"]):
                        continue
                    if c.label in ("LOC", "MISC") and o.label == "PER":
                        out[i] = Candidate(c.start, c.end, "PER", c.priority)
                        retyped.add(i)
                        changed = True
                        break
                    if (
                        c.label != "LOC"
                        and o.label == "LOC"
                        and o.priority in (LEXICON, PLACE)
                        and gap not in (["met"], [";"])
                    ):
                        out[i] = Candidate(
                            c.start, c.end, "LOC", c.priority
                        )  # "Agdam, Kelbadzjar en Latsjin"
                        retyped.add(i)
                        changed = True
                        break
        return changed

    def _grow_people(
        self, words: Sequence[str], init: Sequence[bool], cands: list[Candidate], blocked: set[int]
    ) -> list[Candidate]:
        """Grow person spans leftwards over the particles the model left out.

        "De" + "Klerk" at a sentence start, "zei Van" + "Haersma Buma".
        """
        taken = {k for c in cands for k in range(c.start, c.end)}
        out: list[Candidate] = []
        for c in cands:
            if c.label == "PER" and c.priority < LEXICON:
                s = c.start
                k = s
                while k > 0 and words[k - 1] in self.lex.particles:
                    k -= 1
                if (
                    k > 0
                    and words[k - 1].lower() in self.lex.particles
                    and words[k - 1][0].isupper()
                ):
                    s = k - 1  # "Van der" / "De" written with a capital
                if s < c.start and not any(k2 in taken for k2 in range(s, c.start)):
                    c = Candidate(s, c.end, c.label, c.priority)
            out.append(c)
        return out

    @staticmethod
    def _between_people(words: Sequence[str], out: Sequence[Candidate], i: int) -> bool:
        """``out[i]`` stands in a list between two people: "Wijndal; Taylor, Henderson"."""
        if i == 0 or i + 1 >= len(out):
            return False
        before, c, after = out[i - 1], out[i], out[i + 1]
        return (before.label == after.label == "PER" and words[before.end:c.start] in ([","], [";"])
                and words[c.end:after.start] in ([","], [";"], ["en"]))

    def _merge_names(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """Join a person span with the name parts a model or matcher split off it."""
        out: list[Candidate] = []
        for c in cands:
            if out:
                a = out[-1]
                gap = words[a.end : c.start]
                joinable_gap = all(w in self.lex.particles for w in gap) and len(gap) <= 3
                if (
                    not gap
                    and a.label == "PER"
                    and a.end - a.start == 1
                    and words[a.start] in self.lex.first_names
                    and c.end - c.start == 1
                    and c.priority < KNOWLEDGE
                    and not is_acronym(words[c.start])
                ):
                    # "Gerard Philips", "Jan Rijn": a given name makes the next word a surname
                    out[-1] = Candidate(a.start, c.end, "PER", max(a.priority, c.priority))
                    continue
                if (
                    joinable_gap
                    and a.label == "PER"
                    and c.priority < LEXICON
                    and c.label in ("PER", "LOC", "MISC", "ORG")
                    and not is_acronym(words[c.start])
                    and words[c.start] not in PORTFOLIO
                    and words[c.start] not in self.lex.org_heads
                    and (
                        c.label == "PER"
                        or a.end - a.start == 1
                        and words[a.start] in self.lex.first_names
                    )
                ):
                    out[-1] = Candidate(a.start, c.end, "PER", max(a.priority, c.priority))
                    continue
                if (
                    not gap
                    and a.priority == MODEL == c.priority
                    and not is_acronym(words[a.start])
                    and not is_acronym(words[c.start])
                ):
                    # the model split one unknown name in two: "Themba" + "Nkosi"
                    label = "PER" if "PER" in (a.label, c.label) else c.label
                    out[-1] = Candidate(a.start, c.end, label, MODEL)
                    continue
                if (
                    a.label in ("MISC", "LOC")
                    and not gap
                    and c.end - c.start == 1
                    and words[c.start] in self.lex.misc_heads
                    and a.end - a.start == 1
                    and c.priority < KNOWLEDGE
                ):
                    # "Koreaanse" + "Oorlog", "Olympische" + "Spelen": one named event
                    out[-1] = Candidate(a.start, c.end, "MISC", max(a.priority, c.priority))
                    continue
                if (
                    a.label == "MISC"
                    and words[a.end - 1] in self.lex.misc_heads
                    and gap == ["van"]
                    and c.label == "LOC"
                    and c.priority < KNOWLEDGE
                ):
                    out[-1] = Candidate(a.start, c.end, "MISC", max(a.priority, c.priority))
                    continue  # "Protocol van Kyoto", "Akkoord van Kopenhagen"
                if (
                    a.label == "ORG"
                    and words[a.end - 1] in self.lex.org_heads
                    and gap
                    and gap[0] in ("van", "voor")
                    and all(w in ("van", "voor", "de", "het") for w in gap)
                    and c.priority < KNOWLEDGE
                ):
                    out[-1] = Candidate(a.start, c.end, "ORG", max(a.priority, c.priority))
                    continue
            out.append(c)
        return out

    def _remember(self, memory: dict[str, str], words: Sequence[str], c: Candidate) -> None:
        text = " ".join(words[c.start : c.end])
        memory.setdefault(text, c.label)
        if c.label == "PER" and c.end - c.start > 1:
            k = c.end - 1
            while k > c.start + 1 and words[k - 1].lower() in self.lex.particles:
                k -= 1
            surname = " ".join(words[k : c.end])
            memory.setdefault(surname, "PER")
            memory.setdefault(words[c.end - 1], "PER")
            # "Van der Plas" at the start of a sentence
            tail = words[k - 1 : c.end] if k - 1 > c.start else []
            if tail and tail[0].lower() in self.lex.particles:
                memory.setdefault(" ".join([tail[0].capitalize(), *tail[1:]]), "PER")

    def _relabel(
        self, cands: list[Candidate], words: Sequence[str], memory: dict[str, str]
    ) -> list[Candidate]:
        """Make a single-word surname agree with the full name the document gave earlier."""
        out: list[Candidate] = []
        for c in cands:
            if c.priority < LEXICON and c.end - c.start <= 3 and c.label != "PER":
                text = " ".join(words[c.start : c.end])
                if memory.get(text) == "PER" or memory.get(_strip_genitive(text)) == "PER":
                    c = Candidate(c.start, c.end, "PER", c.priority)
            out.append(c)
        return out
