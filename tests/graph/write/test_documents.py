"""graph.write.documents: formats by media type, positions of syntax errors, the JSON-LD context."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import InputError
from graph.write import documents
from graph.write.documents import (
    CONTEXT_URL,
    FACTSHEET,
    Document,
    document_format,
    file_format,
    parse_document,
    register_parser,
    supported_media_types,
    validate_files,
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


DATA = Path(__file__).resolve().parents[2] / "data"


def test_validate_files_unions_the_files(tmp_path: Path) -> None:
    # the agreement in one file, the organisations it names in another: valid only together
    source = (DATA / "valid" / "minimal.trig").read_text(encoding="utf-8")
    registry, rest = source.split("pgg:metadata {", 1)
    prefixes = registry.split("pgg:registry {", 1)[0]
    (tmp_path / "registry.trig").write_text(registry, encoding="utf-8")
    (tmp_path / "article.trig").write_text(prefixes + "pgg:metadata {" + rest, encoding="utf-8")
    together = validate_files([tmp_path / "registry.trig", tmp_path / "article.trig"])
    assert together.results == []
    alone = validate_files([tmp_path / "article.trig"])
    assert "agreement-party-organisation" in {r.rule_id for r in alone.results}


@pytest.mark.parametrize(
    ("name", "text"),
    [("broken.trig", "<urn:g> { <urn:a> <urn:b> . }"), ("data.xyz", "<urn:a> <urn:b> <urn:c> .")],
)
def test_validate_files_names_the_bad_file(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(name)):
        validate_files([path])


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("004.yaml", "factsheet"),
        ("new/004.yml", "factsheet"),
        ("a.factsheet.json", "factsheet"),
        ("kakao-mou.trig", "trig"),
        ("kakao-mou.ttl", "turtle"),
        ("kakao-mou.nq", "nquads"),
        ("kakao-mou.jsonld", "jsonld"),
    ],
)
def test_a_files_format_is_decided_once_from_its_name(tmp_path, name, fmt):
    path = tmp_path / name.replace("/", "-")
    path.write_bytes(b"x")
    assert file_format(path) == fmt
    document = Document.from_file(path)
    assert (document.format, document.name, document.data) == (fmt, path.name, b"x")


def test_an_upload_of_a_fact_sheet_is_a_factsheet_document():
    assert Document.of(b"a: b", "application/yaml; charset=utf-8").format == FACTSHEET
    with pytest.raises(InputError, match="converted against the store's registry"):
        parse_document(b"a: b", "application/yaml")
