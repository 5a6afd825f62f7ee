"""Ingest latency of one typical article as the store grows (``make bench``).

Builds on-disk filler stores of about 10^4, 10^5 and 10^6 quads under ``var/bench/`` (kept
between runs, git-ignored): copies of the seed articles whose fact nodes, articles and graphs are
renamed per copy, while the registry (Kakao, Gyeonggi Province, ...) stays shared, so that the
stakeholders of the measured article are referred to by every copy, as in a real store. Then it
ingests seed article 000 under a fresh id into each store several times (deleting it in between,
not timed) and prints the median latency per store size. Incremental validation should keep it
flat: the last column is the ratio to the smallest store.

Usage: ``python bench/ingest.py [--runs N] [--sizes 10000,100000,1000000]``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.iris import REGISTRY_GRAPH  # noqa: E402
from graph.store.oxigraph import OxigraphStore  # noqa: E402
from graph.store.seed import seed_files  # noqa: E402
from graph.write.ingest import delete_article, ingest  # noqa: E402

STORES = ROOT / "var" / "bench"
_RENAMABLE = re.compile(r"<(https://policygraph\.example/(?:id|graph/article)/[^>]+)>")


def _seed_nquads() -> tuple[list[str], set[str]]:
    quads = [q for path in seed_files() for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)]
    registry = {q.subject.value for q in quads if q.graph_name.value == str(REGISTRY_GRAPH)}
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode().splitlines()
    return lines, registry


def _renamed(lines: list[str], registry: set[str], suffix: str, keep_registry: bool) -> str:
    def rename(match: re.Match[str]) -> str:
        iri = match.group(1)
        return match.group(0) if iri in registry else f"<{iri}-{suffix}>"

    out = []
    for line in lines:
        if keep_registry and line.endswith(f"<{REGISTRY_GRAPH}> ."):
            continue  # the shared registry is loaded once
        out.append(_RENAMABLE.sub(rename, line))
    return "\n".join(out) + "\n"


def filler_store(size: int) -> OxigraphStore:
    """An on-disk store of about ``size`` quads (built once, then reused)."""
    path = STORES / f"ingest-{size}"
    marker = path / "built"
    if marker.exists():
        return OxigraphStore(path)
    if path.exists():
        import shutil

        shutil.rmtree(path)
    lines, registry = _seed_nquads()
    store = OxigraphStore(path)
    registry_lines = [line for line in lines if line.endswith(f"<{REGISTRY_GRAPH}> .")]
    store.load(("\n".join(registry_lines) + "\n").encode(), "nquads", bulk=True)
    per_copy = len(lines) - len(registry_lines)
    copies = max(1, (size - len(registry_lines)) // per_copy)
    started = time.perf_counter()
    batch: list[str] = []
    for k in range(copies):
        batch.append(_renamed(lines, registry, f"c{k}", keep_registry=True))
        if len(batch) == 100 or k == copies - 1:
            store.load("".join(batch).encode(), "nquads", bulk=True)
            batch = []
    marker.write_text(f"{len(store)}\n")
    took = time.perf_counter() - started
    print(f"built {path}: {copies} copies, {len(store)} quads in {took:.1f} s", file=sys.stderr)
    return store


def typical_article() -> tuple[bytes, str]:
    """Seed article 000 (about 300 quads with its registry entries) under a fresh id."""
    lines, registry = _seed_nquads()
    path = seed_files()[0]
    article_id = path.stem.split("_", 1)[1]
    own = [q for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)]
    text = ox.serialize(own, format=ox.RdfFormat.N_QUADS).decode().splitlines()
    return _renamed(text, registry, "bench", keep_registry=False).encode(), f"{article_id}-bench"


def measure(store: OxigraphStore, document: bytes, article_id: str, runs: int) -> list[float]:
    ingest(store, document, "application/n-quads")  # warm-up: shapes, ontology, caches
    delete_article(store, article_id)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        summary = ingest(store, document, "application/n-quads")
        times.append(time.perf_counter() - started)
        assert summary.created and summary.added > 0
        delete_article(store, article_id)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed ingests per store size")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="store sizes, in quads")
    args = parser.parse_args(argv)
    document, article_id = typical_article()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        store = filler_store(size)
        try:
            quads = len(store)
            times = measure(store, document, article_id, args.runs)
            assert len(store) == quads, "the store did not come back to its size"
        finally:
            store.close()
        rows.append((size, quads, statistics.median(times), min(times), max(times)))
    added = ingest(OxigraphStore(), document, "application/n-quads").added
    print(f"ingest of one article ({added} quads), median of {args.runs} runs, on-disk store")
    print(
        f"{'target':>10} {'quads':>10} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'ratio':>6}"
    )
    base = rows[0][2]
    for size, quads, median, low, high in rows:
        print(
            f"{size:>10} {quads:>10} {median * 1000:>10.1f} {low * 1000:>8.1f} "
            f"{high * 1000:>8.1f} {median / base:>6.2f}"
        )
    worst = max(r[2] for r in rows) / base
    print(f"largest / smallest median: {worst:.2f} ({'flat' if worst <= 2 else 'NOT flat'}: <= 2)")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
