"""``serve --fronts N``: front processes that answer lookups beside the main process.

Each front process must answer a lookup on its own (the main process stopped), see a write
made through any process at its next request, send everything else to the main process
unchanged, end when a lookup runs past its time limit (and be replaced), and stop with the
server.
"""

from __future__ import annotations

import http.client as httpclient
import json
import os
import select
import signal
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import POLICYGRAPH, http, start_server, stop_server

pytestmark = pytest.mark.e2e

TOKEN = "e2e-fronts-token-3c"
NODES = 24
LABEL = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s { ?s skos:prefLabel 'n0'@en }"
)
ASK_NEW = "ASK { <urn:n0> <urn:seen> 'yes' }"
JSON = "application/sparql-results+json"


def _data() -> str:
    skos = "http://www.w3.org/2004/02/skos/core#prefLabel"
    lines = []
    for i in range(NODES):
        lines.append(f'<urn:n{i}> <{skos}> "n{i}"@en <urn:g> .')
        lines += [f"<urn:n{i}> <urn:e> <urn:n{j}> <urn:g> ." for j in range(NODES)]
    return "\n".join(lines) + "\n"


def load(where: Path) -> Path:
    """An on-disk store of the test data under ``where``."""
    (where / "data.nq").write_text(_data())
    loaded = subprocess.run(
        [str(POLICYGRAPH), "load", "--store", str(where / "store"), "--no-validate",
         str(where / "data.nq")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    return where / "store"


@pytest.fixture(scope="module", params=["waitress", "granian"])
def server(request, tmp_path_factory):
    """The server with two fronts, served by waitress (one Python process each) or by granian
    (its Rust HTTP server and two worker processes: ``--front-server granian``)."""
    log = tmp_path_factory.mktemp("fronts-log") / "server.log"
    store = load(tmp_path_factory.mktemp("fronts"))  # its own: the tests write
    # a generous time limit: the main process starts its query workers on its first query,
    # which took 5-10 s on the shared test machine at load 20
    running = start_server(
        log, "--fronts", "2", "--front-server", request.param,
        store=store, write_token=TOKEN, max_result_rows=100, query_timeout=60,
    )  # fmt: skip
    running.front_server = request.param  # type: ignore[attr-defined]
    yield running
    stop_server(running)


def fronts(server) -> list[int]:
    """The front processes of ``server`` (its children running server.fronts)."""
    found = []
    root = server.process.pid
    try:
        tasks = os.listdir(f"/proc/{root}/task")
    except OSError:
        return []
    for task in tasks:
        for child in _read(f"/proc/{root}/task/{task}/children").split():
            cmdline = _read(f"/proc/{child}/cmdline")
            if "granian_main" in cmdline:  # granian: its worker processes are the fronts
                found += [int(pid) for pid in _read(f"/proc/{child}/task/{child}/children").split()]
            elif "server.fronts" in cmdline:
                found.append(int(child))
    return sorted(found)


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:  # the task or process ended meanwhile
        return ""


def wait_for_fronts(server, count: int = 2, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    port = int(server.base.rsplit(":", 1)[1])
    while time.monotonic() < deadline:
        pids = fronts(server)
        granian = getattr(server, "front_server", "waitress") == "granian"
        if len(pids) == count and all(_listening(pid, port, granian) for pid in pids):
            return pids
        time.sleep(0.2)
    pytest.fail(f"{count} front processes did not start:\n{server.log_text()}")


def _listening(pid: int, port: int, granian: bool) -> bool:
    """Whether the front process has started serving: its waitress threads are up (it was
    handed the listening socket when it started), or, a granian worker, it holds a socket
    listening on ``port`` (bound after its app was loaded; it has threads before)."""
    try:
        if not granian:
            return len(os.listdir(f"/proc/{pid}/task")) > 3
        held = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in _read(table).splitlines()[1:]:
            fields = line.split()  # local address, remote, state (0A: LISTEN), ..., inode
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                if f"socket:[{fields[9]}]" in held:
                    return True
    return False


@contextmanager
def stopped(*pids: int) -> Iterator[None]:
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def get(server, query: str, accept: str = JSON, wait: float = 20, **params: str):
    args = urllib.parse.urlencode({"query": query, **params})
    return http(f"{server.base}/sparql?{args}", headers={"Accept": accept}, timeout=wait)


def alone(server) -> Iterator[int]:
    """Each front process in turn, with the main process and the other fronts stopped: a new
    connection can only be answered by that one (see :func:`get_alone`)."""
    pids = wait_for_fronts(server)
    for pid in pids:
        others = [p for p in pids if p != pid]
        with stopped(server.process.pid, *others):
            yield pid


def get_alone(server, query: str, pid: int | None = None, seconds: float = 120):
    """``get`` while one front runs alone. waitress's fronts accept on one shared socket, so
    the running one takes the connection. granian's workers listen each on their own socket
    (``SO_REUSEPORT``) and the kernel picks one by the connection's address: a connection given
    to a stopped worker waits until it runs again. So a new connection is opened every second,
    none given up, and the first answer is taken: one that never comes means the running front
    did not answer for ``seconds`` (a short wait per connection failed on a loaded machine,
    where the running front took longer than the wait to answer each one)."""
    if getattr(server, "front_server", "waitress") == "waitress":
        return get(server, query)
    deadline = time.monotonic() + seconds
    pool = ThreadPoolExecutor(max_workers=int(seconds))
    pending: set[Future] = set()
    try:
        while time.monotonic() < deadline:
            pending.add(pool.submit(get, server, query, wait=seconds))
            done, pending = wait(pending, timeout=1, return_when=FIRST_COMPLETED)
            for future in done:
                if future.exception() is None:
                    return future.result()
    finally:  # those on the stopped worker end when it runs again (or at their time limit)
        pool.shutdown(wait=False, cancel_futures=True)
    log = server.log_text()[-4000:]
    pytest.fail(f"the running front never answered in {seconds} s\n{_where(pid)}\n{log}")


def _where(pid: int | None) -> str:
    """What the front process ``pid`` is doing: its state and each thread's kernel wait."""
    if pid is None:
        return ""
    lines = [line for line in _read(f"/proc/{pid}/status").splitlines() if line[:6] == "State:"]
    for task in sorted(os.listdir(f"/proc/{pid}/task")) if os.path.isdir(f"/proc/{pid}") else []:
        name = _read(f"/proc/{pid}/task/{task}/comm").strip()
        lines.append(f"thread {task} {name}: {_read(f'/proc/{pid}/task/{task}/wchan')}")
    return f"front {pid}: " + "\n".join(lines)


def test_every_front_process_answers_lookups_without_the_main_process(server):
    for pid in alone(server):
        status, headers, body = get_alone(server, LABEL, pid)
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"][0]["s"]["value"] == "urn:n0"
        headers = {k.lower(): v for k, v in headers.items()}
        assert headers["etag"].startswith('W/"v') and headers["vary"] == "Accept"
        assert headers["content-type"].startswith(JSON)


def test_a_write_through_the_server_is_seen_by_the_next_lookup_on_every_front(server):
    for pid in alone(server):
        assert json.loads(get_alone(server, ASK_NEW, pid)[2])["boolean"] is False
    status, headers, body = http(
        server.base + "/sparql",
        method="POST",
        data=b"INSERT DATA { GRAPH <urn:g> { <urn:n0> <urn:seen> 'yes' } }",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 204, body
    for pid in alone(server):
        status, _, body = get_alone(server, ASK_NEW, pid)
        assert status == 200 and json.loads(body)["boolean"] is True, body


def test_what_is_not_a_lookup_is_answered_by_the_main_process(server):
    wait_for_fronts(server)
    assert get(server, "ASK { ?s ?p ?o }", wait=120)[0] == 200  # its query workers started
    host, port = server.base.removeprefix("http://").split(":")
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})  # not a lookup
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        with stopped(server.process.pid):  # the front holds it until the main process answers
            sock.sendall(f"GET /sparql?{query} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert select.select([sock], [], [], 1.5)[0] == []
        answer = b""
        while b"true" not in answer and select.select([sock], [], [], 30)[0]:
            answer += sock.recv(65536) or b"true-eof"
    assert answer.startswith(b"HTTP/1.1 200 ") and b"true" in answer, answer
    status, headers, body = http(server.base + "/")  # a page, with its security headers
    assert status == 200 and "content-security-policy" in {k.lower() for k in headers}, headers
    status, _, body = get(server, "SELECT * { ?s ?p ?o ")  # a syntax error, one line, 400
    assert status == 400 and b"syntax" in body.lower(), body


def test_errors_of_a_lookup_are_answered_as_the_app_answers_them(server):
    wait_for_fronts(server)
    # 24 x 24 rows over the row limit of 100: refused whole, 413, by the front's own app
    status, _, body = get(server, "SELECT ?a ?b { <urn:n0> <urn:e> ?a . ?a <urn:e> ?b }")
    assert status == 413 and b"max_result_rows" in body, body
    status, _, body = get(server, LABEL, timeout="x")
    assert status == 400 and b"timeout" in body, body
    status, _, body = get(server, LABEL, accept="image/png")
    assert status == 406, body


def test_a_runaway_lookup_ends_its_front_process_at_the_limit_and_another_starts(server):
    before = wait_for_fronts(server)
    # a chain of six hops from one node of a 24-clique: 24^6 paths, none kept by the filter
    hops = " . ".join(f"?x{i} <urn:e> ?x{i + 1}" for i in range(6))
    runaway = f"SELECT ?x6 {{ VALUES ?x0 {{ <urn:n0> }} {hops} FILTER(STRLEN(STR(?x6)) < 0) }}"
    started = time.monotonic()
    with pytest.raises((ConnectionError, httpclient.HTTPException, OSError)):
        get(server, runaway, wait=30, timeout="0.5")
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"the lookup ran {elapsed:.1f} s past a limit of 0.5 s"
    after = wait_for_fronts(server)
    gone = set(before) - set(after)
    assert len(gone) == 1, (before, after)
    assert not _alive(gone.pop())  # its CPU is free
    assert "ran past its time limit" in server.log_text()
    assert get(server, LABEL)[0] == 200


@pytest.mark.parametrize("front_server", ["waitress", "granian"])
def test_sigterm_stops_the_main_process_and_every_front(tmp_path, front_server):
    running = start_server(
        tmp_path / "server.log", "--fronts", "2", "--front-server", front_server,
        store=load(tmp_path),
    )  # fmt: skip
    running.front_server = front_server  # type: ignore[attr-defined]
    pids = wait_for_fronts(running)
    stop_server(running)  # exits cleanly on SIGTERM
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids), pids


def _alive(pid: int) -> bool:
    stat = _read(f"/proc/{pid}/stat")
    return bool(stat) and stat.rsplit(")", 1)[1].split()[0] != "Z"
