"""/api/articles writes and /api/validate: HTTP over graph.write.ingest.

- ``POST /api/articles``: add an article (201), or replace it if it is there (200, with
  ``"replaced": true`` and the ``previous_data_version``).
- ``PUT /api/articles/<id>``: the same, but the document must describe article ``<id>``.
- ``DELETE /api/articles/<id>``: remove it (200 with the summary; 404 if absent).
- ``POST /api/validate``: a dry run of POST /api/articles: the same checks, limits and answer
  status, nothing written (200 with the summary when it would be accepted).

The body's ``Content-Type`` picks the parser (415 naming the supported types otherwise); a body
over ``max_ingest_bytes`` is refused with 413 before it is read, and the document is held to
the write limits of the settings (:class:`graph.limits.Limits`: 413 naming the limit). A fact
sheet may name its file (``Content-Disposition: attachment; filename="004.yaml"``, as
``policygraph ingest`` sends it through a running server): the name is its default
``source_file``, as on the command line. All four need the bearer token (server/auth.py): a dry
run costs the server what a write costs, so it is offered to the writers who need it, not to
every client (``policygraph validate --memory`` checks a file offline). A 422 carries the SHACL
report (server/errors.py renders it).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_options_header

from graph.errors import InputError, LimitExceeded
from graph.factsheet.sheet import FactSheet, is_factsheet, load_factsheet
from graph.limits import Limits
from graph.write.documents import document_format
from graph.write.ingest import IngestSummary, delete_article, ingest

from .auth import require_writer
from .negotiation import request_language

__all__ = ["bp"]

bp = Blueprint("ingest", __name__, url_prefix="/api")


def _state() -> Any:
    return current_app.extensions["policygraph"]


def _limits() -> Limits:
    return Limits.from_settings(_state().settings)


def _document() -> tuple[bytes | FactSheet, str]:
    """The request body and its media type, refused before reading when too large or unknown."""
    media_type = request.mimetype or ""
    try:
        document_format(media_type)
    except InputError as exc:
        raise UnsupportedMediaType(str(exc)) from None
    limit = _state().settings.max_ingest_bytes
    too_large = f"the document is larger than max_ingest_bytes ({limit} bytes)"
    if request.content_length is not None and request.content_length > limit:
        raise LimitExceeded(too_large, limit=limit, setting="max_ingest_bytes")
    # A body without Content-Length (chunked) is read to one byte past the limit, no further.
    request.max_content_length = limit + 1
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:
        body = None
    if body is None or len(body) > limit:
        raise LimitExceeded(too_large, limit=limit, setting="max_ingest_bytes")
    if not body.strip():
        raise InputError("the request body is empty: send the article document")
    return _named(body, media_type), media_type


def _named(body: bytes, media_type: str) -> bytes | FactSheet:
    """A fact sheet with the file name of its ``Content-Disposition`` (the base name only, which
    becomes its default ``source_file``); any other body as it came."""
    if not is_factsheet(media_type=media_type):
        return body
    _, options = parse_options_header(request.headers.get("Content-Disposition", ""))
    name = PurePosixPath(options.get("filename", "").replace("\\", "/")).name[:255]
    if not name:
        return body
    limits = _limits()
    return load_factsheet(body, name=name, limits=limits, deadline=limits.deadline())


def _answer(summary: IngestSummary, status: int) -> Response:
    response = jsonify({"ok": True, "status": status, **summary.to_dict(request_language())})
    response.status_code = status
    return response


@bp.post("/articles")
def post_article() -> Response:
    require_writer()
    body, media_type = _document()
    summary = ingest(_state().store, body, media_type, lang=request_language(), limits=_limits())
    return _answer(summary, 201 if summary.created else 200)


@bp.put("/articles/<id>")
def put_article(id: str) -> Response:
    require_writer()
    body, media_type = _document()
    store = _state().store
    summary = ingest(
        store, body, media_type, article_id=id, lang=request_language(), limits=_limits()
    )
    return _answer(summary, 201 if summary.created else 200)


@bp.delete("/articles/<id>")
def delete_article_view(id: str) -> Response:
    require_writer()
    summary = delete_article(_state().store, id, lang=request_language(), limits=_limits())
    return _answer(summary, 200)


@bp.post("/validate")
def validate_document() -> Response:
    require_writer()
    body, media_type = _document()
    store = _state().store
    summary = ingest(
        store, body, media_type, lang=request_language(), dry_run=True, limits=_limits()
    )
    return _answer(summary, 200)
