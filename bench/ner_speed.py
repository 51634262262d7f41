#!/usr/bin/env python3
"""Words per second and load time of the NER annotator on one core.

    python bench/ner_speed.py                 # embedded pipeline, corpus + seed text
    python bench/ner_speed.py --model PATH --words 200000

Text: the training corpus (marks stripped) and shared seeds, repeated until ``--words``
are reached; each text is one article, annotated with ``Annotator.annotate`` (nlp.pipe,
one process: the build shards articles over processes itself).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def texts(limit: int) -> list[str]:
    from sitegen.nlp.inline import parse_inline

    base = [
        parse_inline(p.read_text(encoding="utf-8")).text
        for p in sorted((ROOT / "training" / "corpus").glob("*.txt"))
    ]
    base += [
        p.read_text(encoding="utf-8") for p in sorted(Path("/work/shared/seeds").glob("*.txt"))
    ]
    out: list[str] = []
    words = 0
    while words < limit and base:
        for t in base:
            out.append(t)
            words += len(t.split())
            if words >= limit:
                break
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="embedded")
    ap.add_argument("--words", type=int, default=150_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    started, cpu_started = time.perf_counter(), time.process_time()
    from sitegen.nlp import load_annotator

    annotator = load_annotator(args.model)
    load_s = time.perf_counter() - started
    load_cpu = time.process_time() - cpu_started
    batch = texts(args.words)
    n_words = sum(len(t.split()) for t in batch)
    annotator.annotate(batch[:20])  # warm-up
    rates, cpu_rates = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        annotator.annotate(batch)
        rates.append(n_words / (time.perf_counter() - t0))
        cpu_rates.append(n_words / (time.process_time() - c0))
    # Wall time suffers when other jobs share the cores; CPU time shows what one idle core does.
    print(f"load (import + build): {load_s:.2f} s wall, {load_cpu:.2f} s CPU")
    print(
        f"{n_words} words in {len(batch)} texts; median {statistics.median(rates):,.0f} words/s wall, "
        f"{statistics.median(cpu_rates):,.0f} words/CPU-s (runs: {', '.join(f'{r:,.0f}' for r in rates)})"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
