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

import functools
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from ..errors import InputError, StoreUnavailable
from ..formats import rdf_format, result_format
from ..store import QueryResult, Store
from .results import result_kind, write_result
from .sandbox import run_native
from .sparql import check_request, run_checked

__all__ = ["QueryRequest", "QueryAnswer", "evaluate"]


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

    @property
    def cache_key(self) -> Hashable:
        """What the answer's bytes depend on besides the data: the query, the dataset, the
        formats negotiated and the base IRI (the result cache keys answers by it)."""
        formats = tuple(sorted(self.formats.items()))
        dataset = (tuple(self.default_graphs), tuple(self.named_graphs))
        return (self.query, dataset, formats, self.base_iri)


@dataclass(frozen=True)
class QueryAnswer:
    """A complete, serialised result, with its Content-Type. ``fmt`` is None when the client
    accepts no format for its ``kind`` (the result was read and counted, not kept: the caller
    answers 406)."""

    kind: str
    fmt: str | None
    body: bytes
    rows: int
    content_type: str = ""


def evaluate(
    store: Store, req: QueryRequest, *, deadline: float | None = None, inline: bool = False
) -> QueryAnswer:
    """Run ``req`` on ``store`` and serialise the whole result.

    ``deadline`` (a :func:`time.monotonic` value) is checked between result rows; past it,
    :class:`~graph.errors.QueryTimeout` is raised (the in-process fallback of the time limit).
    ``inline``: the calling thread already has what :func:`~graph.query.sandbox.run_native`
    gives (a deep stack, no network: serve's front processes, server/fronts.py), so a query
    that needs no network runs in it, without the hand-over to another thread.

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
        engine="remote-evaluation" in store.capabilities,
        reserved=getattr(store, "reserved_namespaces", ()),
    )

    def run() -> QueryAnswer:
        return _answer(run_checked(store, checked), req, deadline)

    def run_remote() -> QueryAnswer:
        # an engine elsewhere evaluates the text; only its parse is local, in a deep-stack
        # thread without network (``runner``), and the store's client keeps the time limit
        timeout = req.timeout
        if deadline is not None:
            timeout = max(0.001, deadline - time.monotonic())
        runner = functools.partial(run_native, network=checked.network)
        result = run_checked(store, checked, timeout=timeout, runner=runner)
        return _answer(result, req, deadline)

    try:
        if "remote-evaluation" in store.capabilities:
            return run_remote()
        if inline and not checked.network:
            return run()
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


def _answer(result: QueryResult, req: QueryRequest, deadline: float | None) -> QueryAnswer:
    kind = result_kind(result)
    name = req.formats.get(kind)
    # with no format the client accepts, the result is still read whole: a result over the
    # row limit is refused as such (413) before the format is (406)
    counted = name or ("ntriples" if kind == "graph" else "tsv")
    fmt = rdf_format(counted) if kind == "graph" else result_format(counted)
    body, rows = write_result(
        result,
        fmt,
        max_rows=req.max_rows,
        deadline=deadline,
        timeout=req.timeout,
        keep=name is not None,
    )
    if name is None:
        return QueryAnswer(kind, None, b"", rows)
    return QueryAnswer(kind, fmt.name, body, rows, fmt.content_type)
