"""The build server (sitegen/buildserver.py): real `sitegen build` commands in their own
processes, a real server process on a real Unix socket, compared with builds that never
saw a server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import buildserver

from .conftest import add_seed, make_site, tree_digest

pytestmark = pytest.mark.skipif(buildserver.socket_path(Path("."), create=True) is None, reason="no Unix sockets here")

ARTICLE = """---
title: "Fietsers in Zwolle"
date: 2024-03-05
---

Het college van Zwolle wil meer ruimte voor fietsers. Volgens wethouder Anna de Vries is de
binnenstad daar klaar voor.
"""
SERVER_ON = 'title = "Testarchief"\nbuild_server = "on"\n'


@pytest.fixture
def server_env(monkeypatch):
    """The environment of a user's shell: no CI flag, no override of the mode."""
    monkeypatch.delenv(buildserver.ENV_MODE, raising=False)
    monkeypatch.delenv("CI", raising=False)
    return {k: v for k, v in os.environ.items() if k not in ("CI", buildserver.ENV_MODE)}


@pytest.fixture
def site(tmp_path, seed_path, server_env):
    root = make_site(tmp_path / "site", {"content/fietsers.md": ARTICLE}, SERVER_ON)
    add_seed(root, seed_path)
    yield root
    buildserver.stop(root)


def sitegen_build(site: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`sitegen build` as typed, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--site", str(site), *args],
                          check=False, env=env, capture_output=True, text=True, timeout=300)


def started_server(site: Path, env: dict[str, str]) -> None:
    first = sitegen_build(site, env)
    assert first.returncode == 0, first.stderr
    assert "by the build server" not in first.stdout
    assert "started a build server" in first.stderr
    assert buildserver.ready(site, 120), (site / ".sitegen-cache" / buildserver.LOG).read_text()


def fresh_build(site: Path, copy: Path, env: dict[str, str]) -> dict[str, str]:
    """The same site built from scratch in another folder, with no server anywhere near it."""
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("build", ".sitegen*"))
    done = sitegen_build(copy, env, "--no-server")
    assert done.returncode == 0, done.stderr
    return tree_digest(copy / "build")


def test_an_edit_is_built_by_the_server_into_the_bytes_a_fresh_build_writes(site, server_env, tmp_path):
    started_server(site, server_env)
    article = site / "content" / "fietsers.md"
    article.write_text(ARTICLE.replace("klaar voor.", "klaar voor. Het plan gaat in mei in."), encoding="utf-8")

    edit = sitegen_build(site, server_env, "--timings")
    assert edit.returncode == 0, edit.stderr
    assert "by the build server" in edit.stdout
    assert "annotated 1, from cache 1" in edit.stdout  # only the edited article went through the NLP
    assert "link " in edit.stdout  # --timings reached the server too
    assert fresh_build(site, tmp_path / "copy", server_env) == tree_digest(site / "build")


def test_the_server_reports_problems_and_warnings_as_a_build_here_does(site, server_env, tmp_path):
    started_server(site, server_env)
    (site / "content" / "later.md").write_text(ARTICLE.replace("2024-03-05", "2091-01-02"), encoding="utf-8")
    (site / "content" / "undated.txt").write_text("Een tekst zonder datum.\n", encoding="utf-8")

    by_server = sitegen_build(site, server_env)
    here = sitegen_build(site, server_env, "--no-server")
    assert by_server.returncode == here.returncode == 1
    assert "content/undated.txt:1:" in by_server.stderr
    assert by_server.stderr == here.stderr
    assert by_server.stdout == here.stdout == ""

    (site / "content" / "undated.txt").unlink()
    for _ in range(2):  # a warning is repeated by every build that has it, as in a fresh process
        again = sitegen_build(site, server_env)
        assert again.returncode == 0, again.stderr
        assert "by the build server" in again.stdout
        assert "warning: content/later.md: dated 2091-01-02, after today" in again.stderr


def test_a_server_of_another_sitegen_refuses_and_stops(site, server_env):
    started_server(site, server_env)
    path = buildserver.socket_path(site)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(path))
        conn.sendall(json.dumps({"protocol": buildserver.PROTOCOL, "code": "another-version",
                                 "python": sys.executable, "build": {}}).encode() + b"\n")
        reply = json.loads(conn.makefile("rb").readline())
    assert "refused" in reply
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()  # gone, and its socket with it

    here = sitegen_build(site, server_env)  # nobody answers: the command builds, and starts a new one
    assert here.returncode == 0 and "by the build server" not in here.stdout
    assert buildserver.ready(site, 120)


def test_an_idle_server_stops_by_itself(site, server_env):
    server = subprocess.Popen([sys.executable, "-m", "sitegen.buildserver", str(site), "--idle", "1"],
                              env=server_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert buildserver.ready(site, 120)
        assert server.wait(timeout=30) == 0
        assert "no build for 1 s: stopping" in server.stdout.read()
        assert not buildserver.socket_path(site).exists()
    finally:
        server.kill()
        server.wait()


def test_a_server_switched_off_in_the_config_is_stopped_by_the_next_build(site, server_env):
    started_server(site, server_env)
    (site / "sitegen.toml").write_text('title = "Testarchief"\nbuild_server = "off"\n', encoding="utf-8")
    done = sitegen_build(site, server_env)
    assert done.returncode == 0, done.stderr
    assert "by the build server" not in done.stdout and "started a build server" not in done.stderr
    assert not buildserver.ready(site, 0.5)


def test_auto_starts_no_server_for_a_small_site(tmp_path, seed_path, server_env):
    root = make_site(tmp_path / "small", {"content/fietsers.md": ARTICLE})  # build_server left at "auto"
    add_seed(root, seed_path)
    done = sitegen_build(root, server_env)
    assert done.returncode == 0, done.stderr
    assert "started a build server" not in done.stderr
    assert not buildserver.ready(root, 0.2)


def test_the_mode_comes_from_the_environment_then_the_config_and_auto_is_off_on_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(buildserver.ENV_MODE, raising=False)
    assert buildserver.mode("auto") == "auto"
    assert buildserver.mode("off") == "off"
    monkeypatch.setenv(buildserver.ENV_MODE, "off")
    assert buildserver.mode("on") == "off"
    monkeypatch.setenv(buildserver.ENV_MODE, "")
    monkeypatch.setenv("CI", "true")
    assert buildserver.mode("auto") == "off"
    assert buildserver.mode("on") == "on"


def test_no_socket_in_a_folder_others_can_enter(monkeypatch, tmp_path):
    monkeypatch.setattr(buildserver.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = tmp_path / f"sitegen-{os.getuid()}"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    assert buildserver.socket_path(tmp_path) is None
    folder.chmod(0o700)
    assert buildserver.socket_path(tmp_path).parent == folder


def test_what_is_no_build_request_is_ignored_and_the_server_keeps_answering(site, server_env):
    started_server(site, server_env)
    path = buildserver.socket_path(site)
    identity = {"protocol": buildserver.PROTOCOL, "code": buildserver.code_fingerprint(), "python": sys.executable}
    for junk in (b"\x00\xff garbage\n", b"[1, 2]\n", b"x" * 100_000 + b"\n", b"",
                 json.dumps({**identity, "build": {"base_url": 5}}).encode() + b"\n",
                 json.dumps({**identity, "build": {"output": "/etc"}}).encode() + b"\n"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(path))
            conn.sendall(junk)
            conn.shutdown(socket.SHUT_WR)
            try:
                replies = [json.loads(line) for line in conn.makefile("rb")]
            except ConnectionResetError:  # closed with the rest of the 100 KB line unread
                replies = []
        assert all("refused" in reply for reply in replies)
    assert buildserver.ready(site, 10)
    assert "by the build server" in sitegen_build(site, server_env).stdout


def test_a_killed_server_removes_its_socket(site, server_env):
    server = subprocess.Popen([sys.executable, "-m", "sitegen.buildserver", str(site)], env=server_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert buildserver.ready(site, 120)
        server.terminate()
        assert server.wait(timeout=30) == 0
        assert not buildserver.socket_path(site).exists()
    finally:
        server.kill()
        server.wait()


def test_of_two_servers_started_at_once_one_stays(site, server_env):
    servers = [subprocess.Popen([sys.executable, "-m", "sitegen.buildserver", str(site)], env=server_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        assert buildserver.ready(site, 120)
        deadline = time.monotonic() + 30
        while all(s.poll() is None for s in servers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [s.poll() for s in servers].count(None) == 1  # the other found the socket taken and left
        assert "by the build server" in sitegen_build(site, server_env).stdout
    finally:
        buildserver.stop(site)
        for server in servers:
            server.wait(timeout=30)


def test_the_live_preview_stops_the_sites_build_server(site, server_env):
    started_server(site, server_env)
    preview = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "serve", "--site", str(site), "--port", "0"],
                               env=server_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert preview.stdout.readline().startswith("stopped this site's build server")
        assert not buildserver.ready(site, 0.5)
    finally:
        preview.send_signal(signal.SIGINT)
        preview.communicate(timeout=60)


def test_a_reader_that_stops_reading_does_not_make_the_command_build_again(site, server_env):
    started_server(site, server_env)
    (site / "content" / "fietsers.md").write_text(ARTICLE.replace("klaar voor.", "klaar voor. Echt."),
                                                  encoding="utf-8")
    command = f"{sys.executable} -m sitegen.cli build --site {site} | head -c 0"
    done = subprocess.run(command, shell=True, env=server_env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert "stopped during the build" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "by the build server" in sitegen_build(site, server_env).stdout  # still there, and done
