"""The SPARQL policy through a real server with its query workers: hostile SERVICE/LOAD spellings,
requests built to crash an engine, and malformed input all answer a plain 4xx; nothing is
contacted or read, no worker dies, the store does not change."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from ..hostile_limits import INTERNAL, bad_queries, bad_updates, deep_queries, deep_updates
from ..hostile_sparql import dataset_names, hostile_queries, hostile_updates, traps
from .conftest import http

pytestmark = pytest.mark.e2e

TOKEN = "e2e-policy-token-41"


@pytest.fixture(scope="module")
def server(launch_server):
    return launch_server(write_token=TOKEN)


@pytest.fixture(scope="module")
def trap(tmp_path_factory):
    with traps(tmp_path_factory.mktemp("trap")) as found:
        yield found


def _health(server) -> tuple[int, int]:
    body = json.loads(http(server.base + "/health")[2])
    return body["data_version"], body["triples"]


def _query(server, form: str, query: str, params=None):
    params = dict(params or {})
    accept = {"Accept": "application/sparql-results+json"}
    if form == "get":
        url = server.base + "/sparql?" + urllib.parse.urlencode({"query": query, **params})
        return http(url, headers=accept)
    if form == "post-form":
        data = urllib.parse.urlencode({"query": query, **params}).encode()
        headers = {**accept, "Content-Type": "application/x-www-form-urlencoded"}
        return http(server.base + "/sparql", method="POST", data=data, headers=headers)
    url = server.base + "/sparql?" + urllib.parse.urlencode(params)
    headers = {**accept, "Content-Type": "application/sparql-query"}
    return http(url, method="POST", data=query.encode(), headers=headers)


def _update(server, form: str, update: str):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if form == "post-form":
        data = urllib.parse.urlencode({"update": update}).encode()
        headers = {**auth, "Content-Type": "application/x-www-form-urlencoded"}
    else:
        data = update.encode()
        headers = {**auth, "Content-Type": "application/sparql-update"}
    return http(server.base + "/sparql", method="POST", data=data, headers=headers)


def _plain_4xx(status: int, body: bytes, what: str, echoed: str = "") -> str:
    text = body.decode("utf-8", "replace")
    assert 400 <= status < 500, (what[:200], status, text[:300])
    assert not INTERNAL.search(text.replace(echoed, "") if echoed else text), text[:300]
    return text


def test_hostile_requests_reach_nothing_and_change_nothing(server, trap):
    before = _health(server)
    for query in hostile_queries(trap):
        for form in ("get", "post-form", "post-direct"):
            status, _, body = _query(server, form, query)
            _plain_4xx(status, body, query, echoed=str(trap.file.parent))
            assert trap.untouched(), query
    for update in hostile_updates(trap):
        for form in ("post-form", "post-direct"):
            status, _, body = _update(server, form, update)
            _plain_4xx(status, body, update, echoed=str(trap.file.parent))
            assert trap.untouched(), update
    for query, params in dataset_names(trap):
        status, _, body = _query(server, "get", query, params)
        assert status == 200, body
        assert trap.untouched(), query
    assert _health(server) == before


def test_requests_built_to_crash_an_engine_are_a_plain_4xx(server):
    before = _health(server)
    for name, query in deep_queries():
        status, _, body = _query(server, "post-direct", query)
        _plain_4xx(status, body, name)
    for name, update in deep_updates():
        status, _, body = _update(server, "post-direct", update)
        _plain_4xx(status, body, name)
    for query in bad_queries():
        status, _, body = _query(server, "post-form", query)
        assert status < 500 and not INTERNAL.search(body.decode()), (query, status, body)
    for update in bad_updates():
        status, _, body = _update(server, "post-direct", update)
        assert status < 500 and not INTERNAL.search(body.decode()), (update, status, body)
    assert _health(server) == before
    # every worker is the one that started: none crashed or was replaced
    assert "query worker failed" not in server.log_text()
    status, _, body = _query(server, "get", "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
