"""``/sparql``: the SPARQL 1.1 Protocol query operation (GET, POST form, POST direct).

Request forms (SPARQL 1.1 Protocol, section 2.1):

- ``GET /sparql?query=...`` (and ``HEAD``), dataset parameters in the URL;
- ``POST`` ``application/x-www-form-urlencoded`` with ``query=...`` in the body; dataset
  parameters in the body or the URL;
- ``POST`` ``application/sparql-query`` with the query as the UTF-8 body; dataset parameters in
  the URL.

``default-graph-uri`` / ``named-graph-uri`` override the query's ``FROM`` / ``FROM NAMED``;
with neither, the default graph is the union of all graphs (see :mod:`graph.sparql`). The result
format is negotiated (:mod:`server.negotiation`). Without a query, ``GET`` answers the service
description. The endpoint is read-only: updates get 403. Errors are plain text, as Protocol
clients expect (:mod:`server.errors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, UnsupportedMediaType

from graph.errors import InputError, ReadOnly
from graph.service import SD, service_description
from graph.sparql import result_kind, run_query, serialize_result

from .negotiation import choose_format

__all__ = ["bp", "ProtocolRequest", "read_protocol_request"]

bp = Blueprint("sparql", __name__)

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}
_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


@dataclass
class ProtocolRequest:
    """What a Protocol request asks: the query (None: the service description) and dataset."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _state():  # the app's store and settings
    return current_app.extensions["policygraph"]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"parameter {name} is given {len(values)} times; give it once")
    return values[0] if values else None


def _dataset(*sources: MultiDict) -> tuple[list[str], list[str]]:
    default = [v for s in sources for v in s.getlist("default-graph-uri")]
    named = [v for s in sources for v in s.getlist("named-graph-uri")]
    return default, named


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.strip().lower() not in _UTF8:
        raise UnsupportedMediaType(
            f"charset {charset} is not supported: send SPARQL requests in UTF-8"
        )


def _read_get() -> ProtocolRequest:
    if "update" in request.args:
        raise InputError("SPARQL Update must be sent with POST, not GET")
    return ProtocolRequest(_single(request.args.getlist("query"), "query"), *_dataset(request.args))


def _read_form() -> ProtocolRequest:
    _check_charset()
    body, url = request.form, request.args
    if "update" in body or "update" in url:
        if "query" in body or "query" in url:
            raise InputError("give either a query or an update parameter, not both")
        raise ReadOnly(_READ_ONLY)
    if "query" in body and "query" in url:
        raise InputError("parameter query is given in both the URL and the form body")
    query = _single(body.getlist("query") or url.getlist("query"), "query")
    if query is None:
        raise InputError("the form holds no query parameter")
    return ProtocolRequest(query, *_dataset(url, body))


def _read_direct() -> ProtocolRequest:
    _check_charset()
    if "query" in request.args:
        raise InputError(
            f"with Content-Type {_QUERY} the query is the request body; "
            "do not also give a query parameter"
        )
    try:
        query = request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the request body is not UTF-8: {exc}") from None
    if not query.strip():
        raise InputError("the request body holds no query")
    return ProtocolRequest(query, *_dataset(request.args))


def read_protocol_request() -> ProtocolRequest:
    """The query and dataset of the current request, from any of the Protocol's forms.

    Raises InputError (400), ReadOnly (403 for an update) or UnsupportedMediaType (415).
    """
    if request.method in ("GET", "HEAD"):
        return _read_get()
    if request.mimetype == _FORM:
        return _read_form()
    if request.mimetype == _QUERY:
        return _read_direct()
    if request.mimetype == _UPDATE:
        raise ReadOnly(_READ_ONLY)
    raise UnsupportedMediaType(
        f"Content-Type {request.mimetype or '(none)'} is not a SPARQL Protocol request; use "
        f"{_FORM} with a query parameter, or {_QUERY} with the query as the body"
    )


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer a SPARQL query, or the service description when there is none."""
    state = _state()
    asked = read_protocol_request()
    if asked.query is None:
        return _describe(state)
    version = state.store.data_version
    key = None
    if state.cache.enabled:
        # the answer's bytes depend on the query, the dataset, the negotiated format and the
        # base IRI: the same request at the same data version gets them from memory
        wanted = request.values.get("format") or request.values.get("output") or ""
        accept = request.headers.get("Accept", "")
        dataset = (tuple(asked.default_graphs), tuple(asked.named_graphs))
        key = (asked.query, dataset, wanted, accept, request.base_url)
        hit = state.cache.get(key, version=version)
        if hit is not None:
            return _respond(*hit)
    result = run_query(
        state.store,
        asked.query,
        default_graphs=asked.default_graphs,
        named_graphs=asked.named_graphs,
        max_length=state.settings.max_query_length,
        base_iri=request.base_url,
    )
    fmt = choose_format(result_kind(result))
    body = serialize_result(result, fmt)
    if key is not None:
        state.cache.put(key, (body, fmt.content_type), version=version)
    return _respond(body, fmt.content_type)


def _respond(body: bytes, content_type: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


def _describe(state) -> Response:
    fmt = choose_format("graph")
    triples = service_description(request.base_url, state.store, state.settings)
    if fmt.dataset:
        body = ox.serialize(
            (ox.Quad(t.subject, t.predicate, t.object) for t in triples), format=fmt.native
        )
    else:
        body = ox.serialize(triples, format=fmt.native, prefixes={"sd": SD})
    return _respond(body, fmt.content_type)


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def sparql_wrong_method() -> Response:
    raise MethodNotAllowed(
        valid_methods=["GET", "HEAD", "POST"], description="the SPARQL endpoint takes GET and POST"
    )
