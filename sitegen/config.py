"""``sitegen.toml`` → a frozen ``SiteConfig``.

Each option validates itself and says what it expected and what it got; every problem in
the file is collected and reported at once (``ConfigError``), as MkDocs does, so a user
fixes the whole file in one go instead of one error per build.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from .errors import ConfigError, Problem, toml_error_line

CONFIG_NAME = "sitegen.toml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated site settings; paths are absolute."""

    root: Path
    title: str = "Nieuwsarchief"
    description: str = ""
    language: str = "nl"
    base_url: str = ""  # e.g. "https://example.org/archief/"; "" = site served from the root
    content_dirs: tuple[str, ...] = ("seeds", "content")
    theme: str = "default"
    nlp_model: str = "embedded"
    # the pipeline for articles in another language (``lang: en``): ("en", "en_core_web_sm");
    # a language not named gets the embedded pipeline for that language
    nlp_models: tuple[tuple[str, str], ...] = ()
    knowledge_file: str = "content/entities.toml"
    output_dir: str = "build"
    cache_dir: str = ".sitegen-cache"
    static_dir: str = "static"  # published at the site's root as it is (load/static_files.py); "" = none
    pages_dir: str = "pages"  # the site's own pages, not articles (load/page_reader.py); "" = none
    folder_names: tuple[tuple[str, str], ...] = ()  # [paths]: (folder, published name), e.g. ("actors", "actors")
    page_size: int = 20
    actor_page_size: int = 50  # quoted mentions (KWIC rows) per actor page
    # smaller copies of each photo, offered to the browser in ``srcset`` (sitegen/photos.py); () = none
    image_widths: tuple[int, ...] = (480, 960, 1600)
    markdown_html: bool = False
    # front-matter keys neither sitegen nor another generator knows: "error", or "params" (kept for
    # themes as Hugo keeps them; load/other_generators.py)
    unknown_front_matter: str = "error"
    # patterns of the addresses articles had before the move to sitegen ("posts/{name}/"), each
    # made an alias of every article (load/old_addresses.py)
    old_addresses: tuple[str, ...] = ()
    search: bool = True
    workers: int = 0  # 0 = one worker per CPU core
    scheduler: str = ""  # dask.distributed scheduler address; "" = local
    author: str = ""
    # a process that keeps the last build in memory for the next `sitegen build` (buildserver.py):
    # "auto" (sites of 2,000 articles or more, not on CI), "on" or "off"
    build_server: str = "auto"

    def nlp_model_for(self, lang: str) -> str:
        """The pipeline that annotates articles in ``lang``: ``nlp_model`` for the site's
        language, else the one ``nlp_models`` names, else the embedded one for ``lang``."""
        if lang == self.language:
            return self.nlp_model
        return dict(self.nlp_models).get(lang, "embedded")

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def static_path(self) -> Path:
        return self.root / self.static_dir

    @property
    def pages_path(self) -> Path:
        return self.root / self.pages_dir

    @property
    def knowledge_path(self) -> Path:
        return self.root / self.knowledge_file

    @property
    def base_path(self) -> str:
        """URL path prefix the site is served under: ``/`` or ``/archief/``."""
        if not self.base_url:
            return "/"
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url) or "/"
        return path if path.endswith("/") else path + "/"

    def with_base_url(self, base_url: str) -> SiteConfig:
        problems = list(_check_base_url(base_url, "--base-url", 0))
        if problems:
            raise ConfigError(problems, "Invalid --base-url:")
        return replace(self, base_url=_normalise_base_url(base_url))


def _normalise_base_url(value: str) -> str:
    return value if not value or value.endswith("/") else value + "/"


def _check_base_url(value: Any, path: str, line: int) -> list[Problem]:
    if not isinstance(value, str):
        return [Problem(path, line, f"base_url: expected a string, got {type(value).__name__}")]
    if value and not re.fullmatch(r"(https?://[^\s/?#]+)?(/[^\s?#]*)?", value):
        return [
            Problem(
                path,
                line,
                f"base_url: expected an http(s) URL or a path such as "
                f"'https://example.org/archief/' or '/archief/', got {value!r}",
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class _Option:
    """How one key is checked: a predicate and the words that say what was expected."""

    check: Callable[[Any], bool]
    expected: str
    convert: Callable[[Any], Any] = field(default=lambda v: v)


UNKNOWN_KEY_CHOICES = ("error", "params")  # unknown_front_matter (load/other_generators.py)


def _is_address_pattern(pattern: str) -> bool:
    """An ``old_addresses`` pattern (load/old_addresses.py, imported only for a site that has them:
    the load package is a tenth of a second of every command's start)."""
    from .load.old_addresses import pattern_problem

    return pattern_problem(pattern) is None


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_language(v: Any) -> bool:
    if not isinstance(v, str) or not re.fullmatch(r"[a-z]{2,3}", v):
        return False
    try:
        Locale.parse(v)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _is_relative_dir(v: Any) -> bool:
    return (
        isinstance(v, str)
        and bool(v)
        and not Path(v).is_absolute()
        and ".." not in Path(v).parts
    )


_OPTIONS: dict[str, _Option] = {
    "title": _Option(_is_str, "a string"),
    "description": _Option(_is_str, "a string"),
    "author": _Option(_is_str, "a string"),
    "language": _Option(_is_language, "a language code that Babel knows, such as 'nl' or 'en'"),
    "content_dirs": _Option(
        lambda v: isinstance(v, list) and bool(v) and all(_is_relative_dir(x) for x in v),
        "a non-empty list of folders inside the site, such as ['seeds', 'content']",
        tuple,
    ),
    "theme": _Option(
        lambda v: isinstance(v, str) and re.fullmatch(r"[A-Za-z0-9_-]+", v) is not None,
        "a theme name (letters, digits, '-' or '_'), such as 'default'",
    ),
    "nlp_model": _Option(
        lambda v: isinstance(v, str) and bool(v.strip()),
        "'embedded', the name of an installed spaCy pipeline, or a path",
    ),
    "nlp_models": _Option(
        lambda v: isinstance(v, dict) and all(_is_language(k) and isinstance(m, str) and bool(m.strip())
                                              for k, m in v.items()),
        "a table of language codes and pipelines, such as { en = \"en_core_web_sm\" }",
        lambda v: tuple(sorted(v.items())),
    ),
    "knowledge_file": _Option(_is_relative_dir, "a path inside the site, such as 'content/entities.toml'"),
    "output_dir": _Option(_is_relative_dir, "a folder inside the site, such as 'build'"),
    "cache_dir": _Option(_is_relative_dir, "a folder inside the site, such as '.sitegen-cache'"),
    "static_dir": _Option(_is_relative_dir, "a folder inside the site, such as 'static'"),
    "pages_dir": _Option(_is_relative_dir, "a folder inside the site, such as 'pages'"),
    "page_size": _Option(
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 1000,
        "a whole number from 1 to 1000",
    ),
    "actor_page_size": _Option(
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 1000,
        "a whole number from 1 to 1000",
    ),
    "image_widths": _Option(
        lambda v: isinstance(v, list) and len(v) <= 8 and all(
            isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8000 for w in v),
        "a list of at most 8 widths in pixels from 16 to 8000, such as [480, 960, 1600] ([] for none)",
        lambda v: tuple(sorted(set(v))),
    ),
    "markdown_html": _Option(lambda v: isinstance(v, bool), "true or false"),
    "old_addresses": _Option(
        lambda v: isinstance(v, list) and len(v) <= 8 and all(isinstance(x, str) and _is_address_pattern(x) for x in v),
        "a list of at most 8 address patterns such as ['posts/{name}/', '{year}/{month}/{day}/{slug}.html'] "
        "(placeholders {name}, {undated_name}, {folder}, {slug}, {year}, {month}, {day}; each with {name}, "
        "{undated_name} or {slug})",
        tuple,
    ),
    "unknown_front_matter": _Option(
        lambda v: v in UNKNOWN_KEY_CHOICES,
        "'error' (an unknown front-matter key stops the build) or 'params' (it becomes one of the params)",
    ),
    "search": _Option(lambda v: isinstance(v, bool), "true or false"),
    "workers": _Option(
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 256,
        "a whole number from 0 (one per core) to 256",
    ),
    "build_server": _Option(
        lambda v: v in ("auto", "on", "off"),
        "'auto' (a build server for sites of 2,000 articles or more), 'on' or 'off'",
    ),
}
_CLUSTER_OPTIONS: dict[str, _Option] = {
    "scheduler": _Option(
        lambda v: isinstance(v, str) and (v == "" or re.fullmatch(r"[a-z]+://\S+", v) is not None),
        "a dask scheduler address such as 'tcp://127.0.0.1:8786'",
    ),
}


# The folders of the pages sitegen makes, by their published name unless ``[paths]`` renames
# them (Dutch, as the first sites were; render/urls.py uses these names throughout)
FOLDERS = {"actors": "actoren", "countries": "landen", "archive": "archief", "search": "zoeken",
           "topics": "onderwerpen", "authors": "auteurs", "corrections": "correcties", "page": "pagina"}
FOLDER_KEYS = tuple(FOLDERS)
# and the files that are not in one of those folders: the JSON export of every annotation
FILES = {"export": "data/annotaties.json"}
_NOT_A_FOLDER_NAME = frozenset({"media", "static", "data", "pagefind"})  # folders sitegen fills with other things


def _folder_names(value: Any, text: str, path_label: str) -> tuple[list[Problem], tuple[tuple[str, str], ...]]:
    """``[paths]``: the names the generated folders are published under (``actors = "actors"``).
    Each a lowercase slug, none a year, a folder sitegen fills otherwise, or another's name."""
    if not isinstance(value, dict):
        return [Problem(path_label, _line_of(text, "paths"), "[paths]: expected a table")], ()
    problems: list[Problem] = []
    names: dict[str, str] = {}
    for key, name in value.items():
        line = _line_of(text, key)
        if key in FILES:
            if not _is_file_name(name):
                problems.append(Problem(path_label, line, f"paths.{key}: expected a .json file name such as "
                                                          f"'data/annotations.json' (lowercase, outside the site's own "
                                                          f"folders), got {name!r}"))
            else:
                names[key] = name
            continue
        if key not in FOLDER_KEYS:
            problems.append(Problem(path_label, line, f"paths.{key}: unknown; known: {', '.join((*FOLDER_KEYS, *FILES))}"))
        elif not isinstance(name, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name) \
                or re.fullmatch(r"\d{4}", name) or name in _NOT_A_FOLDER_NAME:
            problems.append(Problem(path_label, line, f"paths.{key}: expected a folder name of lowercase letters, "
                                                      f"digits and hyphens (not a year or {', '.join(sorted(_NOT_A_FOLDER_NAME))}), "
                                                      f"got {name!r}"))
        else:
            names[key] = name
    taken: dict[str, str] = {}
    for key, name in sorted({**FOLDERS, **{k: v for k, v in names.items() if k not in FILES}}.items(),
                            key=lambda kv: (kv[0] not in names, kv[0])):
        if (other := taken.setdefault(name, key)) != key:  # the first of the two is one the file renamed
            problems.append(Problem(path_label, _line_of(text, other), f"paths.{other}: {name!r} is already the "
                                                                      f"name of paths.{key}"))
    return problems, tuple(sorted(names.items()))


def _is_file_name(name: Any) -> bool:
    """A published name for one of ``FILES``: lowercase ``.json`` path of at most three
    segments, in none of the folders sitegen fills with pages or assets, nor in a year."""
    segments = name.split("/") if isinstance(name, str) else []
    if not 1 <= len(segments) <= 3 or not name.endswith(".json"):
        return False
    if not all(re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", s) for s in segments):
        return False
    taken = {*FOLDERS.values(), *FOLDERS, *_NOT_A_FOLDER_NAME} - {"data"}  # data/: the export's own folder
    return len(segments) == 1 or not (segments[0] in taken or re.fullmatch(r"\d{4}", segments[0]))


def _line_of(text: str, key: str) -> int:
    """Line of ``key = …`` in the TOML text (tomllib gives no positions); 0 if not found."""
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def parse_config(text: str, root: Path, path_label: str = CONFIG_NAME) -> SiteConfig:
    """Validate TOML text; raise ``ConfigError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(path_label, toml_error_line(exc), f"not valid TOML: {exc}")]) from None
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "cluster":
            if not isinstance(value, dict):
                problems.append(Problem(path_label, _line_of(text, key), "[cluster]: expected a table"))
                continue
            for ckey, cvalue in value.items():
                _validate(ckey, cvalue, _CLUSTER_OPTIONS, text, path_label, problems, values, "cluster.")
            continue
        if key == "paths":
            found, names = _folder_names(value, text, path_label)
            problems.extend(found)
            values["folder_names"] = names
            continue
        if key == "base_url":
            found = _check_base_url(value, path_label, _line_of(text, key))
            problems.extend(found)
            if not found:
                values["base_url"] = _normalise_base_url(value)
            continue
        _validate(key, value, _OPTIONS, text, path_label, problems, values, "")
    if values.get("language", "nl") in dict(values.get("nlp_models", ())):
        problems.append(Problem(path_label, _line_of(text, "nlp_models"), "nlp_models: the site's own language "
                                                                         "uses nlp_model; name only other languages"))
    for key, what in (("static_dir", "the static folder is published whole"),
                      ("pages_dir", "its files are pages, not articles")):
        clashes = _overlaps(key, what, values, text, path_label)
        if key in values:
            problems.extend(clashes)
        elif clashes:  # the default folder is another folder's (content_dirs = ["."]): none
            values[key] = ""
    problems.extend(_output_overlaps(values, text, path_label))
    if problems:
        raise ConfigError(problems, f"{path_label} has {len(problems)} problem(s):")
    return SiteConfig(root=root.resolve(), **values)


def _output_overlaps(values: dict[str, Any], text: str, path_label: str) -> list[Problem]:
    """Each build replaces the output folder whole (the old one is recycled by the next
    build), so it must hold nothing of the user's: not the site folder itself, a content
    folder, the site's templates (``themes/``) or the cache. It may lie inside a content
    folder (``content_dirs = ["."]``): the loader skips it."""
    defaults = SiteConfig(root=Path("."))
    output = PurePosixPath(values.get("output_dir", defaults.output_dir))
    line = _line_of(text, "output_dir") or _line_of(text, "content_dirs") or _line_of(text, "cache_dir")
    if output == PurePosixPath("."):
        return [Problem(path_label, line, "output_dir: '.' is the site folder itself; each build replaces the "
                                          "output folder whole, so it must be a folder of its own, such as 'build'")]
    kept = [("content folder", d) for d in values.get("content_dirs", defaults.content_dirs)]
    kept += [("the templates folder", "themes"), ("cache_dir", values.get("cache_dir", defaults.cache_dir))]
    return [
        Problem(path_label, line, f"output_dir: {str(output)!r} {'is' if output == folder else 'holds'} {what} "
                                  f"{str(folder)!r}; each build replaces the output folder whole, so it must "
                                  "be a folder of its own, such as 'build'")
        for what, other in kept
        if output == (folder := PurePosixPath(other)) or output in folder.parents
    ]


def _overlaps(key: str, what: str, values: dict[str, Any], text: str, path_label: str) -> list[Problem]:
    """The static and pages folders must not be, hold or lie in the output, the cache, a
    content folder (whose notes and drafts stay private) or each other."""
    defaults = SiteConfig(root=Path("."))
    folder = values.get(key, getattr(defaults, key))
    if not folder:
        return []
    mine = PurePosixPath(folder)
    others = [("output_dir", values.get("output_dir", defaults.output_dir)),
              ("cache_dir", values.get("cache_dir", defaults.cache_dir)),
              *(("content_dirs", d) for d in values.get("content_dirs", defaults.content_dirs))]
    if key == "pages_dir" and values.get("static_dir", defaults.static_dir):
        others.append(("static_dir", values.get("static_dir", defaults.static_dir)))
    return [
        Problem(path_label, _line_of(text, key) or _line_of(text, other_key),
                f"{key}: {str(mine)!r} overlaps {other_key} {other!r}; {what}, so it must be a folder of its own")
        for other_key, other in others
        if mine == (o := PurePosixPath(other)) or mine in o.parents or o in mine.parents
    ]


def _validate(
    key: str,
    value: Any,
    options: dict[str, _Option],
    text: str,
    path_label: str,
    problems: list[Problem],
    values: dict[str, Any],
    prefix: str,
) -> None:
    line = _line_of(text, key)
    option = options.get(key)
    if option is None:
        known = ", ".join(sorted(options) + ([] if prefix else ["base_url", "[cluster]"]))
        problems.append(Problem(path_label, line, f"unknown key {prefix}{key!r}; known keys: {known}"))
    elif not option.check(value):
        problems.append(
            Problem(path_label, line, f"{prefix}{key}: expected {option.expected}, got {value!r}")
        )
    else:
        values[key] = option.convert(value)


def site_folder_problem(root: Path) -> str:
    """Why ``root`` is no site to build, serve or publish, or "" if it is one: a folder
    that does not exist, or one with neither ``sitegen.toml`` nor a default content
    folder. A mistyped ``--site``, or a build started in the wrong folder, would otherwise
    create that folder and put an empty site's ``build/`` in it."""
    if not root.is_dir():
        return f"{root}: no such folder (give the site's folder with --site, or start one with 'sitegen new {root}')"
    if (root / CONFIG_NAME).is_file():
        return ""
    folders = SiteConfig(root=root).content_dirs
    if any((root / folder).is_dir() for folder in folders):
        return ""  # a site that keeps every default
    return (f"{root}: not a sitegen site: it has no {CONFIG_NAME} and no {' or '.join(f + '/' for f in folders)} "
            f"folder (give the site's folder with --site, or start one with 'sitegen new')")


def load_config(site_root: Path) -> SiteConfig:
    """Read ``sitegen.toml`` from the site root; a site without one gets the defaults."""
    path = site_root / CONFIG_NAME
    if not path.exists():
        return SiteConfig(root=site_root.resolve())
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(str(path), 0, f"not valid UTF-8 ({exc.reason})")]) from None
    return parse_config(text, site_root, str(path))
