"""A small inline-SVG timeline of mentions per month, drawn at build time (no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .labels import format_month

BAR_WIDTH = 6
GAP = 2
HEIGHT = 48
MAX_MONTHS = 240  # twenty years of bars at most; a longer record is cut at the start's twentieth year


def timeline_svg(counts: Sequence[tuple[str, int]], language: str, title: str) -> str:
    """Bars for every month from the first to the last mention (empty months included).

    ``counts``: ("YYYY-MM", n), chronological (``ActorEntry.timeline``). Only the months
    with mentions are visited (a 3,939-actor site draws one timeline per actor); an empty
    month is the gap its place leaves."""
    if not counts:
        return ""
    first_y, first_m = map(int, counts[0][0].split("-"))
    last_y, last_m = map(int, counts[-1][0].split("-"))
    months = min((last_y - first_y) * 12 + last_m - first_m + 1, MAX_MONTHS)
    peak = max(n for _, n in counts)
    width = months * (BAR_WIDTH + GAP)
    bars: list[str] = []
    for key, n in counts:
        year, month = map(int, key.split("-"))
        i = (year - first_y) * 12 + month - first_m
        if i >= months:
            break
        if not n:
            continue
        h = max(2, round(HEIGHT * n / peak))
        label = escape(f"{format_month(year, month, language)}: {n}")
        bars.append(
            f'<rect x="{i * (BAR_WIDTH + GAP)}" y="{HEIGHT - h}" width="{BAR_WIDTH}" height="{h}">'
            f"<title>{label}</title></rect>"
        )
    return (
        f'<svg class="tijdlijn" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )
