"""Structure of the seed files: each is a self-contained article document."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from graph.iris import METADATA_GRAPH, PREFIXES, REGISTRY_GRAPH
from graph.seed import seed_files

PG = PREFIXES["pg"]
XSD = PREFIXES["xsd"]
DATE_PROPERTIES = {
    PG + p
    for p in (
        "signedOn",
        "plannedConstructionStart",
        "plannedCompletion",
        "plannedOpening",
        "openedOn",
        "date",
        "startDate",
        "proposedOn",
        "announcedOn",
        "fiscalYear",
        "plannedYear",
    )
}
DATE_TYPES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}

FILES = seed_files()


def quads(path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def test_one_file_per_seed_article():
    assert [p.name for p in FILES] == [
        "000_86ffe20fc9bd53a8.trig",
        "001_9ae9a84f0b3031d7.trig",
        "002_c901c4c0e230705d.trig",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_holds_registry_metadata_and_its_article_graph(path):
    article_id = re.search(r"_([0-9a-f]{16})\.trig$", path.name)[1]
    fact_graph = f"https://policygraph.example/graph/article/{article_id}"
    data = quads(path)
    assert {q.graph_name.value for q in data} == {
        str(REGISTRY_GRAPH),
        str(METADATA_GRAPH),
        fact_graph,
    }
    declared = {q.object.value for q in data if q.predicate.value == PG + "factGraph"}
    assert declared == {fact_graph}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_blank_nodes_and_typed_values(path):
    for q in quads(path):
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        if q.predicate.value in DATE_PROPERTIES:
            assert q.object.datatype.value in DATE_TYPES, q
        if q.predicate.value == PREFIXES["schema"] + "value":
            assert q.object.datatype.value == XSD + "decimal", q
        if q.predicate.value == PREFIXES["schema"] + "currency":
            assert q.object.value == "KRW"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_literals_are_short_own_words(path):
    """Facts are in the project's words: no literal is long enough to be a copied passage."""
    long = [
        q.object.value
        for q in quads(path)
        if isinstance(q.object, ox.Literal) and len(q.object.value) > 320
    ]
    assert long == []
