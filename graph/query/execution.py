"""Running one read query under the endpoint's limits, the same way in a worker or in-process.

:func:`evaluate` runs a :class:`QueryRequest` on a store and returns a :class:`QueryAnswer`
(the serialised result), refusing a result bigger than ``max_rows`` with
:class:`~graph.errors.LimitExceeded` instead of cutting it short. The result is never streamed
half-way: it is complete, or the client gets an error. :mod:`graph.query.workers` runs it in worker
processes that can be killed at the time limit; with no workers it runs in the calling process,
where the time limit is only checked between result rows (pyoxigraph cannot interrupt a query:
oxigraph/oxigraph#1336). Either way the engine runs the query in a deep-stack thread without
network (:func:`graph.query.sandbox.run_native`), or with network only for a ``SERVICE`` the
allow-list names.

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> st = OxigraphStore()
>>> st.load("<urn:g> { <urn:a> <urn:p> 1, 2, 3 }", "trig")
>>> req = QueryRequest("SELECT ?o { ?s ?p ?o } ORDER BY ?o", formats={"solutions": "csv"})
>>> evaluate(st, req).body
b'o\\r\\n1\\r\\n2\\r\\n3\\r\\n'
>>> evaluate(st, QueryRequest(req.query, formats={"solutions": "csv"}, max_rows=2))
Traceback (most recent call last):
...
graph.errors.LimitExceeded: the result has more than 2 rows (setting max_result_rows); ...
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, LimitExceeded, QueryTimeout, StoreUnavailable
from ..formats import rdf_format, result_format
from ..iris import PREFIXES
from ..store import Store
from .sandbox import run_native
from .sparql import check_request, result_kind, run_checked

__all__ = ["QueryRequest", "QueryAnswer", "evaluate"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class QueryRequest:
    """A read query as the endpoint received it, with the formats to answer in.

    ``formats`` maps a result kind (``solutions``, ``boolean``, ``graph``) to a format name;
    a kind missing from it means the client accepts no format for that kind (406).
    """

    query: str
    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()
    base_iri: str | None = None
    formats: dict[str, str] = field(default_factory=dict)
    max_rows: int | None = None
    max_length: int | None = None
    timeout: float | None = None  #: seconds; enforced by the caller (see graph.query.workers)
    service_allow: Sequence[str] = ()  #: endpoints SERVICE may call


@dataclass(frozen=True)
class QueryAnswer:
    """A complete, serialised result. ``fmt`` is None when no format fits its ``kind``."""

    kind: str
    fmt: str | None
    body: bytes
    rows: int


def evaluate(store: Store, req: QueryRequest, *, deadline: float | None = None) -> QueryAnswer:
    """Run ``req`` on ``store`` and serialise the whole result.

    ``deadline`` (a :func:`time.monotonic` value) is checked between result rows; past it,
    :class:`~graph.errors.QueryTimeout` is raised (the in-process fallback of the time limit).

    Raises
    ------
    LimitExceeded
        The query is too long, or the result has more than ``req.max_rows`` rows/triples.
    InputError
        A syntax error or a refused feature.
    QueryTimeout
        ``deadline`` passed while the result was being read.
    """
    checked = check_request(
        req.query,
        default_graphs=req.default_graphs,
        named_graphs=req.named_graphs,
        max_length=req.max_length,
        base_iri=req.base_iri,
        service_allow=req.service_allow,
    )

    def run() -> QueryAnswer:
        return _answer(run_checked(store, checked), req, deadline)

    try:
        return run_native(run, network=checked.network)
    except PermissionError:  # the engine tried to open a socket in a thread without network
        raise InputError(
            "SERVICE (federated query) is not allowed: the query tried to call another server, "
            "and this endpoint only calls those in the setting service_allow",
            feature="SERVICE",
        ) from None
    except RuntimeError as exc:  # raised by pyoxigraph while evaluating (unknown function, ...)
        raise InputError(f"the query cannot be evaluated: {_plain(exc)}") from None
    except ValueError as exc:  # a term pyoxigraph refuses (a bad IRI or language tag, ...)
        raise InputError(f"the query cannot be evaluated: {_plain(exc)}") from None
    except OSError as exc:
        raise StoreUnavailable("the store could not be read; try again") from exc


def _plain(exc: BaseException) -> str:
    """An engine's message on one line, without Rust or Python internals."""
    return " ".join(str(exc).split())[:300] or "the engine gave no reason"


def _answer(result: Any, req: QueryRequest, deadline: float | None) -> QueryAnswer:
    kind = result_kind(result)
    name = req.formats.get(kind)
    if kind == "boolean":
        body = result.serialize(format=result_format(name).native) if name else b""
        return QueryAnswer(kind, name, body, 1)
    items = _collect(result, req.max_rows, deadline, req.timeout)
    if name is None:
        return QueryAnswer(kind, None, b"", len(items))
    if kind == "graph":
        return QueryAnswer(kind, name, _serialize_triples(items, name), len(items))
    variables = [v.value for v in result.variables]
    return QueryAnswer(kind, name, _serialize_solutions(variables, items, name), len(items))


def _collect(
    result: Iterable, max_rows: int | None, deadline: float | None, timeout: float | None
) -> list:
    items = []
    for item in result:
        items.append(item)
        if max_rows is not None and len(items) > max_rows:
            what = "rows" if isinstance(item, ox.QuerySolution) else "triples"
            raise LimitExceeded(
                f"the result has more than {max_rows} {what} (setting max_result_rows); "
                "add a LIMIT or narrow the query",
                limit="max_result_rows",
                value=max_rows,
            )
        if deadline is not None and len(items) % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout.after(timeout)
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout.after(timeout)
    return items


def _serialize_triples(triples: list, name: str) -> bytes:
    fmt = rdf_format(name)
    if fmt.dataset:  # a graph result goes into the default graph of a dataset format
        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
        return ox.serialize(quads, format=fmt.native, prefixes=PREFIXES)
    prefixes = PREFIXES if fmt.name in {"turtle", "rdfxml"} else None
    return ox.serialize(triples, format=fmt.native, prefixes=prefixes)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _serialize_solutions(variables: list[str], rows: list, name: str) -> bytes:
    """SPARQL JSON results written here (the rows were already read to count them), turned
    into the asked format by pyoxigraph's own parser and writer."""
    bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
    body = json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode("utf-8")
    fmt = result_format(name)
    if fmt.name == "json":
        return body
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.native)
