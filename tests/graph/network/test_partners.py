"""The partner network derived from the seed graph and from small hand-built stores."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.errors import InputError
from graph.iris import PGID
from graph.network.partners import partner_network
from graph.query.sparql import select

KAKAO = str(PGID["org/kakao"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])
AGREEMENT = str(PGID["agreement/namyangju-ai-digital-hub-investment"])


def test_kakaos_partners_are_the_other_three_parties_with_evidence(seed_store):
    g = partner_network(seed_store)
    partners = {g.nodes[n]["label_en"] for n in g[KAKAO]}
    assert partners == {"Gyeonggi Province", "Namyangju City", "Korea Land and Housing Corporation"}
    for n in g[KAKAO]:
        edge = g.edges[KAKAO, n]
        assert edge["kinds"] == ["agreement"]
        assert edge["relationships"] == [AGREEMENT]
        assert edge["articles"] == [ARTICLE_000]
        assert edge["weight"] == 1
        assert (edge["first"], edge["last"]) == ("2025-06-13", "2025-06-13")


def test_articles_stay_separate_components(seed_store):
    g = partner_network(seed_store)
    linked = [c for c in nx.connected_components(g) if len(c) > 1]
    articles_of = [
        {a for u, v in g.subgraph(c).edges for a in g.edges[u, v]["articles"]} for c in linked
    ]
    assert all(len(a) == 1 for a in articles_of)
    assert len({a for arts in articles_of for a in arts}) == 3


def test_presence_near_a_site_is_not_a_partnership(seed_store):
    g = partner_network(seed_store)
    samsung = next(n for n, d in g.nodes(data=True) if d["label_en"].startswith("Samsung"))
    assert g.degree(samsung) == 0


def test_cached_until_a_write(empty_store):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company . <urn:b> a pg:Government . <urn:c> a pg:Company .
          <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> ; pg:signedOn "2024" .
        } }"""
    )
    first = partner_network(empty_store)
    assert partner_network(empty_store) is first
    assert {frozenset(e) for e in first.edges} == {frozenset(("urn:a", "urn:b"))}
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:p> pg:developer <urn:b>, <urn:c> .
          <urn:f1> a pg:Budget ; pg:funder <urn:a> ; pg:purpose <urn:p> .
          <urn:f2> a pg:Budget ; pg:funder <urn:c> ; pg:purpose <urn:p> .
        } }"""
    )
    second = partner_network(empty_store)
    assert second is not first
    assert second.edges["urn:b", "urn:c"]["kinds"] == ["co-development"]
    assert second.edges["urn:a", "urn:c"]["kinds"] == ["co-funding"]
    assert second.edges["urn:a", "urn:c"]["relationships"] == ["urn:f1", "urn:f2"]


@pytest.mark.parametrize(
    ("as_of", "edges"),
    [("2024-12-30", 0), ("2024-12-31", 1), ("2025-01-01", 1)],
)
def test_as_of_counts_a_year_from_its_last_day(empty_store, as_of, edges):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company . <urn:b> a pg:Government .
          <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> ;
             pg:signedOn "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> .
        } }"""
    )
    assert partner_network(empty_store, as_of=as_of).number_of_edges() == edges


def test_as_of_must_be_a_day(seed_store):
    with pytest.raises(InputError, match="as_of"):
        partner_network(seed_store, as_of="June 2025")


def test_people_layer_links_people_to_their_organisations(seed_store):
    g = partner_network(seed_store, people=True)
    kim = str(PGID["person/kim-dong-yeon"])
    gyeonggi = str(PGID["org/gyeonggi-province"])
    assert g.nodes[kim]["type"] == "Person"
    assert "post" in g.edges[kim, gyeonggi]["kinds"]
    assert not any(g.nodes[n]["type"] == "Person" for n in partner_network(seed_store))


def test_people_layer_marks_attendance_apart_from_signing(seed_store):
    # seed file 000: the four heads attended the Namyangju hub agreement; no signatory is known
    g = partner_network(seed_store, people=True)
    kim = str(PGID["person/kim-dong-yeon"])
    gyeonggi = str(PGID["org/gyeonggi-province"])
    edge = g.edges[kim, gyeonggi]
    assert {"post", "attendee"} <= set(edge["kinds"])
    assert "signatory" not in edge["kinds"]
    attended = [r["s"] for r in select(seed_store, f"SELECT ?s WHERE {{ ?s pg:attendee <{kim}> }}")]
    assert attended
    assert set(attended) <= set(edge["relationships"])
    # attending makes no partner: the organisations' edges are the same with or without people
    plain = partner_network(seed_store)
    assert {e for e in g.edges if all(g.nodes[n]["type"] != "Person" for n in e)} == set(
        plain.edges
    )
