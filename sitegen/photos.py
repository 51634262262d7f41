"""Smaller copies of each photo, so that a phone does not download a camera's original.

Photos reach a newsroom at full size from cameras and agencies: 4,000 pixels wide and
several megabytes each. A browser downloads the smallest file that fills the space a
photo gets, if the page offers several (``srcset`` with widths and ``sizes``). For each
JPEG, PNG and WebP photo wider than one of the configured widths (``image_widths``,
default 480, 960 and 1,600 pixels) a copy at that width is published beside it
(``brug.jpg`` → ``brug-480w.jpg``); the original stays for the widest screens, the
preview image and downloads.

Each copy is made with Pillow: turned upright as the camera's orientation tag says, and
without the original's metadata (its EXIF can tell where and when a photo was taken,
and with which device, which a source may need kept quiet). Copies are kept in the
cache folder under a key of the original's path, size and modification time, the width,
the encoder settings and Pillow's version, so a later build makes none again; a photo
replaced under the same name gets new ones, and the site's build deletes the old ones. Pillow releases the interpreter lock while it
decodes, resizes and encodes, so a few threads use every core. A photo Pillow cannot
read (damaged, animated, or too large to decode safely) keeps only its original.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from .load.resources import LinkedFile

RESIZABLE = (".jpg", ".jpeg", ".png", ".webp")
# encoder settings by format; part of each copy's cache key
SETTINGS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
MAX_PIXELS = 80_000_000  # a larger original is not decoded (memory); it is published as it is
FOLDER = "photos"  # under the cache folder


class Photo(NamedTuple):
    """What a page needs to show a published photo: its size, as displayed (upright),
    and its smaller copies as (width, output path), narrowest first."""

    width: int
    height: int
    variants: tuple[tuple[int, str], ...] = ()


def copy_path(output: str, width: int) -> str:
    """Where the copy of ``output`` at ``width`` pixels is published: beside it."""
    stem, ext = posixpath.splitext(output)
    return f"{stem}-{width}w{ext}"


def plan(sizes: Mapping[str, tuple[int, int]], widths: Sequence[int],
         taken: Collection[str]) -> dict[str, tuple[tuple[int, str], ...]]:
    """Output path → the copies to make of it: one per configured width narrower than the
    photo, unless another file is published under the copy's name."""
    planned: dict[str, tuple[tuple[int, str], ...]] = {}
    for output, (width, _) in sizes.items():
        if not output.lower().endswith(RESIZABLE):
            continue
        copies = tuple((w, copy_path(output, w)) for w in sorted(widths) if w < width)
        copies = tuple(c for c in copies if c[1] not in taken)
        if copies:
            planned[output] = copies
    return planned


def made(files: Iterable[LinkedFile], planned: Mapping[str, tuple[tuple[int, str], ...]], store: Path,
         threads: int = 0) -> tuple[list[LinkedFile], dict[str, tuple[tuple[int, str], ...]]]:
    """Make (or find in ``store``) every planned copy; return them as files to publish,
    and the plan without the photos that could not be read."""
    sources = {f.output: f.source for f in files if f.output in planned}
    if not sources:
        return [], {}
    store.mkdir(parents=True, exist_ok=True)
    jobs = sorted(sources.items())
    with ThreadPoolExecutor(max_workers=threads or min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda job: _copies(job[1], planned[job[0]], store), jobs))
    linked: list[LinkedFile] = []
    kept: dict[str, tuple[tuple[int, str], ...]] = {}
    for (output, _), paths in zip(jobs, results):
        if paths is None:
            continue
        kept[output] = planned[output]
        linked.extend(LinkedFile(path, cached) for (_, path), cached in zip(planned[output], paths))
    return linked, kept


def prune(store: Path, kept: Iterable[LinkedFile]) -> int:
    """Delete the cached copies no published file comes from (a replaced or removed photo's,
    a width no longer configured); how many. Only the site's own build prunes: a drafts
    preview's extra copies are made again when it next needs them."""
    keep = {f.source.name for f in kept}
    gone = 0
    try:
        entries = list(store.iterdir())
    except OSError:
        return 0
    for path in entries:
        if path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def photos(sizes: Mapping[str, tuple[int, int]], variants: Mapping[str, tuple[tuple[int, str], ...]]) -> dict[str, Photo]:
    """Every photo's size with its copies, for the pages."""
    return {output: Photo(w, h, variants.get(output, ())) for output, (w, h) in sizes.items()}


def _copies(source: Path, copies: tuple[tuple[int, str], ...], store: Path) -> list[Path] | None:
    """The cached files of ``source``'s copies, made where missing; None if it cannot be read."""
    from PIL import Image, ImageOps

    try:
        stat = source.stat()
    except OSError:
        return None
    identity = f"{Image.__version__}|{SETTINGS}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    ext = source.suffix.lower()
    targets = [store / f"{hashlib.sha256(f'{identity}|{w}'.encode()).hexdigest()[:32]}{ext}" for w, _ in copies]
    if all(t.exists() for t in targets):
        return targets
    try:
        with Image.open(source) as opened:
            if getattr(opened, "is_animated", False) or opened.width * opened.height > MAX_PIXELS:
                return None
            kind = opened.format
            if kind not in SETTINGS:
                return None
            icc = opened.info.get("icc_profile")
            if kind == "JPEG":  # decode at the smallest scale (1/2, 1/4, 1/8) still at least as large
                opened.draft(opened.mode, _box(opened, max(w for w, _ in copies)))  # as the widest copy
            image = ImageOps.exif_transpose(opened)
            image.load()
        image = _encodable(image, kind)
        for (width, _), target in zip(copies, targets):
            if target.exists():
                continue
            height = max(1, round(image.height * width / image.width))
            smaller = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            options = dict(SETTINGS[kind], **({"icc_profile": icc} if icc else {}))
            smaller.save(partial, kind, **options)
            os.replace(partial, target)
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged or hostile files
        return None
    return targets


def _box(image, width: int) -> tuple[int, int]:
    """The stored pixels a copy ``width`` wide needs of ``image``, which may be stored on its side."""
    turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
    shown_w, shown_h = (image.height, image.width) if turned else (image.width, image.height)
    height = -(-width * shown_h // shown_w)
    return (height, width) if turned else (width, height)


def _encodable(image, kind: str):
    """``image`` in a mode its format can store and Lanczos can resize."""
    if kind == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    return image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
