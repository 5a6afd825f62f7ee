"""``/rdf-graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification).

``?graph=IRI`` names a graph, ``?default`` the store's default graph; exactly one of them.

- ``GET`` / ``HEAD``: 200 with the graph in the negotiated RDF format; 404 for a missing graph.
- ``PUT``: replace the graph with the body; 201 when the graph is new, else 204.
- ``POST``: merge the body into the graph; 201 when the graph is new, else 204. ``POST`` with
  neither parameter creates a graph with a new IRI: 201 with ``Location``.
- ``DELETE``: remove the graph; 204, or 404 when it does not exist.

Bodies are parsed by ``Content-Type`` (Turtle, N-Triples, RDF/XML, JSON-LD; others 415; bad
syntax, a DTD in RDF/XML, a remote JSON-LD context 400; over a write limit 413). Reads are
open; writes need the bearer token (:func:`server.auth.require_writer`, called first) and are
SHACL-checked before commit: a write that would leave a violation is answered 422 with the
report, and the store is unchanged.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, request
from werkzeug.exceptions import UnsupportedMediaType

from graph.errors import InputError
from graph.formats import rdf_format
from graph.limits import Limits
from graph.write import graphstore

from .auth import require_writer
from .negotiation import choose_format, request_language
from .state import app_state

__all__ = ["bp"]

bp = Blueprint("gsp", __name__)

_PATH = "/rdf-graph-store"


def _target(allow_none: bool = False) -> tuple[bool, str | None]:
    """(named, graph IRI or None for the default graph) from ``?graph`` / ``?default``."""
    graphs = request.args.getlist("graph")
    default = "default" in request.args
    if len(graphs) > 1:
        raise InputError("parameter graph is given more than once")
    if graphs and default:
        raise InputError("give either ?graph=IRI or ?default, not both")
    if not graphs and not default:
        if allow_none:
            return False, None
        raise InputError("name the graph with ?graph=IRI, or the default graph with ?default")
    return True, graphs[0] if graphs else None


def _body_format() -> str:
    media_type = request.mimetype
    try:
        fmt = rdf_format(media_type) if media_type else None
    except InputError:
        fmt = None
    if fmt is None or fmt.dataset:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'} is not a graph format this store reads; "
            "send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
        )
    return fmt.name


def _written(created: bool, location: str | None = None) -> Response:
    response = Response(status=201 if created else 204)
    if location:
        response.headers["Location"] = location
    response.headers["X-Data-Version"] = str(app_state().store.data_version)
    return response


@bp.route(_PATH, methods=["GET", "HEAD"])
def get_graph() -> Response:
    _, graph = _target()
    fmt = choose_format("graph")
    store = app_state().store
    body = graphstore.get_graph(store, graph, fmt.name)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


@bp.route(_PATH, methods=["PUT"])
def put_graph() -> Response:
    require_writer()
    _, graph = _target()
    return _write(graph, replace=True)


@bp.route(_PATH, methods=["POST"])
def post_graph() -> Response:
    require_writer()
    named, graph = _target(allow_none=True)
    if not named and "default" not in request.args:  # a new graph, named here
        graph = f"{request.url_root}graphs/{uuid.uuid4()}"
        return _write(graph, replace=False, location=f"{request.base_url}?graph={graph}")
    return _write(graph, replace=False)


def _write(graph: str | None, *, replace: bool, location: str | None = None) -> Response:
    """PUT (``replace``) or POST the body into ``graph`` (None: the default graph)."""
    fmt = _body_format()
    created = graphstore.write_graph(
        app_state().store,
        graph,
        request.get_data(),
        fmt,
        replace=replace,
        lang=request_language(),
        base_iri=graph or request.base_url,
        limits=Limits.from_settings(app_state().settings),
    )
    return _written(created, location)


@bp.route(_PATH, methods=["DELETE"])
def delete_graph() -> Response:
    require_writer()
    _, graph = _target()
    store = app_state().store
    graphstore.delete_graph(store, graph, lang=request_language())
    return _written(False)
