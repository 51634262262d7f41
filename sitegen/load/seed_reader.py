"""Reader for the seed format: ``key value`` header lines, then blank-line paragraphs.

The header holds ``date`` (required) and optionally ``title``, ``author``, ``lang``,
``slug``, ``countries``, ``tags`` (topics, comma separated), ``aliases`` (old addresses
that redirect to the article), ``updated`` (the date of the last correction),
``correction`` (one line per correction: ``correction 2024-03-07 In een eerdere versie …``) and
``translation_key`` (shared with the article's versions in other languages). Exported seeds sometimes put the lead paragraph on the same
line as the date (``date 2022-01 De Kazachstaanse president …``); the reader accepts
that, because it is what real CMS exports look like.
"""

from __future__ import annotations

import re

from ..errors import ContentError
from ..model import Block, Correction, SourceArticle
from .fields import (
    FieldError,
    check_aliases,
    check_authors,
    check_correction,
    check_countries,
    check_language,
    check_slug,
    check_tags,
    check_translation_key,
    check_updated,
    last_update,
    make_slug,
    parse_date,
)
from .text import content_hash, decode, ends_with_punctuation, first_sentence, shorten

HEADER_KEYS = ("date", "title", "author", "lang", "slug", "countries", "tags", "aliases", "updated",
               "correction", "translation_key")
REPEATABLE = frozenset({"correction"})  # one header line each
_HEADER_LINE = re.compile(rf"^\s*({'|'.join(HEADER_KEYS)})(?:[ \t]+(.*))?$")
_READ_ALSO = re.compile(r"^Lees ook\s*:\s*", re.IGNORECASE)
_QUOTED = re.compile(r"[‘'\"“„«]\s*(.+?)\s*[’'\"”»]\s*$")
INTERTITLE_MAX_CHARS = 100
TITLE_MAX_CHARS = 90
SUMMARY_MAX_CHARS = 300


def read_seed(raw: bytes, path: str, default_lang: str = "nl") -> SourceArticle:
    """Parse one seed file; raise ``ContentError`` naming the file and line."""
    text = decode(raw, path)
    lines = text.split("\n")
    header: dict[str, tuple[str, int]] = {}
    repeated: list[tuple[str, str, int]] = []  # (key, value, line) of the REPEATABLE keys
    body_start = len(lines)
    body_first_line = ""
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                body_start = index + 1
                break
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            body_start = index
            break
        key, value = match.group(1), (match.group(2) or "").strip()
        if key in REPEATABLE:
            repeated.append((key, value, index + 1))
            continue
        if key in header:
            raise ContentError(path, index + 1, f"duplicate header key {key!r}")
        if key == "date":
            date_token, _, rest = value.partition(" ")
            value, body_first_line = date_token, rest.strip()
            header[key] = (value, index + 1)
            if body_first_line:
                body_start = index + 1
                break
            continue
        header[key] = (value, index + 1)
    if "date" not in header:
        raise ContentError(
            path, 1, "missing date: the file must start with a line 'date YYYY-MM' or 'date YYYY-MM-DD'"
        )
    fields = _header_fields(header, path, default_lang)
    corrections = _corrections(repeated, fields, header, path)
    blocks, body = _blocks(lines, body_start, body_first_line, header["date"][1], path)
    if not blocks:
        last_header_line = max([line for _, line in header.values()] + [line for *_, line in repeated])
        raise ContentError(path, last_header_line, "the article has a header but no body text")
    lead_block = next((b for b in blocks if b.kind == "paragraph"), blocks[0])
    lead = body[lead_block.start:lead_block.end]
    # the lead sentence without its full stop; a lead of nothing but dots keeps them ("…")
    title = fields.get("title") or shorten(first_sentence(lead).rstrip("."), TITLE_MAX_CHARS) \
        or shorten(lead, TITLE_MAX_CHARS)
    return SourceArticle(
        path=path,
        source_format="seed",
        slug=fields.get("slug") or make_slug(title),
        title=title,
        title_derived="title" not in fields,
        date=fields["date"],
        lang=fields.get("lang", default_lang),
        text=body,
        content_hash=content_hash("seed", text),
        summary=shorten(lead, SUMMARY_MAX_CHARS),
        authors=fields.get("author", ()),
        countries=fields.get("countries", ()),
        blocks=tuple(blocks),
        read_also=tuple(_read_also_title(body[b.start:b.end]) for b in blocks if b.kind == "read_also"),
        aliases=fields.get("aliases", ()),
        updated=fields.get("updated") if not corrections else last_update(fields.get("updated"), corrections),
        corrections=corrections,
        tags=fields.get("tags", ()),
        translation_key=fields.get("translation_key", ""),
    )


def _header_fields(header: dict[str, tuple[str, int]], path: str, default_lang: str) -> dict:
    fields: dict = {}
    header = dict(sorted(header.items(), key=lambda kv: kv[0] == "updated"))  # after the date it is checked against
    checks = {
        "date": parse_date,
        "slug": check_slug,
        "lang": check_language,
        "countries": check_countries,
        "tags": check_tags,
        "title": _non_empty,
        "author": check_authors,
        "aliases": check_aliases,
        "translation_key": check_translation_key,
    }
    for key, (value, line) in header.items():
        try:
            fields[key] = check_updated(value, fields["date"]) if key == "updated" else checks[key](value)
        except FieldError as exc:
            raise ContentError(path, line, str(exc)) from None
    return fields


def _corrections(lines: list[tuple[str, str, int]], fields: dict, header: dict[str, tuple[str, int]],
                 path: str) -> tuple[Correction, ...]:
    """The ``correction YYYY-MM-DD text`` lines, oldest first, checked against the date and
    ``updated`` (which, when given, cannot be older than the last correction)."""
    found = []
    for _, value, line in lines:
        date, _, text = value.partition(" ")
        try:
            found.append((check_correction(date, text, fields["date"]), line))
        except FieldError as exc:
            raise ContentError(path, line, str(exc)) from None
    corrections = tuple(c for c, _ in sorted(found, key=lambda cl: cl[0].date))
    try:
        last_update(fields.get("updated"), corrections)
    except FieldError as exc:
        raise ContentError(path, header["updated"][1], str(exc)) from None
    return corrections


def _non_empty(value: str) -> str:
    if not value:
        raise FieldError("expected a value after the key")
    return " ".join(value.split())


def _blocks(
    lines: list[str], start: int, first_line: str, first_line_no: int, path: str
) -> tuple[list[Block], str]:
    """Group body lines into blocks, and join them into the body text (blank lines between)
    that their offsets count in."""
    paragraphs: list[tuple[str, int]] = []
    current: list[str] = []
    current_line = 0
    if first_line:
        current, current_line = [first_line], first_line_no
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if line:
            if not current:
                current_line = index + 1
            current.append(line)
        elif current:
            paragraphs.append((" ".join(current), current_line))
            current = []
    if current:
        paragraphs.append((" ".join(current), current_line))
    blocks: list[Block] = []
    texts: list[str] = []
    offset = 0
    for text, line in paragraphs:
        text = " ".join(text.split())
        blocks.append(Block(_kind(text), offset, offset + len(text), line))
        texts.append(text)
        offset += len(text) + 2
    return blocks, "\n\n".join(texts)


def _kind(text: str) -> str:
    if _READ_ALSO.match(text):
        return "read_also"
    if len(text) <= INTERTITLE_MAX_CHARS and not ends_with_punctuation(text):
        return "heading"
    return "paragraph"


def _read_also_title(text: str) -> str:
    rest = _READ_ALSO.sub("", text, count=1)
    match = _QUOTED.search(rest)
    return (match.group(1) if match else rest).strip()
