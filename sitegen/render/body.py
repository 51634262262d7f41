"""Article bodies as HTML, with every resolved mention wrapped in a link to its actor.

Seed articles render from their blocks; Markdown articles render through markdown-it
with the ``text`` rule replaced, walking the same token stream the reader used to build
the annotated text (``text_segments``), so mention offsets line up exactly. Text is
escaped here, once; a mention never duplicates or drops a character.
"""

from __future__ import annotations

from bisect import bisect_left
from html import escape
from typing import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..load.markdown_reader import markdown_parser, text_segments
from ..model import ResolvedMention, SourceArticle

MentionHref = Callable[[str], str]  # actor id -> href


def mark_up(
    text: str,
    start: int,
    mentions: Sequence[ResolvedMention],
    starts: Sequence[int],
    href: MentionHref,
) -> str:
    """Escape ``text`` (which sits at ``start`` in the article) and link the mentions inside it."""
    end = start + len(text)
    out: list[str] = []
    cursor = start
    i = bisect_left(starts, start)
    while i < len(mentions) and mentions[i].mention.start < end:
        rm = mentions[i]
        m = rm.mention
        i += 1
        if m.start < cursor or m.end > end or not rm.actor_id:
            continue
        out.append(escape(text[cursor - start : m.start - start], quote=False))
        label = m.label.lower()
        out.append(
            f'<a class="ent ent-{label}" href="{escape(href(rm.actor_id))}" '
            f'data-actor="{escape(rm.actor_id)}" aria-describedby="kaart-{escape(rm.actor_id)}">'
            f"{escape(text[m.start - start : m.end - start], quote=False)}</a>"
        )
        cursor = m.end
    out.append(escape(text[cursor - start :], quote=False))
    return "".join(out)


def render_body(
    article: SourceArticle,
    mentions: Sequence[ResolvedMention],
    href: MentionHref,
    read_also_href: Callable[[str], str | None],
    allow_html: bool = False,
) -> str:
    """The article body's HTML (title and metadata are the template's job)."""
    ordered = sorted(mentions, key=lambda r: (r.mention.start, r.mention.end))
    starts = [r.mention.start for r in ordered]
    if article.source_format == "markdown":
        return _render_markdown(article, ordered, starts, href, allow_html)
    parts: list[str] = []
    for block in article.blocks:
        inner = mark_up(block.text, block.start, ordered, starts, href)
        if block.kind == "heading":
            parts.append(f"<h2>{inner}</h2>")
        elif block.kind == "read_also":
            parts.append(_read_also(block.text, inner, read_also_href))
        else:
            parts.append(f"<p>{inner}</p>")
    return "\n".join(parts)


def _read_also(text: str, inner: str, read_also_href: Callable[[str], str | None]) -> str:
    from ..load.seed_reader import _read_also_title  # the reader owns the teaser syntax

    target = read_also_href(_read_also_title(text))
    if target:
        title = escape(_read_also_title(text), quote=False)
        label, _, _ = text.partition(":")
        inner = f'{escape(label, quote=False)}: <a href="{escape(target)}">{title}</a>'
    return f'<aside class="lees-ook" aria-label="Lees ook"><p>{inner}</p></aside>'


def _render_markdown(
    article: SourceArticle,
    mentions: Sequence[ResolvedMention],
    starts: Sequence[int],
    href: MentionHref,
    allow_html: bool,
) -> str:
    md = _body_parser(allow_html)
    tokens = md.parse(article.markdown)
    state = _BodyState({id(tok): off for tok, off in text_segments(tokens)}, mentions, starts, href)
    return md.renderer.render(tokens, md.options, {_STATE: state})


_STATE = "sitegen_body"  # key of the per-render state in markdown-it's ``env``


class _BodyState:
    """What the render rules need for one article; passed in ``env``, so one parser serves all."""

    __slots__ = ("href", "link_depth", "mentions", "offsets", "starts")

    def __init__(self, offsets: dict[int, int], mentions: Sequence[ResolvedMention], starts: Sequence[int],
                 href: MentionHref) -> None:
        self.offsets, self.mentions, self.starts, self.href = offsets, mentions, starts, href
        self.link_depth = 0


def _text_rule(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    state: _BodyState = env[_STATE]
    offset = state.offsets.get(id(token))
    if offset is None or state.link_depth:
        return escape(token.content, quote=False)
    return mark_up(token.content, offset, state.mentions, state.starts, state.href)


def _link_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    env[_STATE].link_depth += 1
    return self.renderToken(tokens, idx, options, env)


def _link_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    env[_STATE].link_depth -= 1
    return self.renderToken(tokens, idx, options, env)


_PARSERS: dict[bool, MarkdownIt] = {}


def _body_parser(allow_html: bool) -> MarkdownIt:
    """The reader's Markdown parser with sitegen's render rules, built once per setting.

    The rules keep no state of their own (it travels in ``env``), so reusing the parser is
    safe; building one per article cost more than rendering some bodies.
    """
    md = _PARSERS.get(allow_html)
    if md is None:
        md = markdown_parser(allow_html)
        md.add_render_rule("text", _text_rule)
        md.add_render_rule("link_open", _link_open)
        md.add_render_rule("link_close", _link_close)
        _PARSERS[allow_html] = md
    return md
