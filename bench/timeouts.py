"""Query time limits under load: what the worker processes cost, and what a runaway query does
to everyone else.

1. Overhead: median latency of a fast query, one client, through ``policygraph serve`` with
   queries in the request thread (``query_workers=0``) and in worker processes (default).
2. Load: four clients send normal queries for a while, alone (unloaded), then while one
   pathological query (a five-way cartesian product over all triples) runs into its limit.
   Prints the normal queries' latency in both phases and when the bad query was stopped.

Usage: ``python bench/timeouts.py [--seconds S] [--limit L] [--clients C]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

NORMAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?l WHERE "
    '{ ?s skos:prefLabel ?l FILTER(CONTAINS(STR(?l), "Kakao")) }',
    "PREFIX pg: <https://policygraph.example/ont#> SELECT ?a ?p WHERE "
    "{ ?a a pg:Agreement ; pg:party ?p } LIMIT 50",
]
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, **settings: object) -> None:
        self.port = free_port()
        env = {**os.environ, **{f"POLICYGRAPH_{k.upper()}": str(v) for k, v in settings.items()}}
        exe = str(Path(sys.executable).parent / "policygraph")
        self.process = subprocess.Popen(
            [
                exe,
                "--log-level",
                "WARNING",
                "serve",
                "--memory",
                "--port",
                str(self.port),
                "--workers",
                "8",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get(NORMAL[0])[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def get(self, query: str, timeout: str | None = None, conn=None) -> tuple[int, float]:
        params = {"query": query, **({"timeout": timeout} if timeout else {})}
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        conn.request(
            "GET",
            "/sparql?" + urllib.parse.urlencode(params),
            headers={"Accept": "application/sparql-results+json"},
        )
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if own:
            conn.close()
        return response.status, elapsed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1] if len(values) >= 20 else values[-1]
    median = statistics.median(values) * 1000
    return f"median {median:6.2f} ms  p95 {p95 * 1000:6.2f} ms  (n={len(values)})"


def overhead(requests: int) -> None:
    print("1. cost of running queries in worker processes (one client, fast queries)")
    for label, workers in (("in the request thread", 0), ("in worker processes", 2)):
        server = Server(query_workers=workers)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            for i in range(50):  # warm up
                server.get(NORMAL[i % len(NORMAL)], conn=conn)
            times = [server.get(NORMAL[i % len(NORMAL)], conn=conn)[1] for i in range(requests)]
            print(f"   {label:24s} {_ms(times)}")
        finally:
            server.stop()


def _clients(server: Server, clients: int, seconds: float) -> list[float]:
    stop = time.monotonic() + seconds
    times: list[float] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        i = n
        while time.monotonic() < stop:
            status, elapsed = server.get(NORMAL[i % len(NORMAL)], conn=conn)
            assert status == 200, status
            with lock:
                times.append(elapsed)
            i += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def under_load(seconds: float, limit: float, clients: int) -> None:
    print(
        f"2. {clients} clients of normal queries, with and without a runaway query "
        f"(limit {limit:g} s)"
    )
    server = Server(query_timeout=limit)
    try:
        _clients(server, clients, 1.0)  # warm up
        unloaded = _clients(server, clients, seconds)
        print(f"   unloaded                 {_ms(unloaded)}")
        bad: dict[str, float] = {}

        def runaway() -> None:
            status, elapsed = server.get(CARTESIAN)
            bad["status"], bad["elapsed"] = status, elapsed

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.2)
        loaded = _clients(server, clients, min(seconds, limit - 0.5))
        thread.join()
        print(f"   with the runaway query   {_ms(loaded)}")
        ratio = statistics.median(loaded) / statistics.median(unloaded)
        print(f"   ratio of medians         {ratio:.2f}x (target: within 2x)")
        print(f"   runaway query            status {bad['status']} after {bad['elapsed']:.2f} s")
        after = _clients(server, clients, 2.0)
        print(f"   after it was stopped     {_ms(after)}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--limit", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    overhead(args.requests)
    under_load(args.seconds, args.limit, args.clients)


if __name__ == "__main__":
    main()
