"""The knowledge file (``content/entities.toml``) → a validated, frozen ``Knowledge``.

Editors use it to correct the machine: describe actors, merge spelling variants, keep
look-alike names apart and silence false mentions. It is validated like a config file:
every problem (unknown key, wrong type, bad label, bad Wikidata id or country code,
duplicate name, alias claimed twice, …) is collected and reported at once with its line,
so an editor fixes the whole file in one go.

``tomllib`` gives no positions, so lines are found by scanning the file text for the
table header and key (``_LineFinder``); a value that cannot be located is reported on its
table's header line.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from .errors import KnowledgeError, Problem, toml_error_line
from .model import ENTITY_LABELS, EntityLabel, Knowledge, KnownActor

_ACTOR_KEYS = ("name", "type", "aliases", "description", "wikidata", "country")
_MERGE_KEYS = ("into", "names")
_SPLIT_KEYS = ("names",)
_IGNORE_KEYS = ("mentions",)
_TOP_KEYS = ("actor", "merge", "split", "ignore")
_QID = re.compile(r"Q[1-9][0-9]*")
# Kosovo has a user-assigned code that pycountry does not list but news sites need.
_EXTRA_COUNTRIES = frozenset({"XK"})


def load_knowledge(path: Path | None) -> Knowledge:
    """Read and validate the knowledge file; ``None`` or a missing file means no knowledge.

    Raises ``KnowledgeError`` listing every problem found, each with its line.
    """
    if path is None or not path.is_file():
        return Knowledge()
    data = path.read_bytes()
    return parse_knowledge(data, str(path))


def parse_knowledge(data: bytes, path: str = "entities.toml") -> Knowledge:
    """Validate knowledge-file bytes; ``path`` is only used in problem reports."""
    fingerprint = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KnowledgeError(
            [Problem(path, line, "not valid UTF-8; save the file as UTF-8")]
        ) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError([Problem(path, toml_error_line(exc), f"not valid TOML: {exc}")]) from None
    builder = _Builder(path, _LineFinder(text))
    knowledge = builder.build(raw, fingerprint)
    if builder.problems:
        problems = sorted(builder.problems, key=lambda p: p.line)  # stable: file order
        raise KnowledgeError(problems, headline=f"{path}: the knowledge file has problems")
    return knowledge


def normalize_name(name: str) -> str:
    """The comparison key for names in the knowledge file: case and spacing do not count."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_text(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) and surrounding whitespace.

    Descriptions stay plain text: HTML escaping is the templates' job, so nothing else
    is changed here.
    """
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return "".join(kept).strip()


class _LineFinder:
    """Finds the line of the n-th ``[[table]]``/``[table]`` header and of a key inside it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._headers: list[tuple[int, str]] = []  # (1-based line, header name)
        header = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_\-\"'. ]+?)\s*\]\]?\s*(#.*)?$")
        for number, line in enumerate(self.lines, start=1):
            match = header.match(line)
            if match:
                self._headers.append((number, match.group(1).strip("\"' ")))

    def table(self, name: str, index: int = 0) -> int:
        """Line of the ``index``-th header named ``name``, else the first line mentioning it."""
        found = [n for n, h in self._headers if h == name]
        if index < len(found):
            return found[index]
        return self.top_key(name)

    def top_key(self, key: str) -> int:
        """Line of a top-level ``key =`` or header, 0 when it cannot be found."""
        pattern = re.compile(rf"^\s*(\[\[?\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\]|\.)")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return 0

    def key(self, table_line: int, key: str) -> int:
        """Line of ``key =`` in the table starting at ``table_line`` (that line if not found)."""
        if table_line <= 0:
            return self.top_key(key)
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(table_line + 1, len(self.lines) + 1):
            if any(n == number for n, _ in self._headers):
                break
            if pattern.match(self.lines[number - 1]):
                return number
        return table_line


@dataclass
class _Builder:
    """Collects problems while turning the parsed TOML into ``Knowledge``."""

    path: str
    lines: _LineFinder
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def build(self, raw: dict[str, Any], fingerprint: str) -> Knowledge:
        for key in sorted(set(raw) - set(_TOP_KEYS)):
            self.problem(
                self.lines.top_key(key),
                f"unknown section or key {key!r}; expected one of "
                "[[actor]], [[merge]], [[split]], [ignore]",
            )
        actors = self._actors(self._tables(raw, "actor"))
        owners = self._check_names(actors)
        merges = self._merges(self._tables(raw, "merge"), owners)
        splits = self._splits(self._tables(raw, "split"))
        self._check_merges_vs_splits(merges, splits)
        never_tag = self._ignore(raw.get("ignore"))
        return Knowledge(
            actors=tuple(a for a, _ in actors),
            merges=tuple((variant, into) for variant, into, _ in merges),
            splits=tuple(names for names, _ in splits),
            never_tag=never_tag,
            fingerprint=fingerprint,
        )

    def _tables(self, raw: dict[str, Any], name: str) -> list[tuple[dict[str, Any], int]]:
        """The ``[[name]]`` tables with their header lines; reports a non-array."""
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(self.lines.top_key(name), f"{name!r} must be written as [[{name}]] tables")
            return []
        return [(table, self.lines.table(name, i)) for i, table in enumerate(value)]

    def _unknown_keys(
        self, table: dict[str, Any], allowed: Iterable[str], line: int, what: str
    ) -> None:
        for key in sorted(set(table) - set(allowed)):
            self.problem(
                self.lines.key(line, key),
                f"unknown key {key!r} in {what}; expected one of {', '.join(allowed)}",
            )

    def _string(
        self, table: dict[str, Any], key: str, line: int, what: str, required: bool = False
    ) -> str:
        if key not in table:
            if required:
                self.problem(line, f'{what} needs {key} = "..."')
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem(
                self.lines.key(line, key), f"{key} in {what} must be a string, got {_kind(value)}"
            )
            return ""
        value = clean_text(value)
        if required and not value:
            self.problem(self.lines.key(line, key), f"{key} in {what} must not be empty")
        return value

    def _strings(
        self, table: dict[str, Any], key: str, line: int, what: str, minimum: int = 0
    ) -> tuple[str, ...]:
        if key not in table:
            if minimum:
                self.problem(line, f'{what} needs {key} = ["...", ...] (at least {minimum})')
            return ()
        value = table[key]
        where = self.lines.key(line, key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, f"{key} in {what} must be a list of strings, got {_kind(value)}")
            return ()
        cleaned = tuple(dict.fromkeys(c for c in (clean_text(v) for v in value) if c))
        if len(cleaned) < len(value):
            self.problem(where, f"{key} in {what} has an empty or repeated entry; remove it")
        if len(cleaned) < minimum:
            self.problem(
                where,
                f"{key} in {what} needs at least {minimum} distinct names, got {len(cleaned)}",
            )
        return cleaned

    def _actors(self, tables: list[tuple[dict[str, Any], int]]) -> list[tuple[KnownActor, int]]:
        actors: list[tuple[KnownActor, int]] = []
        for table, line in tables:
            what = "[[actor]]"
            self._unknown_keys(table, _ACTOR_KEYS, line, what)
            name = self._string(table, "name", line, what, required=True)
            label = self._label(table, line)
            aliases = self._strings(table, "aliases", line, what)
            description = self._string(table, "description", line, what)
            qid = self._string(table, "wikidata", line, what)
            if qid and not _QID.fullmatch(qid):
                self.problem(
                    self.lines.key(line, "wikidata"),
                    f'wikidata must be a Wikidata item id like "Q42" (Q and digits), got {qid!r}',
                )
                qid = ""
            country = self._country(table, line)
            if name and label:
                known = KnownActor(name, label, aliases, description, qid, country)
                actors.append((known, line))
        return actors

    def _label(self, table: dict[str, Any], line: int) -> EntityLabel | None:
        if "type" not in table:
            self.problem(line, f"[[actor]] needs type = one of {', '.join(ENTITY_LABELS)}")
            return None
        value = table["type"]
        for label in ENTITY_LABELS:
            if value == label:
                return label
        self.problem(
            self.lines.key(line, "type"),
            f"type must be one of {', '.join(ENTITY_LABELS)} (upper case), got {value!r}",
        )
        return None

    def _country(self, table: dict[str, Any], line: int) -> str:
        code = self._string(table, "country", line, "[[actor]]").upper()
        if not code:
            return ""
        if code in _EXTRA_COUNTRIES or (len(code) == 2 and pycountry.countries.get(alpha_2=code)):
            return code
        self.problem(
            self.lines.key(line, "country"),
            f'country must be an ISO 3166-1 alpha-2 code like "NL" or "KZ", got {table["country"]!r}',
        )
        return ""

    def _check_names(self, actors: list[tuple[KnownActor, int]]) -> dict[str, str]:
        """Report duplicate canonical names and aliases claimed twice; returns name → owner."""
        owners: dict[str, tuple[str, int]] = {}  # normalized name/alias → (canonical, line)
        for actor, line in actors:
            key = normalize_name(actor.name)
            if key in owners and owners[key][0] != actor.name:
                self.problem(
                    self.lines.key(line, "name"),
                    f"{actor.name!r} is also the name on line {owners[key][1]}; "
                    "each name may belong to one actor (merge the two entries)",
                )
            elif key in owners:
                self.problem(
                    self.lines.key(line, "name"),
                    f"duplicate actor {actor.name!r} (first on line {owners[key][1]}); merge the two entries",
                )
            else:
                owners[key] = (actor.name, self.lines.key(line, "name"))
        for actor, line in actors:
            for alias in actor.aliases:
                key = normalize_name(alias)
                owner = owners.get(key)
                if owner is None:
                    owners[key] = (actor.name, self.lines.key(line, "aliases"))
                elif owner[0] != actor.name:
                    self.problem(
                        self.lines.key(line, "aliases"),
                        f"alias {alias!r} of {actor.name!r} is already claimed by {owner[0]!r} "
                        f"(line {owner[1]}); an alias may belong to one actor",
                    )
        return {key: canonical for key, (canonical, _) in owners.items()}

    def _merges(
        self, tables: list[tuple[dict[str, Any], int]], owners: dict[str, str]
    ) -> list[tuple[str, str, int]]:
        merges: list[tuple[str, str, int]] = []
        seen: dict[str, tuple[str, int]] = {}
        for table, line in tables:
            what = "[[merge]]"
            self._unknown_keys(table, _MERGE_KEYS, line, what)
            into = self._string(table, "into", line, what, required=True)
            names = self._strings(table, "names", line, what, minimum=1)
            if not into:
                continue
            target = owners.get(normalize_name(into), into)
            for name in names:
                key = normalize_name(name)
                owner = owners.get(key)
                where = self.lines.key(line, "names")
                if owner is not None and owner != target:
                    self.problem(
                        where,
                        f"cannot merge {name!r} into {into!r}: it belongs to the actor {owner!r}",
                    )
                elif key in seen and seen[key][0] != target:
                    self.problem(
                        where,
                        f"{name!r} is merged into {seen[key][0]!r} on line {seen[key][1]} and into {into!r} here",
                    )
                elif key != normalize_name(target):
                    seen[key] = (target, line)
                    merges.append((name, target, line))
        return merges

    def _splits(
        self, tables: list[tuple[dict[str, Any], int]]
    ) -> list[tuple[tuple[str, ...], int]]:
        splits: list[tuple[tuple[str, ...], int]] = []
        for table, line in tables:
            self._unknown_keys(table, _SPLIT_KEYS, line, "[[split]]")
            names = self._strings(table, "names", line, "[[split]]", minimum=2)
            if len(names) >= 2:
                splits.append((names, line))
        return splits

    def _check_merges_vs_splits(
        self, merges: list[tuple[str, str, int]], splits: list[tuple[tuple[str, ...], int]]
    ) -> None:
        """A merge may not join two names that a split keeps apart."""
        target_of = {normalize_name(v): normalize_name(t) for v, t, _ in merges}
        for names, line in splits:
            resolved: dict[str, str] = {}
            for name in names:
                target = target_of.get(normalize_name(name), normalize_name(name))
                if target in resolved:
                    self.problem(
                        self.lines.key(line, "names"),
                        f"{resolved[target]!r} and {name!r} must stay apart, but a [[merge]] joins them",
                    )
                resolved[target] = name

    def _ignore(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        line = self.lines.table("ignore")
        if not isinstance(value, dict):
            self.problem(line, 'ignore must be a table: [ignore] with mentions = ["..."]')
            return ()
        self._unknown_keys(value, _IGNORE_KEYS, line, "[ignore]")
        return self._strings(value, "mentions", line, "[ignore]")


def _kind(value: Any) -> str:
    """A TOML-flavoured name for a value's type, for error messages."""
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
