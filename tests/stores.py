"""Store wrappers and factories for tests."""

from __future__ import annotations

import os

from graph.store import Store
from graph.store.oxigraph import OxigraphStore

__all__ = ["ReadOnlySeedStore", "EnginePool", "backend_under_test", "new_store", "POOL"]


def backend_under_test() -> str:
    """The backend the store-touching tests run on (``POLICYGRAPH_TEST_STORE``)."""
    return os.environ.get("POLICYGRAPH_TEST_STORE", "memory")


class ReadOnlySeedStore:
    """The seed store for the whole session; a test that tries to write to it fails."""

    def __init__(self, store: Store) -> None:
        self._inner = store

    def __getattr__(self, name: str):
        if name in {"update", "load", "apply", "write_lock"}:
            raise AssertionError("seed_store is shared by the session: use empty_store to write")
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)

    def query(self, sparql: str, **kwargs):
        """SPARQL over the seed graph; the default graph is the union of all graphs."""
        return self._inner.query(sparql, **kwargs)


class EnginePool:
    """Remote engines, started on first use. A store takes an engine no other live store holds
    (:meth:`lease`), so that stores alive at once (the session's seed store, a module's store,
    a test's stores) never share data. What a test leased is free again after the test
    (:meth:`release_test`, an autouse fixture); what is leased between tests (a module's
    fixture) stays taken for the session."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str], object] = {}
        self._taken: set[tuple[str, str]] = set()
        self._test: list[tuple[str, str]] | None = None

    def engine(self, kind: str, slot: str = "test"):
        from tests.engines import start

        key = (kind, slot)
        if key not in self._engines:
            self._engines[key] = start(kind)
        return self._engines[key]

    def store(self, kind: str, slot: str = "test", **kwargs):
        return self.engine(kind, slot).store(**kwargs)

    def lease(self, kind: str, make=None):
        """A store on an engine of ``kind`` that no live store uses (``make(engine)`` builds it;
        default: ``engine.store()``), emptied of policygraph's graphs."""
        n = 0
        while (kind, f"lease-{n}") in self._taken:
            n += 1
        key = (kind, f"lease-{n}")
        engine = self.engine(*key)
        self._taken.add(key)
        if self._test is not None:
            self._test.append(key)
        store = make(engine) if make else engine.store()
        store.clear()
        return store

    def begin_test(self) -> None:
        self._test = []

    def release_test(self) -> None:
        for key in self._test or ():
            self._taken.discard(key)
        self._test = None

    def stop(self) -> None:
        for engine in self._engines.values():
            engine.stop()
        self._engines.clear()


#: The pool of the session (the ``engines`` fixture), for helpers that are not fixtures.
POOL = EnginePool()


def new_store(*, seed: bool = False) -> Store:
    """A fresh store of the backend under test: in memory, or a remote engine no live store
    uses, emptied of policygraph's graphs."""
    from graph.store.seed import load_seed

    kind = backend_under_test()
    if kind == "memory":
        store: Store = OxigraphStore()
    else:
        store = POOL.lease(kind)
    if seed:
        load_seed(store)
    return store
