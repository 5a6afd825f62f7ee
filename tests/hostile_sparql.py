"""Hostile SPARQL requests and the traps that prove nothing was opened, for tests/server and
tests/e2e: a loopback listener that must never be contacted and a local file that must never be
read (a named pipe: any open for reading is seen, even without access times)."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SECRET = '<urn:trap:secret> <urn:trap:p> "the file was read" .\n'


@dataclass
class Traps:
    url: str  #: http://127.0.0.1:PORT of the listener
    port: int
    file: Path  #: the named pipe
    connections: list[object] = field(default_factory=list)
    reads: list[float] = field(default_factory=list)

    @property
    def file_iri(self) -> str:
        return self.file.as_uri()

    def untouched(self) -> bool:
        time.sleep(0.05)  # a connection in flight is accepted by now
        return not self.connections and not self.reads


@contextlib.contextmanager
def traps(tmp: Path) -> Iterator[Traps]:
    """A loopback listener and a named pipe, each recording whoever touches it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.05)
    fifo = tmp / "secret.ttl"
    os.mkfifo(fifo)
    port = sock.getsockname()[1]
    found = Traps(f"http://127.0.0.1:{port}", port, fifo)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            found.connections.append(conn)
            conn.close()

    def watch() -> None:  # a writer can open the pipe only while someone opened it to read
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
                continue
            found.reads.append(time.monotonic())
            with contextlib.suppress(OSError):
                os.write(fd, SECRET.encode())
            os.close(fd)

    threads = [threading.Thread(target=t, daemon=True) for t in (accept, watch)]
    for thread in threads:
        thread.start()
    try:
        yield found
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        sock.close()


def hostile_queries(t: Traps) -> list[str]:
    """Queries that would call the listener or read the file, each spelt differently."""
    u, f, port = t.url, t.file_iri, t.port
    body = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ SERVICE <{u}/sparql> {body} }}",
        rf"SELECT * WHERE {{ \u0053ERVICE <{u}/sparql> {body} }}",
        rf"SELECT * WHERE {{ \U00000053\U00000045RVICE <{u}/sparql> {body} }}",
        rf"SELECT * WHERE {{ SERVICE <\u0068ttp://127.0.0.1:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ sErViCe SiLeNt <{u}/> {body} }}",
        f"PREFIX r: <{u}/> SELECT * WHERE {{ SERVICE r:sparql {body} }}",
        f"BASE <{u}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"SELECT * WHERE {{ BIND(<{u}/> AS ?e) SERVICE ?e {body} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{u}/> }} SERVICE SILENT ?e {body} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{u}/> {body} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{u}/> {body} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ SERVICE SILENT <{u}/> {body} }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z MINUS {{ SERVICE <{u}/> {body} }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{u}/> {body} }} }}",
        f"SELECT * WHERE {{ {{ ?x ?y ?z }} UNION {{ SERVICE <{u}/> {body} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{u}/> {body} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}/> {body} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{u}/> {body} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b)SERVICE#>\n<{u}/>{body} }}",
        f"SELECT * WHERE {{ SERVICE <{f}> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::1]:{port}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://0x7f000001:{port}/> {body} }}",
        f"SELECT * WHERE {{ SERVICE <ftp://127.0.0.1:{port}/> {body} }}",
        f"# a comment\nSELECT * WHERE {{ SERVICE\n<{u}/>\n{body} }}",
        rf"SELECT * \u0046ROM <{f}> WHERE {{ SERVICE <{u}/> {body} }}",
    ]


def hostile_updates(t: Traps) -> list[str]:
    """Updates that would fetch from the listener or read the file, each spelt differently."""
    u, f, port = t.url, t.file_iri, t.port
    body = "{ ?s ?p ?o }"
    insert = "INSERT { GRAPH <urn:trap:g> { ?s ?p ?o } }"
    return [
        f"LOAD <{u}/x.ttl>",
        f"LOAD <{u}/x.ttl> INTO GRAPH <urn:trap:g>",
        rf"\u004cOAD <{u}/x.ttl> INTO GRAPH <urn:trap:g>",
        rf"\U0000004cOAD <{u}/x.ttl>",
        rf"LOAD <\u0068ttp://127.0.0.1:{port}/x.ttl>",
        f"load silent <{u}/x.ttl>",
        f"PREFIX r: <{u}/> LOAD r:x.ttl INTO GRAPH <urn:trap:g>",
        f"BASE <{u}/> LOAD <x.ttl>",
        f"LOAD <{f}>",
        rf"\u004cOAD <{f}> INTO GRAPH <urn:trap:g>",
        f"BASE <{t.file.parent.as_uri()}/> LOAD <{t.file.name}>",
        f"LOAD <http://localhost:{port}/x.ttl>",
        f"INSERT DATA {{ GRAPH <urn:trap:g> {{ <urn:a> <urn:b> 1 }} }} ; LOAD <{u}/x.ttl>",
        f"{insert} WHERE {{ SERVICE <{u}/> {body} }}",
        rf"{insert} WHERE {{ \u0053ERVICE <{u}/> {body} }}",
        f"{insert} WHERE {{ SERVICE SILENT <{u}/> {body} }}",
        f"{insert} WHERE {{ BIND(<{u}/> AS ?e) SERVICE ?e {body} }}",
        f"{insert} WHERE {{ {{ SELECT * WHERE {{ SERVICE <{u}/> {body} }} }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{u}/> {{}} }} }}",
        f"{insert} WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{u}/> {body} }} }}",
        f"{insert} WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{u}/> {body} }} }}",
        f"DELETE WHERE {{ SERVICE <{u}/> {body} }}",
        f"{insert} WHERE {{ SERVICE <{f}> {body} }}",
    ]


def dataset_names(t: Traps) -> list[tuple[str, dict[str, str]]]:
    """Queries and Protocol parameters that name the listener or the file as a *graph*: they
    are answered from the store, where no such graph exists, and nothing is fetched."""
    u, f = t.url, t.file_iri
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return [
        (f"SELECT (COUNT(*) AS ?n) FROM <{u}/x.ttl> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT (COUNT(*) AS ?n) FROM <{f}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{u}/x.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (count, {"default-graph-uri": f"{u}/x.ttl"}),
        (count, {"default-graph-uri": f}),
        (count, {"named-graph-uri": f"{u}/x.ttl"}),
    ]
