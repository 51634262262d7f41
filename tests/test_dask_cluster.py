"""Issue 11: the build on a real Dask ``LocalCluster`` (2 worker processes, 1 thread each).

One generated site (``bench/generate.py`` when present, else ``sitegen.distributed_sample``)
is built locally once; every cluster build must give the same bytes, also when a worker is
killed in the middle of the annotate or the render stage, and the annotation cache must
keep working (adding one article annotates one article).

Cost for 500 articles (1 local build, 4 cluster builds of which 2 annotate everything):
~90 s of CPU over all processes; 125 s wall on a 2-core machine shared at load 5-7 (280 s
at load ~10). Set ``SITEGEN_DASK_TEST_ARTICLES`` (default 500) to trade coverage for speed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from sitegen.build import build, default_annotator_factory
from sitegen.config import load_config
from sitegen.distributed import close_all
from sitegen.distributed_sample import generate_site
from sitegen.knowledge import load_knowledge

from .conftest import REPO, tree_digest

pytestmark = pytest.mark.slow

N_ARTICLES = int(os.environ.get("SITEGEN_DASK_TEST_ARTICLES", "500"))


def _generate(root: Path, n: int) -> Path:
    script = REPO / "bench" / "generate.py"
    if script.exists():
        done = subprocess.run([sys.executable, str(script), "--n", str(n), "--out", str(root)],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode == 0 and (any(root.rglob("*.txt")) or any(root.rglob("*.md"))):
            if not (root / "sitegen.toml").exists():
                (root / "sitegen.toml").write_text('title = "Clusterproef"\n', encoding="utf-8")
            return root
        shutil.rmtree(root, ignore_errors=True)
    return generate_site(root, n)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(site root, config without search, annotator, digest of the local build)."""
    root = _generate(tmp_path_factory.mktemp("dask") / "site", N_ARTICLES)
    # Pagefind's bundle is not part of this issue (and not byte-stable between builds).
    config = replace(load_config(root), search=False)
    knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
    annotator = default_annotator_factory(config, knowledge)  # a picklable partial + fingerprint
    out = root.parent / "local"
    report = build(root, config=config, annotator=annotator, output=out)  # fills root's annotation cache
    assert report.articles >= N_ARTICLES
    return root, config, annotator, tree_digest(out)


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster, set_as_default=False) as client:
        yield cluster.scheduler_address, client
        close_all()


def _ready(client, n: int = 2) -> None:
    client.wait_for_workers(n, timeout=60)


def _kill_one_worker(client) -> int:
    """SIGKILL one worker process (its nanny restarts it); return its pid."""
    pids = client.run(os.getpid)
    pid = pids[min(pids)]
    os.kill(pid, signal.SIGKILL)
    return pid


def test_cluster_build_is_byte_identical_and_uses_the_cache(site, cluster, tmp_path):
    root, config, annotator, local = site
    address, client = cluster
    _ready(client)
    work = tmp_path / "site"
    shutil.copytree(root, work, ignore=shutil.ignore_patterns(config.cache_dir))  # an empty cache
    config = replace(config, root=work)

    first = build(work, config=config, annotator=annotator, scheduler=address)
    assert first.annotate.annotated == first.articles and first.annotate.from_cache == 0
    assert tree_digest(work / "build") == local

    # A rebuild after adding one article sends exactly one article to the cluster.
    (work / "seeds").mkdir(exist_ok=True)
    assert "seeds" in config.content_dirs
    (work / "seeds" / "zz-new-article.txt").write_text(
        "date 2024-05-01\ntitle Een nieuw bericht uit Almaty\n\n"
        "Nurlan Abenov sprak dinsdag in Almaty met minister Aigerim Karimova over de Europese Unie.\n",
        encoding="utf-8",
    )
    second = build(work, config=config, annotator=annotator, scheduler=address)
    assert second.articles == first.articles + 1
    assert (second.annotate.annotated, second.annotate.from_cache) == (1, first.articles)


def test_worker_killed_while_annotating(site, cluster, tmp_path):
    root, config, annotator, local = site
    address, client = cluster
    _ready(client)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total and not killed:  # the first shard is back, the others are in flight
            killed.append(_kill_one_worker(client))

    build(root, config=config, annotator=annotator, scheduler=address, use_cache=False,
          output=tmp_path / "out", progress=progress)
    assert killed, "no worker was killed: the build finished in one shard"
    assert tree_digest(tmp_path / "out") == local


def test_worker_killed_while_rendering(site, cluster, tmp_path):
    root, config, annotator, local = site
    address, client = cluster
    _ready(client)
    killed: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        """Kill the first worker seen rendering a batch of pages."""
        while not stop.is_set() and not killed:
            for worker, keys in client.processing().items():
                if any(str(k).startswith("sitegen-render") for k in keys):
                    pid = client.run(os.getpid, workers=[worker]).get(worker)
                    if pid:
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    break
            time.sleep(0.02)

    work = tmp_path / "site"
    shutil.copytree(root, work)  # with the local build's cache: this build only renders on the cluster
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        report = build(work, config=replace(config, root=work), annotator=annotator, scheduler=address,
                       output=tmp_path / "out")
        assert report.annotate.annotated == 0
    finally:
        stop.set()
        watcher.join(5)
    assert killed, "no render task was seen on a worker"
    assert tree_digest(tmp_path / "out") == local


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    from sitegen.distributed import ClusterError, connect

    with pytest.raises(ClusterError, match="cannot reach the dask scheduler at tcp://127.0.0.1:9"):
        connect("tcp://127.0.0.1:9", timeout="1s")


def test_cli_flag_and_config_table_send_work_to_the_cluster(cluster, tmp_path, capsys):
    """``[cluster] scheduler`` in sitegen.toml and ``--scheduler`` both use the cluster."""
    from distributed import get_task_stream

    from sitegen.cli import main

    address, client = cluster
    _ready(client)
    site = generate_site(tmp_path / "small", 12, config=(
        f'title = "Klein"\nsearch = false\n[cluster]\nscheduler = "{address}"\n'))
    with get_task_stream(client) as on_cluster:
        assert main(["build", "--site", str(site), "--no-cache"]) == 0
    assert {"sitegen-annotate", "sitegen-render"} <= _prefixes(on_cluster.data)
    with get_task_stream(client) as on_cluster:
        assert main(["build", "--site", str(site), "--no-cache", "--scheduler", ""]) == 0  # '' = local
    assert not _prefixes(on_cluster.data)
    assert "built 12 articles" in capsys.readouterr().out


def _prefixes(stream: list[dict]) -> set[str]:
    return {str(t["key"]).rsplit("-", 1)[0] for t in stream if str(t["key"]).startswith("sitegen-")}
