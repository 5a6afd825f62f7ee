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


def _app(store, lean=False, **overrides):
    """The app, and the calls of its /sparql view; ``lean``: cold plain GETs answered by the
    front too (off here for the tests of cached answers, which count the view's calls)."""
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
    app.wsgi_app.lean = lean
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


# --- cold plain GETs answered before Flask ---------------------------------------------------

BASE = "SELECT ?x WHERE { BIND(<rel> AS ?x) }"  # relative IRIs resolve against the endpoint


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ({"query": COUNT}, JSON),
        ({"query": COUNT}, {"Accept": "text/csv"}),
        ({"query": COUNT}, {"Accept": "application/sparql-results+xml"}),
        ({"query": COUNT}, {"Accept": "text/tab-separated-values", "Accept-Language": "ko"}),
        ({"query": COUNT}, {}),
        ({"query": "ASK { ?s ?p ?o }"}, {"Accept": "text/*"}),
        ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/turtle"}),
        ({"query": "DESCRIBE <urn:a>"}, {"Accept": "application/n-triples, */*;q=0.1"}),
        ({"query": BASE, "timeout": "5"}, JSON),
    ],
)
@pytest.mark.parametrize("cache_mb", [0, 64])
def test_a_cold_plain_get_is_answered_before_the_app_as_the_app_does(
    store, caplog, query, headers, cache_mb
):
    lean, lean_calls = _app(store, lean=True, query_cache_mb=cache_mb)
    app, calls = _app(store, query_cache_mb=cache_mb)
    with caplog.at_level(logging.INFO, logger="policygraph.access"):
        got = lean.test_client().get("/sparql", query_string=query, headers=headers)
    want = app.test_client().get("/sparql", query_string=query, headers=headers)
    assert (lean_calls, calls) == ([], [1])
    assert got.status_code == want.status_code == 200
    assert got.data == want.data
    # the same headers, in the same order (Last-Modified is each app's first sight of the data)
    assert [k for k, _ in got.headers] == [k for k, _ in want.headers]
    same = [(k, v) for k, v in got.headers if k != "Last-Modified"]
    assert same == [(k, v) for k, v in want.headers if k != "Last-Modified"]
    (line,) = [json.loads(r.getMessage()) for r in caplog.records]
    assert line["route"] == "/sparql" and line["status"] == 200 and line["rows"] >= 1
    metrics = lean.test_client().get("/metrics").data.decode()
    assert 'policygraph_http_requests_total{method="GET",route="/sparql",status="200"} 1.0' in (
        metrics
    )
    held = {**headers, "If-None-Match": got.headers["ETag"]}  # the front's tag is the app's
    assert app.test_client().get("/sparql", query_string=query, headers=held).status_code == 304


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        ({"query": "SELEC x"}, JSON, 400),
        ({"query": "SELECT * WHERE { ?s ?p ?o }"}, {"Accept": "image/png"}, 406),
        ({"query": "SELECT * WHERE { ?s ?p ?o } VALUES ?n { 1 2 3 }"}, JSON, 413),
        ({"query": COUNT, "timeout": "soon"}, JSON, 400),
    ],
)
def test_what_is_not_a_200_is_answered_by_the_app_and_runs_once(
    store, monkeypatch, query, headers, status
):
    import server.sparql

    ran = []
    evaluate = server.sparql.evaluate

    def counted(*args, **kwargs):
        ran.append(1)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(server.sparql, "evaluate", counted)
    lean, lean_calls = _app(store, lean=True, max_result_rows=2)
    app, _ = _app(store, max_result_rows=2)
    got = lean.test_client().get("/sparql", query_string=query, headers=headers)
    ran_lean, ran[:] = len(ran), []
    want = app.test_client().get("/sparql", query_string=query, headers=headers)
    assert got.status_code == want.status_code == status
    assert got.data == want.data and got.headers == want.headers
    assert lean_calls == [1]  # the app's view wrote the error
    assert ran_lean == len(ran)  # and the query did not run a second time


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ({"query": COUNT, "format": "csv"}, {}),
        ({"query": COUNT, "default-graph-uri": "urn:g"}, JSON),
        ({"query": COUNT}, {**JSON, "Origin": "https://a.example"}),
        ({"query": COUNT}, {**JSON, "X-Forwarded-Proto": "https"}),
        ({"query": COUNT}, {**JSON, "Authorization": "Bearer x"}),
        ({"query": [COUNT, COUNT]}, JSON),
    ],
)
def test_other_gets_go_through_the_app(store, query, headers):
    lean, calls = _app(store, lean=True, query_cache_mb=0)
    lean.test_client().get("/sparql", query_string=query, headers=headers)
    assert calls == [1]


class _SharedStore(OxigraphStore):
    """A store other processes write to (as graph/store/remote.py): its version is read on
    ``refresh()``; here another process's write is simulated by a pending change."""

    def __init__(self) -> None:
        super().__init__()
        self.refreshed = 0
        self.pending: str | None = None

    def refresh(self) -> None:
        self.refreshed += 1
        if self.pending:
            self.update(self.pending)
            self.pending = None


@pytest.mark.parametrize("lean", [False, True])
def test_a_shared_store_is_refreshed_before_the_front_answers(lean):
    store = _SharedStore()
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
    app, _ = _app(store, lean=lean)
    client = app.test_client()
    assert _n(client.get("/sparql", query_string={"query": COUNT}, headers=JSON)) == 1
    store.pending = 'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "from elsewhere" } }'
    # cached (or cold) before Flask: still the other process's write is seen
    assert _n(client.get("/sparql", query_string={"query": COUNT}, headers=JSON)) == 2
    assert store.refreshed >= 2
    store.close()
