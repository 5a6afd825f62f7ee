"""graph.query.sparql: dataset detection, the Protocol's dataset rules, limits, result writing."""

from __future__ import annotations

import pytest

from graph.errors import InputError, LimitExceeded
from graph.query.sparql import (
    ask,
    check_request,
    run_query,
    select,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * from <urn:g> where { ?s ?p ?o }", True),
        ("PREFIX ex: <urn:ex:> SELECT * FROM ex:g WHERE { ?s ?p ?o }", True),
        ("SELECT *\nFROM\n<urn:g>\nWHERE { ?s ?p ?o }", True),
        ("SELECT *FROM<urn:g>{ ?s ?p ?o }", True),
        ("ASK FROM <urn:g> { ?s ?p ?o }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("DESCRIBE <urn:a> FROM <urn:g>", True),
        ('SELECT * FROM <urn:g> WHERE { ?s ?p "no FROM here" }', True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p "FROM <urn:g>" }', False),
        ("SELECT * WHERE { ?s ?p 'from <urn:g>' }", False),
        ('SELECT * WHERE { ?s ?p """a\nFROM <urn:g>\n""" }', False),
        ("SELECT * WHERE { ?s ?p '''it's FROM <urn:g>''' }", False),
        (r'SELECT * WHERE { ?s ?p "escaped \" FROM <urn:g>" }', False),
        ("SELECT * WHERE { ?s <urn:from> ?o }", False),
        ("SELECT * WHERE { ?s <http://example.org/FROM/x> ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o } # FROM <urn:g>", False),
        ("# SELECT * FROM <urn:g>\nSELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT ?from WHERE { ?from ?p ?o }", False),
        ("SELECT $from WHERE { $from ?p ?o }", False),
        ("PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ex:from ?o }", False),
        ("PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ex:FROM ?o }", False),
        ("PREFIX from: <urn:ex:> SELECT * WHERE { ?s from:p ?o }", False),
        ("PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ex:a-from ?o }", False),
        ("PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ex:a.from ?o }", False),
        ("SELECT * WHERE { _:from ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p "x"@from }', False),
        ("SELECT ?fromage ?x_from WHERE { ?fromage ?p ?x_from }", False),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o = <urn:x#FROM>) }", False),
        ("PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ex:a\\#b ?o }", False),
        # SPARQL reads codepoint escapes before the grammar: these are FROM clauses
        (r"SELECT * \u0046ROM <urn:g> WHERE { ?s ?p ?o }", True),
        (r"SELECT * \u0066rom <urn:g> WHERE { ?s ?p ?o }", True),
        (r"SELECT * \U00000046ROM <urn:g> WHERE { ?s ?p ?o }", True),
        (r"SELECT * WHERE { ?s ?p '\u0046ROM <urn:g>' }", False),
    ],
)
def test_dataset_clause_is_found_on_the_parsed_query(query, expected):
    assert check_request(query).union_default is not expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", True),
        (r"SELECT * WHERE { \u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { { SELECT * { SERVICE <http://x.org/q> { ?s ?p ?o } } } }", True),
        ("ASK { FILTER EXISTS { SERVICE <http://x.org/q> { ?s ?p ?o } } }", True),
        ("SELECT ?service WHERE { ?service ?p ?o }", False),
        ('SELECT * WHERE { ?s ?p "SERVICE <x>" }', False),
        ("PREFIX sd: <urn:sd:> SELECT * WHERE { ?s a sd:Service }", False),
        (
            "SELECT * WHERE { ?s a <http://www.w3.org/ns/sparql-service-description#Service> }",
            False,
        ),
    ],
)
def test_service_clause_is_found_on_the_parsed_query(query, expected):
    if expected:
        with pytest.raises(InputError, match=r"SERVICE .* not allowed.*service_allow"):
            check_request(query)
    else:
        assert not check_request(query).network


TRIG = """
<urn:g1> { <urn:a> <urn:p> 1 . }
<urn:g2> { <urn:b> <urn:p> 2 . }
<urn:c> <urn:p> 3 .
"""
SUBJECTS = "SELECT ?s WHERE { ?s <urn:p> ?o } ORDER BY ?s"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.fixture
def store(empty_store):
    empty_store.load(TRIG, "trig")
    return empty_store


def _values(result, var):
    return [row[var].value for row in result]


@pytest.mark.parametrize(
    ("query", "kwargs", "expected"),
    [
        # no dataset anywhere: the union of every graph, the store's default graph included
        (SUBJECTS, {}, ["urn:a", "urn:b", "urn:c"]),
        # the query's own dataset
        (SUBJECTS.replace("WHERE", "FROM <urn:g1> WHERE"), {}, ["urn:a"]),
        (SUBJECTS.replace("WHERE", "FROM <urn:g1> FROM <urn:g2> WHERE"), {}, ["urn:a", "urn:b"]),
        (SUBJECTS.replace("WHERE", "FROM NAMED <urn:g1> WHERE"), {}, []),
        # the request's dataset, which replaces the query's
        (SUBJECTS, {"default_graphs": ["urn:g2"]}, ["urn:b"]),
        (
            SUBJECTS.replace("WHERE", "FROM <urn:g1> WHERE"),
            {"default_graphs": ["urn:g2"]},
            ["urn:b"],
        ),
        (SUBJECTS, {"named_graphs": ["urn:g1"]}, []),
        (SUBJECTS, {"default_graphs": [], "named_graphs": []}, ["urn:a", "urn:b", "urn:c"]),
    ],
)
def test_run_query_default_graph(store, query, kwargs, expected):
    assert _values(run_query(store, query, **kwargs), "s") == expected


@pytest.mark.parametrize(
    ("query", "kwargs", "expected"),
    [
        (GRAPHS, {}, ["urn:g1", "urn:g2"]),
        (GRAPHS.replace("WHERE", "FROM NAMED <urn:g2> WHERE"), {}, ["urn:g2"]),
        (GRAPHS, {"named_graphs": ["urn:g1"]}, ["urn:g1"]),
        (
            GRAPHS.replace("WHERE", "FROM NAMED <urn:g2> WHERE"),
            {"named_graphs": ["urn:g1"]},
            ["urn:g1"],
        ),
        # default-graph-uri alone: the request's dataset has no named graphs
        (GRAPHS, {"default_graphs": ["urn:g1"]}, []),
    ],
)
def test_run_query_named_graphs(store, query, kwargs, expected):
    assert _values(run_query(store, query, **kwargs), "g") == expected


def test_run_query_syntax_error_has_position(store):
    with pytest.raises(InputError, match=r"line 1, column \d+"):
        run_query(store, "SELECT * WHERE { ?s ?p }")


def test_run_query_length_limit(store):
    assert run_query(store, "ASK {}", max_length=6)
    with pytest.raises(LimitExceeded, match="limit is 5") as info:
        run_query(store, "ASK {}", max_length=5)
    assert info.value.context == {"limit": "max_query_length", "value": 5}


def test_run_query_refuses_service(store):
    with pytest.raises(InputError, match="SERVICE"):
        run_query(store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_select_and_ask_helpers(store):
    assert select(store, "SELECT ?o WHERE { ?s <urn:p> ?o }", s="urn:b") == [{"o": 2}]
    assert ask(store, "ASK { ?s <urn:p> ?o }", o=3) is True
    assert ask(store, "ASK { ?s <urn:p> ?o }", o=4) is False


def test_run_query_base_iri(store):
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    with pytest.raises(InputError):  # relative IRIs need a base
        run_query(store, query)
    triples = list(run_query(store, query, base_iri="http://host.example/sparql"))
    assert [(t.subject.value, t.predicate.value) for t in triples] == [
        ("http://host.example/s", "http://host.example/p")
    ]
    own_base = "BASE <http://other.example/> SELECT ?x { BIND(<x> AS ?x) }"
    assert _values(run_query(store, own_base, base_iri="http://host.example/"), "x") == [
        "http://other.example/x"
    ]


@pytest.mark.parametrize("base_iri", [None, "http://host.example/sparql"])
def test_run_query_error_position_is_the_callers(store, base_iri):
    with pytest.raises(InputError, match=r"at line 2, column 2: its object is missing"):
        run_query(store, "SELECT * WHERE {\n ?s ?p }", base_iri=base_iri)
    with pytest.raises(InputError, match=r"at line 1, column 18: its object is missing"):
        run_query(store, "SELECT * WHERE { ?s ?p }", base_iri=base_iri)
