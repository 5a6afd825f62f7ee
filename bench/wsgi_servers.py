"""Compare WSGI servers for policygraph on the same app and query (``make bench`` later).

Starts each server on a free loopback port with the in-memory seed store, sends a fixed number
of SPARQL requests from several client threads over keep-alive connections, prints QPS and
latency percentiles. Usage: ``python bench/wsgi_servers.py [--requests N] [--clients C]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commands(port: int, threads: int) -> dict[str, list[str]]:
    bindir = Path(sys.executable).parent
    cmds = {
        "waitress (serve)": [
            str(bindir / "policygraph"),
            "--log-level",
            "WARNING",
            "serve",
            "--memory",
            "--port",
            str(port),
            "--workers",
            str(threads),
        ],
        "werkzeug-dev": [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "server:create_app",
            "run",
            "--port",
            str(port),
            "--with-threads",
        ],
    }
    if shutil.which("gunicorn", path=str(bindir)):
        cmds["gunicorn-gthread"] = [
            str(bindir / "gunicorn"),
            "-k",
            "gthread",
            "-w",
            "1",
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "server:create_app()",
        ]
    return cmds


def wait_up(port: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def load(port: int, requests: int, clients: int) -> list[float]:
    path = "/sparql?" + urllib.parse.urlencode({"query": QUERY})
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, resp.status
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(requests // clients,)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    env = {**os.environ, "POLICYGRAPH_MEMORY": "1", "POLICYGRAPH_LOG_LEVEL": "WARNING"}
    print(f"{'server':18} {'QPS':>8} {'p50 ms':>8} {'p99 ms':>8}")
    port = free_port()
    for name, cmd in commands(port, args.clients).items():
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(port)
            load(port, 100, args.clients)  # warm up
            start = time.perf_counter()
            lat = load(port, args.requests, args.clients)
            elapsed = time.perf_counter() - start
            q = statistics.quantiles(lat, n=100)
            print(f"{name:18} {len(lat) / elapsed:8.0f} {q[49] * 1000:8.2f} {q[98] * 1000:8.2f}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
