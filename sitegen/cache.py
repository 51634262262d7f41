"""Persistent annotation cache keyed by (content hash, NLP pipeline fingerprint).

Stored in one SQLite file so that 10,000 entries cost one open, not 10,000. The stored
form is JSON, never pickle: a corrupted or tampered file can at worst be discarded.
Every entry is validated against the article text on the way out, so a cache that does
not match is never trusted.
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from sys import intern

from .model import ENTITY_LABELS, Annotation, EntityLabel, Mention
from .packed import Pairs

SCHEMA_VERSION = "1"


class CacheWarning(UserWarning):
    """The cache file was unusable and has been discarded."""


def cache_key(content_hash: str, fingerprint: str) -> str:
    return f"{fingerprint}:{content_hash}"


def encode(annotation: Annotation) -> str:
    mentions = [[m.start, m.end, m.label, m.country, int(m.nationality)] for m in annotation.mentions]
    return json.dumps({"m": mentions, "s": [list(s) for s in annotation.sentences]}, separators=(",", ":"))


_LABELS: dict[str, EntityLabel] = {label: label for label in ENTITY_LABELS}
# One int object per offset up to here, for every mention to share: CPython shares only
# -5…256, and JSON makes a new object per number, so the 836,000 offsets of 418,000
# mentions at 10,000 articles were as many 28-byte objects (most articles are shorter).
_OFFSETS = tuple(range(1 << 15))


def decode(payload: str, text: str) -> Annotation:
    """Rebuild an ``Annotation``; raise ``ValueError`` unless it fits ``text`` exactly."""
    try:
        data = json.loads(payload)
    except RecursionError:  # a corrupted payload of nested brackets
        raise ValueError("cache entry nested too deeply") from None
    mentions = []
    for start, end, label, country, nationality in data["m"]:
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ValueError("mention offsets outside the text")
        label = _LABELS.get(label) if isinstance(label, str) else None
        if label is None or type(country) is not str:
            raise ValueError("bad mention label")
        # shared strings: a 10k-article site has ~10^6 mentions but few distinct labels,
        # country codes and surfaces (each JSON string would otherwise be its own object);
        # shared offsets likewise (``_OFFSETS``)
        if end < len(_OFFSETS):
            start, end = _OFFSETS[start], _OFFSETS[end]
        mentions.append(Mention(start, end, label, intern(text[start:end]), intern(country), bool(nationality)))
    flat = array("i")
    for a, b in data["s"]:
        a, b = int(a), int(b)
        if not 0 <= a <= b <= len(text):
            raise ValueError("sentence offsets outside the text")
        flat.append(a)
        flat.append(b)
    return Annotation(tuple(mentions), Pairs(flat))


class AnnotationCache:
    """A key → annotation store; ``None`` path means no caching (used by tests and --no-cache)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            return self._connect(path)
        except OSError as exc:  # e.g. the cache path is a folder, or its folder is a file
            warnings.warn(f"annotation cache {path} unusable ({exc}); building without it", CacheWarning, stacklevel=3)
            return None

    def _connect(self, path: Path) -> sqlite3.Connection | None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                db = sqlite3.connect(path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS ann (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
                row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
                if row is None:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    db.commit()
                elif row[0] != SCHEMA_VERSION:
                    raise sqlite3.DatabaseError("cache schema changed")
                db.execute("PRAGMA quick_check").fetchone()
                return db
            except sqlite3.DatabaseError as exc:
                if attempt:
                    warnings.warn(f"annotation cache {path} unusable ({exc}); building without it", CacheWarning, stacklevel=2)
                    return None
                warnings.warn(f"annotation cache {path} is corrupt ({exc}); discarding it and rebuilding", CacheWarning, stacklevel=2)
                try:
                    db.close()
                except Exception:  # noqa: BLE001, S110 - closing a broken handle may fail too; it is discarded anyway
                    pass
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
        return None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """Raw payloads for the keys present; an unreadable cache behaves as empty."""
        return dict(self.iter_many(keys))

    def iter_many(self, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(key, raw payload) for the keys present, a few hundred rows at a time, so a caller
        that decodes as they come never holds every payload of a big site at once (they are
        tens of MB at 10,000 articles). A read error ends the rows early, with a warning."""
        try:
            yield from self._rows("k, v", keys)
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"annotation cache read failed ({exc}); re-annotating", CacheWarning, stacklevel=2)

    def present(self, keys: Iterable[str]) -> set[str]:
        """The keys that have an entry (not whether it is still valid: ``decode`` checks)."""
        try:
            return {k for (k,) in self._rows("k", keys)}
        except sqlite3.DatabaseError:
            return set()  # read errors are reported by ``iter_many``

    def _rows(self, columns: str, keys: Iterable[str]) -> Iterator[tuple]:
        """``columns`` of the entries with these keys, a few hundred keys per query."""
        if self._db is None:
            return
        keys = list(keys)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(f"SELECT {columns} FROM ann WHERE k IN ({marks})", chunk).fetchall()

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO ann VALUES (?, ?)", list(items))
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"annotation cache write failed ({exc}); continuing without it", CacheWarning, stacklevel=2)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
