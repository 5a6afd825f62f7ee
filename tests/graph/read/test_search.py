"""Search by name over the seed graph and hand-built stores."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.iris import PGID
from graph.names import core, normalise
from graph.query.sparql import select
from graph.read.search import search

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


# --- search beyond stakeholders ------------------------------------------------------------

#: What people typed and found nothing before search covered projects, places and articles.
TYPED = ["NPU", "데이터센터", "digital hub", "왕숙", "AI City", "Wangsuk"]

_ALL_TEXTS = """SELECT DISTINCT ?s ?type ?text WHERE {
  ?s a ?type ; skos:prefLabel|rdfs:label|skos:altLabel|pg:formerName|dct:title|pg:feature ?text
}"""


def _expected(store, q: str) -> dict[str, str]:
    """IRI -> kind of every searchable thing whose name (or feature) holds ``q`` once both are
    normalised, read from the store by SPARQL, without the search index."""
    from graph.read.search import SEARCH_CLASSES

    found: dict[str, set[str]] = {}
    for row in select(store, _ALL_TEXTS):
        cls = row["type"].rsplit("#", 1)[-1]
        if cls in SEARCH_CLASSES and (
            core(q) in core(row["text"]) or normalise(q) in normalise(row["text"])
        ):
            found.setdefault(row["s"], set()).add(SEARCH_CLASSES[cls])
    return {iri: kinds.pop() for iri, kinds in found.items() if len(kinds) == 1}


@pytest.mark.parametrize("q", TYPED)
def test_what_people_type_is_found(seed_store, q):
    result = search(seed_store, q, limit=500)
    expected = _expected(seed_store, q)
    assert expected, f"the seed names nothing with {q!r}: the test needs a new word"
    assert {i["iri"]: i["kind"] for i in result["items"]} == expected
    assert result["total"] == len(expected)
    for item in result["items"]:
        assert core(q) in core(item["matched"]) or normalise(q) in normalise(item["matched"])
        assert item["id"] == item["iri"].removeprefix(str(PGID))
        assert item["type"] and item["match"] in ("exact", "variant", "prefix", "contains")
    # none of these words names a stakeholder: what was missing is found
    assert {i["kind"] for i in result["items"]} - {"organisation", "person"}


def test_a_word_in_korean_and_in_english_finds_the_same_places(seed_store):
    ko = {i["iri"] for i in search(seed_store, "왕숙")["items"]}
    en = {i["iri"] for i in search(seed_store, "Wangsuk")["items"]}
    assert ko == en
    assert {search(seed_store, "왕숙", type=t)["total"] for t in ("site", "zone")} >= {1}


def test_a_feature_matches_after_the_names(seed_store):
    (hit,) = search(seed_store, "데이터센터")["items"]
    assert hit["matched_property"] == "pg:feature"
    assert (hit["kind"], hit["type"]) == ("project", "Facility")
    names = search(seed_store, "AI")["items"]
    described = [i["matched_property"] == "pg:feature" for i in names if i["match"] == "contains"]
    assert described == sorted(described)  # every name before any feature


def test_hits_say_where_the_api_describes_them(seed_store, client):
    for q in ["카카오", "AI City", "Jung Jin-uk"]:
        for item in search(seed_store, q)["items"]:
            if item["kind"] in ("organisation", "person", "article"):
                body = client.get(item["api"]).get_json()
                assert body["iri"] == item["iri"]
            else:
                assert item["api"] is None


def test_the_kind_filter(seed_store):
    everything = search(seed_store, "AI", limit=500)
    kinds = {i["kind"] for i in everything["items"]}
    assert {"project", "site", "organisation", "article"} <= kinds
    for kind in kinds:
        only = search(seed_store, "AI", kind=kind, limit=500)
        assert {i["kind"] for i in only["items"]} == {kind}
        assert only["total"] == sum(i["kind"] == kind for i in everything["items"])
        assert only["kind"] == kind
    two = search(seed_store, "AI", kind="Project, SITE", limit=500)
    assert {i["kind"] for i in two["items"]} == {"project", "site"}
    people_and_orgs = search(seed_store, "AI", kind="stakeholder", limit=500)
    assert {i["kind"] for i in people_and_orgs["items"]} <= {"organisation", "person"}
    assert search(seed_store, "NPU", type="facility")["total"] == 1


def test_a_bad_kind_names_the_known_ones(seed_store):
    with pytest.raises(InputError) as err:
        search(seed_store, "AI", kind="project,planet")
    assert err.value.context["parameter"] == "kind"
    assert "'planet'" in str(err.value) and "project" in str(err.value)


def test_pages_of_a_broad_search_add_up(seed_store):
    everything = search(seed_store, "AI", limit=500)
    assert everything["total"] > 10
    pages, offset = [], 0
    while offset < everything["total"]:
        part = search(seed_store, "AI", limit=7, offset=offset)
        assert part["total"] == everything["total"] and len(part["items"]) <= 7
        pages += part["items"]
        offset += 7
    assert pages == everything["items"]
    assert search(seed_store, "AI", offset=everything["total"])["items"] == []


MIXED = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { GRAPH <urn:g> {
  <urn:site> a pg:Site ; skos:prefLabel "Omega"@en .
  <urn:company> a pg:Company ; skos:prefLabel "오메가"@ko, "OMEGA"@en .
  <urn:project> a pg:Project ; skos:prefLabel "Omega Campus"@en .
  <urn:described> a pg:Facility ; skos:prefLabel "Campus"@en ; pg:feature "an omega lab"@en .
  <urn:named> a pg:Facility ; skos:prefLabel "The Omega building"@en .
  <urn:inside> a pg:Company ; skos:prefLabel "Bromega"@en .
} }"""


def test_ranking_across_kinds(empty_store):
    empty_store.update(MIXED)
    items = search(empty_store, "omega")["items"]
    assert [(i["iri"], i["match"]) for i in items] == [
        ("urn:company", "exact"),  # exact, and a stakeholder first on a tie
        ("urn:site", "exact"),
        ("urn:project", "prefix"),
        ("urn:named", "contains"),  # a name before a feature
        ("urn:described", "contains"),
        ("urn:inside", "contains"),  # inside a word only: last, stakeholder or not
    ]
    kinds = ["organisation", "site", "project", "project", "project", "organisation"]
    assert [i["kind"] for i in items] == kinds
    assert items[-2]["matched"] == "an omega lab"


def test_search_sees_a_new_project(empty_store):
    empty_store.update(MIXED)
    assert search(empty_store, "zeta")["total"] == 0
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <urn:g> { <urn:z> a pg:Project ; skos:altLabel "Zeta"@en . } }"""
    )
    (hit,) = search(empty_store, "zeta")["items"]
    assert (hit["iri"], hit["kind"], hit["matched_property"]) == (
        "urn:z",
        "project",
        "skos:altLabel",
    )
    assert hit["id"] == "urn:z"


def test_studies_and_selections_are_found_by_their_own_class(seed_store):
    q = "광주 AI 모빌리티 국가 신도시 사전기획 연구"  # the study's own name (seed file 002)
    study = search(seed_store, q)["items"][0]
    assert (study["kind"], study["type"]) == ("project", "Study")
    assert search(seed_store, "planning study", type="study")["total"] >= 1
    picked = search(seed_store, "final candidate", kind="selection")["items"]
    assert [i["type"] for i in picked] == ["Selection"]
    assert "selection/" in picked[0]["iri"]
