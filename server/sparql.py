"""``/sparql``: the SPARQL 1.1 Protocol query and update operations.

Queries (section 2.1): ``GET /sparql?query=...`` (and ``HEAD``); ``POST`` form with
``query=...``; ``POST`` ``application/sparql-query`` with the query as the UTF-8 body. Dataset
parameters (``default-graph-uri`` / ``named-graph-uri``) override the query's ``FROM`` /
``FROM NAMED``; with neither, the default graph is the union of all graphs (see
:mod:`graph.query.sparql`). ``timeout=<seconds>`` asks for a lower time limit than the configured
one. Queries run in worker processes (:mod:`graph.query.workers`) under the limits of the settings;
the result format is negotiated (:mod:`server.negotiation`). Without a query, ``GET`` answers
the service description.

Updates (section 2.2): ``POST`` form with ``update=...`` or ``application/sparql-update``, with
``using-graph-uri`` / ``using-named-graph-uri``; the bearer token is checked first
(:func:`server.auth.require_writer`), then the update is planned, validated and committed by
:func:`graph.write.update.run_update`: 204 with ``X-Data-Version``, or 422 with the report.

Errors are plain text, as Protocol clients expect (:mod:`server.errors`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import Blueprint, Response, g, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, UnsupportedMediaType

from graph.cache import CachedAnswer
from graph.errors import InputError
from graph.iris import check_iri
from graph.limits import Limits
from graph.query.execution import QueryAnswer, QueryRequest, evaluate
from graph.query.service import serialize_description, service_description
from graph.write.update import run_update

from .auth import require_writer
from .negotiation import acceptable_formats, choose_format, request_language
from .state import AppState, app_state

__all__ = [
    "bp",
    "ProtocolRequest",
    "read_protocol_request",
    "query_timeout",
    "query_request",
    "run_query_request",
    "FRONT_OUTCOME",
]

bp = Blueprint("sparql", __name__)

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}


@dataclass
class ProtocolRequest:
    """What a Protocol request asks: the query (None: the service description) and dataset."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    timeout: str | None = None  #: the ``timeout`` parameter as given (seconds)
    update: str | None = None  #: a SPARQL Update (then ``query`` is None)


def _state() -> AppState:  # the app's store and settings
    return app_state()


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"parameter {name} is given {len(values)} times; give it once")
    return values[0] if values else None


def _iris(sources: tuple[MultiDict, ...], name: str) -> list[str]:
    """Every value of parameter ``name``, each an IRI (else a 400 naming the parameter)."""
    return [check_iri(v, parameter=name) for s in sources for v in s.getlist(name)]


def _dataset(*sources: MultiDict) -> tuple[list[str], list[str]]:
    return _iris(sources, "default-graph-uri"), _iris(sources, "named-graph-uri")


def _using(*sources: MultiDict) -> tuple[list[str], list[str]]:
    return _iris(sources, "using-graph-uri"), _iris(sources, "using-named-graph-uri")


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.strip().lower() not in _UTF8:
        raise UnsupportedMediaType(
            f"charset {charset} is not supported: send SPARQL requests in UTF-8"
        )


def _utf8_body() -> str:
    data = request.get_data()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the request body is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot start or continue a character; send SPARQL requests in UTF-8"
        ) from None


def _read_get() -> ProtocolRequest:
    if "update" in request.args:
        raise InputError("SPARQL Update must be sent with POST, not GET")
    return ProtocolRequest(
        _single(request.args.getlist("query"), "query"),
        *_dataset(request.args),
        timeout=_single(request.args.getlist("timeout"), "timeout"),
    )


def _read_form() -> ProtocolRequest:
    _check_charset()
    body, url = request.form, request.args
    if "update" in body or "update" in url:
        if "query" in body or "query" in url:
            raise InputError("give either a query or an update parameter, not both")
        require_writer()
        if "update" in url:
            raise InputError("with a form POST the update goes in the request body, not the URL")
        update = _single(body.getlist("update"), "update")
        timeout = _single(body.getlist("timeout") + url.getlist("timeout"), "timeout")
        return ProtocolRequest(None, *_using(url, body), timeout=timeout, update=update)
    if "query" in body and "query" in url:
        raise InputError("parameter query is given in both the URL and the form body")
    query = _single(body.getlist("query") or url.getlist("query"), "query")
    if query is None:
        raise InputError("the form holds no query parameter")
    timeout = _single(body.getlist("timeout") + url.getlist("timeout"), "timeout")
    return ProtocolRequest(query, *_dataset(url, body), timeout=timeout)


def _read_direct() -> ProtocolRequest:
    _check_charset()
    if "query" in request.args:
        raise InputError(
            f"with Content-Type {_QUERY} the query is the request body; "
            "do not also give a query parameter"
        )
    query = _utf8_body()
    if not query.strip():
        raise InputError("the request body holds no query")
    timeout = _single(request.args.getlist("timeout"), "timeout")
    return ProtocolRequest(query, *_dataset(request.args), timeout=timeout)


def read_protocol_request() -> ProtocolRequest:
    """The query and dataset of the current request, from any of the Protocol's forms.

    Raises InputError (400) or UnsupportedMediaType (415); for an update, first whatever
    :func:`server.auth.require_writer` raises (401/403).
    """
    if request.method in ("GET", "HEAD"):
        return _read_get()
    if request.mimetype == _FORM:
        return _read_form()
    if request.mimetype == _QUERY:
        return _read_direct()
    if request.mimetype == _UPDATE:
        require_writer()
        _check_charset()
        update = _utf8_body()
        timeout = _single(request.args.getlist("timeout"), "timeout")
        return ProtocolRequest(None, *_using(request.args), timeout=timeout, update=update)
    raise UnsupportedMediaType(
        f"Content-Type {request.mimetype or '(none)'} is not a SPARQL Protocol request; use "
        f"{_FORM} with a query parameter, or {_QUERY} with the query as the body"
    )


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer a SPARQL query, or the service description when there is none."""
    state = _state()
    asked = read_protocol_request()
    if asked.update is not None:
        return _update(state, asked)
    timeout = query_timeout(asked.timeout, state.settings.query_timeout)  # a bad value: 400
    if asked.query is None:
        return _describe(state)
    stashed = request.environ.pop(FRONT_OUTCOME, None)  # what server/front.py already ran
    if isinstance(stashed, BaseException):
        raise stashed
    if stashed is not None:
        answer = stashed
    else:
        version = state.store.data_version
        req = query_request(
            state,
            asked.query,
            timeout,
            request.base_url,
            acceptable_formats(),
            asked.default_graphs,
            asked.named_graphs,
        )
        answer = run_query_request(state, req, version)
    if isinstance(answer, QueryAnswer) and answer.fmt is None:
        choose_format(answer.kind)  # raises the 406 that explains what is offered
    # for the access log, and for server/front.py, which keeps query answers only
    g.result_rows = request.environ["policygraph.result_rows"] = answer.rows
    return _respond(answer.body, answer.content_type)


#: The WSGI environ key where server/front.py leaves the outcome (an answer that is not a 200,
#: or the exception raised) of a query it ran, for this view to answer as its own.
FRONT_OUTCOME = "policygraph.front_outcome"


def query_request(
    state: AppState,
    query: str,
    timeout: float,
    base_iri: str,
    formats: dict[str, str],
    default_graphs: list[str] | tuple[str, ...] = (),
    named_graphs: list[str] | tuple[str, ...] = (),
) -> QueryRequest:
    """The :class:`QueryRequest` of a Protocol query under the settings' limits (also built by
    server/front.py for the plain GETs it answers before Flask)."""
    settings = state.settings
    return QueryRequest(
        query,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
        base_iri=base_iri,
        formats=formats,
        max_rows=settings.max_result_rows,
        max_length=settings.max_query_length,
        timeout=timeout,
        service_allow=tuple(settings.service_allow.split()),
    )


def run_query_request(
    state: AppState, req: QueryRequest, version: int, *, inline: bool = False
) -> QueryAnswer | CachedAnswer:
    """The answer to ``req`` at data ``version``: from the result cache, else evaluated in a
    query worker (in this thread with ``query_workers = 0``) under ``req.timeout`` and kept in
    the cache when it has a format. A :class:`QueryAnswer` whose ``fmt`` is None is a result
    the client accepts no format for (406). ``inline``: see :func:`evaluate` (without
    workers)."""
    cache = state.cache
    if cache.enabled:
        hit = cache.get(req.cache_key, version=version)
        if hit is not None:
            return hit
    timeout = req.timeout
    assert timeout is not None, "an endpoint query has a time limit"
    pool = state.query_pool()
    if pool is None:
        answer = evaluate(state.store, req, deadline=time.monotonic() + timeout, inline=inline)
    else:
        answer = pool.run(req, timeout)
    if answer.fmt is not None and cache.enabled:
        entry = CachedAnswer(answer.body, answer.content_type, answer.rows)
        cache.put(req.cache_key, entry, version=version)
    return answer


def _update(state: AppState, asked: ProtocolRequest) -> Response:
    settings = state.settings
    assert asked.update is not None
    change = run_update(
        state.store,
        asked.update,
        lang=request_language(),
        base_iri=request.base_url,
        timeout=query_timeout(asked.timeout, settings.query_timeout),
        service_allow=settings.service_allow.split(),
        max_length=settings.max_query_length,
        using=(asked.default_graphs, asked.named_graphs),
        limits=Limits.from_settings(settings),
    )
    g.result_rows = len(change.added) + len(change.removed)
    response = Response(status=204)
    response.headers["X-Data-Version"] = str(state.store.data_version)
    return response


def query_timeout(given: str | None, maximum: float) -> float:
    """The time limit of one request: the ``timeout`` parameter (seconds), never above the
    configured maximum (a bigger value gets the maximum)."""
    if given is None or not given.strip():
        return maximum
    try:
        seconds = float(given)
    except ValueError:
        raise InputError(f"parameter timeout must be a number of seconds, not {given!r}") from None
    if not seconds > 0 or seconds != seconds:
        raise InputError(f"parameter timeout must be more than 0 seconds, not {given!r}")
    return min(seconds, maximum)


def _respond(body: bytes, content_type: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


def _describe(state: AppState) -> Response:
    fmt = choose_format("graph")
    triples = service_description(
        request.base_url,
        state.store,
        state.settings,
        writable=state.write_token is not None,
        graph_store=request.url_root + "rdf-graph-store",
    )
    return _respond(serialize_description(triples, fmt), fmt.content_type)


@bp.route("/sparql", methods=["PUT", "DELETE", "PATCH"])
def sparql_wrong_method() -> Response:
    raise MethodNotAllowed(
        valid_methods=["GET", "HEAD", "POST"], description="the SPARQL endpoint takes GET and POST"
    )
