"""graph.write.documents: formats by media type, positions of syntax errors, the JSON-LD context."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.errors import InputError
from graph.write import documents
from graph.write.documents import (
    CONTEXT_URL,
    document_format,
    parse_document,
    register_parser,
    supported_media_types,
)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("application/trig", "trig"),
        ("text/turtle; charset=utf-8", "turtle"),
        ("application/ld+json", "jsonld"),
        ("application/n-quads", "nquads"),
        ("ttl", "turtle"),
        ("nq", "nquads"),
    ],
)
def test_formats_by_media_type_or_extension(key, name):
    assert document_format(key) == name


@pytest.mark.parametrize("key", ["application/rdf+xml", "text/plain", "", "application/json"])
def test_other_formats_are_refused_naming_the_supported_ones(key):
    with pytest.raises(InputError) as failure:
        document_format(key)
    assert failure.value.context["supported"] == ", ".join(supported_media_types())


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(InputError) as failure:
        parse_document(b"<urn:a> <urn:p> <urn:o> .\n<urn:a> <urn:p> 'x .\n", "text/turtle")
    assert (failure.value.context["line"], failure.value.context["column"]) == (2, 17)
    assert "line 2, column 17" in str(failure.value)


@pytest.mark.parametrize("context", [CONTEXT_URL, "context.jsonld", [CONTEXT_URL, {"x": "urn:x#"}]])
def test_the_project_context_is_read_locally(context):
    doc = {
        "@context": context,
        "@id": "pgid:org/kakao",
        "@type": "Company",
        "prefLabel": {"ko": "카카오", "en": "Kakao"},
    }
    quads = parse_document(json.dumps(doc).encode(), "application/ld+json")
    assert {q.object for q in quads} >= {
        ox.NamedNode("https://policygraph.example/ont#Company"),
        ox.Literal("카카오", language="ko"),
    }


def test_a_registered_parser_is_accepted_by_its_media_type(monkeypatch):
    monkeypatch.setattr(documents, "DOCUMENT_FORMATS", dict(documents.DOCUMENT_FORMATS))
    monkeypatch.setattr(documents, "_EXTRA_MEDIA_TYPES", dict(documents._EXTRA_MEDIA_TYPES))
    quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"))
    register_parser("sheet", lambda data: [quad], ("application/x-sheet",))
    assert document_format("application/x-sheet") == "sheet"
    assert "application/x-sheet" in supported_media_types()
    assert parse_document(b"a: b", "application/x-sheet") == [quad]
