"""Helpers for write tests: a store that validates itself after every write, the store's state
for "unchanged" checks, and tripwires (a loopback listener and a local file) that nothing may
touch.

:class:`CheckedStore` is a seeded in-memory store whose every accepted write (an ``update`` or
``load``, which every write path ends in) is followed by a full offline validation of the whole
store; a write that leaves it not conforming fails the test, with the report. Use it wherever a
test writes: the incremental SHACL gate is then held to full validation by every write test.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from graph.validation.shacl import validate_store

__all__ = ["CheckedStore", "state", "Tripwires", "tripwires", "INTERNAL", "assert_plain"]


class CheckedStore(OxigraphStore):
    """An in-memory store (seeded unless ``seed=False``) that validates itself, whole and
    offline, after every write, and records and raises when it does not conform."""

    def __new__(cls, *, seed: bool = True):
        from tests.stores import backend_under_test

        if cls is CheckedStore and backend_under_test() != "memory":
            return _checked_remote(backend_under_test(), seed)
        return super().__new__(cls)

    def __init__(self, *, seed: bool = True) -> None:
        super().__init__()
        self.checking = False
        self.writes = 0
        self.failures: list[str] = []
        if seed:
            load_seed(self)
        self.checking = True

    def _check(self) -> None:
        if not self.checking:
            return
        self.writes += 1
        report = validate_store(self)
        if not report.conforms:
            self.failures.append(report.to_text())
            raise AssertionError(
                "an accepted write left the store not conforming:\n" + report.to_text()
            )

    def update(self, sparql, *, prefixes=None, base_iri=None, effect=None, runner=None) -> None:
        super().update(sparql, prefixes=prefixes, base_iri=base_iri, effect=effect, runner=runner)
        self._check()

    def load(self, source, fmt, *, graph=None, bulk=False) -> None:
        super().load(source, fmt, graph=graph, bulk=bulk)
        self._check()


def _checked_remote(kind: str, seed: bool):
    """The remote twin of :class:`CheckedStore` (``POLICYGRAPH_TEST_STORE``): the same checks
    after every accepted write, on an engine of the session emptied first."""
    from graph.store.remote import RemoteStore
    from tests.stores import POOL

    class CheckedRemote(RemoteStore):
        def _check(self) -> None:
            CheckedStore._check(self)  # type: ignore[arg-type]

        def apply(self, change):
            done = super().apply(change)
            self._check()
            return done

        def update(self, sparql, **kwargs) -> None:
            super().update(sparql, **kwargs)
            self._check()

        def load(self, source, fmt, **kwargs) -> None:
            super().load(source, fmt, **kwargs)
            self._check()

    def make(engine):
        store = engine.store()
        store.__class__ = CheckedRemote
        store.checking, store.writes, store.failures = False, 0, []
        return store

    store = POOL.lease(kind, make)
    if seed:
        load_seed(store)
    store.checking = True
    return store


def state(store) -> tuple[bytes, int]:
    """What must not move when a write is refused: every quad (sorted N-Quads) and the version."""
    lines = sorted(store.dump("nquads").splitlines())
    return b"\n".join(lines), store.data_version


#: Words that must never reach a client: exception class names, tracebacks, server paths, the
#: names of the libraries behind the parsers.
INTERNAL = re.compile(
    r"Traceback|\b[A-Z][A-Za-z]*(Error|Exception)\b|/work/|site-packages|\.py\b|"
    r"LoadDocumentCallback|pyoxigraph|rdflib|pyshacl|\byaml\.[a-z]|0x[0-9a-f]{8,}"
)


def assert_plain(message: str) -> None:
    """The message says something and gives away nothing internal."""
    assert message and message.strip(), "no message"
    found = INTERNAL.search(message)
    assert found is None, f"internal detail {found.group(0)!r} in {message!r}"


@dataclass
class Tripwires:
    """A loopback listener and a local file (a FIFO) that nothing may touch.

    ``url`` is the listener's base URL, ``file`` the file's path and ``file_url`` its
    ``file://`` IRI. ``touched`` lists every connection accepted and every opening of the
    file, by anyone (a native library too: a reader of the FIFO is seen when it opens it).
    In this process, Python-level opens and connections are also seen by an audit hook.
    """

    url: str
    file: Path
    touched: list[str] = field(default_factory=list)

    @property
    def file_url(self) -> str:
        return self.file.as_uri()

    def assert_untouched(self) -> None:
        time.sleep(0.05)  # a connection being made as the request ends
        assert self.touched == [], f"touched: {self.touched}"


_ACTIVE: list[Tripwires] = []
_WATCHERS: set[int] = set()  # the tripwires' own threads, which open the FIFO to see readers


def _audit(event: str, args: tuple) -> None:
    if not _ACTIVE or threading.get_ident() in _WATCHERS:
        return
    if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        for wires in _ACTIVE:
            if path == str(wires.file):
                wires.touched.append(f"open {path}")
    elif event == "socket.connect" and len(args) > 1 and isinstance(args[1], tuple):
        for wires in _ACTIVE:
            if str(args[1][1]) in wires.url:
                wires.touched.append(f"connect {args[1]}")


sys.addaudithook(_audit)


@contextmanager
def tripwires(directory: Path) -> Iterator[Tripwires]:
    """Start a listener on a free loopback port and make a FIFO in ``directory``."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.05)
    fifo = directory / "secret.ttl"
    os.mkfifo(fifo)
    wires = Tripwires(f"http://127.0.0.1:{sock.getsockname()[1]}", fifo)
    stop = threading.Event()

    def listen() -> None:
        _WATCHERS.add(threading.get_ident())
        while not stop.is_set():
            try:
                conn, peer = sock.accept()
            except TimeoutError:
                continue
            wires.touched.append(f"connection from {peer}")
            conn.close()

    def watch() -> None:  # a FIFO opens for writing only while someone has it open to read
        _WATCHERS.add(threading.get_ident())
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.002)
                continue
            wires.touched.append(f"read of {fifo}")
            try:
                os.write(fd, b'<urn:leak> <urn:leak> "the secret" .\n')
            except OSError:
                pass
            os.close(fd)
            time.sleep(0.2)  # the reader gets end of file and lets go

    threads = [threading.Thread(target=t, daemon=True) for t in (listen, watch)]
    for thread in threads:
        thread.start()
    _ACTIVE.append(wires)
    try:
        yield wires
    finally:
        _ACTIVE.remove(wires)
        stop.set()
        for thread in threads:
            thread.join()
        sock.close()
