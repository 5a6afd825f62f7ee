"""Real ``policygraph serve`` processes on loopback ports, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


@dataclass
class RunningServer:
    base: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _wait_until_up(server: RunningServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"policygraph serve exited:\n{server.log_text()}")
        try:
            if http(server.base + "/health", timeout=2)[0] == 200:
                return
        except OSError:  # not listening yet
            time.sleep(0.2)
    pytest.fail(f"policygraph serve did not answer in {STARTUP_SECONDS} s:\n{server.log_text()}")


def _stop(process: subprocess.Popen) -> int | None:
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
        return None


#: The console script of the installed project, beside this Python.
POLICYGRAPH = Path(sys.executable).parent / "policygraph"


def start_server(log: Path, *args: str, store: Path | None = None, remote=None, **settings: object):
    """Start ``policygraph serve`` (``--memory``, on the on-disk ``store``, or on the ``remote``
    engine of :mod:`tests.engines`) on a free loopback port with extra CLI args and
    ``POLICYGRAPH_*`` settings; wait until it answers."""
    port = free_port()
    env = {**os.environ, **(remote.env() if remote is not None else {})}
    env |= {f"POLICYGRAPH_{k.upper()}": str(v) for k, v in settings.items()}
    if remote is not None:
        where = ["--store-url", remote.url, "--engine", remote.engine]
    else:
        where = ["--store", str(store)] if store is not None else ["--memory"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(POLICYGRAPH), "serve", *where, "--host", "127.0.0.1", "--port", str(port), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(server)
    except BaseException:
        _stop(process)
        raise
    return server


def stop_server(server: RunningServer) -> None:
    """Stop a server; it must exit cleanly on SIGTERM."""
    status = _stop(server.process)
    assert status is not None, "the server did not exit on SIGTERM and had to be killed"
    assert status in (0, -signal.SIGTERM), server.log_text()


@pytest.fixture(scope="module")
def launch_server(tmp_path_factory) -> Iterator[Callable[..., RunningServer]]:
    """Start ``policygraph serve`` (:func:`start_server`); every server started is stopped (and
    must exit cleanly) at the end of the module."""
    started: list[RunningServer] = []

    def launch(*args: str, store: Path | None = None, **settings: object) -> RunningServer:
        log = tmp_path_factory.mktemp("serve") / "server.log"
        server = start_server(log, *args, store=store, **settings)
        started.append(server)
        return server

    yield launch
    for server in started:
        stop_server(server)


@pytest.fixture
def listener():
    """A local TCP listener that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            seen.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    stop.set()
    thread.join()
    sock.close()
