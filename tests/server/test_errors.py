"""server.errors: one translator from exceptions to HTTP, one body shape per kind of path.

There are no /api routes yet, so a test app gets a few test-only /api routes that raise each
kind of error; /sparql is checked with real bad requests (its errors are plain text).
"""

from __future__ import annotations

import logging

import pytest
from werkzeug.exceptions import NotAcceptable, UnsupportedMediaType

from graph.config import Settings
from graph.errors import (
    Conflict,
    InputError,
    LimitExceeded,
    NotFound,
    PolicyGraphError,
    QueryTimeout,
    ReadOnly,
    StoreUnavailable,
    ValidationFailed,
)
from graph.store.oxigraph import OxigraphStore
from server import create_app
from server.errors import STATUS

SECRET = "connection string postgres://admin:hunter2@db"

ERRORS = {
    "input": (InputError("bad parameter q", parameter="q"), 400),
    "read-only": (ReadOnly("the store is read-only"), 403),
    "not-found": (
        NotFound("no stakeholder kakao", iri="https://policygraph.example/id/org/x"),
        404,
    ),
    "not-acceptable": (NotAcceptable("offered: application/json"), 406),
    "conflict": (Conflict("article exists"), 409),
    "limit": (LimitExceeded("upload is 9 MB; the limit is 1 MB", limit="max_upload", value=1), 413),
    "media-type": (UnsupportedMediaType("send text/turtle"), 415),
    "validation": (ValidationFailed("2 violations", report={"violations": 2}), 422),
    "timeout": (QueryTimeout("query ran past 30 s", limit="query_timeout", value=30), 503),
    "unavailable": (StoreUnavailable("store is closed"), 503),
    "base": (PolicyGraphError("something in the core"), 500),
}


@pytest.fixture(scope="module")
def app():
    store = OxigraphStore()
    application = create_app(Settings(memory=True), store=store)
    application.config["TESTING"] = True

    def raise_error(kind: str):
        raise ERRORS[kind][0]

    def crash():
        raise RuntimeError(SECRET)

    application.add_url_rule("/api/raise/<kind>", "raise_error", raise_error)
    application.add_url_rule("/api/crash", "api_crash", crash)
    application.add_url_rule("/crash", "crash", crash)
    yield application
    store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.mark.parametrize("kind", ERRORS)
def test_api_error_shape(client, kind):
    exc, status = ERRORS[kind]
    response = client.get(f"/api/raise/{kind}")
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    message = getattr(exc, "message", None) or exc.description
    if status == 500:  # a core error with no documented status: no detail to the client
        message = "internal server error; the administrator can find it in the log"
    assert {k: body[k] for k in ("ok", "status", "error", "errors")} == {
        "ok": False,
        "status": status,
        "error": message,
        "errors": [message],
    }


def test_api_error_carries_context(client):
    body = client.get("/api/raise/limit").get_json()
    assert body["limit"] == "max_upload"
    assert body["value"] == 1
    assert client.get("/api/raise/input").get_json()["parameter"] == "q"


def test_context_cannot_overwrite_the_shape():
    store = OxigraphStore()
    application = create_app(Settings(memory=True), store=store)

    def clash():
        raise InputError("bad", status=200, ok=True, error="fine", errors=[])

    application.add_url_rule("/api/clash", "clash", clash)
    response = application.test_client().get("/api/clash")
    store.close()
    body = response.get_json()
    assert response.status_code == 400
    assert (body["ok"], body["status"], body["error"], body["errors"]) == (
        False,
        400,
        "bad",
        ["bad"],
    )


@pytest.mark.parametrize("kind", ["input", "not-found", "limit", "timeout"])
def test_status_table_matches_the_documentation(kind):
    exc, status = ERRORS[kind]
    assert STATUS[type(exc)] == status


def test_api_unknown_route_is_json_404(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["ok"] is False


def test_api_wrong_method_is_json_405_with_allow(client):
    response = client.post("/api/crash")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/crash", "/crash"])
def test_unexpected_error_is_500_without_details(client, path, caplog):
    with caplog.at_level(logging.ERROR, logger="server.errors"):
        response = client.get(path)
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "internal server error" in body
    assert SECRET not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    if path.startswith("/api"):
        assert response.get_json()["status"] == 500
    else:
        assert response.mimetype == "text/plain"
    # the administrator finds the traceback in the log
    records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert records and records[-1].exc_info is not None
    assert SECRET in str(records[-1].exc_info[1])


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"query_string": {"query": "SELECT * {"}}, 400),
        ("GET", {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406),
        ("GET", {"query_string": {"update": "CLEAR ALL"}}, 400),
        ("POST", {"data": {"update": "CLEAR ALL"}}, 403),
        ("POST", {"data": b"ASK {}", "content_type": "text/plain"}, 415),
        ("PUT", {}, 405),
    ],
)
def test_sparql_errors_are_plain_text(client, method, kwargs, status):
    response = client.open("/sparql", method=method, **kwargs)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True).endswith("\n")


def test_other_pages_answer_plain_text(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
