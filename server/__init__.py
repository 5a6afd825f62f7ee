"""policygraph's HTTP layer: a Flask app factory over the ``graph`` core library."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from graph.cache import ResultCache
from graph.config import Settings
from graph.query.workers import QueryPool
from graph.store import Store, open_store

from .errors import register_error_handlers

__all__ = ["create_app", "AppState"]

log = logging.getLogger(__name__)


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
        ask for in-thread queries (``query_workers = 0``)."""
        if self.settings.query_workers < 1:
            return None
        with self._pool_lock:
            if self.pool is None:
                self.pool = QueryPool(self.store, self.settings.query_workers)
            return self.pool


def create_app(
    settings: Settings | None = None, *, store: Store | None = None, **overrides: Any
) -> Flask:
    """Create the WSGI app. ``settings`` default to the environment (``POLICYGRAPH_*``);
    ``overrides`` change single settings; ``store`` uses an already open store (tests)."""
    settings = (settings or Settings.from_env()).replace(**overrides)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_size
    app.json.ensure_ascii = False  # Korean labels stay readable in JSON
    if store is None:
        store = open_store(settings)
    from .auth import load_write_token

    app.extensions["policygraph"] = AppState(
        settings=settings,
        store=store,
        write_token=load_write_token(settings),
        cache=ResultCache(settings.query_cache_mb << 20),
    )
    log.info("serving %r", store)

    from . import api, cors, exports, extract, gsp, ingest, ops, sparql, ui

    ops.init_app(app)
    cors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(ingest.bp)
    app.register_blueprint(extract.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(gsp.bp)
    app.register_blueprint(ui.bp)
    register_error_handlers(app)
    return app
