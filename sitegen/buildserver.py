"""The build server: ``sitegen build`` of a big site, handed to a process that kept the
last build in memory.

A fresh process must read 10,000 parsed articles and their annotations and link the
corpus before it knows what one edit changed: 7 of the 9 seconds a one-article edit takes
at that size (bench/RESULTS.md). The live server (``serve.Rebuilder``) keeps all of that
between its builds and rebuilds the same edit in about 2 seconds. After a command-line
build of a site of ``MIN_ARTICLES`` or more, sitegen leaves such a process running, as
Gradle leaves its daemon: the next ``sitegen build`` of that site sends it the request
over a Unix socket and prints what it answers. The output is the same bytes as a build in
a fresh process (the session holds caches keyed by content, never results taken on
trust: ``tests/test_incremental_render.py``, ``tests/test_build_server.py``).

The server builds only its own site folder, answers only its own user (the socket lies in
a folder only that user can enter), and goes away after ``IDLE_SECONDS`` without a request,
when sitegen's code or the Python running it changes, when the site's config says
``build_server = "off"``, or on ``sitegen build --stop-server``. Whenever it cannot answer,
the command builds in its own process, as it always did.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from .codehash import code_fingerprint
from .errors import SitegenError

PROTOCOL = 1
MIN_ARTICLES = 2000  # "auto": below this a build in a fresh process takes about 2 s anyway
IDLE_SECONDS = 15 * 60
MODES = ("auto", "on", "off")
ENV_MODE = "SITEGEN_BUILD_SERVER"  # overrides the config's build_server (a CI machine: "off")
LOG = "build-server.log"  # in the cache folder: what the server printed outside requests
_REQUEST_LIMIT = 64 * 1024


@dataclass(frozen=True, slots=True)
class Request:
    """One ``sitegen build`` as the server runs it: the options that change its output."""

    base_url: str | None = None
    keep_going: bool = False
    timings: bool = False


def socket_path(site_root: Path, create: bool = False) -> Path | None:
    """Where the server of ``site_root`` listens; None where there can be none (no Unix
    sockets, or the folder for them is not this user's alone). ``create``: make the
    folder if missing (a server starting); a command that only asks makes nothing."""
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "getuid"):
        return None
    folder = Path(tempfile.gettempdir()) / f"sitegen-{os.getuid()}"
    try:
        if create:
            folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077 or not folder.is_dir() or folder.is_symlink():
        return None  # someone else's, or open to others: no server rather than a shared socket
    name = hashlib.blake2b(os.fsencode(site_root.resolve()), digest_size=10).hexdigest()
    return folder / f"{name}.sock"


def mode(configured: str) -> str:
    """The build server mode: the environment's, else the config's (``build_server``).
    "auto" is "off" on a CI machine (``CI`` set), where nothing should outlive the job."""
    chosen = os.environ.get(ENV_MODE, "").strip().lower() or configured
    if chosen not in MODES:
        chosen = "auto"
    if chosen == "auto" and os.environ.get("CI"):
        return "off"
    return chosen


# --- the command's side ---------------------------------------------------------------

def delegate(site_root: Path, request: Request, out: IO[str], err: IO[str]) -> int | None:
    """Have this site's build server build; its exit status, or None when no server took
    the request (none running, or it refused: another sitegen or Python), so the caller
    builds itself."""
    path = socket_path(site_root)
    if path is None or not path.exists():
        return None
    try:
        conn = _connect(path)
    except OSError:
        return None
    with conn:
        for reply in _replies_until_closed(conn, {**_identity(), "build": asdict(request)}):
            if "out" in reply:  # a closed stdout (`| head`) raises here, for the command to handle
                out.write(reply["out"])
                out.flush()
            elif "err" in reply:
                err.write(reply["err"])
                err.flush()
            elif "exit" in reply:
                return int(reply["exit"])
            elif "refused" in reply:
                return None
    print(f"the build server stopped during the build (see {LOG} in the cache folder); building here",
          file=err, flush=True)
    return None


def _replies_until_closed(conn: socket.socket, message: dict[str, Any]):
    """The server's replies to ``message``, ending where the connection does (a server
    that died mid-build): socket errors end the stream, the caller's own errors do not."""
    try:
        _send(conn, message)
        with conn.makefile("rb") as lines:
            while True:
                try:
                    line = lines.readline()
                except OSError:
                    return
                if not line.endswith(b"\n"):
                    return  # the end, or half a line from a server that died writing it
                yield json.loads(line)
    except OSError:
        return


def stop(site_root: Path) -> bool:
    """Ask this site's build server to stop; True if one was running (a server of another
    sitegen refuses the request, and stops all the same)."""
    path = socket_path(site_root)
    if path is None or not path.exists():
        return False
    try:
        with _connect(path) as conn:
            return any("exit" in reply or "refused" in reply
                       for reply in _replies_until_closed(conn, {**_identity(), "stop": True}))
    except OSError:
        return False


def ready(site_root: Path, timeout: float) -> bool:
    """Wait until this site's build server answers (its first build done); False if none
    does within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    path = socket_path(site_root)
    while path is not None:  # asked at least once, even with no time to wait
        if path.exists():
            try:
                with _connect(path) as conn:
                    conn.settimeout(max(0.1, deadline - time.monotonic()))  # a first build may be running
                    return any("exit" in reply for reply in _replies_until_closed(conn, {**_identity(), "ping": True}))
            except OSError:
                pass
        if time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    return False


def start(site_root: Path, cache: Path) -> bool:
    """Start a build server for ``site_root`` in the background, unless one is running;
    True if one was started. Its first build fills its memory; output goes to ``LOG``."""
    path = socket_path(site_root, create=True)
    if path is None or ready(site_root, 0.0):
        return False
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOG, "wb") as log, warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # it is meant to outlive this process
        subprocess.Popen([sys.executable, "-m", "sitegen.buildserver", str(site_root.resolve())],
                         stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True,  # not the terminal's: Ctrl-C there does not reach it
                         close_fds=True)
    return True


def _identity() -> dict[str, Any]:
    """What must match between the command and the server: the same sitegen on the same Python."""
    return {"protocol": PROTOCOL, "code": code_fingerprint(), "python": sys.executable}


def _connect(path: Path, timeout: float = 2.0) -> socket.socket:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(str(path))
        conn.settimeout(None)  # a build takes as long as it takes
    except OSError:
        conn.close()
        raise
    return conn


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


# --- the server's side ----------------------------------------------------------------

def serve_builds(site_root: Path, idle: float = IDLE_SECONDS) -> int:
    """Listen for this site's builds until idle for ``idle`` seconds or told to stop."""
    from .serve import Rebuilder

    path = socket_path(site_root, create=True)
    if path is None:
        return 1
    listener = _listen(path)
    if listener is None:
        return 0  # another server of this site answers there
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill`: remove the socket on the way out
    warnings.simplefilter("default")
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"  # type: ignore[assignment]
    mine = path.stat().st_ino
    builder = Rebuilder(site_root)
    identity = _identity()
    try:
        with listener:
            first = builder.run()  # fills the session: the site's state as of now
            print(first.summary(), flush=True)
            listener.settimeout(idle)
            while True:
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    print(f"no build for {idle:.0f} s: stopping", flush=True)
                    return 0
                with conn:
                    if not _still_listening(path, mine) or not _answer(conn, builder, identity):
                        return 0
    finally:
        if _still_listening(path, mine):
            path.unlink()


def _listen(path: Path) -> socket.socket | None:
    """A socket listening at ``path``; None if a live server holds it (a dead one's file
    is replaced). Listening at once: a second server starting meanwhile must find it taken."""
    for attempt in range(2):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(path))
            listener.listen(8)  # requests made during the first build wait for it
            return listener
        except OSError:
            listener.close()
        if attempt:
            return None
        try:
            _connect(path, timeout=1.0).close()
            return None  # answered: taken
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink()  # a server that died without removing it
    return None


def _still_listening(path: Path, inode: int) -> bool:
    """The socket file is still this server's (not removed, nor replaced by another's)."""
    try:
        return path.stat().st_ino == inode
    except OSError:
        return False


def _answer(conn: socket.socket, builder, identity: dict[str, Any]) -> bool:
    """Serve one request; False when the server should stop."""
    conn.settimeout(5.0)
    try:
        with conn.makefile("rb") as reader:
            message = json.loads(reader.readline(_REQUEST_LIMIT))
    except (OSError, ValueError):
        return True  # not a sitegen command: ignore it
    if not isinstance(message, dict):
        return True
    conn.settimeout(None)
    reply = _Reply(conn)
    if any(message.get(key) != value for key, value in identity.items()):
        reply.send(refused="another sitegen or Python: the command builds itself; this server stops")
        return False
    if message.get("stop"):
        reply.send(exit=0)
        return False
    if message.get("ping"):
        reply.send(exit=0)
        return True
    request = _request(message.get("build"))
    if request is None:
        reply.send(refused="not a build request")
        return True
    if _switched_off(builder.site_root):
        reply.send(refused="build_server is off for this site")
        return False
    reply.send(exit=_build(builder, request, reply.stream("out"), reply.stream("err")))
    return True


def _request(fields: object) -> Request | None:
    """The build a command asks for, if it is one: known fields of the right types only."""
    if not isinstance(fields, dict) or not set(fields) <= set(Request.__slots__):
        return None
    request = Request(**fields)
    if not isinstance(request.base_url, (str, type(None))) or not isinstance(request.keep_going, bool) \
            or not isinstance(request.timings, bool):
        return None
    return request


def _switched_off(site_root: Path) -> bool:
    """The site's config (as it is now) or this process's environment says no build server."""
    from .config import load_config

    try:
        return mode(load_config(site_root).build_server) == "off"
    except SitegenError:
        return False  # the build reports the broken config


def _build(builder, request: Request, out: IO[str], err: IO[str]) -> int:
    """``sitegen build`` with the server's session, printing what the command prints."""
    from .cli import build_summary, say_waiting, show_error

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("always")  # this build's warnings, whatever earlier builds said
        try:
            report = builder.rebuild(base_url=request.base_url, keep_going=request.keep_going,
                                     waiting=say_waiting)
        except SitegenError as exc:
            show_error(str(exc))
            return 1
        except Exception:  # a bug: the command shows it; this server's state is not to be trusted
            import traceback

            traceback.print_exc()
            raise
        for line in build_summary(report, request.timings, by_server=True):
            print(line)
        return 0


class _Reply:
    """The answer to one request: JSON lines, one per piece of output, then the exit status.
    A command that went away (Ctrl-C) stops nothing: the build finishes for the next one."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn
        self._open = True

    def send(self, **message: Any) -> None:
        if not self._open:
            return
        try:
            _send(self._conn, message)
        except OSError:
            self._open = False

    def stream(self, name: str) -> IO[str]:
        return _Stream(lambda text: self.send(**{name: text}))


class _Stream(io.TextIOBase):
    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._write(text)
        return len(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.buildserver",
                                     description="the build server of one site (started by 'sitegen build')")
    parser.add_argument("site")
    parser.add_argument("--idle", type=float, default=IDLE_SECONDS, help="seconds without a build before it stops")
    args = parser.parse_args(argv)
    return serve_builds(Path(args.site), args.idle)


if __name__ == "__main__":
    sys.exit(main())
