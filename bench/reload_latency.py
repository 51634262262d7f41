"""Reload latency of ``sitegen serve``: save one article → the open page shows the change.

    python bench/reload_latency.py                       # sample site + 2,000 generated articles
    python bench/reload_latency.py --articles 2000 --no-sample --repeat 5 --profile
    python bench/reload_latency.py --no-browser          # save → rebuilt → livereload message only

Runs the real preview server (``sitegen.serve.PreviewServer``) in this process on a free
port, opens an article in Debian's headless Chromium (Playwright; skipped with a note when
``/usr/bin/chromium`` is missing), then repeatedly appends a sentence to that article and
measures, from just before the save:

- ``noticed``: the watcher saw the change (polling interval + debounce),
- ``rebuilt``: ``build()`` finished and the new site was swapped in,
- ``page``: the browser tab reloaded by itself and shows the new sentence,
- ``cpu``: CPU seconds this process used from save to rebuilt — on a shared, overloaded
  machine the wall-clock numbers above are inflated; this is what an idle core would need,

plus what the rebuild did (articles re-annotated, files rewritten) and the per-stage
timings from ``BuildReport.timings``. One template edit is measured too (it must re-render
without re-annotating). ``--profile`` runs cProfile over one more one-article rebuild.

Generated sites come from ``bench/generate.py`` (deterministic) and are kept in
``--workdir`` with their annotation cache, so only the first run pays the cold build.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sitegen.config import load_config
from sitegen.load import load_articles
from sitegen.serve import Outcome, PreviewServer, Rebuilder

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


# -- sites ------------------------------------------------------------------------------

def sample_site(workdir: Path) -> Path:
    """A copy of the repository's own site (seeds/, content/, themes/), cache kept between runs."""
    site = workdir / "sample"
    for part in ("seeds", "content", "themes"):
        shutil.rmtree(site / part, ignore_errors=True)
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, site / part)
    site.mkdir(parents=True, exist_ok=True)
    toml = REPO / "sitegen.toml"
    (site / "sitegen.toml").write_text(toml.read_text(encoding="utf-8") if toml.exists() else 'title = "Nieuwsarchief"\n',
                                       encoding="utf-8")
    return site


def generated_site(workdir: Path, n: int) -> Path:
    """``n`` articles from bench/generate.py (same bytes every run, so the cache stays warm)."""
    site = workdir / f"generated-{n}"
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    if spec is not None and spec.loader is not None and Path(spec.origin or "").exists():
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
        module.generate(n, site, clean=False)
        return site
    return _minimal_generator(site, n)


def _minimal_generator(site: Path, n: int) -> Path:
    """Fallback when bench/generate.py is absent: short seed articles with recurring names."""
    import random

    rng = random.Random(7)
    people = ["Mark Rutte", "Kassym-Jomart Tokajev", "Nikol Pasjinjan", "Ilham Aliyev", "Antony Blinken",
              "Vladimir Poetin", "Wopke Hoekstra", "Ursula von der Leyen"]
    places = ["Astana", "Jerevan", "Bakoe", "Moskou", "Brussel", "Den Haag", "Washington"]
    (site / "seeds").mkdir(parents=True, exist_ok=True)
    (site / "sitegen.toml").write_text('title = "Benchmarkarchief"\n', encoding="utf-8")
    for i in range(n):
        who, where = rng.choice(people), rng.choice(places)
        body = "\n\n".join(f"{rng.choice(people)} sprak in {rng.choice(places)} over de toekomst van de regio. "
                           f"Volgens {who} is overleg in {where} nodig." for _ in range(6))
        (site / "seeds" / f"{i:05d}.txt").write_text(
            f"date {2015 + i % 10}-{1 + i % 12:02d}\ntitle Bericht {i} over {where}\n\n{body}\n", encoding="utf-8")
    return site


# -- measuring --------------------------------------------------------------------------

class Probe:
    """Timestamps of what the server does after a save (its ``on_rebuilt`` hook).

    Only rebuilds that include ``watching`` count: other engineers editing the packaged
    theme on a shared machine trigger rebuilds too.
    """

    def __init__(self, server: PreviewServer) -> None:
        self.done = threading.Event()
        self.outcome: Outcome | None = None
        self.rebuilt_at = self.cpu_at = 0.0
        self.watching: str | None = None
        server.on_rebuilt = self._rebuilt

    def _rebuilt(self, outcome: Outcome, changes: frozenset[str]) -> None:
        if self.watching is not None and self.watching not in changes:
            return
        self.outcome, self.rebuilt_at, self.cpu_at = outcome, time.perf_counter(), time.process_time()
        self.done.set()


def measure_site(name: str, site: Path, args: argparse.Namespace) -> dict:
    print(f"\n== {name}: {site}", flush=True)
    rebuilder = Rebuilder(site)
    server = PreviewServer(rebuilder, "127.0.0.1", 0, log=lambda line: None)
    server.bind()
    start = time.perf_counter()
    first = server.build_once()
    print(f"first build {time.perf_counter() - start:.1f}s — {first.summary()}", flush=True)
    if first.report is None:
        raise SystemExit(f"the site does not build: {first.error}")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    server.ready.wait(10)
    probe = Probe(server)
    article = _article_to_edit(site)
    url = f"http://127.0.0.1:{server.port}{rebuilder.config.base_path}{article[1]}"
    original = article[0].read_text(encoding="utf-8")
    browser = _Browser(url, server) if args.browser else None
    rows: list[dict] = []
    try:
        for i in range(args.repeat):
            # a capitalised marker may be tagged as a name (a new actor: linked in full); a
            # lowercase one names no one, like most corrections (the link is patched, link/quiet.py)
            marker = f"{'meetpunt' if args.quiet_edit else 'Meetpunt'}{i}x{int(time.time() * 1000) % 100000}"
            rows.append(_one_edit(server, probe, browser, article[0],
                                  lambda text, m=marker: text.rstrip("\n") + f"\n\nDit is {m} van de meting.\n", marker))
        rows.append(_template_edit(server, probe, browser, site))
        if args.profile:
            article[0].write_text(original, encoding="utf-8")
            probe.done.clear()
            probe.done.wait(60)
            _profile(rebuilder, article[0])
    finally:
        article[0].write_text(original, encoding="utf-8")
        probe.done.clear()
        probe.done.wait(300)  # leave the site as generated (and its build matching it)
        if browser:
            browser.close()
        server.stop()
        thread.join(10)
    return _summarise(name, first, rows)


def _one_edit(server, probe: Probe, browser, path: Path, change, marker: str, kind: str = "article") -> dict:
    _settle(server)
    probe.done.clear()
    probe.watching = str(path)
    builds = server.builds
    t0, cpu0 = time.perf_counter(), time.process_time()
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    page = browser.wait_for(marker, t0) if browser else None
    if not probe.done.wait(600):
        raise SystemExit("no rebuild within 600 s")
    outcome = probe.outcome
    probe.watching = None
    assert outcome is not None and server.builds > builds
    if outcome.report is None:
        raise SystemExit(f"rebuild failed: {outcome.error}")
    row = {
        "kind": kind,
        "rebuilt": probe.rebuilt_at - t0,
        "build": outcome.seconds,
        "cpu": probe.cpu_at - cpu0,  # this process's CPU seconds: what an idle machine would need
        "page": page,
        "annotated": outcome.report.annotate.annotated,
        "written": outcome.report.write.written,
        "files": outcome.report.write.files,
        "timings": {k: round(v, 3) for k, v in outcome.report.timings.items()},
        "quiet_link": outcome.report.quiet_link,
    }
    shown = f"page {page:.2f}s" if page is not None else "page n/a"
    print(f"  {kind:8} save→rebuilt {row['rebuilt']:.2f}s (build {row['build']:.2f}s, cpu {row['cpu']:.2f}s), {shown}; "
          f"annotated {row['annotated']}, written {row['written']}/{row['files']}"
          f"{', link patched' if row['quiet_link'] else ''}; {row['timings']}", flush=True)
    return row


def _settle(server: PreviewServer) -> None:
    """Wait until no rebuild is pending, so each measurement starts from a quiet server."""
    while server.pending():
        time.sleep(0.05)
    time.sleep(0.3)


def _template_edit(server, probe: Probe, browser, site: Path) -> dict:
    """Override the theme's base template with a copy plus a comment: every page changes."""
    import sitegen

    packaged = Path(sitegen.__file__).parent / "themes" / "default" / "templates" / "base.html"
    override = site / "themes" / "default" / "templates" / "base.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    existed = override.read_text(encoding="utf-8") if override.exists() else None
    source = existed if existed is not None else packaged.read_text(encoding="utf-8")
    marker = f"Sjabloon{int(time.time() * 1000) % 100000}"
    try:
        probe.done.clear()
        override.write_text(source, encoding="utf-8")  # the unchanged copy first: its rebuild is not measured
        probe.done.wait(120)
        return _one_edit(server, probe, browser, override,
                         lambda text: text.replace("</body>", f"<p hidden>{marker}</p></body>", 1), marker, "template")
    finally:
        probe.done.clear()
        if existed is None:
            override.unlink()
        else:
            override.write_text(existed, encoding="utf-8")
        probe.done.wait(120)


def _article_to_edit(site: Path) -> tuple[Path, str]:
    config = load_config(site)
    loaded = load_articles(config.root, config.content_dirs, config.language, config.markdown_html)
    first = min(loaded.articles, key=lambda a: a.path)
    return site / first.path, first.url_path


class _Browser:
    """One headless Chromium tab on the edited article."""

    def __init__(self, url: str, server: PreviewServer) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        self.page = self._browser.new_page()
        _settle(server)
        self.page.goto(url, timeout=300_000)
        deadline = time.monotonic() + 15
        while server.open_tabs() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)

    def wait_for(self, marker: str, t0: float) -> float:
        self.page.wait_for_function(f"() => document.documentElement.innerHTML.includes({json.dumps(marker)})",
                                    timeout=120_000, polling=10)
        return time.perf_counter() - t0

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def _profile(rebuilder: Rebuilder, article: Path) -> None:
    article.write_text(article.read_text(encoding="utf-8") + "\nProfielzin.\n", encoding="utf-8")
    profiler = cProfile.Profile()
    profiler.enable()
    outcome = rebuilder.run()
    profiler.disable()
    print(f"\n  cProfile of one one-article rebuild ({outcome.summary()}):")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(25)
        print("\n".join("    " + line for line in out.getvalue().splitlines()[4:40] if line.strip()))


def _summarise(name: str, first: Outcome, rows: list[dict]) -> dict:
    edits = [r for r in rows if r["kind"] == "article"]
    summary = {"site": name, "articles": first.report.articles if first.report else 0}
    for key in ("rebuilt", "build", "cpu", "page"):
        values = [r[key] for r in edits if r[key] is not None]
        if values:
            summary[f"{key}_median"] = round(statistics.median(values), 3)
            summary[f"{key}_max"] = round(max(values), 3)
    summary["annotated"] = sorted({r["annotated"] for r in edits})
    summary["written"] = sorted({r["written"] for r in edits})
    summary["template"] = next(({k: r[k] for k in ("rebuilt", "page", "annotated", "written")}
                                for r in rows if r["kind"] == "template"), None)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="generated site size (0 = skip)")
    parser.add_argument("--no-sample", dest="sample", action="store_false", help="skip the repository's sample site")
    parser.add_argument("--repeat", type=int, default=3, help="one-article edits per site")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="measure up to the reload message")
    parser.add_argument("--profile", action="store_true", help="cProfile one more one-article rebuild")
    parser.add_argument("--quiet-edit", action="store_true",
                        help="append a sentence that names no one (lowercase marker) instead of a capitalised marker")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-serve-reload-bench")
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    args = parser.parse_args(argv)
    if args.browser and not CHROMIUM.exists():
        print(f"note: {CHROMIUM} not found; measuring save → rebuilt only", file=sys.stderr)
        args.browser = False
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    if args.sample:
        results.append(measure_site("sample site", sample_site(args.workdir), args))
    if args.articles:
        results.append(measure_site(f"{args.articles} generated articles", generated_site(args.workdir, args.articles), args))
    print("\n" + json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
