"""How export cost grows with the network: time every export format on synthetic stores.

Each store holds ``n`` companies and ``n`` agreements of 2-4 random parties (fixed seed), one
article graph per agreement. For each size it prints the time of the partner network with its
metrics (cold cache), of each network format written from it, and of the RDF dumps.
Usage: ``python bench/exports.py [--sizes 200,1000,3000]``.
"""

from __future__ import annotations

import argparse
import random
import time

from graph.cache import clear_cache
from graph.network.export import NETWORK_FORMATS, export_network, export_rdf
from graph.store.oxigraph import OxigraphStore

PG = "https://policygraph.example/ont#"
ID = "https://policygraph.example/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def synthetic_store(n: int, seed: int = 7) -> OxigraphStore:
    rng = random.Random(seed)
    lines = [f"@prefix pg: <{PG}> . @prefix id: <{ID}> . @prefix skos: <{SKOS}> ."]
    lines.append("<https://policygraph.example/graph/registry> {")
    for i in range(n):
        lines.append(f'id:org-{i} a pg:Company ; skos:prefLabel "회사 {i}"@ko, "Company {i}"@en .')
    lines.append("}")
    for a in range(n):
        parties = ", ".join(f"id:org-{p}" for p in rng.sample(range(n), rng.randint(2, 4)))
        day = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(f"<https://policygraph.example/graph/article/{a}> {{")
        lines.append(
            f'id:agreement-{a} a pg:Agreement ; pg:party {parties} ; pg:signedOn "{day}" ; '
            f"pg:evidence id:article-{a} ."
        )
        lines.append("}")
    store = OxigraphStore()
    store.load("\n".join(lines).encode(), "trig", bulk=True)
    return store


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000,3000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    names = [f.name for f in NETWORK_FORMATS] + ["trig", "nquads", "turtle", "jsonld"]
    print(f"{'n':>6} {'quads':>7} {'network+metrics':>16} " + " ".join(f"{n:>9}" for n in names))
    for n in sizes:
        store = synthetic_store(n)
        clear_cache()
        first = timed(lambda s=store: export_network(s, "node-link"))
        cells = []
        for name in names:
            if name in {f.name for f in NETWORK_FORMATS}:
                cells.append(timed(lambda s=store, f=name: export_network(s, f)))
            else:
                cells.append(timed(lambda s=store, f=name: export_rdf(s, f)))
        print(f"{n:>6} {len(store):>7} {first:>15.3f}s " + " ".join(f"{c:>8.3f}s" for c in cells))


if __name__ == "__main__":
    main()
