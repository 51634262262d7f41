"""The no-op fast path (sitegen/uptodate.py): skips only when inputs and build/ are unchanged."""

from __future__ import annotations

import time

import pytest

from sitegen.build import build

from .conftest import add_seed, make_site, tree_digest

pytestmark = pytest.mark.slow


def _old_enough() -> None:
    time.sleep(2.1)  # inputs touched within 2 s before a build are "racy": no stamp (see uptodate.py)


def test_noop_rebuild_takes_the_fast_path_and_sees_every_change(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {})
    add_seed(site, seed_path)
    _old_enough()
    first = build(site, annotator=embedded_annotator)
    assert not first.fast_path
    before = tree_digest(site / "build")

    again = build(site, annotator=embedded_annotator)
    assert again.fast_path and again.annotate.annotated == 0 and again.write.written == 0
    assert (again.articles, again.actors, again.write.files) == (first.articles, first.actors, first.write.files)
    assert tree_digest(site / "build") == before

    # a file changed in build/ is seen, and the full build puts it back
    page = site / "build" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- edited -->")
    repaired = build(site, annotator=embedded_annotator)
    assert not repaired.fast_path and tree_digest(site / "build") == before

    # another annotator fingerprint (NLP pipeline) is another input
    _old_enough()
    build(site, annotator=embedded_annotator)
    other = build(site, annotator=(embedded_annotator[0], embedded_annotator[1] + "-other"))
    assert not other.fast_path

    # an edited article is seen
    _old_enough()
    build(site, annotator=embedded_annotator)
    seed = next((site / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nNog een zin over Tokajev.\n", encoding="utf-8")
    edited = build(site, annotator=embedded_annotator)
    assert not edited.fast_path and edited.annotate.annotated == 1

    # a template override is seen
    _old_enough()
    build(site, annotator=embedded_annotator)
    override = site / "themes" / "default" / "templates" / "404.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "base.html" %}{% block main %}weg{% endblock %}', encoding="utf-8")
    assert not build(site, annotator=embedded_annotator).fast_path


def test_no_cache_never_takes_the_fast_path(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {})
    add_seed(site, seed_path)
    _old_enough()
    build(site, annotator=embedded_annotator, use_cache=False)
    assert not build(site, annotator=embedded_annotator, use_cache=False).fast_path


def test_two_outputs_built_by_turns_keep_their_own_records(tmp_path, seed_path, embedded_annotator):
    """The live server's drafts preview and ``build/`` alternate without spoiling each
    other's stamp, manifest and render units (``build.output_state``)."""
    site = make_site(tmp_path / "s", {})
    add_seed(site, seed_path)
    preview = site / ".sitegen-cache" / "drafts-preview"
    _old_enough()
    build(site, annotator=embedded_annotator)
    build(site, annotator=embedded_annotator, output=preview, include_drafts=True)
    assert build(site, annotator=embedded_annotator).fast_path
    assert build(site, annotator=embedded_annotator, output=preview, include_drafts=True).fast_path

    seed = next((site / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nNog een zin over Tokajev.\n", encoding="utf-8")
    edited = build(site, annotator=embedded_annotator)
    again = build(site, annotator=embedded_annotator, output=preview, include_drafts=True)
    # the preview re-renders what the edit changed, not everything: its render units were its own
    assert (again.rendered, again.reused) == (edited.rendered, edited.reused) and again.reused > 0
    assert again.annotate.annotated == 0
    assert tree_digest(preview) == tree_digest(site / "build") and edited.write.files == again.write.files


def test_a_site_whose_content_folder_is_the_site_folder(tmp_path, seed_path, embedded_annotator):
    """``content_dirs = ["."]``: build/, its spare and the cache lie in the content folder.
    The loader skips them (the built ``robots.txt`` is no article without a date), and the
    fast path still holds (the spare changing after a build is no change of the input)."""
    site = make_site(tmp_path / "s", {}, 'title = "Plat"\ncontent_dirs = ["."]\n')
    add_seed(site, seed_path)
    first = build(site, annotator=embedded_annotator)
    assert (site / "build" / "robots.txt").is_file()
    seed = next((site / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nNog een zin over Tokajev.\n", encoding="utf-8")
    edited = build(site, annotator=embedded_annotator)  # a full build: reads the content folder again
    assert edited.articles == first.articles == 1 and edited.annotate.annotated == 1
    _old_enough()
    build(site, annotator=embedded_annotator)
    assert build(site, annotator=embedded_annotator).fast_path


def test_a_replaced_photo_in_an_underscore_folder_is_a_change(tmp_path, embedded_annotator):
    """Articles are never read from ``_``-prefixed folders, but the photos they link to may
    lie there: replacing one must not leave the last build up to date."""
    from PIL import Image

    site = make_site(tmp_path / "s", {"content/a.md": "---\ntitle: Brug\ndate: 2024-03-01\n---\n"
                                                      "![De brug](_beelden/brug.png)\n\nDe brug in Utrecht.\n"})
    (site / "content" / "_beelden").mkdir()
    Image.new("RGB", (40, 30)).save(site / "content" / "_beelden" / "brug.png")
    _old_enough()
    build(site, annotator=embedded_annotator)
    assert build(site, annotator=embedded_annotator).fast_path
    Image.new("RGB", (80, 30)).save(site / "content" / "_beelden" / "brug.png")
    again = build(site, annotator=embedded_annotator)
    assert not again.fast_path
    (page,) = (site / "build" / "2024" / "03").glob("*/index.html")
    assert 'width="80"' in page.read_text(encoding="utf-8")


def test_an_article_dated_after_today_is_a_warning_not_a_change_of_output():
    """A typo in the year (2062 for 2026) kept the article first on the home page and in
    every feed; the build says so, and still writes what the files say."""
    import datetime

    from sitegen.build import future_dates
    from sitegen.model import ArticleDate, SourceArticle

    def article(path: str, *date: int) -> SourceArticle:
        return SourceArticle(path, "seed", path, path, ArticleDate(*date), "nl", "Tekst.", path)

    today = datetime.date(2026, 11, 30)
    found = future_dates([article("a.txt", 2062, 11, 30), article("b.txt", 2026, 11), article("c.txt", 2026, 11, 30),
                          article("d.txt", 2026, 12), article("e.txt", 2026, 12, 1)], today)
    assert [line.split(":")[0] for line in found] == ["a.txt", "d.txt", "e.txt"]
    assert "dated 2062-11-30, after today (2026-11-30)" in found[0]
