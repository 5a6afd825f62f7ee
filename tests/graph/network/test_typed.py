"""The typed stakeholder graph: relationship nodes stay nodes, joined by the store's properties."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from graph.errors import InputError
from graph.iris import PGID
from graph.network.export import export_network
from graph.network.typed import typed_network

HUB = str(PGID["agreement/namyangju-ai-digital-hub-investment"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])
KAKAO = str(PGID["org/kakao"])

SMALL = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <urn:g> {
  <urn:a> a pg:Organisation, pg:Company ; skos:prefLabel "가"@ko, "A"@en .
  <urn:b> a pg:Government ; skos:prefLabel "나"@ko, "B"@en .
  <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> ; pg:signedOn "2024"^^xsd:gYear ;
          pg:atSite <urn:s> ; pg:evidence <urn:art> ; pg:amount <urn:m> .
  <urn:m> a schema:MonetaryAmount ; schema:value 2.5 ; schema:currency "KRW" .
  <urn:s> a pg:Place, pg:Site ; pg:within <urn:r> .
  <urn:r> a pg:Region .
  <urn:art> a pg:Article .
  <urn:c> a pg:Concept .
} }"""


def test_a_small_store_gives_its_truth_table(empty_store):
    empty_store.update(SMALL)
    g = typed_network(empty_store)
    assert g.is_directed()
    assert {n: d["type"] for n, d in g.nodes(data=True)} == {
        "urn:a": "Company",
        "urn:b": "Government",
        "urn:x": "Agreement",
        "urn:s": "Site",
        "urn:r": "Region",
        "urn:art": "Article",
    }
    assert {(u, v, tuple(d["kinds"])) for u, v, d in g.edges(data=True)} == {
        ("urn:x", "urn:a", ("party",)),
        ("urn:x", "urn:b", ("party",)),
        ("urn:x", "urn:s", ("atSite",)),
        ("urn:x", "urn:art", ("evidence",)),
        ("urn:s", "urn:r", ("within",)),
    }
    x = g.nodes["urn:x"]
    assert (x["date"], x["amount"], x["currency"], x["group"]) == (
        "2024",
        2.5,
        "KRW",
        "relationship",
    )
    assert (g.nodes["urn:a"]["label_ko"], g.nodes["urn:a"]["label_en"]) == ("가", "A")


def test_cached_until_a_write(empty_store):
    empty_store.update(SMALL)
    first = typed_network(empty_store)
    assert typed_network(empty_store) is first
    empty_store.update(
        "INSERT DATA { GRAPH <urn:g> { <urn:z> a <https://policygraph.example/ont#Company> } }"
    )
    assert "urn:z" in typed_network(empty_store)


def test_the_seed_hub_agreement_is_a_node_with_its_parties_and_article(seed_store):
    g = typed_network(seed_store)
    hub = g.nodes[HUB]
    assert (hub["type"], hub["amount"], hub["currency"], hub["date"]) == (
        "Agreement",
        600_000_000_000,
        "KRW",
        "2025-06-13",
    )
    parties = {v for v in g.successors(HUB) if "party" in g.edges[HUB, v]["kinds"]}
    assert KAKAO in parties and len(parties) == 4
    assert g.edges[HUB, ARTICLE_000]["kinds"] == ["evidence"]
    assert g.nodes[ARTICLE_000]["label_ko"].startswith("경기도")
    proposals = [n for n, d in g.nodes(data=True) if d["type"] == "Proposal"]
    assert proposals and all(
        "party" not in d["kinds"] for p in proposals for _, _, d in g.out_edges(p, data=True)
    )


def test_the_seed_selection_and_studies_are_nodes_of_their_kind(seed_store):
    """The consortium's choice of South Jeolla is a relationship node with its chooser, place,
    project and article; the two research studies are project nodes typed as studies."""
    g = typed_network(seed_store)
    selection = str(PGID["selection/national-ai-computing-center-in-south-jeolla"])
    assert (g.nodes[selection]["type"], g.nodes[selection]["group"]) == (
        "Selection",
        "relationship",
    )
    assert {v: g.edges[selection, v]["kinds"] for v in g.successors(selection)} == {
        str(PGID["org/national-ai-computing-center-consortium"]): ["selectedBy"],
        str(PGID["place/jeollanam-do"]): ["selectedPlace"],
        str(PGID["project/national-ai-computing-center"]): ["selectedFor"],
        str(PGID["article/c901c4c0e230705d"]): ["evidence"],
    }
    studies = {n for n, d in g.nodes(data=True) if d["type"] == "Study"}
    assert studies == {
        str(PGID["project/yangjae-ai-district-research-service"]),
        str(PGID["project/gwangju-new-town-preliminary-planning-study"]),
    }
    assert {g.nodes[n]["group"] for n in studies} == {"project"}


def test_every_node_has_both_labels_or_is_an_article(seed_store):
    g = typed_network(seed_store)
    for n, d in g.nodes(data=True):
        assert d["label_ko"] or d["label_en"], n
        if d["type"] != "Article":
            assert d["label_ko"] and d["label_en"], n


def test_typed_export_is_directed_and_named(seed_store):
    data = json.loads(export_network(seed_store, "node-link", typed=True))
    g = typed_network(seed_store)
    assert data["directed"] is True
    assert (len(data["nodes"]), len(data["links"])) == (len(g), g.number_of_edges())
    back = nx.read_graphml(io.BytesIO(export_network(seed_store, "graphml", typed=True)))
    assert back.is_directed() and back.nodes[HUB]["amount"] == 600_000_000_000


@pytest.mark.parametrize("kwargs", [{"as_of": "2025-01-01"}, {"people": True}])
def test_typed_has_no_snapshot_or_people_variant(seed_store, kwargs):
    with pytest.raises(InputError, match="typed"):
        export_network(seed_store, "gexf", typed=True, **kwargs)
