"""/sparql answers from the result cache until the next write; the cache can be switched off."""

from __future__ import annotations

import json

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from server import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def _count(client, **headers) -> tuple[int, str]:
    resp = client.get("/sparql", query_string={"query": COUNT}, headers={**JSON, **headers})
    assert resp.status_code == 200
    return int(json.loads(resp.data)["results"]["bindings"][0]["n"]["value"]), resp.mimetype


@pytest.mark.parametrize("mb", [64, 0])
def test_a_write_is_seen_by_the_next_query_cache_on_or_off(mb):
    store = OxigraphStore()
    app = create_app(Settings(memory=True), store=store, query_cache_mb=mb)
    client = app.test_client()
    assert _count(client) == (0, "application/sparql-results+json")
    assert _count(client)[0] == 0
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert _count(client)[0] == 1
    stats = app.extensions["policygraph"].cache.stats()
    if mb:
        assert stats["hits"] == 1 and stats["misses"] == 2
    else:
        assert stats == {"entries": 0, "bytes": 0, "hits": 0, "misses": 0}


def test_the_negotiated_format_is_part_of_the_key():
    app = create_app(Settings(memory=True), store=OxigraphStore())
    client = app.test_client()
    as_json = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    as_csv = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "text/csv"})
    again = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "text/csv"})
    assert as_json.mimetype == "application/sparql-results+json"
    assert as_csv.mimetype == "text/csv" and as_csv.data == again.data
    assert app.extensions["policygraph"].cache.stats()["hits"] == 1


def test_errors_are_not_cached():
    app = create_app(Settings(memory=True), store=OxigraphStore())
    client = app.test_client()
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": "SELEC nothing"}).status_code == 400
    assert app.extensions["policygraph"].cache.stats()["entries"] == 0
