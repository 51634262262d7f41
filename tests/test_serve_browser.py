"""``sitegen serve`` in a real browser: edit → the open page reloads by itself; a broken
edit → an overlay naming file and line; the fix → the page recovers.

Uses Debian's headless Chromium through Playwright (never a downloaded browser) and
is skipped when it is not installed.
"""

from __future__ import annotations

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .test_serve import article_url, edit, running, seed_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (/usr/bin/chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_page_reloads_itself_shows_overlay_and_recovers(tmp_path, embedded_annotator, browser):
    site = seed_site(tmp_path / "s", 'title = "T"\nbase_url = "https://example.org/archief/"\n')
    with running(site, embedded_annotator) as server:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}{article_url(site, '/archief/')}")
        assert "Tokajev sprak in Astana" in page.inner_text("body")
        page.wait_for_function("() => document.querySelector('script[data-sitegen-live-reload]') !== null")
        _wait(lambda: server.open_tabs() == 1)
        page.evaluate("() => { window.notReloaded = true; }")

        edit(site / "seeds/a.txt", "sprak in Astana.", "sprak in Astana over nieuwe hervormingen.")
        page.wait_for_function("() => document.body.innerText.includes('over nieuwe hervormingen')", timeout=20_000)
        assert page.evaluate("() => window.notReloaded") is None  # a real reload, not a DOM patch

        edit(site / "seeds/a.txt", "date 2022-01", "date 2022-13")
        overlay = page.wait_for_selector("#sitegen-error-overlay", timeout=20_000)
        assert "seeds/a.txt:1" in overlay.inner_text() and "2022-13" in overlay.inner_text()
        assert "over nieuwe hervormingen" in page.inner_text("body")  # the last good page stays

        edit(site / "seeds/a.txt", "date 2022-13", "date 2022-01")
        page.wait_for_selector("#sitegen-error-overlay", state="detached", timeout=20_000)
        assert "over nieuwe hervormingen" in page.inner_text("body")
        page.close()


def _wait(condition, timeout: float = 10) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)
