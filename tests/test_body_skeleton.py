"""Markdown bodies render from the skeleton the reader made (parsed once) exactly as they
did when the render stage parsed the Markdown again: the old way is kept here as the
reference, and random documents with random mentions are rendered both ways."""

from __future__ import annotations

import re
from html import escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.errors import ContentError
from sitegen.load.markdown_reader import HOLE, markdown_parser, read_markdown, text_segments
from sitegen.load.resources import local_target, page_href
from sitegen.model import Mention, ResolvedMention
from sitegen.render.body import mark_up, render_body

# --- the reference: parse the Markdown again and mark up text tokens while rendering ------


def _reference(markdown: str, allow_html: bool, mentions: list[ResolvedMention]) -> str:
    ordered = sorted(mentions, key=lambda r: (r.mention.start, r.mention.end))
    starts = [r.mention.start for r in ordered]
    md = markdown_parser(allow_html)
    depth = [0]

    def text(self, tokens, idx, options, env):
        token = tokens[idx]
        offset = env["offsets"].get(id(token))
        if offset is None or depth[0]:
            return escape(token.content, quote=False)
        return mark_up(token.content, offset, ordered, starts, _href)

    def link_open(self, tokens, idx, options, env):
        depth[0] += 1
        return self.renderToken(tokens, idx, options, env)

    def link_close(self, tokens, idx, options, env):
        depth[0] -= 1
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("text", text)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    tokens = md.parse(markdown)
    for child in (c for t in tokens if t.type == "inline" for c in t.children or ()):  # files beside the article
        attr = {"image": "src", "link_open": "href"}.get(child.type)
        target = local_target(child.attrGet(attr), "content/x.md") if attr else None
        if target is not None:
            child.attrSet(attr, page_href(target, "2022/01/test/", child.attrGet(attr)))
    return md.renderer.render(tokens, md.options, {"offsets": {id(t): o for t, o in text_segments(tokens)}})


def _href(actor_id: str) -> str:
    return f"../actoren/{actor_id}/"


# --- random documents ----------------------------------------------------------------------

WORD = st.sampled_from(["Tokajev", "Astana", "de", "NAVO", "Kazachstaanse", "zei", "<b>", "&amp;", "x*y", "`code`",
                        "a_b_", "Poetin's", "\\*", "ÿ", "1.", "#", "|", ":"])
INLINE = st.lists(st.one_of(
    WORD,
    WORD.map(lambda w: f"*{w}*"),
    WORD.map(lambda w: f"**{w} {w}**"),
    WORD.map(lambda w: f"[{w} link](https://example.org/{len(w)})"),
    WORD.map(lambda w: f"![{w}](beeld.png)"),
    WORD.map(lambda w: f"<span>{w}</span>"),
    st.sampled_from(["[^1]", "[^bron]", "[^ontbreekt]"]),  # footnote references (one has no note)
    WORD.map(lambda w: f"^[{w} inline]"),  # an inline footnote
    st.just("  \n"),  # a hard break
    st.just("\n"),  # a soft break
), min_size=1, max_size=12).map(" ".join)
BLOCK = st.one_of(
    INLINE,
    INLINE.map(lambda t: "## " + t.replace("\n", " ")),
    st.lists(INLINE.map(lambda t: "- " + t.replace("\n", " ")), min_size=1, max_size=3).map("\n".join),
    INLINE.map(lambda t: "> " + t.replace("\n", " ")),
    INLINE.map(lambda t: f"| a | b |\n|---|---|\n| {t.replace(chr(10), ' ')} | x |"),
    st.just("```\nquote <b> & code\n```"),
    st.just("<div>raw <i>html</i></div>"),
    st.just("![alleen een beeld](a.png)"),  # a paragraph with no text of its own
    WORD.map(lambda w: f'![{w}](a.png "{w} bij avond")'),  # a photo with its caption: a figure
    st.just("---"),
    INLINE.map(lambda t: "[^1]: " + t.replace("\n", " ")),  # footnotes, moved to the end of the page
    INLINE.map(lambda t: "[^bron]: " + t.replace("\n", " ")),
)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join)

_WORDS = re.compile(r"\w+")


def _mentions(text: str, every: int) -> list[ResolvedMention]:
    found = []
    for i, m in enumerate(_WORDS.finditer(text)):
        if i % every == 0:
            found.append(ResolvedMention(Mention(m.start(), m.end(), "PER", m.group()), f"actor-{i % 3}"))
        if i % 5 == 2 and m.end() + 3 <= len(text):  # spans that cross token boundaries
            found.append(ResolvedMention(Mention(m.start(), m.end() + 3, "ORG", text[m.start():m.end() + 3]), "org"))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT, st.booleans(), st.integers(min_value=1, max_value=3))
@example("![alleen een beeld](a.png)\n\nTokajev zei *NAVO*", False, 1)
@example("[Tokajev link](https://example.org/1) en Tokajev", True, 1)
def test_the_skeleton_renders_what_parsing_again_rendered(body, allow_html, every):
    raw = f"---\ntitle: Test\ndate: 2022-01-05\n---\n{body}\n".encode()
    try:
        article = read_markdown(raw, "content/x.md", "nl", allow_html)
    except ContentError:
        return  # e.g. a body with no text: the reader's business
    mentions = _mentions(article.text, every)
    markdown = raw.decode().split("---\n", 2)[2]
    assert render_body(article, mentions, _href, lambda title: None) == _reference(markdown, allow_html, mentions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
@example("Tokajev in Astana.\n\n![alleen een beeld](a.png)\n\nDe Amerikaanse minister")  # a photo between two paragraphs
@example("![alleen een beeld](a.png)\n\nTokajev zei *NAVO*")
def test_every_hole_holds_the_plain_text_at_its_offset(body):
    """The skeleton and the annotated text agree: each hole's text stands in the plain text
    at the hole's offset, so a mention found in the text is marked where it is."""
    raw = f"---\ntitle: Test\ndate: 2022-01-05\n---\n{body}\n".encode()
    try:
        article = read_markdown(raw, "content/x.md", "nl", False)
    except ContentError:
        return
    # reading checks each hole against its token (markdown_reader._hole); here: in bounds, in order
    holes = [(int(a), int(n)) for a, n in re.findall(f"{HOLE}(\\d+){HOLE}(\\d+){HOLE}", article.skeleton)]
    assert len(holes) == article.skeleton.count(HOLE) // 3
    for (offset, length), (later, _) in zip(holes, [*holes[1:], (len(article.text), 0)]):
        assert 0 <= offset and offset + length <= later <= len(article.text), (holes, article.text)
    assert not article.text.startswith("\n")  # no blank block before the first text

