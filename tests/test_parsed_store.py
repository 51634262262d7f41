"""The parsed-articles store (load/parsed_store.py) and the stat-keyed memo behind it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sitegen.load import ParsedFiles, load_articles
from sitegen.load.parsed_store import load_parsed, save_parsed

from .conftest import add_seed, make_site

MD = ('---\ntitle: "Een titel"\ndate: "2022-03-04"\ncountries: [KZ]\naliases: [/oud/adres/]\nupdated: 2022-03-05\n'
      'image: https://cdn.example.org/kaart.jpg\n---\n\n'
      'Tekst over Astana. ![kaart](kaart.png) [eerder](b.md)\n\n## Kop\n\nMeer tekst.\n')


def _site(tmp_path: Path, seed_path: Path) -> Path:
    site = make_site(tmp_path / "site", {"content/a.md": MD})
    add_seed(site, seed_path)
    return site


def _stored_site(tmp_path: Path, seed_path: Path) -> tuple[Path, Path]:
    """A site whose two articles were parsed and saved to a store (format "v1")."""
    site = _site(tmp_path, seed_path)
    memo = ParsedFiles(racy_seconds=-1)
    load_articles(site, ("seeds", "content"), memo=memo)
    store = tmp_path / "parsed.sqlite"
    save_parsed(store, memo, "v1")
    return site, store


def test_a_file_written_just_now_is_not_kept(tmp_path: Path, seed_path: Path) -> None:
    """Its next write could fall in the same timestamp tick with the same size (racy git)."""
    site = _site(tmp_path, seed_path)
    memo = ParsedFiles()
    assert len(load_articles(site, ("seeds", "content"), memo=memo).articles) == 2
    assert len(memo) == 0


def test_round_trip_gives_the_same_articles(tmp_path: Path, seed_path: Path) -> None:
    site = _site(tmp_path, seed_path)
    memo = ParsedFiles(racy_seconds=-1)
    first = load_articles(site, ("seeds", "content"), memo=memo)
    assert len(memo) == 2 and memo.changed
    store = tmp_path / "parsed.sqlite"
    save_parsed(store, memo, "v1")
    again = load_parsed(store, "v1")
    assert len(again) == 2 and not again.changed
    second = load_articles(site, ("seeds", "content"), memo=again)
    assert second.articles == first.articles
    assert not again.changed  # every file came from the store


def test_an_edited_file_is_parsed_again(tmp_path: Path, seed_path: Path) -> None:
    site = _site(tmp_path, seed_path)
    memo = ParsedFiles(racy_seconds=-1)
    load_articles(site, ("seeds", "content"), memo=memo)
    (site / "content" / "a.md").write_text(MD.replace("Een titel", "Een andere titel"), encoding="utf-8")
    titles = {a.title for a in load_articles(site, ("seeds", "content"), memo=memo).articles}
    assert "Een andere titel" in titles and "Een titel" not in titles


def test_other_version_or_damaged_store_is_ignored(tmp_path: Path, seed_path: Path) -> None:
    site, store = _stored_site(tmp_path, seed_path)
    assert len(load_parsed(store, "v2")) == 0
    with sqlite3.connect(store) as db:  # a tampered field in one row: that row is dropped
        key, fields = db.execute("SELECT k, article FROM files ORDER BY k LIMIT 1").fetchone()
        data = json.loads(fields)
        data[3] = {"not": "a title"}
        db.execute("UPDATE files SET article = ? WHERE k = ?", (json.dumps(data), key))
    db.close()
    assert len(load_parsed(store, "v1")) == 1
    store.write_bytes(b"\x80 not a database at all" * 100)
    assert len(load_parsed(store, "v1")) == 0
    for _ in range(2):  # a broken store is dropped, then written afresh: never a build error
        fresh = load_parsed(store, "v1")
        fresh.racy_seconds = -1
        load_articles(site, ("seeds", "content"), memo=fresh)
        save_parsed(store, fresh, "v1")
    assert len(load_parsed(store, "v1")) == 2


def test_a_stored_alias_that_leaves_the_site_is_not_trusted(tmp_path: Path, seed_path: Path) -> None:
    site, store = _stored_site(tmp_path, seed_path)
    with sqlite3.connect(store) as db:
        key, fields = db.execute("SELECT k, article FROM files WHERE k LIKE '%a.md'").fetchone()
        data = json.loads(fields)
        assert data[18] == ["oud/adres/"]  # the aliases field, as the reader normalised it
        data[18] = ["../../buiten/"]
        db.execute("UPDATE files SET article = ? WHERE k = ?", (json.dumps(data), key))
    db.close()
    kept = load_parsed(store, "v1")
    assert len(kept) == 1 and not kept.fresh(site / "content" / "a.md", "nl", False)


def test_a_stored_preview_image_that_is_no_photo_address_is_not_trusted(tmp_path: Path, seed_path: Path) -> None:
    site, store = _stored_site(tmp_path, seed_path)
    with sqlite3.connect(store) as db:
        key, fields = db.execute("SELECT k, article FROM files WHERE k LIKE '%a.md'").fetchone()
        data = json.loads(fields)
        assert data[-1] == "https://cdn.example.org/kaart.jpg"  # the image field
        data[-1] = "javascript:alert(1)//.jpg"
        db.execute("UPDATE files SET article = ? WHERE k = ?", (json.dumps(data), key))
    db.close()
    kept = load_parsed(store, "v1")
    assert len(kept) == 1 and not kept.fresh(site / "content" / "a.md", "nl", False)


def test_a_stored_skeleton_whose_holes_leave_the_text_is_not_trusted(tmp_path: Path, seed_path: Path) -> None:
    """A Markdown skeleton's holes are offsets into the article's text (store format 11):
    a row whose hole reaches past the text, or is no number, is parsed again."""
    site, store = _stored_site(tmp_path, seed_path)
    with sqlite3.connect(store) as db:
        key, fields = db.execute("SELECT k, article FROM files WHERE k LIKE '%a.md'").fetchone()
    db.close()
    data = json.loads(fields)
    text, skeleton = data[6], data[14]
    parts = skeleton.split("\x00")
    assert len(parts) > 3 and int(parts[1]) + int(parts[2]) <= len(text)  # offset, length of the first hole
    for bad in (str(len(text) + 1), "x", "\u00b2"):
        parts[2] = bad
        data[14] = "\x00".join(parts)
        with sqlite3.connect(store) as db:
            db.execute("UPDATE files SET article = ? WHERE k = ?", (json.dumps(data), key))
        db.close()
        kept = load_parsed(store, "v1")
        assert len(kept) == 1 and not kept.fresh(site / "content" / "a.md", "nl", False), bad
