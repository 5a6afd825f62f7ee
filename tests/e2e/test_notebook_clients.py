"""Notebook clients against a real server: SPARQLWrapper with every return format it offers,
over GET and POST; each answer is parsed and holds the same facts."""

from __future__ import annotations

import csv
import io
from xml.dom.minidom import Document

import pytest
import rdflib
import rdflib.compare
import rdflib.util
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

pytestmark = [
    pytest.mark.e2e,
    # SPARQLWrapper parses RDF/XML and JSON-LD with rdflib's deprecated ConjunctiveGraph
    pytest.mark.filterwarnings("ignore::DeprecationWarning:SPARQLWrapper"),
]

PREFIXES = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
SELECT = (
    PREFIXES
    + """SELECT ?org ?name WHERE {
  ?org a pg:Company ; skos:prefLabel ?name FILTER(lang(?name) = "en")
} ORDER BY ?org"""
)
ASK = PREFIXES + 'ASK { ?org skos:altLabel "Kakao Corp."@en }'
CONSTRUCT = (
    PREFIXES
    + """CONSTRUCT { ?org skos:prefLabel ?name } WHERE {
  ?org a pg:Company ; skos:prefLabel ?name }"""
)
DESCRIBE = "DESCRIBE <https://policygraph.example/id/org/kakao>"


@pytest.fixture(scope="module")
def endpoint(launch_server) -> str:
    return launch_server().base + "/sparql"


def _client(endpoint: str, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def _rows(fmt: str, converted) -> list[tuple[str, str]]:
    if fmt == JSON:
        return [(b["org"]["value"], b["name"]["value"]) for b in converted["results"]["bindings"]]
    if fmt == XML:
        assert isinstance(converted, Document)
        rows = []
        for result in converted.getElementsByTagName("result"):
            values = {
                b.getAttribute("name"): b.firstChild.firstChild.data
                for b in result.getElementsByTagName("binding")
            }
            rows.append((values["org"], values["name"]))
        return rows
    text = converted.decode("utf-8")
    if fmt == CSV:
        return [(r["org"], r["name"]) for r in csv.DictReader(io.StringIO(text))]
    lines = [line.split("\t") for line in text.strip().splitlines()[1:]]  # TSV: RDF terms
    return [(org.strip("<>"), str(rdflib.util.from_n3(name))) for org, name in lines]


@pytest.mark.parametrize("method", [GET, POST])
def test_select_and_ask_in_every_result_format(endpoint, method):
    answers = {}
    for fmt in (JSON, XML, CSV, TSV):
        result = _client(endpoint, SELECT, fmt, method).query()
        answers[fmt] = _rows(fmt, result.convert())
    assert len(answers[JSON]) >= 5
    assert ("https://policygraph.example/id/org/kakao", "Kakao") in answers[JSON]
    assert all(rows == answers[JSON] for rows in answers.values()), answers
    assert _client(endpoint, ASK, JSON, method).query().convert()["boolean"] is True
    xml = _client(endpoint, ASK, XML, method).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert _client(endpoint, ASK, CSV, method).query().convert().decode().strip() == "true"


def _graph(fmt: str, result) -> rdflib.Graph:
    converted = result.convert()
    if isinstance(converted, rdflib.Graph):  # RDF/XML and JSON-LD come back parsed
        graph = rdflib.Graph()
        for triple in converted.triples((None, None, None)):
            graph.add(triple)
        return graph
    rdflib_format = {TURTLE: "turtle", N3: "n3", "nt": "nt"}[fmt]
    return rdflib.Graph().parse(data=converted.decode("utf-8"), format=rdflib_format)


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_construct_and_describe_in_every_rdf_format(endpoint, method, query):
    graphs = {}
    for fmt in (RDFXML, XML, TURTLE, N3, JSONLD):
        result = _client(endpoint, query, fmt, method).query()
        graphs[fmt] = _graph(fmt, result)
    ntriples = _client(endpoint, query, N3, method)  # N-Triples by content negotiation only
    ntriples.setOnlyConneg(True)
    ntriples.addCustomHttpHeader("Accept", "application/n-triples")
    response = ntriples.query()
    assert response.info()["content-type"].startswith("application/n-triples")
    graphs["nt"] = _graph("nt", response)
    reference = graphs[TURTLE]
    assert len(reference) >= 5
    kakao = rdflib.URIRef("https://policygraph.example/id/org/kakao")
    assert (kakao, None, None) in reference
    for fmt, graph in graphs.items():
        assert rdflib.compare.isomorphic(graph, reference), fmt
