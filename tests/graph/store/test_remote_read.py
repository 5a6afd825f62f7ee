"""How the remote store reads an engine's answer (graph/store/remote.py): one time limit for the
whole exchange, whatever the engine does, now that no query worker process stands behind a
query on a remote store to be killed at its limit."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from graph.errors import QueryTimeout
from graph.query.execution import QueryRequest, evaluate
from graph.store.remote import RemoteStore

EMPTY = b'{"head":{"vars":["g"]},"results":{"bindings":[]}}'


@pytest.fixture
def dribbling_engine():
    """A loopback engine that answers the store's own queries at once, and a query naming
    ``dribble`` with a body it sends one byte every 50 ms (for at most 20 s)."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            if b"dribble" not in body:
                self.send_header("Content-Length", str(len(EMPTY)))
                self.end_headers()
                self.wfile.write(EMPTY)
                return
            self.send_header("Content-Length", "100000")
            self.end_headers()
            ends = time.monotonic() + 20
            while not stop.is_set() and time.monotonic() < ends:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
            self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    stop.set()
    server.shutdown()
    server.server_close()


def test_an_answer_that_keeps_coming_is_stopped_at_the_limit(dribbling_engine):
    store = RemoteStore(dribbling_engine, "oxigraph", timeout=1.0)
    try:
        # each read of the socket gets a byte well within the limit: only a limit on the
        # whole exchange stops it (before, the read went on until the engine stopped)
        with pytest.raises(QueryTimeout):
            store.query("SELECT * WHERE { ?s ?p 'dribble' }")
        with pytest.raises(QueryTimeout):  # the endpoint's request limit, below the store's
            store.query("SELECT * WHERE { ?s ?p 'dribble' }", timeout=0.5)
        request = QueryRequest(
            "SELECT * WHERE { ?s ?p 'dribble' }", formats={"solutions": "json"}, timeout=0.5
        )
        with pytest.raises(QueryTimeout):
            evaluate(store, request, deadline=time.monotonic() + 0.5)
        assert list(store.query("SELECT * WHERE { ?s ?p 'other' }")) == []  # still usable
    finally:
        store.close()
