"""policygraph's HTTP layer: a Flask app factory over the ``graph`` core library."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from graph.cache import ResultCache
from graph.config import Settings
from graph.store import Store, open_store

from .errors import register_error_handlers
from .state import AppState, app_state

__all__ = ["create_app", "AppState", "app_state"]

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, *, store: Store | None = None, **overrides: Any
) -> Flask:
    """Create the WSGI app. ``settings`` default to the environment (``POLICYGRAPH_*``);
    ``overrides`` change single settings; ``store`` uses an already open store (tests)."""
    settings = (settings or Settings.from_env()).replace(**overrides)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_size
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Korean labels stay readable
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

    from . import api, cors, exports, extract, gsp, ingest, ops, pages, sparql

    ops.init_app(app)
    _refresh_each_request(app, store)
    cors.init_app(app)
    from . import conditional, front  # issue 20: 304 before any view; cached GETs before Flask

    conditional.init_app(app)
    app.wsgi_app = front.Front(app, app.wsgi_app)  # type: ignore[method-assign]
    app.register_blueprint(api.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(ingest.bp)
    app.register_blueprint(extract.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(gsp.bp)
    pages.init_app(app)  # /, /search, /id/..., the other pages; words and CSP
    register_error_handlers(app)
    return app


def _refresh_each_request(app: Flask, store: Store) -> None:
    """A store shared with other processes (graph/store/remote.py) reads its data version at
    the start of each request, so that a write through another process is seen at once."""
    refresh = getattr(store, "refresh", None)
    if callable(refresh):

        def read_version() -> None:
            refresh()

        app.before_request(read_version)
