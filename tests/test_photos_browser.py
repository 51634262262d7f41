"""A real browser downloads the smallest copy of a photo that fills its place (photos.py,
render/images.py): Debian Chromium, headless, over real HTTP, on a phone-sized and on a
wide high-density window."""

from __future__ import annotations

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, make_site
from .test_images import jpeg
from .test_tooltips_browser import _playwright, serve_folder

pytestmark = pytest.mark.browser

ARTICLE = """---
title: De haven bij nacht
date: 2024-03-09
---
De haven van Rotterdam werkt ook 's nachts door.

![De kranen](beelden/kranen.jpg "Kranen aan de Maasvlakte. Foto: redactie")
"""


@pytest.mark.parametrize(("viewport", "density", "expected"), [
    ({"width": 390, "height": 800}, 1, "kranen-480w.jpg"),  # 358 pixels wide on a phone
    ({"width": 1280, "height": 900}, 2, "kranen-1600w.jpg"),  # 42rem at twice the density: 1,344
])
def test_the_browser_fetches_the_copy_that_fits(tmp_path, embedded_annotator, viewport, density, expected):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from sitegen.build import build

    site = make_site(tmp_path / "s", {"content/haven.md": ARTICLE, "content/beelden/kranen.jpg": jpeg(2400, 1350)})
    build(site, annotator=embedded_annotator)
    server, base = serve_folder(site / "build")
    fetched: list[str] = []
    try:
        with _playwright()() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport=viewport, device_scale_factor=density)
            page = context.new_page()
            page.on("request", lambda request: fetched.append(request.url))
            page.goto(base + "2024/03/de-haven-bij-nacht/")
            page.wait_for_load_state("load")
            photo = page.locator("figure img")
            shown = photo.evaluate("img => [img.currentSrc.split('/').pop(), img.complete && img.naturalWidth > 0]")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert shown == [expected, True]
    assert [u.rsplit("/", 1)[1] for u in fetched if "/beelden/" in u] == [expected]  # that one only
