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
from typing import Any

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
from graph.names import visible
from graph.validation.shacl import Report

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
    elif (page := _html_error(status, message)) is not None:  # a browser on a page
        return page
    else:
        response = Response(message.rstrip("\n") + "\n", mimetype="text/plain")
    response.status_code = status
    return response


def _html_error(status: int, message: str) -> Response | None:
    """An HTML error page for a browser asking for a page (server/pages/), else None."""
    from .pages import error_page

    return error_page(status, message)


def _handle_policygraph(exc: PolicyGraphError) -> Response:
    status = _status_of(exc)
    if status == 500:  # not an error the core explains to callers: no detail in the answer
        return _handle_unexpected(exc)
    log.info("%s %s -> %d: %s", request.method, request.path, status, exc.message)
    g.error_limit = exc.context.get("limit")  # counted by server/ops.py (query timeouts)
    context = {k: v for k, v in exc.context.items() if isinstance(v, str | int | float | bool)}
    response = error_response(status, exc.message, **context)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="policygraph writes"'
    return response


def _handle_validation_failed(exc: ValidationFailed) -> Response:
    """422 with the SHACL report: the standard ``sh:ValidationReport`` as Turtle when the client
    prefers ``text/turtle``; else, on every path (a report is structured data), JSON with
    ``report`` (counts per severity and each result with its focus node and label, path,
    value, rule id and message in the language of ``Accept-Language``, Korean or English)
    and one ``errors`` line per violation."""
    from .negotiation import best_media_type, request_language

    report = exc.report
    if not isinstance(report, Report):
        return _handle_policygraph(exc)
    log.info("%s %s -> 422: %s", request.method, request.path, exc.message)
    lang = request_language()
    wanted = best_media_type(request.accept_mimetypes, ["application/json", "text/turtle"])
    if wanted == "text/turtle":
        return Response(report.to_turtle(), status=422, mimetype="text/turtle")
    context = {k: v for k, v in exc.context.items() if isinstance(v, str | int | float | bool)}
    data = report.to_dict(lang)
    errors = [
        f"{r['rule_id']}: <{r['focus']}>"
        + (f" ({visible(r['focus_label'])})" if r["focus_label"] else "")
        + f": {r['message']}"
        for r in data["results"]
        if r["severity"] == "violation"
    ]
    body: dict[str, Any] = {
        **context,
        "ok": False,
        "status": 422,
        "error": exc.message,
        "errors": errors,
    }
    body["report"] = data
    response = jsonify(body)
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
    app.register_error_handler(ValidationFailed, _handle_validation_failed)
    app.register_error_handler(PolicyGraphError, _handle_policygraph)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
