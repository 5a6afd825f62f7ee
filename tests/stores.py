"""Store wrappers and factories for tests."""

from __future__ import annotations

import os

from graph.store import Store
from graph.store.oxigraph import OxigraphStore

__all__ = ["ReadOnlySeedStore", "EnginePool", "test_store_kind", "new_store", "POOL"]


def test_store_kind() -> str:
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
    """Remote engines by (kind, slot), started on first use: one engine per slot, so that the
    session's seed store, a module's store and a test's store never share data."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str], object] = {}

    def engine(self, kind: str, slot: str = "test"):
        from tests.engines import start

        key = (kind, slot)
        if key not in self._engines:
            self._engines[key] = start(kind)
        return self._engines[key]

    def store(self, kind: str, slot: str = "test", **kwargs):
        return self.engine(kind, slot).store(**kwargs)

    def stop(self) -> None:
        for engine in self._engines.values():
            engine.stop()
        self._engines.clear()


#: The pool of the session (the ``engines`` fixture), for helpers that are not fixtures.
POOL = EnginePool()


def new_store(slot: str = "test", *, seed: bool = False) -> Store:
    """A fresh store of the backend under test: in memory, or a remote engine emptied of
    policygraph's graphs (``slot``: which engine, so that stores alive at once stay apart)."""
    from graph.store.seed import load_seed

    kind = test_store_kind()
    if kind == "memory":
        store: Store = OxigraphStore()
    else:
        store = POOL.store(kind, slot)
        store.clear()  # type: ignore[attr-defined]
    if seed:
        load_seed(store)
    return store
