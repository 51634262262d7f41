"""A small inline-SVG timeline of mentions per month, drawn at build time (no JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .labels import format_month

BAR_WIDTH = 6
GAP = 2
HEIGHT = 48


def timeline_svg(counts: Sequence[tuple[str, int]], language: str, title: str) -> str:
    """Bars for every month from the first to the last mention (empty months included)."""
    if not counts:
        return ""
    by_month = dict(counts)
    first_y, first_m = map(int, counts[0][0].split("-"))
    last_y, last_m = map(int, counts[-1][0].split("-"))
    months: list[tuple[int, int]] = []
    y, m = first_y, first_m
    while (y, m) <= (last_y, last_m) and len(months) < 240:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(by_month.values())
    width = len(months) * (BAR_WIDTH + GAP)
    bars: list[str] = []
    for i, (year, month) in enumerate(months):
        n = by_month.get(f"{year:04d}-{month:02d}", 0)
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
