"""Benchmark sitegen builds at archive size: cold, warm cache, no-op, one edit, template edit.

    python bench/run_bench.py --sizes 1000,10000 --runs 3 --json bench/results.json

For each size N a site is generated with ``bench/generate.py`` (deterministic) under
``--workdir``, then each scenario is run ``--runs`` times, every build in a fresh
subprocess (``python -c 'sitegen.build.build(...)'``) so that import and NLP load
costs count and peak memory is per build:

- ``cold``: no ``build/``, no cache: load, annotate everything, link, render, write.
- ``warm``: annotation cache kept, ``build/`` and the write manifest removed: render only.
- ``rebuild``: like ``warm`` but the parsed-article store is kept too: what a user gets
  after deleting ``build/`` (every page rendered and written, no Markdown parsed).
- ``noop``: nothing changed since the previous build.
- ``edit``: one article's text changed (a different correction each run).
- ``template``: a site-level override of ``base.html`` changed (every page changes).
- ``edit-server``: the same edit, built by ``sitegen build`` (the command, in a fresh
  process) with the site's build server running (``sitegen/buildserver.py``): the
  server is started and its first build waited for before the first run; its peak memory
  (``VmHWM``, the whole life of the server) is reported beside the command's.

Reported per scenario, as the median over the runs: wall seconds, the build's own stage
timings (``BuildReport.timings``), CPU seconds (user+sys of the build and its workers),
peak memory (largest single process, from ``wait4`` rusage, and the sampled sum over the
process tree from ``/proc``), and counts (annotated, from cache, files written, unchanged).
The machine load average is recorded before every run: on a shared machine it explains
outliers. This is a benchmark, not a test: it asserts nothing about time.

``--hugo`` also times Hugo's clean build (if installed) of the same articles, with the
countries and people sitegen found as Hugo taxonomies (``hugo_corpus``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # bench/generate.py, imported as a sibling module

SCENARIOS = ("cold", "warm", "rebuild", "noop", "edit", "template", "edit-server")
STAGES = ("setup", "load", "annotate", "link", "render+write", "search", "fast-path")

# The child: one build, its report as JSON on a file (stdout/stderr stay free for warnings).
CHILD = r"""
import json, sys, time, warnings
t0 = time.perf_counter()
from pathlib import Path
from sitegen.build import build
t_import = time.perf_counter() - t0
site, out = Path(sys.argv[1]), Path(sys.argv[2])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    r = build(site, detach_removal=True)  # as `sitegen build` does
total = time.perf_counter() - t0
a, w = r.annotate, r.write
json.dump({
    "import": t_import, "build_total": total, "timings": dict(r.timings),
    "articles": r.articles, "actors": r.actors, "countries": r.countries,
    "annotated": a.annotated, "from_cache": a.from_cache, "workers": a.workers,
    "files": w.files, "written": w.written, "unchanged": w.unchanged, "deleted": w.deleted,
    "fast_path": bool(getattr(r, "fast_path", False)),
    "rendered": getattr(r, "rendered", -1), "reused": getattr(r, "reused", 0),  # render units (render/reuse.py)
}, out.open("w"))
"""

# The command's child: ``sitegen build --timings`` as typed, its printed summary read back.
CLI_CHILD = r"""
import contextlib, io, json, re, sys, time
t0 = time.perf_counter()
from sitegen.cli import main
site, out = sys.argv[1], sys.argv[2]
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    status = main(["build", "--site", site, "--timings"])
total = time.perf_counter() - t0
text = printed.getvalue()
sys.stderr.write(text)
counts = re.search(r"built (\d+) articles, (\d+) actors, (\d+) countries → (\d+) files \((\d+) written, "
                   r"(\d+) unchanged, (\d+) removed\); annotated (\d+), from cache (\d+)", text)
if status or counts is None:
    sys.exit(status or 3)
n = [int(x) for x in counts.groups()]
timings = {k: float(v) for k, v in re.findall(r"(\S+) (\d+\.\d+)s", text)}
json.dump({
    "import": 0.0, "build_total": total, "timings": timings,
    "articles": n[0], "actors": n[1], "countries": n[2], "files": n[3], "written": n[4], "unchanged": n[5],
    "deleted": n[6], "annotated": n[7], "from_cache": n[8], "workers": 0,
    "fast_path": False, "by_server": "by the build server" in text,
}, open(out, "w"))
"""


# ----------------------------------------------------------------------------------------
# Measuring one build
# ----------------------------------------------------------------------------------------
def _tree_rss_kb(root_pid: int) -> int:
    """Sum of RSS (kB) over ``root_pid`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("latin-1")
            fields = stat[stat.rindex(")") + 2 :].split()
            pid = int(entry)
            parents[pid] = int(fields[1])
            rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run_build(site: Path, env: dict[str, str] | None = None, child: str = CHILD) -> dict:
    """One build in a subprocess: its report plus wall time, CPU time and peak memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as tmp:
        report_path = Path(tmp.name)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    # cwd is the site, not the repository: ``python -c`` puts the cwd first on sys.path, and the
    # benchmark must import the sitegen that is installed (or named by PYTHONPATH), not whatever
    # happens to be in the working tree.
    proc = subprocess.Popen([sys.executable, "-c", child, str(site), str(report_path)], cwd=str(site),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            if os.path.exists("/proc"):
                peak_tree[0] = max(peak_tree[0], _tree_rss_kb(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"build of {site} failed ({proc.returncode}):\n{stderr.decode(errors='replace')[-3000:]}")
    report = json.loads(report_path.read_text())
    report_path.unlink(missing_ok=True)
    report.update(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # largest single process (build or one worker)
        peak_tree_mb=peak_tree[0] / 1024,  # build + workers together, sampled every 0.1 s
        load=load_before,
    )
    return report


# ----------------------------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------------------------
def _rm(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _set_aside(path: Path) -> None:
    """Take an output tree out of the way without deleting it now.

    Deleting a 20,000-file tree just before a build slows that build's own file creation
    on ext4, which skips recently freed inodes (measured: mkdir and create 5-10 times
    slower). That cost belongs to the benchmark's preparation, not to the build, so the
    tree is moved into ``.bench-trash/`` and deleted after the scenario's last run.
    """
    if path.exists() or path.is_symlink():
        trash = path.parent / ".bench-trash"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{time.monotonic_ns()}")


def _empty_trash(site: Path) -> None:
    _rm(site / ".bench-trash")


def _cache_dir(site: Path) -> Path:
    return site / ".sitegen-cache"


def prepare(scenario: str, site: Path, run: int) -> None:
    """Put the site in the state the scenario starts from (the previous build is assumed done)."""
    if scenario == "cold":
        _set_aside(site / "build")
        _set_aside(site / ".sitegen-spare-build")  # the previous-but-one site (sitegen/write.py)
        _rm(_cache_dir(site))
    elif scenario in ("warm", "rebuild"):
        _set_aside(site / "build")
        _set_aside(site / ".sitegen-spare-build")
        keep = {"annotations.sqlite"} | ({"parsed-articles.sqlite"} if scenario == "rebuild" else set())
        for path in _cache_dir(site).glob("*"):
            if path.name not in keep:
                _rm(path)  # the write manifest and any fast-path stamp go with build/
    elif scenario == "edit":
        target = edit_target(site)
        text = target.read_text(encoding="utf-8").rstrip("\n")
        marker = "\n\nCorrectie: "
        if marker in text:
            text = text[: text.index(marker)]
        # a new text each time, across invocations too: a cached annotation would hide the NLP
        text += (f"{marker}in een eerdere versie van dit artikel stond een onjuist getal; "
                 f"dat is hersteld (versie {run + 1}, {time.time_ns() % 10**9}).\n")
        target.write_text(text, encoding="utf-8")
    elif scenario == "template":
        override = site / "themes" / "default" / "templates" / "base.html"
        override.parent.mkdir(parents=True, exist_ok=True)
        packaged = REPO / "sitegen" / "themes" / "default" / "templates" / "base.html"
        source = packaged.read_text(encoding="utf-8")
        override.write_text(source.rstrip("\n") + f"\n<!-- template edit {run + 1} -->\n", encoding="utf-8")


def restore(site: Path) -> None:
    """Undo edits so the next size/scenario starts from the generated corpus."""
    target = edit_target(site)
    text = target.read_text(encoding="utf-8")
    if "\n\nCorrectie: " in text:
        target.write_text(text[: text.index("\n\nCorrectie: ")].rstrip("\n") + "\n", encoding="utf-8")
    _rm(site / "themes")


def edit_target(site: Path) -> Path:
    seeds = sorted((site / "seeds").glob("*.txt"))
    return seeds[len(seeds) // 2]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarise(runs: list[dict]) -> dict:
    """Medians of the numeric fields; stage timings median per stage."""
    out: dict = {}
    for key in ("wall", "cpu", "peak_rss_mb", "peak_tree_mb", "load", "import", "build_total"):
        out[key] = _median([r[key] for r in runs if key in r])
    for key in ("annotated", "from_cache", "workers", "files", "written", "unchanged", "deleted",
                "articles", "actors", "countries", "rendered", "reused"):
        values = [r[key] for r in runs if key in r]
        if values:
            out[key] = int(_median(values))
    out["fast_path"] = any(r.get("fast_path") for r in runs)
    stages = sorted({s for r in runs for s in r["timings"]})
    out["timings"] = {s: _median([r["timings"].get(s, 0.0) for r in runs]) for s in stages}
    return out


def _generator_digest() -> str:
    import hashlib

    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def bench_size(n: int, runs: int, workdir: Path, scenarios: tuple[str, ...], search: bool, log) -> dict:
    site = workdir / f"site{n}"
    marker = site / ".bench-corpus.json"
    wanted = {"n": n, "search": search, "generator": _generator_digest()}
    try:
        reuse = json.loads(marker.read_text())["params"] == wanted
    except (OSError, ValueError, KeyError, TypeError):
        reuse = False
    if reuse:  # same generator, same parameters: the same bytes; keep its cache for warm runs
        log(f"reusing the {n}-article corpus in {site}")
        corpus = json.loads(marker.read_text())["corpus"]
    else:
        log(f"generating {n} articles in {site}")
        corpus = generate.generate(n, site, search=search)
        marker.write_text(json.dumps({"params": wanted, "corpus": corpus}))
    results: dict = {"corpus": corpus, "scenarios": {}}
    ready = False  # a successful build exists (noop/edit/template need one)
    for scenario in scenarios:
        if scenario in ("noop", "edit", "template", "edit-server") and not ready:
            log(f"  N={n} priming build for {scenario}")
            run_build(site)
            ready = True
        server = _start_server(site, log) if scenario == "edit-server" else None
        raw = []
        for k in range(runs):
            prepare("edit" if scenario == "edit-server" else scenario, site, k)
            r = run_build(site, _SERVER_ENV, CLI_CHILD) if server else run_build(site)
            ready = True
            raw.append(r)
            log(f"  N={n} {scenario:8s} run {k + 1}/{runs}: {r['wall']:.2f}s wall, {r['cpu']:.2f}s cpu, "
                f"peak {r['peak_rss_mb']:.0f} MB (tree {r['peak_tree_mb']:.0f} MB), annotated {r['annotated']}, "
                f"written {r['written']}/{r['files']}, load {r['load']:.1f}, "
                + ", ".join(f"{s} {t:.2f}" for s, t in r["timings"].items()))
        results["scenarios"][scenario] = {"runs": raw, "median": summarise(raw)}
        if server:
            results["scenarios"][scenario]["server"] = _stop_server(site, server, log)
    restore(site)
    return results


_SERVER_ENV = {**os.environ, "SITEGEN_BUILD_SERVER": "on"}  # whatever the size, and on a CI machine too


def _start_server(site: Path, log) -> int:
    """Start the site's build server the way a user does (a ``sitegen build``) and wait
    until its first build, which fills its memory, is done; its process id."""
    from sitegen import buildserver

    log(f"  starting the build server of {site} and waiting for its first build")
    started = time.perf_counter()
    first = run_build(site, _SERVER_ENV, CLI_CHILD)
    if not buildserver.ready(site, 1800):
        raise RuntimeError("the build server did not answer within 30 minutes")
    pid = _server_pid(site)
    log(f"  build server {pid} ready after {time.perf_counter() - started:.1f} s "
        f"(the command's own build: {first['wall']:.2f} s)")
    return pid


def _server_pid(site: Path) -> int:
    wanted = str(site.resolve()).encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"sitegen.buildserver" in argv and wanted in argv:
            return int(entry.name)
    raise RuntimeError("no build server process found")


def _stop_server(site: Path, pid: int, log) -> dict:
    """The server's memory (peak over its life, and now), then stop it."""
    from sitegen import buildserver

    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    memory = {"peak_rss_mb": int(status["VmHWM"].split()[0]) / 1024, "rss_mb": int(status["VmRSS"].split()[0]) / 1024}
    buildserver.stop(site)
    log(f"  build server {pid}: peak {memory['peak_rss_mb']:.0f} MB, {memory['rss_mb']:.0f} MB at the end; stopped")
    return memory


# ----------------------------------------------------------------------------------------
# Hugo (optional)
# ----------------------------------------------------------------------------------------
def bench_hugo(site: Path, runs: int, log) -> dict | None:
    """Hugo's clean build of the same archive (``hugo_corpus``), ``runs`` times."""
    hugo = shutil.which("hugo")
    if hugo is None:
        log("hugo not installed; skipping (apt-get install -y hugo)")
        return None
    hsite = site.parent / (site.name + "-hugo")
    pages = hugo_corpus(site, hsite)
    out: list[dict] = []
    for k in range(runs):
        _set_aside(hsite / "public")  # like our own output: never deleted just before a build
        start = time.perf_counter()
        proc = subprocess.Popen([hugo, "--quiet", "-s", str(hsite)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status:
            raise RuntimeError(f"hugo failed: {err.decode(errors='replace')[:2000]}")
        files = sum(1 for p in (hsite / "public").rglob("*") if p.is_file())
        out.append({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
                    "files": files, "status": status, "load": os.getloadavg()[0]})
        log(f"  hugo run {k + 1}/{runs}: {wall:.2f}s wall, {usage.ru_utime + usage.ru_stime:.2f}s cpu, {files} files, "
            f"peak {usage.ru_maxrss / 1024:.0f} MB")
    _empty_trash(hsite)
    return {"pages": pages, "runs": out,
            "median": {key: _median([r[key] for r in out]) for key in ("wall", "cpu", "peak_rss_mb", "files")}}


def hugo_corpus(site: Path, hsite: Path) -> int:
    """Write the site's articles as a Hugo site; returns the number of articles.

    Every article (the seed-format half too) becomes Markdown with JSON front matter, and
    carries the countries and people sitegen found in it (read from the site's own JSON
    export, so ``build/`` must exist) as Hugo taxonomies: the archive the issue's peers
    built, with an article page each, ~200 country and ~2,000 person term pages, and
    paginated lists. Hugo only renders; it finds no entities itself.
    """
    export = json.loads((site / "build" / "data" / "annotaties.json").read_text(encoding="utf-8"))
    names = {a["id"]: a["name"] for a in export["actors"]}
    _rm(hsite)
    posts = hsite / "content" / "posts"
    posts.mkdir(parents=True)
    layouts = hsite / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (hsite / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\nlanguageCode = "nl"\ntitle = "Benchmarkarchief"\npaginate = 20\n'
        '[taxonomies]\n  country = "countries"\n  person = "people"\n', encoding="utf-8")
    (layouts / "baseof.html").write_text(
        "<!doctype html><html lang=nl><head><title>{{ .Title }}</title></head><body>"
        "{{ block \"main\" . }}{{ end }}</body></html>\n", encoding="utf-8")
    (layouts / "single.html").write_text(
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2 January 2006\" }}</time>{{ .Content }}"
        "<ul>{{ range .GetTerms \"countries\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>"
        "<ul>{{ range .GetTerms \"people\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>"
        "{{ end }}\n", encoding="utf-8")
    (layouts / "list.html").write_text(
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}"
        "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
        encoding="utf-8")
    for i, article in enumerate(export["articles"]):
        source = (site / article["source"]).read_text(encoding="utf-8")
        if article["source"].endswith(".md"):
            body = source.split("\n---", 2)[-1].split("\n", 1)[-1]  # after the closing front-matter fence
        else:
            body = source.split("\n\n", 1)[-1]  # after the seed header lines
        date = article["date"] if len(article["date"]) == 10 else article["date"] + "-01"
        people = sorted({names[e["actor"]] for e in article["entities"]
                         if e["label"] == "PER" and e["actor"] in names})
        front = {"title": article["title"], "date": date, "countries": article["countries"], "people": people}
        (posts / f"{i:06d}.md").write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + body, encoding="utf-8")
    return len(export["articles"])


# ----------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------
def markdown_table(results: dict) -> str:
    head = ("| N | scenario | wall s | load | annotate | link | render+write | other | CPU s | peak MB (1 proc / tree) "
            "| annotated | written / files | load avg |")
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for n, data in results["sizes"].items():
        for scenario, res in data["scenarios"].items():
            m = res["median"]
            t = m["timings"]
            other = sum(v for k, v in t.items() if k not in ("load", "annotate", "link", "render+write"))
            lines.append(
                f"| {n} | {scenario}{' (fast path)' if m['fast_path'] else ''} | {m['wall']:.2f} | {t.get('load', 0):.2f} "
                f"| {t.get('annotate', 0):.2f} | {t.get('link', 0):.2f} | {t.get('render+write', 0):.2f} | {other:.2f} "
                f"| {m['cpu']:.2f} | {m['peak_rss_mb']:.0f} / {m['peak_tree_mb']:.0f} | {m['annotated']} "
                f"| {m['written']} / {m['files']} | {m['load']:.1f} |"
            )
        hugo = data.get("hugo")
        if hugo:
            h = hugo["median"]
            lines.append(f"| {n} | hugo clean ({hugo['pages']} md pages) | {h['wall']:.2f} | | | | | | {h['cpu']:.2f} "
                         f"| {h['peak_rss_mb']:.0f} | | {h['files']:.0f} files | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sitegen builds (see the module docstring).")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario; medians are reported (default 3)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"subset of {','.join(SCENARIOS)}")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-bench")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write the JSON results")
    parser.add_argument("--search", action="store_true", help="build the Pagefind search index too")
    parser.add_argument("--hugo", action="store_true", help="also time Hugo on the Markdown articles, if installed")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}; expected some of {', '.join(SCENARIOS)}")

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    results: dict = {
        "meta": {
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "runs": args.runs, "scenarios": list(scenarios), "search": args.search,
            "loadavg_start": os.getloadavg(),
        },
        "sizes": {},
    }
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        data = bench_size(n, args.runs, args.workdir, scenarios, args.search, log)
        if args.hugo:
            data["hugo"] = bench_hugo(args.workdir / f"site{n}", args.runs, log)
        results["sizes"][str(n)] = data
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        _empty_trash(args.workdir / f"site{n}")  # only now: see _set_aside
    results["meta"]["loadavg_end"] = os.getloadavg()
    results["meta"]["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(markdown_table(results))
    print(f"\nJSON: {args.json}; load average start {results['meta']['loadavg_start'][0]:.1f}, "
          f"end {results['meta']['loadavg_end'][0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
