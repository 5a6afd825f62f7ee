"""The SPARQL 1.1 Service Description of the endpoint, built from what it really supports."""

from __future__ import annotations

import pyoxigraph as ox

from .config import Settings
from .formats import RDF_FORMATS, RESULT_FORMATS
from .iris import PG
from .store import Store

__all__ = ["service_description", "SD"]

SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
_VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, store: Store, settings: Settings) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint``: query language, result formats, the
    union default graph, the named graphs with their sizes, and the limits in force.

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
            svc,
            _COMMENT,
            ox.Literal(
                "Read-only SPARQL 1.1 Query endpoint of policygraph. SPARQL Update, SERVICE "
                "and LOAD are not accepted here. Queries longer than "
                f"{settings.max_query_length} characters are refused (413). Relative IRIs in a "
                "query resolve against the endpoint's URL.",
                language="en",
            ),
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
    for fmt in (*RESULT_FORMATS, *RDF_FORMATS):
        triples.append(ox.Triple(svc, _sd("resultFormat"), ox.NamedNode(fmt.w3c)))
    for i, graph in enumerate(store.named_graphs()):
        node = ox.BlankNode(f"ng{i}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, _RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(graph)),
        ]
    return triples
