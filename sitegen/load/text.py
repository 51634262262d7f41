"""Turning raw file bytes into clean text, with errors that name the line.

Both readers start here, so invalid UTF-8, binary files, byte-order marks and old
line endings are handled once and the same way.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import ContentError

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[„“\"‘'«(]?[A-Z0-9ÀÁÂÄÉÈËÍÏÓÖÚÜ])")
_CLOSERS = "\"”’»)]'"


def decode(raw: bytes, path: str) -> str:
    """Bytes → text with ``\\n`` line endings; reject binary and non-UTF-8 input."""
    nul = raw.find(b"\x00")
    if nul != -1:
        line = raw.count(b"\n", 0, nul) + 1
        raise ContentError(path, line, "binary data (NUL byte): expected a UTF-8 text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            path,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ContentError(
            path, line, f"control character U+{ord(bad.group()):04X}: expected plain text"
        )
    if not text.strip():
        raise ContentError(path, 1, "the file is empty: expected a date header and a body")
    return text


def content_hash(*parts: str) -> str:
    """Stable hash of an article's inputs; the annotation cache is keyed on it."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def first_sentence(text: str) -> str:
    """The lead sentence of a paragraph (a simple splitter is enough for a title)."""
    match = _SENTENCE_END.search(text)
    return text[: match.start()].strip() if match else text.strip()


def ends_with_punctuation(text: str) -> bool:
    """True when the paragraph ends like a sentence, ignoring closing quotes and brackets."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in ".!?…:;,"


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary at most ``limit`` characters long; never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:–-— ")
    return (cut or text[:limit]) + " …"


def header_line(text: str, key: str, value: str = "") -> int:
    """The line of the header field ``key`` (a front-matter key or a seed header line), or
    of the line in its value that holds ``value`` (an item of a YAML list); 0 if absent.

    For problems found after the articles are read (two articles on one address), when
    only the article's path and field are known."""
    lines = text.split("\n")
    fenced = bool(lines) and lines[0].strip() == "---"
    key_pattern = re.compile(re.escape(key) + (r"\s*:" if fenced else r"(\s|$)"))
    found = 0
    for number, line in enumerate(lines[1:] if fenced else lines, 2 if fenced else 1):
        if (fenced and line.strip() == "---") or (not fenced and not line.strip()):
            break  # the end of the header
        if not found:
            if key_pattern.match(line):
                found = number
                if not value or value in line:
                    return number
        elif line[:1] not in (" ", "\t", "-"):
            break  # the next key: the value was not found on a line of its own
        elif value in line:
            return number
    return found


def file_header_line(path: Path, key: str, value: str = "") -> int:
    """``header_line`` of the file at ``path`` (read again, on the error path only); 0 if unreadable."""
    try:
        return header_line(path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n"), key, value)
    except OSError:
        return 0


def file_line_containing(path: Path, needle: str) -> int:
    """The first line of the file at ``path`` that holds ``needle`` (read again, on the
    error path only); 0 if none does or the file is unreadable."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    except OSError:
        return 0
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0
