from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.errors import BuildError
from sitegen.model import ArticleDate
from sitegen.render.labels import format_article_date, format_month
from sitegen.render.svg import timeline_svg
from sitegen.render.urls import Linker, paged
from sitegen.write import safe_relative, write_site


@pytest.mark.parametrize(
    "page,target,expected",
    [
        ("", "", "./"),
        ("", "actoren/x/", "actoren/x/"),
        ("2022/01/slug/", "", "../../../"),
        ("2022/01/slug/", "actoren/x/", "../../../actoren/x/"),
        ("2022/01/slug/", "static/style.1.css", "../../../static/style.1.css"),
        ("landen/kz/pagina/2/", "landen/kz/", "../../"),
        ("feed.xml", "2022/", "2022/"),
    ],
)
def test_relative_links(page, target, expected):
    assert Linker(page)(target) == expected


def test_404_uses_absolute_base_path():
    assert Linker("404.html", "/archief/", absolute=True)("static/a.css") == "/archief/static/a.css"


def test_pagination_urls_are_stable():
    assert paged("2022/01/", 1) == "2022/01/" and paged("2022/01/", 3) == "2022/01/pagina/3/"


def test_dates_keep_precision_in_site_language():
    assert format_article_date(ArticleDate(2022, 1), "nl") == "januari 2022"
    assert format_article_date(ArticleDate(2022, 1, 4), "nl") == "4 januari 2022"
    assert format_article_date(ArticleDate(2022, 1), "en") == "January 2022"
    assert ArticleDate(2022, 1) < ArticleDate(2022, 1, 1) < ArticleDate(2022, 2)


def test_timeline_svg_has_a_bar_per_active_month_and_a_title():
    svg = timeline_svg([("2022-01", 2), ("2022-03", 1)], "nl", "Vermeldingen")
    assert svg.count("<rect") == 2 and "<title>Vermeldingen</title>" in svg and "maart 2022: 1" in svg


def _bars(svg: str) -> list[tuple[int, int, str]]:
    import re

    return [(int(x), int(h), title) for x, h, title in
            re.findall(r'<rect x="(\d+)" y="\d+" width="\d+" height="(\d+)"><title>([^<]*)</title>', svg)]


@given(st.lists(st.tuples(st.integers(2000, 2030), st.integers(1, 12), st.integers(0, 40)), min_size=1, max_size=40))
def test_timeline_svg_places_each_month_at_its_distance_from_the_first(raw):
    """A bar per month with mentions, at (months since the first) × 8 px, its height
    relative to the busiest month; empty months leave their gap; 240 months at most."""
    by_month = {(y, m): n for y, m, n in raw}
    counts = [(f"{y:04d}-{m:02d}", n) for (y, m), n in sorted(by_month.items())]
    (y0, m0), (y1, m1) = min(by_month), max(by_month)
    span = min((y1 - y0) * 12 + m1 - m0 + 1, 240)
    peak = max(by_month.values())
    expected = []
    for (y, m), n in sorted(by_month.items()):
        i = (y - y0) * 12 + m - m0
        if n and i < span:
            expected.append((i * 8, max(2, round(48 * n / peak)), f"{format_month(y, m, 'nl')}: {n}"))
    svg = timeline_svg(counts, "nl", "Vermeldingen")
    assert _bars(svg) == expected
    assert f'viewBox="0 0 {span * 8} 48"' in svg


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "~/x"])
def test_output_paths_cannot_escape(bad):
    with pytest.raises(BuildError):
        safe_relative(bad)


def test_write_is_atomic_and_links_unchanged_files(tmp_path):
    out, manifest = tmp_path / "build", tmp_path / "cache" / "manifest.json"
    first = write_site(out, [("index.html", b"a"), ("x/index.html", b"b")], manifest)
    assert first.written == 2
    second = write_site(out, [("index.html", b"a"), ("y/index.html", b"c")], manifest)
    assert (second.written, second.unchanged, second.deleted) == (1, 1, 1)
    assert not (out / "x").exists() and (out / "y/index.html").read_bytes() == b"c"

    def broken():
        yield "index.html", b"new"
        raise OSError(28, "No space left on device")

    with pytest.raises(BuildError, match="disk is full"):
        write_site(out, broken(), manifest)
    assert (out / "index.html").read_bytes() == b"a"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sitegen")] == []


def _relative_by_posixpath(page: str, target: str) -> str:
    """The definition the fast paths in ``Linker`` must agree with."""
    here = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    here = "" if here == "/" else here
    rel = posixpath.relpath("/" + target, "/" + here) if target != here else "."
    if (target.endswith("/") or not target) and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "2022", "01", "actoren", ".", ".."]), max_size=4).map("/".join)


@given(_SEGMENTS, st.booleans(), _SEGMENTS, st.booleans())
def test_relative_links_agree_with_posixpath(page, page_slash, target, target_slash):
    page = page + "/" if page_slash and page else page
    target = target + "/" if target_slash and target else target
    assert Linker(page)(target) == _relative_by_posixpath(page, target)
