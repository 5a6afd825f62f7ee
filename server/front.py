"""Repeated ``GET /sparql`` answered from the result cache before Flask (issue 20).

A cached answer through the Flask app costs its request cycle (request objects, routing,
negotiation, hooks: about half a millisecond, more than the cached answer itself). This WSGI
middleware answers a plain ``GET /sparql?query=...`` that was answered 200 before, at the same
data version, for the same request, with the same status, headers and bytes, and writes the same
access-log line and metrics as the app does.

"The same request" is everything the answer depends on: the query string (query, dataset,
timeout), ``Accept`` and ``Accept-Language``, the host, scheme and script root (relative IRIs
resolve against the endpoint's URL) and ``Origin`` (CORS headers). A request with conditional
headers, a body or credentials goes through the app, as does every other method and path. The
answers share the app's :class:`~graph.cache.ResultCache` (its budget, its data version, its
hit and miss counts): off when the cache is off (``POLICYGRAPH_QUERY_CACHE_MB=0``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from graph.cache import CachedAnswer

from .ops import Metrics, record
from .state import app_state

__all__ = ["Front", "FrontAnswer"]

#: The request headers (WSGI keys) an answer depends on besides the query string.
_KEYED = (
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "SCRIPT_NAME",
    "HTTP_ORIGIN",
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PREFIX",
)
#: A request with any of these goes through the app.
_PASS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
    "HTTP_AUTHORIZATION",
    "HTTP_COOKIE",
    "CONTENT_LENGTH",
    "HTTP_TRANSFER_ENCODING",
)


@dataclass(frozen=True)
class FrontAnswer(CachedAnswer):
    """A whole HTTP answer: the status line and headers besides the body."""

    status: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        return super().size + sum(len(k) + len(v) for k, v in self.headers)


class Front:
    """WSGI middleware over ``app.wsgi_app`` (see the module docstring)."""

    def __init__(self, app: Flask, inner: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.inner = inner
        self.state = app_state(app)
        self.metrics: Metrics = app.extensions["policygraph.metrics"]

    def _key(self, environ: dict[str, Any]) -> tuple | None:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("PATH_INFO") != "/sparql"
            or not environ.get("QUERY_STRING")
            or not self.state.cache.enabled
            or any(environ.get(name) for name in _PASS)
        ):
            return None
        return ("front", environ["QUERY_STRING"], *(environ.get(k) for k in _KEYED))

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.inner(environ, start_response)
        started = time.perf_counter()
        cache = self.state.cache
        version = self.state.store.data_version
        hit = cache.get(key, version=version, count_miss=False)
        if isinstance(hit, FrontAnswer):
            start_response(hit.status, list(hit.headers))
            elapsed = time.perf_counter() - started
            record(self.metrics, "GET", "/sparql", "/sparql", 200, elapsed, hit.rows)
            return [hit.body]
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        answer = self.inner(environ, capture)
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        rows = environ.get("policygraph.result_rows")
        if seen.get("status", "").startswith("200 ") and rows is not None:
            kept = FrontAnswer(
                body,
                "",
                rows,
                status=seen["status"],
                headers=tuple((str(k), str(v)) for k, v in seen["headers"]),
            )
            cache.put(key, kept, version=version)
        return [body]
