"""The compact containers of ``sitegen.link.indexes`` read like the tuples they replace,
and ``build_site`` gives what the plain-tuple, Counter-per-article version gave."""

from __future__ import annotations

import heapq
import pickle
import random
from collections import Counter, defaultdict

import pytest

from sitegen.forked import Forked, can_fork
from sitegen.link import indexes
from sitegen.link.actors import ResolvedMentions
from sitegen.link.indexes import Indices, Ints, NamedCounts, Triples, build_site
from sitegen.model import (
    Actor,
    ActorIndex,
    Annotation,
    ArticleDate,
    Mention,
    ResolvedMention,
    SourceArticle,
)
from sitegen.packed import Pairs

SLICES = [slice(None), slice(1, 3), slice(-2, None), slice(None, None, 2), slice(None, None, -1), slice(5, 1),
          slice(0, 100), slice(-100, 2)]


def _behaves_like(seq, expected: tuple) -> None:
    assert len(seq) == len(expected)
    assert list(seq) == list(expected)
    assert tuple(seq) == expected and seq == expected and expected == seq
    assert not (seq != expected)  # noqa: SIM202 - __ne__ is what is tested
    assert hash(seq) == hash(expected)
    assert repr(seq) == repr(expected)
    assert list(reversed(seq)) == list(reversed(expected))
    for k in range(-len(expected), len(expected)):
        assert seq[k] == expected[k]
    for bad in (len(expected), -len(expected) - 1):
        with pytest.raises(IndexError):
            seq[bad]
    for s in SLICES:
        assert seq[s] == expected[s]
        assert type(seq[s]) is type(seq)
    for item in expected:
        assert item in seq
    assert pickle.loads(pickle.dumps(seq)) == expected
    assert seq != list(expected)  # a tuple is not equal to a list either


def test_ints_reads_like_a_tuple():
    _behaves_like(Ints([7, 3, 9, 3, 120000]), (7, 3, 9, 3, 120000))
    _behaves_like(Ints(), ())
    assert 4 not in Ints([1, 2]) and "x" not in Ints([1])
    assert Ints([1, 2])[:0] == () and Ints([1, 2]) != (1, 2, 3)


def test_named_counts_read_like_a_tuple_of_pairs():
    names = ("a", "b", "c", "d")
    pairs = NamedCounts(names, [2, 5, 0, 3, 3, 3, 1, 1])
    _behaves_like(pairs, (("c", 5), ("a", 3), ("d", 3), ("b", 1)))
    assert ("a", 3) in pairs and ("a", 4) not in pairs
    assert dict(pairs) == {"c": 5, "a": 3, "d": 3, "b": 1}
    _behaves_like(NamedCounts.of([("x", 1), ("y", 2), ("x", 3)]), (("x", 1), ("y", 2), ("x", 3)))
    _behaves_like(NamedCounts(names, []), ())
    with pytest.raises(ValueError):
        NamedCounts(names, [1])


def test_named_counts_pickle_without_the_shared_table():
    names = tuple(f"actor-{k:06d}" for k in range(5000))
    pairs = NamedCounts(names, [4999, 2, 17, 1])
    data = pickle.dumps(pairs)
    assert len(data) < 300
    assert pickle.loads(data) == (("actor-004999", 2), ("actor-000017", 1))


def test_triples_read_like_a_tuple_of_triples():
    _behaves_like(Triples([0, 10, 20, 4, 0, 7, 9, 1, 2]), ((0, 10, 20), (4, 0, 7), (9, 1, 2)))
    _behaves_like(Triples(), ())
    for a, b, c in Triples([1, 2, 3]):
        assert (a, b, c) == (1, 2, 3)
    with pytest.raises(ValueError):
        Triples([1, 2])


def test_pairs_read_like_a_tuple_of_pairs():
    _behaves_like(Pairs([0, 10, 11, 40, 41, 70000]), ((0, 10), (11, 40), (41, 70000)))
    _behaves_like(Pairs(), ())
    assert Pairs.of(((0, 10), (11, 40))) == ((0, 10), (11, 40))
    packed = Pairs.of([(1, 2)])
    assert Pairs.of(packed) is packed  # already packed: kept, not copied
    with pytest.raises(ValueError):
        Pairs([1, 2, 3])


def test_indices_read_like_a_frozenset():
    seq = Indices([9, 1, 5, 1, 70000])
    expected = frozenset({1, 5, 9, 70000})
    assert seq == expected and expected == seq and seq == {1, 5, 9, 70000}
    assert hash(seq) == hash(expected) and repr(seq) == repr(expected)
    assert len(seq) == 4 and sorted(seq) == sorted(expected)
    for value in (0, 1, 5, 6, 9, 70000, 70001, -1, 5.0, "5", None):
        assert (value in seq) == (value in expected)
    assert seq != frozenset({1, 5}) and Indices() == frozenset() and len(Indices()) == 0
    assert pickle.loads(pickle.dumps(seq)) == expected


# --- build_site against the plain version it replaced ------------------------------------------


def _reference(articles, annotations, actor_index):
    """The indexes as the Counter-per-article version computed them (countries left out)."""
    n = len(articles)
    per = [Counter(rm.actor_id for rm in r if rm.actor_id) for r in actor_index.mentions]
    postings = defaultdict(list)
    for i, counts in enumerate(per):
        for a in counts:
            postings[a].append(i)
    limit = min(max(20, int(n * indexes.GENERIC_SHARE)), indexes.RELATED_MAX_POSTING)
    weights = {a: 1.0 + 1.0 / len(p) for a, p in postings.items() if 2 <= len(p) <= limit}
    related = []
    for i, counts in enumerate(per):
        scores = {}
        for a in counts:
            if a in weights:
                for j in postings[a]:
                    scores[j] = scores.get(j, 0) + weights[a]
        scores.pop(i, None)
        related.append(tuple(j for j, _ in heapq.nsmallest(indexes.RELATED_COUNT, scores.items(),
                                                             key=lambda kv: (-kv[1], kv[0]))))
    counts_of = [tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for c in per]
    co, timeline, contexts, mentions_of = (defaultdict(Counter), defaultdict(Counter), defaultdict(list), Counter())
    for i, (article, annotation) in enumerate(zip(articles, annotations)):
        month = f"{article.date.year:04d}-{article.date.month:02d}"
        for a, k in per[i].items():
            timeline[a][month] += 1
            mentions_of[a] += k
        top = [a for a, _ in counts_of[i][: indexes.CO_ACTOR_WINDOW]]
        for a in top:
            co[a].update(top)
        seen = set()
        for rm in actor_index.mentions[i]:
            if rm.actor_id and rm.actor_id not in seen:
                seen.add(rm.actor_id)
                contexts[rm.actor_id].append((i, *indexes.sentence_around(
                    annotation.sentences, rm.mention.start, rm.mention.end, len(article.text))))
    actors = {
        a: (tuple(postings[a]), mentions_of[a],
            tuple(sorted(((b, k) for b, k in co[a].items() if b != a), key=lambda kv: (-kv[1], kv[0]))[:10]),
            tuple(sorted(timeline[a].items())), tuple(contexts[a]))
        for a in sorted(postings) if a in actor_index.actors
    }
    return counts_of, related, actors


def _corpus(seed: int, n: int, cast: int, lazy: bool):
    """``n`` articles newest first, each naming a few of ``cast`` actors (popular ones more)."""
    rng = random.Random(seed)
    ids = [f"n:{rng.choice('abcxyz')}{k}" for k in range(cast)]  # not numbered in id order
    articles, annotations, resolved = [], [], []
    for i in range(n):
        text, mentions, ids_of, sentences = "", [], [], []
        for _ in range(rng.randint(0, 4)):  # sentences
            start = len(text)
            for _ in range(rng.randint(1, 5)):
                actor = ids[min(int(cast * rng.random() ** 2.5), cast - 1)]
                word = f"Naam{actor[2:]}"
                mentions.append(Mention(len(text), len(text) + len(word), "PER", word))
                ids_of.append(actor if rng.random() > 0.1 else "")  # some suppressed
                text += word + " zei iets "
            sentences.append((start, len(text) - 1))
            text += ". "
        date = ArticleDate(2020 + (n - i) // 40, 1 + (n - i) // 4 % 12, 1)
        articles.append(SourceArticle(f"a{i}.txt", "seed", f"a{i}", f"Titel {i}", date, "nl", text, f"{i}",
                                      read_also=(f"titel {i + 1}",) if i % 7 == 0 else ()))
        annotations.append(Annotation(tuple(mentions), tuple(sentences)))
        if lazy:
            resolved.append(ResolvedMentions(tuple(mentions), tuple(ids_of)))
        else:
            resolved.append(tuple(ResolvedMention(m, a) for m, a in zip(mentions, ids_of)))
    known = {a: Actor(a, a.upper(), "PER") for a in ids if hash(a) % 5}  # some ids unknown
    known.update({a: Actor(a, a.upper(), "PER") for a in ids[:5]})
    return articles, annotations, ActorIndex(known, tuple(resolved))


def _no_countries(article, resolved):
    return (), ""


def _some_countries(article, resolved):
    codes = ("BE", "DE", "KZ", "NL")[: len(resolved) % 5]
    return codes, (codes[len(article.text) % len(codes)] if codes and len(resolved) % 3 else "")


@pytest.mark.parametrize("forked", [False, True])  # related articles found in a forked child
@pytest.mark.parametrize("chunk", [97, indexes.RELATED_CHUNK])  # many chunks, one chunk
@pytest.mark.parametrize("seed,n,cast,lazy", [(1, 60, 25, True), (2, 300, 40, False), (3, 25, 4, True)])
def test_build_site_matches_the_plain_version(monkeypatch, chunk, seed, n, cast, lazy, forked):
    monkeypatch.setattr(indexes, "RELATED_CHUNK", chunk)
    monkeypatch.setattr(indexes, "PARALLEL_RELATED_MIN", 1 if forked else 10**9)
    answers = []
    result = Forked.result
    monkeypatch.setattr(Forked, "result", lambda self: answers.append(result(self)) or answers[-1])
    articles, annotations, actor_index = _corpus(seed, n, cast, lazy)
    site = build_site(articles, annotations, actor_index, _some_countries)
    assert len(answers) == (1 if forked and can_fork() else 0) and None not in answers
    counts_of, related, actors = _reference(articles, annotations, actor_index)
    countries = defaultdict(list)
    primary = defaultdict(set)
    for i, (article, resolved) in enumerate(zip(articles, actor_index.mentions)):
        codes, first = _some_countries(article, resolved)
        assert site.articles[i].countries == codes and site.articles[i].primary_country == first
        for code in codes:
            countries[code].append(i)
        if first:
            primary[first].add(i)
    assert list(site.countries) == sorted(countries)
    for code, entry in site.countries.items():
        assert (entry.code, entry.articles, entry.primary) == (code, tuple(countries[code]), frozenset(primary[code]))
    assert [e.actor_counts for e in site.articles] == counts_of
    assert [e.related for e in site.articles] == related
    assert any(related) and any(len(r) == indexes.RELATED_COUNT for r in related)
    assert list(site.actors) == list(actors)
    for a, (arts, mentions, co, timeline, contexts) in actors.items():
        entry = site.actors[a]
        assert (entry.articles, entry.mention_count, entry.co_actors, entry.timeline, entry.contexts) == (
            arts, mentions, co, timeline, contexts)
        assert type(entry.mention_count) is int
    assert [e.read_also for e in site.articles][:8] == [(("titel 1", 1),)] + [()] * 6 + [(("titel 8", 8),)]
    months = [(y, [(m, tuple(items)) for m, items in ms]) for y, ms in site.archive]
    assert sum(len(items) for _, ms in months for _, items in ms) == n
    assert all(list(items) == sorted(items) for _, ms in months for _, items in ms)


def test_related_ties_go_to_the_lower_index_and_rare_actors_weigh_more():
    # article 0 shares "rare" (2 articles) with 3 and "common" (4 articles) with 1, 2, 3
    names = [["rare", "common"], ["common"], ["common"], ["common", "rare"], []]
    mentions, resolved = [], []
    for ids in names:
        ms = tuple(Mention(k, k + 1, "PER", "x") for k in range(len(ids)))
        mentions.append(ms)
        resolved.append(ResolvedMentions(ms, tuple(ids)))
    articles = [SourceArticle(f"{i}", "seed", f"{i}", f"T{i}", ArticleDate(2022, 1, 1), "nl", "x" * 9, f"{i}")
                for i in range(len(names))]
    index = ActorIndex({a: Actor(a, a, "PER") for a in ("rare", "common")}, tuple(resolved))
    site = build_site(articles, [Annotation(m) for m in mentions], index, _no_countries)
    assert site.articles[0].related == (3, 1, 2)
    assert site.articles[1].related == (0, 2, 3)
    assert site.articles[4].related == ()
    assert site.articles[0].actor_counts == (("common", 1), ("rare", 1))
    assert site.actors["common"].co_actors == (("rare", 2),)
    assert site.actors["rare"].contexts == ((0, 0, 9), (3, 0, 9))  # no sentences: ±80 characters


def test_related_articles_are_kept_between_builds_only_while_every_article_names_the_same_actors():
    articles, annotations, actor_index = _corpus(4, 120, 30, True)
    memo: dict = {}
    first = build_site(articles, annotations, actor_index, _some_countries, memo=memo)
    again = build_site(articles, annotations, actor_index, _some_countries, memo=memo)
    assert again.articles[0].related is first.articles[0].related  # kept, not found again
    assert again == build_site(articles, annotations, actor_index, _some_countries)

    mentions = list(actor_index.mentions)  # article 5 now names another actor
    other = next(a for a in actor_index.actors if a not in mentions[5].actor_ids)
    mentions[5] = ResolvedMentions(mentions[5].plain_mentions, (other,) + mentions[5].actor_ids[1:])
    changed = ActorIndex(actor_index.actors, tuple(mentions))
    after = build_site(articles, annotations, changed, _some_countries, memo=memo)
    assert after == build_site(articles, annotations, changed, _some_countries)
    assert after.articles[0].related is not first.articles[0].related  # found again
