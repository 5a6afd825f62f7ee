"""graph.network.export: formats, flattening, snapshots, and RDF dumps re-read by rdflib and
pyoxigraph."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.dates import period_end, period_start
from graph.errors import InputError
from graph.formats import rdf_format
from graph.iris import PGID
from graph.network.export import (
    NETWORK_FORMATS,
    SEPARATOR,
    export_network,
    export_rdf,
    network_format,
)
from graph.network.metrics import store_metrics
from graph.network.partners import partner_network
from graph.network.typed import typed_network
from graph.query.sparql import select
from tests.graph.readers import read

KAKAO = str(PGID["org/kakao"])
SEOUL = str(PGID["org/seoul-metropolitan-government"])
AGREEMENT = str(PGID["agreement/namyangju-ai-digital-hub-investment"])


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


# --- labels in a language, stable edge ids, names on edges -------------------------------


@pytest.mark.parametrize("fmt", [f.name for f in NETWORK_FORMATS])
@pytest.mark.parametrize(("lang", "shown"), [("ko", "카카오"), ("en", "Kakao"), (None, "Kakao")])
def test_every_format_shows_the_labels_in_the_language_asked(seed_store, fmt, lang, shown):
    nodes, edges = read(fmt, export_network(seed_store, fmt, lang=lang))
    kakao = nodes[KAKAO]
    assert kakao["label"] == shown
    assert (kakao["label_ko"], kakao["label_en"]) == ("카카오", "Kakao")  # both stay
    hub = next(e for e in edges if KAKAO in (e["source"], e["target"]))
    names = _names(seed_store, AGREEMENT)
    assert (hub["label_ko"], hub["label_en"]) == (names["ko"], names["en"])
    if fmt != "dot":  # DOT shows an edge's names as a tooltip
        assert hub["label"] == names[lang or "en"]


def test_a_label_missing_in_one_language_falls_back_to_the_other(empty_store):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company ; skos:prefLabel "Only English"@en .
          <urn:b> a pg:Company ; skos:prefLabel "한국어만"@ko .
        } }"""
    )
    nodes = {n["id"]: n for n in _node_link(empty_store, lang="ko")["nodes"]}
    assert (nodes["urn:a"]["label"], nodes["urn:b"]["label"]) == ("Only English", "한국어만")
    nodes = {n["id"]: n for n in _node_link(empty_store, lang="en")["nodes"]}
    assert (nodes["urn:a"]["label"], nodes["urn:b"]["label"]) == ("Only English", "한국어만")


@pytest.mark.parametrize("bad", ["fr", "KO", "", "ko-KR"])
def test_an_unknown_language_is_an_input_error(seed_store, bad):
    with pytest.raises(InputError) as err:
        export_network(seed_store, "gexf", lang=bad)
    assert err.value.context["parameter"] == "lang"


def test_the_korean_file_name_says_ko():
    assert network_format("dot").filename(lang="ko") == "policygraph-network-ko.dot"
    assert network_format("dot").filename(lang="en") == "policygraph-network.dot"


def _names(store, iri: str) -> dict[str, str]:
    rows = select(store, "SELECT ?l (lang(?l) AS ?lang) WHERE { ?s skos:prefLabel ?l }", s=iri)
    return {r["lang"]: r["l"] for r in rows}


def _edge_ids(fmt: str, data: bytes, directed: bool = False) -> dict[Any, str]:
    """The ids of the edges, by their ends (in order when directed)."""
    _, edges = read(fmt, data)
    ends = tuple if directed else frozenset
    return {ends((e["source"], e["target"])): e["id"] for e in edges}


@pytest.mark.parametrize("typed", [False, True])
def test_every_edge_has_one_unique_id_in_every_format(seed_store, typed):
    g = typed_network(seed_store) if typed else partner_network(seed_store)
    ids = {
        fmt.name: _edge_ids(fmt.name, export_network(seed_store, fmt.name, typed=typed), typed)
        for fmt in NETWORK_FORMATS
    }
    for fmt, found in ids.items():
        assert len(found) == g.number_of_edges(), fmt
        assert len(set(found.values())) == len(found), fmt  # unique
        assert found == ids["node-link"], fmt  # the same edge, the same id, in every format


def test_an_edge_keeps_its_id_in_every_snapshot(seed_store):
    before = _edge_ids("node-link", export_network(seed_store, "node-link", as_of="2025-01-01"))
    after = _edge_ids("node-link", export_network(seed_store, "node-link"))
    assert before and set(before) < set(after)
    assert {k: after[k] for k in before} == before


def test_typed_edges_are_named_by_the_ontology(seed_store):
    _, edges = read("node-link", export_network(seed_store, "node-link", typed=True, lang="ko"))
    party = next(e for e in edges if e["source"] == AGREEMENT and e["target"] == KAKAO)
    assert (party["kinds"], party["label_en"], party["label"]) == ("party", "party", "협약 당사자")


# --- GEXF dynamics -------------------------------------------------------------------------


def test_gexf_edges_live_through_their_dates_for_gephis_timeline(seed_store):
    g = partner_network(seed_store)
    data = export_network(seed_store, "gexf")
    root = ET.fromstring(data)
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    )
    graph_element = root.find("{http://gexf.net/1.3}graph")
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    back = nx.read_gexf(io.BytesIO(data), version="1.3")
    assert back.graph["mode"] == "dynamic"
    precisions = set()
    for u, v, d in g.edges(data=True):
        read_back = back.edges[u, v]
        assert (read_back["first"], read_back["last"]) == (d["first"], d["last"])  # as written
        assert read_back["start"] == period_start(d["first"]).isoformat()
        assert read_back["end"] == period_end(d["last"]).isoformat()
        dt.date.fromisoformat(read_back["start"])  # a whole date, as timeformat="date" wants
        precisions.add(len(d["first"]))
    assert precisions >= {4, 10}  # the seed has year-only and day dates: both become days


def test_a_year_becomes_the_whole_year(empty_store):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company . <urn:b> a pg:Government . <urn:c> a pg:Company .
          <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> ; pg:signedOn "2024"^^xsd:gYear .
          <urn:y> a pg:Agreement ; pg:party <urn:a>, <urn:b> ;
                  pg:signedOn "2026-02"^^xsd:gYearMonth .
          <urn:z> a pg:Agreement ; pg:party <urn:a>, <urn:c> .
        } }"""
    )
    back = nx.read_gexf(io.BytesIO(export_network(empty_store, "gexf")), version="1.3")
    dated = back.edges["urn:a", "urn:b"]
    assert (dated["first"], dated["last"]) == ("2024", "2026-02")
    assert (dated["start"], dated["end"]) == ("2024-01-01", "2026-02-28")
    assert "start" not in back.edges["urn:a", "urn:c"]  # undated: always there


def test_dated_nodes_of_the_typed_graph_live_through_their_date(seed_store):
    g = typed_network(seed_store)
    back = nx.read_gexf(io.BytesIO(export_network(seed_store, "gexf", typed=True)), version="1.3")
    dated = [n for n, d in g.nodes(data=True) if d.get("date")]
    assert dated
    for n in dated:
        date = g.nodes[n]["date"]
        assert back.nodes[n]["date"] == date
        assert back.nodes[n]["start"] == period_start(date).isoformat()
        assert back.nodes[n]["end"] == period_end(date).isoformat()


# --- Cytoscape JSON as Cytoscape reads it ------------------------------------------------


def _scalar(value) -> bool:
    return isinstance(value, str | int | float | bool)


@pytest.mark.parametrize("variant", [{}, {"people": True}, {"typed": True}])
def test_cytoscape_json_has_the_shape_cytoscape_desktop_reads(seed_store, variant):
    doc = json.loads(export_network(seed_store, "cytoscape", **variant))
    assert isinstance(doc["data"], dict) and doc["data"]["name"].startswith("policygraph")
    assert doc["data"]["separator"] == SEPARATOR
    assert set(doc["elements"]) == {"nodes", "edges"}
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = [e["data"]["id"] for e in nodes + edges]
    assert all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)
    for element in nodes + edges:  # flat columns: no null, no nested object
        assert all(_scalar(v) for v in element["data"].values()), element
        assert isinstance(element["data"]["name"], str)
    node_ids = {n["data"]["id"] for n in nodes}
    for e in edges:
        assert {e["data"]["source"], e["data"]["target"]} <= node_ids
        assert e["data"]["interaction"] == e["data"]["kinds"]


def test_networkx_reads_the_cytoscape_json_back(seed_store):
    g = partner_network(seed_store)
    back = nx.cytoscape_graph(json.loads(export_network(seed_store, "cytoscape")))
    assert set(back) == set(g)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
    assert back.nodes[KAKAO]["label_ko"] == "카카오"
