"""A fingerprint of sitegen's own code and data, for caches whose contents depend on it
(parsed articles, rendered pages): a new sitegen version starts those afresh."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every file of the package except bytecode and the NLP model (whose own
    fingerprint covers it)."""
    return _digest(PACKAGE, lambda rel: not rel.startswith("nlp/model/"))


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Hash of the code that turns text and a model's guesses into mentions
    (``sitegen/nlp`` and the gazetteer's lookups in ``sitegen/geo``), for the NLP
    pipeline's fingerprint: a changed rule refreshes every cached annotation by itself,
    where a hand-kept version number was easy to forget."""
    return rules_digest(PACKAGE)


def rules_digest(package: Path) -> str:
    """``rules_fingerprint`` of the package at ``package``: the modules right in ``nlp/``
    and ``geo/`` (their data and the model have fingerprints of their own)."""
    return _digest(package, lambda rel: rel.endswith(".py") and posixpath.dirname(rel) in ("nlp", "geo"))


def _digest(package: Path, wanted: Callable[[str], bool]) -> str:
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if path.is_file() and "__pycache__" not in rel and wanted(rel):
            h.update(rel.encode())
            h.update(path.read_bytes())
    return h.hexdigest()
