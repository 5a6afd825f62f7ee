"""Shortest paths and ego networks with evidence, on the seed graph and on hand-built stores."""

from __future__ import annotations

import pytest

from graph.errors import InputError, NotFound
from graph.iris import PGID
from graph.network.partners import partner_network
from graph.read.paths import ego_network, evidence, shortest_path

KAKAO = str(PGID["org/kakao"])
LH = str(PGID["org/lh"])
AGREEMENT = str(PGID["agreement/namyangju-ai-digital-hub-investment"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])

# a - b - c - d, a chain of agreements signed in 2020, 2021, 2022; e apart.
CHAIN = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <urn:g> {
  <urn:a> a pg:Company ; skos:prefLabel "에이"@ko, "A"@en .
  <urn:b> a pg:Government ; skos:prefLabel "비"@ko, "B"@en .
  <urn:c> a pg:Company ; skos:prefLabel "씨"@ko, "C"@en .
  <urn:d> a pg:Company ; skos:prefLabel "디"@ko, "D"@en .
  <urn:e> a pg:Company ; skos:prefLabel "이"@ko, "E"@en .
  <urn:p> a pg:Person ; skos:prefLabel "피"@ko, "P"@en .
  <urn:post> a pg:Post ; pg:heldBy <urn:p> ; pg:postIn <urn:a> ; pg:evidence <urn:art1> .
  <urn:ab> a pg:Agreement ; pg:party <urn:a>, <urn:b> ; pg:signedOn "2020"^^xsd:gYear ;
     skos:prefLabel "가"@ko, "AB deal"@en ; pg:evidence <urn:art1> .
  <urn:bc> a pg:Agreement ; pg:party <urn:b>, <urn:c> ; pg:signedOn "2021-03"^^xsd:gYearMonth ;
     pg:evidence <urn:art2> .
  <urn:cd> a pg:Agreement ; pg:party <urn:c>, <urn:d> ; pg:signedOn "2022-05-01"^^xsd:date ;
     pg:evidence <urn:art2> .
  <urn:art1> a pg:Article ; dct:title "One"@en ; dct:issued "2020"^^xsd:gYear .
  <urn:art2> a pg:Article ; dct:title "둘"@ko ; dct:issued "2022-05-02"^^xsd:date .
} }"""


@pytest.fixture
def chain(empty_store):
    empty_store.update(CHAIN)
    return empty_store


def test_seed_path_kakao_lh_cites_the_agreement_and_article(seed_store):
    p = shortest_path(seed_store, "org/kakao", LH)
    assert p["found"] is True and p["length"] == 1
    assert [n["iri"] for n in p["nodes"]] == [KAKAO, LH]
    assert p["nodes"][0]["label_ko"] == "카카오" and p["nodes"][0]["label_en"] == "Kakao"
    (hop,) = p["hops"]
    assert (hop["from"], hop["to"]) == (KAKAO, LH)
    (rel,) = hop["relationships"]
    assert rel["iri"] == AGREEMENT and rel["kind"] == "agreement" and rel["date"] == "2025-06-13"
    assert rel["label_en"] == "Investment agreement on building the AI-based digital hub"
    (article,) = hop["articles"]
    assert article["iri"] == ARTICLE_000 and article["issued"] == "2025-06-13"
    assert article["title"].startswith("경기도–카카오")


def test_seed_unconnected_is_a_clear_no_path(seed_store):
    p = shortest_path(seed_store, "org/kakao", "org/gwangju-metropolitan-city")
    assert p["found"] is False and p["length"] is None and p["hops"] == []
    assert "no partner path" in p["message"]
    assert "Kakao" in p["message"] and "Gwangju Metropolitan City" in p["message"]


def test_unknown_stakeholder_is_not_found_naming_the_id(seed_store):
    with pytest.raises(NotFound, match="org/nobody") as err:
        shortest_path(seed_store, "org/kakao", "org/nobody")
    assert err.value.context["id"] == "org/nobody"
    # a site is not a stakeholder
    with pytest.raises(NotFound, match="site/wangsuk-district"):
        shortest_path(seed_store, "site/wangsuk-district", "org/kakao")


def test_chain_path_hops_in_order_with_dates_at_their_precision(chain):
    p = shortest_path(chain, "urn:a", "urn:d")
    assert p["length"] == 3
    assert [n["label_en"] for n in p["nodes"]] == ["A", "B", "C", "D"]
    assert [h["relationships"][0]["iri"] for h in p["hops"]] == ["urn:ab", "urn:bc", "urn:cd"]
    assert [h["relationships"][0]["date"] for h in p["hops"]] == ["2020", "2021-03", "2022-05-01"]
    assert p["hops"][0]["relationships"][0]["label_en"] == "AB deal"
    assert p["hops"][1]["relationships"][0]["label_en"] is None
    (article,) = p["hops"][2]["articles"]
    assert (article["iri"], article["title"], article["issued"]) == ("urn:art2", "둘", "2022-05-02")
    assert article["title_language"] == "ko"


@pytest.mark.parametrize(
    ("as_of", "length"),
    [("2022-05-01", 3), ("2022-04-30", None), ("2021-12-31", None)],
)
def test_as_of_drops_later_links(chain, as_of, length):
    p = shortest_path(chain, "urn:a", "urn:d", as_of=as_of)
    assert p["length"] == length
    assert p["as_of"] == as_of
    if length is None:
        assert as_of in p["message"]


def test_malformed_as_of_is_an_input_error(chain):
    with pytest.raises(InputError) as err:
        shortest_path(chain, "urn:a", "urn:d", as_of="last year")
    assert err.value.context["parameter"] == "as_of"


def test_same_node_is_a_path_of_length_zero(chain):
    p = shortest_path(chain, "urn:b", "urn:b")
    assert p["found"] and p["length"] == 0 and p["hops"] == []


def test_a_person_is_reached_through_the_people_layer(chain):
    p = shortest_path(chain, "urn:p", "urn:b")
    assert [n["iri"] for n in p["nodes"]] == ["urn:p", "urn:a", "urn:b"]
    assert p["hops"][0]["relationships"][0]["kind"] == "post"
    assert p["hops"][1]["relationships"][0]["kind"] == "agreement"
    # organisations alone never walk through people
    assert "urn:p" not in partner_network(chain)


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (1, {"urn:b": 0, "urn:a": 1, "urn:c": 1}),
        (2, {"urn:b": 0, "urn:a": 1, "urn:c": 1, "urn:d": 2}),
    ],
)
def test_ego_network_distances_and_edges(chain, depth, expected):
    e = ego_network(chain, "urn:b", depth=depth)
    assert {n["iri"]: n["distance"] for n in e["nodes"]} == expected
    assert e["nodes"][0]["iri"] == "urn:b"
    pairs = {frozenset((x["from"], x["to"])) for x in e["edges"]}
    g = partner_network(chain)
    assert pairs == {frozenset(edge) for edge in g.subgraph(expected).edges}
    assert all(x["relationships"] and x["articles"] for x in e["edges"])


def test_ego_network_of_an_isolated_node(chain):
    e = ego_network(chain, "urn:e", depth=3)
    assert [n["iri"] for n in e["nodes"]] == ["urn:e"] and e["edges"] == []


@pytest.mark.parametrize("depth", [0, 4, 9, -1, "2", True])
def test_ego_depth_out_of_range_is_an_input_error(chain, depth):
    with pytest.raises(InputError) as err:
        ego_network(chain, "urn:b", depth=depth)
    assert err.value.context["parameter"] == "depth"


def test_seed_ego_of_kakao_is_the_agreement_clique(seed_store):
    e = ego_network(seed_store, KAKAO, depth=1)
    assert {n["label_en"] for n in e["nodes"] if n["distance"] == 1} == {
        "Gyeonggi Province",
        "Namyangju City",
        "Korea Land and Housing Corporation",
    }
    # the four parties of one agreement: all six pairs, each citing it
    assert len(e["edges"]) == 6
    assert {r["iri"] for x in e["edges"] for r in x["relationships"]} == {AGREEMENT}


def test_evidence_describes_co_funding_budgets(seed_store):
    g = partner_network(seed_store)
    gov, gwangju = str(PGID["org/korean-government"]), str(PGID["org/gwangju-metropolitan-city"])
    edge = g.edges[gov, gwangju]
    ev = evidence(seed_store, edge["relationships"], edge["articles"], edge["kinds"])
    assert {r["kind"] for r in ev["relationships"]} == {"co-funding"}
    assert {r["type"] for r in ev["relationships"]} == {"Budget"}
    assert all(r["label_ko"] and r["label_en"] for r in ev["relationships"])
    assert [a["issued"] for a in ev["articles"]] == ["2025"]
