"""Loading a big archive with forked parser processes gives exactly the sequential result."""

from __future__ import annotations

from pathlib import Path

from sitegen.load import PARALLEL_LOAD_MIN, ParsedFiles, load_articles

from .conftest import add_seed, make_site


def test_parallel_load_equals_sequential_load_problems_included(tmp_path: Path, seed_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(PARALLEL_LOAD_MIN + 20):
        files[f"content/n/{i:04d}.md"] = (f'---\ntitle: "Bericht {i}"\ndate: "2021-{i % 12 + 1:02d}-0{i % 9 + 1}"\n---\n\n'
                                          f"Tekst {i} over Astana en Bisjkek.\n")
    files["content/n/0003.md"] = "---\ntitle: zonder datum\n---\n\nTekst.\n"  # a problem with a line
    files["content/n/0007.md"] = b"date 2021-01\n\n\xff\xfe niet utf-8\n"  # another
    files["seeds/dubbel.txt"] = "date 2021-06\ntitle Bericht 5\nslug bericht-5\n\nZelfde adres.\n"  # same URL as 0005
    site = make_site(tmp_path / "site", files)
    add_seed(site, seed_path)

    one = load_articles(site, ("seeds", "content"), workers=1)
    two = load_articles(site, ("seeds", "content"), workers=2)
    assert len(one.articles) > PARALLEL_LOAD_MIN
    assert two.articles == one.articles
    assert two.problems == one.problems and len(one.problems) == 3  # no date, bad UTF-8, a duplicate URL

    memo = ParsedFiles(racy_seconds=-1)  # the memo filled from parser processes, then reused
    assert load_articles(site, ("seeds", "content"), memo=memo, workers=2).articles == one.articles
    assert len(memo) == len(one.articles) + 2  # both files with the same URL were parsed, then left out


def test_each_article_parsed_by_a_process_is_handed_over_once_as_it_arrives(tmp_path: Path) -> None:
    files = {f"content/n/{i:04d}.md": f'---\ntitle: "Bericht {i}"\ndate: "2021-03-0{i % 9 + 1}"\n---\n\nTekst {i}.\n'
             for i in range(PARALLEL_LOAD_MIN + 40)}
    files["content/n/0002.md"] = "---\ntitle: zonder datum\n---\n\nTekst.\n"  # a problem: not handed over
    site = make_site(tmp_path / "site", files)
    batches: list[list] = []
    loaded = load_articles(site, ("content",), workers=2, on_parsed=batches.append)
    handed = [a for batch in batches for a in batch]
    assert len(batches) > 1  # in batches, not all at the end
    assert sorted(a.path for a in handed) == sorted(a.path for a in loaded.articles)
    before = len(batches)
    assert load_articles(site, ("content",), workers=1, on_parsed=batches.append).articles == loaded.articles
    assert len(batches) == before  # a sequential load hands nothing over: it never waits
