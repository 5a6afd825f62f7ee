"""Running SPARQL for the endpoint and for the rest of the library.

Restated facts: Oxigraph's union default graph yields a triple once per graph that states it
(oxigraph#1919), and the seed layout states a shared fact in every article that reports it. So
the library's queries over the union read one pattern at a time with ``DISTINCT`` (or join
``DISTINCT`` sub-selects of one pattern each), never a join over restated facts, whose rows
would multiply.

The endpoint runs queries on the store's native engine and writes results with pyoxigraph's own
serialisers. The RDF dataset a query runs on is, as the SPARQL 1.1 Protocol says (section 2.1.4):

1. the dataset the request names (``default-graph-uri`` / ``named-graph-uri``), if any; it
   replaces the query's own ``FROM`` / ``FROM NAMED`` entirely, and a part the request leaves
   out is empty (``named-graph-uri`` alone gives an empty default graph);
2. else the query's own ``FROM`` / ``FROM NAMED`` clauses;
3. else the store's dataset, whose default graph is the union of all graphs (policygraph's
   documented choice, announced as ``sd:UnionDefaultGraph`` by the service description).

Before the engine sees a query, :func:`check_request` refuses what it must not run: text nested
too deeply for the engine (:func:`graph.query.text.check_shape`), ``SERVICE`` to an endpoint not
in the allow-list (setting ``service_allow``, empty by default; decided on the parsed query by
:mod:`graph.query.outbound`) and dataset parameters that are not IRIs. Syntax errors are reported in
one line with their position (:func:`graph.query.text.syntax_error`).

Examples
--------
>>> check_request("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }").union_default
False
>>> check_request("SELECT * WHERE { ?s ?p 'FROM <urn:g>' }").union_default
True
>>> check_request("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.errors.InputError: SERVICE (federated query) to <http://example.org/sparql> is not ...
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, LimitExceeded
from ..iris import PREFIXES
from ..store import QueryResult, Runner, Store, python_value
from .outbound import check_engine_text, check_graph_names, check_query
from .text import check_shape, mentions, syntax_error, tokens, unescape

__all__ = [
    "CheckedQuery",
    "check_length",
    "check_request",
    "run_checked",
    "run_query",
    "select",
    "solutions",
    "ask",
]


def check_length(text: str, max_length: int | None, what: str = "query") -> None:
    """Refuse text longer than ``max_length`` characters (setting ``max_query_length``)."""
    if max_length is not None and len(text) > max_length:
        raise LimitExceeded(
            f"{what} is {len(text)} characters long; the limit is {max_length}",
            limit="max_query_length",
            value=max_length,
        )


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check_request`, with how to run it."""

    query: str
    default_graphs: list[str] | None = None  #: the request's dataset (None: not given)
    named_graphs: list[str] | None = None
    union_default: bool = True  #: no dataset anywhere: the union of all graphs
    base_iri: str | None = None
    network: bool = False  #: it calls allowed SERVICE endpoints


def _lexical_from(query: str) -> bool:
    return any(t.kind == "word" and t.text.lower() == "from" for t in tokens(unescape(query)))


def check_request(
    query: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    max_length: int | None = None,
    base_iri: str | None = None,
    service_allow: Iterable[str] = (),
    engine: bool = False,
    reserved: Sequence[str] = (),
) -> CheckedQuery:
    """Check a query and its Protocol dataset before anything runs (see the module docstring).
    ``engine``: the text goes to an engine outside this process (a remote store), which may
    have functions the embedded store does not: a call to one is refused wherever it stands
    (:func:`graph.query.outbound.check_engine_text`), and so is one naming an IRI in one of
    ``reserved``, namespaces the engine reads as its own code wherever they stand.

    Raises
    ------
    LimitExceeded
        The query is longer than ``max_length`` characters.
    InputError
        Nested too deeply, a refused ``SERVICE``, or a dataset parameter that is not an IRI.
    """
    check_length(query, max_length)
    check_shape(query, "query")
    if engine:
        check_engine_text(query, base_iri=base_iri, namespaces=reserved)
    allow = tuple(service_allow)
    found = None
    service = mentions(query, "service")
    if service or mentions(query, "from"):  # cheap and never misses; the parse decides
        found = check_query(query, allow, base_iri=base_iri)
    if default_graphs or named_graphs:  # the request's dataset replaces the query's
        return CheckedQuery(
            query,
            check_graph_names(default_graphs or [], "default-graph-uri"),
            check_graph_names(named_graphs or [], "named-graph-uri"),
            union_default=False,
            base_iri=base_iri,
            network=bool(found and found.services),
        )
    if found is not None:
        has_dataset = found.has_dataset
    else:  # rdflib could not read it: Oxigraph will, and runs it without network
        has_dataset = mentions(query, "from") and _lexical_from(query)
    return CheckedQuery(
        query,
        union_default=not has_dataset,
        base_iri=base_iri,
        network=bool(found and found.services),
    )


def run_checked(
    store: Store,
    checked: CheckedQuery,
    *,
    timeout: float | None = None,
    runner: Runner | None = None,
) -> QueryResult:
    """Run a checked query on ``store``; a syntax error becomes one readable line. ``timeout``
    (seconds) and ``runner`` go to a store that takes them (capability ``remote-evaluation``)."""
    limit: dict[str, Any] = {"timeout": timeout} if timeout is not None else {}
    if runner is not None:
        limit["runner"] = runner
    try:
        if checked.default_graphs is not None or checked.named_graphs is not None:
            return store.query(
                checked.query,
                default_graphs=checked.default_graphs or [],
                named_graphs=checked.named_graphs or [],
                union_default=False,
                base_iri=checked.base_iri,
                **limit,
            )
        return store.query(
            checked.query, union_default=checked.union_default, base_iri=checked.base_iri, **limit
        )
    except InputError as exc:
        if isinstance(exc.__cause__, SyntaxError):
            raise InputError(syntax_error(checked.query, str(exc.__cause__), "query")) from None
        raise


def run_query(
    store: Store,
    query: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    max_length: int | None = None,
    base_iri: str | None = None,
    service_allow: Iterable[str] = (),
) -> QueryResult:
    """Run a query with the Protocol's dataset rules (see the module docstring).

    Parameters
    ----------
    store : Store
        The store to query.
    query : str
        The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).
    default_graphs, named_graphs : sequence of str, optional
        The Protocol's ``default-graph-uri`` and ``named-graph-uri`` values.
    max_length : int, optional
        The longest query accepted, in characters.
    base_iri : str, optional
        The base IRI relative IRIs of the query resolve against (the endpoint's URL, as the
        Protocol suggests); the query's own ``BASE`` still wins.
    service_allow : iterable of str, optional
        The endpoints ``SERVICE`` may call (none by default).

    Raises
    ------
    LimitExceeded
        The query is longer than ``max_length`` characters.
    InputError
        A syntax error (one line with its line and column), a query nested too deeply, a
        ``SERVICE`` call to an endpoint that is not allowed, or a dataset that is not IRIs.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> st = OxigraphStore()
    >>> st.load('<urn:g1> { <urn:a> <urn:p> 1 } <urn:g2> { <urn:b> <urn:p> 2 }', "trig")
    >>> q = "SELECT ?s WHERE { ?s <urn:p> ?o }"
    >>> sorted(row["s"].value for row in run_query(st, q))
    ['urn:a', 'urn:b']
    >>> [row["s"].value for row in run_query(st, q, default_graphs=["urn:g2"])]
    ['urn:b']
    >>> [row["s"].value for row in run_query(st, q, named_graphs=["urn:g2"])]
    []
    """
    checked = check_request(
        query,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        max_length=max_length,
        base_iri=base_iri,
        service_allow=service_allow,
    )
    return run_checked(store, checked)


def solutions(store: Store, query: str) -> ox.QuerySolutions:
    """Run a SELECT over the union graph with the project's prefixes; the rows as pyoxigraph
    gives them (terms, not Python values: for hot paths that read many rows)."""
    result = store.query(query, prefixes=PREFIXES)
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("solutions() needs a SELECT query")
    return result


def select(store: Store, query: str, **bindings: Any) -> list[dict[str, Any]]:
    """Run a SELECT over the union graph (with the project's prefixes) and return plain rows.

    Keyword arguments are substituted for the variables of the same name (IRIs for strings that
    look like IRIs, literals otherwise).

    Examples
    --------
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> s = open_store(Settings(memory=True), seed=False)
    >>> s.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 5 } }')
    >>> select(s, "SELECT ?o WHERE { ?s <urn:p> ?o }", s="urn:a")
    [{'o': 5}]
    """
    result = store.query(_bind(query, bindings), prefixes=PREFIXES)
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("select() needs a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: python_value(row[n]) for n in names} for row in result]


def ask(store: Store, query: str, **bindings: Any) -> bool:
    """Run an ASK over the union graph with the project's prefixes."""
    return bool(store.query(_bind(query, bindings), prefixes=PREFIXES))


def _term(value: Any) -> str:
    if isinstance(value, str) and re.match(r"^[a-z][a-z0-9+.\-]*:[^\s<>\"]*$", value):
        return str(ox.NamedNode(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return str(ox.Literal(str(value)))


def _bind(query: str, bindings: dict[str, Any]) -> str:
    """Put a VALUES block for the bindings in front of the query's WHERE pattern.

    Several variables go in one block of rows (their cartesian product), not one block each:
    Oxigraph joins two separate VALUES blocks with the pattern by scanning the pattern whole,
    and one block of pairs by lookups (docs/benchmarks.md, query shapes).

    >>> _bind("SELECT * WHERE { ?s ?p ?o }", {"s": ["urn:a", "urn:b"], "p": "urn:p"})
    'SELECT * WHERE { VALUES (?s ?p) { (<urn:a> <urn:p>) (<urn:b> <urn:p>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = list(bindings)
    terms = [[_term(v) for v in _as_list(bindings[n])] for n in names]
    if len(names) == 1:
        values = f"VALUES ?{names[0]} {{ {' '.join(terms[0])} }}"
    else:
        rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*terms))
        values = f"VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}"
    head, brace, body = query.partition("{")
    if not brace:
        raise InputError("query has no group pattern to bind variables in")
    return f"{head}{{ {values}{body}"


def _as_list(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list | tuple | set | frozenset) else [value]
