"""Store wrappers for tests."""

from __future__ import annotations

from graph.store import Store

__all__ = ["ReadOnlySeedStore"]


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
