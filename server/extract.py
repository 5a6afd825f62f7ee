"""``POST /api/extract``: article text in, a draft fact sheet out (HTTP over graph.extract).

The body is the article as ``text/plain`` (UTF-8), or JSON ``{"text": ..., "lang": ...,
"source_file": ...}``; ``lang`` may also be a query parameter (``ko`` or ``en``; detected by
default). The answer is the draft as JSON (``application/json``, the default) or YAML
(``Accept: application/yaml`` or ``?format=yaml``). Nothing is written: a draft is checked by
a person, dry-run with ``POST /api/validate`` (it validates as it is: the converter ignores
its ``evidence``, ``suggested``, ``review`` and ``extraction`` fields) and ingested with
``POST /api/articles``. Every item's ``evidence`` gives character offsets into the text sent,
so that a review page can highlight each span and link it to its item.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import NotAcceptable, RequestEntityTooLarge, UnsupportedMediaType

from graph.errors import InputError, LimitExceeded
from graph.extract import extract
from graph.extract.outline import outline, remove_entries
from graph.limits import Limits

from .negotiation import best_media_type
from .state import AppState, app_state

__all__ = ["bp"]

bp = Blueprint("extract", __name__, url_prefix="/api")

_TEXT_TYPES = ("text/plain", "application/json")
_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_ANSWERS = {"json": "application/json", "yaml": "application/yaml"}


def _state() -> AppState:
    return app_state()


def _body() -> bytes:
    limit = _state().settings.max_ingest_bytes
    too_large = f"the article is larger than max_ingest_bytes ({limit} bytes)"
    if request.content_length is not None and request.content_length > limit:
        raise LimitExceeded(too_large, limit=limit, setting="max_ingest_bytes")
    request.max_content_length = limit + 1
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:
        body = None
    if body is None or len(body) > limit:
        raise LimitExceeded(too_large, limit=limit, setting="max_ingest_bytes")
    return body


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the article must be UTF-8 text (bad byte at {exc.start})") from None


def _request() -> tuple[str, str | None, str | None]:
    """(text, lang, source_file) from the body and the query."""
    media_type = (request.mimetype or "").lower()
    if media_type not in _TEXT_TYPES:
        given = media_type or "no type"
        raise UnsupportedMediaType(
            f'send the article as text/plain or as JSON {{"text": ...}}, not {given}'
        )
    body = _body()
    lang = request.args.get("lang") or None
    if lang is not None and lang not in ("ko", "en"):  # checked even when the body names one
        raise InputError(f"lang must be ko or en, not {lang!r}", parameter="lang")
    source_file = request.args.get("source_file") or None
    if media_type == "application/json":
        try:
            data = json.loads(_decode(body))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise InputError(
                'the JSON body must be an object with the article as "text"', field="text"
            )
        for key in ("lang", "source_file"):
            if key in data and not isinstance(data[key], str):
                raise InputError(f'"{key}" must be a string', field=key)
        text = data["text"]
        lang = data.get("lang") or lang
        source_file = data.get("source_file") or source_file
    else:
        text = _decode(body)
    if lang is not None and lang not in ("ko", "en"):
        raise InputError(f"lang must be ko or en, not {lang!r}", parameter="lang")
    if not text.strip():
        raise InputError("the article text is empty: send the article in the body")
    return text, lang, source_file


def _answer_type() -> str:
    wanted = request.args.get("format")
    if wanted:
        if wanted.lower() not in _ANSWERS:
            raise InputError(
                f"parameter format must be json or yaml, not {wanted!r}", parameter="format"
            )
        return _ANSWERS[wanted.lower()]
    if not request.accept_mimetypes:
        return _ANSWERS["json"]
    offered = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"]
    best = best_media_type(request.accept_mimetypes, offered)
    if best is None:
        raise NotAcceptable("the draft is offered as application/json or application/yaml")
    return "application/json" if best == "application/json" else "application/yaml"


@bp.post("/extract")
def extract_article() -> Response:
    answer = _answer_type()
    text, lang, source_file = _request()
    draft = extract(text, lang=lang, registry=_state().store, source_file=source_file)
    if answer == "application/json":
        body = draft.to_json()
    else:
        body = draft.to_yaml()
    response = Response(body, mimetype=answer)
    response.headers["X-Review-Notes"] = str(len(draft.sheet.get("review", [])))
    return response


@bp.post("/extract/outline")
def outline_draft() -> Response:
    """A draft (YAML) in; its entries with their YAML lines and article spans, and its review
    notes, out — what a review page needs to keep the highlights tied to an edited draft.
    ``remove=agreements[0]`` (repeatable) takes entries out first and answers the new YAML
    as ``yaml``. Writes nothing; no token."""
    media_type = (request.mimetype or "").lower()
    if media_type not in _YAML_TYPES:
        raise UnsupportedMediaType(
            f"send the draft as application/yaml, not {media_type or 'no type'}"
        )
    text = _decode(_body())
    if not text.strip():
        raise InputError("the draft is empty: send its YAML in the body")
    limits = Limits.from_settings(_state().settings)
    remove = request.args.getlist("remove")
    data: dict = {}
    if remove:
        text = remove_entries(text, remove, limits=limits)
        data["yaml"] = text
    return jsonify({**outline(text, limits=limits), **data})
