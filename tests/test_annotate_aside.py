"""The annotate stage's fork for a few new articles (``annotate_articles(aside=True)``):
the same annotations, statistics and cache entries as annotating in this process, with
the pipeline loaded only in the child."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.annotate import annotate_articles
from sitegen.cache import AnnotationCache
from sitegen.forked import can_fork
from sitegen.model import Annotation, ArticleDate, Mention, SourceArticle

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")


class _Capitals:
    """Marks every capitalised word as PER; notes in ``log`` which process loaded it."""

    fingerprint = "capitals-1"

    def annotate(self, texts):
        out = []
        for text in texts:
            mentions, start = [], 0
            for word in text.split(" "):
                if word[:1].isupper():
                    mentions.append(Mention(start, start + len(word), "PER", word))
                start += len(word) + 1
            out.append(Annotation(tuple(mentions), ((0, len(text)),)))
        return out


class _Factory:
    def __init__(self, log: Path) -> None:
        self.log = log

    def __call__(self) -> _Capitals:
        with self.log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return _Capitals()


def _article(i: int, text: str) -> SourceArticle:
    return SourceArticle(f"a{i}.txt", "seed", f"a{i}", f"A{i}", ArticleDate(2020, 1), "nl", text, f"h{text}")


def _run(tmp_path: Path, name: str, articles, aside: bool):
    log = tmp_path / f"{name}.log"
    cache = AnnotationCache(tmp_path / "cache.sqlite")
    try:
        result = annotate_articles(articles, _Factory(log), "capitals-1", cache, workers=2, aside=aside)
    finally:
        cache.close()
    loaders = log.read_text().split() if log.exists() else []
    return result, loaders


def test_new_articles_are_annotated_in_a_child_while_cached_ones_decode(tmp_path: Path) -> None:
    old = [_article(i, f"Jan zag Piet {i} in Gent") for i in range(30)]
    _run(tmp_path, "prime", old, aside=False)

    edited = old[:]
    edited[7] = _article(7, "Anna belde Kees uit Utrecht")
    edited.append(_article(30, "Jan zag Piet 7 in Gent"))  # same text as another article: one entry
    edited.append(_article(31, "Nieuw stuk over Lotte"))
    (aside, stats), loaders = _run(tmp_path, "aside", edited, aside=True)

    assert loaders and str(os.getpid()) not in loaders  # loaded in the child only
    assert stats.annotated == 2 and stats.from_cache == 30 and stats.total == 32
    expected = _Capitals().annotate([a.text for a in edited])
    assert aside == expected

    (again, stats_again), loaders_again = _run(tmp_path, "again", edited, aside=True)
    assert again == expected and stats_again.annotated == 0 and loaders_again == []  # the child's results were cached


def test_a_failing_child_leaves_the_work_and_the_error_to_this_process(tmp_path: Path) -> None:
    class Broken(_Factory):
        def __call__(self):
            if os.getpid() != parent:
                raise RuntimeError("no pipeline in the child")
            return super().__call__()

    parent = os.getpid()
    articles = [_article(i, f"Mark sprak {i}") for i in range(3)]
    cache = AnnotationCache(None)
    annotations, stats = annotate_articles(articles, Broken(tmp_path / "log"), "capitals-1", cache, aside=True)
    assert annotations == _Capitals().annotate([a.text for a in articles]) and stats.annotated == 3
    assert (tmp_path / "log").read_text().split() == [str(parent)]


def test_many_new_articles_are_annotated_by_spawned_workers(tmp_path: Path) -> None:
    articles = [_article(i, f"Jan zag Piet {i} in Gent en Anna {i % 7}") for i in range(260)]
    (annotations, stats), loaders = _run(tmp_path, "pool", articles, aside=False)
    assert stats.workers == 2 and stats.annotated == 260
    assert annotations == _Capitals().annotate([a.text for a in articles])
    assert len(set(loaders)) == 2 and str(os.getpid()) not in loaders  # one pipeline per worker


_PARENT_ONLY: list[str] = []  # filled in the test's process; a spawned worker imports this module afresh


class _Inheritance(_Factory):
    def __call__(self) -> _Capitals:
        with self.log.open("a") as f:
            f.write(f"{len(_PARENT_ONLY)}\n")
        return _Capitals()


def test_workers_start_without_a_copy_of_this_process(tmp_path: Path) -> None:
    _PARENT_ONLY.append("every parsed article of the site")  # what a forked worker would carry along
    try:
        articles = [_article(i, f"Mark {i} sprak") for i in range(210)]
        cache = AnnotationCache(None)
        annotate_articles(articles, _Inheritance(tmp_path / "seen"), "capitals-1", cache, workers=2)
    finally:
        _PARENT_ONLY.clear()
    assert (tmp_path / "seen").read_text().split() == ["0", "0"]


def test_annotations_prefetched_while_loading_are_the_cached_ones(tmp_path: Path) -> None:
    from sitegen.annotate import Prefetch

    articles = [_article(i, f"Lotte {i} en Kees") for i in range(12)]
    _run(tmp_path, "prime", articles[:10], aside=False)  # the first ten are cached
    cache = AnnotationCache(tmp_path / "cache.sqlite")
    try:
        prefetch = Prefetch(cache, "capitals-1")
        prefetch(articles[:6])
        prefetch(articles[6:])
        assert len(prefetch.found) == 10
        log = tmp_path / "after.log"
        annotations, stats = annotate_articles(articles, _Factory(log), "capitals-1", cache, memo=prefetch.found)
    finally:
        cache.close()
    assert annotations == _Capitals().annotate([a.text for a in articles])
    assert (stats.from_cache, stats.annotated) == (10, 2)


class _Slow(_Factory):
    """Notes when the pipeline finished loading, after a pause that stands for spaCy's."""

    def __call__(self) -> _Capitals:
        import time

        time.sleep(0.5)
        with self.log.open("a") as f:
            f.write(f"{os.getpid()} {time.monotonic()}\n")
        return _Capitals()


def test_a_standby_child_loads_the_pipeline_before_it_knows_the_texts(tmp_path: Path) -> None:
    import time

    from sitegen.annotate import Standby

    old = [_article(i, f"Jan zag Piet {i} in Gent") for i in range(20)]
    _run(tmp_path, "prime", old, aside=False)
    edited = old[:]
    edited[3] = _article(3, "Anna belde Kees uit Utrecht")
    log = tmp_path / "standby.log"
    factory = _Slow(log)
    standby = Standby(factory)  # the build starts it before loading the site
    time.sleep(0.8)  # the load stage
    asked = time.monotonic()
    cache = AnnotationCache(tmp_path / "cache.sqlite")
    try:
        annotations, stats = annotate_articles(edited, factory, "capitals-1", cache, aside=True, standby=standby)
    finally:
        standby.cancel()
        cache.close()
    (pid, loaded), = [line.split() for line in log.read_text().splitlines()]
    assert pid != str(os.getpid()) and float(loaded) < asked  # loaded in the child, while "the site loaded"
    assert stats.annotated == 1 and stats.from_cache == 19
    assert annotations == _Capitals().annotate([a.text for a in edited])


def test_a_standby_child_with_nothing_to_do_is_stopped(tmp_path: Path) -> None:
    from sitegen.annotate import Standby

    articles = [_article(i, f"Jan zag Piet {i} in Gent") for i in range(5)]
    _run(tmp_path, "prime", articles, aside=False)
    standby = Standby(_Slow(tmp_path / "never.log"))
    child = standby.child
    cache = AnnotationCache(tmp_path / "cache.sqlite")
    try:
        _, stats = annotate_articles(articles, _Factory(tmp_path / "x.log"), "capitals-1", cache,
                                     aside=True, standby=standby)
    finally:
        cache.close()
    assert stats.annotated == 0 and standby.child is None
    assert not child._process.is_alive()  # stopped, not left loading a pipeline
