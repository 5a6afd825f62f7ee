"""The one place that turns errors into HTTP responses.

``/api`` answers JSON of one shape, ``{"ok": false, "status": N, "error": "...", "errors": [...]}``;
``/sparql`` answers plain text, as SPARQL Protocol clients expect; other pages answer plain text.
A 422 carries the validation report (JSON, or Turtle when asked for).
Statuses: 400 InputError, 401 Unauthorized (no token), 403 ReadOnly/Forbidden (wrong token),
404 NotFound, 406 no acceptable format, 409 Conflict,
413 LimitExceeded (request/query too large), 415 unsupported media type, 422 ValidationFailed,
503 QueryTimeout/StoreUnavailable, 500 anything else (logged with its traceback).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from graph.errors import (
    Conflict,
    Forbidden,
    InputError,
    LimitExceeded,
    NotFound,
    PolicyGraphError,
    QueryTimeout,
    ReadOnly,
    StoreUnavailable,
    Unauthorized,
    ValidationFailed,
)

__all__ = ["STATUS", "register_error_handlers", "error_response"]

log = logging.getLogger(__name__)

STATUS: dict[type[PolicyGraphError], int] = {
    InputError: 400,
    Unauthorized: 401,
    ReadOnly: 403,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    LimitExceeded: 413,
    ValidationFailed: 422,
    QueryTimeout: 503,
    StoreUnavailable: 503,
}


def _status_of(exc: PolicyGraphError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_response(status: int, message: str, /, **context: object) -> Response:
    """A response in the shape the requested path expects.

    ``context`` (the limit hit, the parameter at fault, ...) is added to ``/api`` bodies; it
    never replaces the shared keys ``ok``, ``status``, ``error`` and ``errors``.
    """
    if request.path.startswith("/api"):
        body = {**context, "ok": False, "status": status, "error": message, "errors": [message]}
        response = jsonify(body)
    else:
        response = Response(message.rstrip("\n") + "\n", mimetype="text/plain")
    response.status_code = status
    return response


def _handle_policygraph(exc: PolicyGraphError) -> Response:
    status = _status_of(exc)
    log.info("%s %s -> %d: %s", request.method, request.path, status, exc.message)
    g.error_limit = exc.context.get("limit")  # counted by server/ops.py (query timeouts)
    context = {k: v for k, v in exc.context.items() if isinstance(v, str | int | float | bool)}
    if isinstance(exc, ValidationFailed) and hasattr(exc.report, "to_dict"):
        return _validation_response(exc, context)
    response = error_response(status, exc.message, **context)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="policygraph writes"'
    return response


def _validation_response(exc: ValidationFailed, context: dict) -> Response:
    """422 with the report: a ``sh:ValidationReport`` in Turtle when the client prefers it,
    else JSON (the ``/api`` error shape plus ``report``), messages in the client's language."""
    lang = request.accept_languages.best_match(["en", "ko"]) or "en"
    best = request.accept_mimetypes.best_match(["application/json", "text/turtle"])
    if best == "text/turtle" and not request.path.startswith("/api"):
        response = Response(exc.report.to_turtle(), content_type="text/turtle; charset=utf-8")
    else:
        body = {**context, "ok": False, "status": 422, "error": exc.message}
        response = jsonify({**body, "errors": [exc.message], "report": exc.report.to_dict(lang)})
    response.status_code = 422
    return response


def _handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        exc.description = f"the request body is larger than {limit} bytes (setting max_body_size)"
    if status >= 500:
        log.error("%s %s -> %d: %s", request.method, request.path, status, exc.description)
    response = error_response(status, exc.description or exc.name)
    allow = dict(exc.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response


def _handle_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal server error; the administrator can find it in the log")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(PolicyGraphError, _handle_policygraph)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
