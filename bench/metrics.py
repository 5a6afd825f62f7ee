"""How long the network metrics take as the partner network grows (not run by ``make test``).

Builds seeded random partner graphs (about 3 edges per node, weights 1-3), times
``graph.network.metrics.node_metrics``
on each, then times the /api answers over the seed store (first,
uncached call and a cached repeat). Usage: ``python bench/metrics.py [--sizes 300 1000 3000]``.
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from graph.config import Settings
from graph.network.metrics import betweenness_sources, node_metrics
from server import create_app

API = [
    "/api/search?q=kakao",
    "/api/stakeholders/org/kakao",
    "/api/path?from=org/kakao&to=org/lh",
    "/api/stakeholders/org/kakao/ego?depth=3",
    "/api/metrics",
    "/api/budgets",
    "/api/timeline",
]


def random_partner_graph(n: int, seed: int = 1) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(n, 3 * n, seed=seed)
    for _, _, data in g.edges(data=True):
        data["weight"] = rng.randint(1, 3)
    return nx.relabel_nodes(g, {i: f"urn:n{i}" for i in g})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    args = parser.parse_args()
    for n in args.sizes:
        g = random_partner_graph(n)
        start = time.perf_counter()
        node_metrics(g)
        sources = betweenness_sources(g) or "exact"
        print(f"node_metrics  {n:>6} nodes {g.number_of_edges():>6} edges  "
              f"{time.perf_counter() - start:7.2f} s  (betweenness: {sources})")  # fmt: skip
    client = create_app(Settings(memory=True)).test_client()
    for url in API:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append(time.perf_counter() - start)
        print(f"{url:<45} first {times[0] * 1000:7.1f} ms  cached {times[1] * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
