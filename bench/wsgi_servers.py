"""Compare WSGI servers for policygraph on the same app and query (``make bench`` later).

Starts each server on a free loopback port with the in-memory seed store, sends a fixed number
of SPARQL requests from several client threads over keep-alive connections, prints QPS and
latency percentiles. Usage: ``python bench/wsgi_servers.py [--requests N] [--clients C]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

if not __package__:  # run as a script: python bench/wsgi_servers.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import free_port, run_clients, sparql_get, summarize, wait_http

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


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
    if shutil.which("granian", path=str(bindir)):  # HTTP in Rust, the app in Python threads
        cmds["granian-wsgi"] = [
            str(bindir / "granian"),
            "--interface",
            "wsgi",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
            "server:create_app",
        ]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=1, help="servers take turns this many times")
    ap.add_argument("--cold", action="store_true", help="result cache off (every query runs)")
    args = ap.parse_args()
    env = {**os.environ, "POLICYGRAPH_MEMORY": "1", "POLICYGRAPH_LOG_LEVEL": "WARNING"}
    if args.cold:
        env["POLICYGRAPH_QUERY_CACHE_MB"] = "0"
    print(f"{'server':18} {'QPS':>8} {'p50 ms':>8} {'p99 ms':>8}")
    port = free_port()
    request = sparql_get("/sparql", QUERY, "application/sparql-results+json")
    servers = list(commands(port, args.clients).items())
    for name, cmd in servers * args.rounds:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http(port, request, timeout=60, proc=proc)
            run_clients(port, [request], clients=args.clients, max_requests=100, max_seconds=60)
            sample = run_clients(
                port, [request], clients=args.clients, max_requests=args.requests, max_seconds=600
            )
            assert sample.errors == 0, sample.first_error
            s = summarize(sample)
            print(f"{name:18} {s['qps']:8.0f} {s['p50_ms']:8.2f} {s['p99_ms']:8.2f}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
