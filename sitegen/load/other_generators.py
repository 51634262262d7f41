"""Front matter written for other generators (Hugo, Jekyll, Pelican, MkDocs), read as ours.

An archive that moves to sitegen brings thousands of files whose front matter names our
fields in another generator's words (``description``, ``lastmod``, ``categories``,
``Title``) and carries fields sitegen has no use for (``weight``, ``layout``). Renaming
them by hand is a migration nobody finishes. So:

- another generator's name for one of our fields is read as ours (``OTHER_NAMES``); key
  case does not matter, as in Hugo and Pelican;
- ``categories`` (Hugo, Jekyll) and ``category`` (Pelican) are topics, merged into ``tags``;
- ``status`` (Pelican) and ``published`` (Jekyll) say what ``draft`` says;
- a field that would change what gets published, which sitegen cannot honour
  (``expiryDate``, ``url``), is refused with what to do instead (``REFUSED``);
- any other key is *unknown*: an error naming its line by default (the typo check that
  catches ``titel:``), or, with ``unknown_front_matter = "params"`` in ``sitegen.toml``,
  one of the article's ``params`` (as Hugo keeps unknown keys in ``.Params``). A key that
  reads like a misspelling of one of ours is an error either way.

The reader keeps the unknown keys as params and remembers their lines (``Translated.unknown``);
whether they are errors is the site's choice, made after parsing (``unknown_key_problems``),
so the parsed-article store does not depend on it.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..errors import Problem
from .resources import ARTICLE_HREF

# another generator's name (lowercase) → ours, and whose name it is (for messages)
OTHER_NAMES: dict[str, tuple[str, str]] = {
    "description": ("summary", "the name Hugo, Jekyll and MkDocs use for"),
    "lastmod": ("updated", "Hugo's name for"),
    "modified": ("updated", "Pelican's name for"),
    "last_modified_at": ("updated", "Jekyll's name for"),
    "authors": ("author", "the name Hugo and Pelican use for"),
    "translationkey": ("translation_key", "Hugo's name for"),
    "images": ("image", "Hugo's name for"),
    "featured_image": ("image", "a theme's name for"),
}
TOPIC_NAMES = ("categories", "category")  # Hugo and Jekyll, Pelican: topics, with ``tags``
DRAFT_NAMES = ("status", "published")  # Pelican: status: draft | published; Jekyll: published: false
REFUSED: dict[str, str] = {
    "expirydate": "sitegen does not take an article down on a date; remove the key, or set 'draft: true' "
                  "when the article should go",
    "unpublishdate": "sitegen does not take an article down on a date; remove the key, or set 'draft: true' "
                     "when the article should go",
    "url": "sitegen gives an article its address from its date and slug; list the old address under "
           "'aliases' so that links to it keep working",
    "permalink": "sitegen gives an article its address from its date and slug; list the old address under "
                 "'aliases' so that links to it keep working",
}
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a field name a template can write: params.photographer
UNKNOWN_KEY_CHOICES = ("error", "params")


@dataclass(frozen=True, slots=True)
class Translated:
    """Front matter with our keys (``meta``) and what else it held."""

    meta: dict[str, Any]  # our key → value
    written_as: dict[str, str]  # our key → the key as the file writes it (for its line)
    topics: tuple[tuple[str, Any], ...] = ()  # (key as written, value): categories, to merge into tags
    unknown: dict[str, Any] = field(default_factory=dict)  # keys that become params, as written
    problems: tuple[tuple[str, str], ...] = ()  # (key as written, message) for the caller to place


def translate(meta: dict[Any, Any], known: Collection[str]) -> Translated:
    """Read ``meta`` as our front matter (see the module); ``known``: our keys for this kind of file."""
    ours: dict[str, Any] = {}
    written_as: dict[str, str] = {}
    topics: list[tuple[str, Any]] = []
    unknown: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    lowered = {k.lower(): k for k in known}

    def take(our: str, key: str, value: Any, whose: str = "") -> None:
        if our in ours:
            what = f"{key!r} is {whose} {our!r}" if whose else f"{key!r} is {our!r}"
            problems.append((key, f"{what}, which {written_as[our]!r} already gives; keep one of them"))
            return
        ours[our], written_as[our] = value, key

    for key, value in meta.items():
        if not isinstance(key, str):
            problems.append((str(key), f"unknown front-matter key {key!r}; a key is a name such as 'title'"))
            continue
        low = key.lower()
        if low in lowered:
            take(lowered[low], key, value)
        elif low in OTHER_NAMES and OTHER_NAMES[low][0] in known:
            our, whose = OTHER_NAMES[low]
            take(our, key, value, whose)
        elif low in TOPIC_NAMES and "tags" in known:
            topics.append((key, value))
        elif low in DRAFT_NAMES and "draft" in known:
            draft = _draft_of(low, value)
            if isinstance(draft, str):
                problems.append((key, draft))
            else:
                take("draft", key, draft, "how Pelican gives" if low == "status" else "how Jekyll gives")
        elif low in REFUSED:
            problems.append((key, f"{key!r}: {REFUSED[low]}"))
        elif (near := _misspelt(low, tuple(known))) and low not in OTHER_NAMES:
            problems.append((key, f"unknown front-matter key {key!r}; did you mean {near!r}?"))
        elif not PARAM_NAME.fullmatch(key):
            problems.append((key, (f"unknown front-matter key {key!r}; an unknown key can only be kept as one of "
                                   "the params if its name is letters, digits and _")))
        else:
            unknown[key] = value
    return Translated(ours, written_as, tuple(topics), unknown, tuple(problems))


@lru_cache(maxsize=1024)
def _misspelt(key: str, known: tuple[str, ...]) -> str:
    """Our key that ``key`` (lowercase) reads like a misspelling of, or "" (cached: an
    archive repeats its few unknown keys in every file)."""
    near = difflib.get_close_matches(key, [k.lower() for k in known], n=1, cutoff=0.8)
    return next((k for k in known if k.lower() == near[0]), "") if near else ""


def _draft_of(key: str, value: Any) -> bool | str:
    """``status`` (Pelican) or ``published`` (Jekyll) as our ``draft``, or the problem."""
    if key == "published":
        if isinstance(value, bool):
            return not value
        return f"published: expected true or false, got {value!r}"
    if isinstance(value, str) and value.strip().lower() in ("draft", "published"):
        return value.strip().lower() == "draft"
    return (f"status: expected 'draft' or 'published', got {value!r} (sitegen has no hidden articles: "
            "a page that is not an article goes in the pages folder)")


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    return (f"unknown front-matter key {key!r}; known keys: {', '.join(known)}. Put your own fields under "
            "'params:', or set unknown_front_matter = \"params\" in sitegen.toml to keep every unknown key "
            "as a param, as Hugo does")


@dataclass(frozen=True, slots=True)
class UnknownKeyProblem(Problem):
    """A front-matter key nobody knows: an error unless the site keeps such keys as params.
    A file that fails for other reasons carries these along, for the loader to keep or drop."""


def unknown_key_problems(path: str, unknown: Iterable[tuple[str, int]], known: Iterable[str]) -> list[Problem]:
    """The unknown keys (name, line) of one file as problems, for a site that refuses them."""
    known = tuple(known)
    return [UnknownKeyProblem(path, line, unknown_key_message(key, known)) for key, line in unknown]


def kept_problems(problems: Iterable[Problem], keep_unknown_keys: bool) -> list[Problem]:
    """``problems`` without the unknown keys, if the site keeps those as params."""
    return [p for p in problems if not (keep_unknown_keys and isinstance(p, UnknownKeyProblem))]


def only_unknown_keys(problems: Iterable[Problem]) -> bool:
    return all(isinstance(p, UnknownKeyProblem) for p in problems)


# Hugo's shortcodes: {{< name … >}} and {{% name … %}}, which no Markdown renderer knows
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]*)[^}]*?[>%]\}\}")
_SHORTCODE_ADVICE = {
    "figure": "write the photo as ![what it shows](photo.jpg \"caption\"), with the file beside the article",
    "ref": "link the article's own file instead: [text](other-article.md)",
    "relref": "link the article's own file instead: [text](other-article.md)",
}
_EMBED = ("youtube", "vimeo", "tweet", "x", "instagram", "gist")


_FIGURE = re.compile(r"\{\{<\s*figure\s+([^}\n]*?)\s*>\}\}")  # on one line
_PARAM = re.compile(r"""([A-Za-z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))""")


def figures_as_markdown(body: str, code_lines: Collection[int]) -> str:
    """Hugo's ``{{< figure src="…" caption="…" >}}`` as the Markdown photo it shows,
    ``![alt](src "caption")``, which sitegen publishes, sizes and captions like any other
    (a photo alone in its paragraph with a title is a figure). Lines in ``code_lines``
    (0-based, inside code blocks) are code and stay as written, as does a figure in a code
    span; so does a figure over
    several lines, which ``shortcode_problems`` then reports."""
    return _per_line(body, code_lines, _FIGURE,
                     lambda m, line: m[0] if line.count("`", 0, m.start()) % 2 else _figure(m))  # a code span: code


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


# Hugo's links by file, {{< ref "posts/b.md" >}} and relref: one link of the reader's own,
# resolved once every file is known (``resolve_hugo_refs``), as Hugo resolves them
HUGO_REF = "sitegen-hugo-ref:"
_REF = re.compile(r"""(?<=\]\()(\s*)\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?(?:"([^"\n]+)"|'([^'\n]+)'|([^\s>%]+))\s*[>%]\}\}""")


def refs_as_links(body: str, code_lines: Collection[int]) -> str:
    """Each Hugo ``ref``/``relref`` that is a link's target (``[text]({{< ref "b.md" >}})``),
    outside code, as a link target of the reader's own (``HUGO_REF``); ``ref_target`` reads
    it where the link is found. Anywhere else it stays a shortcode, which is refused."""
    def link(match: re.Match, line: str) -> str:
        if line.count("`", 0, match.start()) % 2:
            return match[0]  # in a code span: code
        return match[1] + HUGO_REF + quote(next(v for v in match.groups()[1:] if v is not None), safe="/#")
    return _per_line(body, code_lines, _REF, link)


# Jekyll's link to a post by its file name, and the site address put before site paths
POST_URL = "sitegen-post-url:"
_POST_URL = re.compile(r"(?<=\]\()(\s*)\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_SITE_URL = re.compile(r"(?<=\]\()(\s*)(?:\{\{-?\s*site\.url\s*-?\}\})?(?:\{\{-?\s*site\.baseurl\s*-?\}\})?(?=/)")


def jekyll_links(body: str, code_lines: Collection[int]) -> str:
    """Jekyll's ``[text]({% post_url 2023-03-14-haven %})`` as a link of the reader's own
    (``POST_URL``), and ``{{ site.baseurl }}/assets/x.png`` in a link's target as the site
    path ``/assets/x.png`` it stands for; outside code, and only as a link's target."""
    def post(match: re.Match, line: str) -> str:
        return match[0] if line.count("`", 0, match.start()) % 2 else match[1] + POST_URL + quote(match[2], safe="/#")

    def site(match: re.Match, line: str) -> str:
        return match[0] if line.count("`", 0, match.start()) % 2 else match[1]
    return _per_line(_per_line(body, code_lines, _POST_URL, post), code_lines, _SITE_URL, site)


def _per_line(body: str, code_lines: Collection[int], pattern: re.Pattern, replace: Any) -> str:
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if number not in code_lines and "{{" in line:
            lines[number] = pattern.sub(lambda m, line=line: replace(m, line), line)
    return "\n".join(lines)


def ref_target(url: str, source: str) -> str | None:
    """The article-link target of a Hugo ref in the article at ``source``: its folder and
    the path Hugo was given, until ``resolve_hugo_refs`` knows which file that is."""
    if url.startswith(POST_URL):
        return POST_URL + unquote(urlsplit(url).path)
    if not url.startswith(HUGO_REF):
        return None
    return f"{HUGO_REF}{posixpath.dirname(source)}|{unquote(urlsplit(url).path)}"


def resolve_hugo_refs(items: Sequence[Any], content_dirs: Sequence[str], known: Collection[str]) -> list[Any]:
    """Articles and pages with their Hugo refs pointing at the files they name, found as
    Hugo finds them: beside the page first, then from the content folder (``/posts/b.md``
    from it only), with or without ``.md``, or a page bundle's ``index.md``. A ref that
    names no file points at its first candidate, which ``article_link_problems`` reports."""
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
                "link to it instead: [the video](https://…)" if name in _EMBED else "write what it shows in Markdown")
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


JEKYLL_POST = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)\.(?:md|markdown)", re.IGNORECASE)


def with_file_date(meta: dict[Any, Any], path: str) -> dict[Any, Any]:
    """A Jekyll post's date from its file name (``_posts/2023-03-14-haven.md``), as Jekyll
    reads it, when the front matter gives none."""
    match = JEKYLL_POST.fullmatch(path.rsplit("/", 1)[-1])
    if match is None or any(isinstance(key, str) and key.lower() == "date" for key in meta):
        return meta
    return {**meta, "date": match[1]}
