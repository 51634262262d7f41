"""Corpus-wide indexes built from resolved mentions: per-article actors and related
articles, per-actor statistics, countries and the date archive.

Pure and deterministic: the same articles give the same ``Site``, whatever order
dictionaries and sets happen to iterate in (everything that reaches a page is sorted).

Compact on purpose (a site may have a million articles, ``bench/link_memory.py`` and
docs/cluster.md): actors are numbered in the order of their ids, so comparing numbers is
comparing ids, and the per-article and per-actor lists are packed 32-bit ints behind small
read-only types (``Ints``, ``NamedCounts``, ``Triples``, ``Indices``) that read like the
tuples (and frozenset) they replace. No ``Counter`` or dictionary per article or per actor
outlives the step that needs it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any, overload

from ..forked import Forked, can_fork
from ..load.fields import tag_slug
from ..model import Actor, ActorIndex, Annotation, Mention, ResolvedMention, SourceArticle
from ..packed import Ints, Packed, Pairs, Triples, pack
from .actors import ResolvedMentions

RELATED_COUNT = 5
CO_ACTOR_COUNT = 10
CO_ACTOR_WINDOW = 15  # only an article's most-mentioned actors count for co-occurrence
GENERIC_SHARE = 0.05  # actors in more articles than this share are too generic to relate articles
RELATED_MAX_POSTING = 500  # ...and so are actors in more than this many (the same limit up to 10,000
# articles); bounds _related's Σ|posting|² work, which at 100k+ articles took hours (bench/link_memory.py)
PARALLEL_RELATED_MIN = 2000  # articles; below this a forked child costs more than it saves
# (article, candidate) pairs expanded at once: ~10 MB of numpy scratch. With 1 << 20 (~40 MB)
# the forked child that ranks related articles was the largest process of a cold 10k build
# (498 MB, limit 500); bench 10k, in a fork: 1 << 20 +70 MB, 1 << 18 +30 MB, 1 << 17 +23 MB,
# the same result in the same CPU time (0.84-0.97 s)
RELATED_CHUNK = 1 << 18

CountryResolver = Callable[[SourceArticle, Sequence[ResolvedMention]], tuple[tuple[str, ...], str]]


# --- read-only, tuple-like containers over packed ints (more in sitegen/packed.py) -------


class NamedCounts(Packed, Sequence[tuple[str, int]]):
    """A tuple of ``(name, count)`` pairs kept as (number, count) ints into a shared
    table of names (actor ids, months): 8 bytes a pair instead of a 56-byte tuple, a
    count object and its slot."""

    __slots__ = ("_names",)
    _WIDTH = 2

    def __init__(self, names: Sequence[str], pairs: Iterable[int]) -> None:
        super().__init__(pack(pairs))  # number, count, number, count, ...
        self._names = names

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, int]]) -> NamedCounts:
        """From plain pairs, with a table of just their names (tests, unpickling)."""
        items = list(pairs)
        names = tuple(dict.fromkeys(name for name, _ in items))
        number = {name: k for k, name in enumerate(names)}
        return cls(names, chain.from_iterable((number[name], n) for name, n in items))

    @overload
    def __getitem__(self, index: int) -> tuple[str, int]: ...

    @overload
    def __getitem__(self, index: slice) -> NamedCounts: ...

    def __getitem__(self, index: int | slice) -> tuple[str, int] | NamedCounts:
        if isinstance(index, slice):
            return NamedCounts(self._names, self._slice(index))
        row = range(len(self))[index]  # negative indices, IndexError
        ints = self._ints()
        return self._names[ints[2 * row]], ints[2 * row + 1]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        ints = self._ints()
        return zip(map(self._names.__getitem__, ints[0::2]), ints[1::2])

    def __reduce__(self) -> tuple[Any, ...]:
        return NamedCounts.of, (tuple(self),)  # not the whole shared table


class Indices(AbstractSet[int]):
    """A frozenset of ints (article indices) kept sorted in an ``Ints``: 4 bytes an item
    instead of a hash-table slot and an int object. Equal to (and hashes like) the
    frozenset of the same items; ``in`` is a binary search."""

    __slots__ = ("_sorted",)

    def __init__(self, items: Iterable[int] = ()) -> None:
        self._sorted = Ints(sorted(set(items)))

    def __len__(self) -> int:
        return len(self._sorted)

    def __iter__(self) -> Iterator[int]:
        return iter(self._sorted)

    def __contains__(self, value: object) -> bool:
        ints = self._sorted._ints()
        try:
            k = bisect_left(ints, value)  # type: ignore[call-overload]
        except TypeError:  # not comparable with ints, so not in a set of ints either
            return False
        return k < len(ints) and ints[k] == value

    def __hash__(self) -> int:
        return hash(frozenset(self))

    def __repr__(self) -> str:
        return repr(frozenset(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return Indices, (self._sorted,)


EMPTY_INTS = Ints()


# --- the site ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    """An article with everything the linking stage learnt about it."""

    article: SourceArticle
    mentions: Sequence[ResolvedMention]  # a tuple or a lazy ResolvedMentions
    sentences: Pairs
    countries: tuple[str, ...]
    primary_country: str
    actor_counts: Sequence[tuple[str, int]]  # (actor id, mentions), most mentioned first
    related: Sequence[int]  # indices into Site.articles, best first
    read_also: tuple[tuple[str, int], ...]  # (teaser title, index of that article or -1)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    actor: Actor
    articles: Sequence[int]  # newest first
    mention_count: int
    co_actors: Sequence[tuple[str, int]]  # (actor id, shared articles), most first
    timeline: Sequence[tuple[str, int]]  # ("YYYY-MM", articles), chronological
    contexts: Sequence[tuple[int, int, int]]  # (article index, sentence start, end) per article


@dataclass(frozen=True, slots=True)
class CountryEntry:
    code: str
    articles: Sequence[int]  # newest first
    primary: AbstractSet[int]  # a frozenset or an Indices


@dataclass(frozen=True, slots=True)
class TagEntry:
    """One name the editors gave articles, under its page slug: a topic (``tags``) or an
    author."""

    slug: str
    name: str  # the spelling most articles use (ties: the first in sort order)
    articles: Sequence[int]  # newest first


@dataclass(frozen=True, slots=True)
class Site:
    articles: tuple[LinkedArticle, ...]  # newest first
    actors: dict[str, ActorEntry]
    countries: dict[str, CountryEntry]
    archive: tuple[
        tuple[int, tuple[tuple[int, Sequence[int]], ...]], ...
    ]  # year → month → articles
    tags: dict[str, TagEntry] = field(default_factory=dict)  # by slug, sorted
    authors: dict[str, TagEntry] = field(default_factory=dict)  # by slug, sorted

    def named(self) -> tuple[tuple[str, dict[str, TagEntry]], ...]:
        """The names editors give articles, by kind: topics ("tag") and bylines ("author")."""
        return (("tag", self.tags), ("author", self.authors))


@dataclass(frozen=True, slots=True)
class _ArticleActors:
    """Each article's actor numbers in first-mention order: what ``_related`` sums over,
    in that order. ``ptr[i]:ptr[i + 1]`` are article ``i``'s."""

    order: array  # 'i'
    ptr: array  # 'q', one more than the articles


@dataclass(frozen=True, slots=True)
class _ActorLists:
    """What one pass over the articles leaves for the per-actor entries.

    ``top``/``top_ptr``: each article's ``CO_ACTOR_WINDOW`` most-mentioned actors;
    ``contexts[a]``: flat (article, start, end) per article of actor ``a`` (released by
    ``_actor_entries`` as it packs them); ``mention_total[a]``: its mentions in all articles.
    """

    top: array  # 'i'
    top_ptr: array  # 'q'
    contexts: list[array | None]
    mention_total: list[int]


def build_site(
    articles: Sequence[SourceArticle],
    annotations: Sequence[Annotation],
    actor_index: ActorIndex,
    countries_of: CountryResolver,
    memo: dict | None = None,
) -> Site:
    """Assemble the site's indexes; ``articles`` must be sorted newest first.

    On a big site the related articles (the largest single step) are found in a forked
    child while this process resolves countries and builds the actor entries. ``memo``
    (the live server): the last build's related articles, kept while every article's
    actors are exactly the same (an edit that names no new actor)."""
    ids = _actor_table(actor_index.mentions)
    actor_counts, in_articles, lists = _scan(articles, annotations, actor_index.mentions, ids)
    inputs = (len(ids), len(articles), in_articles.order.tobytes(), in_articles.ptr.tobytes())
    related = memo.get("related") if memo is not None and memo.get("related-inputs") == inputs else None
    aside = Forked(lambda: _related(in_articles, len(ids), len(articles))) \
        if related is None and len(articles) >= PARALLEL_RELATED_MIN and can_fork() else None
    countries = [countries_of(article, resolved) for article, resolved in zip(articles, actor_index.mentions)]
    actors = _actor_entries(articles, lists, ids, actor_index.actors)
    if aside is not None:
        related = aside.result()
    if related is None:  # not kept, no child, or it failed: here, so an error is raised here
        related = _related(in_articles, len(ids), len(articles))
    if memo is not None:
        memo["related-inputs"], memo["related"] = inputs, related
    by_title = _title_index(articles)
    same: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct country list
    linked: list[LinkedArticle] = []
    for i, (article, annotation) in enumerate(zip(articles, annotations)):
        article_countries, primary = countries[i]
        linked.append(
            LinkedArticle(
                article=article,
                mentions=actor_index.mentions[i],
                sentences=annotation.sentences,
                countries=same.setdefault(article_countries, article_countries),
                primary_country=primary,
                actor_counts=actor_counts[i],
                related=related[i],
                read_also=tuple((t, by_title.get(_norm_title(t), -1)) for t in article.read_also),
            )
        )
    del related, actor_counts, countries
    return Site(
        articles=tuple(linked),
        actors=actors,
        countries=_country_entries(linked),
        archive=_archive(articles),
        tags=tag_entries(articles),
        authors=author_entries(articles),
    )


def tag_entries(articles: Sequence[SourceArticle]) -> dict[str, TagEntry]:
    """The topic pages: each tag's articles (newest first, as ``articles`` are), by slug."""
    return _named_groups(articles, lambda article: article.tags)


def author_entries(articles: Sequence[SourceArticle]) -> dict[str, TagEntry]:
    """The author pages: each byline's articles, by slug; a byline without a letter or
    digit (``—``) has no page."""
    return _named_groups(articles, lambda article: article.authors)


def _named_groups(articles: Sequence[SourceArticle],
                  names_of: Callable[[SourceArticle], Iterable[str]]) -> dict[str, TagEntry]:
    """Articles grouped by the names ``names_of`` gives them, one group per slug, named as
    most of its articles spell it (ties: the first in sort order)."""
    articles_of: dict[str, array] = {}
    spellings: dict[str, Counter[str]] = {}
    for i, article in enumerate(articles):
        for name in names_of(article):
            slug = tag_slug(name)
            if not slug:
                continue
            articles_of.setdefault(slug, array("i")).append(i)
            spellings.setdefault(slug, Counter())[name] += 1
    return {
        slug: TagEntry(slug, min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0], Ints(articles_of[slug]))
        for slug in sorted(articles_of)
    }


def _norm_title(title: str) -> str:
    return " ".join(title.casefold().split()).strip("‘’'\"„“” .")


def _title_index(articles: Sequence[SourceArticle]) -> dict[str, int]:
    """Normalised title → first (newest) article with it, for the titles some article's
    "read also" names: the other titles need no entry (a million of them would)."""
    wanted = {_norm_title(t) for a in articles for t in a.read_also}
    by_title: dict[str, int] = {}
    if wanted:
        for i, a in enumerate(articles):
            title = _norm_title(a.title)
            if title in wanted:
                by_title.setdefault(title, i)
    return by_title


def ids_and_mentions(resolved: Sequence[ResolvedMention]) -> tuple[Sequence[str], Sequence[Mention]]:
    """The actor id ('' when suppressed) and ``Mention`` of each resolved mention.

    A ``ResolvedMentions`` holds both as tuples already; reading them there makes no
    ``ResolvedMention`` per mention (28 M of them at a million articles).
    """
    if type(resolved) is ResolvedMentions:  # not isinstance: an ABC check per article costs a µs
        return resolved.actor_ids, resolved.plain_mentions
    return [rm.actor_id for rm in resolved], [rm.mention for rm in resolved]


def _actor_table(per_article: Sequence[Sequence[ResolvedMention]]) -> tuple[str, ...]:
    """Every actor id mentioned, sorted: an actor's number is its place here, so sorting
    by number is sorting by id (every tie-break below relies on it)."""
    seen: set[str] = set()
    for resolved in per_article:
        seen.update(ids_and_mentions(resolved)[0])
    seen.discard("")
    return tuple(sorted(seen))


def _scan(
    articles: Sequence[SourceArticle],
    annotations: Sequence[Annotation],
    per_article: Sequence[Sequence[ResolvedMention]],
    ids: tuple[str, ...],
) -> tuple[list[NamedCounts], _ArticleActors, _ActorLists]:
    """One pass over the articles: each article's ``actor_counts`` and the compact
    per-article and per-actor lists the corpus-wide steps need."""
    number = {actor_id: k for k, actor_id in enumerate(ids)}
    number[""] = -1
    order, order_ptr = array("i"), array("q", [0])
    top, top_ptr = array("i"), array("q", [0])
    contexts: list[array | None] = [array("i") for _ in ids]
    mention_total = [0] * len(ids)
    actor_counts: list[NamedCounts] = []
    for i, (article, annotation, resolved) in enumerate(zip(articles, annotations, per_article)):
        actor_ids, mentions = ids_and_mentions(resolved)
        numbers = list(map(number.__getitem__, actor_ids))
        counts = Counter(numbers)  # keys in first-mention order
        counts.pop(-1, None)
        first = dict(zip(reversed(numbers), range(len(numbers) - 1, -1, -1)))  # number → first mention
        sentences, length = annotation.sentences, len(article.text)
        for a, n in counts.items():
            m = mentions[first[a]]
            start, end = sentence_around(sentences, m.start, m.end, length)
            contexts[a].extend((i, start, end))  # type: ignore[union-attr]
            mention_total[a] += n
        order.extend(counts)
        order_ptr.append(len(order))
        pairs = array("i", chain.from_iterable(_most_first(counts.items())))
        top.extend(pairs[0 : 2 * CO_ACTOR_WINDOW : 2])
        top_ptr.append(len(top))
        actor_counts.append(NamedCounts(ids, pairs))
    return actor_counts, _ArticleActors(order, order_ptr), _ActorLists(top, top_ptr, contexts, mention_total)


def _most_first(items: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(number, count) pairs by count down, then number up: two sorts done in C (the
    second is stable, so equal counts stay in number order) instead of a Python key."""
    return sorted(sorted(items), key=itemgetter(1), reverse=True)


def _related(in_articles: _ArticleActors, actors: int, n: int) -> list[Ints]:
    """Articles sharing the most (and the rarest) actors, best first.

    Articles ``i`` and ``j`` score Σ (1 + 1/|posting|) over the actors they share, among
    actors in 2 to ``limit`` articles, summed in the order ``i`` first mentions them; the
    best ``RELATED_COUNT`` win, ties to the lower index. With numpy: a chunk of articles
    at a time, every (article, actor) is expanded into the actor's posting (vectorised),
    then each article's candidates are scored in one reused dense array (``_best``).
    Memory: the postings (4 bytes per (article, actor)), two arrays of ``n`` and a chunk.
    """
    if n == 0:
        return []
    import numpy as np  # only here: a plain `sitegen` command need not load numpy

    order, ptr = in_articles.order, in_articles.ptr
    entry_actor = np.frombuffer(order, dtype=np.int32) if len(order) else np.zeros(0, np.int32)
    entry_article = np.repeat(np.arange(n, dtype=np.int32), np.diff(np.frombuffer(ptr, dtype=np.int64)).astype(np.int64))
    posting_len = np.bincount(entry_actor, minlength=actors)  # an actor counts once per article
    limit = min(max(20, int(n * GENERIC_SHARE)), RELATED_MAX_POSTING)
    usable = (posting_len >= 2) & (posting_len <= limit)
    weight = np.zeros(actors)
    weight[usable] = 1.0 + 1.0 / posting_len[usable]  # the same doubles as Python's 1.0 + 1.0 / len
    keep = usable[entry_actor]
    entry_actor, entry_article = entry_actor[keep], entry_article[keep]
    del keep
    posts = entry_article[np.argsort(entry_actor, kind="stable")]  # each posting in article order
    post_start = np.zeros(actors + 1, dtype=np.int64)
    np.cumsum(np.bincount(entry_actor, minlength=actors), out=post_start[1:])
    # (article, candidate) pairs before each article, to cut chunks at article boundaries
    first_entry = np.searchsorted(entry_article, np.arange(n + 1))
    before_article = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(entry_article, weights=posting_len[entry_actor], minlength=n).astype(np.int64),
              out=before_article[1:])
    most = int(np.diff(before_article).max())
    scratch = (np.zeros(n), np.full(n, most, dtype=np.int64), np.arange(most, dtype=np.int64))
    related: list[Ints] = []
    lo = 0
    while lo < n:
        hi = int(np.searchsorted(before_article, before_article[lo] + RELATED_CHUNK, side="right")) - 1
        hi = min(max(hi, lo + 1), n)
        e0, e1 = first_entry[lo], first_entry[hi]
        candidates, weights, bounds = _expand(
            np, entry_actor[e0:e1], entry_article[e0:e1], posts, post_start, posting_len, weight, lo, hi
        )
        related += [_best(np, candidates[s:e], weights[s:e], *scratch) for s, e in pairwise(bounds)]
        lo = hi
    return related


def _expand(
    np: Any, entry_actor: Any, entry_article: Any, posts: Any, post_start: Any, posting_len: Any,
    weight: Any, lo: int, hi: int,
) -> tuple[Any, Any, list[int]]:
    """Articles ``lo`` to ``hi``'s (candidate, weight) pairs in loop order: per article,
    per actor in first-mention order, the actor's posting from start to end; the article
    itself left out. Also where each article's pairs start (and the last one ends)."""
    lengths = posting_len[entry_actor]
    total = int(lengths.sum())
    shift = np.repeat(post_start[entry_actor] - (np.cumsum(lengths) - lengths), lengths)
    candidates = posts[shift + np.arange(total)]
    del shift
    article = np.repeat(entry_article, lengths)
    other = candidates != article
    weights = np.repeat(weight[entry_actor], lengths)[other]
    bounds = np.zeros(hi - lo + 1, dtype=np.int64)
    np.cumsum(np.bincount(article[other] - lo, minlength=hi - lo), out=bounds[1:])
    return candidates[other], weights, bounds.tolist()


def _best(np: Any, candidates: Any, weights: Any, score: Any, first: Any, index: Any) -> Ints:
    """The ``RELATED_COUNT`` best of one article's candidates (with repeats, one per
    shared actor). ``score`` (zeros) and ``first`` (``len(index)``) have one cell per
    article and are left as they were found, so one pair serves every article."""
    k = len(candidates)
    if k == 0:
        return EMPTY_INTS
    np.add.at(score, candidates, weights)  # one addition at a time, in order: the loop's float sums
    total = score[candidates]
    score[candidates] = 0.0
    order = index[:k]
    np.minimum.at(first, candidates, order)
    once = first[candidates] == order  # each candidate's first pair
    first[candidates] = len(index)
    candidates, total = candidates[once], total[once]
    if len(total) > RELATED_COUNT:
        fifth = np.partition(total, len(total) - RELATED_COUNT)[len(total) - RELATED_COUNT]
        near = total >= fifth  # the top ones and whatever ties with the last of them
        candidates, total = candidates[near], total[near]
    best = np.lexsort((candidates, -total))[:RELATED_COUNT]  # score down, then index up
    return Ints(candidates[best].astype(np.int32).tobytes())


def _actor_entries(
    articles: Sequence[SourceArticle], lists: _ActorLists, ids: tuple[str, ...], actors: dict[str, Actor]
) -> dict[str, ActorEntry]:
    """One entry per known actor, built actor by actor (numbers in id order), so only one
    actor's co-actor and month counts exist at a time. Each actor's context array is
    released once packed, so the contexts are never held twice."""
    months, month_of = _months(articles)
    top, top_ptr, contexts = lists.top, lists.top_ptr, lists.contexts
    top_articles = _top_postings(top, top_ptr, len(ids))
    entries: dict[str, ActorEntry] = {}
    for a, actor_id in enumerate(ids):
        flat, contexts[a] = contexts[a], None
        actor = actors.get(actor_id)
        if actor is None or flat is None:
            continue
        posting = flat[0::3]
        # one Counter per actor, counted in C over its articles' top actors
        co = Counter(chain.from_iterable(top[top_ptr[i] : top_ptr[i + 1]] for i in top_articles[a]))
        co.pop(a, None)
        per_month = Counter(map(month_of.__getitem__, posting))
        entries[actor_id] = ActorEntry(
            actor=actor,
            articles=Ints(posting),
            mention_count=lists.mention_total[a],
            co_actors=NamedCounts(ids, _top_counts(co, CO_ACTOR_COUNT)),
            timeline=NamedCounts(months, chain.from_iterable(sorted(per_month.items()))),
            contexts=Triples(flat),
        )
    return entries


def _top_counts(counts: Counter[int], k: int) -> array:
    """The ``k`` highest counts, ties to the lower number, flat as (number, count) pairs.

    Only the items that can make it are sorted by (count, number): a popular actor has
    thousands of co-actors, and the k-th count is found with a sort of plain ints.
    """
    items: Iterable[tuple[int, int]] = counts.items()
    if len(counts) > k:
        floor = sorted(counts.values(), reverse=True)[k - 1]
        items = [kv for kv in items if kv[1] >= floor]
    return array("i", chain.from_iterable(_most_first(items)[:k]))


def _top_postings(top: array, top_ptr: array, actors: int) -> list[array]:
    """For each actor, the articles where it is among the ``CO_ACTOR_WINDOW`` most
    mentioned, in article order (an inverted ``top``)."""
    postings = [array("i") for _ in range(actors)]
    for i in range(len(top_ptr) - 1):
        for a in top[top_ptr[i] : top_ptr[i + 1]]:
            postings[a].append(i)
    return postings


def _months(articles: Sequence[SourceArticle]) -> tuple[tuple[str, ...], array]:
    """The distinct "YYYY-MM" of the articles, sorted (so month numbers sort
    chronologically), and each article's month number."""
    keys = [f"{a.date.year:04d}-{a.date.month:02d}" for a in articles]
    months = tuple(sorted(set(keys)))
    number = {m: k for k, m in enumerate(months)}
    return months, array("i", map(number.__getitem__, keys))


def sentence_around(
    sentences: Sequence[tuple[int, int]], start: int, end: int, length: int
) -> tuple[int, int]:
    for s, e in sentences:
        if s <= start and end <= e:
            return s, e
    return max(0, start - 80), min(length, end + 80)


def _country_entries(linked: list[LinkedArticle]) -> dict[str, CountryEntry]:
    articles_of: dict[str, array] = {}
    primary_of: dict[str, array] = {}
    for i, entry in enumerate(linked):
        for code in entry.countries:
            articles_of.setdefault(code, array("i")).append(i)
        if entry.primary_country:
            primary_of.setdefault(entry.primary_country, array("i")).append(i)
    return {
        code: CountryEntry(code, Ints(articles_of[code]), Indices(primary_of.get(code, ())))
        for code in sorted(articles_of)
    }


def _archive(
    articles: Sequence[SourceArticle],
) -> tuple[tuple[int, tuple[tuple[int, Ints], ...]], ...]:
    years: dict[int, dict[int, array]] = {}
    for i, article in enumerate(articles):
        years.setdefault(article.date.year, {}).setdefault(article.date.month, array("i")).append(i)
    return tuple(
        (year, tuple((month, Ints(years[year][month])) for month in sorted(years[year], reverse=True)))
        for year in sorted(years, reverse=True)
    )
