"""The annotate stage: NLP over every article, served from the cache where possible.

Only articles whose (content hash, pipeline fingerprint) is not cached are annotated.
Large batches are sharded over worker processes that each load the pipeline once and
return plain data; spaCy's own ``n_process`` is slower here because the parent rebuilds
every ``Doc`` (see NER-NOTES.md).

A few new articles in a big site (an edit) are annotated in a forked child while this
process decodes the cached annotations of all the others: loading the pipeline takes
about as long as decoding 10,000 cache entries, and on two cores they overlap.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from .cache import AnnotationCache, cache_key, decode, encode
from .forked import Forked, can_fork
from .model import Annotation, SourceArticle
from .survivors import paused

PARALLEL_THRESHOLD = 200  # below this, starting workers costs more than it saves
SHARD_SIZE = 64


class Annotator(Protocol):
    fingerprint: str

    def annotate(self, texts: Sequence[str]) -> list[Annotation]: ...


AnnotatorFactory = Callable[[], Annotator]
Progress = Callable[[int, int], None]
Runner = Callable[[list[str], AnnotatorFactory, int, Callable[[int], None]], list[Annotation]]  # like _run


@dataclass(frozen=True, slots=True)
class AnnotateStats:
    total: int
    from_cache: int
    annotated: int
    workers: int


def annotation_key(article: SourceArticle, fingerprint: str) -> str:
    """The cache key of an article's annotation: a digest of what the pipeline reads, its
    plain text, not of its file, so an edit of the title, date or topics re-annotates
    nothing (hashing the text of 10,000 articles takes 0.07 s, measured)."""
    return cache_key(hashlib.blake2b(article.text.encode("utf-8"), digest_size=16).hexdigest(), fingerprint)


def annotate_articles(
    articles: Sequence[SourceArticle],
    factory: AnnotatorFactory,
    fingerprint: str,
    cache: AnnotationCache,
    workers: int = 0,
    progress: Progress | None = None,
    runner: Runner | None = None,
    memo: dict[str, Annotation] | None = None,
    aside: bool = False,
    standby: Standby | None = None,
) -> tuple[list[Annotation], AnnotateStats]:
    """Annotations in the order of ``articles``; new ones are written back to the cache.

    ``memo``: annotations this process already holds, by cache key (the live server keeps
    them between rebuilds instead of decoding every cached entry again); updated in place
    to hold exactly this build's.
    ``aside``: when only a few articles are new, annotate them in a forked child (which
    loads the pipeline there) while this process decodes the cached ones; for a factory
    whose loading is costly and whose pipeline this process need not keep (``sitegen
    build``). The result is the same either way. ``standby``: a child that has been
    loading the pipeline since the build started (``Standby``); it annotates those few
    articles instead of a new child, or is stopped if there are none.
    """
    keys = [annotation_key(a, fingerprint) for a in articles]
    held = memo if memo is not None else {}
    results: list[Annotation | None] = [held.get(key) for key in keys]
    wanted: dict[str, list[int]] = {}  # cache key → the articles with that text
    for i, key in enumerate(keys):
        if results[i] is None:
            wanted.setdefault(key, []).append(i)
    early = _annotate_aside(articles, wanted, cache, factory, standby) if aside and runner is None else None
    if standby is not None and early is not standby.child:
        standby.cancel()  # nothing (or too much) for it to annotate
    try:
        with paused():  # hundreds of thousands of mentions, no cycles (survivors.py)
            for key, payload in cache.iter_many(wanted):  # decoded as read: the payloads are never all held
                for i in wanted[key]:
                    try:
                        results[i] = decode(payload, articles[i].text)
                    except (ValueError, KeyError, TypeError):
                        pass  # a stale or corrupted entry is never trusted: annotate again
        from_child = (early.result() or {}) if early is not None else {}  # {}: the child failed, do it here
        early = None
    finally:
        if early is not None:  # decoding raised: stop the child
            early.cancel()
    for key, annotation in from_child.items():
        for i in wanted[key]:
            results[i] = annotation
    aside_done = [i for key in from_child for i in wanted[key]]
    todo = [i for i, r in enumerate(results) if r is None]
    done = len(articles) - len(todo)
    if progress:
        progress(done, len(articles))
    texts = [articles[i].text for i in todo]
    n_workers = _worker_count(workers, len(texts))
    run = runner or _run  # runner: e.g. sitegen.distributed (a Dask cluster) instead of local processes
    fresh = run(texts, factory, n_workers, lambda n: progress(done + n, len(articles)) if progress else None)
    for i, annotation in zip(todo, fresh):
        results[i] = annotation
    new = sorted({keys[i]: i for i in todo + aside_done}.items())
    cache.put_many((key, encode(results[i])) for key, i in new)  # type: ignore[arg-type]
    if memo is not None:
        memo.clear()
        memo.update(zip(keys, results))  # type: ignore[arg-type]
    stats = AnnotateStats(len(articles), done - len(aside_done), len(todo) + len(aside_done),
                          n_workers if todo else (1 if aside_done else 0))
    return [r for r in results if r is not None], stats


Pipelines = Callable[[str], tuple[AnnotatorFactory, str]]  # article language → (factory, fingerprint)


def annotate_by_language(
    articles: Sequence[SourceArticle],
    main: tuple[AnnotatorFactory, str],
    pipelines: Pipelines,
    cache: AnnotationCache,
    workers: int = 0,
    progress: Progress | None = None,
    runner: Callable[[str], Runner | None] = lambda fingerprint: None,
    memo: dict[str, Annotation] | None = None,
    aside: bool = False,
    standby: Standby | None = None,
) -> tuple[list[Annotation], AnnotateStats]:
    """``annotate_articles`` with each article annotated by the pipeline for its own
    language (``pipelines(article.lang)``), so a French article on a Dutch site is not
    read as Dutch. ``main``: the site language's pipeline, the only one the ``standby``
    child loads; ``runner(fingerprint)``: the runner for a pipeline (a Dask cluster's).

    A site in one language, the common case, is one call of ``annotate_articles``."""
    groups: dict[str, tuple[AnnotatorFactory, list[int]]] = {}
    for i, article in enumerate(articles):
        factory, fingerprint = pipelines(article.lang)
        groups.setdefault(fingerprint, (factory, []))[1].append(i)
    if set(groups) <= {main[1]}:
        return annotate_articles(articles, main[0], main[1], cache, workers, progress, runner(main[1]), memo,
                                 aside, standby)
    if standby is not None and main[1] not in groups:
        standby.cancel()  # no article in the site's language: nothing for it to annotate
    results: list[Annotation | None] = [None] * len(articles)
    kept: dict[str, Annotation] = {}
    from_cache = annotated = n_workers = offset = 0
    for fingerprint, (factory, indices) in sorted(groups.items(), key=lambda g: g[0] != main[1]):  # main first
        def report(done: int, total: int, offset: int = offset) -> None:
            if progress:
                progress(offset + done, len(articles))
        group_memo = dict(memo) if memo is not None else None  # each call keeps only its own in it
        annotations, stats = annotate_articles(
            [articles[i] for i in indices], factory, fingerprint, cache, workers, report, runner(fingerprint),
            group_memo, aside, standby if fingerprint == main[1] else None)
        for i, annotation in zip(indices, annotations):
            results[i] = annotation
        kept.update(group_memo or {})
        from_cache, annotated = from_cache + stats.from_cache, annotated + stats.annotated
        n_workers, offset = max(n_workers, stats.workers), offset + len(indices)
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return [r for r in results if r is not None], AnnotateStats(len(articles), from_cache, annotated, n_workers)


class Prefetch:
    """Cached annotations decoded as articles become known, before the annotate stage runs.

    Given to ``load_articles`` as ``on_parsed``: while its worker processes parse a big
    site, this process (otherwise waiting for them) decodes the cache entries of the
    articles already parsed. ``found`` is then ``annotate_articles``'s ``memo``: the same
    annotations, decoded and checked the same way, only earlier.
    """

    def __init__(self, cache: AnnotationCache, fingerprint: str) -> None:
        self.cache, self.fingerprint = cache, fingerprint
        self.found: dict[str, Annotation] = {}

    def __call__(self, articles: Sequence[SourceArticle]) -> None:
        texts = {annotation_key(a, self.fingerprint): a.text for a in articles}
        with paused():
            for key, payload in self.cache.iter_many(texts):
                try:
                    self.found[key] = decode(payload, texts[key])
                except (ValueError, KeyError, TypeError):
                    pass  # not trusted: the annotate stage annotates the article again


def _annotate_aside(articles: Sequence[SourceArticle], wanted: dict[str, list[int]], cache: AnnotationCache,
                    factory: AnnotatorFactory, standby: Standby | None = None) -> Forked[dict[str, Annotation]] | None:
    """Annotate the texts the cache lacks in a forked child (``standby``'s, if given), if
    they are few; else None."""
    if not wanted or not can_fork():
        return None
    cached = cache.present(wanted)
    missing = [key for key in wanted if key not in cached]
    if not missing or len(missing) >= PARALLEL_THRESHOLD:
        return None
    texts = [articles[wanted[key][0]].text for key in missing]
    if standby is not None:
        return standby.annotate(missing, texts)
    return Forked(lambda: dict(zip(missing, _run(texts, factory, 1, _ignore))))


class Standby:
    """A forked child that loads the NLP pipeline as soon as a build starts, then annotates
    the texts it is sent.

    An edit's new text is known only after the load stage, and loading the pipeline
    (~1.4 s) takes longer than decoding the cached annotations of everything else (~1.0 s
    at 10,000 articles): a child started then is what the annotate stage waits for. This
    one starts with the build, so the pipeline loads during the load stage. When nothing
    turns out to be new it is stopped; until then it used a core the build was not using.
    """

    def __init__(self, factory: AnnotatorFactory) -> None:
        context = multiprocessing.get_context("fork")
        receive, self._send = context.Pipe(duplex=False)
        self.child: Forked[dict[str, Annotation]] | None = Forked(lambda: _stand_by(factory, receive))
        receive.close()  # the child's end

    def annotate(self, keys: list[str], texts: list[str]) -> Forked[dict[str, Annotation]] | None:
        """Send the texts; the child's ``result()`` maps each key to its annotation."""
        self._send.send((keys, texts))
        self._send.close()
        return self.child

    def cancel(self) -> None:
        """Stop the child (nothing to annotate, or the build failed)."""
        child, self.child = self.child, None
        self._send.close()
        if child is not None:
            child.cancel()


def _stand_by(factory: AnnotatorFactory, receive) -> dict[str, Annotation]:  # receive: a Connection
    """In the standby child: load the pipeline, then annotate what the build sends."""
    annotator = factory()  # the slow part, done while the building process loads the site
    keys, texts = receive.recv()
    return dict(zip(keys, _in_shards(annotator, texts, _ignore)))


def _ignore(_: int) -> None:
    """No progress from the child: the parent reports when its results arrive."""


def _worker_count(requested: int, jobs: int) -> int:
    if jobs < PARALLEL_THRESHOLD:
        return 1
    cores = requested or os.cpu_count() or 1
    return max(1, min(cores, jobs // SHARD_SIZE))


def _run(
    texts: list[str], factory: AnnotatorFactory, workers: int, progress: Callable[[int], None]
) -> list[Annotation]:
    if not texts:
        return []
    if workers <= 1:
        return _in_shards(factory(), texts, progress)
    shards = [texts[i : i + SHARD_SIZE] for i in range(0, len(texts), SHARD_SIZE)]
    out = []
    # spawned, not forked: a worker needs the pipeline and its shard's texts, not a copy of
    # this process (every parsed article of the site: 200+ MB at 10,000 articles)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(factory,)) as pool:
        for shard_result in pool.map(_annotate_shard, shards):
            out.extend(shard_result)
            progress(len(out))
    return out


def _in_shards(annotator: Annotator, texts: list[str], progress: Callable[[int], None]) -> list[Annotation]:
    """``texts`` annotated ``SHARD_SIZE`` at a time in this process, reporting progress."""
    out: list[Annotation] = []
    for start in range(0, len(texts), SHARD_SIZE):
        out.extend(annotator.annotate(texts[start : start + SHARD_SIZE]))
        progress(len(out))
    return out


_worker_annotator: Annotator | None = None  # one per worker process, set by the initializer


def _init_worker(factory: AnnotatorFactory) -> None:
    global _worker_annotator
    _worker_annotator = factory()


def _annotate_shard(texts: list[str]) -> list[Annotation]:
    assert _worker_annotator is not None
    return _worker_annotator.annotate(texts)
