"""Caches per data version, under one policy: entries belong to one data version of the store,
least recently used go first past a bound, and a write (a new version) retires them all.

- :class:`ResultCache`: the ``/sparql`` answers (:class:`CachedAnswer`: bytes, Content-Type,
  rows), bounded in bytes;
- :class:`Snapshot`: one consistent view of a store per request, its data version read once,
  with the values derived from it (partner network, metrics, search index, ...), bounded in
  entries. A caller takes a snapshot once (:func:`snapshot`) and passes it wherever a
  :class:`~graph.store.Store` is expected; every value derived through it (:func:`cached`) is
  computed once per snapshot, from values of the same snapshot. Every request of the same
  version shares the latest snapshot; a request that started before a write keeps its own.

Queries through a snapshot still read the store as it is (the backends have no cross-query
read snapshot), so a value built while a write lands may hold that write's data; a derived
value is therefore only ever combined with values derived through the same snapshot, and an
ETag of the snapshot's version is at worst stale for newer data, never new for older data
(the version is bumped after the data is committed).

Examples
--------
>>> cache = ResultCache(max_bytes=1 << 20)
>>> key = ("SELECT * WHERE { ?s ?p ?o }", "json", (), ())
>>> cache.put(key, CachedAnswer(b'{"results": []}', "application/json", 0), version=1)
>>> cache.get(key, version=1)
CachedAnswer(body=b'{"results": []}', content_type='application/json', rows=0)
>>> cache.get(key, version=2) is None  # a write happened: the old answer is gone
True
>>> from graph.store.oxigraph import OxigraphStore
>>> store = OxigraphStore()
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
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyoxigraph as ox
from cachetools import LRUCache

from .errors import ReadOnly
from .store import Change, QueryResult, Runner, Store, View

__all__ = [
    "CachedAnswer",
    "VersionedCache",
    "ResultCache",
    "Snapshot",
    "snapshot",
    "cached",
    "clear_cache",
    "MAX_DERIVED",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")

#: The most values one snapshot keeps (parameters such as ``as_of`` make new keys).
MAX_DERIVED = 512


class VersionedCache(Generic[K, V]):
    """A thread-safe LRU of ``key -> value`` for one data version at a time, bounded by
    ``maxsize`` as ``getsizeof`` measures its values (1 each by default). Values of an older
    version are dropped the first time a newer version is seen, and never kept again."""

    def __init__(self, maxsize: int, getsizeof: Callable[[V], int] | None = None) -> None:
        self.maxsize = max(0, maxsize)
        self._entries: LRUCache[K, V] = LRUCache(max(self.maxsize, 1), getsizeof=getsizeof)
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.maxsize > 0

    def _sync(self, version: int) -> bool:
        """Move to ``version`` (dropping older entries); False for a version already left."""
        if self._version is not None and version < self._version:
            return False
        if version != self._version:
            self._entries.clear()
            self._version = version
        return True

    def get(self, key: K, *, version: int, count_miss: bool = True) -> V | None:
        """The value for ``key`` at data version ``version``, or None (``count_miss``: a miss
        counts in :meth:`stats`; a first look whose miss another look follows says False)."""
        if not self.enabled:
            return None
        with self._lock:
            value = self._entries.get(key) if self._sync(version) else None
            if value is None:
                self.misses += count_miss
            else:
                self.hits += 1
            return value

    def put(self, key: K, value: V, *, version: int) -> None:
        """Keep ``value`` for ``key`` at ``version`` (unless the cache is off or it is too big)."""
        if not self.enabled or self._entries.getsizeof(value) > self._largest():
            return
        with self._lock:
            if self._sync(version):
                self._entries[key] = value

    def _largest(self) -> int:
        return self.maxsize

    def stats(self) -> dict[str, int]:
        """Entries, size held, hits and misses (for logs and metrics)."""
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": int(self._entries.currsize) if self.enabled else 0,
                "hits": self.hits,
                "misses": self.misses,
            }


@dataclass(frozen=True)
class CachedAnswer:
    """One serialised answer: its bytes, their Content-Type and the result rows (for logs)."""

    body: bytes
    content_type: str
    rows: int = 0

    @property
    def size(self) -> int:
        """The bytes it holds, as counted against the cache's budget."""
        return len(self.body) + len(self.content_type)


class ResultCache(VersionedCache[Hashable, CachedAnswer]):
    """The ``/sparql`` answers, in at most ``max_bytes`` (0: off); an answer larger than an
    eighth of the budget is not kept."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, getsizeof=_answer_size)
        self.max_bytes = self.maxsize

    def _largest(self) -> int:
        return self.max_bytes // 8


def _answer_size(answer: CachedAnswer) -> int:
    return answer.size


class Snapshot:
    """A store at one data version, with the values derived from it (read-only).

    It answers the read side of the :class:`~graph.store.Store` protocol by delegating to the
    store, with ``data_version`` fixed; writes through it raise
    :class:`~graph.errors.ReadOnly`.
    """

    def __init__(self, store: Store, version: int) -> None:
        self.store = store
        self.version = version
        self.name = store.name
        self.capabilities = store.capabilities
        self._values: LRUCache[Hashable, Any] = LRUCache(MAX_DERIVED)
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    # --- the read side of Store -----------------------------------------------------------
    @property
    def data_version(self) -> int:
        return self.version

    def query(self, sparql: str, **kwargs: Any) -> QueryResult:
        return self.store.query(sparql, **kwargs)

    def quads(
        self, subject: Any = None, predicate: Any = None, object: Any = None, graph: Any = None
    ) -> Iterator[ox.Quad]:
        return self.store.quads(subject, predicate, object, graph)

    def subject_quads(self, subjects: Iterable[Any]) -> list[ox.Quad]:
        return self.store.subject_quads(subjects)

    def subject_values(self, subjects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self.store.subject_values(subjects, predicates)

    def object_values(self, objects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self.store.object_values(objects, predicates)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        return self.store.dump(fmt, graph=graph)

    def named_graphs(self) -> list[str]:
        return self.store.named_graphs()

    def has_graph(self, iri: str) -> bool:
        return self.store.has_graph(iri)

    def view(self) -> View:
        return self.store.view()

    def __len__(self) -> int:
        return len(self.store)

    # --- no writes ------------------------------------------------------------------------
    def write_lock(self) -> AbstractContextManager[Any]:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def apply(self, change: Change) -> bool:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def update(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        effect: Change | None = None,
        runner: Runner | None = None,
    ) -> None:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        raise ReadOnly("a snapshot of the store is read-only: write to the store itself")

    def close(self) -> None:
        """Nothing to release: the store stays open."""

    # --- derived values -------------------------------------------------------------------
    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once for this snapshot (concurrent callers wait for it)."""
        with self._lock:
            if key in self._values:
                value: T = self._values[key]
                return value
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:
                    value = self._values[key]
                    return value
            value = build()
            with self._lock:
                self._values[key] = value
                self._building.pop(key, None)
            return value

    def keys(self) -> Iterable[Hashable]:
        """The keys of the values derived so far (and still kept)."""
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
    snapshot (pass it the snapshot, not the store)."""
    return snapshot(store).derived(key, build)


def clear_cache() -> None:
    """Forget every snapshot (and so every derived value) not held by a running request."""
    with _latest_lock:
        _latest.clear()
