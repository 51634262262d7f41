"""Front matter written for other generators (Hugo, Jekyll, Pelican, MkDocs), read as ours.

An archive that moves to sitegen brings thousands of files whose front matter names our
fields in another generator's words (``description``, ``lastmod``, ``categories``,
``Title``) and carries fields sitegen has no use for (``weight``, ``layout``). Renaming
them by hand is a migration nobody finishes. So:

- another generator's name for one of our fields is read as ours (``OTHER_NAMES``); key
  case does not matter, as in Hugo and Pelican;
- ``categories`` (Hugo, Jekyll) and ``category`` (Pelican) are topics, merged into ``tags``;
- ``status`` (Pelican) and ``published`` (Jekyll) say what ``draft`` says;
- a field that would change what gets published, which sitegen cannot honour
  (``expiryDate``, ``url``), is refused with what to do instead (``REFUSED``);
- any other key is *unknown*: an error naming its line by default (the typo check that
  catches ``titel:``), or, with ``unknown_front_matter = "params"`` in ``sitegen.toml``,
  one of the article's ``params`` (as Hugo keeps unknown keys in ``.Params``). A key that
  reads like a misspelling of one of ours is an error either way.

The reader keeps the unknown keys as params and remembers their lines (``Translated.unknown``);
whether they are errors is the site's choice, made after parsing (``unknown_key_problems``),
so the parsed-article store does not depend on it. A Jekyll post without a date takes the
one its file name starts with (``with_file_date``). Other generators' syntax in the text
(Hugo's shortcodes, Jekyll's Liquid) is ``shortcodes.py``'s.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import Problem

# another generator's name (lowercase) → ours, and whose name it is (for messages)
OTHER_NAMES: dict[str, tuple[str, str]] = {
    "description": ("summary", "the name Hugo, Jekyll and MkDocs use for"),
    "lastmod": ("updated", "Hugo's name for"),
    "modified": ("updated", "Pelican's name for"),
    "last_modified_at": ("updated", "Jekyll's name for"),
    "authors": ("author", "the name Hugo and Pelican use for"),
    "translationkey": ("translation_key", "Hugo's name for"),
    "images": ("image", "Hugo's name for"),
    "featured_image": ("image", "a theme's name for"),
}
TOPIC_NAMES = ("categories", "category")  # Hugo and Jekyll, Pelican: topics, with ``tags``
DRAFT_NAMES = ("status", "published")  # Pelican: status: draft | published; Jekyll: published: false
REFUSED: dict[str, str] = {
    "expirydate": "sitegen does not take an article down on a date; remove the key, or set 'draft: true' "
                  "when the article should go",
    "unpublishdate": "sitegen does not take an article down on a date; remove the key, or set 'draft: true' "
                     "when the article should go",
    "url": "sitegen gives an article its address from its date and slug; list the old address under "
           "'aliases' so that links to it keep working",
    "permalink": "sitegen gives an article its address from its date and slug; list the old address under "
                 "'aliases' so that links to it keep working",
}
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a field name a template can write: params.photographer


@dataclass(frozen=True, slots=True)
class Translated:
    """Front matter with our keys (``meta``) and what else it held."""

    meta: dict[str, Any]  # our key → value
    written_as: dict[str, str]  # our key → the key as the file writes it (for its line)
    topics: tuple[tuple[str, Any], ...] = ()  # (key as written, value): categories, to merge into tags
    unknown: dict[str, Any] = field(default_factory=dict)  # keys that become params, as written
    problems: tuple[tuple[str, str], ...] = ()  # (key as written, message) for the caller to place


def translate(meta: dict[Any, Any], known: Collection[str]) -> Translated:
    """Read ``meta`` as our front matter (see the module); ``known``: our keys for this kind of file."""
    ours: dict[str, Any] = {}
    written_as: dict[str, str] = {}
    topics: list[tuple[str, Any]] = []
    unknown: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    lowered = {k.lower(): k for k in known}

    def take(our: str, key: str, value: Any, whose: str = "") -> None:
        if our in ours:
            what = f"{key!r} is {whose} {our!r}" if whose else f"{key!r} is {our!r}"
            problems.append((key, f"{what}, which {written_as[our]!r} already gives; keep one of them"))
            return
        ours[our], written_as[our] = value, key

    for key, value in meta.items():
        if not isinstance(key, str):
            problems.append((str(key), f"unknown front-matter key {key!r}; a key is a name such as 'title'"))
            continue
        low = key.lower()
        if low in lowered:
            take(lowered[low], key, value)
        elif low in OTHER_NAMES and OTHER_NAMES[low][0] in known:
            our, whose = OTHER_NAMES[low]
            take(our, key, value, whose)
        elif low in TOPIC_NAMES and "tags" in known:
            topics.append((key, value))
        elif low in DRAFT_NAMES and "draft" in known:
            draft = _draft_of(low, value)
            if isinstance(draft, str):
                problems.append((key, draft))
            else:
                take("draft", key, draft, "how Pelican gives" if low == "status" else "how Jekyll gives")
        elif low in REFUSED:
            problems.append((key, f"{key!r}: {REFUSED[low]}"))
        elif (near := _misspelt(low, tuple(known))) and low not in OTHER_NAMES:
            problems.append((key, f"unknown front-matter key {key!r}; did you mean {near!r}?"))
        elif not PARAM_NAME.fullmatch(key):
            problems.append((key, (f"unknown front-matter key {key!r}; an unknown key can only be kept as one of "
                                   "the params if its name is letters, digits and _")))
        else:
            unknown[key] = value
    return Translated(ours, written_as, tuple(topics), unknown, tuple(problems))


@lru_cache(maxsize=1024)
def _misspelt(key: str, known: tuple[str, ...]) -> str:
    """Our key that ``key`` (lowercase) reads like a misspelling of, or "" (cached: an
    archive repeats its few unknown keys in every file)."""
    near = difflib.get_close_matches(key, [k.lower() for k in known], n=1, cutoff=0.8)
    return next((k for k in known if k.lower() == near[0]), "") if near else ""


def _draft_of(key: str, value: Any) -> bool | str:
    """``status`` (Pelican) or ``published`` (Jekyll) as our ``draft``, or the problem."""
    if key == "published":
        if isinstance(value, bool):
            return not value
        return f"published: expected true or false, got {value!r}"
    if isinstance(value, str) and value.strip().lower() in ("draft", "published"):
        return value.strip().lower() == "draft"
    return (f"status: expected 'draft' or 'published', got {value!r} (sitegen has no hidden articles: "
            "a page that is not an article goes in the pages folder)")


@dataclass(frozen=True, slots=True)
class UnknownKeyProblem(Problem):
    """A front-matter key nobody knows: an error unless the site keeps such keys as params.
    A file that fails for other reasons carries these along, for the loader to keep or drop."""

    key: str = ""


def unknown_key_problems(path: str, unknown: Iterable[tuple[str, int]], known: Iterable[str]) -> list[Problem]:
    """The unknown keys (name, line) of one file as problems, for a site that refuses them."""
    listed = ", ".join(known)
    return [UnknownKeyProblem(path, line, f"unknown front-matter key {key!r}; known keys: {listed}", key)
            for key, line in unknown]


def unknown_key_summary(problems: Iterable[Problem]) -> str:
    """What to do about the unknown keys among ``problems``, said once after them: an
    archive from another generator repeats the same few keys in every file."""
    files: dict[str, set[str]] = {}
    for problem in problems:
        if isinstance(problem, UnknownKeyProblem):
            files.setdefault(problem.key, set()).add(problem.path)
    if not files:
        return ""
    counts = ", ".join(f"{key!r} in {len(paths)}" for key, paths in sorted(files.items(), key=lambda kv: -len(kv[1])))
    return (f"unknown front-matter keys ({counts} file(s)): put your own fields under 'params:', or set "
            "unknown_front_matter = \"params\" in sitegen.toml to keep every unknown key as a param, as Hugo does")


def kept_problems(problems: Iterable[Problem], keep_unknown_keys: bool) -> list[Problem]:
    """``problems`` without the unknown keys, if the site keeps those as params."""
    return [p for p in problems if not (keep_unknown_keys and isinstance(p, UnknownKeyProblem))]


def only_unknown_keys(problems: Iterable[Problem]) -> bool:
    return all(isinstance(p, UnknownKeyProblem) for p in problems)


JEKYLL_POST = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)\.(?:md|markdown)", re.IGNORECASE)


def with_file_date(meta: dict[Any, Any], path: str) -> dict[Any, Any]:
    """A Jekyll post's date from its file name (``_posts/2023-03-14-haven.md``), as Jekyll
    reads it, when the front matter gives none."""
    match = JEKYLL_POST.fullmatch(path.rsplit("/", 1)[-1])
    if match is None or any(isinstance(key, str) and key.lower() == "date" for key in meta):
        return meta
    return {**meta, "date": match[1]}
