"""Heavy queries at N clients: QPS and CPU per request of each server's whole process tree.

Where does policygraph's time go on the heavy queries (issue 20)? This script starts the
Oxigraph server and one or more policygraph configurations on stores loaded beforehand, draws the
benchmark's parameters once, then times each query on each server in turns (``--rounds``), and
reads each server's CPU time (main process, query workers, front processes: ``/proc`` via
psutil) before and after each turn. On a machine whose cores are all busy, the QPS of a
CPU-bound query is about the cores' time divided by the CPU each request costs, so the CPU per
request says where a gap comes from: more CPU per request than the engine's own (the request
cycle, the transfer) or the same CPU but idle cores (too few workers, a low priority).

Usage::

    python bench/heavy.py --pg-store var/m/pg --ox-store var/m/ox \\
        --variant 'two=POLICYGRAPH_QUERY_WORKERS=2' --variant 'four=POLICYGRAPH_QUERY_WORKERS=4'

Each ``--variant NAME=ENV[,ENV...]`` is a policygraph server started with those environment
variables (the result cache always off; ``store=DIR`` gives it another copy of the store: one
server holds a store at a time); ``--serve-args`` adds options to ``serve``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: python bench/heavy.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from bench.common import Server, run_clients, sparql_get, wait_http
from bench.peers import BENCH_VENV, JSON, PING, VENV
from bench.queries import QUERIES, draw_pool, instances

ACCEPT = {"select": JSON, "ask": JSON, "construct": "application/n-triples"}
HEAVY = "label_contains,budget_totals,agreements_range,sites_within"


def cpu_split(pid: int) -> tuple[float, float]:
    """User + system CPU seconds of a process, and of its live descendants."""
    own = rest = 0.0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        if proc.pid == pid:
            own += t.user + t.system
        else:
            rest += t.user + t.system
    return own, rest


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants."""
    return sum(cpu_split(pid))


def settle(pids: dict[str, int], limit: float = 180.0) -> None:
    """Wait until no server uses CPU (policygraph builds its derived values after a start:
    server/warm.py, some seconds of one core at 10^6)."""
    started, quiet = time.monotonic(), 0
    while time.monotonic() - started < limit and quiet < 3:  # the warmer starts after 1 s
        before = {n: tree_cpu(p) for n, p in pids.items()}
        time.sleep(2)
        busy = {n: tree_cpu(p) - before[n] for n, p in pids.items()}
        quiet = quiet + 1 if max(busy.values()) < 0.1 else 0
        if not quiet:
            print(f"waiting for the servers to settle: {busy}", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg-store", type=Path, required=True)
    ap.add_argument("--ox-store", type=Path, default=None, help="omit: no Oxigraph server")
    ap.add_argument("--variant", action="append", default=[], help="NAME=ENV=VALUE,...")
    ap.add_argument("--serve-args", default="", help="extra options of policygraph serve")
    ap.add_argument(
        "--command",
        action="append",
        default=[],
        help="NAME=COMMAND: another server started with this shell command ({port} its port)",
    )
    ap.add_argument("--queries", default=HEAVY)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=2.0, help="per query, server and round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--instances", type=int, default=50)
    ap.add_argument("--port", type=int, default=8800, help="first port (one per server)")
    ap.add_argument("--log-dir", type=Path, default=Path("var/heavy"))
    args = ap.parse_args(argv)
    args.log_dir.mkdir(parents=True, exist_ok=True)

    servers: list[tuple[str, Server, int, str]] = []  # name, server, port, sparql path
    port = args.port
    if args.ox_store:
        cmd = [str(BENCH_VENV / "oxigraph"), "serve-read-only", "--location", str(args.ox_store),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip
        servers.append(("oxigraph", Server("oxigraph", cmd, log=args.log_dir / "ox.log"), port,
                        "/query"))  # fmt: skip
        port += 1
    for spec in args.variant or ["policygraph="]:
        name, _, envs = spec.partition("=")
        env = {"POLICYGRAPH_QUERY_CACHE_MB": "0"}
        env.update(dict(e.split("=", 1) for e in envs.split(",") if e))
        store = env.pop("store", str(args.pg_store))  # a second server needs its own copy
        cmd = [str(VENV / "policygraph"), "--log-level", "WARNING", "serve", "--store", store,
               "--host", "127.0.0.1", "--port", str(port),
               *args.serve_args.split()]  # fmt: skip
        servers.append((name, Server(name, cmd, log=args.log_dir / f"{name}.log", env=env),
                        port, "/sparql"))  # fmt: skip
        port += 1
    for spec in args.command:
        name, _, command = spec.partition("=")
        cmd = ["bash", "-c", "exec " + command.replace("{port}", str(port))]
        servers.append((name, Server(name, cmd, log=args.log_dir / f"{name}.log",
                                     env={"POLICYGRAPH_QUERY_CACHE_MB": "0"}), port,
                        "/sparql"))  # fmt: skip
        port += 1
    try:
        pids = {}
        for name, server, p, path in servers:
            proc = server.start()
            wait_http(p, sparql_get(path, PING, JSON), proc=proc)
            pids[name] = proc.pid
        settle(pids)
        first = servers[0]
        import json

        from bench.common import fetch

        def select(q: str) -> list[dict]:
            status, body = fetch(first[2], sparql_get(first[3], q, JSON))
            assert status == 200, body[:300]
            return json.loads(body)["results"]["bindings"]

        pool = draw_pool(select)
        wanted = args.queries.split(",")
        totals: dict[tuple[str, str], list[float]] = {}
        for query in [q for q in QUERIES if q.name in wanted]:
            texts = instances(query, pool, 1, args.instances)
            for _name, _, p, path in servers:  # one untimed pass each: pages in the cache
                run_clients(p, [sparql_get(path, texts[0], ACCEPT[query.kind])], clients=1,
                            max_requests=1, max_seconds=0)  # fmt: skip
            for rnd in range(args.rounds):
                for name, _, p, path in servers if rnd % 2 == 0 else servers[::-1]:
                    reqs = [sparql_get(path, t, ACCEPT[query.kind]) for t in texts]
                    own0, rest0 = cpu_split(pids[name])
                    sample = run_clients(p, reqs, clients=args.clients, max_requests=10**6,
                                         max_seconds=args.seconds)  # fmt: skip
                    own1, rest1 = cpu_split(pids[name])
                    own, cpu = own1 - own0, own1 + rest1 - own0 - rest0
                    n = len(sample.latencies)
                    t = totals.setdefault((query.name, name), [0, 0.0, 0.0, 0.0])
                    t[0] += n
                    t[1] += sample.elapsed
                    t[2] += cpu
                    t[3] += own
                    load = os.getloadavg()[0]
                    print(
                        f"{time.strftime('%H:%M:%S')} {query.name:17} {name:12} n={n:4}"
                        f" qps={n / sample.elapsed:7.1f} cpu/req={1000 * cpu / max(n, 1):7.1f} ms"
                        f" (main {1000 * own / max(n, 1):6.1f})"
                        f" server-cpu={cpu / sample.elapsed:4.2f} cores load={load:.1f}"
                        + (
                            f" errors={sample.errors} {sample.first_error}" if sample.errors else ""
                        ),
                        flush=True,
                    )
        print("\ntotals: query, server, QPS, CPU ms per request (of which the main process),"
              " server cores busy")  # fmt: skip
        for (qname, name), (n, elapsed, cpu, own) in totals.items():
            print(f"{qname:17} {name:12} {n / elapsed:7.1f} {1000 * cpu / max(n, 1):7.1f}"
                  f" ({1000 * own / max(n, 1):5.1f}) {cpu / elapsed:4.2f}")  # fmt: skip
    finally:
        for _, server, _, _ in servers:
            server.stop()


if __name__ == "__main__":
    main()
