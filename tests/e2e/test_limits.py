"""Every limit and refusal of the public endpoint, through a real ``policygraph serve`` process:
the status, the message, and that the server keeps serving other requests meanwhile."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse

import psutil
import pytest

from .conftest import http

pytestmark = pytest.mark.e2e

TOKEN = "e2e-secret-token-7f3a"
MAX_SECONDS = 3
MAX_ROWS = 100
MAX_BODY = 20_000
MAX_LENGTH = 5_000
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# five-way cartesian product over all triples: about 10^15 combinations on the seed graph
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
)
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(launch_server):
    return launch_server(
        "--workers",
        "6",
        query_timeout=MAX_SECONDS,
        max_result_rows=MAX_ROWS,
        max_body_size=MAX_BODY,
        max_query_length=MAX_LENGTH,
        write_token=TOKEN,
        log_level="INFO",
    )


def query(server, sparql: str, **params: str):
    qs = urllib.parse.urlencode({"query": sparql, **params})
    return http(f"{server.base}/sparql?{qs}", headers=JSON)


def count(server) -> int:
    status, _, body = query(server, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def workers(server) -> list[psutil.Process]:
    return psutil.Process(server.process.pid).children()


def test_timeout_stops_the_query_and_frees_its_cpu(server):
    count(server)  # the worker pool is up
    before = {p.pid for p in workers(server)}
    assert len(before) == 2
    started = time.monotonic()
    status, headers, body = query(server, CARTESIAN, timeout="1")
    took = time.monotonic() - started
    assert status == 503
    assert headers["Content-Type"].startswith("text/plain")
    assert "time limit of 1 s" in body.decode() and "query_timeout" in body.decode()
    assert took < MAX_SECONDS
    after = {p.pid for p in workers(server)}
    killed = before - after
    assert len(killed) == 1 and len(after) == 2  # the worker was replaced
    assert not any(psutil.pid_exists(pid) for pid in killed)
    started = time.monotonic()
    assert count(server) > 0  # served at once, by the other worker or the new one
    assert time.monotonic() - started < MAX_SECONDS
    procs = workers(server)
    for proc in procs:
        proc.cpu_percent(None)
    time.sleep(1.0)
    assert sum(proc.cpu_percent(None) for proc in procs) < 50  # nothing is still grinding


def test_timeout_cannot_exceed_the_configured_maximum(server):
    status, _, body = query(server, CARTESIAN, timeout="3600")
    assert status == 503
    assert f"time limit of {MAX_SECONDS} s" in body.decode()


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan"])
def test_bad_timeout_parameter_is_400(server, value):
    status, _, body = query(server, COUNT, timeout=value)
    assert status == 400
    assert b"timeout" in body


def test_other_requests_are_served_while_a_query_runs_to_its_limit(server):
    outcome: dict[str, int] = {}
    bad = threading.Thread(
        target=lambda: outcome.setdefault("bad", query(server, CARTESIAN, timeout="2")[0])
    )
    bad.start()
    time.sleep(0.3)
    answered = [count(server) for _ in range(5)]
    assert bad.is_alive()  # the bad query was still running while these were answered
    bad.join()
    assert outcome["bad"] == 503
    assert len(set(answered)) == 1


def test_too_many_rows_is_413_not_a_truncated_result(server):
    status, _, body = query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413
    assert f"more than {MAX_ROWS} rows" in body.decode() and b"max_result_rows" in body
    status, _, body = query(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 413 and b"triples" in body
    status, _, body = query(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS


def test_body_over_the_size_limit_is_413(server):
    sparql = "ASK {}" + " " * MAX_BODY
    status, _, body = http(
        server.base + "/sparql",
        method="POST",
        data=sparql.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 413
    assert b"max_body_size" in body and str(MAX_BODY).encode() in body
    assert count(server) > 0


def test_query_over_the_length_limit_is_413(server):
    status, _, body = query(server, "ASK {}" + " " * MAX_LENGTH)
    assert status == 413
    assert b"max_query_length" in body or str(MAX_LENGTH).encode() in body


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "PREFIX r: <{url}/> SELECT * WHERE {{ ?x ?y ?z SERVICE r:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_is_contacted(server, listener, sparql):
    url, seen = listener
    status, headers, body = query(server, sparql.format(url=url))
    assert status == 400
    assert b"SERVICE" in body and b"service_allow" in body
    time.sleep(0.3)
    assert seen == []
    assert count(server) > 0


def test_health(server):
    status, headers, body = http(server.base + "/health")
    assert status == 200
    health = json.loads(body)
    assert health["status"] == "ok"
    assert health["triples"] > 0 and isinstance(health["data_version"], int)


def test_metrics(server):
    count(server)
    query(server, CARTESIAN, timeout="0.5")
    status, headers, body = http(server.base + "/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert 'policygraph_http_requests_total{method="GET",route="/sparql",status="200"}' in text
    assert 'policygraph_http_requests_total{method="GET",route="/sparql",status="503"}' in text
    assert 'policygraph_http_request_duration_seconds_bucket{le="0.5",route="/sparql"}' in text
    timeouts = [line for line in text.splitlines() if line.startswith("policygraph_query_t")]
    assert float(timeouts[0].split()[-1]) >= 1
    triples = [line for line in text.splitlines() if line.startswith("policygraph_store_triples")]
    assert float(triples[0].split()[-1]) > 0
    assert "policygraph_data_version " in text


def test_cors_reads_open_writes_closed(server):
    origin = {"Origin": "https://newsroom.example"}
    status, headers, _ = http(
        f"{server.base}/sparql?query={urllib.parse.quote(COUNT)}", headers=origin
    )
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    preflight = {
        **origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers, _ = http(server.base + "/sparql", method="OPTIONS", headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    write = {**preflight, "Access-Control-Request-Headers": "content-type, authorization"}
    status, headers, _ = http(server.base + "/sparql", method="OPTIONS", headers=write)
    assert status == 204 and "Access-Control-Allow-Origin" not in headers


def test_access_log_has_one_line_per_request_and_never_the_token(server):
    marker = "SELECT ?marker7731 WHERE { ?s ?p ?o } LIMIT 3"
    query(server, marker)
    for header in (f"Bearer {TOKEN}", f"Bearer {TOKEN}-wrong", TOKEN):
        http(
            server.base + "/sparql",
            method="POST",
            data=urllib.parse.urlencode({"update": f"CLEAR GRAPH <urn:{TOKEN}>"}).encode(),
            headers={"Authorization": header, "Content-Type": "application/x-www-form-urlencoded"},
        )
    time.sleep(0.2)
    log = server.log_text()
    assert TOKEN not in log
    assert "marker7731" not in log  # query strings and bodies are not logged
    lines = [
        json.loads(line[line.index("{") :])
        for line in log.splitlines()
        if "policygraph.access:" in line
    ]
    rows = [line for line in lines if line.get("rows") == 3]
    assert rows and rows[-1]["method"] == "GET" and rows[-1]["status"] == 200
    assert all({"method", "route", "status", "duration_ms"} <= set(line) for line in lines)
