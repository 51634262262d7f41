"""Within-article coreference of named mentions: which mentions in one text are one actor.

An article introduces a person or organisation in full and then shortens it: "Kassym-
Jomart Tokajev" → "Tokajev", "Organisatie voor Veiligheid en Samenwerking in Europa
(OVSE)" → "OVSE", "Congres van de Verenigde Staten" → "Congres". Inside one article
those short forms are unambiguous enough to join with a small union-find over name keys.
The corpus-wide step (``sitegen.link.actors``) then only has to join whole clusters.

Two rules keep different actors apart: a cluster holds at most one pinned canonical name
(knowledge file, built-in table, split names), and a short form that fits two clusters
("Johnson" with "Boris Johnson" and "Dustin Johnson") joins neither; each of its
mentions goes to the nearest preceding candidate instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import EntityLabel
from .names import acronym_after, initials, is_acronym, name_key, org_runs, person_runs, tokens


@dataclass(frozen=True, slots=True)
class NamedMention:
    """A mention in the name namespace, ready for clustering.

    ``key`` is its name key after genitive stripping and knowledge lookup (for a pinned
    mention, the key of the canonical name); ``index`` its position in the article.
    """

    index: int
    key: str
    label: EntityLabel
    surface: str
    end: int
    pinned: bool


@dataclass(frozen=True, slots=True)
class Cluster:
    """Mentions of one actor inside one article.

    ``root`` is the key that names the cluster (pinned canonical, else its longest form);
    ``members`` every key that was joined to it, including acronyms defined in the text
    but never tagged; ``mentions`` the article positions it covers; ``acronyms`` the
    members written as an acronym (only those count for organisations in other articles).

    ``members`` and ``acronyms`` are sorted tuples, not frozensets: the link memo keeps
    every article's clusters (69,000 at 10k articles), and a frozenset of one key takes
    216 bytes where a tuple takes 48 (an empty tuple is shared; ``frozenset()`` is not).
    """

    root: str
    members: tuple[str, ...]
    pinned: bool
    mentions: tuple[int, ...]
    acronyms: tuple[str, ...] = ()


_VARIANT_RATIO = 0.9  # "veiligheidsverdragorganisatie" vs "veiligheidsverdragsorganisatie"


class _Sets:
    """Union-find over name keys that refuses to join two different pinned names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.pin: dict[str, str] = {}  # set root → pinned canonical key

    def add(self, key: str, pinned: bool) -> None:
        if key not in self.parent:
            self.parent[key] = key
        if pinned:
            root = self.find(key)
            self.pin.setdefault(root, key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.pin.get(ra), self.pin.get(rb)
        if pa and pb and pa != pb:
            return False
        if rb < ra:  # deterministic representative, independent of call order
            ra, rb = rb, ra
        self.parent[rb] = ra
        pin = pa or pb
        self.pin.pop(rb, None)
        if pin:
            self.pin[ra] = pin
        return True


def cluster_article(
    text: str,
    mentions: Sequence[NamedMention],
    pinned_acronyms: Mapping[str, str],
) -> list[Cluster]:
    """Group one article's named mentions into clusters, one per actor.

    ``pinned_acronyms`` maps an acronym's key to the canonical key the knowledge file or
    built-in table gives it, so "… (EU)" joins "Europese Unie" rather than a new name.
    """
    sets = _Sets()
    acronyms: set[str] = set()
    for m in mentions:
        sets.add(m.key, m.pinned)
        if not m.pinned and is_acronym(m.surface):
            acronyms.add(m.key)
    _join_defined_acronyms(text, mentions, pinned_acronyms, sets, acronyms)
    _join_initials(mentions, sets, acronyms)
    ambiguous = _join_short_forms(mentions, sets)
    return _clusters(mentions, sets, acronyms, ambiguous)


def _join_defined_acronyms(
    text: str,
    mentions: Sequence[NamedMention],
    pinned_acronyms: Mapping[str, str],
    sets: _Sets,
    acronyms: set[str],
) -> None:
    """ "Organisatie voor Veiligheid en Samenwerking in Europa (OVSE)": OVSE = the full name.

    After a person the parentheses usually hold a party ("Mark Rutte (VVD)"), so a
    PER-tagged name only takes an acronym that spells its initials (an NER that tagged
    "Rapid Support Forces (RSF)" as a person). After a place they most often hold the
    news agency of a dateline ("DEN HAAG (ANP)"), so a LOC does the same ("Verenigde
    Arabische Emiraten (VAE)" still joins).
    """
    for m in mentions:
        if is_acronym(m.surface):
            continue
        acronym = acronym_after(text, m.end)
        if not acronym or (m.label in ("PER", "LOC") and acronym.upper() not in initials(m.surface)):
            continue
        akey = name_key(acronym)
        pinned = pinned_acronyms.get(akey)
        if pinned is not None:
            # A known acronym is not redefined: "Wopke Hoekstra (CDA)" names his party.
            # Only a spelling variant of its own name joins it.
            if SequenceMatcher(None, m.key, pinned).ratio() >= _VARIANT_RATIO:
                sets.add(pinned, True)
                sets.union(m.key, pinned)
            continue
        sets.add(akey, False)
        acronyms.add(akey)
        sets.union(m.key, akey)


def _join_initials(mentions: Sequence[NamedMention], sets: _Sets, acronyms: set[str]) -> None:
    """An undefined acronym joins the one organisation in the article it abbreviates."""
    full_forms: dict[str, set[str]] = {}  # upper-case initials → set roots
    if not any(m.key in acronyms for m in mentions):
        return
    for m in mentions:
        if m.key not in acronyms and m.label in ("ORG", "PER", "MISC"):
            minimum = 2 if m.label == "ORG" else 3  # a mis-tagged "Rapid Support Forces"
            for letters in initials(m.surface):
                if len(letters) >= minimum:
                    full_forms.setdefault(letters, set()).add(m.key)
    for m in mentions:
        if m.key not in acronyms or m.label != "ORG" or sets.pin.get(sets.find(m.key)):
            continue
        candidates = {sets.find(k) for k in full_forms.get(m.surface.upper(), ())}
        candidates.discard(sets.find(m.key))
        if len(candidates) == 1:
            sets.union(m.key, candidates.pop())


def _join_short_forms(mentions: Sequence[NamedMention], sets: _Sets) -> dict[str, tuple[str, ...]]:
    """Join surnames, first names and shortened organisation names to their full form.

    Every full form registers the short forms it allows (``person_runs``/``org_runs``),
    so each short key is one dictionary lookup. Returns the short keys that fit more
    than one cluster, with the candidates' keys; those are resolved mention by mention.
    """
    runs: dict[tuple[str, str], list[tuple[int, str]]] = {}
    keys: dict[tuple[str, str], int] = {}  # (label, key) → first position
    for m in mentions:
        if m.label in ("PER", "ORG"):
            keys.setdefault((m.label, m.key), m.index)
    for label, key in keys:
        for run, score in person_runs(key) if label == "PER" else org_runs(key):
            runs.setdefault((label, run), []).append((score, key))
    ambiguous: dict[str, tuple[str, ...]] = {}
    for label, short in sorted(
        keys, key=lambda lk: (lk[0], -len(lk[1].split()), -len(lk[1]), lk[1])
    ):
        found = runs.get((label, short))
        if not found or sets.pin.get(sets.find(short)):
            continue
        if label == "ORG":  # an organisation is named in full before it is shortened
            found = [(score, k) for score, k in found if keys[(label, k)] < keys[(label, short)]]
            if not found:
                continue
        best = max(score for score, _ in found)  # a surname beats a first name
        longer = sorted({k for score, k in found if score == best})
        roots = {sets.find(k) for k in longer} - {sets.find(short)}
        if len(roots) == 1:
            sets.union(short, roots.pop())
        elif len(roots) > 1:
            ambiguous[short] = tuple(longer)
    return ambiguous


def _clusters(
    mentions: Sequence[NamedMention],
    sets: _Sets,
    acronyms: set[str],
    ambiguous: dict[str, tuple[str, ...]],
) -> list[Cluster]:
    members: dict[str, set[str]] = {}
    for key in sets.parent:
        if key not in ambiguous:
            members.setdefault(sets.find(key), set()).add(key)
    covered: dict[str, list[int]] = {}
    for m in mentions:
        if m.key not in ambiguous:
            covered.setdefault(sets.find(m.key), []).append(m.index)
    anchors = {root: tuple(positions) for root, positions in covered.items()}
    for m in mentions:
        if m.key in ambiguous:
            covered.setdefault(_nearest(m.index, ambiguous[m.key], sets, anchors), []).append(
                m.index
            )
    clusters = []
    for root in sorted(covered):
        keys = members.get(root, {root})
        pin = sets.pin.get(root)
        name = pin or max(keys, key=lambda k: (k not in acronyms, len(tokens(k)), len(k), k))
        mentioned = tuple(sorted(covered[root]))
        clusters.append(
            Cluster(name, tuple(sorted(keys)), pin is not None, mentioned, tuple(sorted(keys & acronyms)))
        )
    return clusters


def _nearest(
    index: int, candidates: tuple[str, ...], sets: _Sets, covered: Mapping[str, tuple[int, ...]]
) -> str:
    """The candidate cluster mentioned most recently before ``index``, else first after it."""
    roots = sorted({sets.find(k) for k in candidates})
    before = [(max(p), r) for r in roots if (p := [i for i in covered.get(r, ()) if i < index])]
    if before:
        return max(before)[1]
    after = [(min(p), r) for r in roots if (p := [i for i in covered.get(r, ()) if i > index])]
    return min(after)[1] if after else roots[0]
