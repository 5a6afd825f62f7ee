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

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_options_header

from graph.errors import InputError, LimitExceeded
from graph.limits import Limits
from graph.write.documents import Document, document_format
from graph.write.ingest import IngestSummary, delete_article, ingest

from .auth import require_writer
from .negotiation import request_language
from .state import AppState, app_state

__all__ = ["bp"]

bp = Blueprint("ingest", __name__, url_prefix="/api")


def _state() -> AppState:
    return app_state()


def _limits() -> Limits:
    return Limits.from_settings(_state().settings)


def _document() -> Document:
    """The request body as a document of the format its media type names, refused before it is
    read when too large or of an unknown type."""
    media_type = request.mimetype or ""
    try:
        fmt = document_format(media_type)
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
    return Document(body, fmt, _file_name())


def _file_name() -> str | None:
    """The file name of ``Content-Disposition``, the base name only (a fact sheet's default
    ``source_file``)."""
    _, options = parse_options_header(request.headers.get("Content-Disposition", ""))
    return PurePosixPath(options.get("filename", "").replace("\\", "/")).name[:255] or None


def _answer(summary: IngestSummary, status: int) -> Response:
    response = jsonify({"ok": True, "status": status, **summary.to_dict(request_language())})
    response.status_code = status
    return response


@bp.post("/articles")
def post_article() -> Response:
    require_writer()
    summary = ingest(_state().store, _document(), lang=request_language(), limits=_limits())
    return _answer(summary, 201 if summary.created else 200)


@bp.put("/articles/<id>")
def put_article(id: str) -> Response:
    require_writer()
    store = _state().store
    summary = ingest(store, _document(), article_id=id, lang=request_language(), limits=_limits())
    return _answer(summary, 201 if summary.created else 200)


@bp.delete("/articles/<id>")
def delete_article_view(id: str) -> Response:
    require_writer()
    summary = delete_article(_state().store, id, lang=request_language(), limits=_limits())
    return _answer(summary, 200)


@bp.post("/validate")
def validate_document() -> Response:
    require_writer()
    store = _state().store
    summary = ingest(store, _document(), lang=request_language(), dry_run=True, limits=_limits())
    return _answer(summary, 200)
