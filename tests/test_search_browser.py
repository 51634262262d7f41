"""Issue 9 proof: search works in a real browser, at the domain root and under /archief/.

A small site (the shared seed plus three short articles) is built with the embedded
pipeline, served over real HTTP on 127.0.0.1 and driven in headless Debian Chromium:
the header search box (keyboard only), a word that occurs only in the seed ("Zjanaozen"),
the country and actor filters, sorting, the aria-live result count, result links, no
request leaving the local server, and axe-core on the results page when it is installed.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitegen import search

from .conftest import CHROMIUM, add_seed, make_site
from .conftest import CHROMIUM_ARGS as LAUNCH_ARGS

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SEED_TITLE_START = "De Kazachstaanse president Kassym-Jomart Tokajev"
EXTRA_ARTICLES = {
    "content/analyse/tokajev-macht.md": (
        "---\ntitle: Tokajev grijpt de macht\ndate: 2022-02-03\n---\n"
        "President Kassym-Jomart Tokajev van Kazachstan zette dinsdag zijn rivalen opzij. "
        "Tokajev beloofde hervormingen.\n"
    ),
    "content/nieuws/kabinet-den-haag.md": (
        "---\ntitle: Kabinet beëdigd in Den Haag\ndate: 2023-01-10\n---\n"
        "Mark Rutte presenteerde in Den Haag zijn nieuwe kabinet. Nederland heeft weer een regering.\n"
    ),
    "content/nieuws/vijandige-tekst.md": (
        "---\ntitle: Vijandige tekst over xssproef\ndate: 2021-03-01\n---\n"
        'Een xssproef met <img src=x onerror="window.pwned=1"> en <script>window.pwned=2</script> als tekst.\n'
    ),
    "content/factcheck/fietsen-utrecht.md": (
        "---\ntitle: Telt Utrecht meer fietsen dan inwoners?\ndate: 2020-06-01\n"
        "claim: Utrecht telt meer fietsen dan inwoners\nverdict: Onbewezen\n---\n"
        "Een wethouder zei het in de raad van Utrecht, maar niemand houdt het aantal fietsen bij.\n"
    ),
    "content/nieuws/leeds-budget.md": (
        "---\ntitle: Leeds approves its budget\ndate: 2023-04-04\nlang: en\n---\n"
        "The city council of Leeds approved the budget on Tuesday after a long debate.\n"
    ),
    "content/nieuws/astana-economie.md": (
        "---\ntitle: Economie van Kazachstan groeit\ndate: 2021-05-20\n---\n"
        "De economie van Kazachstan groeide dit jaar sterk, meldde het statistiekbureau in Astana.\n"
    ),
}
KAZACHSTAN_TITLES = {"Tokajev grijpt de macht", "Economie van Kazachstan groeit"}  # + the seed
TOKAJEV_TITLES = {"Tokajev grijpt de macht"}  # + the seed


class _PrefixHandler(SimpleHTTPRequestHandler):
    """Serves the folder under ``prefix`` (e.g. /archief/) and nothing outside it."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(folder: Path, prefix: str) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path, embedded_annotator) -> Iterator[dict[str, Path]]:
    """The same site built for the domain root and for base URL /archief/."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    if search.pagefind_version() is None:
        pytest.skip("pagefind is not installed (pip install 'pagefind[bin]')")
    pytest.importorskip("playwright.sync_api")
    from sitegen.build import build

    site = make_site(tmp_path_factory.mktemp("search-site"), EXTRA_ARTICLES)
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator, output=site / "build-root")
    build(site, annotator=embedded_annotator, base_url="/archief/", output=site / "build-archief")
    yield {"/": site / "build-root", "/archief/": site / "build-archief"}
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(built):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(params=["/", "/archief/"], ids=["root", "subpath"])
def site_url(request, built) -> Iterator[str]:
    server, url = _serve(built[request.param], request.param)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(site_url) else outside.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not outside, f"requests left the site: {outside}"
    assert not errors, errors


def _wait(page) -> None:
    page.wait_for_selector("#zoeken[data-state='done']")


def _titles(page) -> set[str]:
    return {a.inner_text() for a in page.query_selector_all("#zoek-resultaten li h3 a")}


def _is_seed(title: str) -> bool:
    return title.startswith(SEED_TITLE_START)


def _check(page, facet: str, value: str) -> None:
    box = page.locator(f"#zoek-filters input[name='{facet}'][value='{value}']")
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.press("Space")  # keyboard, as a screen-reader user would
    _wait(page)


def test_header_box_finds_the_seed_by_a_word_only_it_contains(page, site_url):
    page.goto(site_url)
    page.focus("#zoekveld")
    page.keyboard.type("Zjanaozen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=Zjanaozen"))
    assert page.url.startswith(site_url + "zoeken/")
    _wait(page)
    titles = _titles(page)
    assert len(titles) == 1 and _is_seed(titles.pop()), _titles(page)
    status = page.locator("#zoek-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert status.inner_text() == "1 resultaat voor ‘Zjanaozen’."
    excerpt = page.inner_html("#zoek-resultaten li .zoek-uittreksel")
    assert "<mark>Zjanaozen" in excerpt
    assert page.inner_text("#zoek-resultaten li .meta") == "januari 2022"

    link = page.locator("#zoek-resultaten li h3 a")
    assert link.get_attribute("href").startswith(urlparse(site_url).path + "2022/01/")  # under the base path
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "2022/01/**")
    assert page.inner_text("h1").startswith(SEED_TITLE_START)


def test_country_filter_keeps_only_matching_articles(page, site_url):
    page.goto(site_url + "zoeken/")
    _wait(page)
    assert page.inner_text("#zoek-status") == "Typ een zoekterm of kies een filter."
    _check(page, "country", "Kazachstan")
    titles = _titles(page)
    assert {t for t in titles if not _is_seed(t)} == KAZACHSTAN_TITLES
    assert sum(map(_is_seed, titles)) == 1
    assert page.inner_text("#zoek-status") == "3 resultaten met filter: Kazachstan."
    assert "country=Kazachstan" in page.url  # the state is in the URL: linkable, survives reload

    page.reload()
    _wait(page)
    assert page.is_checked("#zoek-filters input[name='country'][value='Kazachstan']")
    assert len(_titles(page)) == 3


def test_actor_filter_and_query_combine(page, site_url):
    page.goto(site_url + "zoeken/?q=Kazachstan")
    _wait(page)
    assert len(_titles(page)) == 3  # the seed and both Kazachstan articles; not the Dutch cabinet
    _check(page, "actor", "Kassym-Jomart Tokajev")
    titles = _titles(page)
    assert {t for t in titles if not _is_seed(t)} == TOKAJEV_TITLES and len(titles) == 2
    assert page.inner_text("#zoek-status") == "2 resultaten voor ‘Kazachstan’ met filter: Kassym-Jomart Tokajev."

    page.select_option("#zoek-sort", "date-asc")
    _wait(page)
    ordered = [a.inner_text() for a in page.query_selector_all("#zoek-resultaten li h3 a")]
    assert _is_seed(ordered[0]) and ordered[1] == "Tokajev grijpt de macht"  # januari before februari

    _check(page, "year", "2023")  # no article about Tokajev in 2023
    assert _titles(page) == set()
    assert page.inner_text("#zoek-status").startswith("Geen resultaten voor ‘Kazachstan’")


def test_type_filter_uses_the_content_folder(page, site_url):
    page.goto(site_url + "zoeken/?type=analyse")
    _wait(page)
    assert _titles(page) == {"Tokajev grijpt de macht"}


def test_verdict_filter_finds_fact_checks(page, site_url):
    page.goto(site_url + "zoeken/?verdict=Onbewezen")
    _wait(page)
    assert _titles(page) == {"Telt Utrecht meer fietsen dan inwoners?"}
    assert page.is_checked("#zoek-filters input[name='verdict'][value='Onbewezen']")
    assert page.inner_text("#zoek-filters .zoek-facet-verdict legend") == "Oordeel"


def test_language_filter_appears_on_a_site_in_two_languages(page, site_url):
    page.goto(site_url + "zoeken/")
    _wait(page)
    assert page.inner_text("#zoek-filters .zoek-facet-language legend") == "Taal"
    _check(page, "language", "English")
    assert _titles(page) == {"Leeds approves its budget"}
    assert "language=English" in page.url


def test_search_page_has_no_serious_axe_violations(page, site_url):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci --prefix tests")
    page.goto(site_url + "zoeken/?q=Tokajev&country=Kazachstan")
    _wait(page)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """() => axe.run(document, {
             runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
             resultTypes: ['violations'],
           })"""
    )
    blocking = [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in results["violations"]
                if v["impact"] in ("serious", "critical")]
    assert not blocking, blocking


def test_markup_in_article_text_stays_text_in_results(page, site_url):
    page.goto(site_url + "zoeken/?q=xssproef")
    _wait(page)
    assert _titles(page) == {"Vijandige tekst over xssproef"}
    results = page.locator("#zoek-resultaten")
    assert results.locator("img, script").count() == 0
    assert "onerror" in results.inner_text() or "img" in results.inner_text()
    assert page.evaluate("window.pwned") is None
