"""What the views share: the settings, the open store, the query workers and the result cache,
kept on ``app.extensions["policygraph"]`` and read with :func:`app_state`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import Flask, current_app

from graph.cache import ResultCache
from graph.config import Settings
from graph.query.workers import QueryPool
from graph.store import Store

__all__ = ["AppState", "app_state"]


@dataclass
class AppState:
    """What the views need: the settings and the open store (``app.extensions["policygraph"]``)."""

    settings: Settings
    store: Store
    write_token: str | None = None  # None: read-only (see server/auth.py)
    pool: QueryPool | None = None
    cache: ResultCache = field(default_factory=lambda: ResultCache(0))  # /sparql answers
    _pool_lock: threading.Lock = field(default_factory=threading.Lock)

    def query_pool(self) -> QueryPool | None:
        """The query worker processes (started on the first query), or None when the settings
        ask for in-thread queries (``query_workers = 0``) or the store evaluates queries in
        an engine of its own (capability ``remote-evaluation``)."""
        if self.settings.query_workers < 1 or "remote-evaluation" in self.store.capabilities:
            # an engine elsewhere evaluates the query and the store's client stops waiting at
            # the time limit: a worker process would only add a hop (docs/benchmarks.md, issue 17)
            return None
        with self._pool_lock:
            if self.pool is None:
                self.pool = QueryPool(self.store, self.settings.query_workers)
            return self.pool


def app_state(app: Flask | None = None) -> AppState:
    """The state of ``app`` (default: the current app)."""
    state: AppState = (app or current_app).extensions["policygraph"]
    return state
