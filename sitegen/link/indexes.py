"""Corpus-wide indexes built from resolved mentions: per-article actors and related
articles, per-actor statistics, countries and the date archive.

Pure and deterministic: the same articles give the same ``Site``, whatever order
dictionaries and sets happen to iterate in (everything that reaches a page is sorted).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

from ..model import Actor, ActorIndex, Annotation, ResolvedMention, SourceArticle

RELATED_COUNT = 5
CO_ACTOR_COUNT = 10
CO_ACTOR_WINDOW = 15  # only an article's most-mentioned actors count for co-occurrence
GENERIC_SHARE = 0.05  # actors in more articles than this share are too generic to relate articles
RELATED_MAX_POSTING = 500  # ...and so are actors in more than this many (the same limit up to 10,000
# articles); bounds _related's Σ|posting|² work, which at 100k+ articles took hours (bench/link_memory.py)

CountryResolver = Callable[[SourceArticle, Sequence[ResolvedMention]], tuple[tuple[str, ...], str]]


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    """An article with everything the linking stage learnt about it."""

    article: SourceArticle
    mentions: tuple[ResolvedMention, ...]
    sentences: tuple[tuple[int, int], ...]
    countries: tuple[str, ...]
    primary_country: str
    actor_counts: tuple[tuple[str, int], ...]  # (actor id, mentions), most mentioned first
    related: tuple[int, ...]  # indices into Site.articles, best first
    read_also: tuple[tuple[str, int], ...]  # (teaser title, index of that article or -1)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    actor: Actor
    articles: tuple[int, ...]  # newest first
    mention_count: int
    co_actors: tuple[tuple[str, int], ...]  # (actor id, shared articles), most first
    timeline: tuple[tuple[str, int], ...]  # ("YYYY-MM", articles), chronological
    contexts: tuple[tuple[int, int, int], ...]  # (article index, sentence start, end) per article


@dataclass(frozen=True, slots=True)
class CountryEntry:
    code: str
    articles: tuple[int, ...]  # newest first
    primary: frozenset[int]


@dataclass(frozen=True, slots=True)
class Site:
    articles: tuple[LinkedArticle, ...]  # newest first
    actors: dict[str, ActorEntry]
    countries: dict[str, CountryEntry]
    archive: tuple[
        tuple[int, tuple[tuple[int, tuple[int, ...]], ...]], ...
    ]  # year → month → articles


def build_site(
    articles: Sequence[SourceArticle],
    annotations: Sequence[Annotation],
    actor_index: ActorIndex,
    countries_of: CountryResolver,
) -> Site:
    """Assemble the site's indexes; ``articles`` must be sorted newest first."""
    n = len(articles)
    per_article_actors: list[Counter[str]] = [
        Counter(rm.actor_id for rm in resolved if rm.actor_id) for resolved in actor_index.mentions
    ]
    related = _related(per_article_actors, n)
    by_title = {_norm_title(a.title): i for i, a in reversed(list(enumerate(articles)))}
    linked: list[LinkedArticle] = []
    for i, (article, annotation) in enumerate(zip(articles, annotations)):
        resolved = actor_index.mentions[i]
        countries, primary = countries_of(article, resolved)
        counts = tuple(sorted(per_article_actors[i].items(), key=lambda kv: (-kv[1], kv[0])))
        linked.append(
            LinkedArticle(
                article=article,
                mentions=resolved,
                sentences=annotation.sentences,
                countries=countries,
                primary_country=primary,
                actor_counts=counts,
                related=related[i],
                read_also=tuple((t, by_title.get(_norm_title(t), -1)) for t in article.read_also),
            )
        )
    return Site(
        articles=tuple(linked),
        actors=_actor_entries(linked, actor_index, per_article_actors),
        countries=_country_entries(linked),
        archive=_archive(articles),
    )


def _norm_title(title: str) -> str:
    return " ".join(title.casefold().split()).strip("‘’'\"„“” .")


def _related(per_article: list[Counter[str]], n: int) -> list[tuple[int, ...]]:
    """Articles sharing the most (and the rarest) actors, via an inverted index."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, counts in enumerate(per_article):
        for actor_id in counts:
            postings[actor_id].append(i)
    limit = min(max(20, int(n * GENERIC_SHARE)), RELATED_MAX_POSTING)
    # 1 + 1/len per usable actor, computed once (the same float the loop used to compute per article)
    weights = {a: 1.0 + 1.0 / len(p) for a, p in postings.items() if 2 <= len(p) <= limit}
    result: list[tuple[int, ...]] = []
    for i, counts in enumerate(per_article):
        # a plain dict, filled in the same order as before, so every float sum is bit-identical;
        # the article itself is dropped afterwards instead of tested in the innermost loop
        scores: dict[int, float] = {}
        get = scores.get
        for actor_id in counts:
            w = weights.get(actor_id)
            if w is None:
                continue
            for j in postings[actor_id]:
                scores[j] = get(j, 0) + w
        scores.pop(i, None)
        best = heapq.nsmallest(RELATED_COUNT, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        result.append(tuple(j for j, _ in best))
    return result


def _actor_entries(
    linked: list[LinkedArticle], actor_index: ActorIndex, per_article: list[Counter[str]]
) -> dict[str, ActorEntry]:
    articles_of: dict[str, list[int]] = defaultdict(list)
    mentions_of: Counter[str] = Counter()
    co: dict[str, Counter[str]] = defaultdict(Counter)
    timeline: dict[str, Counter[str]] = defaultdict(Counter)
    contexts: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, entry in enumerate(linked):
        counts = per_article[i]
        month = f"{entry.article.date.year:04d}-{entry.article.date.month:02d}"
        for actor_id, count in counts.items():
            articles_of[actor_id].append(i)
            mentions_of[actor_id] += count
            timeline[actor_id][month] += 1
        top = [a for a, _ in entry.actor_counts[:CO_ACTOR_WINDOW]]
        for a in top:
            co[a].update(top)  # counted in C; each actor's count of itself is dropped below
        seen: set[str] = set()
        for rm in entry.mentions:
            if rm.actor_id and rm.actor_id not in seen:
                seen.add(rm.actor_id)
                start, end = _sentence_around(
                    entry.sentences, rm.mention.start, rm.mention.end, len(entry.article.text)
                )
                contexts[rm.actor_id].append((i, start, end))
    entries: dict[str, ActorEntry] = {}
    for actor_id in sorted(articles_of):
        actor = actor_index.actors.get(actor_id)
        if actor is None:
            continue
        entries[actor_id] = ActorEntry(
            actor=actor,
            articles=tuple(articles_of[actor_id]),
            mention_count=mentions_of[actor_id],
            co_actors=tuple(
                sorted(((b, k) for b, k in co[actor_id].items() if b != actor_id),
                       key=lambda kv: (-kv[1], kv[0]))[:CO_ACTOR_COUNT]
            ),
            timeline=tuple(sorted(timeline[actor_id].items())),
            contexts=tuple(contexts[actor_id]),
        )
    return entries


def _sentence_around(
    sentences: tuple[tuple[int, int], ...], start: int, end: int, length: int
) -> tuple[int, int]:
    for s, e in sentences:
        if s <= start and end <= e:
            return s, e
    return max(0, start - 80), min(length, end + 80)


def _country_entries(linked: list[LinkedArticle]) -> dict[str, CountryEntry]:
    articles_of: dict[str, list[int]] = defaultdict(list)
    primary_of: dict[str, set[int]] = defaultdict(set)
    for i, entry in enumerate(linked):
        for code in entry.countries:
            articles_of[code].append(i)
        if entry.primary_country:
            primary_of[entry.primary_country].add(i)
    return {
        code: CountryEntry(code, tuple(articles_of[code]), frozenset(primary_of[code]))
        for code in sorted(articles_of)
    }


def _archive(
    articles: Sequence[SourceArticle],
) -> tuple[tuple[int, tuple[tuple[int, tuple[int, ...]], ...]], ...]:
    years: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, article in enumerate(articles):
        years[article.date.year][article.date.month].append(i)
    return tuple(
        (
            year,
            tuple(
                (month, tuple(years[year][month])) for month in sorted(years[year], reverse=True)
            ),
        )
        for year in sorted(years, reverse=True)
    )
