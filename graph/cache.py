"""A cache of serialised query answers, per store data version.

The SPARQL endpoint answers the same query for the same result format and dataset with the
same bytes until the store changes; every write bumps the store's data version, which is part
of the key, and entries of older versions are dropped the first time a newer version is seen.
Memory is bounded (least recently used entries go first); an answer larger than an eighth of
the budget is not kept. A budget of 0 turns the cache off.

Examples
--------
>>> cache = ResultCache(max_bytes=1 << 20)
>>> key = ("SELECT * WHERE { ?s ?p ?o }", "json", (), ())
>>> cache.get(key, version=1) is None
True
>>> cache.put(key, CachedAnswer(b'{"results": []}', "application/json", 0), version=1)
>>> cache.get(key, version=1)
CachedAnswer(body=b'{"results": []}', content_type='application/json', rows=0)
>>> cache.get(key, version=2) is None  # a write happened: the old answer is gone
True
>>> cache.stats()["entries"]
0
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

__all__ = ["CachedAnswer", "ResultCache"]


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


class ResultCache:
    """Thread-safe LRU of ``key -> CachedAnswer`` for one data version at a time."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self._entries: OrderedDict[Hashable, CachedAnswer] = OrderedDict()
        self._version: int | None = None
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def _sync(self, version: int) -> bool:
        """Move to ``version`` (dropping older entries); False for a version already left."""
        if self._version is not None and version < self._version:
            return False
        if version != self._version:
            self._entries.clear()
            self._size = 0
            self._version = version
        return True

    def get(self, key: Hashable, *, version: int) -> CachedAnswer | None:
        """The entry for ``key`` at data version ``version``, or None."""
        if not self.enabled:
            return None
        with self._lock:
            entry = self._entries.get(key) if self._sync(version) else None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: CachedAnswer, *, version: int) -> None:
        """Keep ``entry`` for ``key`` at ``version`` (unless the cache is off or it is too big)."""
        size = entry.size
        if not self.enabled or size > self.max_bytes // 8:
            return
        with self._lock:
            if not self._sync(version):
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old.size
            self._entries[key] = entry
            self._size += size
            while self._size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= evicted.size

    def stats(self) -> dict[str, int]:
        """Entries, bytes held, hits and misses (for logs and metrics)."""
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self._size,
                "hits": self.hits,
                "misses": self.misses,
            }
