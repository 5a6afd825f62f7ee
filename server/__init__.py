"""policygraph's HTTP layer: a Flask app factory over the ``graph`` core library."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from graph.cache import ResultCache
from graph.config import Settings
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
    cache: ResultCache = field(default_factory=lambda: ResultCache(0))  # /sparql answers


def create_app(
    settings: Settings | None = None, *, store: Store | None = None, **overrides: Any
) -> Flask:
    """Create the WSGI app. ``settings`` default to the environment (``POLICYGRAPH_*``);
    ``overrides`` change single settings; ``store`` uses an already open store (tests)."""
    settings = (settings or Settings.from_env()).replace(**overrides)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = max(settings.max_query_length * 4, 1 << 20)
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

    from . import sparql, ui

    app.register_blueprint(sparql.bp)
    app.register_blueprint(ui.bp)
    register_error_handlers(app)
    return app
