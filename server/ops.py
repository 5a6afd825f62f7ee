"""Operations: ``/health``, ``/metrics`` (Prometheus text) and one access-log line per request.

- ``GET /health``: 200 ``{"status": "ok", "store": ..., "triples": N, "data_version": V}``, or
  503 ``{"status": "unavailable", "error": ...}`` when the store cannot answer.
- ``GET /metrics``: Prometheus text exposition (``prometheus_client``): request counts by route,
  method and status, a latency histogram by route, queries stopped at their time limit, store
  size in triples and the data version. Each app has its own registry. The labels have a fixed
  set of values whatever clients send: the route is the URL rule (``(unmatched)`` for any
  other path), a method outside the standard ones counts as ``other``, and so does a status
  that is not a standard HTTP status.
- The logger ``policygraph.access`` writes one JSON line per request: method, route, path,
  status, duration in ms and result rows (when a query answered). It never logs headers (so no
  token), query strings or bodies.
"""

from __future__ import annotations

import json
import logging
import time
from http import HTTPStatus
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import generate_latest

from .state import app_state

__all__ = ["bp", "init_app", "Metrics"]

log = logging.getLogger(__name__)
access_log = logging.getLogger("policygraph.access")

bp = Blueprint("ops", __name__)


class _StoreCollector:
    """Store size and data version, read when scraped."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        store = app_state(self.app).store
        try:
            triples, version = len(store), store.data_version
        except Exception:  # an unavailable store is reported by /health, not here
            return
        yield GaugeMetricFamily(
            "policygraph_store_triples", "Quads in the store (all graphs).", value=triples
        )
        yield GaugeMetricFamily(
            "policygraph_data_version", "Data version of the store (bumped by writes).", version
        )


class Metrics:
    """The app's Prometheus metrics (``app.extensions["policygraph.metrics"]``)."""

    def __init__(self, app: Flask) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "policygraph_http_requests",
            "HTTP requests answered, by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "policygraph_http_request_duration_seconds",
            "Time to answer a request, by route.",
            ["route"],
            registry=self.registry,
        )
        self.timeouts = Counter(
            "policygraph_query_timeouts",
            "SPARQL queries stopped at their time limit.",
            registry=self.registry,
        )
        self.registry.register(_StoreCollector(app))
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def children(self, route: str, method: str, status: int) -> tuple[Any, Any]:
        """The request counter and latency histogram of one (route, method, status): looked up
        in prometheus_client once (its ``labels`` takes a lock and builds the label tuple)."""
        key = (route, method, status)
        found = self._children.get(key)
        if found is None:
            label = str(status) if status in _STATUSES else "other"
            found = self.requests.labels(route, method, label), self.latency.labels(route)
            self._children[key] = found
        return found


#: Methods counted under their own name; any other counts as "other".
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
_STATUSES = frozenset(s.value for s in HTTPStatus)


def _route() -> str:
    return request.url_rule.rule if request.url_rule is not None else "(unmatched)"


def _labels(status: int) -> tuple[str, str, str]:
    """(route, method, status) with a bounded set of values."""
    method = request.method if request.method in METHODS else "other"
    return _route(), method, str(status) if status in _STATUSES else "other"


def _start() -> None:
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    route, method, _ = _labels(response.status_code)
    metrics: Metrics = current_app.extensions["policygraph.metrics"]
    if g.get("error_limit") == "query_timeout":
        metrics.timeouts.inc()
    rows = g.get("result_rows")
    record(metrics, method, route, request.path, response.status_code, elapsed, rows)
    return response


def record(
    metrics: Metrics,
    method: str,
    route: str,
    path: str,
    status: int,
    elapsed: float,
    rows: int | None = None,
) -> None:
    """Count one answered request and write its access-log line (also for the answers that
    server/front.py gives without Flask). The metric children of each (route, method, status)
    are looked up once; the line is formatted only when the access log is on."""
    counter, latency = metrics.children(route, method, status)
    counter.inc()
    latency.observe(elapsed)
    if access_log.isEnabledFor(logging.INFO):
        more = "" if rows is None else f', "rows": {rows}'
        line = (
            f'{{"method": {json.dumps(method[:16])}, "route": {json.dumps(route)}, "path": '
            f'{json.dumps(path, ensure_ascii=False)}, "status": {status}, "duration_ms": '
            f"{round(elapsed * 1000, 2)}{more}}}"
        )
        # the record made directly: Logger.info would look up its caller's frame (findCaller),
        # a third of the line's cost, for a line whose origin is always this function
        access_log.handle(
            access_log.makeRecord(access_log.name, logging.INFO, __file__, 0, line, (), None)
        )


def init_app(app: Flask) -> None:
    """Register the blueprint, the metrics and the per-request hooks."""
    app.extensions["policygraph.metrics"] = Metrics(app)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_blueprint(bp)


@bp.route("/health", methods=["GET", "HEAD"])
def health() -> Response:
    """Liveness and store status."""
    state = app_state()
    store = state.store
    try:
        triples = len(store)
        version = store.data_version
        store.query("ASK { ?s ?p ?o }")
    except Exception:
        # the reason (a path, a disk error) is for the administrator's log, not the answer
        log.exception("health check: the store is unavailable")
        response = jsonify(
            {
                "status": "unavailable",
                "store": store.name,
                "error": "the store does not answer; the administrator can find why in the log",
            }
        )
        response.status_code = 503
        return response
    workers = state.settings.query_workers
    return jsonify(
        {
            "status": "ok",
            "store": store.name,
            "triples": triples,
            "data_version": version,
            "query_workers": workers,
            "writable": state.write_token is not None,
        }
    )


@bp.route("/metrics", methods=["GET"])
def metrics() -> Response:
    """Prometheus text exposition of the app's metrics."""
    registry = current_app.extensions["policygraph.metrics"].registry
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
