"""Running SPARQL for the endpoint and for the rest of the library.

The endpoint runs queries on the store's native engine and writes results with pyoxigraph's own
serialisers. The RDF dataset a query runs on is, as the SPARQL 1.1 Protocol says (section 2.1.4):

1. the dataset the request names (``default-graph-uri`` / ``named-graph-uri``), if any; it
   replaces the query's own ``FROM`` / ``FROM NAMED`` entirely, and a part the request leaves
   out is empty (``named-graph-uri`` alone gives an empty default graph);
2. else the query's own ``FROM`` / ``FROM NAMED`` clauses;
3. else the store's dataset, whose default graph is the union of all graphs (policygraph's
   documented choice, announced as ``sd:UnionDefaultGraph`` by the service description).

Federated queries (``SERVICE``) and ``LOAD`` are refused unless their endpoint is in an
allow-list (setting ``service_allow``, empty by default): the endpoint never calls out to other
servers unless told to.

Examples
--------
>>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
True
>>> has_dataset_clause('SELECT ?from WHERE { ?from <urn:p> "FROM <x>" } # FROM')
False
>>> has_service_clause("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from .errors import InputError, LimitExceeded
from .formats import Format, rdf_format, result_format
from .iris import PREFIXES
from .store import QueryResult, Store, python_value

__all__ = [
    "has_dataset_clause",
    "has_service_clause",
    "check_outbound",
    "outbound_targets",
    "run_query",
    "result_kind",
    "serialize_result",
    "select",
    "ask",
]

# Strings (long and short), IRIs and comments are removed before looking for a keyword, so that
# a keyword inside a literal, an IRI or a comment does not count. A ``#`` escaped in a prefixed
# name (``ex:a\#b``) does not start a comment.
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|(?<!\\)#[^\n]*",
)


def _keyword(word: str) -> re.Pattern[str]:
    """A keyword that is not part of a variable (``?from``), a prefixed name (``ex:from``,
    ``from:x``), a blank node label or a language tag (``"x"@from``)."""
    return re.compile(rf"(?<![\w?$:.@\-]){word}(?![\w:\-])", re.IGNORECASE)


_FROM = _keyword("FROM")
_SERVICE = _keyword("SERVICE")
_LOAD = _keyword("LOAD")


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset with ``FROM`` or ``FROM NAMED``.

    Examples
    --------
    >>> has_dataset_clause("select * from named <urn:g> { graph ?g { ?s ?p ?o } }")
    True
    >>> has_dataset_clause("PREFIX ex: <urn:ex:> SELECT * { ?s ex:from ?o }")
    False
    """
    return bool(_FROM.search(_NOISE.sub(" ", query)))


def has_service_clause(query: str) -> bool:
    """Whether the query calls another endpoint with ``SERVICE`` (a federated query)."""
    return bool(_SERVICE.search(_NOISE.sub(" ", query)))


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
        A syntax error (the message holds the parser's line and column) or a ``SERVICE`` call
        to an endpoint that is not allowed.

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
    if max_length is not None and len(query) > max_length:
        raise LimitExceeded(
            f"query is {len(query)} characters long; the limit is {max_length}",
            limit="max_query_length",
            value=max_length,
        )
    check_outbound(query, service_allow)
    if default_graphs or named_graphs:  # the request's dataset replaces the query's
        return store.query(
            query,
            default_graphs=list(default_graphs or []),
            named_graphs=list(named_graphs or []),
            union_default=False,
            base_iri=base_iri,
        )
    return store.query(query, union_default=not has_dataset_clause(query), base_iri=base_iri)


def outbound_targets(sparql: str, *, update: bool = False) -> list[str]:
    """The endpoints a query's ``SERVICE`` (or an update's ``LOAD``) clauses would contact;
    ``"?var"`` for a ``SERVICE`` whose endpoint is a variable.

    Examples
    --------
    >>> outbound_targets("PREFIX e: <http://x.org/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }")
    ['http://x.org/sparql']
    >>> outbound_targets("LOAD <http://x.org/data.ttl> INTO GRAPH <urn:g>", update=True)
    ['http://x.org/data.ttl']
    """
    from rdflib import Variable
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate, traverse

    found: list[str] = []

    def visit(node):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            term = node.term
            found.append(f"?{term}" if isinstance(term, Variable) else str(term))
        elif name == "Load":
            found.append(str(node.iri))
        return None

    try:
        if update:
            for op in translateUpdate(parser.parseUpdate(sparql)).algebra:
                traverse(op, visit)
        else:
            traverse(translateQuery(parser.parseQuery(sparql)).algebra, visit)
    except Exception as exc:  # rdflib's parser errors have no common base class
        raise InputError(f"cannot read the request to check its outbound calls: {exc}") from exc
    return found


def check_outbound(sparql: str, allow: Iterable[str], *, update: bool = False) -> None:
    """Refuse ``SERVICE`` (queries and updates) or ``LOAD`` (updates) to any endpoint not in
    ``allow``.

    Raises
    ------
    InputError
        Naming the feature and the endpoint; nothing is contacted.

    Examples
    --------
    >>> check_outbound("SELECT * { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }", [])
    Traceback (most recent call last):
    ...
    graph.errors.InputError: SERVICE (federated query) is not allowed: ...
    >>> check_outbound("SELECT * { SERVICE <http://ok.org/q> { ?s ?p ?o } }", ["http://ok.org/q"])
    """
    service = has_service_clause(sparql)
    if not (service or (update and _has_load(sparql))):
        return
    feature = "SERVICE" if service else "LOAD"
    what = "SERVICE (federated query)" if service else "LOAD (fetching a document)"
    allowed = set(allow)
    if not allowed:
        raise InputError(
            f"{what} is not allowed: this endpoint does not call other servers "
            "(setting service_allow is empty)",
            feature=feature,
        )
    for target in outbound_targets(sparql, update=update):
        if target not in allowed:
            raise InputError(
                f"{what} to {target} is not allowed: it is not in the setting service_allow",
                feature=feature,
                endpoint=target,
            )


def _has_load(update: str) -> bool:
    return bool(_LOAD.search(_NOISE.sub(" ", update)))


def result_kind(result: QueryResult) -> str:
    """``"solutions"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"`` (CONSTRUCT/DESCRIBE)."""
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


def serialize_result(result: QueryResult, fmt: Format | str) -> bytes:
    """Serialise a query result in a format fitting its kind, with pyoxigraph's writers."""
    kind = result_kind(result)
    if kind == "graph":
        f = fmt if isinstance(fmt, Format) else rdf_format(fmt)
        if f.dataset:  # a graph result goes into the default graph of the dataset format
            quads = (ox.Quad(t.subject, t.predicate, t.object) for t in result)
            return ox.serialize(quads, format=f.native, prefixes=PREFIXES)
        prefixes = PREFIXES if f.name in {"turtle", "rdfxml"} else None
        return ox.serialize(result, format=f.native, prefixes=prefixes)
    f = fmt if isinstance(fmt, Format) else result_format(fmt)
    return result.serialize(format=f.native)


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
    Oxigraph joins two separate VALUES blocks with the pattern by scanning the pattern whole
    (86 ms for 300 subjects x 3 properties on a 10^5-quad store), and one block of pairs by
    lookups (14 ms).

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
