"""Full-text search: a Pagefind index of the article pages, built on the finished site.

The index is made by Pagefind's Python API (``pip install 'pagefind[bin]'`` ships the
binary; nothing is fetched at build or run time) in ``write_site``'s ``finalize`` hook,
so it is built from exactly the HTML that is swapped in, and is as atomic as the pages.

What is indexed is declared by the theme: pages with ``data-pagefind-body`` (article
pages), with filters and sort keys in ``data-pagefind-filter`` / ``-sort`` attributes and
the stemming language from ``<html lang>``. The one datum a template cannot know, the
article's section ("type": the content sub-folder, e.g. ``analyse``), is added here as a
``<meta data-pagefind-filter>`` to a staged copy of the page; the built page is untouched.

Indexing is skipped when nothing it depends on changed: the key (a hash of the Pagefind
version, the indexed pages' bytes and their sections) is stored in the bundle, and a
matching bundle in the previous build is hard-linked into the new one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from .errors import BuildError

BUNDLE_DIR = "pagefind"
KEY_FILE = "sitegen-search.key"  # lives in the bundle it describes
BODY_MARKER = b"data-pagefind-body"
SCHEMA = "1"  # bump when what this module feeds Pagefind changes
# Pagefind's ready-made UIs; sitegen's theme has its own (static/search.js), so they are not shipped.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
)


class SearchWarning(UserWarning):
    """Search was asked for but cannot be built (Pagefind missing); the site builds without it."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    pages: int  # pages in the index
    files: int  # files in the bundle
    bytes: int  # size of the bundle on disk
    seconds: float
    reused: bool  # the previous build's bundle was reused unchanged


def pagefind_version() -> str | None:
    """The installed Pagefind binary's version, or ``None`` when Pagefind cannot run here."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    exe = get_executable()
    if exe is None or not Path(exe).is_file():
        return None
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    return "external"


def search_enabled(wanted: bool) -> bool:
    """``search = true`` and Pagefind installed; warns (once per build) when it is missing."""
    if not wanted:
        return False
    if pagefind_version() is None:
        warnings.warn(
            "search is on in sitegen.toml but Pagefind is not installed; building without search "
            "(install it with: pip install 'pagefind[bin]', or set search = false)",
            SearchWarning, stacklevel=2,
        )
        return False
    return True


def article_sections(articles: Iterable[object], content_dirs: Iterable[str]) -> dict[str, str]:
    """Site path of each article page → its section: the first folder below its content folder.

    ``content/analyse/x.md`` is in section ``analyse``; ``seeds/x.txt`` (no sub-folder) has none.
    """
    roots = sorted((PurePosixPath(d).parts for d in content_dirs), key=len, reverse=True)
    sections: dict[str, str] = {}
    for article in articles:
        parts = PurePosixPath(article.path).parts  # type: ignore[attr-defined]
        for root in roots:
            if parts[: len(root)] == root:
                inner = parts[len(root):]
                if len(inner) > 1:
                    sections[article.url_path + "index.html"] = inner[0]  # type: ignore[attr-defined]
                break
    return dict(sorted(sections.items()))


def indexer(previous_site: Path | None, sections: Mapping[str, str] | None = None,
            report: Callable[[IndexStats], None] | None = None) -> Callable[[Path], None]:
    """A ``write_site(finalize=...)`` hook that indexes the new site, reusing ``previous_site``'s bundle."""

    def finalize(site: Path) -> None:
        stats = index_site(site, previous_site, sections or {})
        if report is not None:
            report(stats)

    return finalize


def index_site(site: Path, previous_site: Path | None = None, sections: Mapping[str, str] | None = None) -> IndexStats:
    """Write ``site/pagefind/`` for the pages of ``site`` that carry ``data-pagefind-body``."""
    started = time.perf_counter()
    sections = sections or {}
    version = pagefind_version()
    if version is None:
        raise BuildError("cannot build the search index: Pagefind is not installed (pip install 'pagefind[bin]')")
    pages = _indexed_pages(site)
    key = _index_key(version, pages, sections)
    bundle = site / BUNDLE_DIR
    if bundle.exists():
        raise BuildError(f"{bundle} already exists: a page or asset uses the search bundle's folder {BUNDLE_DIR!r}")
    reused = previous_site is not None and _reuse(previous_site / BUNDLE_DIR, bundle, key)
    if not reused:
        count = _index_checked(site, bundle, pages, sections)
        if count != len(pages):
            warnings.warn(f"search index: Pagefind indexed {count} of {len(pages)} article page(s)",
                          SearchWarning, stacklevel=2)
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        canonicalise_bundle(bundle)
        (bundle / KEY_FILE).write_text(key + "\n", encoding="utf-8")
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(len(pages), len(files), sum(p.stat().st_size for p in files),
                      time.perf_counter() - started, reused)


def _index_checked(site: Path, bundle: Path, pages: list[tuple[str, str]], sections: Mapping[str, str],
                   attempts: int = 3) -> int:
    """Run Pagefind and verify its bundle; a cut-off bundle (seen under heavy load) is redone."""
    for attempt in range(1, attempts + 1):
        # a sibling of the new site: same file system (hard links), and removed with it if killed
        staging = Path(tempfile.mkdtemp(prefix=f"{site.name}-search-", dir=site.parent))
        try:
            _stage(site, staging, pages, sections)
            count = _run(_pagefind(staging, bundle))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        try:
            _check_bundle(bundle)
            return count
        except BuildError:
            if attempt == attempts:
                raise
            shutil.rmtree(bundle, ignore_errors=True)
    raise AssertionError("unreachable")  # pragma: no cover


def _indexed_pages(site: Path) -> list[tuple[str, str]]:
    """(site path, sha256) of every HTML page that declares searchable content, sorted."""
    pages = []
    for path in site.rglob("*.html"):
        data = path.read_bytes()
        if BODY_MARKER in data:
            pages.append((path.relative_to(site).as_posix(), hashlib.sha256(data).hexdigest()))
    return sorted(pages)


def _index_key(version: str, pages: list[tuple[str, str]], sections: Mapping[str, str]) -> str:
    digest = hashlib.sha256(f"sitegen-search {SCHEMA} pagefind {version}\n".encode())
    for rel, page_hash in pages:
        digest.update(f"{rel}\0{sections.get(rel, '')}\0{page_hash}\n".encode())
    return digest.hexdigest()


def _reuse(old: Path, new: Path, key: str) -> bool:
    """Hard-link the previous bundle into the new site if it was built from the same input."""
    try:
        if (old / KEY_FILE).read_text(encoding="utf-8").strip() != key:
            return False
        shutil.copytree(old, new, copy_function=_link_or_copy)
        return True
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _stage(site: Path, staging: Path, pages: list[tuple[str, str]], sections: Mapping[str, str]) -> None:
    """The pages Pagefind reads: links to the built pages, or copies with the section filter added."""
    for rel, _hash in pages:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        section = sections.get(rel)
        data = (site / rel).read_bytes() if section else b""
        if section and b"</head>" in data:
            tag = f'<meta data-pagefind-filter="type[content]" content="{escape(section)}">\n'.encode()
            target.write_bytes(data.replace(b"</head>", tag + b"</head>", 1))
        else:
            _link_or_copy(str(site / rel), str(target))


async def _pagefind(staging: Path, bundle: Path) -> int:
    """Index the staged pages (one request: Pagefind reads the folder itself) into ``bundle``."""
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    config = IndexConfig(output_path=str(bundle), write_playground=False)
    service = await PagefindService().launch()
    try:
        index = await service.create_index(config)
        result = await index.add_directory(str(staging), glob="**/*.html")
        await index.write_files()
        return int(result["page_count"])
    except Exception as exc:  # noqa: BLE001 - the service reports failures as bare Exceptions
        raise BuildError(f"search index: Pagefind failed ({exc}); set search = false in sitegen.toml "
                         "to build without search") from None
    finally:
        await _stop(service)


async def _stop(service) -> None:  # type: ignore[no-untyped-def]
    """Stop the Pagefind binary once it has finished writing.

    ``PagefindService.close()`` kills the binary as soon as ``write_files`` has answered, but
    the binary may still be writing files then (seen under load: an empty
    ``pagefind-entry.json``). Closing its stdin instead makes it exit by itself, after its
    writes; ``close()`` then only cleans up.
    """
    backend = getattr(service, "_backend", None)
    poller = getattr(service, "_poll_task", None)
    if backend is not None and backend.stdin is not None:
        backend.stdin.close()
        try:
            await asyncio.wait_for(backend.wait(), timeout=120)
        except TimeoutError:
            pass
    if poller is not None:
        poller.cancel()
    try:
        await service.close()
    except (ProcessLookupError, RuntimeError):
        pass  # already exited


def _check_bundle(bundle: Path) -> None:
    """Refuse a bundle with a missing or cut-off file rather than publish a search that fails."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        for info in entry["languages"].values():
            gzip.decompress((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        for path in bundle.glob("*/*.pf_*"):
            gzip.decompress(path.read_bytes())
        if not (bundle / "pagefind.js").stat().st_size:
            raise ValueError("pagefind.js is empty")
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise BuildError(f"search index: Pagefind wrote an incomplete bundle ({exc}); the previous build "
                         "is unchanged; try again, or set search = false in sitegen.toml") from None


def _run(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine to completion, also when called from a running event loop (the live server)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


# --- Deterministic bundles --------------------------------------------------------------
# Pagefind writes each filter's values in hash-map order, which changes from run to run, and
# names files after their contents, so the same site would give a differently named bundle
# on every clean build. The filter files are re-written with their values sorted (and the
# files that name them renamed to match); if a future Pagefind changes the format so that
# a file does not read back to the same bytes, the bundle is left exactly as Pagefind wrote it.

SIGNATURE = b"pagefind_dcd"


def canonicalise_bundle(bundle: Path) -> bool:
    """Make ``bundle`` a function of its input only; return ``False`` if it was left as it was."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        plan: list[tuple[Path, Path, bytes]] = []  # (old file, new file, new bytes)
        new_entry_hashes = {}
        for lang, info in sorted(languages.items()):
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pf(meta_path)
            renamed: dict[str, str] = {}
            for old in sorted((bundle / "filter").glob(f"{lang}_*.pf_filter")):
                data = _read_pf(old)
                if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)
                        and all(isinstance(v, list) and v and isinstance(v[0], str) for v in data[1])):
                    return False
                blob = _write_pf([data[0], sorted(data[1], key=lambda v: v[0])])
                new_hash = f"{lang}_{hashlib.sha256(blob).hexdigest()[:len(old.stem) - len(lang) - 1]}"
                renamed[old.stem] = new_hash
                plan.append((old, old.with_name(new_hash + old.suffix), blob))
            meta_blob = _write_pf(_sort_named_lists(_replace_strings(meta, renamed), set(renamed.values())))
            meta_hash = f"{lang}_{hashlib.sha256(meta_blob).hexdigest()[:len(info['hash']) - len(lang) - 1]}"
            plan.append((meta_path, bundle / f"pagefind.{meta_hash}.pf_meta", meta_blob))
            new_entry_hashes[lang] = meta_hash
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return False
    for old, new, blob in plan:
        old.unlink()
        new.write_bytes(blob)
    for lang, meta_hash in new_entry_hashes.items():
        languages[lang]["hash"] = meta_hash
    entry["languages"] = dict(sorted(languages.items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def _sort_named_lists(value, filter_hashes: set[str]):  # type: ignore[no-untyped-def]
    """Sort the meta file's (name, filter file) and (name, sort order) lists, also written in hash-map order."""
    if not isinstance(value, list):
        return value
    value = [_sort_named_lists(v, filter_hashes) for v in value]
    pairs = value and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in value)
    if pairs and (all(v[1] in filter_hashes for v in value if isinstance(v[1], str))
                  and all(isinstance(v[1], (str, list)) for v in value)):
        return sorted(value, key=lambda v: v[0])
    return value


def _replace_strings(value, mapping: dict[str, str]):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_replace_strings(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _replace_strings(v, mapping) for k, v in value.items()}
    return value


def _read_pf(path: Path):  # type: ignore[no-untyped-def]
    """A Pagefind data file: gzip of the signature and one CBOR value; ValueError if it would not round-trip."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind data file")
    value, end = _cbor_decode(raw, len(SIGNATURE))
    if end != len(raw) or _cbor_encode(value) != raw[len(SIGNATURE):]:
        raise ValueError(f"{path}: unexpected encoding")
    return value


def _write_pf(value) -> bytes:  # type: ignore[no-untyped-def]
    return gzip.compress(SIGNATURE + _cbor_encode(value), mtime=0)


def _cbor_decode(b: bytes, i: int):  # type: ignore[no-untyped-def]
    """The CBOR subset Pagefind uses: integers, byte and text strings, arrays and maps."""
    major, info = b[i] >> 5, b[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n, i = int.from_bytes(b[i : i + size], "big"), i + size
    else:
        raise ValueError(f"unsupported CBOR item {b[i - 1]:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i : i + n]), i + n
    if major == 3:
        return b[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(b, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = {}
        for _ in range(n):
            key, i = _cbor_decode(b, i)
            pairs[key], i = _cbor_decode(b, i)
        return pairs, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def _cbor_encode(value) -> bytes:  # type: ignore[no-untyped-def]
    if isinstance(value, bool) or value is None:
        raise ValueError("unsupported CBOR value")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(f"unsupported CBOR value {type(value).__name__}")
