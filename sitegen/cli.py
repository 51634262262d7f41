"""Command line: ``sitegen build | serve | new | annotate | check | publish``.

User errors (``SitegenError``) print as red lines naming file and line, and exit 1;
only bugs show a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SitegenError

if TYPE_CHECKING:  # imported where a build runs: a build the server makes needs none of it here
    from .build import BuildReport


def show_error(message: str) -> None:
    """A user error as the command prints it: red lines on a terminal."""
    red, reset = ("\033[31m", "\033[0m") if sys.stderr.isatty() and not os.environ.get("NO_COLOR") else ("", "")
    for line in message.splitlines() or [message]:
        print(f"{red}{line}{reset}", file=sys.stderr)


def _progress() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total:
            width = 30
            filled = int(width * done / total)
            print(f"\rannotating [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
            if done >= total:
                print(file=sys.stderr)
    return show


def cmd_build(args: argparse.Namespace) -> int:
    from . import buildserver
    from .config import load_config

    site = Path(args.site)
    if args.stop_server:
        print("stopped this site's build server" if buildserver.stop(site) else "no build server was running")
        return 0
    config = load_config(site)
    configured = buildserver.mode(config.build_server)
    # the build server (buildserver.py) builds with the cache, locally, into build/, without drafts
    server = "off" if args.no_cache or args.drafts or args.scheduler or args.no_server else configured
    if configured == "off":
        buildserver.stop(site)  # switched off since it started: it goes now, not when idle
    elif server != "off":
        request = buildserver.Request(base_url=args.base_url, keep_going=args.keep_going, timings=args.timings)
        status = buildserver.delegate(site, request, sys.stdout, sys.stderr)
        if status is not None:
            return status
    from .build import build  # here: a build the server makes needs none of it in this process

    report = build(
        site, config=config, base_url=args.base_url, keep_going=args.keep_going,
        include_drafts=args.drafts, use_cache=not args.no_cache, progress=_progress(),
        scheduler=args.scheduler, detach_removal=True,  # the old build/ is deleted after we exit
        waiting=say_waiting,
    )
    for line in build_summary(report, args.timings):
        print(line)
    wanted = server == "on" or (server == "auto" and report.articles >= buildserver.MIN_ARTICLES)
    if wanted and buildserver.start(site, config.cache_path):
        print(f"started a build server for this site: the next builds reuse what it keeps in memory (it stops "
              f"after {buildserver.IDLE_SECONDS // 60} idle minutes, or with 'sitegen build --stop-server')",
              file=sys.stderr)
    return 0


def say_waiting(lock: Path) -> None:
    """What ``sitegen build`` says while another build of the site holds its lock, here or in the build server."""
    print(f"another build of this site is running; waiting for it to finish ({lock})", file=sys.stderr, flush=True)


def build_summary(report: BuildReport, timings: bool, by_server: bool = False) -> list[str]:
    """What ``sitegen build`` prints after a build (a ``BuildReport``), here or in the build server."""
    a, w = report.annotate, report.write
    lines = [
        f"built {report.articles} articles, {report.actors} actors, {report.countries} countries → "
        f"{w.files} files ({w.written} written, {w.unchanged} unchanged, {w.deleted} removed); "
        f"annotated {a.annotated}, from cache {a.from_cache}" + ("; by the build server" if by_server else "")
    ]
    if timings:
        lines.append("  " + "  ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))
    return lines


def cmd_review(args: argparse.Namespace) -> int:
    import json

    from .config import FILES, load_config
    from .errors import SitegenError
    from .geo import load_gazetteer
    from .knowledge import load_knowledge
    from .render.urls import SitePaths
    from .review import described, report, review

    config = load_config(Path(args.site))
    export = config.output_path / SitePaths.of(dict(config.folder_names)).public(FILES["export"])
    if not export.is_file():
        raise SitegenError(f"{export}: nothing to review yet; run 'sitegen build' first")
    knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
    gazetteer = load_gazetteer(config.language)

    def is_area(name: str) -> bool:  # a continent or a region of several states: no country to add
        place = gazetteer.lookup(name)
        return place is not None and not place.code and place.kind in ("continent", "region")

    found = review(json.loads(export.read_text(encoding="utf-8")), described(knowledge), is_area)
    print(f"# {len(found)} suggestion(s) for {config.knowledge_file}, from {export}\n")
    print(report(found), end="")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_site

    path = new_site(Path(args.path), title=args.title, language=args.language)
    print(f"created a new site in {path}; next: cd {path} && sitegen build")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from .config import load_config
    from .knowledge import load_knowledge
    from .nlp import load_annotator

    config = load_config(Path(args.site))
    knowledge = load_knowledge(config.knowledge_path if config.knowledge_path.exists() else None)
    if args.conll:
        from .nlp.conll import annotate_conll

        if not args.out:
            raise SitegenError("--conll needs --out FILE for the 'token gold predicted' output")
        annotate_conll(_input_file(args.conll, "a CoNLL"), Path(args.out),
                       load_annotator(args.model or config.nlp_model, config.language, knowledge))
        print(f"wrote {args.out}")
        return 0
    if not args.article:
        raise SitegenError("give an ARTICLE file, or --conll IN --out OUT")
    from .annotate_cli import annotate_file

    # the pipeline for the article's own language, as the build would choose it
    annotate_file(_input_file(args.article, "an article (.txt or .md)"), config, knowledge,
                  lambda lang: load_annotator(args.model or config.nlp_model_for(lang), lang, knowledge), as_json=args.json)
    return 0


def _input_file(name: str, what: str) -> Path:
    """``name`` as a readable regular file, else a one-line error saying what it is."""
    path = Path(name)
    if not path.exists():
        raise SitegenError(f"{name}: no such file")
    if not path.is_file():
        raise SitegenError(f"{name}: not a regular file; give {what} file")
    return path


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(Path(args.site), host=args.host, port=args.port, open_browser=False, drafts=args.drafts)
    return 0


def cmd_article(args: argparse.Namespace) -> int:
    import datetime

    from .config import load_config
    from .scaffold import new_article

    config = load_config(Path(args.site))
    date = args.date or datetime.date.today().isoformat()  # the clock, read here at the edge only
    path = new_article(config, args.title, date, args.folder)
    print(f"{path}\n(a draft: preview it with 'sitegen serve --drafts'; remove 'draft: true' to publish it)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_site

    problems = check_site(Path(args.site), Path(args.build) if args.build else None)
    if problems:
        show_error(f"{len(problems)} problem(s) in the build:")
        for p in problems:
            show_error(f"  {p}")
        return 1
    print("check passed: links, anchors, assets, feeds, sitemap and HTML are fine")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from .config import load_config
    from .publish import address_warning, publish

    summary = publish(Path(args.site), target=args.target, branch=args.branch, remote=args.remote,
                      cname=args.cname, message=args.message,
                      waiting=lambda lock: print(f"a build of this site is running; publishing waits for it ({lock})",
                                                 file=sys.stderr, flush=True))
    print(summary)
    if warning := address_warning(load_config(Path(args.site)).output_path):
        print(warning, file=sys.stderr)
    return 0


def _port(text: str) -> int:
    """A TCP port for argparse: the operating system takes 99999 as 34463 (modulo 65536)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0–65535)")
    return port


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Static sites for annotated news articles.")
    parser.add_argument("--version", action="version", version=f"sitegen {__import__('sitegen').__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into build/")
    b.add_argument("--site", default=".", help="site folder (default: current folder)")
    b.add_argument("--base-url", default=None, help="override base_url from sitegen.toml")
    b.add_argument("--keep-going", action="store_true", help="build the good articles, still exit 1 on problems")
    b.add_argument("--drafts", action="store_true", help="include draft articles")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not update the annotation cache")
    b.add_argument("--timings", action="store_true", help="print time per stage")
    b.add_argument("--no-server", action="store_true",
                   help="build in this process, without the site's build server (see build_server in sitegen.toml)")
    b.add_argument("--stop-server", action="store_true", help="stop this site's build server, if one runs, and exit")
    b.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="annotate and render on a dask cluster, e.g. tcp://127.0.0.1:8786 "
                        "(default: [cluster] scheduler in sitegen.toml; '' forces a local build)")
    b.set_defaults(func=cmd_build)

    n = sub.add_parser("new", help="create a new site folder")
    n.add_argument("path")
    n.add_argument("--title", default="", help="the site's name (default: 'Nieuwsarchief', or in the "
                                              "site's language)")
    n.add_argument("--language", default="nl",  # checked by scaffold.new_site, which has the samples
                   help="sample articles, theme words and dates in this language (nl, en, de or fr); a "
                        "language other than Dutch also names the site's folders in English (actors/, …)")
    n.set_defaults(func=cmd_new)

    a = sub.add_parser("annotate", help="print the entities of an article, or annotate CoNLL tokens")
    a.add_argument("article", nargs="?")
    a.add_argument("--site", default=".")
    a.add_argument("--model", default=None, help="NLP pipeline (default: from sitegen.toml)")
    a.add_argument("--json", action="store_true")
    a.add_argument("--conll", metavar="IN")
    a.add_argument("--out", metavar="OUT")
    a.set_defaults(func=cmd_annotate)

    w = sub.add_parser("article", help="start a new draft article (Markdown) in the site")
    w.add_argument("title")
    w.add_argument("--site", default=".", help="site folder (default: current folder)")
    w.add_argument("--date", default=None, help="YYYY-MM-DD or YYYY-MM (default: today)")
    w.add_argument("--folder", default=None, help="content folder to put it in (default: content)")
    w.set_defaults(func=cmd_article)

    s = sub.add_parser("serve", help="preview with live reload")
    s.add_argument("--site", default=".", help="site folder (default: current folder)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free port)")
    s.add_argument("--drafts", action="store_true",
                   help="include draft articles; the preview is built in the cache folder (drafts-preview/), never in build/")
    s.set_defaults(func=cmd_serve)

    r = sub.add_parser("review", help="suggest knowledge-file entries for actors the last build may have got wrong")
    r.add_argument("--site", default=".", help="site folder (default: current folder)")
    r.set_defaults(func=cmd_review)

    c = sub.add_parser("check", help="check build/ for broken links, bad HTML and missing titles")
    c.add_argument("--site", default=".")
    c.add_argument("--build", default=None, help="folder to check (default: the site's output folder)")
    c.set_defaults(func=cmd_check)

    p = sub.add_parser("publish", help="publish build/ to a git branch, a folder or an rsync target")
    p.add_argument("target", help="git remote URL/path (with --branch), a folder, or rsync:HOST:PATH")
    p.add_argument("--site", default=".")
    p.add_argument("--branch", default=None, help="publish to this branch of a git repository (e.g. gh-pages)")
    p.add_argument("--remote", default=None, help=argparse.SUPPRESS)
    p.add_argument("--cname", default=None, help="write a CNAME file with this domain")
    p.add_argument("--message", default="Publish site", help="commit message")
    p.set_defaults(func=cmd_publish)
    return parser


# the commands that work on a site folder (``--site``, default: here); ``annotate`` reads
# any article file, ``new`` makes the folder
_ON_A_SITE = (cmd_build, cmd_serve, cmd_check, cmd_publish, cmd_review, cmd_article)


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    warnings.simplefilter("default")
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"  # type: ignore[assignment]
    try:
        if args.func in _ON_A_SITE:
            from .config import site_folder_problem

            if problem := site_folder_problem(Path(args.site)):
                raise SitegenError(problem)
        return args.func(args)
    except SitegenError as exc:
        show_error(str(exc))
        return 1
    except KeyboardInterrupt:
        show_error("interrupted")
        return 130
    except BrokenPipeError:  # the reader stopped reading (`sitegen review | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
