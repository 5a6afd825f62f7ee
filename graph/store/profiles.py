"""Per-engine profiles of the remote store (:mod:`graph.store.remote`): where an engine serves
the SPARQL 1.1 Protocol, Update and Graph Store, how it authenticates, how its default graph
is made the union of the named graphs without its own system graphs, where policygraph keeps
its data version, and how a write is made all or nothing.

``oxigraph`` and ``virtuoso`` are tested in CI (``make test`` starts both); ``fuseki`` and
``generic`` are written from the engines' documentation and are **not tested in CI**.

Examples
--------
>>> profile("virtuoso").writes, profile("oxigraph").writes
('odbc', 'http')
>>> profile("qlever")
Traceback (most recent call last):
...
graph.errors.InputError: unknown store engine 'qlever'; known: oxigraph, virtuoso, fuseki, generic
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

__all__ = ["Profile", "PROFILES", "profile", "DEFAULT_GRAPH", "SYSTEM_GRAPH", "TOKEN_PREFIX"]

#: The named graph that holds what policygraph calls the default graph, on every remote engine
#: (Virtuoso cannot write to a plain default graph, and the Protocol cannot name one).
DEFAULT_GRAPH = "urn:x-policygraph:default"
#: The named graph of the data-version token (``token="triple"``), hidden from every answer.
SYSTEM_GRAPH = "urn:x-policygraph:system"
#: Prefix of the empty named graphs that carry the data-version token (``token="graph"``).
TOKEN_PREFIX = "urn:x-policygraph:version:"


@dataclass(frozen=True)
class Profile:
    """How policygraph talks to one kind of engine.

    ``union``: ``"param"`` (the Protocol request asks for the union, Oxigraph's
    ``union-default-graph``), ``"private"`` (the engine's default graph is every graph, and
    ``GRAPH ?g`` ranges over every graph: its own ``hidden`` graphs and :data:`SYSTEM_GRAPH`
    are made *private* graphs, which an anonymous query does not see, with Virtuoso's
    graph-level security, once per engine; queries are read anonymously and name no dataset),
    ``"engine"`` (the engine is configured for it). Tried on Virtuoso 7.2.5 and dropped:
    naming every graph as the query's dataset (at 10^5 quads, Virtuoso's own graph listing
    alone took over 30 s), ``define input:default-graph-exclude`` (breaks ``GRAPH <iri>``),
    ``define input:named-graph-exclude`` (``GRAPH <iri>`` then finds nothing), a graph
    group as the default graph (not allowed as a named graph, so ``GRAPH ?g`` still sees the
    system graphs; and ``RDF_GRAPH_GROUP_INS`` commits the caller's open transaction).
    ``token``: ``"graph"`` (the data version is the name of an empty named graph, which adds no
    triple to any answer) or ``"triple"`` (a triple in :data:`SYSTEM_GRAPH`, excluded; with
    ``union="private"`` it is read with the credentials).
    ``writes``: ``"http"`` (one update request is one transaction) or ``"odbc"`` (each operation
    in one ODBC transaction, committed once).
    ``empty_graphs``: False where the engine does not keep a named graph once it holds no
    triple (Virtuoso, TDB2): there a query's ``GRAPH <iri>`` finds no graph created empty
    (Virtuoso's ``named_graphs`` and ``has_graph`` read its table of created graphs).
    ``max_rows``: the engine's own result cap; an answer that reaches it is refused as
    possibly cut short.
    ``results``: the SPARQL results format SELECT and ASK answers are read in.
    ``reserved``: namespaces whose IRIs the engine reads as its own code wherever they stand
    (Virtuoso: ``bif:`` built-ins, also as predicates such as ``bif:contains``, and ``sql:``
    procedures); a client's query or update that names one is refused.
    """

    name: str
    query: str
    update: str
    graph_store: str
    auth: str  # "none", "digest", "basic"
    union: str
    token: str
    writes: str
    hidden: tuple[str, ...] = ()
    max_rows: int | None = None
    timeout_param: str | None = None  # query parameter for the engine's own limit (ms)
    empty_graphs: bool = True  # whether an empty named graph is kept (and listed)
    tested: bool = False
    reserved: tuple[str, ...] = ()
    #: the format SELECT and ASK answers are asked in
    results: str = "application/sparql-results+json"


PROFILES: dict[str, Profile] = {
    # the Oxigraph server (`oxigraph serve --location DIR --bind HOST:PORT`), no auth
    "oxigraph": Profile(
        "oxigraph",
        query="/query",
        update="/update",
        graph_store="/store",
        auth="none",
        union="param",
        token="graph",
        writes="http",
        tested=True,
    ),
    # OpenLink Virtuoso 7 (ODBC writes; anonymous reads at /sparql, Digest for the rest)
    "virtuoso": Profile(
        "virtuoso",
        query="/sparql",
        update="/sparql-auth",
        graph_store="/sparql-graph-crud-auth",
        auth="digest",
        union="private",
        token="triple",
        writes="odbc",
        hidden=(
            "http://www.openlinksw.com/schemas/virtrdf#",
            "http://www.w3.org/ns/ldp#",
            "http://localuriqaserver/sparql",
        ),
        max_rows=1_000_000,
        timeout_param="timeout",
        empty_graphs=False,
        tested=True,
        reserved=("bif:", "sql:"),
        # its XML: written some 3x sooner than its JSON (300,000 rows: 8.5 against 25.7 s),
        # and with booleans as true/false where its JSON says 1/0
        results="application/sparql-results+xml",
    ),
    # Apache Jena Fuseki, URL = the dataset (http://host:3030/ds), TDB2 with
    # tdb2:unionDefaultGraph true; Shiro basic auth. NOT TESTED IN CI.
    "fuseki": Profile(
        "fuseki",
        query="/query",
        update="/update",
        graph_store="/data",
        auth="basic",
        union="engine",
        token="graph",
        writes="http",
    ),
    # any SPARQL 1.1 engine whose default graph is the union of its named graphs and whose
    # update requests are transactions, URL = the endpoint. NOT TESTED IN CI.
    "generic": Profile(
        "generic",
        query="",
        update="",
        graph_store="",
        auth="basic",
        union="engine",
        token="graph",
        writes="http",
    ),
}


def profile(name: str) -> Profile:
    """The profile called ``name``."""
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(
            f"unknown store engine {name!r}; known: {', '.join(PROFILES)}", engine=name
        ) from None
