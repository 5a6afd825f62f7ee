"""``make bench``: policygraph against its peers on the same synthetic graph, machine and queries.

For each scale: generate the graph (bench/generate.py), bulk-load it into every server and time
it, start each (policygraph's start on its built store is its restart time), check that every
server gives the same number of rows for the same parameterised queries, then run the query
mix over HTTP at 1 and 4 concurrent clients (QPS, p50/p95/p99), the REST lookups when the
routes exist, the partner network cold and warm, and each server's peak RSS. Prints one table
per scale with the ratios policygraph/peer and writes JSON under bench/results/.

Usage: ``python bench/run.py`` (10^4, policygraph + Oxigraph server + rdflib-endpoint, a few
seconds per query); ``--full``: 10^4, 10^5, 10^6 and Virtuoso too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import count_rows, fetch, sparql_get
from bench.generate import generate
from bench.peers import PEERS, ROOT, Peer
from bench.queries import QUERIES, draw_pool, instances
from bench.remote import REMOTE_PEERS, ingest_latency
from bench.report import machine, measure, print_scale, rest_lookups, warm_cold_network

PEERS = {**PEERS, **REMOTE_PEERS}  # policygraph on the Oxigraph server and on Virtuoso

__all__ = ["main", "run_scale"]

ACCEPT = {
    "select": "application/sparql-results+json",
    "ask": "application/sparql-results+json",
    "construct": "application/n-triples",
}


def _scale(text: str) -> int:
    return int(float(text))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="10^4, 10^5, 10^6 and Virtuoso")
    ap.add_argument("--scales", type=lambda s: [_scale(x) for x in s.split(",")], default=None)
    ap.add_argument("--peers", default=None, help="comma-separated (default: all but virtuoso)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", default="1,4", help="concurrent clients, comma-separated")
    ap.add_argument("--seconds", type=float, default=2.0, help="time budget per query and run")
    ap.add_argument("--requests", type=int, default=2000, help="request cap per query and run")
    ap.add_argument("--rounds", type=int, default=4, help="servers take turns in this many rounds")
    ap.add_argument("--instances", type=int, default=50, help="parameter draws per query")
    ap.add_argument("--check", type=int, default=5, help="draws whose row counts are compared")
    ap.add_argument(
        "--slow", type=float, default=30.0, help="skip timing a server slower than this"
    )
    ap.add_argument(
        "--before",
        type=Path,
        default=None,
        help="the bin directory of another checkout's virtualenv: adds the peers before and"
        " before+cache (that checkout's policygraph, timed in the same run)",
    )
    ap.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args(argv)
    args.scales = args.scales or ([10**4, 10**5, 10**6] if args.full else [10**4])
    default = "policygraph,policygraph+cache,oxigraph,rdflib" + (",virtuoso" if args.full else "")
    args.peers = (args.peers or default).split(",")
    if args.before:
        os.environ["POLICYGRAPH_BENCH_BEFORE"] = str(args.before.resolve())
        PEERS["before"].bindir = PEERS["before+cache"].bindir = args.before.resolve()
        args.peers += [n for n in ("before", "before+cache") if n not in args.peers]
    if args.peers[0] != "policygraph":
        ap.error("--peers must start with policygraph")
    args.clients = [int(c) for c in args.clients.split(",")]
    return args


def _select(peer: Peer, query: str) -> list[dict]:
    status, body = fetch(peer.port, sparql_get(peer.sparql_path, query, ACCEPT["select"]))
    if status != 200:
        raise RuntimeError(f"{peer.name}: {status} {body[:300]!r}")
    return json.loads(body)["results"]["bindings"]


def _check(query, texts: list[str], peers: list[Peer], args) -> tuple[list[dict], set[str]]:
    """Row counts of the first draws on every server; servers too slow to time are returned."""
    checks, slow = [], set()
    for text in texts[: args.check]:
        counts: dict[str, int | str] = {}
        for peer in peers:
            started = time.perf_counter()
            status, body = fetch(peer.port, sparql_get(peer.sparql_path, text, ACCEPT[query.kind]))
            if time.perf_counter() - started > args.slow:
                slow.add(peer.name)
            counts[peer.name] = count_rows(body, query.kind) if status == 200 else f"HTTP {status}"
        ok = len(set(counts.values())) == 1
        checks.append({"query": query.name, "text": text, "counts": counts, "ok": ok})
        if not ok:
            print(f"!!! ROW COUNT MISMATCH on {query.name}: {counts}\n{text}", file=sys.stderr)
    return checks, slow


def run_scale(scale: int, args: argparse.Namespace) -> dict:
    work = args.workdir / f"{scale}"
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"graph-seed{args.seed}.nq"
    with data.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        stats = generate(scale, args.seed, out)
    result: dict = {"scale": scale, "quads": stats.quads, "generate_s": stats.seconds}
    result.update(load={}, start_s={}, peak_rss_mb={}, skipped={}, queries=[], checks=[])
    peers: list[Peer] = []
    for name in args.peers:
        peer = PEERS[name](work)
        why = peer.available()
        if why:
            print(f"{name}: not available ({why}); skipped", file=sys.stderr)
            result["skipped"][name] = why
        else:
            peers.append(peer)
    try:
        for peer in peers:
            load_s = peer.load(data)
            start_s = peer.start(data)
            load_s = start_s if load_s is None else load_s
            result["load"][peer.name] = {"seconds": load_s, "quads_per_s": stats.quads / load_s}
            result["start_s"][peer.name] = start_s
        pool = draw_pool(lambda q: _select(peers[0], q))
        for query in QUERIES:
            texts = instances(query, pool, args.seed, args.instances)
            checks, slow = _check(query, texts, peers, args)
            result["checks"] += checks
            for peer in peers:
                if peer.warm_all:
                    for text in texts:
                        fetch(peer.port, sparql_get(peer.sparql_path, text, ACCEPT[query.kind]))
            for clients in args.clients:
                timed = {
                    p.name: (p, [sparql_get(p.sparql_path, t, ACCEPT[query.kind]) for t in texts])
                    for p in peers
                    if p.name not in slow
                }
                timing = measure(timed, clients, args, label=query.name)
                for peer in peers:
                    row = {"query": query.name, "clients": clients, "server": peer.name}
                    result["queries"].append(
                        {**row, **timing.get(peer.name, {"n": 0, "slow": True})}
                    )
        result["rest"] = rest_lookups(peers[0], pool, args)
        for peer in peers[1:]:  # policygraph on a remote engine: its lookups and ingest
            if peer.name in REMOTE_PEERS:
                result.setdefault("rest_remote", {})[peer.name] = rest_lookups(peer, pool, args)
                result.setdefault("ingest", {})[peer.name] = ingest_latency(peer)  # type: ignore[arg-type]
    finally:
        for peer in peers:
            peer.stop()
            result["peak_rss_mb"][peer.name] = peer.peak_rss / 2**20
            getattr(peer, "stop_engine", lambda: None)()
    pg = peers[0]
    result["restart_s"] = pg.start(data)
    pg.stop()
    result["network"] = warm_cold_network(pg.workdir / "store")
    if "ingest" in result:  # the same article into the embedded store, for comparison
        from bench.ingest import measure as measure_ingest
        from bench.ingest import typical_article
        from graph.store.oxigraph import OxigraphStore

        store = OxigraphStore(pg.workdir / "store")
        try:
            document, article_id = typical_article()
            times = sorted(measure_ingest(store, document, article_id, 5))
        finally:
            store.close()
        result["ingest"][pg.name] = {"runs": 5, "median_ms": times[2] * 1000}
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    report = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            ["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "machine": machine(),
        "scales": [],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = report["started"].replace(":", "").replace("+0000", "Z")
    for scale in args.scales:
        result = run_scale(scale, args)
        report["scales"].append(result)
        print_scale(result, args.peers)
        for name in (f"run-{stamp}.json", "latest.json"):  # after every scale: a crash keeps some
            (args.results / name).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"results: {args.results / 'latest.json'}")
    mismatches = [c for s in report["scales"] for c in s["checks"] if not c["ok"]]
    if mismatches:
        sys.exit(f"!!! {len(mismatches)} row-count mismatches between servers (see the JSON)")


if __name__ == "__main__":
    main()
