"""/health, /metrics, the access log and CORS, through the Flask test client."""

from __future__ import annotations

import json
import logging

import pytest

from graph.config import Settings
from graph.errors import StoreUnavailable
from server import create_app

TOKEN = "unit-secret-token-19c"


def _app(store, **overrides):
    app = create_app(Settings(memory=True), store=store, query_workers=0, **overrides)
    app.config["TESTING"] = True
    return app


class BrokenStore:
    name = "oxigraph"
    data_version = 0

    def __len__(self):
        raise StoreUnavailable("the disk is gone")

    def query(self, *args, **kwargs):
        raise StoreUnavailable("the disk is gone")


def test_health_ok(seed_store):
    response = _app(seed_store).test_client().get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["triples"] == len(seed_store)
    assert response.json["data_version"] == seed_store.data_version


def test_health_503_when_the_store_is_unavailable():
    response = _app(BrokenStore()).test_client().get("/health")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "store": "oxigraph",
        "error": "the store does not answer; the administrator can find why in the log",
    }


def test_metrics_count_requests_by_route_and_status(seed_store):
    client = _app(seed_store).test_client()
    client.get("/sparql", query_string={"query": "ASK {}"})
    client.get("/sparql", query_string={"query": "ASK {"})
    client.get("/nowhere")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'policygraph_http_requests_total{method="GET",route="/sparql",status="200"} 1.0' in text
    assert 'policygraph_http_requests_total{method="GET",route="/sparql",status="400"} 1.0' in text
    assert 'route="(unmatched)",status="404"' in text
    assert f"policygraph_store_triples {float(len(seed_store))}" in text


def test_access_log_line_without_token_or_body(seed_store, caplog):
    client = _app(seed_store, write_token=TOKEN).test_client()
    with caplog.at_level(logging.INFO):
        client.get("/sparql", query_string={"query": "SELECT ?zz41 WHERE { ?s ?p ?o } LIMIT 2"})
        client.post(
            "/sparql",
            data={"update": f"CLEAR GRAPH <urn:{TOKEN}>"},
            headers={"Authorization": f"Bearer {TOKEN}x"},
        )
    assert TOKEN not in caplog.text and "zz41" not in caplog.text
    lines = [json.loads(r.message) for r in caplog.records if r.name == "policygraph.access"]
    assert lines[0] == {
        "method": "GET",
        "route": "/sparql",
        "path": "/sparql",
        "status": 200,
        "duration_ms": lines[0]["duration_ms"],
        "rows": 2,
    }
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("settings", "origin", "allowed"),
    [
        ({}, "https://a.example", "*"),
        ({"cors_origins": "https://a.example"}, "https://a.example", "https://a.example"),
        ({"cors_origins": "https://a.example"}, "https://b.example", None),
        ({"cors_origins": ""}, "https://a.example", None),
    ],
)
def test_cors_on_reads(seed_store, settings, origin, allowed):
    client = _app(seed_store, **settings).test_client()
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == allowed
    assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("settings", "allowed"),
    [({}, None), ({"cors_write_origins": "https://desk.example"}, "https://desk.example")],
)
def test_cors_on_writes_is_closed_by_default(seed_store, settings, allowed):
    client = _app(seed_store, write_token=TOKEN, **settings).test_client()
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://desk.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers.get("Access-Control-Allow-Origin") == allowed
    write = client.post(
        "/sparql",
        data={"update": "CLEAR GRAPH <urn:x>"},
        headers={"Origin": "https://desk.example"},
    )
    assert write.status_code == 401
    assert write.headers.get("Access-Control-Allow-Origin") == allowed
