"""Stakeholder search and profiles over the seed graph and hand-built stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.errors import InputError, NotFound
from graph.iris import PGID
from graph.lookup import profile, search
from graph.metrics import store_metrics
from graph.sparql import select

KAKAO = str(PGID["org/kakao"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])
AGREEMENT = str(PGID["agreement/namyangju-ai-digital-hub-investment"])


@pytest.mark.parametrize(
    "q",
    [
        "카카오",
        "㈜카카오",
        "주식회사 카카오",
        "kakao corp",
        "Kakao",
        "KAKAO",
        "ＫＡＫＡＯ",
        "kak",
        "카카",
    ],
)
def test_every_way_of_writing_kakao_finds_it_first(seed_store, q):
    result = search(seed_store, q)
    assert result["items"][0]["iri"] == KAKAO
    assert result["items"][0]["label_ko"] == "카카오"
    assert result["items"][0]["label_en"] == "Kakao"
    assert result["total"] == len(result["items"])


def test_prefix_and_variant_matches_are_labelled(seed_store):
    assert search(seed_store, "kak")["items"][0]["match"] == "prefix"
    assert search(seed_store, "Kakao Corporation")["items"][0]["match"] == "exact"
    assert search(seed_store, "카카오 주식회사")["items"][0]["match"] == "variant"


def test_type_filter(seed_store):
    people = search(seed_store, "kim", type="person")
    assert people["total"] >= 2
    assert {i["type"] for i in people["items"]} == {"Person"}
    assert search(seed_store, "kim", type="Company")["total"] == 0
    orgs = search(seed_store, "gyeonggi", type="organisation")
    assert {i["type"] for i in orgs["items"]} == {"Government"}


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"text": ""}, "q"),
        ({"text": "   "}, "q"),
        ({"text": None}, "q"),
        ({"text": "--"}, "q"),
        ({"text": "kakao", "type": "Spaceship"}, "type"),
        ({"text": "kakao", "limit": 0}, "limit"),
        ({"text": "kakao", "limit": 501}, "limit"),
        ({"text": "kakao", "offset": -1}, "offset"),
    ],
)
def test_bad_search_input_names_the_parameter(seed_store, kwargs, parameter):
    with pytest.raises(InputError) as err:
        search(seed_store, **kwargs)
    assert err.value.context["parameter"] == parameter


RANKED = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { GRAPH <urn:g> {
  <urn:contains> a pg:Company ; skos:prefLabel "빅 알파"@ko, "Big Alpha"@en .
  <urn:prefix> a pg:Company ; skos:prefLabel "알파벳"@ko, "Alphabet"@en .
  <urn:variant> a pg:Company ; skos:prefLabel "알파 코프"@ko, "Alpha Corp."@en .
  <urn:exact> a pg:Company ; skos:prefLabel "알파"@ko, "ALPHA"@en .
  <urn:none> a pg:Company ; skos:prefLabel "베타"@ko, "Beta"@en .
} }"""


def test_ranking_exact_variant_prefix_contains_and_paging(empty_store):
    empty_store.update(RANKED)
    result = search(empty_store, "alpha")
    assert [i["iri"] for i in result["items"]] == [
        "urn:exact",
        "urn:variant",
        "urn:prefix",
        "urn:contains",
    ]
    assert [i["match"] for i in result["items"]] == ["exact", "variant", "prefix", "contains"]
    second = search(empty_store, "alpha", limit=2, offset=2)
    assert second["total"] == 4
    assert [i["iri"] for i in second["items"]] == ["urn:prefix", "urn:contains"]


def test_search_sees_a_write(empty_store):
    empty_store.update(RANKED)
    assert search(empty_store, "gamma")["total"] == 0
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <urn:g> { <urn:g1> a pg:Company ; skos:prefLabel "Gamma"@en . } }"""
    )
    assert search(empty_store, "gamma")["items"][0]["iri"] == "urn:g1"


def test_kakao_profile(seed_store):
    p = profile(seed_store, "org/kakao")
    assert p["iri"] == KAKAO and p["type"] == "Company"
    assert p["labels"]["ko"] == "카카오" and p["labels"]["en"] == "Kakao"
    assert set(p["labels"]["variants"]["ko"]) == {"㈜카카오", "주식회사 카카오"}
    assert set(p["labels"]["variants"]["en"]) == {"Kakao Corp.", "Kakao Corporation"}
    # people and their posts
    assert [(x["person"]["label_en"], x["role_en"]) for x in p["posts"]] == [
        ("Chung Shin-a", "Chief Executive Officer")
    ]
    # the agreement, its co-parties, date and amount (a number with a currency)
    (agreement,) = p["agreements"]
    assert agreement["iri"] == AGREEMENT and agreement["roles"] == ["party"]
    assert {c["label_en"] for c in agreement["co_parties"]} == {
        "Gyeonggi Province",
        "Namyangju City",
        "Korea Land and Housing Corporation",
    }
    assert agreement["date"] == "2025-06-13"
    assert agreement["amount"]["value"] == 600_000_000_000
    assert agreement["amount"]["currency"] == "KRW"
    assert isinstance(agreement["amount"]["value"], int)
    assert [a["iri"] for a in agreement["articles"]] == [ARTICLE_000]
    # projects, sites; presence and proposals are not partnerships
    assert [(x["label_en"], x["roles"]) for x in p["projects"]] == [
        ("Namyangju AI Digital Hub", ["developer"])
    ]
    assert [(s["label_en"], s["roles"]) for s in p["sites"]] == [
        ("Wangsuk AI digital hub site", ["agreement-site", "project-site"])
    ]
    assert {x["label_en"] for x in p["partners"]} == {
        "Gyeonggi Province",
        "Namyangju City",
        "Korea Land and Housing Corporation",
    }
    for partner in p["partners"]:
        assert [r["iri"] for r in partner["relationships"]] == [AGREEMENT]
        assert [a["iri"] for a in partner["articles"]] == [ARTICLE_000]
    assert p["metrics"] == store_metrics(seed_store)[KAKAO]
    assert [a["iri"] for a in p["articles"]] == [ARTICLE_000]
    assert p["proposals"] == [] and p["designations"] == [] and p["budgets"] == []


def test_budget_sums_agree_with_a_sparql_sum(seed_store):
    gov = str(PGID["org/korean-government"])
    p = profile(seed_store, gov)
    expected = select(
        seed_store,
        """SELECT ?c (SUM(?v) AS ?total) WHERE {
             ?b a pg:Budget ; pg:funder ?f ; pg:amount [ schema:value ?v ; schema:currency ?c ] }
           GROUP BY ?c""",
        f=gov,
    )
    assert p["budget_sums"]["funded"] == {r["c"]: int(Decimal(r["total"])) for r in expected}
    assert p["budget_sums"]["received"] == {}
    assert all(b["roles"] == ["funder"] for b in p["budgets"])
    assert {x["label_en"] for x in p["partners"]} == {"Gwangju Metropolitan City"}


def test_a_persons_profile_has_posts_and_proposals_but_no_metrics(seed_store):
    p = profile(seed_store, "person/jung-jin-uk")
    assert p["type"] == "Person"
    assert [x["organisation"]["label_en"] for x in p["posts"]] == ["National Assembly"]
    assert len(p["proposals"]) == 3
    assert all(x["proposed_on"] == "2025-11-07" for x in p["proposals"])
    assert all(x["roles"] == ["proposer"] for x in p["proposals"])
    assert p["agreements"] == []
    assert p["metrics"] is None


def test_a_persons_profile_lists_the_agreements_they_attended(seed_store):
    """The governor attended the hub agreement's conclusion for Gyeonggi Province: it is in his
    profile with the role ``attendee``, as a signed one is with ``signatory``."""
    p = profile(seed_store, "person/kim-dong-yeon")
    (agreement,) = p["agreements"]
    assert agreement["iri"] == AGREEMENT and agreement["roles"] == ["attendee"]
    assert str(PGID["person/kim-dong-yeon"]) in {a["iri"] for a in agreement["attendees"]}
    assert agreement["signatories"] == []
    assert "Gyeonggi Province" in {c["label_en"] for c in agreement["co_parties"]}
    assert [a["iri"] for a in agreement["articles"]] == [ARTICLE_000]


def test_signing_and_attending_are_told_apart_in_a_profile(empty_store):
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company ; skos:prefLabel "A"@en . <urn:b> a pg:Government ;
            skos:prefLabel "B"@en .
          <urn:signer> a pg:Person ; skos:prefLabel "Signer"@en .
          <urn:guest> a pg:Person ; skos:prefLabel "Guest"@en .
          <urn:x> a pg:Agreement ; skos:prefLabel "X"@en ; pg:party <urn:a> , <urn:b> ;
            pg:signatory <urn:signer> ; pg:attendee <urn:signer> , <urn:guest> .
        } }"""
    )
    assert [a["roles"] for a in profile(empty_store, "urn:signer")["agreements"]] == [
        ["attendee", "signatory"]
    ]
    (agreement,) = profile(empty_store, "urn:guest")["agreements"]
    assert agreement["roles"] == ["attendee"]
    assert [s["iri"] for s in agreement["signatories"]] == ["urn:signer"]
    assert {a["iri"] for a in agreement["attendees"]} == {"urn:signer", "urn:guest"}


def test_designations_and_presence(seed_store):
    seocho = profile(seed_store, "org/seocho-gu")
    assert len(seocho["designations"]) == 2
    assert {tuple(d["roles"]) for d in seocho["designations"]} == {("applicant",)}
    assert {d["designation_status"] for d in seocho["designations"]} == {"planned"}
    samsung = profile(seed_store, "org/samsung")
    assert [(s["label_en"], s["roles"]) for s in samsung["sites"]] == [
        ("Yangjae AI Innovation District", ["presence"])
    ]
    assert samsung["partners"] == []


def test_unknown_stakeholder(seed_store):
    with pytest.raises(NotFound, match="org/nobody") as err:
        profile(seed_store, "org/nobody")
    assert err.value.context["id"] == "org/nobody"


def test_stakeholders_list_and_type_filter(seed_store):
    from graph.lookup import stakeholders

    everyone = stakeholders(seed_store, limit=500)
    n = select(
        seed_store,
        """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
             VALUES ?t { pg:Government pg:Company pg:ResearchBody pg:EducationBody
                         pg:PoliticalParty pg:Consortium pg:Organisation pg:Person } ?s a ?t }""",
    )[0]["n"]
    assert everyone["total"] == n
    assert all(i["label_ko"] and i["label_en"] for i in everyone["items"])
    people = stakeholders(seed_store, type="Person", limit=500)
    orgs = stakeholders(seed_store, type="organisation", limit=500)
    assert {i["type"] for i in people["items"]} == {"Person"}
    assert "Person" not in {i["type"] for i in orgs["items"]}
    assert people["total"] + orgs["total"] == n
    with pytest.raises(InputError):
        stakeholders(seed_store, type="planet")
