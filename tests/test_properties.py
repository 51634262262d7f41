"""Property tests (Hypothesis): the readers and the mention renderer on arbitrary input.

* for any bytes, ``read_seed`` / ``read_markdown`` return an article or raise
  ``ContentError`` with a line >= 1 — never any other exception;
* for any article text, the rendered body parses as HTML and holds every word of the
  text exactly once: the entity markup loses nothing and duplicates nothing;
* smaller edges: the cache decoder, the date parser and the writer's path check.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import lxml.html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.cache import decode as decode_cache
from sitegen.errors import BuildError, ContentError
from sitegen.load import read_markdown, read_seed
from sitegen.load.fields import FieldError, parse_date
from sitegen.model import ArticleDate, Mention, ResolvedMention, SourceArticle
from sitegen.render.body import render_body
from sitegen.write import safe_relative

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that stresses the readers: markup characters, quotes, whitespace of every kind,
# combining marks, and the odd control character.
_NASTY = st.sampled_from(list("<>&\"'`*_[]()!#>-:|\\/ \t\n\r\u00a0\u2028\u0301\ufeff\x00\x0b") + [
    "---", "date ", "title ", "Lees ook: ", "\n\n", "&amp;", "<script>", "**", "> ", "- ", "1. ", "```\n",
])
_WORDISH = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), max_size=12)
TEXT = st.lists(st.one_of(_NASTY, _WORDISH), max_size=40).map("".join)
SEED_HEADER = st.sampled_from([b"", b"date 2022-01\n", b"date 2022-01-05\ntitle T\n\n", b"date 2022-01 ",
                               b"date 2022-13\n\n", b"\xef\xbb\xbfdate 2022-01\r\n\r\n"])
MD_HEADER = st.sampled_from([b"", b"---\ntitle: T\ndate: 2022-01-05\n---\n", b"---\n", b"---\ntitle: [\n---\n",
                             b"---\ntitle: T\ndate: 2022-02-30\n---\n", b"---\ntitle: T\ndate: 2022-01\nx: 1\n---\n"])


def _reads_or_content_error(reader, raw: bytes, name: str) -> None:
    try:
        article = reader(raw, name)
    except ContentError as exc:
        assert exc.line >= 1, str(exc)
        assert str(exc).startswith(f"{name}:{exc.line}: ")
        for problem in exc.problems:
            assert problem.path == name and problem.line >= 1
        return
    assert isinstance(article, SourceArticle)
    assert article.title.strip() and article.slug


@SETTINGS
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbf")
@example(b"date 2022-01\n\n\x85")
def test_seed_reader_any_bytes(raw):
    _reads_or_content_error(read_seed, raw, "seeds/x.txt")


@SETTINGS
@given(SEED_HEADER, TEXT)
@example(b"date 2022-01\n", ".")  # a lead of one full stop made an empty title (found by CI, session 10)
def test_seed_reader_any_text_after_a_header(header, text):
    _reads_or_content_error(read_seed, header + text.encode("utf-8", "surrogatepass"), "seeds/x.txt")


@SETTINGS
@given(st.binary(max_size=400))
@example(b"---\n---\n")
@example(b"---\ndate: 2022-02-30\ntitle: x\n---\nx")
def test_markdown_reader_any_bytes(raw):
    _reads_or_content_error(read_markdown, raw, "content/x.md")


@SETTINGS
@given(MD_HEADER, TEXT)
@example(b"---\ntitle: T\ndate: 2022-01-05\n---\n", ">" * 30 + " x")
def test_markdown_reader_any_text_after_front_matter(header, text):
    _reads_or_content_error(read_markdown, header + text.encode("utf-8", "surrogatepass"), "content/x.md")


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "date", "slug", "lang", "countries", "draft", "summary", "author",
                                        "extra"]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT,
                                 st.lists(st.text(max_size=5), max_size=3)), max_size=8))
def test_markdown_reader_any_front_matter_values(meta):
    front = json.dumps(meta, ensure_ascii=False)  # JSON is YAML: any values, any types
    _reads_or_content_error(read_markdown, f"---\n{front}\n---\nTekst.\n".encode(), "content/x.md")


# --- the renderer never loses or duplicates a word ------------------------------------

_WORD = re.compile(r"\w+")


def fake_mentions(text: str, every: int) -> list[ResolvedMention]:
    """Deterministic stand-in for the NLP stage: every ``every``-th word, some pairs, some overlaps."""
    words = list(_WORD.finditer(text))
    found: list[ResolvedMention] = []
    for i, m in enumerate(words):
        if i % every == 0:
            found.append(ResolvedMention(Mention(m.start(), m.end(), "PER", m.group()), f"actor-{i % 5}"))
        if i % 7 == 3 and i + 1 < len(words):  # two-word names, overlapping the single ones
            nxt = words[i + 1]
            found.append(ResolvedMention(Mention(m.start(), nxt.end(), "ORG", text[m.start():nxt.end()]), "org"))
        if i % 11 == 5:
            found.append(ResolvedMention(Mention(m.start(), m.end(), "LOC", m.group()), ""))  # suppressed
    return found


def _words(fragment: str) -> Counter:
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return Counter(tree.text_content().split())


def _render(article: SourceArticle, mentions: list[ResolvedMention]) -> str:
    return render_body(article, mentions, lambda actor: f"/actoren/{actor}/", lambda title: None)


SEED_BODY = st.lists(TEXT.filter(lambda t: t.strip()), min_size=1, max_size=5).map("\n\n".join)


@SETTINGS
@given(SEED_BODY, st.integers(min_value=1, max_value=4))
@example('Tokajev "<b>" & Blinken\n\nLees ook: ‘x’', 1)
def test_rendered_seed_body_keeps_every_word_once(body, every):
    try:
        article = read_seed(b"date 2022-01\n\n" + body.encode("utf-8", "surrogatepass"), "seeds/x.txt")
    except ContentError:
        return  # unreadable input is the reader's business (tested above)
    # each block stands where its mentions are looked for: together, with blank lines between, they are the text
    assert "\n\n".join(article.text[b.start:b.end] for b in article.blocks) == article.text
    html = _render(article, fake_mentions(article.text, every))
    assert _words(html) == Counter(article.text.split())
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not tree.xpath("//script|//*[@onerror]|//a//a")
    linked = tree.xpath("//a[contains(@class,'ent')]")
    assert all(a.get("aria-describedby") == f"kaart-{a.get('data-actor')}" for a in linked)


MD_INLINE = st.lists(st.one_of(
    st.from_regex(r"[A-Za-zÀ-ÿ0-9]{1,8}", fullmatch=True),
    st.sampled_from([" ", " ", " ", "*", "**", "_", "`", "[", "](x)", "\n", "\n\n", "&amp;", "&", "<", ">", "\"",
                     "> ", "- ", "# ", "\\*", "<b>", "</p>"]),
), min_size=1, max_size=40).map("".join)


@SETTINGS
@given(MD_INLINE, st.integers(min_value=1, max_value=4))
@example("Tokajev **en** Blinken in [Almaty](https://x) `code` en *Rusland*", 1)
def test_rendered_markdown_body_keeps_every_word_once(body, every):
    raw = b"---\ntitle: T\ndate: 2022-01-05\n---\n" + body.encode("utf-8")
    try:
        article = read_markdown(raw, "content/x.md")
    except ContentError:
        return
    html = _render(article, fake_mentions(article.text, every))
    words = _words(html)
    # Fenced/indented code is shown but not annotated; everything annotated must be shown once.
    expected = Counter(article.text.split())
    if "```" not in body and "    " not in body and "\t" not in body:
        assert words == expected, (words - expected, expected - words)
    else:
        assert not expected - words


# --- smaller edges -------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 50) | st.text(max_size=4) | st.sampled_from(["PER", "LOC", "m", "s"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(["m", "s", "x"]), inner, max_size=3),
    max_leaves=20,
)


@SETTINGS
@given(JSONISH, st.text(max_size=30))
@example({"m": [[0, 1, "PER", "", 0]], "s": [[0, 1]]}, "ab")
def test_cache_decoder_accepts_only_entries_that_fit(data, text):
    try:
        annotation = decode_cache(json.dumps(data), text)
    except (ValueError, KeyError, TypeError):
        return  # the three failures annotate_articles treats as "not trusted: annotate again"
    for m in annotation.mentions:
        assert 0 <= m.start < m.end <= len(text) and m.text == text[m.start:m.end]
    for start, end in annotation.sentences:
        assert 0 <= start <= end <= len(text)


@SETTINGS
@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.floats(), st.dates()))
@example("2022-02-29")
@example("0000-00-00")
def test_parse_date_returns_a_real_date_or_field_error(value):
    try:
        date = parse_date(value)
    except FieldError:
        return
    assert isinstance(date, ArticleDate) and 1 <= date.month <= 12 and date.year >= 1


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab./\\~\x00 ")), max_size=12))
def test_writer_paths_never_leave_the_build_folder(path):
    try:
        rel = safe_relative(path)
    except BuildError:
        return
    assert not rel.is_absolute() and ".." not in rel.parts
