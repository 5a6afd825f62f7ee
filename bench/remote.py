"""policygraph on a remote SPARQL engine, as ``make bench`` peers (issue 17):

- ``policygraph@oxigraph``: ``policygraph serve --store-url`` on the Oxigraph server;
- ``policygraph@virtuoso``: the same on Virtuoso 7 (writes over ODBC).

Each starts its engine read-write on loopback ports with the test suite's engine code
(``tests/engines.py``: the Oxigraph server from ``.venv-engines``, Virtuoso from Debian), loads
the benchmark graph with ``policygraph load --store-url`` (bulk) and serves it with its result
cache off. ``bench/run.py`` then times the /sparql mix on them beside the engines' own
endpoints (peers ``oxigraph`` and ``virtuoso``: the reference), the REST lookups of every
policygraph peer, and here the ingest latency of one typical article (seed article 000 under a
fresh id, as bench/ingest.py) through a RemoteStore in this process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

from bench.peers import VENV, Peer

__all__ = ["REMOTE_PEERS", "PolicygraphOnEngine", "ingest_latency"]

TOKEN = "bench-token"


class PolicygraphOnEngine(Peer):
    """policygraph serving a graph kept in a remote engine (result cache off)."""

    name = "policygraph@oxigraph"
    kind = "oxigraph-server"
    env = {"POLICYGRAPH_QUERY_CACHE_MB": "0", "POLICYGRAPH_WRITE_TOKEN": TOKEN}

    def __init__(self, workdir: Path, workers: int = 4) -> None:
        super().__init__(workdir)
        self.workers = workers
        self.engine = None

    def available(self) -> str | None:
        try:
            from tests import engines

            if self.kind == "oxigraph-server":
                engines.oxigraph_binary()
            else:
                engines.ensure_virtuoso()
        except Exception as exc:  # noqa: BLE001 - reported as the reason it is skipped
            return f"cannot set up the engine: {exc}"
        return None

    def load(self, data: Path) -> float:
        from tests.engines import start, start_virtuoso

        # Virtuoso with its profile's row cap, not the tests' low one (the search index reads
        # every label: 10^5 quads hold more than the tests' cap)
        self.engine = start_virtuoso(10**6) if self.kind == "virtuoso" else start(self.kind)
        self.env = {**type(self).env, **self.engine.env()}
        cli = [str(VENV / "policygraph"), "--log-level", "WARNING", "load"]
        where = ["--store-url", self.engine.url, "--engine", self.engine.engine]
        started = time.perf_counter()
        proc = subprocess.run(
            [*cli, *where, "--no-validate", str(data)],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env},
        )
        if proc.returncode:
            raise RuntimeError(f"{self.name}: load failed:\n{proc.stderr[-2000:]}")
        return time.perf_counter() - started

    def command(self, data: Path) -> list[str]:
        assert self.engine is not None
        return [
            str(VENV / "policygraph"), "--log-level", "WARNING", "serve",
            "--store-url", self.engine.url, "--engine", self.engine.engine,
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
        ]  # fmt: skip

    def stop(self) -> None:
        super().stop()

    def stop_engine(self) -> None:
        if self.engine is not None:
            self.engine.stop()
            self.engine = None


class PolicygraphOnVirtuoso(PolicygraphOnEngine):
    name = "policygraph@virtuoso"
    kind = "virtuoso"


REMOTE_PEERS: dict[str, type[Peer]] = {
    "policygraph@oxigraph": PolicygraphOnEngine,
    "policygraph@virtuoso": PolicygraphOnVirtuoso,
}


def ingest_latency(peer: PolicygraphOnEngine, runs: int = 5) -> dict:
    """Median/min/max ms of one typical article's ingest into the peer's engine (in process)."""
    from bench.ingest import measure, typical_article

    assert peer.engine is not None
    store = peer.engine.store()
    try:
        quads = len(store)
        document, article_id = typical_article()
        times = measure(store, document, article_id, runs)
        delta = len(store) - quads  # 0 when each delete undid its ingest (reported, not fatal)
    finally:
        store.close()
    return {
        "size_delta": delta,
        "runs": runs,
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "max_ms": max(times) * 1000,
    }
