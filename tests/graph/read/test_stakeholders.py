"""Stakeholder profiles and the stakeholder list over the seed graph and hand-built stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.errors import InputError, NotFound
from graph.iris import PGID
from graph.network.metrics import store_metrics
from graph.query.sparql import select
from graph.read.stakeholders import profile

KAKAO = str(PGID["org/kakao"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])
AGREEMENT = str(PGID["agreement/namyangju-ai-digital-hub-investment"])


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
    from graph.read.stakeholders import stakeholders

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
