"""End to end: a real ``policygraph serve --memory`` process on a loopback port, over HTTP.

The server is started once per module (like datasette's ``ds_localhost_http_server``) and is
always stopped at the end, whether the tests pass or not (tests/e2e/conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
import rdflib

pytestmark = pytest.mark.e2e

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def _get(url: str, accept: str | None = None, timeout: float = 10) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read()


@pytest.fixture(scope="module")
def server(launch_server) -> str:
    """The base URL of a running ``policygraph serve --memory --workers 2`` (see conftest)."""
    return launch_server("--workers", "2").base


def _query_url(base: str, query: str) -> str:
    return f"{base}/sparql?query={urllib.parse.quote(query, safe='')}"


def _count(fmt: str, body: bytes) -> int:
    if fmt == "json":
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    if fmt == "xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return int(ET.fromstring(body).find(f".//{ns}binding[@name='n']/{ns}literal").text)
    if fmt == "csv":
        return int(next(csv.DictReader(io.StringIO(body.decode("utf-8"))))["n"])
    header, row = body.decode("utf-8").splitlines()[:2]
    assert header == "?n"
    return int(row)


@pytest.mark.parametrize(
    ("fmt", "accept"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_count_over_the_seed_graph(server, fmt, accept):
    status, content_type, body = _get(_query_url(server, COUNT), accept)
    assert status == 200
    assert content_type == f"{accept}; charset=utf-8"
    assert _count(fmt, body) > 0


def test_construct_turtle(server):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"
    status, content_type, body = _get(_query_url(server, query), "text/turtle")
    assert status == 200
    assert content_type == "text/turtle; charset=utf-8"
    assert len(rdflib.Graph().parse(data=body, format="turtle")) > 0


def test_service_description(server):
    status, content_type, body = _get(server + "/sparql")
    assert status == 200
    assert content_type == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=body, format="turtle")
    service = graph.value(None, SD.endpoint, rdflib.URIRef(server + "/sparql"))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph


def test_bad_query_is_400(server):
    status, content_type, body = _get(_query_url(server, "SELECT * WHERE { ?s ?p }"))
    assert status == 400
    assert content_type.startswith("text/plain")
    assert b"syntax error" in body


def test_api_search_in_korean_over_a_socket(server):
    query = urllib.parse.urlencode({"q": "㈜카카오"})
    status, content_type, body = _get(f"{server}/api/search?{query}")
    assert status == 200 and content_type == "application/json"
    top = json.loads(body)["items"][0]
    assert (top["iri"], top["label_ko"]) == ("https://policygraph.example/id/org/kakao", "카카오")


def test_api_profile_by_percent_encoded_iri_over_a_socket(server):
    iri = urllib.parse.quote("https://policygraph.example/id/org/kakao", safe="")
    status, _, body = _get(f"{server}/api/stakeholders/{iri}/partners")
    assert status == 200
    assert len(json.loads(body)["partners"]) == 3
    status, content_type, body = _get(f"{server}/api/stakeholders/org/nobody")
    assert status == 404 and content_type == "application/json"
    assert json.loads(body)["id"] == "org/nobody"
