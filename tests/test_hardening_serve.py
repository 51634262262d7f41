"""Issue 10: the preview server under hostile or clumsy clients (all on 127.0.0.1).

``test_serve.py`` covers the server's features and the main traversal cases; this file
adds traversal at the root base path, a bounded burst of concurrent requests, clients
that disconnect mid-response or never finish their request, and checks the server keeps
answering afterwards.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import make_site
from .test_hardening_hostile import MarkerAnnotator

serve = pytest.importorskip("sitegen.serve", reason="sitegen/serve.py (the preview server) does not exist yet")

SECRET = "GEHEIM-0451"
ARTICLE = "date 2022-01\ntitle Tokajev in Almaty\n\nPresident Tokajev sprak in Kazachstan.\n"


@contextmanager
def preview(site: Path) -> Iterator[object]:
    annotator = MarkerAnnotator()
    rebuilder = serve.Rebuilder(site, loader=lambda *_: annotator)
    server = serve.PreviewServer(rebuilder, "127.0.0.1", 0, interval=0.05, debounce=0.05, log=lambda _: None)
    server.bind()
    outcome = server.build_once()
    assert outcome.error is None, outcome.error
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert server.ready.wait(10)
    try:
        yield server
    finally:
        server.stop()
        thread.join(15)
        assert not thread.is_alive(), "the server did not stop"


def raw_get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)  # path sent as is
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[object, Path]]:
    root = tmp_path_factory.mktemp("serve-hardening")
    site = make_site(root / "site", {"seeds/a.txt": ARTICLE, "geheim.txt": SECRET},
                     config=f'title = "Preview"\nsearch = false\n# {SECRET}\n')
    (root / "buiten.txt").write_text(SECRET, encoding="utf-8")
    with preview(site) as server:
        big = site / "build" / "groot.bin"  # for clients that hang up half-way
        big.write_bytes(b"x" * (16 * 2**20))
        yield server, site


@pytest.mark.parametrize("path", [
    "/../geheim.txt", "/../../buiten.txt", "/%2e%2e/geheim.txt", "/%2E%2E/sitegen.toml", "/..%2fgeheim.txt",
    "/..%2Fsitegen.toml", "/%2e%2e%2fgeheim.txt", "/.%2e/geheim.txt", "/%2e./geheim.txt",
    "/static/../../geheim.txt", "/static/%2e%2e/%2e%2e/sitegen.toml", "/2022/../../geheim.txt",
    "/%252e%252e/geheim.txt", "/..\\geheim.txt", "/..%5cgeheim.txt", "/%c0%ae%c0%ae/geheim.txt",
    "/%ef%bc%8e%ef%bc%8e/geheim.txt", "//geheim.txt", "/.sitegen-cache/annotations.sqlite",
    "/%00../geheim.txt", "/geheim.txt%00.html",
])
def test_paths_outside_the_build_are_refused(served, path):
    server, _ = served
    status, body = raw_get(server.port, path)
    assert status in (400, 404), (path, status)
    assert SECRET.encode() not in body, path


def test_burst_of_concurrent_requests_is_answered(served):
    server, site = served
    (page,) = (site / "build").glob("2022/01/*/index.html")
    paths = ["/", "/" + page.parent.relative_to(site / "build").as_posix() + "/", "/feed.xml",
             "/actoren/", "/bestaat-niet/", "/%2e%2e/geheim.txt", "/sitemap.xml", "/2022/01"]
    expected = {"/": {200}, "/bestaat-niet/": {404}, "/%2e%2e/geheim.txt": {400, 404}, "/2022/01": {301, 302}}

    def fetch(i: int) -> tuple[str, int]:
        path = paths[i % len(paths)]
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read()
            assert SECRET.encode() not in body
            return path, resp.status
        finally:
            conn.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fetch, range(200)))
    assert time.monotonic() - started < 60
    assert len(results) == 200
    for path, status in results:
        assert status in expected.get(path, {200}), (path, status)
    assert raw_get(server.port, "/")[0] == 200


def _abort(sock: socket.socket) -> None:
    """Close with a TCP reset, as a browser tab that is closed mid-download does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_client_disconnecting_mid_response_does_not_hurt_the_server(served):
    server, _ = served
    for _ in range(8):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(b"GET /groot.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        got = sock.recv(65536)
        assert got.startswith(b"HTTP/1.1 200")
        _abort(sock)
    for raw in (b"GET /groot.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"GET / HTTP/1.1\r\nHo", b"GE", b""):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        if raw:
            sock.sendall(raw)
        sock.close()
    status, body = raw_get(server.port, "/")
    assert status == 200 and b"<html" in body.lower()


def test_idle_half_open_clients_do_not_block_others(served):
    server, _ = served
    idle = []
    try:
        for _ in range(10):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes the headers
            idle.append(sock)
        started = time.monotonic()
        assert raw_get(server.port, "/", timeout=10)[0] == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()


def test_malformed_requests_get_an_error_not_a_crash(served):
    server, _ = served
    for raw in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"y" * 100_000 + b"\r\n\r\n"):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
            assert not reply or reply.startswith(b"HTTP/1.")
            assert SECRET.encode() not in reply
        except (ConnectionResetError, BrokenPipeError):
            pass  # dropping an oversized request is a fine answer
        finally:
            sock.close()
    assert raw_get(server.port, "/")[0] == 200
