"""The network view's data and its first drawing at scale (not run by ``make test``).

Loads a synthetic graph (``bench/generate.py``; 10^6 quads by default) into an in-memory
Oxigraph store, then times, through the app's HTTP interface (Flask test client):

- the cold parts of the first ``GET /api/network/view`` at a data version, one by one: the
  partner network and its metrics (shared with /api/metrics, /api/path ...), the layout
  (Graphviz ``sfdp``), the view and its JSON;
- ``GET /api/network/view`` with the network, metrics and layout built but not the view
  ("view cold"), and warm (cached bytes), as the median of 20;
- with ``--draw``: the first drawing of the whole network by the /network page in headless
  system Chromium (time from navigation to the page's ``data-state="ready"``, and the
  drawing alone as the page measures it), served by a real server on a loopback port.

Usage: ``python bench/network_view.py [--triples 1000000] [--draw] [--port 8460]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if not __package__:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.cache import clear_cache, snapshot
from graph.config import Settings
from graph.network.layout import layout_positions
from graph.network.metrics import store_metrics
from graph.network.partners import partner_network
from graph.network.view import network_view, network_view_json
from graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def load(triples: int) -> OxigraphStore:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.nq"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--triples", str(triples),
             "--seed", "1", "-o", str(path)],
            check=True, capture_output=True,
        )  # fmt: skip
        store = OxigraphStore()
        start = time.perf_counter()
        store.load(path, "nq", bulk=True)
        print(f"loaded {len(store):,} quads in {time.perf_counter() - start:.1f} s")
    return store


def time_parts(store: OxigraphStore) -> None:
    clear_cache()
    snap = snapshot(store)
    for name, fn in (
        ("partner network", lambda: partner_network(snap)),
        ("metrics", lambda: store_metrics(snap)),
        ("layout (sfdp)", lambda: layout_positions(partner_network(snap))),
        ("view (incl. layout again)", lambda: network_view(snap)),
        ("view's JSON", lambda: network_view_json(snap)),
    ):
        start = time.perf_counter()
        fn()
        print(f"  {name:<24} {_ms(time.perf_counter() - start)}")
    g = partner_network(snap)
    print(f"  ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges)")


def time_http(store: OxigraphStore) -> None:
    from server import create_app

    client = create_app(Settings(memory=True, query_workers=0), store=store).test_client()
    clear_cache()

    def get() -> tuple[float, int]:
        start = time.perf_counter()
        response = client.get("/api/network/view")
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - start, len(response.data)

    clear_cache()
    snap = snapshot(store)
    partner_network(snap), store_metrics(snap)
    from graph.network.view import _positions

    _positions(snap)
    cold_view, size = get()
    print(f"/api/network/view cold, network, metrics and layout built: {_ms(cold_view)}, "
          f"{size:,} bytes")  # fmt: skip
    warm = statistics.median(get()[0] for _ in range(20))
    print(f"/api/network/view warm (median of 20): {_ms(warm)}")


def time_draw(store: OxigraphStore, port: int, shot: str | None = None) -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from server import create_app

    app = create_app(Settings(memory=True, query_workers=0), store=store)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            for attempt in range(2):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/network")
                page.wait_for_selector("#network[data-state=ready]", timeout=120_000)
                total = time.perf_counter() - start
                drawn = page.get_attribute("#network", "data-draw-ms")
                built = page.get_attribute("#network", "data-build-ms")
                filtered = page.get_attribute("#network", "data-filter-ms")
                print(f"first drawing in Chromium (run {attempt + 1}): page load to drawn "
                      f"{_ms(total)}; drawing alone {drawn} ms (elements {built} ms, "
                      f"filters {filtered} ms)")  # fmt: skip
                if shot and attempt == 0:
                    page.screenshot(path=shot)
                page.close()
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--draw", action="store_true")
    parser.add_argument("--port", type=int, default=8460)
    parser.add_argument("--draw-only", action="store_true", help="skip the server-side timings")
    parser.add_argument("--screenshot", help="save the first drawing as this PNG file")
    args = parser.parse_args()
    store = load(args.triples)
    if args.draw_only:
        time_draw(store, args.port, args.screenshot)
        return
    print("cold parts:")
    time_parts(store)
    time_http(store)
    if args.draw:
        time_draw(store, args.port, args.screenshot)


if __name__ == "__main__":
    main()
