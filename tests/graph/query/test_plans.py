"""Which queries serve's front processes may run in-process: lookups known from the algebra."""

from __future__ import annotations

import pytest

from graph.query.plans import LOOKUP_CHARS, is_lookup, shape

P = "PREFIX pg: <https://policygraph.example/ont#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
RDF = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"

LOOKUPS = [
    "SELECT ?p ?o { <urn:x> ?p ?o }",  # bound subject
    'SELECT ?s { { ?s skos:prefLabel "Seoul"@en } UNION { ?s skos:altLabel "Seoul"@en } }',
    "ASK { ?a pg:party <urn:x>, <urn:y> }",  # ASK with bound terms
    "SELECT * { VALUES ?s { <urn:a> <urn:b> } ?s ?p ?o }",  # VALUES
    "SELECT ?partner (COUNT(DISTINCT ?a) AS ?n) { ?a a pg:Agreement ; pg:party <urn:x>, ?partner"
    " FILTER(?partner != <urn:x>) } GROUP BY ?partner ORDER BY DESC(?n)",
    "SELECT ?org ?en { ?org pg:governmentLevel <urn:city> OPTIONAL { ?org skos:prefLabel ?en"
    ' FILTER(LANG(?en) = "en") } }',  # OPTIONAL reached from the bound part
    "SELECT ?l { <urn:x> skos:prefLabel|skos:altLabel ?l }",  # a path that does not repeat
    "SELECT * { GRAPH <urn:g> { <urn:x> ?p ?o } }",
    "SELECT ?o { <urn:x> ?p ?o } # a comment <urn:y> 'quote",
]

NOT_LOOKUPS = [
    "SELECT * { ?s ?p ?o }",  # the whole store
    "SELECT ?a { ?a a pg:Agreement }",  # a class reaches every member
    RDF + "SELECT ?a { ?a rdf:type pg:Agreement }",
    "SELECT ?a { ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> pg:Agreement }",
    "SELECT ?s { ?s pg:within+ <urn:region> }",  # a repeating path
    "SELECT ?s { <urn:x> pg:within* ?s }",
    "SELECT ?s { <urn:x> !pg:within ?s }",
    'SELECT ?s ?l { ?s skos:prefLabel ?l FILTER(CONTAINS(?l, "x")) }',
    "SELECT * { <urn:x> ?p ?o . ?a ?b ?c }",  # a cartesian product
    "SELECT * { { <urn:x> ?p ?o } UNION { ?s ?p ?o } }",  # one branch scans
    "SELECT * { <urn:x> ?p ?o FILTER EXISTS { ?s ?p ?o } }",
    "SELECT * { <urn:x> ?p ?o MINUS { ?o ?q ?r } }",
    "SELECT * { <urn:x> ?p ?o { SELECT ?z { ?z ?y ?w } } }",  # a sub-query
    "SELECT * { GRAPH ?g { <urn:x> ?p ?o } }",
    "SELECT * FROM <urn:g> { <urn:x> ?p ?o }",
    "SELECT * { SERVICE <http://example.org/sparql> { <urn:x> ?p ?o } }",
    "CONSTRUCT { <urn:x> ?p ?o } WHERE { <urn:x> ?p ?o }",
    "DESCRIBE <urn:x>",
    "SELECT * { <urn:x> ?p ?o",  # a syntax error: the main process says what is wrong
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
]


@pytest.mark.parametrize("query", LOOKUPS)
def test_lookups(query):
    assert is_lookup(P + query)


@pytest.mark.parametrize("query", NOT_LOOKUPS)
def test_not_lookups(query):
    assert not is_lookup(P + query)


def test_the_shape_replaces_constants_but_not_prefixes_or_rdf_type():
    text = (
        RDF + "SELECT ?s { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> ;"
        " skos:prefLabel \"a \\\" <urn:in-a-string>\"@en, '''long\nstring''' }"
    )
    got = shape(text)
    assert got.startswith(RDF)  # the declaration keeps its IRI
    assert "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in got
    assert "urn:C" not in got and "in-a-string" not in got and "long" not in got
    assert '"s"@en' in got


def test_queries_of_one_shape_share_the_decision_whatever_their_constants():
    one = P + 'SELECT ?s { ?s skos:prefLabel "Seoul"@en }'
    two = P + 'SELECT ?s { ?s skos:prefLabel "Busan \\"city\\""@en }'
    assert shape(one) == shape(two)
    assert is_lookup(one) and is_lookup(two)
    # a constant that looks like a keyword or a variable inside a string changes nothing
    assert is_lookup(P + 'SELECT ?s { ?s skos:prefLabel "} UNION { ?s ?p ?o"@en }')


def test_a_long_text_is_not_looked_at():
    """rdflib's parse time grows faster than the text, under the parser lock: a text longer
    than LOOKUP_CHARS goes to the main process whatever it asks."""
    query = P + "SELECT ?p ?o { <urn:x> ?p ?o }"
    assert is_lookup(query)
    padded = query + " " * (LOOKUP_CHARS - len(query))
    assert is_lookup(padded)
    assert not is_lookup(padded + " ")
