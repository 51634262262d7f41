"""The pixel size of each photo the articles show, read from the file's header.

A page that gives its images ``width`` and ``height`` keeps its layout while they load
(no text jumping down as a photo arrives: the "cumulative layout shift" that browsers
and search engines measure). The size is read at build time, not when the article is
parsed: the photo can change while its article does not. ``imagesize`` reads only the
first bytes of each file. A camera's photo taken upright may be stored on its side with
an orientation tag, which browsers obey: imagesize (2.0 and later) gives the size as shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import imagesize

from .resources import LinkedFile

MAX_SIDE = 100_000  # pixels; more is a damaged or hostile header, not a photo
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".tif", ".tiff", ".bmp")


def image_sizes(files: Iterable[LinkedFile]) -> Mapping[str, tuple[int, int]]:
    """Output path → (width, height) of every linked image whose header states its size
    (an SVG without a ``width``/``height`` or an unreadable file is simply left out)."""
    sizes: dict[str, tuple[int, int]] = {}
    for linked in files:
        if not linked.output.lower().endswith(IMAGE_SUFFIXES):
            continue
        try:
            width, height = imagesize.get(linked.source)
        except (OSError, ValueError):
            continue
        if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE:  # an SVG may claim anything ("1e20", "inf")
            sizes[linked.output] = (max(1, round(width)), max(1, round(height)))
    return dict(sorted(sizes.items()))
