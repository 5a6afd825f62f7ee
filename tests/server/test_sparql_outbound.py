"""SERVICE, LOAD and dataset IRIs at /sparql: hostile spellings are refused (4xx naming the
feature and the IRI) before anything is opened; the listener and the file are never touched and
the store does not change. Allowed endpoints do work, and their redirects are checked too."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from server import create_app
from tests.stores import new_store

from ..hostile_sparql import dataset_names, hostile_queries, hostile_updates, traps

TOKEN = "outbound-token-7c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def trap(tmp_path_factory):
    with traps(tmp_path_factory.mktemp("trap")) as found:
        yield found


@pytest.fixture(scope="module")
def store():
    st = new_store(seed=True)  # embedded, or the engine of POLICYGRAPH_TEST_STORE
    yield st
    st.close()


@pytest.fixture(scope="module", params=[0, 1], ids=["in-process", "workers"])
def client(request, store):
    app = create_app(
        Settings(memory=True), store=store, write_token=TOKEN, query_workers=request.param
    )
    yield app.test_client()
    pool = app.extensions["policygraph"].pool
    if pool is not None:
        pool.close()


def _state(store) -> tuple[int, int]:
    return store.data_version, len(store)


def _query(client, form: str, query: str, params=None):
    params = dict(params or {})
    if form == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=JSON)
    if form == "post-form":
        return client.post("/sparql", data={"query": query, **params}, headers=JSON)
    return client.post(
        "/sparql",
        query_string=params,
        data=query.encode(),
        content_type="application/sparql-query",
        headers=JSON,
    )


def _update(client, form: str, update: str, params=None):
    if form == "post-form":
        return client.post("/sparql", data={"update": update, **(params or {})}, headers=AUTH)
    return client.post(
        "/sparql",
        query_string=params or {},
        data=update.encode(),
        content_type="application/sparql-update",
        headers=AUTH,
    )


def test_the_corpus_is_hostile(trap):
    """Sanity: the traps really record a connection and a read."""
    import socket

    with socket.create_connection(("127.0.0.1", trap.port), timeout=2):
        pass
    with open(trap.file, "rb") as pipe:
        assert b"the file was read" in pipe.read()
    assert not trap.untouched()
    trap.connections.clear()
    trap.reads.clear()


@pytest.mark.parametrize("form", ["get", "post-form", "post-direct"])
def test_hostile_queries_are_refused_before_anything_is_opened(client, store, trap, form):
    before = _state(store)
    for query in hostile_queries(trap):
        response = _query(client, form, query)
        body = response.get_data(as_text=True)
        assert 400 <= response.status_code < 500, (query, response.status_code, body)
        assert trap.untouched(), query
        if "SERVICE" in body:  # refused by the policy (others are syntax errors): it says why
            assert "service_allow" in body, body
    assert _state(store) == before


@pytest.mark.parametrize("form", ["post-form", "post-direct"])
def test_hostile_updates_are_refused_and_change_nothing(client, store, trap, form):
    before = _state(store)
    for update in hostile_updates(trap):
        response = _update(client, form, update)
        body = response.get_data(as_text=True)
        assert 400 <= response.status_code < 500, (update, response.status_code, body)
        assert trap.untouched(), update
        assert _state(store) == before, update
    assert not store.query("ASK { GRAPH <urn:trap:g> { ?s ?p ?o } }")


def test_refusals_name_the_feature_and_the_iri(client, trap):
    response = _query(client, "get", f"SELECT * {{ SERVICE <{trap.url}/q> {{ ?s ?p ?o }} }}")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"SERVICE (federated query) to <{trap.url}/q> is not allowed" in body
    response = _update(client, "post-direct", rf"\u004cOAD <{trap.file_iri}>")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"LOAD (fetching a document) to <{trap.file_iri}> is not allowed" in body
    response = _query(client, "get", "SELECT * { BIND(<urn:x> AS ?e) SERVICE ?e { ?s ?p ?o } }")
    assert "variable endpoint (?e)" in response.get_data(as_text=True)


def test_graph_names_are_never_fetched(client, store, trap):
    before = _state(store)
    for query, params in dataset_names(trap):
        for form in ("get", "post-form"):
            response = _query(client, form, query, params)
            assert response.status_code == 200, response.get_data(as_text=True)
            (row,) = json.loads(response.data)["results"]["bindings"]
            assert row["n"]["value"] == "0"
            assert trap.untouched(), query
    using = (
        f"INSERT {{ GRAPH <urn:trap:g> {{ ?s ?p ?o }} }} USING <{trap.url}/x.ttl> "
        "WHERE { ?s ?p ?o }"
    )
    assert _update(client, "post-direct", using).status_code == 204
    params = {"using-graph-uri": trap.file_iri}
    response = _update(client, "post-form", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", params)
    assert response.status_code == 204
    assert trap.untouched()
    assert _state(store) == before


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("default-graph-uri", "not an iri"),
        ("default-graph-uri", "relative/graph"),
        ("named-graph-uri", "http://a b/"),
        ("named-graph-uri", "http://x.org/%zz"),
        ("default-graph-uri", ""),
    ],
)
def test_dataset_parameters_must_be_iris(client, name, value):
    for form in ("get", "post-form", "post-direct"):
        response = _query(client, form, "ASK { ?s ?p ?o }", {name: value})
        body = response.get_data(as_text=True)
        assert response.status_code == 400, body
        assert f"parameter {name}" in body and "is not a valid id or IRI" in body


@pytest.mark.parametrize("name", ["using-graph-uri", "using-named-graph-uri"])
def test_using_parameters_must_be_iris(client, store, name):
    before = _state(store)
    response = _update(client, "post-form", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {name: "x y"})
    assert response.status_code == 400
    assert f"parameter {name}" in response.get_data(as_text=True)
    assert _state(store) == before


# --- allowed endpoints ---------------------------------------------------------------------
RESULTS = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": "far"}}]},
}


class _Remote(http.server.BaseHTTPRequestHandler):
    """An allowed endpoint: /sparql answers SPARQL JSON, /data.ttl Turtle, /moved redirects
    to the trap listener (whose address the test puts in ``server.redirect``)."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.server.paths.append(self.path)
        if self.path.startswith("/sparql"):
            self._send(json.dumps(RESULTS).encode(), "application/sparql-results+json")
        elif self.path == "/data.ttl":
            self._send(b"<urn:far:s> <urn:far:p> 42 .\n", "text/turtle")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", self.server.redirect)
            self.end_headers()
        else:
            self.send_error(404)

    do_POST = do_GET  # noqa: N815

    def _send(self, body: bytes, media_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def remote(trap) -> Iterator[http.server.HTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    server.paths = []
    server.redirect = trap.url + "/stolen"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _allowed_client(remote, workers: int):
    base = f"http://127.0.0.1:{remote.server_address[1]}"
    store = OxigraphStore()
    app = create_app(
        Settings(memory=True),
        store=store,
        write_token=TOKEN,
        query_workers=workers,
        service_allow=f"{base}/sparql {base}/data.ttl {base}/moved",
    )
    return app, store, base


@pytest.mark.parametrize("workers", [0, 1])
def test_an_allowed_service_is_called(remote, trap, workers):
    app, store, base = _allowed_client(remote, workers)
    client = app.test_client()
    response = _query(client, "get", f"SELECT ?x {{ SERVICE <{base}/sparql> {{ ?x ?p ?o }} }}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [b["x"]["value"] for b in json.loads(response.data)["results"]["bindings"]] == ["far"]
    # the allow-list is exact: a neighbour of an allowed endpoint is refused
    response = _query(client, "get", f"SELECT ?x {{ SERVICE <{base}/other> {{ ?x ?p ?o }} }}")
    assert response.status_code == 400
    assert remote.paths and all(p.startswith("/sparql") for p in remote.paths)
    assert trap.untouched()
    if app.extensions["policygraph"].pool is not None:
        app.extensions["policygraph"].pool.close()


def test_an_allowed_load_is_fetched_and_a_redirect_elsewhere_is_refused(remote, trap):
    app, store, base = _allowed_client(remote, 0)
    client = app.test_client()
    response = _update(client, "post-direct", f"LOAD <{base}/data.ttl> INTO GRAPH <urn:far:g>")
    assert response.status_code == 204, response.get_data(as_text=True)
    assert store.query("ASK { GRAPH <urn:far:g> { <urn:far:s> <urn:far:p> 42 } }")
    before = _state(store)
    response = _update(client, "post-direct", f"LOAD <{base}/moved> INTO GRAPH <urn:far:h>")
    body = response.get_data(as_text=True)
    assert response.status_code == 400, body
    assert f"<{trap.url}/stolen> is not allowed" in body
    assert trap.untouched()
    assert _state(store) == before
