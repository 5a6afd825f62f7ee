"""A hostile campaign against a real policygraph server (issue 14): run by hand or by make bench.

    .venv/bin/python bench/hostile.py [--kills 3] [--soak-seconds 20] [--port 8130]

1. Builds a fresh seed store in a temporary directory and starts ``policygraph serve`` on it
   (loopback, a write token), beside a loopback *canary* listener and two canary files (a
   regular file and a named pipe) that nothing may contact or read.
2. Sends every case of bench/hostile_corpus.py (the classes of issue 14), one at a time, and
   records for each: the status, the time, whether the store changed (data version, quads)
   although the request was refused, and whether the canary was contacted or read.
3. Fills the /sparql result cache past its limit (the server runs with a 1 MiB cache) and
   checks that new queries still answer.
4. A soak: 15 readers of everything derived (exports, metrics, profiles, search) and one
   writer adding and removing an article, for --soak-seconds.
5. Optionally (--kills N) kills the server with SIGKILL during writes N times, restarts it on
   the same store and checks that the article is there whole or not at all and that the data
   version moved with the data.

Prints the figures: requests tried, 5xx (with the list), store changes on refused input,
canary connections and file reads, the slowest answer and which, soak errors, kill results.
Exit status 1 if any of the zero-figures is not zero.
"""

from __future__ import annotations

import argparse
import errno
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/hostile.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hostile_corpus import Case, Targets, corpus  # noqa: E402 - after the path is set

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "data" / "ingest-valid" / "kakao-mou.trig"
ARTICLE_ID = "a1b2c3d4e5f60718"
HOST = "127.0.0.1"


# --- canaries -------------------------------------------------------------------------------


class Canary:
    """A loopback HTTP listener and two files; counts every contact and every read."""

    def __init__(self, workdir: Path) -> None:
        self.marker = f"CANARY-{uuid.uuid4().hex}"
        body = f'<urn:canary> <urn:canary> "{self.marker}" .\n'.encode()
        self.file = workdir / "canary.ttl"
        self.file.write_bytes(body)
        self.fifo = workdir / "canary.fifo"
        os.mkfifo(self.fifo)
        self.connections: list[str] = []
        self.fifo_reads = 0
        self._body = body
        self._stop = threading.Event()
        self._sock = socket.socket()
        self._sock.bind((HOST, 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.url = f"http://{HOST}:{self._sock.getsockname()[1]}"
        self._threads = [
            threading.Thread(target=self._serve, daemon=True),
            threading.Thread(target=self._watch_fifo, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    first = conn.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
                except OSError:
                    first = "?"
                self.connections.append(first)
                answer = b"HTTP/1.0 200 OK\r\nContent-Type: text/turtle\r\n\r\n" + self._body
                try:
                    conn.sendall(answer)
                except OSError:
                    pass

    def _watch_fifo(self) -> None:
        """A writer can open a FIFO without blocking only while a reader has it open."""
        while not self._stop.is_set():
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.02)
                continue
            self.fifo_reads += 1
            try:
                os.write(fd, self._body)
            except OSError:
                pass
            os.close(fd)
            time.sleep(0.05)

    def file_read(self) -> bool:
        """Whether the regular file was read (its access time moved past its change time)."""
        st = self.file.stat()
        return st.st_atime_ns > st.st_mtime_ns

    def close(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(2)
        self._sock.close()

    def touched(self) -> int:
        return len(self.connections) + self.fifo_reads


# --- the server -----------------------------------------------------------------------------


@dataclass
class Server:
    store: Path
    port: int
    token_file: Path
    log: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def start(self) -> None:
        exe = Path(sys.executable).parent / "policygraph"
        out = self.log.open("ab")
        args = ["serve", "--store", str(self.store), "--host", HOST, "--port", str(self.port)]
        args += ["--workers", "8", "--write-token-file", str(self.token_file)]
        self.process = subprocess.Popen(
            [str(exe), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: see {self.log}")
            try:
                if request(self.port, "GET", "/health", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not answer in 60 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[int, bytes, float]:
    """(status, body, seconds) of one request on its own connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body is not None and "Content-Length" not in hdrs:
            hdrs["Content-Length"] = str(len(body))
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        if body is not None:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, data, time.perf_counter() - started
    finally:
        conn.close()


def state(port: int) -> tuple[int, int]:
    health = json.loads(request(port, "GET", "/health")[1])
    return health["data_version"], health["triples"]


# --- the campaign ---------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    status: int
    seconds: float
    changed: bool = False
    touched: int = 0
    note: str = ""


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)
    cache: str = ""
    soak: str = ""
    soak_errors: list[str] = field(default_factory=list)
    kills: list[str] = field(default_factory=list)


def _alive(port: int) -> bool:
    try:
        return request(port, "GET", "/health", timeout=10)[0] == 200
    except (OSError, http.client.HTTPException):
        return False


#: The longest a hostile request may take; past it the server is stuck on it (a core held, the
#: write lock taken) and is restarted, so that one case cannot spoil the ones after it.
CASE_TIMEOUT = 30.0


def run_case(port: int, token: str, case: Case, canary: Canary) -> Outcome:
    headers = dict(case.headers)
    if case.token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        before = state(port) if case.writes else None
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(case, 0, 0.0, note=f"the server did not answer /health before it: {exc}")
    touched = canary.touched()
    started = time.perf_counter()
    try:
        status, body, seconds = request(
            port, case.method, case.path, case.body, headers, timeout=CASE_TIMEOUT
        )
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(case, 0, time.perf_counter() - started, note=f"no answer: {exc}")
    # a contact may come late (a worker process, a retry): give it a moment
    time.sleep(0.05 if not canary.touched() - touched else 0)
    outcome = Outcome(case, status, seconds, touched=canary.touched() - touched)
    if before is not None and 400 <= status < 500:
        try:
            outcome.changed = state(port) != before
        except (OSError, http.client.HTTPException):
            outcome.note = "no answer after it"
    if status >= 500:
        outcome.note = body[:160].decode(errors="replace")
    elif case.expect == "refuse" and status < 400:
        outcome.note = f"accepted ({status})"
    return outcome


def fill_cache(port: int) -> str:
    """Distinct queries whose answers (about 50 KB: the cache keeps none over an eighth of its
    1 MiB) fill the cache until it must evict, then more."""
    errors = []
    for i in range(40):
        q = (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
            f"FILTER(STRLEN(STR(?o)) >= {i % 7}) }} LIMIT {300 + i}"
        )
        path = "/sparql?" + urllib.parse.urlencode({"query": q})
        status, _, _ = request(port, "GET", path, headers={"Accept": "application/n-triples"})
        if status != 200:
            errors.append(f"query {i}: {status}")
    return f"40 distinct ~50 KB answers through a 1 MiB cache: {len(errors)} errors {errors[:3]}"


def soak(port: int, token: str, seconds: float, readers: int = 15) -> tuple[str, list[str]]:
    reads = [
        "/export/network.gexf", "/export/network.json", "/export/network.zip?people=true",
        "/export/network.dot?typed=true", "/api/metrics", "/api/metrics?sort=degree&weighted=true",
        "/api/network", "/api/stakeholders", "/api/search?q=kakao", "/api/stakeholders/org/kakao",
        "/api/stakeholders/org/kakao/partners", "/api/stakeholders/org/kakao/ego?depth=2",
        "/api/path?from=org/kakao&to=org/lh", "/api/sites?within=place/gyeonggi",
        "/export/rdf.trig",
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}),
    ]  # fmt: skip
    document = ARTICLE.read_bytes()
    auth = {"Authorization": f"Bearer {token}"}
    stop = threading.Event()
    errors: list[str] = []
    counts: Counter[str] = Counter()
    lock = threading.Lock()

    def reader(offset: int) -> None:
        i = offset
        while not stop.is_set():
            path = reads[i % len(reads)]
            i += 1
            try:
                status, body, _ = request(port, "GET", path, timeout=120)
            except (OSError, http.client.HTTPException) as exc:
                status, body = 0, str(exc).encode()
            with lock:
                counts["reads"] += 1
                if status != 200:
                    errors.append(f"{status} {path}: {body[:100]!r}")

    def writer() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for method, path, body in (
                ("POST", "/api/articles", document),
                ("DELETE", f"/api/articles/{ARTICLE_ID}", None),
            ):
                headers = {**auth, "Content-Type": "application/trig"} if body else auth
                try:
                    status, answer, _ = request(port, method, path, body, headers, timeout=120)
                except (OSError, http.client.HTTPException) as exc:
                    status, answer = 0, str(exc).encode()
                with lock:
                    counts["writes"] += 1
                    if status not in (200, 201):
                        errors.append(f"{status} {method} {path}: {answer[:100]!r}")
        stop.set()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 300)
    stop.set()
    return (
        f"{readers} readers + 1 writer for {seconds:.0f} s: {counts['reads']} reads,"
        f" {counts['writes']} writes, {len(errors)} errors",
        errors,
    )


def kill_during_writes(server: Server, token: str, kills: int) -> list[str]:
    """SIGKILL the server while it writes; after each restart the article is whole or absent
    and the data version moved with the data."""
    results = []
    document = ARTICLE.read_bytes()
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/trig"}
    ask = f"ASK {{ GRAPH <https://policygraph.example/graph/article/{ARTICLE_ID}> {{ ?s ?p ?o }} }}"
    meta = (
        "ASK { GRAPH <https://policygraph.example/graph/metadata> "
        f"{{ <https://policygraph.example/id/article/{ARTICLE_ID}> ?p ?o }} }}"
    )

    def present(query: str) -> bool:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        body = request(server.port, "GET", path, headers={"Accept": "application/json"})[1]
        return json.loads(body)["boolean"]

    for n in range(kills):
        before_version, before_triples = state(server.port)
        had = present(ask)
        method, path = (
            ("DELETE", f"/api/articles/{ARTICLE_ID}") if had else ("POST", "/api/articles")
        )
        thread = threading.Thread(
            target=lambda m=method, p=path: _ignore(
                lambda: request(server.port, m, p, None if m == "DELETE" else document, auth)
            )
        )
        thread.start()
        time.sleep(0.05 + 0.15 * n)  # somewhere inside the write, or just after it
        server.stop(signal.SIGKILL)
        thread.join(30)
        server.start()
        after_version, after_triples = state(server.port)
        graph, metadata = present(ask), present(meta)
        whole = graph == metadata
        moved = (after_triples == before_triples) or (after_version != before_version)
        results.append(
            f"kill {n + 1} during {method}: article {'present' if graph else 'absent'},"
            f" {'whole' if whole else 'PARTIAL'}; data version {before_version}->{after_version},"
            f" quads {before_triples}->{after_triples} ({'ok' if moved else 'STALE VERSION'})"
        )
    return results


def _ignore(call) -> None:
    try:
        call()
    except (OSError, http.client.HTTPException):
        pass


# --- report ---------------------------------------------------------------------------------


def report(figures: Figures, canary: Canary, marker_in_store: bool, elapsed: float) -> int:
    outcomes = figures.outcomes
    by_kind = Counter(o.case.kind for o in outcomes)
    errors = [o for o in outcomes if o.status >= 500 or o.status == 0]
    changed = [o for o in outcomes if o.changed]
    touched = [o for o in outcomes if o.touched]
    accepted = [o for o in outcomes if o.note.startswith("accepted")]
    slowest = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:5]
    print(f"\nhostile campaign: {len(outcomes)} requests tried in {elapsed:.0f} s")
    for kind in sorted(by_kind):
        mine = [o for o in outcomes if o.case.kind == kind]
        fives = sum(1 for o in mine if o.status >= 500 or o.status == 0)
        print(f"  {kind:<20} {len(mine):>5} requests, {fives} 5xx/no answer")
    print(f"5xx or no answer: {len(errors)}")
    for o in errors:
        print(f"  {o.status} [{o.case.kind}] {o.case.name}: {o.note}")
    print(f"store changes on refused input: {len(changed)}")
    for o in changed:
        print(f"  [{o.case.kind}] {o.case.name} ({o.status})")
    print(f"expected refusals that were accepted: {len(accepted)}")
    for o in accepted:
        print(f"  [{o.case.kind}] {o.case.name}: {o.note}")
    print(
        f"canary: {len(canary.connections)} connections, {canary.fifo_reads} pipe reads,"
        f" file read: {'YES' if canary.file_read() else 'no'},"
        f" canary data in the store: {'YES' if marker_in_store else 'no'}"
    )
    for o in touched:
        print(f"  touched by [{o.case.kind}] {o.case.name} ({o.status})")
    print("slowest answers:")
    for o in slowest:
        print(f"  {o.seconds:7.2f} s {o.status} [{o.case.kind}] {o.case.name}")
    print(f"cache: {figures.cache}")
    print(f"soak: {figures.soak}")
    for line in figures.soak_errors[:10]:
        print(f"  {line}")
    for line in figures.kills:
        print(f"  {line}")
    bad_kills = [k for k in figures.kills if "PARTIAL" in k or "STALE" in k]
    failed = (
        errors or changed or touched or canary.touched() or marker_in_store
        or figures.soak_errors or bad_kills or "0 errors" not in figures.cache
    )  # fmt: skip
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8130, help="the server's port (loopback)")
    parser.add_argument("--soak-seconds", type=float, default=20)
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs during writes (0: none)")
    args = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="policygraph-hostile-") as tmp:
        work = Path(tmp)
        token = uuid.uuid4().hex
        (work / "token").write_text(token + "\n")
        env = {**os.environ, "POLICYGRAPH_QUERY_CACHE_MB": "1", "POLICYGRAPH_QUERY_TIMEOUT": "10"}
        server = Server(_build(work / "store"), args.port, work / "token", work / "server.log", env)
        canary = Canary(work)
        figures = Figures()
        server.start()
        try:
            targets = Targets(
                canary.url, str(canary.file), str(canary.fifo), token,
                ARTICLE.read_bytes() if ARTICLE.exists() else b"",
            )  # fmt: skip
            cases = corpus(targets)
            print(f"{len(cases)} hostile requests against http://{HOST}:{args.port}/ ...")
            for i, case in enumerate(cases, 1):
                outcome = run_case(args.port, token, case, canary)
                figures.outcomes.append(outcome)
                if server.process.poll() is not None:
                    outcome.note += f" (the server died: exit {server.process.poll()})"
                    server.start()
                elif outcome.status == 0 or not _alive(args.port):
                    outcome.note += " (stuck: the server was restarted)"
                    server.stop(signal.SIGKILL)
                    server.start()
                if i % 200 == 0:
                    print(f"  {i} done", flush=True)
            marker = _holds(args.port, canary.marker)
            # the rest runs on a fresh seed store: an accepted hostile write must not spoil it
            server.stop()
            server.store = _build(work / "store-2")
            server.start()
            figures.cache = fill_cache(args.port)
            figures.soak, figures.soak_errors = soak(args.port, token, args.soak_seconds)
            if args.kills:
                figures.kills = kill_during_writes(server, token, args.kills)
            marker = marker or _holds(args.port, canary.marker)
        finally:
            server.stop()
            canary.close()
        return report(figures, canary, marker, time.perf_counter() - started)


def _build(store: Path) -> Path:
    """A fresh seed store (policygraph build)."""
    exe = Path(sys.executable).parent / "policygraph"
    subprocess.run(
        [str(exe), "build", "--store", str(store)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return store


def _holds(port: int, marker: str) -> bool:
    """Whether any graph of the store holds the canary's marker."""
    ask = f'ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{marker}")) }} }}'
    path = "/sparql?" + urllib.parse.urlencode({"query": ask})
    return json.loads(request(port, "GET", path, headers={"Accept": "application/json"})[1])[
        "boolean"
    ]


if __name__ == "__main__":
    sys.exit(main())
