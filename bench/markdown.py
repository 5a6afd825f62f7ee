"""The Markdown tables of ``docs/benchmarks.md`` from a results file of ``bench/run.py``.

    .venv/bin/python bench/markdown.py bench/results/latest.json

Per scale: load, start and peak memory per server; QPS and p99 per query at 4 clients with the
ratios the targets of issue 6 speak of; the REST lookups; the partner network. Then the
geometric means over the queries per scale.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

if not __package__:  # run as a script: python bench/markdown.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import issue20_lines

SERVERS = (
    "policygraph",
    "policygraph+cache",
    "oxigraph",
    "virtuoso",
    "rdflib",
    "before",
    "before+cache",
)
BEST_PEERS = ("oxigraph", "virtuoso")


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def _geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def scale_tables(scale: dict, clients: int) -> list[str]:
    servers = [s for s in SERVERS if s in scale["load"]]
    out = [f"#### {scale['quads']:,} quads", ""]
    out += ["| server | load s | quads/s | start s | peak RSS MB |", "|---|---:|---:|---:|---:|"]
    for s in servers:
        load = scale["load"][s]
        out.append(
            f"| {s} | {load['seconds']:.2f} | {load['quads_per_s']:,.0f} | "
            f"{scale['start_s'][s]:.2f} | {scale['peak_rss_mb'].get(s, 0):,.0f} |"
        )
    net = scale.get("network", {})
    out += [
        "",
        f"policygraph restart on the built store: {scale['restart_s']:.2f} s; partner network "
        f"cold {net.get('network_cold_ms', 0):,.0f} ms, warm {net.get('network_warm_ms', 0):.3f} "
        f"ms; partner metrics cold {net.get('metrics_cold_ms', 0):,.0f} ms, warm "
        f"{net.get('metrics_warm_ms', 0):.2f} ms ({net.get('nodes', 0):,} nodes, "
        f"{net.get('edges', 0):,} edges).",
        "",
        f"{clients} clients, QPS (p99 ms):",
        "",
    ]
    rows: dict[str, dict[str, dict]] = {}
    for q in scale["queries"]:
        if q["clients"] == clients:
            rows.setdefault(q["query"], {})[q["server"]] = q
    head = " | ".join(servers)
    out += [
        f"| query | {head} | pg/ox | pg+cache/best of ox, virtuoso |",
        "|---|" + "---:|" * (len(servers) + 2),
    ]
    for name, by in rows.items():
        cells = [
            f"{_num(by[s]['qps'])} ({_num(by[s]['p99_ms'])})" if s in by else "–" for s in servers
        ]
        best = max((by[p]["qps"] for p in BEST_PEERS if p in by), default=None)
        pg = by.get("policygraph", {}).get("qps")
        pgc = by.get("policygraph+cache", {}).get("qps")
        ox = by.get("oxigraph", {}).get("qps")
        out.append(f"| {name} | {' | '.join(cells)} | {_ratio(pg, ox)} | {_ratio(pgc, best)} |")
    rest = {k: v for k, v in scale.get("rest", {}).items() if v.get("available")}
    if rest:
        out += ["", "REST lookups (policygraph), p50 / p99 ms:", ""]
        out += ["| route | first asking | 1 client | 4 clients |", "|---|---:|---:|---:|"]
        for name, r in rest.items():
            c1, c4 = r.get("c1", {}), r.get("c4", {})
            first = f"{r['cold_ms']:.0f}" if "cold_ms" in r else "–"
            out.append(
                f"| {name} | {first} | {c1.get('p50_ms', 0):.1f} / {c1.get('p99_ms', 0):.1f} | "
                f"{c4.get('p50_ms', 0):.1f} / {c4.get('p99_ms', 0):.1f} |"
            )
    if scale.get("queries"):
        out += ["", *(f"- {line.strip()}" for line in issue20_lines(scale))]
    return out


def geomeans(scales: list[dict], clients: int) -> list[str]:
    present = [s for s in SERVERS if any(s in sc["load"] for sc in scales)]
    out = [
        f"Geometric means of QPS over the queries, {clients} clients:",
        "",
        "| quads | " + " | ".join(present) + " |",
        "|---:|" + "---:|" * len(present),
    ]
    for sc in scales:
        cells = []
        for s in present:
            g = _geomean(
                [q["qps"] for q in sc["queries"] if q["server"] == s and q["clients"] == clients]
            )
            cells.append(_num(g) if g else "–")
        out.append(f"| {sc['quads']:,} | " + " | ".join(cells) + " |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="a JSON file written by bench/run.py")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    data = json.loads(args.results.read_text(encoding="utf-8"))
    lines = [f"Run {data['started']} with `{data['command']}`.", ""]
    for scale in data["scales"]:
        lines += scale_tables(scale, args.clients) + [""]
    lines += geomeans(data["scales"], args.clients)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
