"""``/sparql``: the SPARQL 1.1 Protocol query operation (GET, POST form, POST direct).

Errors are plain text, as Protocol clients expect. Without a query, the endpoint answers its
service description.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed, UnsupportedMediaType

from graph.errors import InputError, ReadOnly
from graph.formats import Format
from graph.service import service_description
from graph.sparql import result_kind, run_query, serialize_result

from .negotiation import choose_format

__all__ = ["bp"]

bp = Blueprint("sparql", __name__)

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


def _state():  # the app's store and settings
    return current_app.extensions["policygraph"]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"parameter {name} is given {len(values)} times; give it once")
    return values[0] if values else None


def _read_request() -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) from any Protocol request form."""
    if request.method == "GET":
        if "update" in request.args:
            raise InputError("SPARQL Update must be sent with POST, not GET")
        params = request.args
        query = _single(params.getlist("query"), "query")
    else:
        mimetype = request.mimetype
        if mimetype == _FORM:
            params = request.form
            if "update" in params:
                raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
            query = _single(params.getlist("query"), "query")
            if "query" in request.args:
                raise InputError("parameter query is given in both the URL and the form body")
        elif mimetype == _QUERY:
            params = request.args
            if "query" in params:
                raise InputError("with Content-Type application/sparql-query the query is the "
                                 "request body; do not also give a query parameter")
            query = request.get_data(as_text=True)
        elif mimetype == _UPDATE:
            raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise UnsupportedMediaType(
                f"Content-Type {mimetype or '(none)'} is not a SPARQL Protocol request; use "
                f"{_FORM} with a query parameter, or {_QUERY} with the query as the body"
            )
    return query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    state = _state()
    query, default_graphs, named_graphs = _read_request()
    if query is None or (request.method == "POST" and request.mimetype == _QUERY
                         and not query.strip()):
        if request.method == "POST" and request.mimetype == _QUERY:
            raise InputError("the request body holds no query")
        return _describe(state)
    result = run_query(
        state.store,
        query,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        max_length=state.settings.max_query_length,
    )
    fmt = choose_format(result_kind(result))
    return _respond(serialize_result(result, fmt), fmt)


def _respond(body: bytes, fmt: Format) -> Response:
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _describe(state) -> Response:
    fmt = choose_format("graph")
    triples = service_description(request.base_url, state.store, state.settings)
    if fmt.dataset:
        body = ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in triples),
                            format=fmt.native)
    else:
        body = ox.serialize(triples, format=fmt.native, prefixes={
            "sd": "http://www.w3.org/ns/sparql-service-description#"})
    return _respond(body, fmt)


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def sparql_wrong_method() -> Response:
    raise MethodNotAllowed(valid_methods=["GET", "POST"],
                           description="the SPARQL endpoint takes GET and POST")
