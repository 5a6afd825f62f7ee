"""Crash safety of ingest: SIGKILL a real ``policygraph serve`` in the middle of a large ingest.

The store is on disk. After each kill the server is restarted on the same store, and the large
article must be wholly there or wholly absent (its quads counted), with everything ingested
before it intact. One kill lands as the write begins (the server's log
says when), one in the middle of validation.

The data version must move with the data: after each of many kills at different moments
(during validation, as the write begins, a few milliseconds into it, just after it), the version
has moved by one if the article is there and not at all if it is not, and an export ETag taken
before the kill answers 304 only when the data did not change.
"""

from __future__ import annotations

import json
import random
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

from .conftest import RunningServer, _wait_until_up, free_port

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
        self.port = free_port()
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
        _wait_until_up(RunningServer(self.base, self.process, log))

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

    def version(self) -> int:
        with urllib.request.urlopen(self.base + "/health", timeout=30) as response:
            return int(json.load(response)["data_version"])

    def export(self, etag: str | None = None) -> tuple[int, str | None]:
        """(status, ETag) of the N-Quads export, revalidated with ``etag`` when given."""
        headers = {"If-None-Match": etag} if etag else {}
        request = urllib.request.Request(self.base + "/export/rdf.nq", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return response.status, response.headers.get("ETag")
        except urllib.error.HTTPError as err:
            with err:
                return err.code, err.headers.get("ETag")

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


def _built(tmp_path: Path) -> tuple[Path, Path]:
    """A store built with the seed articles, and a file with the write token."""
    store = tmp_path / "store"
    exe = Path(sys.executable).parent / "policygraph"
    subprocess.run([str(exe), "build", "--store", str(store)], check=True, capture_output=True)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    return store, token_file


def test_sigkill_during_ingest_leaves_the_article_whole_or_absent(tmp_path):
    store, token_file = _built(tmp_path)
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


#: When each kill lands: a delay after the request is sent (during parsing and validation), or
#: a delay after the server logs that it begins writing (as the write starts, a little into it,
#: just after the commit, while the version is recorded).
MOMENTS = [
    ("sent", 0.3),
    ("writing", 0.0),
    ("writing", 0.002),
    ("writing", 0.005),
    ("writing", 0.01),
    ("writing", 0.02),
    ("sent", 0.8),
    ("writing", 0.001),
    ("writing", 0.04),
    ("writing", 0.08),
]


def test_sigkill_at_many_moments_moves_the_version_iff_the_data_changed(tmp_path):
    store, token_file = _built(tmp_path)
    rng = random.Random(14)
    outcomes = []
    server = Server(store, token_file, tmp_path / "serve-0.log")
    try:
        for i, (after, delay) in enumerate(MOMENTS):
            article_id = f"feed{i:012d}"
            document = big_article(article_id, n=120)
            version, quads = server.version(), server.count()
            status, etag = server.export()
            assert status == 200 and etag
            _post_in_background(server, document)
            if after == "writing":
                _wait_for_the_write(server, at_least=120 * 6)
            time.sleep(delay + rng.uniform(0, 0.001))
            server.kill()
            server = Server(store, token_file, tmp_path / f"serve-{i + 1}.log")
            got = server.article_quads(article_id)
            assert got in (0, _expected_quads(document)), (after, delay, got)
            changed = got > 0
            assert server.count() == quads + got
            assert server.version() == version + changed, (after, delay, got)
            revalidated, new_tag = server.export(etag)
            assert revalidated == (200 if changed else 304), (after, delay, got)
            assert (new_tag != etag) == changed
            outcomes.append(changed)
    finally:
        server.stop()
    # the moments are spread so that some kills land before the commit and some after it
    assert True in outcomes and False in outcomes, outcomes
