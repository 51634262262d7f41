from __future__ import annotations

from dataclasses import replace

import pytest

from sitegen.errors import ContentError
from sitegen.load.markdown_reader import read_markdown
from sitegen.load.seed_reader import read_seed


def block_texts(article) -> list[str]:
    """A seed article's blocks as text (a block holds offsets into the article's text)."""
    return [article.text[b.start:b.end] for b in article.blocks]

def test_seed_header_blocks_and_derived_title():
    raw = (
        "date 2022-01-04\nauthor Redactie\ncountries KZ, RU\n\n"
        "Een lange eerste zin over de onrust in het land die veel te lang is om als titel te dienen zonder "
        "ingekort te worden op een woordgrens. Tweede zin.\n\nTussenkop zonder punt\n\nSlotalinea.\n\n"
        "Lees ook: ‘Een ander verhaal’\n"
    ).encode()
    a = read_seed(raw, "x.txt")
    assert a.date.iso() == "2022-01-04" and a.authors == ("Redactie",) and a.countries == ("KZ", "RU")
    assert [b.kind for b in a.blocks] == ["paragraph", "heading", "paragraph", "read_also"]
    assert a.title_derived and a.title.endswith(" …") and len(a.title) <= 92
    assert a.title[:-2] in block_texts(a)[0]  # cut at a word boundary, not mid-word
    assert a.read_also == ("Een ander verhaal",)
    assert "\n\n".join(block_texts(a)) == a.text  # each block where its mentions are looked for


def test_seed_date_on_lead_line_and_crlf_and_bom():
    a = read_seed("\ufeff date 2022-01 De eerste alinea.\r\n\r\nTweede alinea.\r\n".encode(), "x.txt")
    assert a.date.iso() == "2022-01" and block_texts(a) == ["De eerste alinea.", "Tweede alinea."]
    b = read_seed(b"date 2021-05\r\rOude Mac-regels.\r", "y.txt")
    assert block_texts(b) == ["Oude Mac-regels."]


@pytest.mark.parametrize(
    "raw,line,words",
    [
        (b"date 2022-02-30\n\nTekst.", 1, "has no day 30"),
        (b"title X\ndate 2022-01\ndate 2022-02\n\nTekst.", 3, "duplicate header"),
        (b"date 2022-01\ncountries XX\n\nTekst.", 2, "ISO 3166"),
        (b"date 2022-01\nlang zz\n\nTekst.", 2, "lang"),
    ],
)
def test_seed_errors(raw, line, words):
    with pytest.raises(ContentError) as info:
        read_seed(raw, "x.txt")
    assert info.value.line == line and words in str(info.value)


def test_markdown_front_matter_and_text():
    a = read_markdown(
        b'---\ntitle: "Titel"\ndate: 2022-03-14\ncountries: [kz]\ndraft: false\n---\n\n'
        b"De **Russische** president zei:\n\n- een\n- twee\n",
        "a.md",
    )
    assert a.date.iso() == "2022-03-14" and a.countries == ("KZ",)
    assert a.text == "De Russische president zei:\n\neen\n\ntwee"


def test_markdown_toml_front_matter_reads_as_the_yaml_one():
    """Hugo's '+++' TOML front matter: an archive moved from Hugo keeps its files."""
    yaml_article = read_markdown(
        b"---\ntitle: Titel\ndate: 2022-03-14\ntags: [Energie]\ncorrections:\n  - date: 2022-03-15\n"
        b"    text: Eerder stond hier een andere datum.\n---\nDe tekst.\n", "a.md")
    toml_article = read_markdown(
        b'+++\ntitle = "Titel"\ndate = 2022-03-14\ntags = ["Energie"]\n[[corrections]]\ndate = 2022-03-15\n'
        b'text = "Eerder stond hier een andere datum."\n+++\nDe tekst.\n', "a.md")
    assert replace(toml_article, content_hash=yaml_article.content_hash) == yaml_article  # the hash is of the file
    assert toml_article.updated is not None and toml_article.updated.iso() == "2022-03-15"


def test_markdown_params_are_the_editors_own_fields_as_canonical_json():
    a = read_markdown(
        b"---\ntitle: x\ndate: 2022-01-05\nparams:\n  photographer: Jan Smit\n  pages: 3\n"
        b"  embargo: 2022-01-06\n  sources: [ANP, Belga]\n  desk: {name: Buitenland, floor: 2}\n---\nTekst\n",
        "a.md")
    assert a.params == ('{"desk":{"floor":2,"name":"Buitenland"},"embargo":"2022-01-06","pages":3,'
                        '"photographer":"Jan Smit","sources":["ANP","Belga"]}')
    assert read_markdown(b"---\ntitle: x\ndate: 2022-01\n---\nTekst\n", "a.md").params == ""


@pytest.mark.parametrize(
    "raw,line,words",
    [
        (b"geen front matter\n", 1, "missing front matter"),
        (b"---\ntitle: x\n", 1, "not closed"),
        (b"---\ntitle: [x\ndate: 2022-01\n---\nTekst\n", 3, "not valid YAML"),
        (b"---\ntitle: x\ndate: 2022-01\ntitel: y\n---\nTekst\n", 4, "unknown front-matter key 'titel'; did you mean 'title'?"),
        (b"---\ntitle: x\ndate: 2022-01\ndraft: ja\n---\nTekst\n", 4, "draft"),
        (b"---\ntitle: x\ndate: 2022-01\n---\n\n", 5, "no body"),
        (b"---\n- a\n- b\n---\nTekst\n", 2, "mapping"),
        (b"+++\ntitle = 'x'\n", 1, "expected a second '+++' line"),
        (b"+++\ntitle = 'x'\ndate = 2022-01-05\ntags = [Politiek\n+++\nTekst\n", 4, "not valid TOML"),
        (b"+++\ntitle = 'x'\ndate = 2022-02-30\n+++\nTekst\n", 3, "not valid TOML"),
        (b"+++\ntitle = 'x'\ndate = 2022-01-05\nurl = '/oud/'\n+++\nTekst\n", 4, "list the old address under 'aliases'"),
        (b"---\ntitle: x\ndate: 2022-01\nparams: [a, b]\n---\nTekst\n", 4, "params: expected a mapping"),
        (b"---\ntitle: x\ndate: 2022-01\nparams:\n  foto-graaf: Jan\n---\nTekst\n", 4, "'foto-graaf' is no field name"),
        (b"---\ntitle: x\ndate: 2022-01\nparams:\n  x: .nan\n---\nTekst\n", 4, "not a number JSON can hold"),
        (b"---\ntitle: x\ndate: 2022-01\nparams:\n  a: {b: {c: {d: {e: {f: 1}}}}}\n---\nTekst\n", 4, "nested more than"),
        pytest.param(b"+++\ntitle = 'x'\ndate = 2022-01-05\n[params]\nlong = '" + b"x" * 17000 + b"'\n+++\nTekst\n",
                     4, "at most 16,384", id="too-big-toml-table"),
    ],
)
def test_markdown_errors(raw, line, words):
    with pytest.raises(ContentError) as info:
        read_markdown(raw, "a.md")
    assert info.value.line == line, str(info.value)
    assert words in str(info.value)
