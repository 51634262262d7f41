"""``sitegen serve``: the real server on a free port, real builds, real HTTP and WebSocket.

Nothing of the server is replaced: requests go through ``http.client`` and tornado's
WebSocket client (speaking livereload's protocol, as the browser's livereload.js does).
The only thing shared between tests is the loaded NLP pipeline, to keep them fast.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.serve import PreviewServer, Rebuilder, _load_pipeline, error_view
from sitegen.serve_http import Found, Redirect, Refused, inject, resolve
from sitegen.serve_watch import WatchPlan, changed_paths, is_editor_temp, scan, watch_plan

from .conftest import make_site

ARTICLE = "date 2022-01\ntitle Proefartikel\n\nDe Kazachstaanse president Tokajev sprak in Astana.\n"
OTHER = "date 2022-02\ntitle Tweede artikel\n\nMark Rutte reisde naar Brussel.\n"


def seed_site(root: Path, config: str = 'title = "Testarchief"\n', **extra: str) -> Path:
    return make_site(root, {"seeds/a.txt": ARTICLE, "seeds/b.txt": OTHER, **extra}, config)


@contextmanager
def running(site: Path, annotator, **options) -> Iterator[PreviewServer]:
    """The preview server on a free port, in a thread, after its first build."""
    factory, _ = annotator
    rebuilder = options.pop("rebuilder", None) or Rebuilder(site, loader=lambda *a: factory())
    server = PreviewServer(rebuilder, "127.0.0.1", 0, interval=0.05, debounce=0.05, log=lambda line: None)
    server.bind()
    server.build_once()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert server.ready.wait(10)
    try:
        yield server
    finally:
        server.stop()
        thread.join(10)
        assert not thread.is_alive()


def wait_for_build(server: PreviewServer, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while server.builds < count:
        assert time.monotonic() < deadline, "no rebuild after the change"
        time.sleep(0.02)


def wait_until(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def get(server: PreviewServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)  # the raw path, not normalised
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def article_url(site: Path, base: str = "/") -> str:
    (page,) = (site / "build").glob("2022/01/*/index.html")
    return base + page.parent.relative_to(site / "build").as_posix() + "/"


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# -- pure parts --------------------------------------------------------------------------

def test_resolve_refuses_everything_outside_the_build(tmp_path):
    root = tmp_path / "build"
    (root / "2022").mkdir(parents=True)
    (root / "index.html").write_text("home")
    (root / "2022" / "index.html").write_text("year")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.html").symlink_to(tmp_path / "secret.txt")
    root = root.resolve()
    assert resolve(root, "/", "/") == Found(root / "index.html")
    assert resolve(root, "/", "/2022/") == Found(root / "2022" / "index.html")
    assert resolve(root, "/", "/2022") == Redirect("/2022/")
    for bad in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                "/2022/%2e%2e/%2e%2e/secret.txt", "/.%2e/secret.txt", "/link.html", "/.nojekyll"):
        assert resolve(root, "/", bad) == Refused(404), bad
    for bad in ("/%252e%252e/secret.txt", "/..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt", "/a%00b", "//etc/passwd"):
        assert resolve(root, "/", bad) == Refused(400), bad


def test_resolve_serves_only_under_the_base_path(tmp_path):
    root = tmp_path.resolve()
    (root / "index.html").write_text("home")
    assert resolve(root, "/archief/", "/archief/") == Found(root / "index.html")
    assert resolve(root, "/archief/", "/") == Redirect("/archief/")
    assert resolve(root, "/archief/", "/archief") == Redirect("/archief/")
    assert resolve(root, "/archief/", "/index.html") == Refused(404)
    assert resolve(root, "/archief/", "/archiefx/index.html") == Refused(404)


def test_inject_adds_script_in_head_and_overlay_in_body():
    page = b"<html><head><title>t</title></head><body class='x'><p>hi</p></body></html>"
    out = inject(page, "<script></script>", "<div id='o'></div>").decode()
    assert out.index("<script></script>") < out.index("</head>") < out.index("<div id='o'>") < out.index("<p>hi")


def test_watcher_ignores_output_cache_and_editor_files(tmp_path):
    site = seed_site(tmp_path / "s", "content_dirs = ['.']\n")
    for junk in ("build/x.html", ".sitegen-cache/a.sqlite", "seeds/.a.txt.swp", "seeds/a.txt~", "seeds/#a.txt#",
                 "seeds/4913", ".sitegen-tmp-build-1/x.html", ".git/HEAD"):
        (site / junk).parent.mkdir(parents=True, exist_ok=True)
        (site / junk).write_text("x")
    from sitegen.config import load_config

    plan = watch_plan(site, load_config(site))
    files = {Path(p).relative_to(site).as_posix() for p in scan(plan) if Path(p).is_relative_to(site)}
    assert files == {"seeds/a.txt", "seeds/b.txt", "sitegen.toml"}
    assert is_editor_temp(".#a.md") and is_editor_temp("a.md~") and not is_editor_temp("a.md")


def test_changed_paths_sees_added_removed_and_modified():
    old = {"a": (1, 1, 1), "b": (1, 1, 2), "c": (1, 1, 3)}
    new = {"a": (1, 1, 1), "b": (2, 1, 2), "d": (1, 1, 4)}
    assert changed_paths(old, new) == {"b", "c", "d"}
    assert WatchPlan((), ()).ignores(Path("/x/.sitegen-old-build-12"))


def test_watcher_turns_a_burst_of_saves_into_one_change_set(tmp_path):
    from sitegen.serve_watch import Watcher

    site = seed_site(tmp_path / "s")
    watcher = Watcher(lambda: watch_plan(site, None), interval=0.02, debounce=0.4)
    stop = threading.Event()
    noticed: list[int] = []
    result: list[frozenset[str]] = []
    thread = threading.Thread(target=lambda: result.append(watcher.wait(stop, lambda: noticed.append(1))))
    thread.start()
    for i in range(5):  # an editor's save, or a git checkout: several files at once
        (site / "seeds" / f"n{i}.txt").write_text(ARTICLE)
        (site / "seeds" / f".n{i}.txt.swp").write_text("swap")
    (site / "seeds/b.txt").unlink()
    thread.join(20)
    assert noticed == [1]
    assert {Path(p).name for p in result[0]} == {"n0.txt", "n1.txt", "n2.txt", "n3.txt", "n4.txt", "b.txt"}
    stop.set()
    assert watcher.wait(stop) == frozenset()


# -- the running server ------------------------------------------------------------------

def test_busy_port_is_one_clear_line(tmp_path, capsys):
    site = seed_site(tmp_path / "s")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SitegenError, match=f"port {port} on 127.0.0.1 is already in use"):
            PreviewServer(Rebuilder(site), "127.0.0.1", port).bind()
        assert main(["serve", "--site", str(site), "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already in use" in err[0] and "Traceback" not in err[0]


def test_path_traversal_is_refused_over_http(tmp_path, embedded_annotator):
    site = seed_site(tmp_path / "s", 'title = "T"\nbase_url = "/archief/"\n', **{"geheim.txt": "GEHEIM"})
    with running(site, embedded_annotator) as server:
        (site / "build" / "link.txt").symlink_to(site / "geheim.txt")
        assert get(server, "/")[0] == 302 and get(server, "/")[1]["location"] == "/archief/"
        assert get(server, "/archief")[1]["location"] == "/archief/"
        status, _, body = get(server, "/archief/")
        assert status == 200 and b"/livereload.js" in body
        status, headers, head_body = get(server, "/archief/", "HEAD")
        assert status == 200 and head_body == b"" and int(headers["content-length"]) == len(body)
        assert get(server, "/index.html")[0] == 404
        for bad in ("/archief/../geheim.txt", "/archief/../../../etc/passwd", "/archief/%2e%2e/geheim.txt",
                    "/archief/%2E%2E%2fgeheim.txt", "/archief/..%2Fgeheim.txt", "/archief/%252e%252e/geheim.txt",
                    "/archief/..%5cgeheim.txt", "/archief/%c0%ae%c0%ae/geheim.txt", "/archief/link.txt",
                    "/archief/.nojekyll", "/archief/%00"):
            status, _, body = get(server, bad)
            assert status in (400, 404), bad
            assert b"GEHEIM" not in body and b"root:" not in body, bad


def test_failed_rebuild_shows_overlay_with_file_and_line_then_recovers(tmp_path, embedded_annotator):
    site = seed_site(tmp_path / "s")
    with running(site, embedded_annotator) as server:
        url = article_url(site)
        edit(site / "seeds/a.txt", "date 2022-01", "date 2022-13")
        wait_for_build(server, 1)
        status, _, body = get(server, url)
        assert status == 200 and b"sitegen-error-overlay" in body  # last good page, with the overlay
        assert b"seeds/a.txt:1" in body and b"Proefartikel" in body

        (site / "themes/default/templates").mkdir(parents=True)
        (site / "themes/default/templates/base.html").write_text("<html>\n{% if %}\n</html>\n")
        edit(site / "seeds/a.txt", "date 2022-13", "date 2022-01")
        wait_until(lambda: b"base.html:2" in get(server, url)[2])  # a template error names file and line

        (site / "themes/default/templates/base.html").unlink()
        wait_until(lambda: server.error() is None)
        status, _, body = get(server, url)
        assert status == 200 and b"sitegen-error-overlay" not in body


def test_broken_site_at_start_is_served_as_an_error_page_until_fixed(tmp_path, embedded_annotator):
    site = seed_site(tmp_path / "s")
    edit(site / "seeds/b.txt", "date 2022-02", "date 2022-02-30")
    with running(site, embedded_annotator) as server:
        status, headers, body = get(server, "/")
        assert status == 503 and headers["content-type"].startswith("text/html")
        assert b"seeds/b.txt:1" in body and b"/livereload.js" in body
        edit(site / "seeds/b.txt", "date 2022-02-30", "date 2022-02")
        wait_until(lambda: get(server, "/")[0] == 200)
        assert b"sitegen-error-overlay" not in get(server, "/")[2]


def test_edit_sends_livereload_message_and_serves_new_page(tmp_path, embedded_annotator):
    from tornado.websocket import websocket_connect

    site = seed_site(tmp_path / "s")
    with running(site, embedded_annotator) as server:
        url = article_url(site)

        async def reload_after_edit() -> dict:
            ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
            ws.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            assert json.loads(await ws.read_message())["command"] == "hello"
            ws.write_message(json.dumps({"command": "info", "url": url, "plugins": {}}))
            while server.open_tabs() == 0:
                await asyncio.sleep(0.01)
            edit(site / "seeds/a.txt", "sprak in Astana.", "sprak in Astana over hervormingen.")
            message = json.loads(await asyncio.wait_for(ws.read_message(), 20))
            ws.close()
            return message

        assert asyncio.run(reload_after_edit())["command"] == "reload"
        assert b"over hervormingen" in get(server, url)[2]
        assert server.outcome.report.annotate.annotated == 1
        time.sleep(0.5)
        assert server.builds == 1  # writing build/ and the cache did not trigger another rebuild


def test_cache_invalidated_by_pipeline_changes_only(tmp_path, embedded_annotator):
    """Template and other-article edits keep the cache; knowledge and model changes do not."""
    loads: list[str] = []

    def loader(model, language, knowledge):
        loads.append(model)
        if model == "embedded" and not knowledge.fingerprint:
            return embedded_annotator[0]()  # the same pipeline, already loaded for this session
        return _load_pipeline(model, language, knowledge)

    site = seed_site(tmp_path / "s")
    rebuilder = Rebuilder(site, loader=loader)
    annotated = lambda: rebuilder.run().report.annotate.annotated

    assert annotated() == 2
    assert annotated() == 0
    (site / "themes/default/templates").mkdir(parents=True)
    shutil.copy(Path(__import__("sitegen").__file__).parent / "themes/default/templates/base.html",
                site / "themes/default/templates/base.html")
    edit(site / "themes/default/templates/base.html", "</body>", "<footer>nieuw</footer></body>")
    outcome = rebuilder.run()
    assert outcome.report.annotate.annotated == 0 and outcome.report.write.written > 0
    assert b"nieuw" in next((site / "build").glob("2022/01/*/index.html")).read_bytes()
    edit(site / "seeds/b.txt", "naar Brussel", "naar Den Haag")
    assert annotated() == 1
    assert loads == ["embedded"]  # the pipeline stayed loaded across four rebuilds

    (site / "content").mkdir()
    (site / "content/entities.toml").write_text('[[actor]]\nname = "Kassym-Jomart Tokajev"\ntype = "PER"\n'
                                                'aliases = ["Tokajev"]\n', encoding="utf-8")
    outcome = rebuilder.run()
    assert outcome.error is None, outcome.error
    assert outcome.report.annotate.annotated == 2 and len(loads) == 2

    import spacy  # a real pipeline folder, as `nlp_model = "path"` in sitegen.toml points to

    model = tmp_path / "model"
    nlp = spacy.blank("nl")
    nlp.meta.update(name="proef", version="1.0.0")
    nlp.to_disk(model)
    (site / "sitegen.toml").write_text(f'title = "Testarchief"\nnlp_model = "{model}"\n')
    assert annotated() == 2 and len(loads) == 3  # another model: everything again
    assert annotated() == 0 and len(loads) == 3
    meta = json.loads((model / "meta.json").read_text())
    (model / "meta.json").write_text(json.dumps({**meta, "version": "1.1.0"}))
    assert annotated() == 2 and len(loads) == 4  # the same folder, retrained: everything again


def test_error_view_lists_problems():
    from sitegen.errors import Problem, ProblemsError, ThemeError

    title, lines = error_view(ProblemsError([Problem("seeds/a.txt", 1, "bad date")], "1 content problem(s):"))
    assert title == "1 content problem(s):" and lines == ("seeds/a.txt:1: bad date",)
    assert error_view(ThemeError("/t/base.html:2: template syntax error"))[1] == ("/t/base.html:2: template syntax error",)


@pytest.mark.slow
def test_cli_prints_url_and_stops_cleanly_on_ctrl_c(tmp_path):
    import signal
    import subprocess
    import sys

    site = seed_site(tmp_path / "s")
    proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "serve", "--site", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        first = proc.stdout.readline()
        assert first.startswith(f"Serving {site} on http://127.0.0.1:"), first
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        wait_until(lambda: (site / "build" / "index.html").exists(), timeout=60)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out.strip().endswith("stopped") and "Traceback" not in err


DRAFT = "---\ntitle: Concept over Astana\ndate: 2022-03-04\ndraft: true\n---\n\nTokajev opende in Astana een nieuw museum.\n"


def test_drafts_preview_is_served_from_the_cache_and_never_reaches_build(tmp_path, embedded_annotator):
    site = seed_site(tmp_path / "s", **{"content/concept.md": DRAFT})
    factory, _ = embedded_annotator
    drafts = Rebuilder(site, loader=lambda *a: factory(), drafts=True)
    with running(site, embedded_annotator, rebuilder=drafts) as server:
        preview = site / ".sitegen-cache" / "drafts-preview"
        (page,) = preview.glob("2022/03/*/index.html")
        url = "/" + page.parent.relative_to(preview).as_posix() + "/"
        status, _, body = get(server, url)
        assert status == 200 and b"Concept over Astana" in body
        assert b'<strong class="draft">Concept</strong>' in body and b'<meta name="robots" content="noindex">' in body
        assert not (site / "build").exists()  # nothing to publish by mistake
        edit(site / "content/concept.md", "nieuw museum", "nieuw theater")
        wait_for_build(server, 1)
        assert b"nieuw theater" in get(server, url)[2]
    with running(site, embedded_annotator) as server:  # the same site served as it is published
        assert get(server, url)[0] == 404
        assert not list((site / "build").glob("2022/03/*"))
        status, _, body = get(server, article_url(site))
        assert status == 200 and b'class="draft"' not in body and b"noindex" not in body


def test_cli_serve_drafts_says_where_it_builds(tmp_path):
    import signal
    import subprocess
    import sys

    site = seed_site(tmp_path / "s", **{"content/concept.md": DRAFT})
    proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "serve", "--site", str(site), "--port", "0", "--drafts"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        first = proc.stdout.readline()
        assert "drafts included (built in .sitegen-cache/drafts-preview, not in build/)" in first, first
        wait_until(lambda: list((site / ".sitegen-cache" / "drafts-preview").glob("2022/03/*/index.html")), timeout=60)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert not (site / "build").exists()


def test_first_build_of_a_big_site_annotates_in_spawned_workers(tmp_path):
    """A site big enough for a pool of annotate workers: the server's loaded pipeline goes
    to spawned workers as its recipe. It was a closure until session 11, so the server's
    first build of any site of 200+ new articles failed with a pickling error."""
    from sitegen.annotate import PARALLEL_THRESHOLD

    articles = {f"seeds/a{i:03d}.txt": f"date 2022-01\ntitle Bericht {i}\n\nMark Rutte sprak in Astana ({i}).\n"
                for i in range(PARALLEL_THRESHOLD)}
    site = make_site(tmp_path / "site", articles, 'title = "Testarchief"\nworkers = 2\n')
    outcome = Rebuilder(site).run()  # the server's own loader, as `sitegen serve` uses it
    assert outcome.error is None, outcome.error
    assert outcome.report is not None and outcome.report.annotate.annotated == PARALLEL_THRESHOLD
    page = (site / "build" / "2022" / "01" / "bericht-7" / "index.html").read_text(encoding="utf-8")
    assert "Rutte" in page and "Astana" in page


def test_a_rebuild_puts_off_the_collection_due_after_the_last_build(tmp_path, embedded_annotator):
    """The server collects garbage 2 s after a build (the collector is off during builds).
    A save within those 2 s used to have that collection run in the middle of its build:
    seconds after a big site's first build. The collection now waits for the build's end."""
    import gc

    factory, _ = embedded_annotator
    rebuilder = Rebuilder(seed_site(tmp_path / "s"), loader=lambda *a: factory())
    full: list[float] = []
    track = lambda phase, info: full.append(time.monotonic()) if phase == "start" and info["generation"] == 2 else None
    rebuilder.run()
    due = rebuilder._collection
    assert due is not None and due.is_alive()
    gc.callbacks.append(track)
    try:
        started = time.monotonic()
        rebuilder.run()  # well within the 2 s
        ended = time.monotonic()
        assert due.finished.is_set() and not due.is_alive()  # cancelled, not run
        assert not [t for t in full if started <= t <= ended]  # no full collection during the build
        assert rebuilder._collection is not due and rebuilder._collection.is_alive()  # due after this one
    finally:
        gc.callbacks.remove(track)
        rebuilder._collection.cancel()


def test_a_sessions_first_build_starts_from_the_parsed_store_and_fills_the_session(tmp_path, embedded_annotator,
                                                                                    monkeypatch):
    from sitegen import load

    factory, _ = embedded_annotator
    site = seed_site(tmp_path / "s")
    time.sleep(load.ParsedFiles.RACY_SECONDS + 0.1)  # files older than that are kept in the store
    assert main(["build", "--site", str(site), "--no-server"]) == 0  # the command's build keeps the store
    parsed: list[str] = []
    real_read_article = load.read_article

    def counted(path, *args, **kwargs):
        parsed.append(path.name)
        return real_read_article(path, *args, **kwargs)

    monkeypatch.setattr(load, "read_article", counted)
    outcome = Rebuilder(site, loader=lambda *a: factory()).run()
    assert outcome.error is None, outcome.error
    assert not outcome.report.fast_path  # build/ was up to date, but the session had to be filled
    assert outcome.report.articles == 2 and parsed == []  # from the store, not from the files
