"""Reader for Markdown articles with YAML front matter (or TOML, as Hugo writes it).

The annotated text of a Markdown article is the inline text of its blocks in token
order (``text_segments``). The same walk renders the body once, as HTML with a hole for
each of those texts (``body_skeleton``), so every mention offset the NLP stage produced
can be found again and wrapped in a link without parsing the Markdown again.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import ContentError, Problem, toml_error_line
from ..model import Claim, SourceArticle, article_path
from .fields import (
    MAX_TAGS,
    FieldError,
    check_aliases,
    check_authors,
    check_corrections,
    check_countries,
    check_image,
    check_language,
    check_params,
    check_slug,
    check_tags,
    check_translation_key,
    check_updated,
    heading_slug,
    last_update,
    make_slug,
    parse_date,
    tag_slug,
)
from .html_urls import rewrite_urls
from .other_generators import (
    only_unknown_keys,
    translate,
    unknown_key_problems,
    with_file_date,
)
from .resources import article_href, article_target, local_target, page_href
from .shortcodes import (
    embeds_as_links,
    figures_as_markdown,
    jekyll_links,
    ref_target,
    refs_as_links,
    shortcode_problems,
    site_href,
)
from .text import content_hash, decode, shorten

FRONT_MATTER_KEYS = ("title", "date", "slug", "lang", "countries", "tags", "draft", "summary", "author", "aliases",
                     "updated", "corrections", "claim", "claimant", "verdict", "translation_key", "image", "params")
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)  # Hugo's TOML front matter
SUMMARY_MAX_CHARS = 300
MAX_NESTING = 20


def _checked_timestamp(loader: Any, node: Any) -> Any:
    """PyYAML's timestamp constructor, with impossible dates (2022-02-30) as located YAML errors."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
        ) from None


class _FrontMatterLoader(yaml.SafeLoader):
    """``SafeLoader`` hardened for front matter: no aliases, impossible dates are YAML errors.

    Aliases let a few lines expand into billions of items (a "billion laughs" file) and no
    front-matter field needs them. PyYAML turns ``2022-02-30`` into a ``ValueError`` with no
    line; raising a ``ConstructorError`` instead keeps the line for the user.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)

    construct_yaml_timestamp = _checked_timestamp


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)

if getattr(yaml, "__with_libyaml__", False):

    class _FastFrontMatterLoader(yaml.CSafeLoader):
        """libyaml's ``CSafeLoader`` with the same date check, for front matter without aliases.

        libyaml composes nodes in C, so ``compose_node`` cannot refuse aliases here: text
        containing ``*`` (every alias does) goes to ``_FrontMatterLoader`` instead, and so
        does any text libyaml rejects, so errors keep the pure loader's messages and lines,
        and so does long or bracket-heavy text (libyaml would recurse without a limit).
        """

        construct_yaml_timestamp = _checked_timestamp

    _FastFrontMatterLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", _FastFrontMatterLoader.construct_yaml_timestamp
    )
else:  # pragma: no cover - PyYAML built without libyaml
    _FastFrontMatterLoader = None


_FAST_YAML_MAX_CHARS = 8192  # at most ~130 levels of block nesting
_FAST_YAML_MAX_BRACKETS = 64  # at most 64 levels of flow nesting


def _load_yaml(yaml_text: str) -> Any:
    """``yaml.load`` with ``_FrontMatterLoader``'s rules and errors; libyaml when it is safe to."""
    if (
        _FastFrontMatterLoader is not None
        and "*" not in yaml_text
        and len(yaml_text) <= _FAST_YAML_MAX_CHARS  # libyaml recurses in C: deep nesting would crash
        and yaml_text.count("[") + yaml_text.count("{") <= _FAST_YAML_MAX_BRACKETS
        and not yaml.reader.Reader.NON_PRINTABLE.search(yaml_text)  # the pure reader's own check
    ):
        try:
            return yaml.load(yaml_text, Loader=_FastFrontMatterLoader)
        except yaml.YAMLError:
            pass  # the pure loader raises the error (or accepts the text) with its own message
    return yaml.load(yaml_text, Loader=_FrontMatterLoader)


def markdown_parser(allow_html: bool) -> MarkdownIt:
    """CommonMark plus tables, strikethrough and footnotes (``[^1]``, the sources a
    fact-check cites), headings with ids (``heading_slug``: a link can point at a section);
    raw HTML only when the site allows it."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=heading_slug)
    md.core.ruler.push("sitegen_figures", _mark_figures)
    md.add_render_rule("paragraph_open", _paragraph_open)
    md.add_render_rule("paragraph_close", _paragraph_close)
    md.add_render_rule("image", _image)
    return md


_CAPTION = "sitegen_caption"  # token meta: a photo's caption, or (on a paragraph) that it is a figure


def _mark_figures(state: StateCore) -> None:
    """A photo alone in its paragraph with a title (``![De brug](brug.jpg "De brug bij
    avond. Foto: Jan Smit")``) is a figure, its title the caption under it: how a
    newsroom shows a photo with its caption and credit. Elsewhere a title stays a title."""
    tokens = state.tokens
    for i in range(1, len(tokens) - 1):
        inline = tokens[i]
        if inline.type != "inline" or tokens[i - 1].type != "paragraph_open" or tokens[i - 1].hidden:
            continue
        children = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
        if len(children) == 1 and children[0].type == "image" and (title := children[0].attrGet("title")):
            image = children[0]
            image.attrs.pop("title")
            image.meta[_CAPTION] = str(title)
            tokens[i - 1].meta[_CAPTION] = tokens[i + 1].meta[_CAPTION] = True


def _paragraph_open(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return "<figure>\n" if tokens[idx].meta.get(_CAPTION) else self.renderToken(tokens, idx, options, env)


def _paragraph_close(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return "</figure>\n" if tokens[idx].meta.get(_CAPTION) else self.renderToken(tokens, idx, options, env)


def _image(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    html = self.image(tokens, idx, options, env)
    caption = tokens[idx].meta.get(_CAPTION)
    return html if caption is None else f"{html}\n<figcaption>{escape(caption, quote=False)}</figcaption>"


HOLE = "\x00"  # never in parsed Markdown: markdown-it replaces NUL characters with U+FFFD


def body_skeleton(tokens: list[Token], allow_html: bool, plain: str) -> str:
    """The body's HTML with a hole for each piece of annotatable text, rendered once, here.

    Each text token outside a link becomes ``HOLE offset HOLE length HOLE``: where its
    text stands in ``plain`` (the article's text, ``plain_text``; see ``text_segments``).
    Everything else is final HTML. The render stage fills the holes with the text and its
    mentions marked up (``render.body``), so an article's Markdown is parsed once, when it
    is read, and not again for every build that renders it: that second parse was a
    quarter of the time spent on article pages. The holes hold no text of their own: the
    article keeps its text once (at 10,000 articles a copy in the skeleton was 35 MB).
    """
    md = _skeleton_renderer(allow_html)
    env = {_SKELETON: _SkeletonState({id(tok): off for tok, off in text_segments(tokens)}, plain)}
    return md.renderer.render(tokens, md.options, env)


def fill_holes(skeleton: str, text: str, fill: Callable[[str, int], str]) -> str:
    """``skeleton`` with each hole replaced by ``fill(piece, offset)``, ``piece`` being the
    text the hole stands for (``text[offset:offset + length]``)."""
    parts = skeleton.split(HOLE)  # html, (offset, length, html)*
    out = [parts[0]]
    for k in range(1, len(parts) - 2, 3):
        start = int(parts[k])
        out.append(fill(text[start : start + int(parts[k + 1])], start))
        out.append(parts[k + 2])
    return "".join(out)


def holes_fit(skeleton: str, length: int) -> bool:
    """Each hole of ``skeleton`` is an offset and a length that stay inside a text of
    ``length`` characters: a skeleton read back from the parsed-article store is trusted
    only then, as a block's offsets are."""
    parts = skeleton.split(HOLE)
    if len(parts) % 3 != 1:
        return False
    for k in range(1, len(parts) - 2, 3):
        start, size = parts[k], parts[k + 1]
        if not (start.isascii() and start.isdigit() and size.isascii() and size.isdigit()
                and int(start) + int(size) <= length):
            return False
    return True


_SKELETON = "sitegen_skeleton"  # key of the per-render state in markdown-it's ``env``


class _SkeletonState:
    __slots__ = ("link_depth", "offsets", "plain")

    def __init__(self, offsets: dict[int, int], plain: str) -> None:
        self.offsets = offsets
        self.plain = plain
        self.link_depth = 0


def _hole(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    state: _SkeletonState = env[_SKELETON]
    offset = state.offsets.get(id(token))
    if offset is None or state.link_depth:  # link text is never marked up: no nested links
        return escape(token.content, quote=False)
    content = token.content
    if state.plain[offset : offset + len(content)] != content:  # the two walks over the tokens disagree
        raise RuntimeError(f"Markdown text and its HTML disagree at offset {offset}: {content[:40]!r}")
    return f"{HOLE}{offset}{HOLE}{len(content)}{HOLE}"


def _link_open(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    env[_SKELETON].link_depth += 1
    return self.renderToken(tokens, idx, options, env)


def _link_close(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    env[_SKELETON].link_depth -= 1
    return self.renderToken(tokens, idx, options, env)


_RAW_LINK = re.compile(r"<(/?)a(?=[\s/>])", re.IGNORECASE)  # a raw HTML link's opening or closing tag


def _html_inline(self, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    """Raw HTML as written; text inside a raw ``<a>`` is link text too (no nested links)."""
    content = tokens[idx].content
    if (raw := _RAW_LINK.match(content)) is not None:
        state: _SkeletonState = env[_SKELETON]
        state.link_depth = max(0, state.link_depth + (-1 if raw.group(1) else 1))
    return content


_RENDERERS: dict[bool, MarkdownIt] = {}


def _skeleton_renderer(allow_html: bool) -> MarkdownIt:
    """``markdown_parser`` with the hole-making render rules, built once per setting (the
    rules keep their state in ``env``, so one instance serves every article). Its parsing
    is ``markdown_parser``'s: render rules play no part in it."""
    md = _RENDERERS.get(allow_html)
    if md is None:
        md = markdown_parser(allow_html)
        md.add_render_rule("text", _hole)
        md.add_render_rule("link_open", _link_open)
        md.add_render_rule("link_close", _link_close)
        md.add_render_rule("html_inline", _html_inline)
        _RENDERERS[allow_html] = md
    return md


def text_segments(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    """Yield each text-bearing inline child with its offset in the article's plain text.

    Inline blocks with text are separated by a blank line (two characters), like seed
    paragraphs; line breaks count as one character. A block without text (a photo alone
    in its paragraph) adds nothing, as it adds nothing to ``plain_text``.
    """
    offset = 0
    for token in tokens:
        if token.type != "inline":
            continue
        gap = 2 if offset else 0  # before this block's first text, if any text came before
        for child in token.children or ():
            if child.type in ("text", "code_inline", "softbreak", "hardbreak"):
                offset += gap
                gap = 0
                yield child, offset
                offset += len(child.content) if child.type in ("text", "code_inline") else 1


def plain_text(tokens: list[Token]) -> str:
    """The annotatable text of a parsed Markdown document."""
    parts: list[str] = []
    end = 0
    for child, offset in text_segments(tokens):
        if offset > end:
            parts.append("\n\n")
        piece = child.content if child.type in ("text", "code_inline") else " "
        parts.append(piece)
        end = offset + len(piece)
    return "".join(parts)


def read_markdown(
    raw: bytes, path: str, default_lang: str = "nl", allow_html: bool = False
) -> SourceArticle:
    """Parse one Markdown file; raise ``ContentError`` listing every front-matter problem."""
    text = decode(raw, path)
    meta, body, body_line = split_front_matter(text, path)
    checked = _front_matter_fields(with_file_date(meta, path), text, path)
    fields = checked.fields
    if not body.strip() and fields.get("draft") is not True:  # a draft may be empty: just begun
        raise ContentError(path, body_line, "the article has front matter but no body text")
    title = fields["title"]
    slug = fields.get("slug") or make_slug(title)
    parsed = parse_body(body, path, body_line, article_path(fields["date"], slug), allow_html)
    image, resources = _preview_image(fields.get("image", ""), path, parsed.resources, checked.line("image"))
    return SourceArticle(
        path=path,
        source_format="markdown",
        slug=slug,
        title=title,
        date=fields["date"],
        lang=fields.get("lang", default_lang),
        text=parsed.plain,
        content_hash=content_hash("markdown", text, str(allow_html)),
        summary=fields.get("summary") or shorten(parsed.lead, SUMMARY_MAX_CHARS),
        authors=fields.get("author", ()),
        countries=fields.get("countries", ()),
        draft=fields.get("draft", False),
        skeleton=parsed.skeleton,
        resources=resources,
        article_links=parsed.article_links,
        aliases=fields.get("aliases", ()),
        updated=fields.get("updated"),
        corrections=fields.get("corrections", ()),
        tags=fields.get("tags", ()),
        translation_key=fields.get("translation_key", ""),
        params=fields.get("params", ""),
        unknown_keys=checked.unknown,
        image=image,
        claim=Claim(fields["claim"], fields["verdict"], fields.get("claimant", "")) if "claim" in fields else None,
    )


def _preview_image(image: str, path: str, resources: tuple[tuple[str, int], ...],
                   line: int) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The front matter's ``image`` (``fields.check_image``) as the article keeps it: a
    photo beside the article becomes the first of its linked files (published, sized and
    checked like the text's photos), anything else stays an address."""
    target = local_target(image, path) if image else None
    if target is None:
        return image, resources
    return "", ((target, line), *((t, n) for t, n in resources if t != target))


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """A Markdown body as the pipeline keeps it (see ``read_markdown``)."""

    plain: str  # the annotatable text
    skeleton: str  # the HTML with a hole per text (``body_skeleton``)
    lead: str  # the first paragraph's text, for a summary
    resources: tuple[tuple[str, int], ...]
    article_links: tuple[tuple[str, int], ...]


def parse_body(body: str, path: str, body_line: int, page: str, allow_html: bool) -> ParsedBody:
    """Parse the body of the file at ``path``, to be published at ``page``: its text, its
    skeleton, and the files and articles it links to, with their links made to work there."""
    tokens = _parsed(body, path, body_line, allow_html)
    if "{{" in body or "{%" in body:  # Hugo's figures as Markdown photos, its and Jekyll's links by file
        code = _code_lines(tokens)
        converted = jekyll_links(refs_as_links(embeds_as_links(figures_as_markdown(body, code), code), code), code)
        if converted != body:
            tokens = _parsed(converted, path, body_line, allow_html)
        raise_all(shortcode_problems(_texts_with_lines(tokens, body_line), path))
    tokens, teaser = _without_summary_divider(tokens)
    resources, article_links = _link_files(tokens, path, page, body_line)
    plain = plain_text(tokens)
    try:
        skeleton = body_skeleton(tokens, allow_html, plain)
    except RecursionError:
        raise ContentError(path, body_line, "Markdown nested too deeply to render") from None
    lead = next((t.content for t in tokens if t.type == "inline" and t.content.strip()), "")
    if teaser is not None:
        lead = teaser
    elif plain:
        lead = plain.split("\n\n", 1)[0]
    return ParsedBody(plain, skeleton, lead, resources, article_links)


def _parsed(body: str, path: str, body_line: int, allow_html: bool) -> list[Token]:
    try:
        tokens = _skeleton_renderer(allow_html).parse(body)  # one parser per process: making one costs 0.15 ms
    except RecursionError:
        raise ContentError(path, body_line, "Markdown nested too deeply to render") from None
    _check_nesting(tokens, path, body_line)
    return tokens


def _code_lines(tokens: list[Token]) -> set[int]:
    """The body's lines (0-based) inside code blocks."""
    return {n for t in tokens if t.type in ("fence", "code_block") and t.map for n in range(*t.map)}


def _texts_with_lines(tokens: list[Token], body_line: int) -> Iterator[tuple[str, int]]:
    """Each block's inline text (not code) and the block's first line in the file."""
    for token in tokens:
        if token.type == "inline" and token.children:
            line = body_line + (token.map[0] if token.map else 0)
            yield "".join(child.content if child.type == "text" else "\n" for child in token.children
                          if child.type in ("text", "softbreak", "hardbreak")), line


_MORE = re.compile(r"<!--\s*more\s*-->")


def _without_summary_divider(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """Hugo's summary divider: ``<!--more-->`` on a line of its own ends the text that is
    the summary (an archive moved from Hugo has it in many articles). The tokens without
    it, and the text before it (None if there is none). Raw HTML or not, it is never shown;
    inside a code block it is code, not a divider."""
    for i, token in enumerate(tokens):
        if token.level != 0:
            continue
        if token.type == "html_block" and _MORE.fullmatch(token.content.strip()):
            end = i + 1
        elif (token.type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 1].type == "inline"
              and _MORE.fullmatch(tokens[i + 1].content.strip())):
            end = i + 3
        else:
            continue
        return tokens[:i] + tokens[end:], " ".join(plain_text(tokens[:i]).split())
    return tokens, None


def _link_files(tokens: list[Token], path: str, page: str,
                body_line: int) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """Point every image and link that names a file beside the article at the file's
    published copy, and every link to another article's file at that article's page
    (``load.resources``), in place, before the skeleton is rendered. Return the files and
    the articles, once each, with the line that first names them."""
    files: dict[str, int] = {}
    articles: dict[str, int] = {}

    def rewritten(attr: str, url: str, line: int) -> str | None:
        if (from_root := site_href(url, page)) is not None:
            return from_root
        target = local_target(url, path)
        if target is not None:
            files.setdefault(target, line)
            return page_href(target, page, url)
        if attr == "href" and (other := article_target(url, path) or ref_target(url, path)) is not None:
            articles.setdefault(other, line)
            return article_href(other, url)
        return None

    for token in tokens:
        first = body_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":  # raw HTML (``markdown_html = true``): its tags' URLs too
            token.content = rewrite_urls(token.content, lambda attr, url, at, first=first: rewritten(attr, url, first + at))
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "html_inline":
                child.content = rewrite_urls(child.content, lambda attr, url, _, first=first: rewritten(attr, url, first))
                continue
            attr = "src" if child.type == "image" else "href" if child.type == "link_open" else None
            url = child.attrGet(attr) if attr else None
            if attr and isinstance(url, str) and (new := rewritten(attr, url, first)) is not None:
                child.attrSet(attr, new)
    return tuple(files.items()), tuple(articles.items())


ARTICLE_START = "a Markdown article starts with '---', then 'title:' and 'date:'"


def split_front_matter(text: str, path: str, start: str = ARTICLE_START) -> tuple[dict[str, Any], str, int]:
    """The front matter, the body and the body's first line. The front matter is YAML
    between '---' lines, or TOML between '+++' lines (what Hugo sites often have), or a JSON
    object (Hugo's third kind), or ``Key: value`` lines up to a blank line starting with
    ``Title:`` or ``Date:`` (Pelican's Markdown), so an archive moved from Hugo or Pelican
    keeps its files."""
    if text.startswith("{"):
        return _json_front_matter(text, path)
    toml = text.startswith("+++")
    if not toml and not text.startswith("---"):
        if (first_key := _PELICAN_LINE.match(text)) and first_key[1].lower() in ("title", "date"):
            return _pelican_metadata(text)
        raise ContentError(path, 1, f"missing front matter: {start}")
    fence = _TOML_FENCE if toml else _FENCE
    first = fence.match(text)
    closing = fence.search(text, first.end()) if first else None
    if not first or not closing:
        raise ContentError(path, 1, f"front matter is not closed: expected a second '{'+++' if toml else '---'}' line")
    meta = (_parse_toml if toml else _parse_yaml)(text[first.end() : closing.start()], path)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(path, 2, f"front matter must be a mapping of keys, got {type(meta).__name__}")
    rest = text[closing.end() :]
    body = rest.lstrip("\n")
    fence_line = text.count("\n", 0, closing.end()) + 1
    body_line = fence_line + len(rest) - len(body) if body else fence_line + 1  # blank lines skipped too
    return meta, body, body_line


_PELICAN_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)")


def _pelican_metadata(text: str) -> tuple[dict[str, Any], str, int]:
    """Pelican's (Python-Markdown's) metadata: ``Key: value`` lines, a line indented by four
    spaces or a tab continuing the one before, up to a blank line or the first other line.
    Every value is text; the checks read ``2010-12-03 10:20`` and ``a, b`` as they read YAML."""
    meta: dict[str, Any] = {}
    lines = text.split("\n")
    key = ""
    for number, line in enumerate(lines):
        match = _PELICAN_LINE.fullmatch(line.rstrip("\r"))
        if match:
            key = match[1]
            meta[key] = match[2].strip()
        elif key and line.startswith(("    ", "\t")) and line.strip():
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            rest = lines[number + 1 :] if not line.strip() else lines[number:]
            while rest and not rest[0].strip():
                rest = rest[1:]
            body = "\n".join(rest)
            return meta, body, len(lines) - len(rest) + 1
    return meta, "", len(lines) + 1


def _json_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """Hugo's JSON front matter: one object from the file's first character, the body on
    the lines after the one it ends on."""
    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise ContentError(path, exc.lineno, f"front matter is not valid JSON: {exc.msg}") from None
    except (RecursionError, ValueError) as exc:  # nested too deeply; a number too long to read
        raise ContentError(path, 1, f"front matter is not valid JSON: {type(exc).__name__}") from None
    closing_line = text.count("\n", 0, end) + 1
    tail, _, after = text[end:].partition("\n")
    if tail.strip():
        raise ContentError(path, closing_line, "the text starts on the line after the front matter's closing '}'")
    body = after.lstrip("\n")
    return meta, body, closing_line + 1 + len(after) - len(body)


def _parse_yaml(yaml_text: str, path: str) -> Any:
    try:
        return _load_yaml(yaml_text)  # SafeLoader rules: no aliases, real dates
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1  # the YAML text starts on the fence line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, line, f"front matter is not valid YAML: {reason}") from None


def _parse_toml(toml_text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(toml_text)  # dates are real dates; no aliases in TOML
    except tomllib.TOMLDecodeError as exc:  # the TOML text starts on the fence line: its lines are the file's
        raise ContentError(path, toml_error_line(exc) or 1, f"front matter is not valid TOML: {exc}") from None


def _check_nesting(tokens: list[Token], path: str, body_line: int) -> None:
    """Refuse Markdown nested deeper than ``MAX_NESTING``: markdown-it silently drops the rest."""
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1:
            line = body_line + (token.map[0] if token.map else 0)
            raise ContentError(
                path, line,
                f"Markdown nested more than {MAX_NESTING} levels deep (block quotes or lists inside "
                "each other); the text inside would be lost: flatten the nesting",
            )


def _front_matter_fields(meta: dict[Any, Any], text: str, path: str) -> CheckedFields:
    """The checked fields (the unknown keys, with their lines, kept as params)."""
    checks = {
        "title": check_text,
        "summary": check_text,
        "author": check_authors,
        "date": parse_date,
        "slug": check_slug,
        "lang": check_language,
        "countries": check_countries,
        "tags": check_tags,
        "draft": check_bool,
        "aliases": check_aliases,
        "claim": check_text,
        "claimant": check_text,
        "verdict": check_text,
        "translation_key": check_translation_key,
        "image": check_image,
        "params": check_params,
    }
    checked = checked_fields(meta, text, path, checks, ("title", "date"), FRONT_MATTER_KEYS,
                             later=("updated", "corrections"))
    fields, problems, given = checked.fields, checked.problems, checked.meta
    if "updated" in given and "date" in fields:
        try:
            fields["updated"] = check_updated(given["updated"], fields["date"])
        except FieldError as exc:
            problems.append(checked.problem(path, "updated", exc))
    if "corrections" in given and "date" in fields:
        try:
            fields["corrections"] = check_corrections(given["corrections"], fields["date"])
            fields["updated"] = last_update(fields.get("updated"), fields["corrections"])
        except FieldError as exc:
            problems.append(checked.problem(path, "updated" if str(exc).startswith("updated:") else "corrections", exc))
    named = [key for key in ("claim", "verdict", "claimant") if key in given]
    if named and not ("claim" in named and "verdict" in named):
        problems.append(Problem(path, checked.line(named[0]),
                                "a fact-check names the claim and its verdict: 'claim' and 'verdict' go together"
                                + ("; 'claimant' is who made the claim" if "claimant" in named else "")))
    if not only_unknown_keys(problems):  # a file with only unknown keys parses: the site decides (load_articles)
        raise_all(sorted(problems, key=lambda p: p.line))
    return checked


@dataclass(frozen=True, slots=True)
class CheckedFields:
    """Front matter after ``checked_fields`` (its ``fields`` and ``problems`` filled in there)."""

    fields: dict[str, Any]  # our key → its checked value
    problems: list[Problem]
    meta: dict[str, Any]  # our key → the value as given (also for the caller's ``later`` keys)
    unknown: tuple[tuple[str, int], ...]  # (key, line): unknown keys, kept in ``fields["params"]``
    _text: str
    _written_as: dict[str, str]

    def line(self, key: str) -> int:
        """The line of our ``key``, under whatever name the file gives it."""
        return front_matter_line(self._text, self._written_as.get(key, key))

    def problem(self, path: str, key: str, exc: FieldError) -> Problem:
        """``exc`` about our ``key`` as a problem at its line, under the name the file gives it."""
        message = str(exc) if str(exc).startswith(f"{key}:") else f"{key}: {exc}"
        written = self._written_as.get(key, key)
        if written != key:
            message = f"{written} (sitegen's {key!r}): " + message.removeprefix(f"{key}: ")
        return Problem(path, self.line(key), message)


def checked_fields(meta: dict[Any, Any], text: str, path: str, checks: dict[str, Callable[[Any], Any]],
                   required: tuple[str, ...], known: tuple[str, ...],
                   later: tuple[str, ...] = ()) -> CheckedFields:
    """Each front-matter value through its check, and a problem (with its line) for every
    bad value, refused key and missing required key; ``later``: keys the caller checks.

    Other generators' names are read as ours and unknown keys are kept as params
    (``other_generators.translate``); whether an unknown key is an error is the site's
    choice: they are ``UnknownKeyProblem``s among the problems, which the caller keeps or
    drops (``other_generators.kept_problems``)."""
    translated = translate(meta, known)
    problems = [Problem(path, front_matter_line(text, key), message) for key, message in translated.problems]
    unknown = tuple((key, front_matter_line(text, key)) for key in translated.unknown)
    checked = CheckedFields({}, problems, translated.meta, unknown, text, translated.written_as)
    fields = checked.fields
    for key, value in translated.meta.items():
        if key in later:
            continue
        try:
            fields[key] = checks[key](value)
        except FieldError as exc:
            problems.append(checked.problem(path, key, exc))
    for key, value in translated.topics:
        try:
            fields["tags"] = merged_topics(fields.get("tags", ()), check_tags(value))
        except FieldError as exc:
            problems.append(Problem(path, front_matter_line(text, key), f"{key}: " + str(exc).removeprefix("tags: ")))
    if unknown:
        _keep_as_params(translated.unknown, fields, checked, path, text)
        problems += unknown_key_problems(path, unknown, known)
    for key in required:
        if key not in translated.meta:
            problems.append(Problem(path, 1, f"front matter is missing the required key {key!r}"))
    return checked


def _keep_as_params(unknown: dict[str, Any], fields: dict[str, Any], checked: CheckedFields, path: str,
                    text: str) -> None:
    """Add the unknown keys to ``fields["params"]``, each checked as a param."""
    params = json.loads(fields["params"]) if fields.get("params") else {}
    for key, value in unknown.items():
        line = front_matter_line(text, key)
        if key in params:
            checked.problems.append(Problem(path, line, f"{key!r} is also one of the params; keep one of them"))
            continue
        try:
            params[key] = json.loads(check_params({key: value}))[key]
        except FieldError as exc:
            checked.problems.append(Problem(path, line, f"{key}: " + str(exc).removeprefix("params: ")))
    try:
        fields["params"] = check_params(params)
    except FieldError as exc:
        checked.problems.append(Problem(path, checked.unknown[0][1], str(exc)))


def merged_topics(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Topics from ``tags`` and ``categories``: each once (by its page address), at most ``MAX_TAGS``."""
    seen = {tag_slug(name) for name in first}
    merged = list(first)
    for name in more:
        if (slug := tag_slug(name)) not in seen:
            seen.add(slug)
            merged.append(name)
    if len(merged) > MAX_TAGS:
        raise FieldError(f"tags: {len(merged)} topics with the categories; at most {MAX_TAGS}")
    return tuple(merged)


def front_matter_line(text: str, key: object) -> int:
    """The line of ``key:`` (YAML), ``key =`` or a ``[key]`` table (TOML), or ``"key":`` (JSON) in the file
    (neither parser gives positions once loaded); 1 if not found."""
    name = re.escape(str(key))
    match = re.search(rf"^(?:{name}\s*[:=]|\[\[?\s*{name}\s*\]\]?)|\"{name}\"\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def raise_all(problems: list[Problem]) -> None:
    """One ``ContentError`` carrying every problem, if there are any."""
    if problems:
        raise ContentError(problems[0].path, problems[0].line, problems[0].message, tuple(problems[1:]))


def check_text(value: Any) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise FieldError(f"expected text, got {type(value).__name__}")
    text = " ".join(str(value).split())
    if not text:
        raise FieldError("expected text, got an empty value")
    return text


def check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, got {value!r}")
    return value
