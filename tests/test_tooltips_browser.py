"""Issue 4 proof: the entity tooltip cards work in a real browser.

A small site (the shared seed plus two short articles about the same actors) is built,
served over real HTTP on 127.0.0.1 and driven in headless Debian Chromium: hover, keyboard
(Tab / Escape), the close button, touch (tap), screen-reader wiring (``aria-describedby``)
and navigation to the actor page, which must list the article.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import CHROMIUM, add_seed, make_site
from .conftest import CHROMIUM_ARGS as LAUNCH_ARGS

pytestmark = pytest.mark.browser

TOKAJEV_CARD = "kaart-kassym-jomart-tokajev"
EXTRA_ARTICLES = {
    "content/nieuws/tokajev-parlement.md": (
        "---\ntitle: Tokajev spreekt parlement toe\ndate: 2022-02-03\n---\n"
        "President Kassym-Jomart Tokajev van Kazachstan sprak dinsdag het parlement toe. "
        "Tokajev beloofde hervormingen.\n"
    ),
    "content/nieuws/blinken-europa.md": (
        "---\ntitle: Blinken bezoekt Europa\ndate: 2022-03-04\n---\n"
        "De Amerikaanse minister Antony Blinken sprak met Tokajev over Kazachstan.\n"
    ),
}


def _playwright():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.skip("playwright (python) is not installed")
    return sync_playwright


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` over real HTTP on 127.0.0.1 (a free port) from a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def tooltip_site(tmp_path_factory, seed_path, embedded_annotator) -> Iterator[tuple[str, str]]:
    """(base URL of the served build, URL path of the seed article)."""
    from sitegen.build import build

    site = make_site(tmp_path_factory.mktemp("tooltip-site"), EXTRA_ARTICLES)
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator, use_cache=False)
    (page,) = (site / "build").glob("2022/01/*/index.html")
    server, base = serve_folder(site / "build")
    yield base, page.parent.relative_to(site / "build").as_posix() + "/"
    server.shutdown()
    server.server_close()
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, tooltip_site):
    """A fresh page on the seed article; fails the test on any JavaScript error."""
    base, article = tooltip_site
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(base + article)
    pg.wait_for_load_state("load")
    yield pg
    context.close()
    assert not errors, errors


def _tokajev(pg):
    """The first mention whose text is exactly "Tokajev" (not the full name)."""
    return pg.locator("div.article-body a.ent").filter(has_text=re.compile(r"^Tokajev$")).first


def _expect():
    from playwright.sync_api import expect

    return expect


def test_mention_is_wired_to_its_card_for_screen_readers(page):
    link = _tokajev(page)
    assert link.get_attribute("aria-describedby") == TOKAJEV_CARD
    card = page.locator(f"#{TOKAJEV_CARD}")
    assert card.count() == 1
    assert card.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-expanded") == "false"
    # every mention points at a card that exists on the page
    missing = page.evaluate(
        """() => [...document.querySelectorAll('a.ent')]
              .map(a => a.getAttribute('aria-describedby'))
              .filter(id => !id || !document.getElementById(id))"""
    )
    assert missing == []


def test_hover_shows_card_after_delay_and_leaving_hides_it(page):
    expect = _expect()
    link, card = _tokajev(page), page.locator(f"#{TOKAJEV_CARD}")
    expect(card).to_be_hidden()
    started = time.monotonic()
    link.hover()
    hidden_at_once = card.is_hidden()
    if time.monotonic() - started < 0.35:  # only meaningful if the machine was not stalled
        assert hidden_at_once, "the card must wait for the hover delay"
    expect(card).to_be_visible(timeout=3000)
    assert card.locator(".kaart-naam strong").inner_text() == "Kassym-Jomart Tokajev"
    assert link.get_attribute("aria-expanded") == "true"
    assert page.locator(".kaart:not([hidden])").count() == 1
    page.mouse.move(2, 2)
    expect(card).to_be_hidden(timeout=3000)
    assert link.get_attribute("aria-expanded") == "false"


def test_pointer_can_move_from_mention_onto_card(page):
    expect = _expect()
    link, card = _tokajev(page), page.locator(f"#{TOKAJEV_CARD}")
    link.hover()
    expect(card).to_be_visible(timeout=3000)
    box = card.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(800)  # longer than the hide delay
    expect(card).to_be_visible()


def test_tab_focus_shows_card_and_escape_hides_it(page):
    expect = _expect()
    link, card = _tokajev(page), page.locator(f"#{TOKAJEV_CARD}")
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Tokajev mention")
    expect(card).to_be_visible(timeout=1000)
    assert card.locator(".kaart-naam strong").inner_text() == "Kassym-Jomart Tokajev"
    page.keyboard.press("Escape")
    expect(card).to_be_hidden(timeout=1000)
    page.wait_for_timeout(700)  # nothing may reopen it behind the user's back
    expect(card).to_be_hidden()
    assert link.evaluate("el => el === document.activeElement"), "focus stays on the mention"


def test_close_button_closes_the_card_for_good(page):
    expect = _expect()
    link, card = _tokajev(page), page.locator(f"#{TOKAJEV_CARD}")
    link.hover()
    expect(card).to_be_visible(timeout=3000)
    card.locator(".kaart-sluit").click()
    expect(card).to_be_hidden(timeout=1000)
    page.wait_for_timeout(700)
    expect(card).to_be_hidden()
    assert link.evaluate("el => el === document.activeElement"), "focus returns to the mention"


def test_escape_with_focus_inside_card_keeps_it_closed(page):
    expect = _expect()
    link, card = _tokajev(page), page.locator(f"#{TOKAJEV_CARD}")
    link.hover()
    expect(card).to_be_visible(timeout=3000)
    card.locator(".kaart-sluit").focus()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden(timeout=1000)
    page.wait_for_timeout(700)
    expect(card).to_be_hidden()


def test_click_goes_to_actor_page_that_lists_the_article(page, tooltip_site):
    _, article = tooltip_site
    link = _tokajev(page)
    title = page.locator("article h1").inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/actoren/kassym-jomart-tokajev/$"), timeout=5000)
    assert "Kassym-Jomart Tokajev" in page.locator("h1").inner_text()
    hrefs = page.evaluate("() => [...document.querySelectorAll('main a[href], a[href]')].map(a => a.href)")
    assert any(h.endswith("/" + article) for h in hrefs), hrefs
    assert page.get_by_role("link", name=title).count() >= 1


def test_touch_first_tap_opens_card_second_tap_follows_link(browser, tooltip_site):
    expect = _expect()
    base, article = tooltip_site
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 400, "height": 800})
    try:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(base + article)
        link, card = _tokajev(pg), pg.locator(f"#{TOKAJEV_CARD}")
        link.scroll_into_view_if_needed()
        link.tap()
        expect(card).to_be_visible(timeout=2000)
        pg.wait_for_timeout(300)
        assert pg.url == base + article, "the first tap must not navigate"
        link.tap()
        pg.wait_for_url(re.compile(r"/actoren/kassym-jomart-tokajev/$"), timeout=5000)
        assert not errors, errors
    finally:
        context.close()


def test_tap_elsewhere_closes_card_on_touch(browser, tooltip_site):
    expect = _expect()
    base, article = tooltip_site
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 400, "height": 800})
    try:
        pg = context.new_page()
        pg.goto(base + article)
        link, card = _tokajev(pg), pg.locator(f"#{TOKAJEV_CARD}")
        link.scroll_into_view_if_needed()
        link.tap()
        expect(card).to_be_visible(timeout=2000)
        pg.locator("article h1").tap()
        expect(card).to_be_hidden(timeout=2000)
    finally:
        context.close()
