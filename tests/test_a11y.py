"""Issue 7 proof: axe-core finds no serious or critical accessibility violations.

The sample site is built, served over HTTP on 127.0.0.1, and the home, article, actor,
country and archive pages are loaded in headless Debian Chromium (Playwright). axe-core,
the maintained rule engine behind Lighthouse's accessibility audit, is injected from
``tests/node_modules`` (install it with ``npm ci --prefix tests``; the test skips without
it) and run with its WCAG 2.x A/AA and best-practice rules.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.build import build

from .conftest import CHROMIUM
from .conftest import CHROMIUM_ARGS as LAUNCH_ARGS
from .test_static_hosting import copy_sample_site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
PAGES = {
    "home": "",
    "article": "2022/01/tokajev-geeft-bevel-om-zonder-waarschuwing-te-schieten/",
    "actor": "actoren/kassym-jomart-tokajev/",
    "country": "landen/kz/",
    "topic": "onderwerpen/kazachstan/",
    "archive": "archief/",
    "page": "over/",
    "analysis": "2022/02/tokajev-rekent-af-met-de-schaduw-van-nazarbajev/",  # a table of contents
    "sourced": "2022/11/armenie-keert-zich-op-csto-top-tegen-eigen-bondgenoten/",  # a footnote
    "fact-check": "2022/03/is-kazachstan-het-grootste-land-van-centraal-azie/",  # a claim and its verdict
    "translated": "2022/07/rybakina-wins-kazakhstan-its-first-grand-slam-title/",  # in English, with its Dutch version
    "corrected": "2023/02/blinken-in-astana-vs-steunen-soevereiniteit-centraal-azie/",  # a correction under it
    "corrections": "correcties/",  # the site's corrections log
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedded_annotator) -> Iterator[tuple[str, Path]]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci --prefix tests")
    pytest.importorskip("playwright.sync_api")
    site = copy_sample_site(tmp_path_factory.mktemp("a11y") / "site")
    build(site, base_url="/archief/", annotator=embedded_annotator, use_cache=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site / "build")))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site / "build"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


def _page_path(build_dir: Path, kind: str) -> str:
    path = PAGES[kind]
    if kind == "article" and not (build_dir / path / "index.html").exists():
        path = min(build_dir.glob("20*/[01]*/*/index.html")).parent.relative_to(build_dir).as_posix() + "/"
    assert (build_dir / path / "index.html").exists(), path
    return path


@pytest.mark.parametrize(("kind", "scheme"), [*((k, "light") for k in PAGES), ("article", "dark"), ("actor", "dark"), ("analysis", "dark"), ("fact-check", "dark"),
                                                  ("translated", "dark"), ("corrected", "dark")])
def test_no_serious_axe_violations(kind, scheme, served, browser):
    base, build_dir = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base + _page_path(build_dir, kind))
        page.wait_for_load_state("load")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            """() => axe.run(document, {
                 runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
                 resultTypes: ['violations'],
               })"""
        )
    finally:
        context.close()
    assert results["passes"] is not None
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}: "
        f"{v['nodes'][0]['failureSummary']}"
        for v in blocking
    ]
    assert not blocking, f"{kind} page ({scheme}):\n" + "\n".join(report)


def test_an_article_prints_without_the_site_around_it(served, browser):
    """On paper: the article's text and facts; no header, search box, footer or tooltip cards."""
    base, build_dir = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + _page_path(build_dir, "article"))
        page.emulate_media(media="print")
        shown = page.evaluate("""() => Object.fromEntries(
            ['.site-header', '.site-footer', '.kaarten', 'article h1', '.article-body', '.article-side'].map(
              s => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))""")
        pdf = page.pdf()  # Chromium's own print path, not only the media query
    finally:
        context.close()
    assert shown == {".site-header": False, ".site-footer": False, ".kaarten": False,
                     "article h1": True, ".article-body": True, ".article-side": True}
    assert pdf.startswith(b"%PDF")
