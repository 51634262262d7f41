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

from collections.abc import Sequence
import re
from dataclasses import dataclass

from sitegen.nlp.lexicon import Lexicon

# Priorities: higher wins when candidate spans overlap (ties: longer wins).
KNOWLEDGE, LEXICON, MODEL, PLACE, NAME, GUESS = 50, 40, 30, 25, 20, 10

OPENERS = frozenset({"„", "“", "‘", '"', "'", "(", ":", "—", "–", "-", "‚", "«", "‹", "[", ";"})
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
    # compounds: "Kamervoorzitter", "oud-premier", "partijleider"
    return len(low) > 9 and any(low.endswith(t) for t in _TITLE_TAILS)


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


class Resolver:
    """Applies the rules above with one lexicon; one instance per pipeline."""

    def __init__(self, lex: Lexicon, fill: str = "all") -> None:
        self.lex = lex
        self.fill = fill  # "all": type every capitalised run; "strong": only with evidence
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
        """Drop leading titles and position-capitalised ordinary words; report a title cue."""
        cue = False
        while s < e:
            w = words[s]
            if is_title(w, self.lex):
                cue = True
                s += 1
            elif (
                w.lower() in self.lex.months
                or init[s]
                and self._ordinary(w)
                and not (
                    e - s > 1
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
        cands: list[Candidate] = list(matches)
        exact = {(c.start, c.end) for c in matches if c.priority >= PLACE}
        blocked = {k for c in matches if c.priority >= PLACE for k in range(c.start, c.end)}
        strong = {k for c in matches if c.priority >= LEXICON for k in range(c.start, c.end)}
        cleaned = self._clean_model(words, init, sent_starts, model, exact, blocked, strong)
        cleaned = self._lone_initials(words, init, cleaned)
        kept, cleaned = self._nested(list(matches), cleaned)
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
        for s, e, cue in pending:
            if (s, e) in strong_spans:
                continue
            text = " ".join(words[s:e])
            known = memory.get(text) or memory.get(_strip_genitive(text))
            if known:
                guessed.append(Candidate(s, e, known, NAME))
                continue
            if self.fill == "strong":
                continue
            if e - s == 1 and init[s] and self._ordinary(words[s]):
                continue
            if e - s == 1 and words[s].lower() in self.lex.corpus_vocab:
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
        out = self._grow_people(words, init, self._relabel(merged, words, memory), blocked)
        return [
            c
            for c in sorted(out, key=lambda c: c.start)
            if " ".join(words[c.start : c.end]) not in never
        ]

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

    def _clean_model(
        self,
        words: Sequence[str],
        init: Sequence[bool],
        starts: Sequence[bool],
        model: Sequence[Candidate],
        exact: set[tuple[int, int]],
        blocked: set[int],
        strong: set[int],
    ) -> list[Candidate]:
        """Statistical spans minus the known traps, with person cues applied.

        Where the gazetteer knows exactly the same words, the gazetteer's type wins
        ("Kabul" is a place even when the model guessed a person), unless a title
        says otherwise ("president Santos").
        """
        out: list[Candidate] = []
        for c in model:
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
            # trailing lowercase words are never part of a name here ("Agt riepen")
            while e > s and not (is_cap(words[e - 1]) or words[e - 1][0].isdigit()):
                e -= 1
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
            elif s in strong and e - s > 1 and words[s + 1] in self.lex.first_names:
                s, label = s + 1, "PER"
            if e - s == 1 and _ROAD.fullmatch(words[s]):
                label = "LOC"  # A12, N201
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
            if not cue and s > 0:
                label = self.cue_label(words[s - 1]) or label
            if label == "PER":
                s, e = self._person_core(words, s, e, strong)
                while s < e and not is_cap(words[s]):
                    s += 1  # "van de Universiteit" left over
                if s >= e or (e - s == 1 and words[s].lower() in self.lex.common_words):
                    continue
            # a name that goes on: "Juan Manuel" + "Santos", "Pieter Cort" + "van der Linden"
            if label == "PER":
                e = self._extend_person(words, starts, blocked, s, e)
            out.append(Candidate(s, e, label, c.priority))
        return out

    def _coordinated(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """ "Merkel en Macron": a one-word model place next to a person in a list is a person."""
        out = list(cands)
        for i, c in enumerate(out):
            if c.priority != MODEL or c.end - c.start != 1:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(out):
                    o = out[j]
                    gap = words[o.end : c.start] if j < i else words[c.end : o.start]
                    if gap not in (["en"], [","], ["of"], ["en", "met"], ["met"]):
                        continue
                    if c.label == "LOC" and o.label == "PER":
                        out[i] = Candidate(c.start, c.end, "PER", c.priority)
                        break
                    if c.label != "LOC" and o.label == "LOC" and o.priority in (LEXICON, PLACE) and gap != ["met"]:
                        out[i] = Candidate(c.start, c.end, "LOC", c.priority)  # "Agdam, Kelbadzjar en Latsjin"
                        break
        return out

    def _person_core(self, words: Sequence[str], s: int, e: int, blocked: set[int]) -> tuple[int, int]:
        """Cut what a model glued to a name: "Noor Jens Stoltenberg", "Lavrov Rusland",
        "Blinken van Buitenlandse Zaken", "Rutte van de VVD".

        ``blocked`` holds tokens of countries, demonyms and known organisations only: a
        town name inside a person span is usually a surname ("Juan Manuel Santos").
        """
        while s < e and s in blocked and words[s] not in self.lex.first_names:
            s += 1
        while e > s and (e - 1) in blocked:
            e -= 1
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
            if c.end - c.start == 1 and init[c.start] and c.label != "LOC":
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
        self, matches: list[Candidate], model: list[Candidate]
    ) -> tuple[list[Candidate], list[Candidate]]:
        """Where a gazetteer match and a model span nest, keep the longer one.

        "Rio de Janeiro" (gazetteer) beats the model's "Rio"; the model's "Hoge Raad van
        de Strijdkrachten" beats the lexicon's "Hoge Raad". Exact ties were settled before.
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
                    and x.priority < KNOWLEDGE
                ):
                    drop_x.add(i)
        return (
            [x for i, x in enumerate(matches) if i not in drop_x],
            [m for j, m in enumerate(model) if j not in drop_m],
        )

    def _free_first_names(self, words: Sequence[str], cands: list[Candidate]) -> list[Candidate]:
        """Drop a one-word gazetteer match that is a given name starting a name: "Frans Timmermans"."""
        out = []
        n = len(words)
        for c in cands:
            if (
                c.priority in (LEXICON, PLACE)
                and c.end - c.start == 1
                and words[c.start] in self.lex.first_names
            ):
                k = c.end
                while k < n and words[k] in self.lex.particles:
                    k += 1
                if k < n and is_cap(words[k]) and not is_acronym(words[k]):
                    continue
            out.append(c)
        return out

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
                if k > 0 and words[k - 1].lower() in self.lex.particles and words[k - 1][0].isupper():
                    s = k - 1  # "Van der" / "De" written with a capital
                if s < c.start and not any(k2 in taken for k2 in range(s, c.start)):
                    c = Candidate(s, c.end, c.label, c.priority)
            out.append(c)
        return out

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
