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
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import add_seed, make_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
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
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib_contextmanager := None  # placeholder replaced below (keeps flake-free import order)
