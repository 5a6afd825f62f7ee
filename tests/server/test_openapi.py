"""server/openapi.yaml: valid OpenAPI 3.1, served, and describing every route of the app."""

from __future__ import annotations

import re

import pytest
import yaml
from openapi_spec_validator import validate

from server.api import openapi_document

# Methods every Flask rule answers by itself, not routes of their own.
AUTOMATIC = {"HEAD", "OPTIONS"}


def _openapi_path(rule: str) -> str:
    """Flask's ``/api/stakeholders/<path:id>`` as OpenAPI's ``/api/stakeholders/{id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _app_routes(app) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = _openapi_path(rule.rule)
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - AUTOMATIC)
    return routes


def test_the_document_is_valid_openapi_3_1():
    doc = openapi_document()
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises OpenAPIValidationError with the place at fault


def test_every_route_and_method_is_described(app):
    paths = openapi_document()["paths"]
    missing = [
        f"{method.upper()} {path}"
        for path, methods in _app_routes(app).items()
        for method in sorted(methods)
        if method not in paths.get(path, {})
    ]
    assert missing == [], f"add these to server/openapi.yaml: {missing}"


def test_no_route_is_described_that_the_app_does_not_have(app):
    routes = _app_routes(app)
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    stale = [
        f"{method.upper()} {path}"
        for path, item in openapi_document()["paths"].items()
        for method in item
        if method in methods and method not in routes.get(path, set())
    ]
    assert stale == []


def test_path_parameters_are_declared(app):
    for path, item in openapi_document()["paths"].items():
        for name in re.findall(r"{([^}]+)}", path):
            for method, op in item.items():
                declared = {
                    p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in op.get("parameters", [])
                }
                assert name in declared or "StakeholderId" in declared, (method, path, name)


@pytest.mark.parametrize(
    ("url", "mimetype", "load"),
    [
        ("/api/openapi.json", "application/json", lambda r: r.get_json()),
        (
            "/api/openapi.yaml",
            "application/yaml",
            lambda r: yaml.safe_load(r.get_data(as_text=True)),
        ),
    ],
)
def test_served_as_json_and_yaml(client, url, mimetype, load):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert load(response) == openapi_document()


# --- the document and the server agree on every enumerated value ---------------------------


def _parameter(path: str, name: str, method: str = "get") -> dict:
    doc = openapi_document()
    for p in doc["paths"][path][method].get("parameters", []):
        if "$ref" in p:
            p = doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p["name"] == name:
            return p["schema"]
    raise KeyError(name)


def test_type_filters_are_the_documented_ones():
    from graph.read.search import TYPE_FILTERS

    documented = set(_parameter("/api/stakeholders", "type")["enum"])
    assert {t.lower() for t in documented} == set(TYPE_FILTERS)


def test_search_filters_are_the_documented_ones():
    from graph.read.search import KIND_FILTERS, SEARCH_TYPE_FILTERS

    types = _parameter("/api/search", "type")
    assert (types["type"], types["items"]["type"]) == ("array", "string")
    assert {t.lower() for t in types["items"]["enum"]} == set(SEARCH_TYPE_FILTERS)
    assert set(_parameter("/api/search", "kind")["items"]["enum"]) == set(KIND_FILTERS)


def test_metric_sorts_are_the_documented_ones():
    from graph.network.metrics import METRICS

    assert _parameter("/api/metrics", "sort")["enum"] == list(METRICS)


def test_export_extensions_are_the_documented_ones():
    from graph.formats import RDF_FORMATS
    from graph.network.export import NETWORK_FORMATS

    def keys(formats):
        return {k for f in formats for k in (f.name, f.extension, *f.aliases) if "/" not in k}

    assert set(_parameter("/export/network.{ext}", "ext")["enum"]) == keys(NETWORK_FORMATS)
    # the RDF dumps are documented by extension only (tests/server/test_exports.py); the
    # server also takes the formats' names, which the document does not promise
    rdf = set(_parameter("/export/rdf.{ext}", "ext")["enum"])
    assert {f.extension for f in RDF_FORMATS} == rdf <= keys(RDF_FORMATS)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/stakeholders?type=Initiative", 400),  # not a stakeholder class: not documented
        ("/api/stakeholders?type=Consortium", 200),
        ("/api/search?q=kakao&type=organization", 200),
        ("/export/network.d3", 200),
        ("/export/rdf.turtle", 200),
        ("/api/metrics?offset=", 400),
        ("/api/metrics?as_of=", 400),
    ],
)
def test_documented_values_are_accepted_and_others_refused(client, url, status):
    assert client.get(url).status_code == status
