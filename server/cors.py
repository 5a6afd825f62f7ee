"""CORS for browser clients: reads open to the configured origins, writes closed by default.

- A read (``GET``, ``HEAD``, a ``POST`` query) from an origin in ``cors_origins`` (``*`` by
  default) gets ``Access-Control-Allow-Origin``.
- A write (every view that calls :func:`server.auth.require_writer`) gets CORS headers only for
  an origin in ``cors_write_origins`` (empty by default).
- A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) is answered 204. It allows
  ``GET``, ``HEAD``, ``POST`` with ``Content-Type``/``Accept`` to read origins; ``PUT``,
  ``DELETE`` and the ``Authorization`` header (the write token) only to write origins. A
  preflight that is not allowed gets 204 without CORS headers, so the browser stops there.

Writes need a bearer token, never a cookie, so a page on another origin cannot borrow a
user's credentials; the write origins only decide which pages may *send* a token.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

from .state import app_state

__all__ = ["init_app"]

_READ_METHODS = {"GET", "HEAD", "POST"}
_READ_HEADERS = {"content-type", "accept", "accept-language"}
_EXPOSE = "Content-Type, Content-Length, Location, Vary, X-Data-Version"


def _allowed(origin: str, setting: str) -> bool:
    allowed = setting.split()
    return "*" in allowed or origin in allowed


def _is_preflight() -> bool:
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def _preflight() -> Response | None:
    if not _is_preflight():
        return None
    settings = app_state().settings
    origin = request.headers.get("Origin", "")
    method = request.headers["Access-Control-Request-Method"].upper()
    asked = {
        h.strip().lower()
        for h in request.headers.get("Access-Control-Request-Headers", "").split(",")
        if h.strip()
    }
    response = Response(status=204)
    response.headers["Vary"] = "Origin"
    is_read = method in _READ_METHODS and asked <= _READ_HEADERS
    if _allowed(origin, settings.cors_write_origins):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PUT, DELETE"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
    elif is_read and _allowed(origin, settings.cors_origins):
        response.headers["Access-Control-Allow-Origin"] = _origin_value(origin, settings)
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    else:
        return response
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def _origin_value(origin: str, settings) -> str:
    return "*" if "*" in settings.cors_origins.split() else origin


def _headers(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not origin or _is_preflight() or "Access-Control-Allow-Origin" in response.headers:
        return response
    settings = app_state().settings
    response.vary.add("Origin")
    if g.get("write_request"):
        if not _allowed(origin, settings.cors_write_origins):
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
    elif _allowed(origin, settings.cors_origins):
        response.headers["Access-Control-Allow-Origin"] = _origin_value(origin, settings)
    else:
        return response
    response.headers["Access-Control-Expose-Headers"] = _EXPOSE
    return response


def init_app(app: Flask) -> None:
    app.before_request(_preflight)
    app.after_request(_headers)
