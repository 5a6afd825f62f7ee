"""graph.query.results: every result kind in every format, written by pyoxigraph's serialisers
and counted as written."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from graph.formats import RDF_FORMATS, RESULT_FORMATS
from graph.query.results import result_kind, serialize_result
from graph.query.sparql import run_query

TRIG = """
<urn:g1> { <urn:a> <urn:p> 1 . }
<urn:g2> { <urn:b> <urn:p> 2 . }
<urn:c> <urn:p> 3 .
"""

SUBJECTS = "SELECT ?s WHERE { ?s <urn:p> ?o } ORDER BY ?s"


@pytest.fixture
def store(empty_store):
    empty_store.load(TRIG, "trig")
    return empty_store


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * {}", "solutions"),
        ("ASK {}", "boolean"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "graph"),
        ("DESCRIBE <urn:a>", "graph"),
    ],
)
def test_result_kind(store, query, kind):
    assert result_kind(run_query(store, query)) == kind


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_serialize_solutions_every_format(store, fmt):
    body = serialize_result(run_query(store, SUBJECTS), fmt.name)
    if fmt.name == "csv":  # lossy: pyoxigraph does not read it back
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
        assert [row["s"] for row in rows] == ["urn:a", "urn:b", "urn:c"]
        return
    parsed = ox.parse_query_results(body, format=fmt.native)
    assert [row["s"].value for row in parsed] == ["urn:a", "urn:b", "urn:c"]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_serialize_graph_every_format(store, fmt):
    body = serialize_result(run_query(store, "CONSTRUCT WHERE { ?s <urn:p> ?o }"), fmt)
    parsed = list(ox.parse(body, format=fmt.native))
    triples = {(str(q.subject), str(q.object)) for q in parsed}
    assert triples == {
        ("<urn:a>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("<urn:b>", '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("<urn:c>", '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    }
    if fmt.dataset:  # a graph result is written as the default graph of a dataset format
        assert {q.graph_name for q in parsed} == {ox.DefaultGraph()}


def test_serialize_boolean():
    store = ox.Store()
    assert json.loads(serialize_result(store.query("ASK {}"), "json")) == {
        "head": {},
        "boolean": True,
    }
