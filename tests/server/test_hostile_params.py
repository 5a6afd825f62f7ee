"""Hostile path and query parameters on every /api and /export read route: always a plain 4xx
that names the parameter, in the route's error shape, with no internal detail (issue 14).

The routes and their parameters come from server/openapi.yaml, so a route added to the
document is attacked here too.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from server.api import openapi_document

# What a user may type or a script may send where an id, a date, a number or a name goes.
HOSTILE = [
    "x{y",
    "x}y",
    "a|b",
    "a\\b",
    "a^b",
    "a`b",
    "a<b>",
    'a"b',
    "a b",
    "\t",
    "a\x00b",
    "a\x07b",
    "a\nb",
    "a\x7fb",
    "a\u202eb",
    "a\u200bb",
    "\ufeff",
    "\ud800",
    "%",
    "%zz",
    "%ff%fe",
    "../../../etc/passwd",
    "file:///etc/passwd",
    "http://127.0.0.1:1/x",
    "urn:x y",
    "https:/policygraph.example/id/org/x{y}",
    "org/" + "x" * 5000,
    "a/" * 400,
    "-1",
    "1e9",
    "99999999999999999999999999999",
    "NaN",
    "0x10",
    "２０２５-01-01",
    "2025-02-30",
    "20250613",
    "2025-W01-1",
    "true",
    "null",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "} } DROP ALL ; SELECT * {",
    "Кakao",
]

# Words that would give away how the server is built.
INTERNAL = re.compile(
    r"Traceback|\b\w+(Error|Exception)\b|File \"|\.py\b|/work/|site-packages|exit(ed)? (code|with)"
    r"|signal|-11\b|werkzeug|rdflib|pyoxigraph|oxigraph::",
)
# ... except the documented words of a message.
ALLOWED = {"InputError"}

_FILLED = {"q": "kakao", "from": "org/kakao", "to": "org/lh", "id": "org/kakao", "ext": "gexf"}


def _read_routes() -> list[tuple[str, dict]]:
    doc = openapi_document()
    found = []
    for path, item in doc["paths"].items():
        if not path.startswith(("/api", "/export")) or "get" not in item:
            continue
        params = []
        for p in item["get"].get("parameters", []):
            if "$ref" in p:
                p = doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
            params.append(p)
        found.append((path, {p["name"]: p for p in params}))
    return found


ROUTES = _read_routes()
SLOTS = [(path, name, p["in"]) for path, params in ROUTES for name, p in params.items()]


def _url(path: str, params: dict, target: str, value: str) -> str:
    url = path
    query = {}
    for name, p in params.items():
        given = value if name == target else _FILLED.get(name)
        if p["in"] == "path":
            safe = "/" if name == "id" and name != target else ""
            url = url.replace("{" + name + "}", quote(given, safe=safe, errors="surrogatepass"))
        elif name == target or p.get("required"):
            query[name] = given
    if query:
        url += "?" + "&".join(
            f"{k}={quote(v, safe='', errors='surrogatepass')}" for k, v in query.items()
        )
    return url


def _check(response, path: str) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code < 400:
        return
    body = response.get_data(as_text=True)
    leaks = {m.group() for m in INTERNAL.finditer(body)} - ALLOWED
    assert not leaks, f"internal detail {leaks} in {body[:300]!r}"
    if path.startswith("/api"):
        data = response.get_json()
        assert data["ok"] is False and data["status"] == response.status_code
        assert isinstance(data["error"], str) and data["error"]
        assert data["errors"] == [data["error"]] or data["errors"]


def test_the_routes_are_read_from_the_document():
    paths = {path for path, _ in ROUTES}
    assert {"/api/articles/{id}", "/api/sites", "/api/stakeholders/{id}/ego"} <= paths
    assert {"/export/network.{ext}", "/export/rdf.{ext}"} <= paths
    assert len(SLOTS) >= 30


@pytest.mark.parametrize(("path", "name", "where"), SLOTS, ids=[f"{p} {n}" for p, n, _ in SLOTS])
def test_hostile_values_get_a_plain_4xx(client, path, name, where):
    params = dict(ROUTES)[path]
    for value in HOSTILE:
        response = client.get(_url(path, params, name, value))
        _check(response, path)


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/x%7By",
        "/api/articles/x{y",
        "/api/articles/a|b",
        "/api/articles/a%5Cb",
        "/api/articles/a^b",
        "/api/articles/a%60b",
        "/api/articles/%ff%fe",
        "/api/articles/a%00b",
        "/api/sites?within=x%7By",
        "/api/sites?within=a%07b",
        "/api/stakeholders/org%2Fx%7By",
        "/api/path?from=org/kakao&to=a%0Ab",
    ],
)
def test_bad_ids_are_400_naming_the_parameter_and_the_character(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.get_json()
    body = response.get_json()
    parameter = body["parameter"]
    assert parameter in url.split("?")[-1] or parameter == "id"
    assert f"parameter {parameter}" in body["error"]
    assert re.search(r"U\+[0-9A-F]{4}|% must be followed", body["error"]), body["error"]


def test_a_very_long_id_is_refused_before_any_lookup(client):
    response = client.get("/api/articles/" + "a" * 3000)
    assert response.status_code == 400
    assert "longer than 2048 characters" in response.get_json()["error"]


QUERY_SLOTS = [(p, n) for p, n, where in SLOTS if where == "query"]


@pytest.mark.parametrize(("path", "name"), QUERY_SLOTS, ids=[f"{p} {n}" for p, n in QUERY_SLOTS])
@pytest.mark.parametrize("empty", ["", "%20%20"])
def test_a_parameter_given_empty_is_refused_naming_it(client, path, name, empty):
    params = dict(ROUTES)[path]
    url = _url(path, params, name, "@@").replace(f"{name}=%40%40", f"{name}={empty}")
    response = client.get(url)
    assert response.status_code == 400, (url, response.get_data(as_text=True))
    text = response.get_data(as_text=True)
    assert name in text
    if path.startswith("/api"):
        assert response.get_json()["parameter"] == name


@pytest.mark.parametrize(
    "parameter",
    ["default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"],
)
@pytest.mark.parametrize("value", ["", "not an iri", "x{y", "%ff", "urn:a\u202eb"])
def test_sparql_dataset_parameters_that_are_no_iri_are_400(empty_store, parameter, value):
    from graph.config import Settings
    from server import create_app

    app = create_app(Settings(memory=True), store=empty_store, query_workers=0, write_token="t")
    update = parameter.startswith("using")
    data = {"update": "CLEAR SILENT GRAPH <urn:x>"} if update else {"query": "ASK {}"}
    response = app.test_client().post(
        "/sparql", data={**data, parameter: value}, headers={"Authorization": "Bearer t"}
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_data(as_text=True)
    assert f"parameter {parameter}" in body and "IRI" in body
    assert empty_store.data_version == 0
