"""The query worker's round trip by transport (issue 20): parent -> worker process -> parent.

A small query and its answer, ``N`` round trips each (median and 90th percentile, us):
``conn``, multiprocessing's Connection over a socket pair with pickled dataclasses (what
graph/query/workers.py used before); ``conn_bytes``, the same socket with bytes only (the wake-ups
alone); ``pipe_raw``, two pipes with bytes only; ``pipe``, two pipes with the framing and marshal
of graph/query/workers.py (what it uses now, values and all). Usage:
``python bench/worker_rtt.py [N]`` from the checkout's root.
"""

import os
import pickle
import socket
import statistics
import subprocess
import sys
import time
from multiprocessing.connection import Connection

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
sys.path.insert(0, os.getcwd())
from graph.query.execution import QueryAnswer, QueryRequest  # noqa: E402
from graph.query.workers import _recv, _send  # noqa: E402

REQ = QueryRequest(
    'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "Stakeholder 123" }',
    formats={"solutions": "json", "boolean": "json", "graph": "turtle"},
    base_iri="http://127.0.0.1:8000/sparql",
    max_rows=10000,
    max_length=100000,
    timeout=30.0,
)
ANS = QueryAnswer(
    "solutions",
    "json",
    b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://example.org/s123"}}]}}',
    1,
    "application/sparql-results+json",
)

CHILD = r"""
import os, sys, pickle, struct, mmap
sys.path.insert(0, os.getcwd())
from multiprocessing.connection import Connection
from graph.query.execution import QueryAnswer
mode, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
BODY = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:s123"}}]}}'
ANS = QueryAnswer("solutions", "json", BODY, 1, "application/sparql-results+json")
if mode == "conn":
    c = Connection(a)
    while True:
        m = c.recv()
        if m is None: break
        c.send(("ok", ANS))
elif mode == "conn_bytes":
    c = Connection(a)
    while True:
        m = c.recv_bytes()
        if not m: break
        c.send_bytes(ANS.body)
elif mode == "pipe_raw":
    while True:
        m = os.read(a, 65536)
        if m == b"x":
            break
        os.write(b, ANS.body)
elif mode == "pipe":
    from graph.query.workers import _recv, _send
    while True:
        kind, fields = _recv(a)
        if kind == "stop": break
        _send(b, ("ok", vars(ANS)), plain=True)
"""


def run(mode):
    """(median, p90) of the round trip in us."""
    if mode in ("conn", "conn_bytes"):
        p, c = socket.socketpair()
        fd = c.fileno()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, mode, str(fd), "0"], pass_fds=(fd,))
        c.close()
        conn = Connection(p.detach())
        body = pickle.dumps(REQ)

        def send():
            if mode == "conn":
                conn.send(("query", REQ))
                return conn.recv()
            conn.send_bytes(body)
            return conn.recv_bytes()

        def stop():
            conn.send(None) if mode == "conn" else conn.send_bytes(b"")

    else:
        r1, w1 = os.pipe()
        r2, w2 = os.pipe()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, mode, str(r1), str(w2)], pass_fds=(r1, w2)
        )
        os.close(r1)
        os.close(w2)

        body = pickle.dumps(REQ)

        def send():
            if mode == "pipe_raw":
                os.write(w1, body)
                return os.read(r2, 65536)
            _send(w1, ("query", vars(REQ)), plain=True)
            return QueryAnswer(**_recv(r2)[1])

        def stop():
            if mode == "pipe_raw":
                os.write(w1, b"x")
            else:
                _send(w1, ("stop", None), plain=True)

    for _ in range(200):
        send()
    times = []
    for _ in range(N):
        s = time.perf_counter()
        send()
        times.append(time.perf_counter() - s)
    stop()
    proc.wait()
    times.sort()
    return statistics.median(times) * 1e6, times[int(len(times) * 0.9)] * 1e6


t = time.perf_counter()
for _ in range(10000):
    pickle.loads(pickle.dumps(("query", REQ)))
print(f"pickle+unpickle of the request: {(time.perf_counter() - t) / 10000 * 1e6:.1f} us")
t = time.perf_counter()
for _ in range(10000):
    pickle.loads(pickle.dumps(("ok", ANS)))
print(f"pickle+unpickle of the answer: {(time.perf_counter() - t) / 10000 * 1e6:.1f} us")
for rnd in range(2):
    for mode in ("conn", "conn_bytes", "pipe_raw", "pipe"):
        med, p90 = run(mode)
        print(f"round {rnd} {mode:11} median {med:7.1f} us  p90 {p90:7.1f} us", flush=True)
