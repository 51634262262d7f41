"""Memory and time of the linking stage (``resolve_actors`` + ``build_site``) at scale.

    python bench/link_memory.py --n 100000
    python bench/link_memory.py --n 1000000 [--chars 900] [--json out.json] [--tracemalloc]

No NLP: articles and their mentions are generated together (a Zipf-popular cast of
persons, organisations and places; a person is named in full once, then by surname),
so the mentions are exactly what the annotate stage would hand over. What is measured
is what the build does after annotation, with the real gazetteer and country resolver.

Reported: RSS after the inputs exist (the articles and annotations a build holds
anyway), the peak RSS while each step runs (sampled every 10 ms; ``max_rss_mib`` is the
kernel's peak for the whole process, as a check), wall and CPU time;
``build_site_over_resolve_peak_mib`` is what ``build_site`` adds at its peak. RSS reuses
memory ``resolve_actors`` freed, so ``--tracemalloc`` also reports what ``build_site``
itself allocates (Python heap, retained and peak). Compare CPU seconds
between runs: on a shared machine the wall clock mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import threading
import time
import tracemalloc
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from sitegen.build import _countries_of
from sitegen.geo import load_gazetteer
from sitegen.knowledge import load_knowledge
from sitegen.link.actors import resolve_actors
from sitegen.link.indexes import build_site
from sitegen.model import AnnotatedArticle, Annotation, ArticleDate, Mention, SourceArticle

FIRST = ("Jan", "Pieter", "Sanne", "Femke", "Mark", "Lieke", "Bas", "Marloes", "Joost", "Esther", "Ruud",
         "Thijs", "Ingrid", "Wouter", "Eline", "Koen", "Anna", "Nurlan", "Aigerim", "Timur", "Olga", "Sergej",
         "Irina", "Pavel", "Ahmed", "Fatima", "Omar", "Layla", "Carlos", "María", "Luca", "Giulia", "Klaus",
         "Heike", "James", "Sarah", "Wei", "Mei", "Kwame", "Amara")
SYLLABLES = ("ba", "ker", "ov", "man", "sen", "dij", "kos", "ter", "van", "lin", "mer", "dro", "sja",
             "pel", "ros", "tan", "vel", "gor", "nik", "ham", "wit", "bur", "zan", "lek", "mo", "ra")
ORG_KINDS = ("Groep", "Holding", "Stichting", "Partij", "Bank", "Unie", "Raad", "Instituut")
VERBS = ("sprak", "overlegde", "debatteerde", "onderhandelde", "vergaderde")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")
FILLER = ("Volgens ingewijden duurde het overleg langer dan gepland en bleef een akkoord uit. ",
          "De gesprekken worden volgende week voortgezet, zo meldden betrokkenen. ",
          "Over de inhoud werd weinig bekendgemaakt. ")


def _surname(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
    return word.capitalize()


def _zipf(rng: random.Random, pool: list, power: float = 3.0):
    return pool[int(len(pool) * rng.random() ** power)]


def generate(n: int, chars: int, seed: int = 11) -> tuple[list[SourceArticle], list[Annotation]]:
    """``n`` articles (newest first) of about ``chars`` characters, with their annotations."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer("nl")
    codes = ("NL", "BE", "DE", "FR", "GB", "US", "RU", "UA", "CN", "TR", "KZ", "AM", "AZ", "IT", "ES", "PL")
    places = [(gazetteer.country_name(c), c) for c in codes]
    people = sorted({f"{rng.choice(FIRST)} {_surname(rng)}" for _ in range(max(2000, n // 4))})
    rng.shuffle(people)
    orgs = sorted({f"{_surname(rng)} {rng.choice(ORG_KINDS)}" for _ in range(max(300, n // 40))})
    rng.shuffle(orgs)
    items: list[tuple[SourceArticle, Annotation]] = []
    for i in range(n):
        parts: list[str] = []
        mentions: list[Mention] = []
        sentences: list[tuple[int, int]] = []
        pos = 0
        seen: set[str] = set()

        def put(piece: str, label: str = "", country: str = "") -> None:
            nonlocal pos
            if label:
                mentions.append(Mention(pos, pos + len(piece), label, piece, country))  # type: ignore[arg-type]
            parts.append(piece)
            pos += len(piece)

        cast = [_zipf(rng, people) for _ in range(4)]
        while pos < chars:
            start = pos
            a, b = rng.choice(cast), rng.choice(cast)
            for k, person in enumerate((a, b)):
                put(person if person not in seen else person.split(" ", 1)[1], "PER")
                seen.add(person)
                put(f" {rng.choice(VERBS)} {rng.choice(DAYS)} " if k == 0 else " van ")
            put(_zipf(rng, orgs), "ORG")
            put(" in ")
            name, code = _zipf(rng, places, 2.0)
            put(name, "LOC", code)
            put(". ")
            sentences.append((start, pos - 1))
            put(rng.choice(FILLER))
        text = "".join(parts)
        date = ArticleDate(2015 + i % 10, 1 + (i // 10) % 12, 1 + (i // 120) % 28)
        article = SourceArticle(
            path=f"seeds/gen-{i:07d}.txt", source_format="seed", slug=f"bericht-{i:07d}",
            title=f"Bericht {i}", date=date, lang="nl", text=text, content_hash=f"{i:016x}",
        )
        items.append((article, Annotation(tuple(mentions), tuple(sentences))))
    items.sort(key=lambda pair: (pair[0].date, pair[0].path), reverse=True)
    return [a for a, _ in items], [b for _, b in items]


LIMIT_BYTES = 0  # --max-rss-gib: stop the run (exit 3, partial result printed) above this
RESULT: dict[str, object] = {}


class Peak:
    """Peak RSS of this process while the block runs (sampled), wall and CPU time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            if LIMIT_BYTES and self.peak > LIMIT_BYTES:
                RESULT.update({"aborted_in": self.name, "aborted_rss_mib": mib(self.peak),
                               "aborted_after_s": round(time.perf_counter() - self.t0, 1)})
                print(json.dumps(RESULT, indent=1), flush=True)
                os._exit(3)
            self._stop.wait(0.01)

    def __enter__(self) -> Peak:
        self.peak = self.proc.memory_info().rss
        self.t0 = time.perf_counter()
        self.c0 = time.process_time()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def mib(n: int) -> float:
    return round(n / 2**20, 1)


def run(n: int, chars: int, trace: bool = False) -> dict[str, object]:
    proc = psutil.Process()
    gazetteer = load_gazetteer("nl")
    knowledge = load_knowledge(None)
    base = proc.memory_info().rss
    RESULT.update({"articles": n, "chars_per_article": chars, "rss_baseline_mib": mib(base)})
    with Peak("generate") as gen:
        articles, annotations = generate(n, chars)
    gc.collect()
    inputs = proc.memory_info().rss
    mentions = sum(len(a.mentions) for a in annotations)
    RESULT.update({"mentions": mentions, "rss_inputs_mib": mib(inputs), "generate_s": round(gen.seconds, 1)})
    with Peak("resolve_actors") as resolve:
        annotated = [AnnotatedArticle(a, ann) for a, ann in zip(articles, annotations)]
        index = resolve_actors(annotated, knowledge, gazetteer.country_name)
        del annotated
    after_resolve = proc.memory_info().rss
    RESULT.update({"resolve_actors_s": round(resolve.seconds, 1), "resolve_actors_cpu_s": round(resolve.cpu, 1),
                   "resolve_actors_peak_mib": mib(resolve.peak)})
    if trace:
        tracemalloc.start()
    with Peak("build_site") as link:
        site = build_site(articles, annotations, index, partial(_countries_of, gazetteer=gazetteer))
    after_site = proc.memory_info().rss
    traced: dict[str, object] = {}
    if trace:  # Python's own allocations: RSS reuses what resolve_actors freed, this does not
        retained, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        traced = {"build_site_traced_retained_mib": mib(retained), "build_site_traced_peak_mib": mib(peak),
                  "build_site_traced_peak_bytes_per_article": round(peak / n)}
    return {
        "articles": n, "chars_per_article": chars, "mentions": mentions, "actors": len(site.actors),
        "rss_baseline_mib": mib(base), "rss_inputs_mib": mib(inputs), "generate_s": round(gen.seconds, 1),
        "resolve_actors_s": round(resolve.seconds, 1), "resolve_actors_cpu_s": round(resolve.cpu, 1),
        "resolve_actors_peak_mib": mib(resolve.peak), "rss_after_resolve_mib": mib(after_resolve),
        "build_site_s": round(link.seconds, 1), "build_site_cpu_s": round(link.cpu, 1),
        "build_site_peak_mib": mib(link.peak),
        "rss_after_build_site_mib": mib(after_site),
        "max_rss_mib": mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024),  # kernel's own peak
        "link_peak_over_inputs_mib": mib(max(resolve.peak, link.peak) - inputs),
        "bytes_per_article_link": round((max(resolve.peak, link.peak) - inputs) / n),
        "build_site_over_resolve_peak_mib": mib(link.peak - after_resolve),
        **traced,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=900, help="characters of text per article")
    parser.add_argument("--json", type=Path, default=None, help="also write the result here")
    parser.add_argument("--max-rss-gib", type=float, default=0,
                        help="stop (exit 3, partial result) when RSS passes this; 0 = no limit")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace build_site's Python allocations (retained and peak; ~2x slower)")
    args = parser.parse_args(argv)
    global LIMIT_BYTES
    LIMIT_BYTES = int(args.max_rss_gib * 2**30)
    result = run(args.n, args.chars, args.tracemalloc)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
