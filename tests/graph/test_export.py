"""graph.export: formats, flattening, snapshots, and RDF dumps re-read by rdflib and pyoxigraph."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import InputError
from graph.export import (
    NETWORK_FORMATS,
    SEPARATOR,
    export_network,
    export_rdf,
    network_format,
)
from graph.formats import rdf_format
from graph.iris import PGID
from graph.metrics import store_metrics
from graph.network import partner_network

KAKAO = str(PGID["org/kakao"])
SEOUL = str(PGID["org/seoul-metropolitan-government"])


def _node_link(store, **kwargs) -> dict:
    return json.loads(export_network(store, "node-link", **kwargs))


@pytest.mark.parametrize("fmt", [f.name for f in NETWORK_FORMATS])
def test_no_format_writes_none_or_a_python_list(seed_store, fmt):
    data = export_network(seed_store, fmt)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            data = b"".join(zf.read(n) for n in zf.namelist())
    text = data.decode("utf-8")
    assert "None" not in text
    assert "['" not in text and "{'" not in text  # no repr() of a list or set
    assert "카카오" in text  # Korean stays as it is, in UTF-8


def test_node_link_holds_the_partner_network_joined(seed_store):
    g = partner_network(seed_store)
    data = _node_link(seed_store)
    assert (len(data["nodes"]), len(data["links"])) == (len(g), g.number_of_edges())
    assert data["graph"]["separator"] == SEPARATOR
    kakao = next(n for n in data["nodes"] if n["id"] == KAKAO)
    assert {k: kakao[k] for k in ("type", "label_ko", "label_en", "label")} == {
        "type": "Company",
        "label_ko": "카카오",
        "label_en": "Kakao",
        "label": "Kakao",
    }
    for link in data["links"]:
        edge = g.edges[link["source"], link["target"]]
        assert link["kinds"] == SEPARATOR.join(edge["kinds"])
        assert link["relationships"].split(SEPARATOR) == edge["relationships"]
        assert link["articles"].split(SEPARATOR) == edge["articles"]
        assert link["weight"] == edge["weight"] == len(edge["relationships"])


def test_every_node_carries_its_metrics(seed_store):
    metrics = store_metrics(seed_store, as_of="2025-01-01")
    nodes = _node_link(seed_store, as_of="2025-01-01")["nodes"]
    assert {n["id"]: {k: n[k] for k in metrics[n["id"]]} for n in nodes} == metrics


def test_undated_edges_have_no_first_or_last(empty_store):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company . <urn:b> a pg:Government .
          <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> .
        } }"""
    )
    (link,) = _node_link(empty_store)["links"]
    assert "first" not in link and "last" not in link
    assert link["weight"] == 1


def test_as_of_keeps_the_earlier_agreements_only(seed_store):
    before_hub = _node_link(seed_store, as_of="2025-01-01")
    after_hub = _node_link(seed_store, as_of="2025-06-13")
    ends = [{(lk["source"], lk["target"]) for lk in d["links"]} for d in (before_hub, after_hub)]
    assert not any(KAKAO in pair for pair in ends[0])
    assert sum(KAKAO in pair for pair in ends[1]) == 3
    assert any(SEOUL in pair for pair in ends[0])  # the 2021 property exchange
    assert before_hub["graph"]["as_of"] == "2025-01-01"


def test_people_add_persons(seed_store):
    types = {n["type"] for n in _node_link(seed_store, people=True)["nodes"]}
    assert "Person" in types
    assert "Person" not in {n["type"] for n in _node_link(seed_store)["nodes"]}


@pytest.mark.parametrize("bad", ["2025", "yesterday", "2025-13-01"])
def test_a_bad_as_of_is_an_input_error(seed_store, bad):
    with pytest.raises(InputError, match="as_of"):
        export_network(seed_store, "gexf", as_of=bad)


def test_an_unknown_format_names_the_known_ones(seed_store):
    with pytest.raises(InputError) as err:
        export_network(seed_store, "xlsx")
    assert "'xlsx'" in str(err.value)
    for fmt in NETWORK_FORMATS:
        assert fmt.name in str(err.value)


@pytest.mark.parametrize(
    ("key", "name", "media_type", "filename"),
    [
        ("gexf", "gexf", "application/gexf+xml", "policygraph-network.gexf"),
        ("GraphML", "graphml", "application/graphml+xml", "policygraph-network.graphml"),
        ("cyjs", "cytoscape", "application/json", "policygraph-network.cyjs"),
        ("cytoscape.json", "cytoscape", "application/json", "policygraph-network.cyjs"),
        ("json", "node-link", "application/json", "policygraph-network.json"),
        ("dot", "dot", "text/vnd.graphviz", "policygraph-network.dot"),
        ("zip", "csv", "application/zip", "policygraph-network.zip"),
    ],
)
def test_format_lookup(key, name, media_type, filename):
    fmt = network_format(key)
    assert (fmt.name, fmt.media_type, fmt.filename()) == (name, media_type, filename)


def test_file_names_say_what_is_in_them():
    fmt = network_format("graphml")
    assert fmt.filename(as_of="2025-06-13", people=True) == (
        "policygraph-network-people-2025-06-13.graphml"
    )


def test_the_graphml_round_trips_through_networkx(seed_store):
    g = partner_network(seed_store)
    back = nx.read_graphml(io.BytesIO(export_network(seed_store, "graphml")))
    assert set(back) == set(g)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}


# --- RDF dumps ----------------------------------------------------------------------------


def _store_quads(store) -> set[tuple[str, str, str, str]]:
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default=False)
    return {tuple(str(r[v]) for v in ("s", "p", "o", "g")) for r in rows}


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_dumps_keep_every_graph(seed_store, fmt):
    data = export_rdf(seed_store, fmt)
    native = rdf_format(fmt).native
    by_oxigraph = list(ox.parse(data, format=native))
    assert len(by_oxigraph) == len(seed_store)
    graphs = {q.graph_name.value for q in by_oxigraph}
    assert graphs == set(seed_store.named_graphs())
    assert {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in by_oxigraph
    } == _store_quads(seed_store)

    by_rdflib = rdflib.Dataset()
    by_rdflib.parse(data=data, format=fmt)
    named = {str(c.identifier) for c in by_rdflib.graphs() if len(c)}
    assert named == set(seed_store.named_graphs())
    assert sum(1 for _ in by_rdflib.quads((None, None, None, None))) == len(seed_store)


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples", "rdfxml"])
def test_merged_dumps_hold_the_union(seed_store, fmt):
    union = {(s, p, o) for s, p, o, _ in _store_quads(seed_store)}
    data = export_rdf(seed_store, fmt)
    by_oxigraph = list(ox.parse(data, format=rdf_format(fmt).native))
    assert {(str(t.subject), str(t.predicate), str(t.object)) for t in by_oxigraph} == union
    assert len(by_oxigraph) == len(union)
    by_rdflib = rdflib.Graph().parse(
        data=data, format={"jsonld": "json-ld", "rdfxml": "xml"}.get(fmt, fmt)
    )
    reference = rdflib.Graph().parse(data=export_rdf(seed_store, "nt"), format="nt")
    assert len(by_rdflib) == len(union)
    assert isomorphic(by_rdflib, reference)


def test_jsonld_is_compacted_with_the_project_context(seed_store):
    doc = json.loads(export_rdf(seed_store, "application/ld+json"))
    assert doc["@context"]["pg"] == "https://policygraph.example/ont#"
    kakao = next(n for n in doc["@graph"] if n["@id"] == KAKAO)
    assert kakao["@type"] == "Company"
    assert kakao["prefLabel"] == {"en": "Kakao", "ko": "카카오"}


def test_an_unknown_rdf_format_is_an_input_error(seed_store):
    with pytest.raises(InputError, match="trig"):
        export_rdf(seed_store, "n3")
