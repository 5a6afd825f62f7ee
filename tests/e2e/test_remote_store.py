"""Several stateless ``policygraph serve`` processes on one remote engine (the Oxigraph server,
Virtuoso), as behind a load balancer: the seed loaded with ``policygraph build --store-url``, a
write through one process seen by the others on their next request, and a process killed in
the middle of an ingest leaving the article whole or absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.stores import POOL

from .conftest import RunningServer, _stop, http, start_server
from .test_crash import ARTICLE, ARTICLE_GRAPH, METADATA, _expected_quads, big_article

pytestmark = pytest.mark.e2e

EXE = Path(sys.executable).parent / "policygraph"
TOKEN = "remote-store-token"
KAKAO = "https://policygraph.example/id/org/kakao"


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def engine(request):
    engine = POOL.engine(request.param, "e2e")
    POOL.store(request.param, "e2e").clear()
    return engine


def _env(engine) -> dict[str, str]:
    return {**os.environ, **engine.env(), "POLICYGRAPH_WRITE_TOKEN": TOKEN}


def _serve(engine, log: Path) -> RunningServer:
    return start_server(log, "--workers", "2", remote=engine, write_token=TOKEN)


def _build(engine) -> str:
    done = subprocess.run(
        [str(EXE), "build", "--store-url", engine.url, "--engine", engine.engine],
        capture_output=True,
        text=True,
        env=_env(engine),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _count(server: RunningServer, pattern: str) -> int:
    query = urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", safe="")
    status, _, body = http(
        f"{server.base}/sparql?query={query}",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _partners(server: RunningServer) -> dict:
    status, _, body = http(server.base + "/api/stakeholders/org/kakao/partners")
    assert status == 200, body
    return json.loads(body)


def _post(server: RunningServer, body: bytes, timeout: float = 120):
    return http(
        server.base + "/api/articles",
        method="POST",
        data=body,
        headers={"Content-Type": "application/trig", "Authorization": f"Bearer {TOKEN}"},
        timeout=timeout,
    )


def test_three_processes_on_one_store_see_each_others_writes(engine, tmp_path):
    out = _build(engine)
    assert "built" in out
    again = subprocess.run(
        [str(EXE), "build", "--store-url", engine.url, "--engine", engine.engine],
        capture_output=True,
        text=True,
        env=_env(engine),
    )
    assert again.returncode != 0 and "already holds" in again.stderr  # never over data
    servers = [_serve(engine, tmp_path / f"serve-{i}.log") for i in range(3)]
    try:
        a, b, c = servers
        before = [_partners(s) for s in servers]
        assert before[0] == before[1] == before[2]
        # an agreement of Kakao's with a new partner, written through one process
        mou = Path(__file__).resolve().parent.parent / "data" / "ingest-valid" / "kakao-mou.trig"
        status, _, body = _post(a, mou.read_bytes())
        assert status == 201, body
        article = json.loads(body)["article_id"]
        graph = f"GRAPH <{ARTICLE_GRAPH}{article}> {{ ?s ?p ?o }}"
        expected = _count(a, graph)
        assert expected > 0
        assert _count(b, graph) == expected and _count(c, graph) == expected
        # the derived indexes of the other processes move on too (the partner network)
        after_b, after_c = _partners(b), _partners(c)
        assert after_b == after_c == _partners(a) and after_b != before[1]
        status, _, body = http(
            f"{c.base}/api/articles/{article}",
            method="DELETE",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert status in (200, 204), body
        assert _count(a, graph) == 0 and _count(b, graph) == 0
        assert _partners(a) == before[0]
    finally:
        for s in servers:
            _stop(s.process)


def _article_quads(server: RunningServer, article_id: str) -> int:
    metadata = f"GRAPH <{METADATA}> {{ <{ARTICLE}{article_id}> ?p ?o }}"
    return _count(server, f"GRAPH <{ARTICLE_GRAPH}{article_id}> {{ ?s ?p ?o }}") + _count(
        server, metadata
    )


@pytest.mark.parametrize("delay", [0.0, 0.1])
def test_sigkill_mid_ingest_leaves_the_article_whole_or_absent(engine, tmp_path, delay):
    _build(engine)
    log = tmp_path / "writer.log"
    writer = _serve(engine, log)
    article = "e2e00000000000a1"
    document = big_article(article, 600)
    expected = _expected_quads(document)
    import threading

    thread = threading.Thread(target=lambda: _safe_post(writer, document), daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while b"writing article" not in log.read_bytes():
        assert time.monotonic() < deadline, "the writer never began the write"
        time.sleep(0.001)
    time.sleep(delay)
    writer.process.send_signal(signal.SIGKILL)
    writer.process.wait(30)
    reader = _serve(engine, tmp_path / "reader.log")
    try:
        found = _article_quads(reader, article)
        assert found in (0, expected), f"{found} of {expected} quads: a half-written article"
        assert _count(reader, "GRAPH ?g { ?s ?p ?o }") > 0  # the seed is intact
    finally:
        _stop(reader.process)


def _safe_post(server: RunningServer, body: bytes) -> None:
    try:
        _post(server, body)
    except OSError:  # the server died under the request: expected
        pass


def test_readme_examples_answer_the_same_on_the_engine(engine, tmp_path):
    """The seed built into the engine with ``policygraph build --store-url``: every README
    SPARQL example prints what the README shows (the embedded answer), and a server on the
    engine gives Kakao's partners with the same evidence as the embedded store."""
    from server import create_app
    from tests.test_readme import EXAMPLES

    _build(engine)
    for query, expected in EXAMPLES:
        done = subprocess.run(
            [str(EXE), "query", "--store-url", engine.url, "--engine", engine.engine, query],
            capture_output=True,
            text=True,
            env=_env(engine),
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.rstrip() == expected
    embedded = create_app(memory=True).test_client()
    want = embedded.get("/api/stakeholders/org/kakao/partners").get_json()
    server = _serve(engine, tmp_path / "serve.log")
    try:
        got = _partners(server)
    finally:
        _stop(server.process)
    assert len(got["partners"]) == 3
    assert got == want
