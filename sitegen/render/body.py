"""Article bodies as HTML, with every resolved mention wrapped in a link to its actor.

Seed articles render from their blocks; Markdown articles from the HTML skeleton the
reader rendered from the same token walk that built the annotated text
(``markdown_reader.body_skeleton``), so mention offsets line up exactly. Text is escaped
here, once; a mention never duplicates or drops a character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from html import escape
from urllib.parse import unquote

from ..load.fields import heading_id
from ..load.markdown_reader import fill_holes
from ..load.resources import ARTICLE_HREF
from ..model import ResolvedMention, SourceArticle

MentionHref = Callable[[str], str]  # actor id -> href
# the reader's stand-in for a link to another article (load.resources.article_href), as rendered
_ARTICLE_HREF = re.compile('href="' + re.escape(ARTICLE_HREF) + '([^"#]*)(#[^"]*)?"')


def mark_up(
    text: str,
    start: int,
    mentions: Sequence[ResolvedMention],
    starts: Sequence[int],
    href: MentionHref,
    anchors: dict[tuple[str, str], str] | None = None,
) -> str:
    """Escape ``text`` (which sits at ``start`` in the article) and link the mentions inside it.

    ``anchors``: the opening tags made so far for this page, by (label, actor id); an
    article names the same actors again and again."""
    end = start + len(text)
    i = bisect_left(starts, start)
    if i == len(starts) or starts[i] >= end:
        return escape(text, quote=False)
    if anchors is None:
        anchors = {}
    out: list[str] = []
    cursor = start
    while i < len(starts) and starts[i] < end:
        rm = mentions[i]
        m = rm.mention
        i += 1
        if m.start < cursor or m.end > end or not rm.actor_id:
            continue
        out.append(escape(text[cursor - start : m.start - start], quote=False))
        opening = anchors.get((m.label, rm.actor_id))
        if opening is None:
            actor_id = rm.actor_id
            opening = anchors[(m.label, actor_id)] = (
                f'<a class="ent ent-{m.label.lower()}" href="{escape(href(actor_id))}" '
                f'data-actor="{escape(actor_id)}" aria-describedby="kaart-{escape(actor_id)}">'
            )
        out.append(opening)
        out.append(escape(text[m.start - start : m.end - start], quote=False))
        out.append("</a>")
        cursor = m.end
    out.append(escape(text[cursor - start :], quote=False))
    return "".join(out)


def render_body(
    article: SourceArticle,
    mentions: Sequence[ResolvedMention],
    href: MentionHref,
    read_also_href: Callable[[str], str | None],
    article_href: Callable[[str], str | None] | None = None,
) -> str:
    """The article body's HTML (title and metadata are the template's job).

    ``article_href``: the href of the page of the article at a site-relative source
    path, for the links a Markdown article makes to other articles by their file."""
    ordered = sorted(mentions, key=lambda r: (r.mention.start, r.mention.end))
    starts = [r.mention.start for r in ordered]
    anchors: dict[tuple[str, str], str] = {}
    if article.source_format == "markdown":
        html = _render_skeleton(article, ordered, starts, href, anchors)
        if article.article_links and article_href is not None:
            html = _ARTICLE_HREF.sub(lambda m: _article_link(m, article_href), html)
        return html
    parts: list[str] = []
    ids: set[str] = set()
    for block in article.blocks:
        text = article.text[block.start:block.end]
        inner = mark_up(text, block.start, ordered, starts, href, anchors)
        if block.kind == "heading":  # an id as Markdown headings get one: links can point at the section
            parts.append(f'<h2 id="{escape(heading_id(text, ids))}">{inner}</h2>')
        elif block.kind == "read_also":
            parts.append(_read_also(text, inner, read_also_href))
        else:
            parts.append(f"<p>{inner}</p>")
    return "\n".join(parts)


def render_page_body(html: str, article_href: Callable[[str], str | None] | None = None) -> str:
    """A page's body (``load.page_reader``: its HTML, nothing marked up) with its links to
    articles by their file made links to their pages."""
    return _ARTICLE_HREF.sub(lambda m: _article_link(m, article_href), html) if article_href is not None else html


def _article_link(match: re.Match, article_href: Callable[[str], str | None]) -> str:
    """One stand-in href made a link to the article's page; an unknown target (the same
    scheme typed by hand) stays as written."""
    href = article_href(unquote(match[1]))
    return f'href="{escape(href)}{match[2] or ""}"' if href is not None else match[0]


def _read_also(text: str, inner: str, read_also_href: Callable[[str], str | None]) -> str:
    from ..load.seed_reader import _read_also_title  # the reader owns the teaser syntax

    target = read_also_href(_read_also_title(text))
    if target:
        title = escape(_read_also_title(text), quote=False)
        label, _, _ = text.partition(":")
        inner = f'{escape(label, quote=False)}: <a href="{escape(target)}">{title}</a>'
    return f'<aside class="lees-ook" aria-label="Lees ook"><p>{inner}</p></aside>'


def _render_skeleton(
    article: SourceArticle,
    mentions: Sequence[ResolvedMention],
    starts: Sequence[int],
    href: MentionHref,
    anchors: dict[tuple[str, str], str],
) -> str:
    """Fill the holes of the body the reader rendered (``markdown_reader.body_skeleton``)."""
    return fill_holes(article.skeleton, article.text,
                      lambda text, start: mark_up(text, start, mentions, starts, href, anchors))
