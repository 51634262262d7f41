"""What an editor may want to tell the knowledge file, read from the last build.

The NER and the corpus-wide linking make mistakes an editor sees at a glance on the
actor pages, but only by reading all of them: a party taken for a person, a town
without its country, one organisation under two spellings, a surname left on its own
while two people carry it. ``sitegen review`` lists such cases from the JSON export of
the last build, each as a ready-to-edit entry for ``content/entities.toml``
(docs/knowledge.md), most frequent first. Names the knowledge file already describes
are left out, so an editor who has looked at one never sees it again.

It only reads: the build's export and the knowledge file. It never changes either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .link.names import name_key
from .model import Knowledge

SIMILAR_MIN_CHARS = 8  # shorter names differ by a letter for real ("Koch", "Kock")
CHARS_PER_EDIT = 15  # a name may differ by one letter per 15 and still be a spelling of the other


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One thing to check, with the knowledge-file entry that would settle it."""

    kind: str  # "country", "merge", "surname", "name"
    names: tuple[str, ...]
    label: str
    articles: int  # how many articles it concerns: the order of the report
    example: str  # the URL of one article that shows it
    entry: str  # TOML for the knowledge file


def review(export: Mapping, known: Callable[[str], bool], is_area: Callable[[str], bool]) -> list[Suggestion]:
    """Suggestions for the export of one build (``render/feeds.export_json_chunks``).

    ``known(name)``: the knowledge file describes it (as an actor, alias, merge or ignore);
    ``is_area(name)``: a continent or a region of several states, which has no country."""
    actors = [a for a in export.get("actors", ()) if not known(a["name"])]
    example = _examples(export)
    found = [*_places_without_country(actors, is_area), *_spellings(actors), *_lone_surnames(actors, known),
             *_one_word_people(actors)]
    return sorted((replace(s, example=example.get(s.names[0], "")) for s in found),
                  key=lambda s: (_ORDER[s.kind], -s.articles, s.names))


_ORDER = {"merge": 0, "surname": 1, "country": 2, "name": 3}
TITLES = {
    "merge": "One actor under two names? Merge them (or, if they are two, add a [[split]])",
    "surname": "A surname alone, while several people in the archive carry it: whose is it?",
    "country": "Places without a country: add it (or describe the place, and this stops)",
    "name": "People named only by one word: a person, or a word the NER took for a name?",
}


def report(suggestions: Sequence[Suggestion]) -> str:
    """The suggestions as text to read and copy from: per kind a heading, then each entry
    with the article it was seen in."""
    if not suggestions:
        return "Nothing to review: every actor looks settled.\n"
    lines: list[str] = []
    by_kind: dict[str, list[Suggestion]] = defaultdict(list)
    for s in suggestions:
        by_kind[s.kind].append(s)
    for kind in sorted(by_kind, key=_ORDER.__getitem__):
        items = by_kind[kind]
        lines += [f"# {TITLES[kind]} ({len(items)})", ""]
        for s in items:
            where = f"{s.articles} article{'s' if s.articles != 1 else ''}" + (f", e.g. {s.example}" if s.example else "")
            lines += [f"# {where}", s.entry, ""]
    return "\n".join(lines)


def _examples(export: Mapping) -> dict[str, str]:
    """Actor name → the URL of the newest article that mentions it."""
    name_of = {a["id"]: a["name"] for a in export.get("actors", ())}
    seen: dict[str, str] = {}
    for article in export.get("articles", ()):  # newest first
        for entity in article.get("entities", ()):
            name = name_of.get(entity.get("actor", ""))
            if name is not None and name not in seen:
                seen[name] = article["url"]
    return seen


def _places_without_country(actors: Iterable[Mapping], is_area: Callable[[str], bool]) -> Iterator[Suggestion]:
    for a in actors:
        if a["label"] == "LOC" and not a["country"] and not is_area(a["name"]):
            entry = f'[[actor]]\nname = {_toml(a["name"])}\ntype = "LOC"\ncountry = ""  # ISO code, such as "NL"'
            yield Suggestion("country", (a["name"],), "LOC", a["articles"], "", entry)


def _spellings(actors: Sequence[Mapping]) -> Iterator[Suggestion]:
    """Pairs of one type whose names differ by a letter (two in a long name), or only in
    accents, case, hyphens and spaces ("Veiligheidsverdragsorganisatie",
    "Veiligheidsverdragorganisatie"); not "Universiteit van Kamina" and "… Tainan"."""
    blocks: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    for a in actors:
        folded = _folded(a["name"])
        if len(folded) >= 4:
            blocks[a["label"], folded[:3]].append(a)
    for (label, _), group in sorted(blocks.items()):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                fa, fb = _folded(a["name"]), _folded(b["name"])
                shorter = min(len(fa), len(fb))
                same = fa == fb or (shorter >= SIMILAR_MIN_CHARS and _edits(fa, fb) <= max(1, shorter // CHARS_PER_EDIT))
                if not same or (label == "PER" and _two_people(a["name"], b["name"])) \
                        or (label == "LOC" and a["country"] and b["country"] and fa != fb):
                    continue  # two people, or two places the gazetteer knows ("Al Jubayl", "Al Jumayl")
                into, other = sorted((a, b), key=lambda x: (-x["articles"], -x["mentions"], x["name"]))
                entry = f'[[merge]]\ninto = {_toml(into["name"])}\nnames = [{_toml(other["name"])}]'
                yield Suggestion("merge", (into["name"], other["name"]), label, into["articles"] + other["articles"],
                                 "", entry)


def _lone_surnames(actors: Sequence[Mapping], known: Callable[[str], bool]) -> Iterator[Suggestion]:
    """A one-word person ("Johnson") while two or more people in the archive end in it:
    the linking cannot choose, an editor can (an alias of one of them)."""
    full: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        words = a["name"].split()
        if a["label"] == "PER" and len(words) > 1:
            full[words[-1].casefold()].append(a["name"])
    for a in actors:
        if a["label"] == "PER" and " " not in a["name"] and len(owners := sorted(full.get(a["name"].casefold(), ()))) > 1:
            entry = "\n".join(f'# [[actor]]\n# name = {_toml(o)}\n# aliases = [{_toml(a["name"])}]' for o in owners)
            yield Suggestion("surname", (a["name"], *owners), "PER", a["articles"], "", entry)


def _one_word_people(actors: Sequence[Mapping]) -> Iterator[Suggestion]:
    """People named only by one word that is no one's surname in the archive: a person
    named by surname alone ("Zelensky"), or a word the NER took for a name ("Armoedebeleid")."""
    surnames = {a["name"].split()[-1].casefold() for a in actors if a["label"] == "PER" and " " in a["name"]}
    for a in actors:
        if a["label"] == "PER" and " " not in a["name"] and a["name"].casefold() not in surnames:
            entry = f'[ignore]\nmentions = [{_toml(a["name"])}]  # or [[actor]] with type "ORG", "LOC" or "MISC"'
            yield Suggestion("name", (a["name"],), "PER", a["articles"], "", entry)


def _two_people(a: str, b: str) -> bool:
    """Names alike that are still two people: one surname with other first names ("Jan
    Smit", "Jaap Smit"), or short surnames a letter apart ("Marloes Bos", "Marloes Vos";
    "Li", "Liu")."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    first_a, first_b, last_a, last_b = _folded(wa[0]), _folded(wb[0]), _folded(wa[-1]), _folded(wb[-1])
    if last_a == last_b:
        return first_a != first_b
    return min(len(last_a), len(last_b)) < 5


def _edits(a: str, b: str) -> int:
    """About how many letters to change, add or drop to make ``a`` into ``b``."""
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
               if tag != "equal")


def _folded(name: str) -> str:
    """The name as the knowledge file compares names (``name_key``), without its spaces:
    "NOC*NSF" and "NOCNSF", "Noord-Holland" and "Noord Holland" fold alike."""
    return name_key(name).replace(" ", "")


def _toml(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def described(knowledge: Knowledge) -> Callable[[str], bool]:
    """Whether the knowledge file already says something about a name (an actor or its
    alias, a merge, a split, or a word never to tag); compared as the file compares."""
    names = {n for a in knowledge.actors for n in (a.name, *a.aliases)}
    names |= {n for pair in knowledge.merges for n in pair} | {n for group in knowledge.splits for n in group}
    names |= set(knowledge.never_tag)
    keys = {_folded(n) for n in names}
    return lambda name: _folded(name) in keys
