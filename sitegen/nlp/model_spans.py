"""Rules that clean what a statistical model proposed before it joins the other evidence.

A small CNN trained on a few tens of thousands of words makes typical mistakes: it glues a
title, a demonym or a function to a name, splits one name in two, guesses at capitalised
words at the start of a sentence. These methods undo those mistakes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.nlp.rulebase import RuleBase
from sitegen.nlp.shapes import (
    _ROAD,
    _STREET_ENDINGS,
    _WORD_ENDINGS,
    KNOWLEDGE,
    LEXICON,
    MINISTER_WORDS,
    ORG_LOWER_HEADS,
    PLACE,
    PORTFOLIO,
    Candidate,
    _is_initials,
    _strip_genitive,
    is_acronym,
    is_cap,
    is_title,
)

_PLACE_PREPS = frozenset({"in", "uit", "naar", "van", "bij", "te", "vanuit", "nabij"})
_DEMONYM_ENDINGS = (
    "se",
    "s",
    "er",
    "ers",
    "aan",
    "anen",
    "ees",
    "ezen",
    "iër",
    "iërs",
    "isch",
    "ijn",
    "ijnen",
)


def _at_semicolons(words: Sequence[str], model: Sequence[Candidate]) -> list[Candidate]:
    """The model's spans split where a semicolon stands in one: "Dest; Schouten" in a line-up
    is two names, each with the span's type."""
    out: list[Candidate] = []
    for c in model:
        start = c.start
        for k in range(c.start, c.end):
            if words[k] == ";":
                if k > start:
                    out.append(Candidate(start, k, c.label, c.priority))
                start = k + 1
        if start < c.end:
            out.append(Candidate(start, c.end, c.label, c.priority) if start != c.start else c)
    return out


class ModelSpanRules(RuleBase):
    """Cleaning of model spans; mixed into :class:`sitegen.nlp.rules.Resolver`."""

    def _clean_model(
        self,
        words: Sequence[str],
        init: Sequence[bool],
        starts: Sequence[bool],
        model: Sequence[Candidate],
        exact: set[tuple[int, int]],
        blocked: set[int],
        strong: set[int],
        people: set[int],
        demonyms: frozenset[int] = frozenset(),
    ) -> list[Candidate]:
        """Statistical spans minus the known traps, with person cues applied.
        ``demonyms``: where a one-word nationality the gazetteer knows starts ("Sloveen").

        Where the gazetteer knows exactly the same words, the gazetteer's type wins
        ("Kabul" is a place even when the model guessed a person), unless a title
        says otherwise ("president Santos").
        """
        out: list[Candidate] = []
        for c in _at_semicolons(words, model):
            end = next((k for k in range(c.start + 1, c.end) if starts[k]), c.end)  # "VN. Daarna"
            s, e, cue = self._trim(words, init, c.start, end)
            if s >= e or any(self._is_day(w) for w in words[s:e]):
                continue
            if (s, e) in exact and not (cue or (s > 0 and is_title(words[s - 1], self.lex))):
                continue
            # a function: "minister van Economie Sergio Massa"
            if (
                s >= 2
                and words[s - 1] in ("van", "voor")
                and words[s - 2].lower() in MINISTER_WORDS
            ):
                while s < e and (words[s] in PORTFOLIO or words[s] == "en"):
                    s += 1
            # trailing lowercase words are never part of a name here ("Agt riepen"),
            # leading ones neither ("G7-landen Oekraïne")
            while e > s and not (is_cap(words[e - 1]) or words[e - 1][0].isdigit()):
                e -= 1
            while s < e and not is_cap(words[s]) and words[s] not in ORG_LOWER_HEADS:
                s += 1
            if (s, e) in exact and (s, e) != (c.start, c.end):
                continue
            if s >= e:
                continue
            if e - s == 1 and (
                not is_cap(words[s])
                or words[s].lower() in self.lex.common_words
                or (init[s] and self._ordinary(words[s]))
            ):
                continue
            label = c.label
            # "Hongaarse premier Viktor Orbán", "Zweed Sam Larsson": the name is the person
            k = next((k for k in range(e - 2, s - 1, -1) if is_title(words[k], self.lex)), -1)
            if k >= 0 and is_cap(words[k + 1]):
                s, label, cue = k + 1, "PER", True
            elif self._demonym_before_name(words, demonyms, s, e):
                s, label, cue = s + 1, "PER", True  # "de Sloveen Tadej Pogačar": the nationality stays apart
            elif s in strong and e - s > 1 and words[s + 1] in self.lex.first_names:
                s, label = s + 1, "PER"
            if e - s == 1 and _ROAD.fullmatch(words[s]):
                label = "LOC"  # A12, N201
            elif (
                e - s == 1
                and label == "MISC"
                and s > 0
                and words[s - 1] in _PLACE_PREPS
                and not words[s].lower().endswith(_DEMONYM_ENDINGS)
            ):
                label = "LOC"  # "van Loppersum", "in Lampedusa": a place, not a nationality
            elif e - s == 1 and label == "PER" and is_acronym(words[s]):
                label = "ORG"  # ANWB, FNV: an acronym is hardly ever a person
            elif e - s == 1 and label != "PER":
                low = words[s].lower()
                if len(low) > 7 and low.endswith(_STREET_ENDINGS):
                    label = "LOC"  # Kerkstraat, Singelgracht, Waalbandijk
            # a capitalised particle just before: "De Wever", "zei Van Haersma Buma"
            k = s
            while k > 0 and words[k - 1].lower() in self.lex.particles and words[k - 1] != "'t":
                k -= 1
            if k < s and words[k][0].isupper() and label == "PER":
                s, label = k, "PER"
            if label != "PER" and (cue or self._person_cue(words, s, e)):
                label = "PER"
            elif label == "PER" and e - s > 1 and not cue:
                head = words[e - 1] if words[e - 1] in self.lex.org_heads else words[s]
                if head in self.lex.org_heads:
                    label = "ORG"  # "Wiener Philharmoniker", "Hoge Raad"
                elif words[s] in self.lex.loc_heads or words[e - 1] in self.lex.loc_heads:
                    label = "LOC"  # "Paleis Noordeinde"
            if not cue and label == "PER" and init[s] and e - s > 1 and is_cap(words[s + 1]) \
                    and (kind := self.cue_label(words[s].lower())):
                s, label = s + 1, kind  # "Investeerder Prosus kocht": the noun opens the sentence, not the name
            if not cue and s > 0:
                before = words[s - 1].lower() if init[s - 1] else words[s - 1]  # "Aannemer Heijmans kreeg"
                label = self.cue_label(before) or label
            if label == "PER":
                s, e = self._person_core(words, s, e, strong, people)
                while s < e and not is_cap(words[s]):
                    s += 1  # "van de Universiteit" left over
                if s >= e or (e - s == 1 and words[s].lower() in self.lex.common_words):
                    continue
            # a name that goes on: "Juan Manuel" + "Santos", "Pieter Cort" + "van der Linden"
            if label == "PER":
                e = self._extend_person(words, starts, blocked, s, e)
            out.append(Candidate(s, e, label, c.priority))
        return out

    def _person_core(
        self, words: Sequence[str], s: int, e: int, blocked: set[int], people: set[int]
    ) -> tuple[int, int]:
        """Cut what a model glued to a name: "Noor Jens Stoltenberg", "Lavrov Rusland",
        "Blinken van Buitenlandse Zaken", "Rutte van de VVD".

        ``blocked`` holds tokens of countries, demonyms, known organisations and the
        knowledge file's names: a town name inside a person span is usually a surname
        ("Juan Manuel Santos"). A known person's name (``people``) at the end is not cut
        off: it may be a surname alias ending someone else's name ("José Gómez"; see
        ``_other_given_name``).
        """
        while s < e and s in blocked and words[s] not in self.lex.first_names:
            s += 1
        while e > s and (e - 1) in blocked and (e - 1) not in people:
            e -= 1
        while e > s and not is_cap(words[e - 1]):
            e -= 1  # what joined the cut part on: "Tokajev van" (Kazachstan)
        for k in range(s + 1, e):
            if words[k] in ("van", "uit", "namens"):
                j = k + 1
                while j < e and words[j] in ("de", "het", "der", "den"):
                    j += 1
                if j < e and (
                    words[j] in PORTFOLIO
                    or is_acronym(words[j])
                    or j in blocked
                    or words[j] in self.lex.org_heads
                    or (words[j] in ("La", "Le", "El", "Il", "The", "Die") and j > k + 1)
                ):
                    return s, k
        return s, e

    def _lone_initials(
        self, words: Sequence[str], init: Sequence[bool], cands: list[Candidate]
    ) -> list[Candidate]:
        """Drop a one-word guess at a sentence start that the text never repeats.

        "Betogers scandeerden …", "Wekenlang gingen …": the model sees a capital and guesses.
        A real name at a sentence start nearly always appears elsewhere in the article too
        (in full, or mid-sentence), so a word seen nowhere else is taken as ordinary.
        """
        elsewhere: set[str] = set()
        for i, w in enumerate(words):
            if not init[i] and w[:1].isupper():
                elsewhere.add(w)
        for c in cands:
            if c.end - c.start > 1:
                elsewhere.update(words[c.start : c.end])
        out = []
        for c in cands:
            if c.end - c.start == 1 and init[c.start]:
                w = words[c.start]
                base = _strip_genitive(w)
                if (
                    w not in elsewhere
                    and base not in elsewhere
                    and w not in self.lex.first_names
                    and not is_acronym(w)
                    and (w.lower() in self.lex.corpus_vocab or w.lower().endswith(_WORD_ENDINGS))
                ):
                    continue
            out.append(c)
        return out

    def _extend_person(
        self, words: Sequence[str], starts: Sequence[bool], blocked: set[int], s: int, e: int
    ) -> int:
        """Grow a person span over following name parts (not across a sentence end)."""
        n = len(words)
        given = all(w in self.lex.first_names for w in words[s:e])  # "Peter Paul" + "de Vries"
        while e < n and not starts[e] and e not in blocked:
            w = words[e]
            if (
                is_cap(w)
                and not is_acronym(w)
                and not self._is_day(w)
                and w not in self.lex.org_heads
            ):
                e += 1
                continue
            if given and w in self.lex.particles:
                k = e
                while k < n and k - e < 3 and words[k] in self.lex.particles:
                    k += 1
                if k < n and is_cap(words[k]) and not is_acronym(words[k]):
                    e = k + 1
                    continue
            break
        return e

    def _nested(
        self, matches: list[Candidate], model: list[Candidate], words: Sequence[str]
    ) -> tuple[list[Candidate], list[Candidate]]:
        """Where a gazetteer match and a model span nest, keep the longer one.

        "Rio de Janeiro" (gazetteer) beats the model's "Rio"; the model's "Hoge Raad van
        de Strijdkrachten" beats the lexicon's "Hoge Raad". Exact ties were settled before.
        The knowledge file wins over a longer span, except where that span is a person
        whose given name the knowledge match leaves out (``_other_given_name``).
        """
        if not matches or not model:
            return matches, model
        drop_m: set[int] = set()
        drop_x: set[int] = set()
        for i, x in enumerate(matches):
            for j, m in enumerate(model):
                if m.end <= x.start or m.start >= x.end:
                    continue
                if x.start <= m.start and m.end <= x.end and (x.end - x.start) > (m.end - m.start):
                    drop_m.add(j)
                elif (
                    m.start <= x.start
                    and x.end <= m.end
                    and (m.end - m.start) > (x.end - x.start)
                    and (x.priority < KNOWLEDGE or self._other_given_name(words, m, x))
                ):
                    drop_x.add(i)
        for j, m in enumerate(model):
            inside = [
                x
                for x in matches
                if x.priority >= LEXICON and m.start <= x.start and x.end <= m.end
            ]
            if len(inside) >= 2 and sum(x.end - x.start for x in inside) == m.end - m.start:
                drop_m.add(j)  # "NAVO Rusland": two known names, not one unknown
                drop_x.difference_update(i for i, x in enumerate(matches) if x in inside)
        return (
            [x for i, x in enumerate(matches) if i not in drop_x],
            [m for j, m in enumerate(model) if j not in drop_m],
        )

    def _other_given_name(self, words: Sequence[str], person: Candidate, known: Candidate) -> bool:
        """``person`` (a model span) is someone else than the knowledge file's ``known`` inside
        it: a surname alias ("Gómez" for Alejandro Gómez) after a given name ("José Gómez",
        "Hiroshi Gómez"; initials and particles may come with it, a title or a common word may
        not: "Minister Gómez", "Volgens Gómez"). The alias names the actor where the surname
        stands alone; a given name says who this one is."""
        if person.label != "PER" or known.label != "PER" or known.end != person.end:
            return False
        before = words[person.start : known.start]
        return any(is_cap(w) for w in before) and all(
            w in self.lex.first_names or _is_initials(w) or w.lower() in self.lex.particles
            or (is_cap(w) and not is_title(w, self.lex) and w.lower() not in self.lex.common_words)
            for w in before)

    @staticmethod
    def _demonym_before_name(words: Sequence[str], demonyms: frozenset[int], s: int, e: int) -> bool:
        """``words[s]`` is a nationality noun after "de", and a name follows it in the same
        span: "de Noor Jens Stoltenberg", "de Chinees Xi Jinping". An adjective ("de
        Nederlandse Spoorwegen", "de Belgische Spoorwegen") begins a name of its own."""
        word = words[s]
        return (e - s >= 2 and s in demonyms and s > 0 and words[s - 1].lower() == "de"
                and is_cap(words[s + 1]) and not is_acronym(words[s + 1])
                and not word.endswith(("se", "sche", "isch")) and (not word.endswith("s") or word.endswith("ees")))

    def _free_first_names(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """Drop a one-word gazetteer match that is a given name starting a name: "Frans Timmermans";
        not a nationality after "de" ("de Noor Jens Stoltenberg": a Norwegian)."""
        out = []
        n = len(words)
        for c in cands:
            if (
                c.priority in (LEXICON, PLACE)
                and c.end - c.start == 1
                and words[c.start] in self.lex.first_names
                and not (c.label == "MISC" and c.start > 0 and words[c.start - 1].lower() == "de")
            ):
                k = c.end
                while k < n and words[k] in self.lex.particles:
                    k += 1
                if k < n and is_cap(words[k]) and not is_acronym(words[k]):
                    continue
            out.append(c)
        return out
