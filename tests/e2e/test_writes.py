"""Writes through a real server: the token gate, validation before commit, the data version
that queries (in the worker processes), /health and /metrics follow, and no outbound LOAD."""

from __future__ import annotations

import json
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import http

pytestmark = pytest.mark.e2e

TOKEN = "e2e-write-token-a9"
REGISTRY = "https://policygraph.example/graph/registry"
KAKAO = "<https://policygraph.example/id/org/kakao>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ALT = f'INSERT DATA {{ GRAPH <{REGISTRY}> {{ {KAKAO} <{SKOS}altLabel> "카카오 e2e"@ko }} }}'
BAD = f'INSERT DATA {{ GRAPH <{REGISTRY}> {{ {KAKAO} <{SKOS}prefLabel> "Kakao Two"@en }} }}'
ASK_ALT = f'ASK {{ {KAKAO} <{SKOS}altLabel> "카카오 e2e"@ko }}'


@pytest.fixture(scope="module")
def server(launch_server):
    return launch_server(write_token=TOKEN)


def update(server, text: str, token: str | None = TOKEN):
    headers = {"Content-Type": "application/sparql-update"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return http(server.base + "/sparql", method="POST", data=text.encode(), headers=headers)


def ask(server, query: str) -> bool:
    url = f"{server.base}/sparql?query={urllib.parse.quote(query)}"
    status, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["boolean"]


def version(server) -> int:
    return json.loads(http(server.base + "/health")[2])["data_version"]


def test_updates_without_token_are_refused_and_change_nothing(server):
    before = version(server)
    for token, status in [(None, 401), ("not-the-token", 403)]:
        code, headers, body = update(server, ALT, token)
        assert code == status, body
    assert version(server) == before
    assert not ask(server, ASK_ALT)


def test_allowed_update_is_seen_by_queries_health_and_metrics(server):
    assert not ask(server, ASK_ALT)  # the workers hold the old version
    before = version(server)
    status, headers, _ = update(server, ALT)
    assert status == 204
    assert version(server) == before + 1 == int(headers["X-Data-Version"])
    assert ask(server, ASK_ALT) and ask(server, ASK_ALT)  # both workers reloaded
    metrics = http(server.base + "/metrics")[2].decode()
    assert f"policygraph_data_version {float(before + 1)}" in metrics


def test_violating_update_is_422_and_rolled_back(server):
    before = version(server)
    status, headers, body = update(server, BAD)
    assert status == 422
    assert "label-pref-unique" in {r["rule_id"] for r in json.loads(body)["report"]["results"]}
    assert version(server) == before
    assert not ask(server, f'ASK {{ {KAKAO} <{SKOS}prefLabel> "Kakao Two"@en }}')


def test_load_is_refused_and_nothing_is_contacted(server, listener):
    url, seen = listener
    status, _, body = update(server, f"LOAD <{url}/data.ttl> INTO GRAPH <urn:loaded>")
    assert status == 400
    assert b"LOAD" in body and b"service_allow" in body
    assert seen == []


def test_graph_store_round_trip(server):
    target = f"{server.base}/rdf-graph-store?graph={urllib.parse.quote('urn:e2e')}"
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    assert http(target, method="PUT", data=b"<urn:s> <urn:p> 1 .", headers=auth)[0] == 201
    status, headers, body = http(target, headers={"Accept": "application/n-triples"})
    assert status == 200 and b"<urn:s> <urn:p>" in body
    assert ask(server, "ASK { GRAPH <urn:e2e> { <urn:s> <urn:p> 1 } }")
    assert http(target, method="DELETE", headers=auth)[0] == 204
    assert http(target)[0] == 404


def test_a_new_server_takes_its_first_updates_all_at_once(launch_server):
    """rdflib's SPARQL parser is not thread-safe on its first parses (graph/query/rdfparse.py):
    before the lock, 7-8 of 8 updates sent together to a new server got a 400 ("the update
    cannot be planned: Param.postParse2() missing 1 required positional argument"), and every
    later update too, until the server was restarted."""
    fresh = launch_server(write_token=TOKEN)
    start = threading.Barrier(8)

    def first(k: int) -> int:
        start.wait()
        text = (
            f"DELETE {{ GRAPH <urn:g> {{ ?s <urn:p{k}> ?o }} }} INSERT {{ GRAPH <urn:g> {{ "
            f"<urn:s{k}> <urn:p{k}> {k} }} }} WHERE {{ OPTIONAL {{ GRAPH <urn:g> {{ ?s <urn:p{k}> "
            f"?o }} }} }}"
        )
        return update(fresh, text)[0]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(first, range(8))) == [204] * 8
    for k in range(3):  # and the ones after
        text = f"INSERT DATA {{ GRAPH <urn:g> {{ <urn:t{k}> <urn:q> {k} }} }}"
        assert update(fresh, text)[0] == 204
    assert ask(fresh, "ASK { <urn:s7> <urn:p7> 7 . <urn:t2> <urn:q> 2 }")
