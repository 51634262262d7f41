"""A fingerprint of sitegen's own code and data, for caches whose contents depend on it
(parsed articles, rendered pages): a new sitegen version starts those afresh."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every file of the package except bytecode and the NLP model (whose own
    fingerprint covers it)."""
    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if path.is_file() and "__pycache__" not in rel and not rel.startswith("nlp/model/"):
            h.update(rel.encode())
            h.update(path.read_bytes())
    return h.hexdigest()
