"""Server time of the pages at scale (issue 18): the biggest hub's stakeholder page at 10^6
quads (target: p95 <= 150 ms), with the other pages of a stakeholder beside it.

Generates a synthetic graph (bench/generate.py, cached under bench/results/), loads it with the
seed articles into an in-memory Oxigraph store, and times requests through the WSGI app in
process (server time: no network, no browser). The first request of each URL is reported on
its own (it builds the partner network, its metrics and the search index of the data version);
then ``--repeat`` requests give p50 and p95. Not a test: ``make bench`` runs it, or
``python bench/pages.py [--triples 1e6] [--repeat 40]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: python bench/pages.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from graph.config import Settings
from graph.network.partners import partner_network
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from server import create_app

RESULTS = Path(__file__).resolve().parent / "results"
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "ko-KR"}


def _count(text: str) -> int:
    return int(float(text))


def synthetic_file(triples: int, seed: int) -> Path:
    """The generated N-Quads file (written once per size and seed)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"synthetic-{triples}-{seed}.nq"
    if not path.exists():
        started = time.perf_counter()
        with open(path.with_suffix(".tmp"), "w", encoding="utf-8", buffering=1 << 20) as out:
            stats = generate(triples, seed, out)
        path.with_suffix(".tmp").rename(path)
        print(f"generated {stats.quads:,} quads in {time.perf_counter() - started:.0f} s")
    return path


def timed(client, url: str, headers: dict[str, str], repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    first = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, headers=headers)
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "first": first * 1000,
        "p50": statistics.median(times) * 1000,
        "p95": times[max(0, round(0.95 * len(times)) - 1)] * 1000,
        "bytes": len(response.data),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=_count, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args(argv)
    path = synthetic_file(args.triples, args.seed)
    print("load average at the start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    store = OxigraphStore()
    started = time.perf_counter()
    store.load(path, "nquads", bulk=True)
    load_seed(store)
    print(f"loaded {len(store):,} quads in {time.perf_counter() - started:.0f} s")
    app = create_app(Settings(memory=True, query_workers=0), store=store)
    client = app.test_client()
    started = time.perf_counter()
    g = partner_network(store)
    hub, degree = max(g.degree, key=lambda pair: (pair[1], pair[0]))
    print(
        f"partner network: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges"
        f" ({time.perf_counter() - started:.1f} s); biggest hub {hub} with {degree} partners"
    )
    ident = hub.split("/id/", 1)[1]
    urls = [
        (f"/id/{ident}", BROWSER),
        (f"/api/stakeholders/{ident}", {}),  # built per request: 3 repeats only
        (f"/id/{ident}.ttl", {}),
        (f"/timeline?stakeholder={ident}", BROWSER),
        ("/search?q=%EC%84%9C%EC%9A%B8", BROWSER),
        ("/", BROWSER),
    ]
    print(f"{'URL':<60} {'first':>9} {'p50':>9} {'p95':>9} {'bytes':>10}")
    for url, headers in urls:
        repeat = 3 if url.startswith("/api/stakeholders/") else args.repeat
        r = timed(client, url, headers, repeat)
        print(
            f"{url[:60]:<60} {r['first']:7.0f} ms {r['p50']:7.1f} ms {r['p95']:7.1f} ms"
            f" {r['bytes']:>10,}"
        )


if __name__ == "__main__":
    main()
