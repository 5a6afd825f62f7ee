"""Where a cold ``/sparql`` request's milliseconds go, layer by layer (issue 20's profile).

On a built store (``policygraph load``), for each query shape of the benchmark mix, one client,
result cache off, the median of ``--draws`` parameter draws at each layer:

- ``engine``: pyoxigraph's ``Store.query`` and its JSON serialiser, nothing else;
- ``evaluate``: :func:`graph.query.execution.evaluate` in process (the policy checks, the row
  count and the time-limit checks, the serialisation as the endpoint writes it);
- ``worker``: the same through the query worker pool (:class:`graph.query.workers.QueryPool`):
  the process hop is ``worker - evaluate``;
- ``flask``: the whole app through Flask's test client (routing, request objects, negotiation,
  the access log and the metrics): the app's share is ``flask - worker``;
- ``http``: the same app served over loopback HTTP by ``serve``'s server (waitress), one
  keep-alive client: the HTTP server's share is ``http - flask``;
- ``front``, ``front http``: a lookup (:func:`graph.query.plans.is_lookup`) as a front process
  of ``serve --fronts N`` answers it (server/fronts.py: in-process on a read-only store, no
  worker hop), through the test client and over loopback HTTP (waitress); "-" for the queries
  that are not lookups, which a front process sends to the main process.

``--cprofile QUERY`` also prints cProfile's top functions for that shape through the app.
Usage: ``python bench/profile_cold.py --store var/bench/100000/policygraph/store``.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import pstats
import statistics
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

if not __package__:  # run as a script: python bench/profile_cold.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox

from bench.queries import QUERIES, draw_pool, instances
from graph.config import Settings
from graph.query.execution import QueryRequest, evaluate
from graph.query.workers import QueryPool
from graph.store import open_store

ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json"}
ACCEPT["construct"] = "application/n-triples"
FORMATS = {"solutions": "json", "boolean": "json", "graph": "ntriples"}


def _median_ms(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _engine(store) -> Callable[[str], object]:
    native = store._store  # the pyoxigraph Store of graph.store.oxigraph.OxigraphStore

    def run(text: str) -> bytes:
        result = native.query(text, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    return run


def _http(port: int) -> tuple[Callable[[str, str], bytes], Callable[[], None]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(text: str, accept: str) -> bytes:
        conn.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": text}), None, {"Accept": accept}
        )
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, (resp.status, body[:300])
        return body

    return get, conn.close


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the draws per layer")
    ap.add_argument("--port", type=int, default=8601)
    ap.add_argument("--queries", default=",".join(q.name for q in QUERIES))
    ap.add_argument("--cprofile", default="", help="a query name to profile through the app")
    args = ap.parse_args()

    import waitress.server

    from server import create_app

    settings = Settings(store_path=str(args.store), query_cache_mb=0, log_level="WARNING")
    store = open_store(settings)
    app = create_app(settings, store=store)
    client = app.test_client()
    server = waitress.server.create_server(app, host="127.0.0.1", port=args.port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    get, close = _http(args.port)
    pool = QueryPool(store, 2)
    from graph.query.plans import is_lookup
    from graph.store.oxigraph import OxigraphStore
    from server.fronts import LeanFront, Proxy

    lean = create_app(settings.replace(query_workers=0), store=OxigraphStore.follow(args.store))
    lean.wsgi_app = LeanFront(lean, lean.wsgi_app.inner, Proxy("/nonexistent"))  # type: ignore
    lean_client = lean.test_client()
    lean_server = waitress.server.create_server(
        lean, host="127.0.0.1", port=args.port + 1, threads=4
    )
    threading.Thread(target=lean_server.run, daemon=True).start()
    lean_get, lean_close = _http(args.port + 1)

    def select_json(text: str) -> list[dict]:
        import json

        return json.loads(_engine(store)(text))["results"]["bindings"]

    draws = draw_pool(select_json)
    wanted = args.queries.split(",")
    print(
        f"{'query':18} {'engine':>8} {'evaluate':>9} {'worker':>8} {'flask':>8} {'http':>8}"
        f" {'front':>8} {'front http':>10}"
    )
    for query in QUERIES:
        if query.name not in wanted:
            continue
        texts = instances(query, draws, 1, args.draws)
        accept = ACCEPT[query.kind]

        def req(text: str) -> QueryRequest:
            return QueryRequest(text, formats=FORMATS, base_iri="http://127.0.0.1/sparql")

        def through_app(text: str, accept: str = accept, client=client) -> None:
            resp = client.get("/sparql", query_string={"query": text}, headers={"Accept": accept})
            assert resp.status_code == 200, resp.data[:300]

        for text in texts:  # warm every layer (pages in the OS cache, the app's first request)
            get(text, accept)
        row = {
            "engine": _median_ms(_engine(store), texts, args.repeat),
            "evaluate": _median_ms(lambda t: evaluate(store, req(t)), texts, args.repeat),
            "worker": _median_ms(lambda t: pool.run(req(t), 600), texts, args.repeat),
            "flask": _median_ms(through_app, texts, args.repeat),
            "http": _median_ms(lambda t, a=accept: get(t, a), texts, args.repeat),
        }
        if all(is_lookup(t) for t in texts):
            for text in texts:
                lean_get(text, accept)
            row["front"] = _median_ms(
                lambda t: through_app(t, client=lean_client), texts, args.repeat
            )
            row["front http"] = _median_ms(lambda t, a=accept: lean_get(t, a), texts, args.repeat)
        shown = " ".join(f"{v:8.2f}" for v in row.values())
        print(f"{query.name:18} {shown}", flush=True)
        if query.name == args.cprofile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.repeat * 10):
                for text in texts:
                    through_app(text, client=lean_client if is_lookup(text) else client)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
            print(out.getvalue())
    close()
    lean_close()
    # the waitress thread is a daemon: it ends with the process (closing it under its loop
    # makes the loop raise)
    pool.close()
    store.close()


if __name__ == "__main__":
    main()
