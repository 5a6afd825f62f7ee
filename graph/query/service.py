"""The SPARQL 1.1 Service Description of the endpoint, built from what it really supports."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..config import Settings
from ..formats import RDF_FORMATS, RESULT_FORMATS, Format
from ..iris import PG
from ..store import Store
from .results import serialize_graph

__all__ = ["service_description", "serialize_description", "SD"]

SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
_VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _number(value: float | int) -> ox.Literal:
    if isinstance(value, float) and not value.is_integer():
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "decimal"))
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))


def _limits(svc: ox.BlankNode, settings: Settings) -> list[ox.Triple]:
    """The limits in force, as ``pg:`` properties of the service (machine-readable)."""
    values = {
        "queryTimeoutSeconds": settings.query_timeout,
        "maxResultRows": settings.max_result_rows,
        "maxQueryLength": settings.max_query_length,
        "maxBodyBytes": settings.max_body_size,
    }
    return [ox.Triple(svc, ox.NamedNode(str(PG) + k), _number(v)) for k, v in values.items()]


def _summary(settings: Settings, writable: bool, graph_store: str | None) -> str:
    allow = settings.service_allow.split()
    writes = (
        "SPARQL 1.1 Update (POST update= or application/sparql-update) and the Graph Store "
        f"HTTP Protocol at {graph_store or '/rdf-graph-store'} accept writes with the bearer "
        "token; every write is SHACL-validated before commit (422 with the report otherwise)."
        if writable
        else "This server is read-only: SPARQL Update and Graph Store writes get 403 (no write "
        "token is configured); Graph Store reads are open."
    )
    outbound = (
        f"SERVICE and LOAD may only reach: {', '.join(allow)}."
        if allow
        else "SERVICE and LOAD are refused (400): the endpoint never calls other servers."
    )
    return (
        f"SPARQL 1.1 Query endpoint of policygraph. {writes} {outbound} Limits: a query runs "
        f"at most {settings.query_timeout:g} s (the timeout parameter may ask for less; over "
        f"it: 503, never a partial result); results of more than {settings.max_result_rows} "
        f"rows or triples are refused (413); queries longer than {settings.max_query_length} "
        f"characters are refused (413); request bodies over {settings.max_body_size} bytes are "
        "refused (413). Relative IRIs in a query resolve against the endpoint's URL."
    )


def service_description(
    endpoint: str,
    store: Store,
    settings: Settings,
    *,
    writable: bool = False,
    graph_store: str | None = None,
) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint``: query (and, when ``writable``, update)
    language, result and input formats, the union default graph, the named graphs, the Graph
    Store endpoint, and the limits in force.

    Examples
    --------
    >>> from graph.store import open_store
    >>> st = open_store(Settings(memory=True), seed=False)
    >>> triples = service_description("http://127.0.0.1:8000/sparql", st, Settings())
    >>> any(t.object == _sd("UnionDefaultGraph") for t in triples)
    True
    """
    svc = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(svc, _RDF_TYPE, _sd("Service")),
        ox.Triple(svc, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(svc, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(svc, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(
            svc,
            _sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        ox.Triple(svc, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, _RDF_TYPE, _sd("Graph")),
        ox.Triple(
            default_graph,
            _COMMENT,
            ox.Literal(
                "The default graph is the union of all named graphs, unless the request names a "
                "dataset (default-graph-uri / named-graph-uri) or the query has FROM / FROM NAMED.",
                language="en",
            ),
        ),
        ox.Triple(
            default_graph,
            _VOID_TRIPLES,
            ox.Literal(
                str(len(store)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
        ox.Triple(
            svc, _COMMENT, ox.Literal(_summary(settings, writable, graph_store), language="en")
        ),
        ox.Triple(
            svc,
            ox.NamedNode(str(PG) + "dataVersion"),
            ox.Literal(
                str(store.data_version),
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
    ]
    formats: list[Format[Any]] = [*RESULT_FORMATS, *RDF_FORMATS]
    for fmt in formats:
        triples.append(ox.Triple(svc, _sd("resultFormat"), ox.NamedNode(fmt.w3c)))
    triples += _limits(svc, settings)
    if writable:
        triples.append(ox.Triple(svc, _sd("supportedLanguage"), _sd("SPARQL11Update")))
        for fmt in RDF_FORMATS:  # Graph Store bodies (triple formats) and LOAD
            if not fmt.dataset:
                triples.append(ox.Triple(svc, _sd("inputFormat"), ox.NamedNode(fmt.w3c)))
    if settings.service_allow.split():
        triples.append(ox.Triple(svc, _sd("feature"), _sd("BasicFederatedQuery")))
    if graph_store:
        triples.append(
            ox.Triple(svc, ox.NamedNode(str(PG) + "graphStore"), ox.NamedNode(graph_store))
        )
    for i, graph in enumerate(store.named_graphs()):
        node = ox.BlankNode(f"ng{i}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, _RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(graph)),
        ]
    return triples


def serialize_description(triples: list[ox.Triple], fmt: Format) -> bytes:
    """The service description in an RDF format (a dataset format holds it as its default
    graph)."""
    return serialize_graph(triples, fmt, prefixes=None if fmt.dataset else {"sd": SD})
