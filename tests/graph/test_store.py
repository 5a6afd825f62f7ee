"""The store interface, run against every backend (as rdflib runs one suite per store)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import XSD

from graph.config import Settings
from graph.errors import InputError
from graph.sparql import select
from graph.store import BACKENDS, Store, open_store
from graph.store.oxigraph import OxigraphStore

DOC = """
@prefix pg: <https://policygraph.example/ont#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:g1> { <urn:hub> pg:plannedCompletion "2029"^^xsd:gYear ;
                   pg:plannedOpening "2027-05"^^xsd:gYearMonth . }
<urn:g2> { <urn:hub> pg:signedOn "2025-06-13"^^xsd:date . }
"""


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path: Path):
    s = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    yield s
    s.close()


def test_backends_registry_names_oxigraph():
    assert "oxigraph" in BACKENDS
    with pytest.raises(InputError, match="unknown store backend 'nope'"):
        open_store(Settings(store="nope"))


def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)


def test_load_query_union_default_graph(store):
    store.load(DOC, "trig")
    assert store.named_graphs() == ["urn:g1", "urn:g2"]
    assert len(store) == 3
    rows = select(store, "SELECT ?p WHERE { <urn:hub> ?p ?o } ORDER BY ?p")
    assert len(rows) == 3  # the default graph is the union of the named graphs
    only_g2 = store.query("SELECT ?p WHERE { ?s ?p ?o }", default_graphs=["urn:g2"])
    assert [r["p"].value for r in only_g2] == ["https://policygraph.example/ont#signedOn"]


def test_every_write_bumps_the_data_version(store):
    v0 = store.data_version
    store.load(DOC, "trig")
    store.update(
        "DELETE DATA { GRAPH <urn:g2> { <urn:hub> "
        "<https://policygraph.example/ont#signedOn> "
        '"2025-06-13"^^<http://www.w3.org/2001/XMLSchema#date> } }'
    )
    assert store.data_version == v0 + 2
    assert len(store) == 2


def test_failed_update_changes_nothing(store):
    store.load(DOC, "trig")
    before, version = store.dump("nquads"), store.data_version
    with pytest.raises(InputError, match="syntax error"):
        store.update("INSERT DATA { GRAPH <urn:g3> { <urn:a> <urn:b> <urn:c> } } ; DELETE nonsense")
    assert store.dump("nquads") == before
    assert store.data_version == version


def test_failed_load_changes_nothing(store):
    store.load(DOC, "trig")
    before = store.dump("nquads")
    with pytest.raises(InputError) as info:
        store.load(
            '<urn:g9> { <urn:a> <urn:b> <urn:c> . }\n<urn:g9> { <urn:a> <urn:b> "unterminated }',
            "trig",
        )
    assert "trig" in str(info.value)
    assert store.dump("nquads") == before


def test_disk_store_persists_data_and_version(tmp_path: Path):
    s = OxigraphStore(tmp_path / "store")
    s.load(DOC, "trig")
    version = s.data_version
    s.close()
    again = OxigraphStore(tmp_path / "store")
    assert len(again) == 3 and again.data_version == version
    again.close()


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples", "jsonld", "rdfxml"])
def test_dump_round_trips(store, fmt):
    store.load(DOC, "trig")
    data = store.dump(fmt)
    dataset = ox.Dataset(ox.parse(data, format=store_format(fmt)))
    # quad formats keep the graph names; triple formats merge the graphs
    expected = 3 if fmt in {"trig", "nquads"} else 3
    assert len(dataset) == expected
    if fmt in {"trig", "nquads"}:
        assert {q.graph_name.value for q in dataset} == {"urn:g1", "urn:g2"}


def store_format(name: str) -> ox.RdfFormat:
    from graph.formats import rdf_format

    return rdf_format(name).native


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "json-ld", "xml"])
def test_gyear_survives_rdflib_round_trip(store, fmt):
    """Year-only dates stay years: store -> dump -> rdflib parse -> rdflib serialise -> parse."""
    store.load(DOC, "trig")
    dumped = store.dump("trig")
    ds = rdflib.Dataset()
    ds.parse(data=dumped, format="trig")
    if fmt in {"trig", "nquads"}:
        text = ds.serialize(format=fmt)
    else:  # triple formats: rdflib writes only one graph, so merge the named graphs first
        merged = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
        text = merged.serialize(format=fmt)
    again = rdflib.Dataset()
    again.parse(data=text, format=fmt)
    years = {o for _, _, o, _ in again.quads((None, None, None, None)) if o.datatype == XSD.gYear}
    assert [str(y) for y in years] == ["2029"]
    months = {
        o for _, _, o, _ in again.quads((None, None, None, None)) if o.datatype == XSD.gYearMonth
    }
    assert [str(m) for m in months] == ["2027-05"]


def test_gyear_through_oxrdflib():
    """rdflib's API on the Oxigraph store (oxrdflib) keeps gYear literals as written."""
    g = rdflib.Graph(store="Oxigraph")
    g.parse(
        data=DOC.replace("<urn:g1> {", "").replace("<urn:g2> {", "").replace("}", ""),
        format="turtle",
    )
    values = {str(o): o.datatype for o in g.objects()}
    assert values["2029"] == XSD.gYear
    out = rdflib.Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert {str(o) for o in out.objects() if o.datatype == XSD.gYear} == {"2029"}
