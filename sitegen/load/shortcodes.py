"""Other generators' syntax in an article's text: Hugo's shortcodes and Jekyll's Liquid.

No Markdown renderer knows ``{{< figure … >}}``, ``{{< ref "b.md" >}}`` or ``{% post_url … %}``:
left alone they reach the reader as template code. What has a Markdown meaning is read as
that meaning before the body is parsed: a one-line figure is the photo it shows, an embed
(``{{< youtube ID >}}``) a link to what it shows, a ref or a
``post_url`` in a link's target is a link by file (resolved once every file is known,
``resolve_file_refs``), ``{{ site.baseurl }}`` before a site path is the path. Everything
else is refused with its line and what to write instead (``shortcode_problems``). Code
blocks and code spans are code: nothing in them is read or refused.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..errors import Problem
from .resources import ARTICLE_HREF

# Hugo's shortcodes: {{< name … >}} and {{% name … %}}, which no Markdown renderer knows
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]*)[^}]*?[>%]\}\}")
_SHORTCODE_ADVICE = {
    "figure": "write the photo as ![what it shows](photo.jpg \"caption\"), with the file beside the article",
    "ref": "link the article's own file instead: [text](other-article.md)",
    "relref": "link the article's own file instead: [text](other-article.md)",
}


_FIGURE = re.compile(r"\{\{<\s*figure\s+([^}\n]*?)\s*>\}\}")  # on one line
_PARAM = re.compile(r"""([A-Za-z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))""")


def figures_as_markdown(body: str, code_lines: Collection[int]) -> str:
    """Hugo's ``{{< figure src="…" caption="…" >}}`` as the Markdown photo it shows,
    ``![alt](src "caption")``, which sitegen publishes, sizes and captions like any other
    (a photo alone in its paragraph with a title is a figure). Lines in ``code_lines``
    (0-based, inside code blocks) are code and stay as written, as does a figure in a code
    span (which ``shortcode_problems`` then reports). A figure written over several lines,
    one parameter a line as long captions often are, becomes the photo on its first line,
    with its other lines left empty, so every later line keeps its number."""
    return _per_line(_multiline_figures(body, code_lines), code_lines, _FIGURE, _figure)


_MULTILINE_FIGURE = re.compile(r"\{\{<\s*figure\s+((?:[^}\"']|\"(?:[^\"\\]|\\.)*\"|'[^']*')*?)\s*>\}\}")


def _multiline_figures(body: str, code_lines: Collection[int]) -> str:
    """Each figure over several lines, outside code blocks, as the photo it shows (``_figure``)."""
    if "{{<" not in body:
        return body

    def replace(match: re.Match) -> str:
        first = body.count("\n", 0, match.start())  # 0-based line numbers, as ``code_lines``
        last = first + match[0].count("\n")
        if first == last or any(n in code_lines for n in range(first, last + 1)) \
                or body.count("`", body.rfind("\n", 0, match.start()) + 1, match.start()) % 2:
            return match[0]  # one line (``_per_line`` reads it), or code
        photo = _figure(match)
        if photo == match[0]:
            return photo  # no photo to show: refused by ``shortcode_problems``
        # a caption over several lines is one line of text (as the browser shows it)
        return re.sub(r"[ \t]*\n\s*", " ", photo) + "\n" * (last - first)

    return _MULTILINE_FIGURE.sub(replace, body)


def _figure(match: re.Match) -> str:
    params = {m[1].lower(): m[2].replace('\\"', '"') if m[2] is not None else next(v for v in m.groups()[2:] if v is not None)
              for m in _PARAM.finditer(match[1])}
    src = params.get("src", "")
    if not src:
        return match[0]  # nothing to show: left for shortcode_problems
    alt = params.get("alt") or params.get("title") or params.get("caption") or ""
    caption = params.get("caption") or params.get("title") or ""
    alt = re.sub(r"([\\\[\]])", r"\\\1", alt)
    src = f"<{src}>" if re.search(r"[\s()<>]", src) else src
    title = ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"' if caption else ""
    return f"![{alt}]({src}{title})"


# Hugo's embeds: the address of what they show, by their first argument or named ones
_EMBED_URLS = {
    "youtube": ("https://www.youtube.com/watch?v={id}", ("id",)),
    "vimeo": ("https://vimeo.com/{id}", ("id",)),
    "instagram": ("https://www.instagram.com/p/{id}/", ("id",)),
    "tweet": ("https://x.com/{user}/status/{id}", ("user", "id")),
    "x": ("https://x.com/{user}/status/{id}", ("user", "id")),
    "gist": ("https://gist.github.com/{user}/{id}", ("user", "id")),
}
_EMBED_CODE = re.compile(r"\{\{<\s*(youtube|vimeo|instagram|tweet|x|gist)\s+([^}\n]*?)\s*>\}\}", re.IGNORECASE)
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def embeds_as_links(body: str, code_lines: Collection[int]) -> str:
    """Hugo's ``{{< youtube ID >}}`` (and vimeo, instagram, tweet, gist) as a link to what it
    shows, ``<https://www.youtube.com/watch?v=ID>``: an archive page that loads no player
    and sends its readers' visits to no one until they click. One whose arguments are not
    plain ids stays a shortcode, which is refused."""
    return _per_line(body, code_lines, _EMBED_CODE, _embed_link)


def _embed_link(match: re.Match) -> str:
    pattern, names = _EMBED_URLS[match[1].lower()]
    named = {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _PARAM.finditer(match[2])}
    positional = [a.strip("\"'") for a in match[2].split() if "=" not in a]
    values = {name: named.get(name) or (positional[i] if i < len(positional) else "") for i, name in enumerate(names)}
    if not all(_SAFE_ID.fullmatch(v or "") for v in values.values()):
        return match[0]
    return "<" + pattern.format(**values) + ">"


# Hugo's links by file, {{< ref "posts/b.md" >}} and relref: one link of the reader's own,
# resolved once every file is known (``resolve_file_refs``), as Hugo resolves them
HUGO_REF = "sitegen-hugo-ref:"
_REF = re.compile(r"""(?<=\]\()(\s*)\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?(?:"([^"\n]+)"|'([^'\n]+)'|([^\s>%]+))\s*[>%]\}\}""")


def refs_as_links(body: str, code_lines: Collection[int]) -> str:
    """Each Hugo ``ref``/``relref`` that is a link's target (``[text]({{< ref "b.md" >}})``),
    outside code, as a link target of the reader's own (``HUGO_REF``); ``ref_target`` reads
    it where the link is found. Anywhere else it stays a shortcode, which is refused."""
    return _per_line(body, code_lines, _REF, lambda match: match[1] + HUGO_REF + quote(
        next(v for v in match.groups()[1:] if v is not None), safe="/#"))


# Jekyll's link to a post by its file name, and the site address put before site paths
POST_URL = "sitegen-post-url:"
_POST_URL = re.compile(r"(?<=\]\()(\s*)\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_SITE_URL = re.compile(r"(?<=\]\()(\s*)(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})+(?=/)")


SITE_PATH = "sitegen-site:"  # a path from the site's root, made relative to the page it is on (``site_href``)


def jekyll_links(body: str, code_lines: Collection[int]) -> str:
    """Jekyll's ``[text]({% post_url 2023-03-14-haven %})`` as a link of the reader's own
    (``POST_URL``), and ``{{ site.baseurl }}/assets/x.png`` in a link's target as the path
    from the site's root it stands for (``SITE_PATH``), which works under any base path as
    the rest of the site's links do; outside code, and only as a link's target."""
    posts = _per_line(body, code_lines, _POST_URL, lambda match: match[1] + POST_URL + quote(match[2], safe="/#"))
    return _per_line(posts, code_lines, _SITE_URL, lambda match: match[1] + SITE_PATH)


def site_href(url: str, page: str) -> str | None:
    """A ``SITE_PATH`` link as seen from the page at ``page`` (``YYYY/MM/slug/``); None for other URLs."""
    if not url.startswith(SITE_PATH):
        return None
    return "../" * page.count("/") + url[len(SITE_PATH):].lstrip("/")


def _per_line(body: str, code_lines: Collection[int], pattern: re.Pattern,
              replace: Callable[[re.Match], str]) -> str:
    """``pattern`` replaced on each line of ``body`` that is not code: not one of
    ``code_lines`` (0-based, in code blocks), and not in a code span on its line."""
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if number not in code_lines and "{" in line:
            lines[number] = pattern.sub(
                lambda m, line=line: m[0] if line.count("`", 0, m.start()) % 2 else replace(m), line)
    return "\n".join(lines)


def ref_target(url: str, source: str) -> str | None:
    """The article-link target of a Hugo ref (its folder and the path Hugo was given) or a
    Jekyll ``post_url`` (the post's name) in the article at ``source``, until
    ``resolve_file_refs`` knows which file that is; None for other URLs."""
    if url.startswith(POST_URL):
        return POST_URL + unquote(urlsplit(url).path)
    if not url.startswith(HUGO_REF):
        return None
    return f"{HUGO_REF}{posixpath.dirname(source)}|{unquote(urlsplit(url).path)}"


def resolve_file_refs(items: Sequence[Any], content_dirs: Sequence[str], known: Collection[str]) -> list[Any]:
    """Articles and pages with their Hugo refs and Jekyll ``post_url`` links pointing at the
    files they name (``known``: every article's and page's path). A ref is found as Hugo
    finds it: beside the page first, then from the content folder (``/posts/b.md`` from it
    only), with or without ``.md``, or a page bundle's ``index.md``; a ``post_url`` by its
    file name, in any folder. One that names no file points at its first candidate, which
    ``article_link_problems`` reports with its line."""
    result = []
    for item in items:
        refs = [target for target, _ in item.article_links if target.startswith((HUGO_REF, POST_URL))]
        if not refs:
            result.append(item)
            continue
        found = {target: _ref_file(target, content_dirs, known) for target in refs}
        skeleton = item.skeleton
        for target, path in found.items():
            skeleton = skeleton.replace(ARTICLE_HREF + quote(target), ARTICLE_HREF + quote(path))
        links = dict.fromkeys((found.get(t, t), n) for t, n in item.article_links)
        result.append(replace(item, skeleton=skeleton, article_links=tuple(links)))
    return result


def _ref_file(target: str, content_dirs: Sequence[str], known: Collection[str]) -> str:
    if target.startswith(POST_URL):  # Jekyll: the post of that file name, in whichever folder
        name = target[len(POST_URL):].rsplit("/", 1)[-1]
        posts = sorted(p for p in known if p.rsplit("/", 1)[-1].rsplit(".", 1)[0] == name)
        return posts[0] if posts else posixpath.join(content_dirs[0] if content_dirs else "", name + ".md")
    folder, _, named = target[len(HUGO_REF):].partition("|")
    bases = [d for d in content_dirs if d not in (".", "")] or [""]
    starts = [posixpath.join(base, named.lstrip("/")) for base in bases]
    if not named.startswith("/"):
        starts.insert(0, posixpath.join(folder, named))
    candidates = [posixpath.normpath(p) + end for p in starts for end in ("", ".md", "/index.md")]
    return next((c for c in candidates if c in known), candidates[0])


def shortcode_problems(texts: Iterable[tuple[str, int]], path: str) -> list[Problem]:
    """A problem for each Hugo shortcode and Jekyll Liquid tag in the article's text
    (``texts``: each block's text and its first line, line breaks kept; code is not text):
    no Markdown renderer knows them, so the reader would see ``{{< youtube … >}}`` or
    ``{% include … %}`` where the video or the included text should be."""
    problems = []
    for text, line in texts:
        for match in _SHORTCODE.finditer(text):
            if match[2]:
                continue  # the end of a paired shortcode: its start is reported
            name = match[3].lower()
            advice = _SHORTCODE_ADVICE.get(name) or (
                "give its id (youtube, vimeo, instagram) or user and id (tweet, gist), or link to it: "
                "[the video](https://…)" if name in _EMBED_URLS else "write what it shows in Markdown")
            problems.append(Problem(path, line + text.count("\n", 0, match.start()),
                                    f"Hugo shortcode {match[0][:60]!r} would be shown as text: {advice}"))
        for match in _LIQUID.finditer(text):
            if match[1] and match[1].lower().startswith("end"):
                continue  # the end of a block tag: its start is reported
            problems.append(Problem(path, line + text.count("\n", 0, match.start()),
                                    f"Jekyll's Liquid {match[0][:60]!r} would be shown as text: write what it "
                                    "shows in Markdown (a post by its file: [text](2023-03-14-haven.md))"))
    return problems


# Jekyll's Liquid: {% tag … %} (not inside Hugo's {{% … %}}) and {{ variable }}
_LIQUID = re.compile(r"(?<!\{)\{%-?\s*([A-Za-z_]+)[^%]*?-?%\}(?!\})|\{\{-?\s*[A-Za-z_][^}]*\}\}")
