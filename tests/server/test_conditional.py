"""Conditional GETs: ETag and Last-Modified from the data version on /sparql, /api and /export;
a client that holds the current answer gets 304 before any view runs."""

from __future__ import annotations

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from server import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}
TURTLE = {"Accept": "text/turtle"}
ROUTES = [
    ("/sparql", {"query": COUNT}, JSON, "sparql.sparql"),
    ("/sparql", {}, TURTLE, "sparql.sparql"),  # the service description
    ("/api/stakeholders", {}, {}, "api.stakeholders"),
    ("/export/network.gexf", {}, {}, "exports.network"),
]


@pytest.fixture
def store():
    st = OxigraphStore()
    st.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
    yield st
    st.close()


@pytest.fixture
def app(store):
    # cache off, queries in the request thread: a view that runs is seen running
    return create_app(Settings(memory=True), store=store, query_cache_mb=0, query_workers=0)


def _refuse_views(app, endpoint: str) -> None:
    """Make the view fail loudly: a 304 must come before it runs."""

    assert endpoint in app.view_functions

    def ran(*args, **kwargs):
        raise AssertionError(f"{endpoint} ran for a conditional request")

    app.view_functions[endpoint] = ran


def _write(store) -> None:
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "d" } }')


@pytest.mark.parametrize(("path", "args", "accept", "endpoint"), ROUTES)
def test_if_none_match_answers_304_without_running_the_view(app, path, args, accept, endpoint):
    client = app.test_client()
    first = client.get(path, query_string=args, headers=accept)
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    _refuse_views(app, endpoint)
    again = client.get(
        path, query_string=args, headers={**accept, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    # RFC 9110 15.4.5: a 304 repeats ETag and Vary (Last-Modified is left out by werkzeug)
    head = client.head(
        path, query_string=args, headers={**accept, "If-None-Match": first.headers["ETag"]}
    )
    assert head.status_code == 304


@pytest.mark.parametrize(("path", "args", "accept", "endpoint"), ROUTES)
def test_a_write_makes_the_held_answer_stale(app, store, path, args, accept, endpoint):
    client = app.test_client()
    first = client.get(path, query_string=args, headers=accept)
    _write(store)
    again = client.get(
        path, query_string=args, headers={**accept, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]
    assert again.last_modified > first.last_modified  # a later second, even within one second
    since = client.get(
        path,
        query_string=args,
        headers={**accept, "If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code == 200


def test_if_modified_since_answers_304_while_the_version_holds(app):
    client = app.test_client()
    first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    _refuse_views(app, "sparql.sparql")
    since = first.headers["Last-Modified"]
    again = client.get(
        "/sparql", query_string={"query": COUNT}, headers={**JSON, "If-Modified-Since": since}
    )
    assert again.status_code == 304


def test_if_none_match_wins_over_if_modified_since(app):
    """RFC 9110 13.1.3: with If-None-Match, If-Modified-Since is not looked at."""
    client = app.test_client()
    first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    headers = {
        **JSON,
        "If-None-Match": 'W/"another"',
        "If-Modified-Since": first.headers["Last-Modified"],
    }
    assert client.get("/sparql", query_string={"query": COUNT}, headers=headers).status_code == 200


def test_each_representation_has_its_own_tag(app):
    client = app.test_client()
    as_json = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    csv = {"Accept": "text/csv", "If-None-Match": as_json.headers["ETag"]}
    as_csv = client.get("/sparql", query_string={"query": COUNT}, headers=csv)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    assert as_csv.headers["ETag"] != as_json.headers["ETag"]
    assert "Accept" in as_csv.headers["Vary"]
    other = client.get(
        "/sparql",
        query_string={"query": COUNT + " LIMIT 1"},
        headers={**JSON, "If-None-Match": as_json.headers["ETag"]},
    )
    assert other.status_code == 200


def test_errors_writes_and_posted_queries_carry_no_validators(app):
    client = app.test_client()
    bad = client.get("/sparql", query_string={"query": "SELEC nothing"})
    assert bad.status_code == 400 and "ETag" not in bad.headers
    posted = client.post("/sparql", data={"query": COUNT}, headers=JSON)
    assert posted.status_code == 200 and "ETag" not in posted.headers
    missing = client.get("/api/stakeholders/no-such-one")
    assert missing.status_code == 404 and "ETag" not in missing.headers


def test_the_language_toggle_is_part_of_the_tag(app):
    # /api/docs is a page in the toggled language: a tag held in English is no tag for Korean
    client = app.test_client()
    english = client.get("/api/docs")
    assert english.status_code == 200 and "ETag" in english.headers
    held = {"If-None-Match": english.headers["ETag"]}
    assert client.get("/api/docs", headers=held).status_code == 304
    client.set_cookie("lang", "ko")
    korean = client.get("/api/docs", headers=held)
    assert korean.status_code == 200
    assert korean.headers["ETag"] != english.headers["ETag"]
