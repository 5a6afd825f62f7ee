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


def test_a_full_cache_evicts_and_every_answer_stays_right():
    """Past its budget the cache drops its oldest answers; no query answers 500 for it."""
    store = OxigraphStore()
    triples = " ".join(f'<urn:s{i:03}> <urn:p> "{"x" * 200}{i}" .' for i in range(300))
    store.update(f"INSERT DATA {{ GRAPH <urn:g> {{ {triples} }} }}")
    app = create_app(Settings(memory=True), store=store, query_cache_mb=1, query_workers=0)
    client = app.test_client()
    cache = app.extensions["policygraph"].cache
    for i in range(40):  # about 70 KB each: the 1 MiB budget fills after 14
        query = f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s # {i}"
        for _ in range(2):  # a miss, then a hit while it is still kept
            response = client.get("/sparql", query_string={"query": query}, headers=JSON)
            assert response.status_code == 200
            bindings = json.loads(response.data)["results"]["bindings"]
            assert len(bindings) == 300 and bindings[0]["s"]["value"] == "urn:s000"
    stats = cache.stats()
    assert stats["bytes"] <= cache.max_bytes and 0 < stats["entries"] < 40
    assert stats["hits"] == 40 and stats["misses"] == 40
