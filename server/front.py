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

Cold answers too: a plain ``GET /sparql`` (parameters ``query`` and at most a ``timeout``, no
``Origin`` or forwarding header besides those above) is run here with the view's own functions
(:func:`server.sparql.query_request`, :func:`server.sparql.run_query_request`, the negotiation
of :mod:`server.negotiation`, the validators of :mod:`server.conditional`): the same limits,
policy checks, query workers and result cache, and a 200 with the same headers, access-log
line and metrics, without Flask's request cycle. Anything but a 200 (an error, a 406) is handed
to the Flask view with what was computed (``FRONT_OUTCOME``), which answers it as its own, so
that error answers are written in one place; nothing runs twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.http import http_date
from werkzeug.wrappers import Request

from graph.cache import CachedAnswer
from graph.errors import InputError
from graph.query.execution import QueryAnswer

from .conditional import etag, modified_at
from .negotiation import acceptable_for
from .ops import Metrics, record
from .sparql import FRONT_OUTCOME, query_request, query_timeout, run_query_request
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


#: Parameters of a GET answered here cold; any other goes through the app.
_LEAN_PARAMS = frozenset({"query", "timeout"})
#: Headers whose presence sends a cold GET through the app (CORS, proxies).
_LEAN_PASS = (
    "HTTP_ORIGIN",
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PREFIX",
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
        # a store shared with other processes reads its version first, as the app's requests do
        # (server/__init__.py): else a write through another process is not seen here
        self.refresh: Callable[[], Any] | None = getattr(self.state.store, "refresh", None)

    #: Answer cold plain GETs here (False: only cached answers, the rest through the app).
    lean = True
    #: Which queries are run here (None: all of them); the others go to ``inner`` untouched
    #: (server/fronts.py runs lookups only and sends the rest to the main process).
    admit: Callable[[str], bool] | None = None

    def _plain(self, environ: dict[str, Any]) -> bool:
        return (
            environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO") == "/sparql"
            and bool(environ.get("QUERY_STRING"))
            and not any(environ.get(name) for name in _PASS)
        )

    def _key(self, environ: dict[str, Any]) -> tuple:
        return ("front", environ["QUERY_STRING"], *(environ.get(k) for k in _KEYED))

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if not self._plain(environ):
            return self.inner(environ, start_response)
        started = time.perf_counter()
        if self.refresh is not None:
            self.refresh()
        cache = self.state.cache
        version = self.state.store.data_version
        key = self._key(environ) if cache.enabled else None
        if key is not None:
            hit = cache.get(key, version=version, count_miss=False)
            if isinstance(hit, FrontAnswer):
                start_response(hit.status, list(hit.headers))
                elapsed = time.perf_counter() - started
                record(self.metrics, "GET", "/sparql", "/sparql", 200, elapsed, hit.rows)
                return [hit.body]
        if self.lean:
            answered = self._cold(environ, version)
            if answered is not None:
                status, headers, body, rows = answered
                start_response(status, list(headers))
                elapsed = time.perf_counter() - started
                record(self.metrics, "GET", "/sparql", "/sparql", 200, elapsed, rows)
                if key is not None:
                    kept = FrontAnswer(body, "", rows, status=status, headers=headers)
                    cache.put(key, kept, version=version)
                return [body]
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
        counted = environ.get("policygraph.result_rows")
        if key is not None and seen.get("status", "").startswith("200 ") and counted is not None:
            kept = FrontAnswer(
                body,
                "",
                counted,
                status=seen["status"],
                headers=tuple((str(k), str(v)) for k, v in seen["headers"]),
            )
            cache.put(key, kept, version=version)
        return [body]

    def run(self, state: Any, req: Any, version: int) -> QueryAnswer | CachedAnswer:
        """Answer one query (:func:`server.sparql.run_query_request`)."""
        return run_query_request(state, req, version)

    def _cold(
        self, environ: dict[str, Any], version: int
    ) -> tuple[str, tuple[tuple[str, str], ...], bytes, int] | None:
        """A plain query GET answered here: (status, headers, body, rows), or None for the app
        to answer (with ``FRONT_OUTCOME`` set when the query ran)."""
        if any(environ.get(name) for name in _LEAN_PASS):
            return None
        pairs = _query_pairs(environ)
        queries = [v for k, v in pairs if k == "query"]
        if len(queries) != 1 or not queries[0].strip():
            return None
        if not _LEAN_PARAMS.issuperset(k for k, _ in pairs):
            return None
        if self.admit is not None and not self.admit(queries[0]):
            return None
        timeouts = [v for k, v in pairs if k == "timeout"]
        if len(timeouts) > 1:
            return None
        state = self.state
        try:
            timeout = query_timeout(timeouts[0] if timeouts else None, state.settings.query_timeout)
        except InputError:  # the app says so
            return None
        accept = environ.get("HTTP_ACCEPT", "")
        req = query_request(state, queries[0], timeout, _base_url(environ), acceptable_for(accept))
        try:
            answer = self.run(state, req, version)
        except Exception as exc:  # the app's error handlers answer it
            environ[FRONT_OUTCOME] = exc
            return None
        if isinstance(answer, QueryAnswer) and answer.fmt is None:  # the app's 406
            environ[FRONT_OUTCOME] = answer
            return None
        environ["policygraph.result_rows"] = answer.rows
        tag = etag(
            version,
            "/sparql",
            environ["QUERY_STRING"].encode("latin-1"),  # werkzeug's request.query_string
            accept,
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
        )
        headers = (
            ("Content-Type", answer.content_type),
            ("Content-Length", str(len(answer.body))),
            ("Vary", "Accept"),
            ("ETag", f'W/"{tag}"'),
            ("Last-Modified", http_date(modified_at(self.app, version))),
        )
        return "200 OK", headers, answer.body, answer.rows


def _query_pairs(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The query string's parameters, as werkzeug's ``request.args`` reads them: directly for
    an ASCII query string whose escapes are UTF-8 (the same values, some 40 us sooner), else
    through werkzeug (its error handling for other bytes)."""
    text = environ.get("QUERY_STRING", "")
    if text.isascii():
        try:
            return parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            pass
    return list(Request(environ, shallow=True).args.items(multi=True))


_BASE_URLS: dict[tuple, str] = {}


def _base_url(environ: dict[str, Any]) -> str:
    """werkzeug's ``request.base_url`` of this request, kept per (scheme, host, server, root,
    path): it depends on nothing else for the requests answered here (no forwarding headers)."""
    key = tuple(environ.get(k) for k in _URL_KEYS)
    url = _BASE_URLS.get(key)
    if url is None:
        url = Request(environ, shallow=True).base_url
        if len(_BASE_URLS) >= 256:
            _BASE_URLS.clear()
        _BASE_URLS[key] = url
    return url


_URL_KEYS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
)
