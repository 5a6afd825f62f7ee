"""One consistent view of a store per request: its data version, read once, and everything
derived from the store at that version.

Derived things (the partner network, the typed network, their metrics, exports, the search
index, the containment index) are costly, so they are cached per data version. Reading the
version again for each of them is not enough: a write between two reads hands one request a
network of one version and metrics of another (a node of one and not of the other: ``KeyError``
under concurrent writes, issue 14). So a caller takes a :class:`Snapshot` once
(:func:`snapshot`) and passes it wherever a :class:`~graph.store.Store` is expected: its
``data_version`` never moves, and every value derived through it (:func:`cached`) is computed
once per snapshot, from values of the same snapshot. Every request of the same version shares
the latest snapshot; a request that started before a write keeps its own until it ends.

Queries through a snapshot still read the store as it is (the backends have no cross-query
read snapshot), so a value built while a write lands may hold that write's data; a derived
value is therefore only ever combined with values derived through the same snapshot, and an
ETag of the snapshot's version is at worst stale for newer data, never new for older data
(the version is bumped after the data is committed).

Examples
--------
>>> from graph.config import Settings
>>> from graph.store import open_store
>>> store = open_store(Settings(memory=True), seed=False)
>>> snap = snapshot(store)
>>> snapshot(store) is snap, snapshot(snap) is snap
(True, True)
>>> cached(snap, ("doc",), lambda: [1]) is cached(store, ("doc",), lambda: [2])
True
>>> store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }')
>>> snap.data_version, snapshot(store).data_version, cached(store, ("doc",), lambda: [2])
(0, 1, [2])
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from .errors import ReadOnly
from .store import QueryResult, Store

__all__ = ["Snapshot", "snapshot", "cached", "clear_cache"]

T = TypeVar("T")


class Snapshot:
    """A store at one data version, with the values derived from it (read-only).

    It answers the read side of the :class:`~graph.store.Store` interface by delegating to the
    store, with ``data_version`` fixed; writes through it raise
    :class:`~graph.errors.ReadOnly`.
    """

    def __init__(self, store: Store, version: int) -> None:
        self.store = store
        self.version = version
        self.name = store.name
        self.capabilities = store.capabilities
        self._values: dict[Hashable, Any] = {}
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    # --- the read side of Store -----------------------------------------------------------
    @property
    def data_version(self) -> int:
        return self.version

    def query(self, sparql: str, **kwargs: Any) -> QueryResult:
        return self.store.query(sparql, **kwargs)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        return self.store.dump(fmt, graph=graph)

    def named_graphs(self) -> list[str]:
        return self.store.named_graphs()

    def __len__(self) -> int:
        return len(self.store)

    def update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> None:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def load(self, source: Any, fmt: str, **kwargs: Any) -> None:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def close(self) -> None:
        """Nothing to release: the store stays open."""

    # --- derived values -------------------------------------------------------------------
    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once for this snapshot (concurrent callers wait for it)."""
        with self._lock:
            if key in self._values:
                return self._values[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = build()
            with self._lock:
                self._values[key] = value
                self._building.pop(key, None)
            return value

    def keys(self) -> Iterable[Hashable]:
        """The keys of the values derived so far."""
        with self._lock:
            return list(self._values)

    def __repr__(self) -> str:
        return f"<Snapshot v{self.version} of {self.name}>"


#: store -> its latest snapshot (shared by every request at that version).
_latest: weakref.WeakKeyDictionary[Any, Snapshot] = weakref.WeakKeyDictionary()
_latest_lock = threading.Lock()


def snapshot(store: Store | Snapshot) -> Snapshot:
    """The store at its current data version (a snapshot is returned as it is).

    The version is read once, here; callers pass the snapshot on instead of the store.
    """
    if isinstance(store, Snapshot):
        return store
    version = store.data_version
    with _latest_lock:
        current = _latest.get(store)
        if current is not None and current.version == version:
            return current
        fresh = Snapshot(store, version)
        if current is None or version > current.version:
            _latest[store] = fresh
        return fresh


def cached(store: Store | Snapshot, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, computed once per ``key`` and snapshot of ``store`` (so recomputed after a
    write). ``key`` says everything the value depends on besides the store's data (``as_of``,
    options), starting with the caller's name. ``build`` must read the store through the same
    snapshot (pass it the snapshot, not the store).

    Examples
    --------
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> s = snapshot(open_store(Settings(memory=True), seed=False))
    >>> cached(s, ("doc", 1), lambda: [1]) is cached(s, ("doc", 1), lambda: [2])
    True
    """
    return snapshot(store).derived(key, build)


def clear_cache() -> None:
    """Forget every snapshot (and so every derived value) not held by a running request."""
    with _latest_lock:
        _latest.clear()
