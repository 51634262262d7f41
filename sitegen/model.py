"""Plain, immutable data that flows between the pipeline stages.

load → SourceArticle; annotate → Annotation (mentions with character offsets into
``SourceArticle.text``); link → actors and indexes. Nothing here knows about spaCy,
Jinja2 or the disk, so every stage can be cached, pickled, sent to worker processes
and tested in isolation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Literal, TypeVar

from .packed import Pairs

EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
ENTITY_LABELS: tuple[EntityLabel, ...] = ("PER", "ORG", "LOC", "MISC")

BlockKind = Literal["paragraph", "heading", "read_also"]

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle ``cls`` as a call of its constructor with its fields, in order.

    A frozen dataclass with slots unpickles through ``dataclasses._dataclass_setstate``,
    which looks up the class's fields again for every object: a cold build of 10,000
    articles spent seconds of its build process's CPU on that for the 418,000 mentions
    its annotate workers send back. A constructor call takes about half the time.
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _T) -> tuple[type[_T], tuple]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign, assignment]
    return cls


@dataclass(frozen=True, slots=True, order=True)
class ArticleDate:
    """A publication date that keeps its precision: a month-only date has ``day == 0``.

    Ordering puts a month-only date before every day of that month, so month and day
    precision articles sort together without inventing a day.
    """

    year: int
    month: int
    day: int = 0

    @property
    def has_day(self) -> bool:
        return self.day != 0

    def iso(self) -> str:
        """``YYYY-MM`` or ``YYYY-MM-DD``, as written in the source."""
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base


def article_path(date: ArticleDate, slug: str) -> str:
    """Where an article's page lives in the site: ``YYYY/MM/slug/``."""
    return f"{date.year:04d}/{date.month:02d}/{slug}/"


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block of a seed article: ``SourceArticle.text[start:end]``. The text is
    kept once, in the article (10,000 articles held it twice: 35 MB)."""

    kind: BlockKind
    start: int
    end: int
    line: int = 0


@dataclass(frozen=True, slots=True)
class Claim:
    """What a fact-check reviews: the claim as made, by whom, and the verdict on it
    (front matter ``claim``, ``claimant``, ``verdict``); published as schema.org
    ``ClaimReview`` beside the article, the form fact-checkers' work is found by."""

    text: str
    verdict: str  # the editors' own words: "Onwaar", "Misleidend", "Klopt"
    claimant: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction the editors made to a published article, in their own words
    ("In een eerdere versie stond dat de brug in 2025 opent; dat is 2026."), and when.
    Shown under the article, listed on the site's corrections page and published as
    schema.org ``correction``: the public record a fact-checker's code of principles asks for."""

    date: ArticleDate
    text: str


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """An article as read from disk, before any NLP.

    ``text`` is the plain text that is annotated; mention offsets point into it. For seed
    articles it is the blocks joined by blank lines; for Markdown it is the inline text of
    the document in token order (see ``sitegen.load.markdown_reader``), so the renderer can
    walk the same tokens and find every mention again.
    """

    path: str  # relative to the site root, with forward slashes
    source_format: Literal["seed", "markdown"]
    slug: str
    title: str
    date: ArticleDate
    lang: str
    text: str
    content_hash: str
    summary: str = ""
    title_derived: bool = False
    authors: tuple[str, ...] = ()  # the byline: one name each ("Jan Smit", "Piet Bakker")
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 override from header/front matter
    draft: bool = False
    blocks: tuple[Block, ...] = ()  # seed articles only
    skeleton: str = ""  # Markdown articles only: the body's HTML with holes where its text goes (markdown_reader)
    read_also: tuple[str, ...] = ()  # titles named in "Lees ook:" teasers
    resources: tuple[tuple[str, int], ...] = ()  # (site-relative path, line): files it links to (load.resources)
    article_links: tuple[tuple[str, int], ...] = ()  # (site-relative path, line): articles it links to by file
    aliases: tuple[str, ...] = ()  # old output paths ("2021/05/oude-titel/") that redirect here
    updated: ArticleDate | None = None  # last substantive change (a correction), never before ``date``
    corrections: tuple[Correction, ...] = ()  # oldest first; the last one's date is ``updated`` unless given
    tags: tuple[str, ...] = ()  # the editors' topics or sections ("Buitenland", "Verkiezingen 2023")
    claim: Claim | None = None  # a fact-check's claim and verdict (Markdown front matter)
    translation_key: str = ""  # shared by the article's versions in other languages ("grensoverleg-2021")
    params: str = ""  # the editors' own fields (front matter ``params:``) for themes, as canonical JSON; "" if none
    # front-matter keys neither sitegen nor another generator knows, with their lines: kept in ``params``,
    # an error unless the site keeps them (``unknown_front_matter``, load/other_generators.py)
    unknown_keys: tuple[tuple[str, int], ...] = ()
    # the photo link previews show when the front matter names one outside the text: "https://…" or a
    # static-folder path ("/img/brug.jpg"); one beside the article is the first of ``resources`` instead
    image: str = ""

    @property
    def url_path(self) -> str:
        """Site-relative path of the article page, e.g. ``2022/01/slug/``."""
        return article_path(self.date, self.slug)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention found by the annotate stage.

    ``country`` is the ISO alpha-2 code when the gazetteer knows the mention is, or lies in,
    a country (a country name, a city, a demonym); ``nationality`` marks demonyms and
    nationality adjectives ("Kazachstaanse", "Russen"), which are MISC but feed the
    country index.
    """

    start: int
    end: int
    label: EntityLabel
    text: str
    country: str = ""
    nationality: bool = False


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Annotation:
    """What the NLP pipeline says about one text: mentions and sentence spans, sorted.

    The sentence spans are packed (``Pairs``; given as a tuple of pairs, they are packed
    here): a 10,000-article site has about 470,000 of them, which as tuples of int
    objects took 55 MB of every build's memory."""

    mentions: tuple[Mention, ...]
    sentences: Pairs = field(default_factory=Pairs)

    def __post_init__(self) -> None:
        if type(self.sentences) is not Pairs:
            object.__setattr__(self, "sentences", Pairs.of(self.sentences))


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    article: SourceArticle
    annotation: Annotation


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, place or country that the corpus mentions.

    ``id`` is a stable slug of the canonical name, used in URLs. For places and
    nationalities that resolve to a country, ``country`` holds its ISO code.
    """

    id: str
    name: str
    label: EntityLabel
    country: str = ""
    description: str = ""
    external_id: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention with the actor it refers to (``actor_id`` empty when suppressed)."""

    mention: Mention
    actor_id: str


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Result of corpus-wide actor resolution.

    ``mentions[i]`` holds the resolved mentions of the i-th input article, in the same
    order as its ``Annotation.mentions`` (suppressed mentions dropped).
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: tuple[Sequence[ResolvedMention], ...] = ()  # per article; may be a lazy sequence


@dataclass(frozen=True, slots=True)
class KnownActor:
    """An actor the site's editors describe in the knowledge file (``content/entities.toml``)."""

    name: str
    label: EntityLabel
    aliases: tuple[str, ...] = ()
    description: str = ""
    external_id: str = ""  # e.g. a Wikidata QID
    country: str = ""  # ISO alpha-2


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Editors' corrections to the machine, validated from the knowledge file.

    ``merges`` map a variant surface form to a canonical name; ``splits`` are groups of
    names that must stay separate actors even when surname matching would join them;
    ``never_tag`` lists surface forms that are never an entity. ``fingerprint`` is a hash
    of the file's content (empty when there is no file); it is part of the annotation
    cache key.
    """

    actors: tuple[KnownActor, ...] = ()
    merges: tuple[tuple[str, str], ...] = ()
    splits: tuple[tuple[str, ...], ...] = ()
    never_tag: tuple[str, ...] = ()
    fingerprint: str = ""


class _Reused:
    """Stands in for a file's bytes between render and write: the previous build's file
    is still right (see ``render/reuse.py``); the write stage hard-links it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "REUSED"


REUSED = _Reused()


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page of the site that is not an article ("Over dit archief", a colophon, a
    method note): Markdown from the pages folder, without a date, not annotated and not
    in any archive, list or feed; optionally in the site's menu.

    ``skeleton`` is the body as the article reader renders it (``markdown_reader``), its
    text holes filled with the escaped text when read (a page is not annotated), so pages
    and articles share one Markdown dialect and one way of publishing the files they link to.
    """

    path: str  # relative to the site root, with forward slashes
    url_path: str  # "over/", "over/methode/"
    title: str
    lang: str
    content_hash: str
    summary: str = ""
    menu: int | None = None  # position in the site's menu; None: not in it
    updated: ArticleDate | None = None  # last revision ("bijgewerkt"), for readers and the sitemap
    draft: bool = False
    skeleton: str = ""
    resources: tuple[tuple[str, int], ...] = ()  # files it links to (load.resources)
    article_links: tuple[tuple[str, int], ...] = ()  # articles (or pages) it links to by file
    params: str = ""  # the editors' own fields (front matter ``params:``) for themes, as canonical JSON; "" if none
