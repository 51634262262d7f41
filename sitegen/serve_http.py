"""HTTP side of the preview server: safe file lookup, reload script and error overlay.

Only files of the finished build are served (``build()`` swaps the new site in
atomically, so there is never a half-written folder to see), only under the site's base
path, and never anything outside the build: dot-segments in any encoding, NUL bytes,
backslashes and symlinks are refused. HTML responses get the livereload client and, while
the last rebuild failed, an overlay that names the file and line to fix.
"""

from __future__ import annotations

import html
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler  # type: ignore[import-untyped]
from tornado import web

OVERLAY_ID = "sitegen-error-overlay"
# livereload.js finds the server from its own URL and opens ws://<same host>/livereload.
RELOAD_SCRIPT = '<script src="/livereload.js" data-sitegen-live-reload></script>'


@dataclass(frozen=True, slots=True)
class Found:
    path: Path


@dataclass(frozen=True, slots=True)
class Redirect:
    location: str


@dataclass(frozen=True, slots=True)
class Refused:
    status: int  # 400 for malformed paths, 404 for everything that is not in the build


def resolve(root: Path, base_path: str, raw_path: str) -> Found | Redirect | Refused:
    """Map a raw (still %-encoded) request path to a file of the build, or say why not.

    ``root`` must already be a real path (no symlinks in it). The path is decoded once;
    a ``%`` left after decoding means double encoding (``%252e%252e``) and is refused
    outright rather than guessed at.
    """
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return Refused(400)
    if not path.startswith("/") or any(c in path for c in "\\\x00%") or "//" in path:
        return Refused(400)
    if not path.startswith(base_path):
        return Redirect(base_path) if path in ("/", base_path.rstrip("/")) else Refused(404)
    parts = path[len(base_path):].split("/")
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return Refused(404)  # dot-segments and hidden files (.nojekyll) are never served
    target = root.joinpath(*[p for p in parts if p])
    if target.is_dir() and not path.endswith("/"):
        return Redirect(quote(path + "/"))
    if target.is_dir():
        target = target / "index.html"
    if os.path.realpath(target) != str(target):
        return Refused(404)  # a symlink somewhere on the way: it could lead anywhere
    return Found(target) if target.is_file() else Refused(404)


def error_overlay(title: str, lines: tuple[str, ...]) -> str:
    """A fixed banner over the page; each line is ``file:line: message``."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
        'max-height:70vh;overflow:auto;background:#2b0000;color:#fff;font:15px/1.5 system-ui,sans-serif;'
        'padding:1em 1.5em;border-bottom:4px solid #e00;box-shadow:0 4px 16px #0008">'
        f'<strong>sitegen: {html.escape(title)}</strong>'
        f'<ul style="margin:.5em 0;padding-left:1.2em;white-space:pre-wrap">{items}</ul>'
        '<small>Showing the last good build. Save a fix and this page reloads by itself.</small></div>'
    )


def inject(page: bytes, script: str, overlay: str) -> bytes:
    """Add the reload script before ``</head>`` and the overlay after ``<body…>``."""
    text = page.decode("utf-8", errors="replace")
    lower = text.lower()
    head_end = lower.find("</head>")
    text = text[:head_end] + script + text[head_end:] if head_end >= 0 else script + text
    if overlay:
        lower = text.lower()
        body = lower.find("<body")
        body_end = lower.find(">", body) + 1 if body >= 0 else 0
        text = text[:body_end] + overlay + text[body_end:]
    return text.encode("utf-8")


class ServerState(Protocol):
    """What the handlers need from the server (see ``sitegen.serve.PreviewServer``)."""

    def site(self) -> tuple[Path, str]: ...  # (real output folder, base path)

    def error(self) -> tuple[str, tuple[str, ...]] | None: ...

    async def until_current(self) -> None: ...


class SiteHandler(web.RequestHandler):
    """GET/HEAD for files of the build; waits for a pending rebuild before answering."""

    def initialize(self, state: ServerState) -> None:
        self.state = state

    def compute_etag(self) -> None:
        return None  # every reload must fetch the new bytes

    async def head(self) -> None:
        await self.get(include_body=False)

    async def get(self, include_body: bool = True) -> None:
        await self.state.until_current()
        root, base_path = self.state.site()
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        found = resolve(root, base_path, self.request.path) if root.is_dir() else Refused(503)
        if isinstance(found, Redirect):
            self.redirect(found.location + (f"?{self.request.query}" if self.request.query else ""))
            return
        if isinstance(found, Refused):
            self._send_missing(found.status, root, base_path, include_body)
            return
        self._send_file(found.path, 200, include_body)

    def _send_missing(self, status: int, root: Path, base_path: str, include_body: bool) -> None:
        page = root / "404.html"
        if status == 404 and root.is_dir() and page.is_file() and not page.is_symlink():
            self._send_file(page, 404, include_body)
            return
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        message = "no site has been built yet" if status == 503 else f"HTTP {status}"
        body = f"<!doctype html><html><head><title>{message}</title></head><body><p>{message}</p></body></html>"
        if include_body:
            self.finish(self._decorate(body.encode("utf-8")))

    def _send_file(self, path: Path, status: int, include_body: bool) -> None:
        data = path.read_bytes()
        mime, encoding = mimetypes.guess_type(path.name)
        if encoding:
            mime = "application/octet-stream"  # never let the browser transparently unzip
        mime = mime or "application/octet-stream"
        if mime == "text/html":
            data = self._decorate(data)
        if mime.startswith("text/") or mime in ("application/javascript", "application/json", "application/xml"):
            mime += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", mime)
        if include_body:
            self.finish(data)
        else:
            self.set_header("Content-Length", str(len(data)))
            self.finish()

    def _decorate(self, page: bytes) -> bytes:
        error = self.state.error()
        overlay = error_overlay(*error) if error else ""
        return inject(page, RELOAD_SCRIPT, overlay)


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket protocol, with a per-server set of open tabs.

    The library keeps its tabs in one class attribute shared by every server in the
    process; this keeps them on the server, and only accepts pages of our own origin.
    """

    def initialize(self, tabs: set[LiveReloadHandler]) -> None:
        self.tabs = tabs

    def check_origin(self, origin: str) -> bool:
        host = self.request.headers.get("Host", "")
        return origin.split("://", 1)[-1] == host

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        if self in LiveReloadHandler.waiters:
            LiveReloadHandler.waiters.discard(self)
            self.tabs.add(self)

    def on_close(self) -> None:
        self.tabs.discard(self)


def make_app(state: ServerState, tabs: set[LiveReloadHandler]) -> web.Application:
    return web.Application(
        [
            (r"/livereload", ReloadSocket, {"tabs": tabs}),
            (r"/livereload\.js", LiveReloadJSHandler),
            (r".*", SiteHandler, {"state": state}),
        ],
        compress_response=False,
    )


def notify_tabs(tabs: set[LiveReloadHandler]) -> int:
    """Tell every open tab to reload; call on the server's event loop. Returns the count."""
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for tab in list(tabs):
        try:
            tab.write_message(message)
        except Exception:  # noqa: BLE001 - a tab that closed mid-send is simply dropped
            tabs.discard(tab)
    return len(tabs)
