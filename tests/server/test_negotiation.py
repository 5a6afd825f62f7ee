"""Content negotiation: the format chosen for each result kind, for Accept headers clients send
(a truth table kept from the hand-written matcher that werkzeug's best_match replaced)."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.exceptions import NotAcceptable

from graph.errors import InputError
from server.negotiation import acceptable_formats, choose_format

#: Accept header -> the format chosen for solutions, booleans and graphs (None: 406).
TABLE = [
    ("text/csv;q=0, */*", "json", "json", "turtle"),
    ("text/csv", "csv", "csv", None),
    ("*/*", "json", "json", "turtle"),
    ("text/*", "csv", "csv", "turtle"),
    ("application/*", "json", "json", "ntriples"),
    ("text/*;q=0.5, application/json", "json", "json", "turtle"),
    ("application/sparql-results+xml, application/sparql-results+json;q=0.9", "xml", "xml", None),
    ("application/json;q=0.5, text/csv;q=0.5", "csv", "csv", None),
    ("text/turtle;q=0.9, application/ld+json", None, None, "jsonld"),
    ("application/rdf+xml;q=0.5, */*;q=0.1", "json", "json", "rdfxml"),
    ("image/png", None, None, None),
    ("text/plain", None, None, "ntriples"),
    ("application/xml;q=0.9, */*;q=0.8", "xml", "xml", "turtle"),
    ("text/*, text/csv;q=0", "tsv", "tsv", "turtle"),
    ("application/n-triples, text/plain;q=0", None, None, "ntriples"),
    ("application/trig;q=1, application/n-quads;q=1", None, None, "trig"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml", "xml", "turtle"),
    ("text/xml", "xml", "xml", None),
    ("application/x-turtle", None, None, "turtle"),
    ("text/*;q=0.3, text/turtle;q=0.2", "csv", "csv", "ntriples"),
    ('application/ld+json;profile="x"', None, None, "jsonld"),
    ("TEXT/CSV", "csv", "csv", None),
    ("text/csv; charset=utf-8", "csv", "csv", None),
    ("*/*;q=0", None, None, None),
    ("application/sparql-results+json; charset=utf-8", "json", "json", None),
    ("", "json", "json", "turtle"),
]


def _chosen(accept: str, kind: str) -> str | None:
    with Flask(__name__).test_request_context("/", headers={"Accept": accept} if accept else {}):
        try:
            return choose_format(kind).name
        except NotAcceptable:
            return None


@pytest.mark.parametrize(("accept", "solutions", "boolean", "graph"), TABLE)
def test_the_format_chosen_for_each_kind(accept, solutions, boolean, graph):
    assert [_chosen(accept, kind) for kind in ("solutions", "boolean", "graph")] == [
        solutions,
        boolean,
        graph,
    ]


@pytest.mark.parametrize(("accept", "solutions", "boolean", "graph"), TABLE)
@pytest.mark.parametrize("query", ["", "format=csv", "format=nope,ttl", "output=json&format=xml"])
def test_the_formats_negotiated_at_once_are_the_formats_chosen_one_by_one(
    accept, solutions, boolean, graph, query
):
    """/sparql negotiates the three kinds in one call: the same answers as choose_format."""
    headers = {"Accept": accept} if accept else {}
    with Flask(__name__).test_request_context(f"/?{query}", headers=headers):
        one_by_one = {}
        for kind in ("solutions", "boolean", "graph"):
            try:
                one_by_one[kind] = choose_format(kind).name
            except (NotAcceptable, InputError):
                pass
        assert acceptable_formats() == one_by_one
    if not query:
        expected = {"solutions": solutions, "boolean": boolean, "graph": graph}
        assert one_by_one == {k: v for k, v in expected.items() if v is not None}
