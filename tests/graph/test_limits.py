"""graph.limits: what one write may hold and how long its checks may take."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.config import Settings
from graph.errors import InputError, LimitExceeded
from graph.limits import Deadline, Limits, checked_quads, decoded_text, load_json
from graph.store.seed import seed_files
from graph.validation.shacl import validate
from graph.write.documents import validate_files
from graph.write.ingest import ingest

from ..hostile import ARTICLE


def test_limits_come_from_the_settings():
    settings = Settings(
        max_term_length=10, max_document_quads=20, max_nesting_depth=3, check_timeout=4.5
    )
    assert Limits.from_settings(settings) == Limits(10, 20, 3, 4.5)
    assert Limits() == Limits.from_settings(Settings())


@pytest.mark.parametrize(
    ("quad", "error", "words"),
    [
        (
            ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x" * 13)),
            LimitExceeded,
            "max_term_length",
        ),
        (
            ox.Quad(ox.NamedNode("urn:" + "a" * 13), ox.NamedNode("urn:p"), ox.Literal("x")),
            LimitExceeded,
            "an IRI",
        ),
        (
            ox.Quad(ox.BlankNode("b" * 13), ox.NamedNode("urn:p"), ox.Literal("x")),
            LimitExceeded,
            "blank node",
        ),
        (
            ox.Quad(
                ox.NamedNode("urn:a"),
                ox.NamedNode("urn:p"),
                ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")),
            ),
            InputError,
            "RDF 1.2",
        ),
        (
            ox.Quad(
                ox.NamedNode("urn:a"),
                ox.NamedNode("urn:p"),
                ox.Literal(
                    "<!DOCTYPE a>",
                    datatype=ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"),
                ),
            ),
            InputError,
            "XML literal",
        ),
    ],
    ids=["literal", "iri", "blank-node", "triple-term", "xml-dtd"],
)
def test_checked_quads_refuses_what_breaks_a_limit(quad, error, words):
    with pytest.raises(error) as failure:
        checked_quads([quad], Limits(max_term_length=12))
    assert words in str(failure.value)


def test_checked_quads_stops_at_the_quad_past_the_limit():
    def endless():
        i = 0
        while True:
            i += 1
            yield ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x"))

    with pytest.raises(LimitExceeded) as failure:
        checked_quads(endless(), Limits(max_quads=5))
    assert failure.value.context["setting"] == "max_document_quads"


def test_text_is_strict_utf8_with_a_byte_order_mark_dropped():
    assert decoded_text("\ufeff가".encode(), "document") == "가"
    with pytest.raises(InputError, match="line 2, column 1"):
        decoded_text(b"ok\n\xff", "document")


def test_json_is_held_to_depth_digits_and_characters():
    limits = Limits(max_depth=3)
    assert load_json("[[[1]]]", limits, "document") == [[[1]]]
    for text, words in [
        ("[[[[1]]]]", "max_nesting_depth"),
        ("[" * 100_000 + "]" * 100_000, "max_nesting_depth"),
        ("[" + "9" * 5000 + "]", "digits"),
        ('["\\ud800"]', "surrogate"),
        ("[1e999]", "too large"),
        ("[NaN]", "NaN"),
    ]:
        with pytest.raises((InputError, LimitExceeded)) as failure:
            load_json(text, limits, "document")
        assert words in str(failure.value), text


class _ExpiresAfter(Deadline):
    """A deadline that passes after ``reads`` looks at the clock."""

    def __init__(self, reads: int) -> None:
        super().__init__(1.0)
        self.reads = reads

    def expired(self) -> bool:
        self.reads -= 1
        return self.reads < 0


@pytest.mark.parametrize("reads", [0, 1, 3, 10, 30, 100])
def test_validation_stops_at_the_deadline_wherever_it_falls(reads):
    """Expiring at any point of pySHACL's run or of the report's making gives the same error."""
    from rdflib import Dataset

    data = Dataset()
    for path in seed_files():
        data.parse(path, format="trig")
    try:
        report = validate(data, deadline=_ExpiresAfter(reads))
    except LimitExceeded as exc:
        assert exc.context["setting"] == "check_timeout"
    else:  # the deadline was not reached
        assert report.conforms


def test_the_deadline_holds_while_the_report_is_made():
    """A graph that breaks many rules: the deadline passing in the last looks at the clock,
    while the results are turned into a report, still ends in LimitExceeded."""
    from rdflib import Graph

    company = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://policygraph.example/ont#Company>"
    data = Graph().parse(
        data="".join(
            f"<https://policygraph.example/id/org/x{i}> {company} .\n" for i in range(300)
        ),
        format="nt",
    )
    counting = _ExpiresAfter(10**9)
    assert not validate(data, deadline=counting).conforms
    looks = 10**9 - counting.reads
    for reads in (looks - 1, looks - 2, looks // 2):
        with pytest.raises(LimitExceeded):
            validate(data, deadline=_ExpiresAfter(reads))


def test_a_write_over_check_timeout_is_refused_naming_it(seed_store):
    with pytest.raises(LimitExceeded) as failure:
        ingest(
            seed_store,
            ARTICLE.encode(),
            "application/trig",
            dry_run=True,
            limits=Limits(check_timeout=0),
        )
    assert failure.value.context["setting"] == "check_timeout"
    assert "check_timeout" in failure.value.message


def test_validate_files_reads_as_uploads_are(tmp_path):
    """A JSON-LD file with a remote context and an RDF/XML file with a DTD are refused."""
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "http://127.0.0.1:1/c.jsonld", "@id": "urn:a"}')
    dtd = tmp_path / "dtd.rdf"
    dtd.write_text(
        '<!DOCTYPE rdf:RDF [<!ENTITY a "b">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    for path, words in [(remote, "remote JSON-LD context"), (dtd, "document type declaration")]:
        with pytest.raises(InputError) as failure:
            validate_files([path])
        assert path.name in str(failure.value) and words in str(failure.value)
    assert validate_files(seed_files()).conforms
