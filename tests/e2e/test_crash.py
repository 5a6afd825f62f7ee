"""Crash safety of ingest: SIGKILL a real ``policygraph serve`` in the middle of a large ingest.

The store is on disk. After each kill the server is restarted on the same store, and the large
article must be wholly there or wholly absent (its quads counted), with everything ingested
before it intact. One kill lands as the write begins (the server's log
says when), one in the middle of validation.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from .test_serve import _free_port, _wait_until_up

pytestmark = pytest.mark.e2e

VALID = Path(__file__).resolve().parent.parent / "data" / "ingest-valid" / "kakao-mou.trig"
TOKEN = "crash-test-token"
EVENTS = 600  # 6 quads each: a 3,600-fact article
_WRITING = re.compile(rb"writing article \S+: \+(\d+)")
ARTICLE = "https://policygraph.example/id/article/"
ARTICLE_GRAPH = "https://policygraph.example/graph/article/"
METADATA = "https://policygraph.example/graph/metadata"


def big_article(article_id: str, n: int = EVENTS) -> bytes:
    """A valid TriG article with ``n`` events about Kakao, and its metadata."""
    article = f"<https://policygraph.example/id/article/{article_id}>"
    lines = [
        "@prefix pg: <https://policygraph.example/ont#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        f"<https://policygraph.example/graph/metadata> {{ {article} a pg:Article ;",
        '  dct:title "대형 기사"@ko ; dct:language "ko" ; dct:issued "2025-10-01"^^xsd:date ;',
        f'  pg:sourceFile "{article_id}.txt" . }}',
        f"<https://policygraph.example/graph/article/{article_id}> {{",
    ]
    for i in range(n):
        lines.append(
            f"<https://policygraph.example/id/event/{article_id}-{i}> a pg:Event ; "
            f'rdfs:label "행사 {i}"@ko , "Event {i}"@en ; pg:date "2025-10-01"^^xsd:date ; '
            f"pg:participant <https://policygraph.example/id/org/kakao> ; pg:evidence {article} ."
        )
    lines.append("}")
    return "\n".join(lines).encode()


class Server:
    """``policygraph serve`` on an on-disk store, with its log in a file."""

    def __init__(self, store: Path, token_file: Path, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        exe = Path(sys.executable).parent / "policygraph"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(exe), "serve", "--store", str(store), "--port", str(self.port)]
                + ["--write-token-file", str(token_file), "--workers", "2"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_until_up(self.process, self.base + "/sparql", log)

    def post(self, body: bytes, timeout: float = 120) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + "/api/articles",
            data=body,
            method="POST",
            headers={"Content-Type": "application/trig", "Authorization": f"Bearer {TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as err:
            with err:
                return err.code, json.load(err)

    def count(self, pattern: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        query = urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", safe="")
        request = urllib.request.Request(
            f"{self.base}/sparql?query={query}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])

    def graph_size(self, article_id: str) -> int:
        return self.count(f"GRAPH <{ARTICLE_GRAPH}{article_id}> {{ ?s ?p ?o }}")

    def article_quads(self, article_id: str) -> int:
        """The article's facts plus its description in the metadata graph."""
        metadata = f"GRAPH <{METADATA}> {{ <{ARTICLE}{article_id}> ?p ?o }}"
        return self.graph_size(article_id) + self.count(metadata)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def running(store: Path, token_file: Path, log: Path) -> Iterator[Server]:
    server = Server(store, token_file, log)
    try:
        yield server
    finally:
        server.stop()


def _post_in_background(server: Server, body: bytes) -> threading.Thread:
    def send() -> None:
        try:
            server.post(body)
        except OSError:  # the server died under the request: expected
            pass

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def _wait_for_the_write(server: Server, at_least: int, timeout: float = 120) -> None:
    """Until the server logs that it starts writing at least ``at_least`` quads."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [int(n) for n in _WRITING.findall(server.log.read_bytes())]
        if any(n >= at_least for n in found):
            return
        time.sleep(0.001)
    pytest.fail("the server never logged the start of the large article's write")


def _expected_quads(document: bytes) -> int:
    """Quads the article will hold: the document's, plus the pg:factGraph link ingest adds."""
    return len(set(ox.parse(document, format=ox.RdfFormat.TRIG))) + 1


def test_sigkill_during_ingest_leaves_the_article_whole_or_absent(tmp_path):
    store = tmp_path / "store"
    exe = Path(sys.executable).parent / "policygraph"
    subprocess.run([str(exe), "build", "--store", str(store)], check=True, capture_output=True)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    first, second = "c0ffee0000000001", "c0ffee0000000002"
    documents = {a: big_article(a) for a in (first, second)}
    expected = {a: _expected_quads(documents[a]) for a in (first, second)}
    small = "a1b2c3d4e5f60718"

    with running(store, token_file, tmp_path / "serve-1.log") as server:
        status, summary = server.post(VALID.read_bytes())
        assert status == 201, summary
        before, small_size = server.count(), server.graph_size(small)
        _post_in_background(server, documents[first])
        _wait_for_the_write(server, at_least=EVENTS * 6)
        server.kill()  # as the write begins

    with running(store, token_file, tmp_path / "serve-2.log") as server:
        got = server.article_quads(first)
        assert got in (0, expected[first]), got
        assert server.graph_size(small) == small_size
        assert server.count() == before + got
        _post_in_background(server, documents[second])
        time.sleep(1.0)
        server.kill()  # in the middle of validation

    with running(store, token_file, tmp_path / "serve-3.log") as server:
        got = server.article_quads(second)
        assert got in (0, expected[second]), got
        assert server.graph_size(small) == small_size
        # Both big articles still go in whole afterwards, and nothing else changed.
        for article_id in (first, second):
            status, summary = server.post(documents[article_id])
            assert status in (200, 201), summary
            assert server.article_quads(article_id) == expected[article_id]
        assert server.count() == before + expected[first] + expected[second]
