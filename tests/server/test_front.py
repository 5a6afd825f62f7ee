"""Repeated GET /sparql answered before Flask (server/front.py): the same bytes and headers,
the same access-log line and metrics, and never a stale or another client's answer."""

from __future__ import annotations

import json
import logging

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from server import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def store():
    st = OxigraphStore()
    st.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
    yield st
    st.close()


def _app(store, **overrides):
    app = create_app(
        Settings(memory=True, cors_origins="https://a.example https://b.example"),
        store=store,
        query_workers=0,
        **overrides,
    )
    calls = []
    view = app.view_functions["sparql.sparql"]

    def counted(*args, **kwargs):
        calls.append(1)
        return view(*args, **kwargs)

    app.view_functions["sparql.sparql"] = counted
    return app, calls


def _n(response) -> int:
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def test_a_repeated_query_is_answered_without_the_app_and_logged_the_same(store, caplog):
    app, calls = _app(store)
    client = app.test_client()
    first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    with caplog.at_level(logging.INFO, logger="policygraph.access"):
        again = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    assert len(calls) == 1  # the second never reached the view
    assert again.data == first.data and _n(again) == 1
    assert again.headers == first.headers  # Content-Type, Vary, ETag, Last-Modified, ...
    (line,) = [json.loads(r.getMessage()) for r in caplog.records]
    assert line["route"] == "/sparql" and line["status"] == 200 and line["rows"] == 1
    metrics = client.get("/metrics").data.decode()
    assert (
        'policygraph_http_requests_total{method="GET",route="/sparql",status="200"} 2.0' in metrics
    )
    assert app.extensions["policygraph"].cache.stats()["hits"] == 1


def test_a_write_is_seen_by_the_next_request(store):
    app, calls = _app(store)
    client = app.test_client()
    assert _n(client.get("/sparql", query_string={"query": COUNT}, headers=JSON)) == 1
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "d" } }')
    assert _n(client.get("/sparql", query_string={"query": COUNT}, headers=JSON)) == 2
    assert len(calls) == 2


A_SITE = {**JSON, "Origin": "https://a.example"}


@pytest.mark.parametrize(
    ("base", "other"),
    [
        (JSON, {"Accept": "text/csv"}),
        (JSON, {**JSON, "Host": "elsewhere.example"}),
        (JSON, {**JSON, "Accept-Language": "ko"}),
        (A_SITE, {**JSON, "Origin": "https://b.example"}),
    ],
)
def test_another_request_gets_its_own_answer(store, base, other):
    app, calls = _app(store)
    client = app.test_client()
    client.get("/sparql", query_string={"query": COUNT}, headers=base)
    answer = client.get("/sparql", query_string={"query": COUNT}, headers=other)
    assert answer.status_code == 200
    assert len(calls) == 2
    if "Origin" in other:
        assert answer.headers["Access-Control-Allow-Origin"] == "https://b.example"
    if other["Accept"] == "text/csv":
        assert answer.mimetype == "text/csv"


def test_errors_conditional_requests_and_a_cache_turned_off_go_through_the_app(store):
    app, calls = _app(store)
    client = app.test_client()
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": "SELEC x"}).status_code == 400
    assert len(calls) == 2
    first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    held = {**JSON, "If-None-Match": first.headers["ETag"]}
    assert client.get("/sparql", query_string={"query": COUNT}, headers=held).status_code == 304
    off, off_calls = _app(store, query_cache_mb=0)
    off_client = off.test_client()
    for _ in range(2):
        _n(off_client.get("/sparql", query_string={"query": COUNT}, headers=JSON))
    assert len(off_calls) == 2


def test_the_service_description_is_not_kept(store):
    app, calls = _app(store)
    client = app.test_client()
    for _ in range(2):
        answer = client.get("/sparql?timeout=5", headers={"Accept": "text/turtle"})
        assert answer.status_code == 200
    assert len(calls) == 2
