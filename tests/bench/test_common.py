"""bench/common.py: how answers are counted and latencies summarised."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.common import Request, Sample, count_rows, run_clients, summarize


def test_rows_of_each_kind_of_answer():
    select = {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {}}, {"s": {}}]}}
    assert count_rows(json.dumps(select).encode(), "select") == 2
    assert count_rows(b'{"head": {}, "boolean": false}', "ask") == 0
    triples = b"<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> <urn:b> .\n\n<urn:a> <urn:p> <urn:c> .\n"
    assert count_rows(triples, "construct") == 2  # distinct triples, as a graph holds them


def test_percentiles_are_nearest_rank():
    sample = Sample([i / 1000 for i in range(1, 101)], elapsed=2.0, errors=1)
    s = summarize(sample)
    assert (s["n"], s["qps"], s["errors"]) == (100, 50.0, 1)
    assert (s["p50_ms"], s["p95_ms"], s["p99_ms"]) == pytest.approx((50, 95, 99))
    assert summarize(Sample([], 1.0))["n"] == 0


def test_clients_cycle_the_requests_and_count_errors():
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 (http.server's name)
            seen.append(self.path)
            status = 500 if self.path == "/bad" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        reqs = [Request("GET", "/a"), Request("GET", "/b"), Request("GET", "/bad")]
        sample = run_clients(
            server.server_address[1], reqs, clients=3, max_requests=30, max_seconds=30
        )
    finally:
        server.shutdown()
        server.server_close()
    assert len(seen) == 30 and {p: seen.count(p) for p in set(seen)} == {
        "/a": 10,
        "/b": 10,
        "/bad": 10,
    }
    assert len(sample.latencies) == 20 and sample.errors == 10
    assert sample.first_error.startswith("500")
