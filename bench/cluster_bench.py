"""Annotate-stage throughput: local (1 process, local process pool) vs a 2-worker Dask LocalCluster.

    python bench/cluster_bench.py --n 2000                 # annotate only
    python bench/cluster_bench.py --n 2000 --link 100000,1000000 --max-rss-gib 12

Articles come from ``bench/generate.py`` (falls back to ``sitegen.distributed_sample``).
Each run annotates every article with the cache off, so the numbers are the NLP work
plus shipping texts and ``Annotation`` objects. The cluster is measured twice: ``cold``
(each worker loads the pipeline during the run) and ``warm`` (pipelines already loaded:
a long-lived cluster). Wall-clock *and* CPU seconds (parent + pool children or Dask
workers, so pipeline loading counts) are printed, because on a shared machine the wall
clock mostly measures the neighbours. ``--link`` runs ``bench/link_memory.py`` for those sizes, each in
a fresh process, and prints peak RSS of the linking stage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def make_site(n: int, out: Path) -> Path:
    script = HERE / "generate.py"
    if script.exists():
        subprocess.run([sys.executable, str(script), "--n", str(n), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        return out
    from sitegen.distributed_sample import generate_site

    return generate_site(out, n)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _worker_cpu() -> float:
    """CPU seconds of this (worker) process so far; run on each worker with client.run."""
    return time.process_time()


def timed(label: str, fn, client=None) -> dict[str, object]:
    """Wall time, and CPU seconds of everything that worked: parent + pool children or workers."""
    before = client.run(_worker_cpu) if client is not None else {}
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    stats = fn()
    wall = time.perf_counter() - t0
    parent = time.process_time() - c0
    after = client.run(_worker_cpu) if client is not None else {}
    others = sum(after[w] - before.get(w, 0.0) for w in after) if client is not None else _children_cpu() - k0
    return {"run": label, "articles": stats.annotated, "wall_s": round(wall, 2),
            "parent_cpu_s": round(parent, 2), "workers_cpu_s": round(others, 2),
            "cpu_ms_per_article": round(1000 * (parent + others) / max(1, stats.annotated), 1),
            "articles_per_s": round(stats.annotated / wall, 1) if wall else None,
            "load_avg_1m": round(os.getloadavg()[0], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to annotate")
    parser.add_argument("--site", type=Path, default=None, help="use this site instead of generating one")
    parser.add_argument("--workers", type=int, default=2, help="cluster workers (1 thread each)")
    parser.add_argument("--link", default="", help="comma-separated article counts for bench/link_memory.py")
    parser.add_argument("--max-rss-gib", type=float, default=12.0, help="passed to link_memory.py")
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args(argv)

    from distributed import LocalCluster

    from sitegen.annotate import annotate_articles
    from sitegen.build import default_annotator_factory
    from sitegen.cache import AnnotationCache
    from sitegen.config import load_config
    from sitegen.distributed import close_all, connect
    from sitegen.knowledge import load_knowledge
    from sitegen.load import load_articles

    tmp = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    site = args.site or make_site(args.n, tmp / "site")
    config = load_config(site)
    loaded = load_articles(config.root, config.content_dirs, config.language, config.markdown_html, False)
    articles = loaded.articles[: args.n]
    knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
    factory, fingerprint = default_annotator_factory(config, knowledge)
    no_cache = AnnotationCache(None)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars / max(1, len(articles)):.0f} characters each, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)

    results = []
    if not args.skip_local:
        for workers in (1, args.workers):
            results.append(timed(f"local, {workers} process(es)", lambda w=workers: annotate_articles(
                articles, factory, fingerprint, no_cache, w)[1]))
            print(json.dumps(results[-1]), flush=True)
    with LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        backend = connect(cluster.scheduler_address)
        backend.client.wait_for_workers(args.workers)
        from functools import partial

        runner = partial(backend.annotate, fingerprint=fingerprint)
        for label in ("cold", "warm"):
            results.append(timed(f"dask LocalCluster {args.workers}x1, {label}", lambda: annotate_articles(
                articles, factory, fingerprint, no_cache, 0, runner=runner)[1], backend.client))
            print(json.dumps(results[-1]), flush=True)
        close_all()

    link = []
    for size in [int(s) for s in args.link.split(",") if s.strip()]:
        done = subprocess.run([sys.executable, str(HERE / "link_memory.py"), "--n", str(size),
                               "--max-rss-gib", str(args.max_rss_gib)], capture_output=True, text=True, check=False)
        try:
            link.append(json.loads(done.stdout[done.stdout.index("{"):]))
        except ValueError:
            link.append({"articles": size, "error": done.stderr[-500:]})
        print(json.dumps(link[-1]), flush=True)
    print(json.dumps({"annotate": results, "link": link}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
