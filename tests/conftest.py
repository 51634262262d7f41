"""Shared fixtures: the shared seed article, throwaway sites, one embedded NLP pipeline."""

from __future__ import annotations

import hashlib
import shutil
import struct
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_17d0f64c3080eb38.txt"
GOLD_DEV = SHARED / "gold" / "dev"
# Debian's Chromium, driven headless by Playwright; these flags keep it off the network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present")
    return SEED


@pytest.fixture(scope="session")
def embedded_annotator():
    """The real embedded pipeline, loaded once per test session: (factory, fingerprint)."""
    from sitegen.nlp import load_annotator

    annotator = load_annotator("embedded", "nl")
    return (lambda: annotator), annotator.fingerprint


def make_site(root: Path, files: dict[str, str | bytes], config: str = 'title = "Testarchief"\n') -> Path:
    """Write a throwaway site: ``files`` maps relative paths to text or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(config, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def add_seed(site: Path, seed: Path, name: str = "seed.txt") -> None:
    (site / "seeds").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed, site / "seeds" / name)


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
