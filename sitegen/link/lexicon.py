"""What is known about names before reading the corpus: knowledge file + built-in table.

The knowledge file always wins over the built-in organisation table, and both win over
every heuristic: a name they cover is *pinned* to its canonical name and is never joined
to anything else by surname or acronym matching.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import EntityLabel, Knowledge, KnownActor
from .names import name_key
from .tables import builtin_org_aliases


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lookups keyed by ``name_key``.

    ``canonical_key`` maps every pinned name (canonical names, aliases, merge variants,
    split names) to its canonical name's key; ``names`` gives the display name of a
    canonical key; ``labels`` the label the knowledge file or built-in table assigns.
    """

    canonical_key: dict[str, str]
    names: dict[str, str]
    labels: dict[str, EntityLabel]
    known: dict[str, KnownActor]
    never_tag: frozenset[str]
    persons: frozenset[str]  # canonical keys of known persons: targets for bare surnames


def build_lexicon(knowledge: Knowledge, language: str = "nl") -> Lexicon:
    """Combine the built-in organisations, named in the site's ``language``, with the
    knowledge file (which overrides them)."""
    canonical_key: dict[str, str] = {}
    names: dict[str, str] = {}
    labels: dict[str, EntityLabel] = {}
    known: dict[str, KnownActor] = {}

    def pin(name: str, canonical: str) -> None:
        target = name_key(canonical)
        names.setdefault(target, canonical)
        canonical_key[target] = target
        if name_key(name) != target:
            canonical_key[name_key(name)] = target

    owners = {name_key(n): a for a in knowledge.actors for n in (a.name, *a.aliases)}
    for name, aliases in builtin_org_aliases(language):
        group = (name, *aliases)
        # A knowledge actor that claims any name of a built-in entry takes over all of them.
        owner = next((owners[k] for k in sorted(map(name_key, group)) if k in owners), None)
        if owner is None:
            labels[name_key(name)] = "ORG"
        for alias in group:
            pin(alias, owner.name if owner is not None else name)
    # The knowledge file replaces what the built-in table says about its names.
    for actor in knowledge.actors:
        key = name_key(actor.name)
        names[key] = actor.name
        labels[key] = actor.label
        known[key] = actor
        for alias in (actor.name, *actor.aliases):
            pin(alias, actor.name)
    for variant, into in knowledge.merges:
        pin(variant, names.get(name_key(into), into))
    for group in knowledge.splits:
        for name in group:
            if name_key(name) not in canonical_key:
                pin(name, name)
    canonical_key = {key: _settle(canonical_key, key) for key in canonical_key}
    persons = frozenset(key for key, label in labels.items() if label == "PER")
    split_persons = {name_key(n) for group in knowledge.splits for n in group}
    return Lexicon(
        canonical_key=canonical_key,
        names=names,
        labels=labels,
        known=known,
        never_tag=frozenset(name_key(n) for n in knowledge.never_tag),
        persons=persons | frozenset(canonical_key.get(k, k) for k in split_persons),
    )


def _settle(canonical_key: dict[str, str], key: str) -> str:
    """Follow merge chains ("EU" → "Europese Unie" → a merge target) to the end."""
    seen = {key}
    while (target := canonical_key.get(key, key)) not in seen:
        seen.add(target)
        key = target
    return key
