"""graph.query.results: every result kind in every format, written by pyoxigraph's serialisers
and counted as written."""

from __future__ import annotations

import csv
import io
import json
import time

import pyoxigraph as ox
import pytest

from graph.errors import LimitExceeded, QueryTimeout
from graph.formats import RDF_FORMATS, RESULT_FORMATS, rdf_format, result_format
from graph.query.results import result_kind, serialize_result, write_result
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


# --- written once, counted as written --------------------------------------------------------

TERMS = """
<urn:a> <urn:p> "plain", "quote \\" and \\\\ backslash", "tab\\tline\\nbreak\\r", "카카오 😀"@ko ,
  "lang"@en-GB, 5, 5.0, 1e3, true, "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>,
  _:b1, <urn:b>, "x"^^<urn:datatype> .
_:b1 <urn:q> "blank" .
"""


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        "SELECT ?s ?x WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } }",
        "SELECT * WHERE { FILTER(false) }",
        "SELECT * WHERE {}",
    ],
)
def test_solutions_are_the_engines_own_bytes(empty_store, fmt, query):
    """Written through TSV and counted, every format is byte for byte what pyoxigraph writes."""
    empty_store.load(TERMS, "turtle")
    body, rows = write_result(empty_store.query(query), fmt)
    assert body == empty_store.query(query).serialize(format=fmt.native)
    assert rows == len(list(empty_store.query(query)))


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_triples_are_counted_whatever_the_format(empty_store, fmt):
    empty_store.load(TERMS, "turtle")
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    body, rows = write_result(empty_store.query(query), fmt)
    assert rows == len(list(empty_store.query(query))) == 14
    assert len(list(ox.parse(body, format=fmt.native))) == 14


@pytest.mark.parametrize("kind", ["SELECT ?s ?o", "CONSTRUCT { ?s <urn:p> ?o }"])
def test_the_row_limit_stops_the_writer_early(empty_store, kind):
    empty_store.load("".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(50_000)), "ntriples")
    result = empty_store.query(f"{kind} WHERE {{ ?s <urn:p> ?o }}")
    with pytest.raises(LimitExceeded, match="more than 10 "):
        write_result(
            result, result_format("json") if "SELECT" in kind else rdf_format("nt"), max_rows=10
        )
    # what was left unread stays in the engine: the writer stopped after a few thousand
    written = list(result)
    assert len(written) > 40_000


def test_a_passed_deadline_stops_the_writer(empty_store):
    empty_store.load("<urn:a> <urn:p> 1 .", "turtle")
    with pytest.raises(QueryTimeout):
        write_result(
            empty_store.query("SELECT * { ?s ?p ?o }"),
            result_format("csv"),
            deadline=time.monotonic() - 1,
            timeout=1,
        )


# --- the rows counted in each format's own bytes ---------------------------------------------

#: Terms that look like a row's mark in some format: a JSON solution's opening, an XML result
#: element, CSV line breaks and quotes, escapes; repeated with growing padding, so that chunk
#: boundaries (8 KiB) fall inside each of them somewhere.
HOSTILE = ['},{"s":{', '[{"', "<result>", 'a\nb"c', "\\", '\\"', "x\r\n,y", '"},{"', "\\\\"]


def _hostile_store(store, n=600):
    lines = []
    for i in range(n):
        text = HOSTILE[i % len(HOSTILE)] + "." * (i % 37) + HOSTILE[(i * 7) % len(HOSTILE)]
        lines.append(f"<urn:s{i}> <urn:p> {ox.Literal(text)} .")
        if i % 5 == 0:  # some rows with an unbound variable, some with a blank node
            lines.append(f"<urn:s{i}> <urn:q> _:b{i} .")
    store.load("\n".join(lines), "ntriples")
    return store


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_rows_are_counted_exactly_in_every_format(empty_store, fmt):
    store = _hostile_store(empty_store)
    query = "SELECT ?s ?o ?b WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?b } }"
    body, rows = write_result(store.query(query), fmt)
    assert rows == 600
    assert body == store.query(query).serialize(format=fmt.native)
    assert len(body) > 3 * 8192  # the terms crossed chunk boundaries
    # the limit is exact: one row under the count refuses, the count itself passes
    with pytest.raises(LimitExceeded):
        write_result(store.query(query), fmt, max_rows=599)
    assert write_result(store.query(query), fmt, max_rows=600)[1] == 600


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_triples_are_counted_exactly_in_every_format(empty_store, fmt):
    store = _hostile_store(empty_store)
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    body, rows = write_result(store.query(query), fmt)
    assert rows == 720 == len(list(ox.parse(body, format=fmt.native)))
    with pytest.raises(LimitExceeded):
        write_result(store.query(query), fmt, max_rows=719)


def test_a_result_read_without_keeping_it_is_still_counted(empty_store):
    store = _hostile_store(empty_store)
    body, rows = write_result(
        store.query("SELECT * { ?s ?p ?o }"), result_format("tsv"), keep=False
    )
    assert (body, rows) == (b"", 720)
    with pytest.raises(LimitExceeded):
        write_result(
            store.query("SELECT * { ?s ?p ?o }"), result_format("tsv"), max_rows=3, keep=False
        )


@pytest.mark.parametrize("fmt", ["xml", "csv", "tsv", "turtle"])
def test_the_row_limit_stops_every_writer_early(empty_store, fmt):
    empty_store.load("".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(50_000)), "ntriples")
    graph = fmt == "turtle"
    head = "CONSTRUCT { ?s <urn:p> ?o }" if graph else "SELECT ?s ?o"
    result = empty_store.query(f"{head} WHERE {{ ?s <urn:p> ?o }}")
    with pytest.raises(LimitExceeded, match="more than 10 "):
        write_result(result, rdf_format(fmt) if graph else result_format(fmt), max_rows=10)
    assert len(list(result)) > 40_000
