"""Issue 10: broken and hostile input files, at the reader level.

Every bad file must come back as a ``ContentError`` that names the file and a line
(``path:line: message``) — never another exception, never a hang, never silently
dropped text. Cases that need a whole build (and keeping the old build/) live in
``test_build_e2e.py``; here the readers are called directly, which is fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sitegen.errors import ContentError
from sitegen.load import MAX_FILE_BYTES, load_articles, read_article, read_markdown, read_seed

FM = b"---\ntitle: Titel\ndate: 2022-01-05\n---\n"


def _fails(reader, raw: bytes, name: str, line: int, words: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        reader(raw, name)
    err = info.value
    assert err.path == name and err.line == line, str(err)
    assert str(err).startswith(f"{name}:{line}: "), str(err)
    assert words in str(err), str(err)
    return err


# --- encodings, line endings, binary ------------------------------------------------

@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbfdate 2022-01\n\nTekst over Kazachstan.\n",            # UTF-8 BOM
    b"date 2022-01\r\n\r\nTekst over Kazachstan.\r\n",                    # CRLF
    b"date 2022-01\r\rTekst over Kazachstan.\r",                          # old Mac CR
    b"\xef\xbb\xbfdate 2022-01\r\n\r\nTekst over Kazachstan.\r\n",        # both
], ids=["bom", "crlf", "cr", "bom+crlf"])
def test_seed_bom_and_line_endings_read_like_plain_lf(raw):
    article = read_seed(raw, "seeds/a.txt")
    assert article.text == "Tekst over Kazachstan."
    assert article.date.year == 2022 and article.date.month == 1
    assert "\r" not in article.text and "\ufeff" not in article.text


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf" + FM + b"Tekst over Kazachstan.\n",
    FM.replace(b"\n", b"\r\n") + b"Tekst over Kazachstan.\r\n",
    FM.replace(b"\n", b"\r") + b"Tekst over Kazachstan.\r",
], ids=["bom", "crlf", "cr"])
def test_markdown_bom_and_line_endings(raw):
    article = read_markdown(raw, "content/a.md")
    assert article.title == "Titel" and article.text == "Tekst over Kazachstan."


def test_seed_lines_are_counted_after_crlf_normalisation():
    _fails(read_seed, b"date 2022-01\r\ntitle x\r\nslug ../x\r\n\r\nTekst.\r\n", "a.txt", 3, "slug")


@pytest.mark.parametrize("reader,name", [(read_seed, "a.txt"), (read_markdown, "a.md")])
@pytest.mark.parametrize("raw,line,words", [
    (b"", 1, "empty"),
    (b" \n\t\n  \n", 1, "empty"),
    (b"\xef\xbb\xbf", 1, "empty"),
    (b"date 2022-01\n\nab\x00cd\n", 3, "NUL"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "NUL"),  # NUL after the 2nd newline
    (b"date 2022-01\n\nCaf\xe9\n", 3, "not valid UTF-8"),
    (b"date 2022-01\n\nTekst \xed\xa0\x80.\n", 3, "not valid UTF-8"),  # lone surrogate
    (b"date 2022-01\n\nbel\x07\n", 3, "control character U+0007"),
    (b"date 2022-01\n\nesc\x1b[31m\n", 3, "control character U+001B"),
])
def test_unreadable_bytes_name_file_and_line(reader, name, raw, line, words):
    _fails(reader, raw, name, line, words)


def test_very_long_line_reads_quickly():
    raw = b"date 2022-01\n\n" + b"woord " * 1_000_000  # one 6 MB line
    started = time.monotonic()
    article = read_seed(raw, "a.txt")
    assert time.monotonic() - started < 10
    assert article.text.count("woord") == 1_000_000
    assert len(article.title) <= 95 and len(article.summary) <= 305


@pytest.mark.slow
def test_50_mb_article_is_read_in_bounded_time(tmp_path):
    """Markdown, the slower reader; the seed reader's speed is covered by the long-line test."""
    para = b"Dit is een zin over Kazachstan en Rusland. " * 24 + b"\n\n"
    path = tmp_path / "groot.md"
    head = FM
    path.write_bytes(head + para * (50 * 2**20 // len(para)))
    started = time.monotonic()
    article = read_article(path, tmp_path, "nl", False)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"reading 50 MB took {elapsed:.1f}s"  # ~3 s on an idle 2-core box
    assert len(article.text) > 49 * 2**20


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "reus.txt"
    with path.open("wb") as f:  # sparse: costs no disk and must not be read
        f.write(b"date 2022-01\n\nTekst.\n")
        f.truncate(MAX_FILE_BYTES + 1)
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        read_article(path, tmp_path, "nl", False)
    assert time.monotonic() - started < 2
    assert str(info.value).startswith("reus.txt")
    assert "limit is 64 MB" in str(info.value)


# --- seed headers ------------------------------------------------------------------

@pytest.mark.parametrize("raw,line,words", [
    (b"date 2022-00\n\nTekst.\n", 1, "month must be 01"),
    (b"date 2022-02-30\n\nTekst.\n", 1, "no day 30"),
    (b"date 0000-01\n\nTekst.\n", 1, "year must be 0001"),
    (b"date 22-1\n\nTekst.\n", 1, "expected YYYY-MM"),
    (b"date\n\nTekst.\n", 1, "expected YYYY-MM"),
    (b"title Iets\ndate 2022-01\ndate 2022-02\n\nTekst.\n", 3, "duplicate header key 'date'"),
    (b"date 2022-01\nlang xx-yy\n\nTekst.\n", 2, "lang"),
    (b"date 2022-01\ncountries KZ, ZZ\n\nTekst.\n", 2, "countries"),
    (b"date 2022-01\ntitle\n\nTekst.\n", 2, "expected a value"),
    (b"date 2022-01\nslug /etc/passwd\n\nTekst.\n", 2, "slug"),
    (b"date 2022-01\n\n\n  \n", 1, "no body"),  # the line of the last header key
])
def test_bad_seed_headers(raw, line, words):
    _fails(read_seed, raw, "seeds/x.txt", line, words)


# --- Markdown front matter ---------------------------------------------------------

@pytest.mark.parametrize("raw,line,words", [
    (b"Tekst zonder kop.\n", 1, "missing front matter"),
    (b"---\ntitle: a\ndate: 2022-01-01\nTekst.\n", 1, "not closed"),
    (b"---", 1, "not closed"),
    (b"---\ntitle: [open\ndate: 2022-01-01\n---\nTekst.\n", 3, "not valid YAML"),
    (b"---\ntitle: a\n\tdate: 2022-01-01\n---\nTekst.\n", 3, "not valid YAML"),
    (b"---\n- een\n- lijst\n---\nTekst.\n", 2, "must be a mapping"),
    (b"---\njust a string\n---\nTekst.\n", 2, "must be a mapping"),
    (b"---\ntitle: a\ndate: 2022-13\n---\nTekst.\n", 3, "month must be 01"),
    (b"---\ntitle: a\ndate: januari\n---\nTekst.\n", 3, "expected YYYY-MM"),
    (b"---\ntitle: a\ndate: 2022-02-30\n---\nTekst.\n", 3, "not a real date"),   # was a bare ValueError
    (b"---\ntitle: a\ndate: 0000-01-01\n---\nTekst.\n", 3, "not a real date"),   # was a bare ValueError
    (b"---\ntitle: a\ndate: 2022-01-01\n---\n\n\n", 5, "no body"),
    (b"---\ntitle: a\ndate: 2022-01-01\n---\n", 5, "no body"),
    (b"---\ntitle: a\ndate: 2022-01-01\nfoo-bar: x\n---\nTekst.\n", 4, "unknown front-matter key 'foo-bar'"),
    (b"---\ntitle: a\ndate: 2022-01-01\nexpiryDate: 2030-01-01\n---\nTekst.\n", 4, "does not take an article down"),
    (b"---\ntitle: a\ndate: 2022-01-01\n5: x\n---\nTekst.\n", 4, "unknown front-matter key 5"),
    (b"---\ntitle: a\ndate: 2022-01-01\nslug: ../../etc\n---\nTekst.\n", 4, "slug"),
    (b"---\ntitle: a\ndate: 2022-01-01\nslug: /abs/pad\n---\nTekst.\n", 4, "slug"),
    (b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\ndate: 2022-01-01\n---\nx\n", 2,
     "not valid YAML"),
])
def test_bad_front_matter_names_file_and_line(raw, line, words):
    _fails(read_markdown, raw, "content/x.md", line, words)


def test_front_matter_of_wrong_types_reports_every_field_at_once():
    raw = b"---\ntitle: [1, 2]\ndate: 5\ndraft: ja\ncountries: 7\nslug: 3\nlang: {a: b}\n---\nTekst.\n"
    err = _fails(read_markdown, raw, "content/x.md", 2, "title: expected text, got list")
    lines = {p.line: p.message for p in err.problems}
    assert set(lines) == {2, 3, 4, 5, 6, 7}, lines
    assert "draft" in lines[4] and "countries" in lines[5] and "slug" in lines[6] and "lang" in lines[7]


def test_yaml_alias_bomb_is_refused_quickly():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    raw = ("---\n" + "\n".join(levels) + "\ntitle: x\ndate: *i\n---\nTekst.\n").encode()
    started = time.monotonic()
    _fails(read_markdown, raw, "content/x.md", 3, "aliases")
    assert time.monotonic() - started < 2


def test_impossible_date_no_longer_escapes_as_valueerror():
    with pytest.raises(ContentError):
        read_markdown(b"---\ntitle: a\ndate: 2021-02-29\n---\nTekst.\n", "x.md")


def test_datetime_in_front_matter_is_accepted():
    article = read_markdown(b"---\ntitle: a\ndate: 2022-01-05 10:30:00\n---\nTekst.\n", "x.md")
    assert (article.date.year, article.date.month, article.date.day) == (2022, 1, 5)


# --- deeply nested Markdown ----------------------------------------------------------

@pytest.mark.parametrize("body", [
    b">" * 10_000 + b" diep\n",
    b"".join(b">" * i + b" regel\n" for i in range(1, 300)),
    b"- " * 10_000 + b"x\n",
    b"".join(b"  " * i + b"- punt\n" for i in range(400)),
    b"".join(b"   " * i + b"1. punt\n" for i in range(400)),
], ids=["quote-10k", "quote-stairs", "list-one-line", "list-stairs", "ordered-stairs"])
def test_deep_markdown_nesting_is_an_error_not_lost_text(body):
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        read_markdown(FM + body, "content/diep.md")
    assert time.monotonic() - started < 10
    assert info.value.line >= 5 and "nested more than" in str(info.value)


@pytest.mark.parametrize("body", [
    b"*" * 10_000 + b"x" + b"*" * 10_000 + b"\n",
    b"[" * 10_000 + b"x" + b"](y)" * 10_000 + b"\n",
    b"Tekst " + b"`" * 10_000 + b"\n",
    b"<" * 10_000 + b"\n",
], ids=["emphasis", "links", "backticks", "angles"])
def test_deep_inline_markup_is_read_without_crash(body):
    started = time.monotonic()
    article = read_markdown(FM + body, "content/inline.md")
    assert time.monotonic() - started < 10
    assert article.text.strip()


def test_moderate_nesting_keeps_every_word():
    body = b"> buiten\n>\n> > midden\n> >\n> > - lijst\n> >   - dieper woord\n"
    article = read_markdown(FM + body, "x.md")
    for word in ("buiten", "midden", "lijst", "dieper", "woord"):
        assert word in article.text


# --- many files ----------------------------------------------------------------------

@pytest.mark.slow
def test_ten_thousand_tiny_articles_load_quickly(tmp_path):
    seeds = tmp_path / "seeds"
    for i in range(100):
        (seeds / f"d{i:02d}").mkdir(parents=True)
    for i in range(10_000):
        (seeds / f"d{i % 100:02d}" / f"a{i:05d}.txt").write_bytes(
            b"date 2022-%02d\ntitle Artikel %d\n\nKort bericht nummer %d.\n" % (i % 12 + 1, i, i)
        )
    started = time.monotonic()
    result = load_articles(tmp_path, ("seeds", "content"))
    elapsed = time.monotonic() - started
    assert not result.problems, result.problems[:3]
    assert len(result.articles) == 10_000
    assert elapsed < 60, f"loading 10,000 articles took {elapsed:.1f}s"  # ~4 s on an idle 2-core box


def test_every_bad_file_is_reported_and_good_ones_still_load(tmp_path):
    files = {
        "seeds/goed.txt": b"date 2022-01\n\nGoed.\n",
        "seeds/leeg.txt": b"",
        "seeds/bin.txt": b"\x00\x01",
        "content/goed.md": FM + b"Ook goed.\n",
        "content/kapot.md": b"---\ntitle: [\n---\nx\n",
        "content/notities.rst": b"\x00 not an article suffix: ignored",
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    result = load_articles(tmp_path, ("seeds", "content"))
    assert sorted(a.path for a in result.articles) == ["content/goed.md", "seeds/goed.txt"]
    assert sorted(p.path for p in result.problems) == ["content/kapot.md", "seeds/bin.txt", "seeds/leeg.txt"]
    assert all(p.line >= 1 for p in result.problems)


# --- paths ---------------------------------------------------------------------------

def _site(tmp_path: Path) -> tuple[Path, Path]:
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "seeds").mkdir(parents=True)
    outside.mkdir()
    (outside / "geheim.txt").write_bytes(b"date 2022-01\n\nGeheime tekst buiten de site.\n")
    (site / "seeds" / "goed.txt").write_bytes(b"date 2022-01\n\nGoed.\n")
    return site, outside


def test_symlinked_file_out_of_the_site_is_refused(tmp_path):
    site, outside = _site(tmp_path)
    os.symlink(outside / "geheim.txt", site / "seeds" / "link.txt")
    result = load_articles(site, ("seeds",))
    assert [a.path for a in result.articles] == ["seeds/goed.txt"]
    assert [str(p) for p in result.problems] == ["seeds/link.txt: symlink points outside the site; refusing to read it"]


def test_symlinked_folder_out_of_the_site_is_refused_with_a_message(tmp_path):
    site, outside = _site(tmp_path)
    os.symlink(outside, site / "seeds" / "extern")
    result = load_articles(site, ("seeds",))
    assert [a.path for a in result.articles] == ["seeds/goed.txt"]
    assert len(result.problems) == 1 and result.problems[0].path == "seeds/extern"
    assert "outside the site" in result.problems[0].message


def test_content_folder_that_is_a_symlink_out_of_the_site_is_refused(tmp_path):
    site, outside = _site(tmp_path)
    os.symlink(outside, site / "content")
    result = load_articles(site, ("seeds", "content"))
    assert [a.path for a in result.articles] == ["seeds/goed.txt"]
    assert [p.path for p in result.problems] == ["content"]


def test_symlink_inside_the_site_is_followed(tmp_path):
    site, _ = _site(tmp_path)
    (site / "elders").mkdir()
    (site / "elders" / "b.txt").write_bytes(b"date 2022-02\n\nBinnen de site.\n")
    os.symlink(site / "elders" / "b.txt", site / "seeds" / "b.txt")
    result = load_articles(site, ("seeds",))
    assert sorted(a.path for a in result.articles) == ["seeds/b.txt", "seeds/goed.txt"]


def test_dangling_symlink_is_a_problem_not_a_crash(tmp_path):
    site, _ = _site(tmp_path)
    os.symlink(site / "weg.txt", site / "seeds" / "weg.txt")
    result = load_articles(site, ("seeds",))
    assert [p.path for p in result.problems] == ["seeds/weg.txt"]
    assert "cannot read" in result.problems[0].message


def test_fifo_named_like_an_article_does_not_hang_the_load(tmp_path):
    site, _ = _site(tmp_path)
    os.mkfifo(site / "seeds" / "pijp.txt")
    started = time.monotonic()
    result = load_articles(site, ("seeds",))
    assert time.monotonic() - started < 5
    assert [p.path for p in result.problems] == ["seeds/pijp.txt"]
    assert "not a regular file" in result.problems[0].message


@pytest.mark.parametrize("key,value", [
    ("output_dir", '"../buiten"'), ("output_dir", '"/tmp/buiten"'), ("output_dir", '"build/../../x"'),
    ("cache_dir", '"../cache"'), ("knowledge_file", '"/etc/passwd"'), ("content_dirs", '["../.."]'),
    ("content_dirs", '["/"]'),
])
def test_config_paths_outside_the_site_are_refused(tmp_path, key, value):
    from sitegen.config import parse_config
    from sitegen.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        parse_config(f'title = "x"\n{key} = {value}\n', tmp_path)
    assert f"sitegen.toml:2: {key}" in str(info.value)


@pytest.mark.parametrize("path", [
    "../buiten.html", "/etc/passwd", "a/../../b.html", "..", "", "a\\..\\b", "~/x", "a/\x00b",
])
def test_writer_refuses_paths_outside_build_and_keeps_old_site(tmp_path, path):
    from sitegen.errors import BuildError
    from sitegen.write import write_site

    out = tmp_path / "site" / "build"
    write_site(out, [("index.html", b"oud")], None)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    with pytest.raises(BuildError, match="inside the build folder"):
        write_site(out, [("index.html", b"nieuw"), (path, b"kwaad")], None)
    assert (out / "index.html").read_bytes() == b"oud"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
