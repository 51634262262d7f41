"""Validation of the metadata fields both formats share (date, slug, language, countries)."""

from __future__ import annotations

import calendar
import datetime
import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from mdit_py_plugins.anchors.index import unique_slug
from slugify import slugify

from ..model import ArticleDate, Correction

# YYYY-MM or YYYY-MM-DD, and a time after the day as other generators write it (2023-03-14 09:30,
# 2023-03-14T09:30:00+01:00): the date is the day as written, in the writer's own time zone
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ ]?(?:Z|[+-]\d{2}:?\d{2}))?)?)?")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class FieldError(ValueError):
    """A field's value is invalid; the message says what was expected."""


def parse_date(value: Any) -> ArticleDate:
    """``YYYY-MM`` or ``YYYY-MM-DD`` (a string, or a date YAML already parsed), with any
    time of day after the day (``_DATE``): the article's day is the day as written."""
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return ArticleDate(value.year, value.month, value.day)
    text = str(value).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise FieldError(f"date: expected YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3) or 0)
    if not 1 <= month <= 12:
        raise FieldError(f"date: month must be 01–12, got {text!r}")
    if year < 1:
        raise FieldError(f"date: year must be 0001 or later, got {text!r}")
    if match.group(3) is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise FieldError(f"date: {year:04d}-{month:02d} has no day {day:02d}, got {text!r}")
    return ArticleDate(year, month, day)


def check_updated(value: Any, published: ArticleDate) -> ArticleDate:
    """``updated``: a date like ``date``, on or after the article's own."""
    return _date_since(value, published, "updated")


def _date_since(value: Any, published: ArticleDate, field: str) -> ArticleDate:
    """A date like ``date`` (its problems named as ``field``), on or after ``published``."""
    try:
        when = parse_date(value)
    except FieldError as exc:
        raise FieldError(str(exc).replace("date:", f"{field}:", 1)) from None
    if when < published:
        raise FieldError(f"{field.split(':')[0]}: {when.iso()} is before the article's date {published.iso()}")
    return when


CORRECTION_MAX_CHARS = 1000


def check_correction(date: Any, text: Any, published: ArticleDate) -> Correction:
    """One correction: a date like ``date``, on or after the article's own, and its text
    (one paragraph of plain text: it is escaped, never read as Markdown or HTML)."""
    when = _date_since(date, published, "corrections: date")
    if not isinstance(text, str) or not " ".join(text.split()):
        raise FieldError("corrections: each correction needs its text: what was wrong and what is right")
    text = " ".join(text.split())
    if len(text) > CORRECTION_MAX_CHARS:
        raise FieldError(f"corrections: a correction of at most {CORRECTION_MAX_CHARS} characters, got {len(text)}")
    return Correction(when, text)


def check_corrections(value: Any, published: ArticleDate) -> tuple[Correction, ...]:
    """Front matter ``corrections``: a list of ``{date: …, text: …}``, kept oldest first."""
    if not isinstance(value, list):  # an empty one is fine: none yet
        raise FieldError("corrections: expected a list of corrections, each with a date and a text "
                         "(- date: 2024-03-07 / text: In een eerdere versie …)")
    found = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"date", "text"}:
            raise FieldError("corrections: each correction has exactly a 'date' and a 'text'")
        found.append(check_correction(item["date"], item["text"], published))
    return tuple(sorted(found, key=lambda c: c.date))


def last_update(updated: ArticleDate | None, corrections: tuple[Correction, ...]) -> ArticleDate | None:
    """``updated`` as given, or the date of the last correction; a given one cannot be older."""
    if not corrections:
        return updated
    latest = corrections[-1].date
    if updated is None:
        return latest
    if updated < latest:
        raise FieldError(f"updated: {updated.iso()} is before the correction of {latest.iso()}; "
                         "leave 'updated' out, it is the date of the last correction")
    return updated


def make_slug(title: str) -> str:
    """A readable, URL-safe slug; never empty and never a path."""
    slug = slugify(title, max_length=80, word_boundary=True, save_order=True)
    return slug or "artikel"


THEME_IDS = frozenset({"inhoud", "zoekveld", "zoeken", "correcties"})  # ids the default theme gives its own elements
_THEME_ID = re.compile(r"(kaart|zoek)-.*|fn(ref)?\d.*|correctie-\d+")  # cards, search page, footnotes, corrections


def heading_slug(text: str) -> str:
    """A heading's id, made from its text like a slug: ``Wat zegt de FNV?`` → ``wat-zegt-de-fnv``.

    An id the theme or the footnotes use for something else gets ``kop-`` in front, so a
    link to a section can never land on the search box or a tooltip card."""
    slug = slugify(text, max_length=80, word_boundary=True, save_order=True) or "kop"
    return "kop-" + slug if slug in THEME_IDS or _THEME_ID.fullmatch(slug) else slug


def heading_id(text: str, taken: set[str]) -> str:
    """``heading_slug``, made unique on its page the way Markdown headings are (``-1``, ``-2``)."""
    return unique_slug(heading_slug(text), taken)


def check_slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.fullmatch(value) or len(value) > 120:
        raise FieldError(
            "slug: expected lowercase letters, digits and single hyphens "
            f"(no '/', '..' or spaces), got {value!r}"
        )
    return value


def check_language(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}", value):
        raise FieldError(f"lang: expected a language code such as 'nl' or 'en', got {value!r}")
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise FieldError(f"lang: Babel does not know the language {value!r}") from None
    return value


MAX_COUNTRIES = 250  # more than ISO 3166-1 has


def _items(value: Any, key: str, split: Callable[[str], list[str]], example: str, most: int) -> list[Any]:
    """A list field's items: a YAML list, or one string cut by ``split``; at most ``most``."""
    if isinstance(value, str):
        items: list[Any] = split(value)
    elif isinstance(value, list):
        items = value
    else:
        raise FieldError(f"{key}: expected a list of {example}, got {value!r}")
    if len(items) > most:
        raise FieldError(f"{key}: at most {most}, got {len(items)}")
    return items


def check_countries(value: Any) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes, as a list or a comma/space separated string."""
    items = _items(value, "countries", lambda text: [v for v in re.split(r"[\s,;]+", text) if v],
                   "ISO codes such as [KZ, RU]", MAX_COUNTRIES)
    codes: list[str] = []
    for item in items:
        code = str(item).strip().upper()
        known = re.fullmatch(r"[A-Z]{2}", code) and pycountry.countries.get(alpha_2=code) is not None
        if not known and code != "XK":  # Kosovo: user-assigned but universally used
            raise FieldError(f"countries: {item!r} is not an ISO 3166-1 alpha-2 code such as KZ")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


MAX_TAGS = 20
MAX_TAG_LENGTH = 80


def check_tags(value: Any) -> tuple[str, ...]:
    """The article's topics, as a list or a comma separated string ("Buitenland, Energie").

    A topic is its words, not its spelling: "energie" and "Energie" are one topic page
    (``tag_slug``), so an article names each at most once. Refused: empty topics, topics
    without a letter or digit (no page address), overlong ones, and control characters."""
    return _names(value, "tags", "topics such as [Buitenland, Energie]", MAX_TAGS, "topic name")


MAX_AUTHORS = 20


def check_authors(value: Any) -> tuple[str, ...]:
    """The article's byline: one author, or several as a list or comma separated
    ("Jan Smit, Piet Bakker"); each gets an author page, with the rules of topics."""
    return _names(value, "author", "names such as [Jan Smit, Piet Bakker]", MAX_AUTHORS, "name")


def _names(value: Any, key: str, example: str, most: int, what: str) -> tuple[str, ...]:
    """Names that each get a page (topics, authors): once each by their page address."""
    items = _items(value, key, lambda text: text.split(","), example, most)
    names: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            raise FieldError(f"{key}: {item!r} is not a {what}")
        name = " ".join(str(item).split())
        if not name or len(name) > MAX_TAG_LENGTH or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
            raise FieldError(f"{key}: {item!r} must be 1–{MAX_TAG_LENGTH} printable characters")
        slug = tag_slug(name)
        if not slug:
            raise FieldError(f"{key}: {item!r} has no letter or digit to make its page address from")
        if slug not in seen:
            seen.add(slug)
            names.append(name)
    return tuple(names)


MAX_KEY_LENGTH = 100


PREVIEW_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")  # what link previews show (not SVG)


def check_image(value: Any) -> str:
    """``image``: the photo link previews show for the article (Open Graph, JSON-LD) when
    it is not the first one in the text: a file beside the article (``beelden/brug.jpg``),
    one in the static folder (``/img/brug.jpg``, as Hugo and Jekyll sites keep them) or an
    ``https://`` address. Hugo's ``images`` is a list: its first photo is the one."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip() or any(ord(c) < 32 for c in value):
        raise FieldError(f"image: expected the path of a photo such as beelden/brug.jpg, got {value!r}")
    text = value.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text.split("/", 1)[0] else ""
    if scheme not in ("", "http", "https") or text.startswith("//"):
        raise FieldError(f"image: {text!r} is neither a photo of the site nor an https:// address")
    if not text.split("?", 1)[0].split("#", 1)[0].lower().endswith(PREVIEW_IMAGE_SUFFIXES):
        raise FieldError(f"image: {text!r} is not a photo link previews can show "
                         f"({', '.join(PREVIEW_IMAGE_SUFFIXES)})")
    return text


def check_translation_key(value: Any) -> str:
    """``translation_key``: a name the versions of one article in several languages share
    (Hugo's ``translationKey``): "grensoverleg-2021" in the Dutch and the French article
    makes each page link to the other. Any short printable text; spaces are collapsed."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise FieldError(f"translation_key: expected a name such as 'grensoverleg-2021', got {value!r}")
    key = " ".join(str(value).split())
    if not key or len(key) > MAX_KEY_LENGTH or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in key):
        raise FieldError(f"translation_key: {value!r} must be 1–{MAX_KEY_LENGTH} printable characters")
    return key


_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_PARAMS_BYTES = 16_384
MAX_PARAMS_DEPTH = 4


def check_params(value: Any) -> str:
    """``params``: the editors' own fields, for themes (``article.params.photographer``),
    as Hugo's front matter has them. A mapping of names (letters, digits, ``_``, so a
    template can write them) to text, numbers, true/false, dates (kept as YYYY-MM-DD),
    lists and mappings of those; at most 16 KB as JSON. Returned as canonical JSON (sorted
    keys), so the same fields are the same bytes in every build."""
    if not isinstance(value, dict):
        raise FieldError(f"params: expected a mapping of your own fields, such as {{photographer: Jan Smit}}, "
                         f"got {type(value).__name__}")
    plain = _param_value(value, "params", 0)
    text = json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_PARAMS_BYTES:
        raise FieldError(f"params: {len(text.encode('utf-8')):,} bytes as JSON; at most {MAX_PARAMS_BYTES:,}")
    return text


def _param_value(value: Any, where: str, depth: int) -> Any:
    if depth > MAX_PARAMS_DEPTH:
        raise FieldError(f"{where}: nested more than {MAX_PARAMS_DEPTH} levels deep")
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not _PARAM_NAME.fullmatch(key):
                raise FieldError(f"{where}: {key!r} is no field name (letters, digits and _, "
                                 "starting with a letter or _)")
        return {key: _param_value(item, f"{where}.{key}", depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_param_value(item, f"{where}[{k}]", depth + 1) for k, item in enumerate(value)]
    if isinstance(value, datetime.date):  # a datetime too: YYYY-MM-DD[THH:MM:SS…]
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(f"{where}: {value!r} is not a number JSON can hold")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise FieldError(f"{where}: expected text, a number, true/false, a date, a list or a mapping, "
                     f"got {type(value).__name__}")


@lru_cache(maxsize=65536)  # pure, and asked for every article's topics and byline, several times a build
def tag_slug(tag: str) -> str:
    """The topic's page address segment: "Verkiezingen 2023" → ``verkiezingen-2023``."""
    return slugify(tag, max_length=80, word_boundary=True, save_order=True)


_ALIAS_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
# the site's own pages: an alias there would replace one (render/urls.py, render/pages.py)
_RESERVED_TOP = frozenset({"actoren", "landen", "onderwerpen", "auteurs", "archief", "zoeken", "data", "media", "static", "pagefind",
                           "index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt"})
_ARCHIVE_PAGE = re.compile(r"\d{4}/(?:\d{2}/)?(?:pagina/\d+/)?")
MAX_ALIASES = 50


def check_aliases(value: Any) -> tuple[str, ...]:
    """Old addresses of the article (``/2021/05/oude-titel/``, ``nieuws/123.html``), as a
    list or a space separated string, each normalised to an output path relative to the
    site root: a folder ends in ``/`` (its ``index.html`` redirects), a page in ``.html``.

    Refused: anything that is not a plain path inside the site (schemes, queries, ``..``),
    and the places of the site's own pages (the actor, country and archive folders, a
    year or month list, the home page)."""
    items = _items(value, "aliases", str.split, "old paths such as ['/2021/05/oude-titel/']", MAX_ALIASES)
    paths: list[str] = []
    for item in items:
        text = str(item).strip() if isinstance(item, str) else ""
        path = text.lstrip("/")
        segments = path.rstrip("/").split("/")
        if not path or not all(_ALIAS_SEGMENT.fullmatch(s) for s in segments):
            raise FieldError(f"aliases: {item!r} is not a path inside the site such as '/2021/05/oude-titel/' "
                             "(letters, digits, '-', '_', '.', '~' between slashes; no '..', query or scheme)")
        if not path.endswith((".html", "/")):
            path += "/"
        if segments[0] in _RESERVED_TOP or _ARCHIVE_PAGE.fullmatch(path):
            raise FieldError(f"aliases: {item!r} is the place of one of the site's own pages")
        if path not in paths:
            paths.append(path)
    return tuple(paths)
