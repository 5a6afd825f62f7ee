"""/api over the seed graph: answers, their documented shape, and errors naming what was wrong."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator

from graph.iris import PGID
from server.api import openapi_document

KAKAO = str(PGID["org/kakao"])
LH = str(PGID["org/lh"])
ARTICLE_000 = str(PGID["article/86ffe20fc9bd53a8"])


def documented_schema(path: str, status: str = "200") -> dict:
    """The JSON schema the OpenAPI document gives for a GET response, refs resolvable."""
    doc = openapi_document()
    response = doc["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/search?q=카카오", "/api/search"),
        ("/api/search?q=AI&kind=project,site,article&limit=50", "/api/search"),
        ("/api/search?q=digital hub", "/api/search"),
        ("/api/stakeholders?type=company", "/api/stakeholders"),
        ("/api/stakeholders/org/kakao", "/api/stakeholders/{id}"),
        ("/api/stakeholders/person/kim-dong-yeon", "/api/stakeholders/{id}"),
        ("/api/stakeholders/org/kakao/partners", "/api/stakeholders/{id}/partners"),
        ("/api/stakeholders/org/kakao/ego?depth=2", "/api/stakeholders/{id}/ego"),
        ("/api/path?from=org/kakao&to=org/lh", "/api/path"),
        ("/api/path?from=org/kakao&to=org/nonghyup", "/api/path"),
        ("/api/metrics?weighted=true", "/api/metrics"),
        ("/api/network", "/api/network"),
        ("/api/agreements", "/api/agreements"),
        ("/api/budgets", "/api/budgets"),
        ("/api/projects", "/api/projects"),
        ("/api/sites", "/api/sites"),
        ("/api/articles", "/api/articles"),
        ("/api/articles/86ffe20fc9bd53a8", "/api/articles/{id}"),
        ("/api/timeline", "/api/timeline"),
    ],
)
def test_answers_match_the_documented_schema(client, url, path):
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    errors = sorted(
        Draft202012Validator(documented_schema(path)).iter_errors(response.get_json()), key=str
    )
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_the_documented_agreement_has_signatories_and_attendees(client):
    """The document describes both lists an agreement answers with: an answer without
    ``attendees`` (or with a person in it as a bare string) does not match it."""
    validator = Draft202012Validator(documented_schema("/api/agreements"))
    body = client.get("/api/agreements").get_json()
    hub = body["items"][-1]
    assert len(hub["attendees"]) == 4 and hub["signatories"] == []
    assert not list(validator.iter_errors(body))
    for broken in ({"attendees": None}, {"attendees": ["Kim Dong-yeon"]}):
        item = {k: v for k, v in {**hub, **broken}.items() if v is not None}
        assert list(validator.iter_errors({**body, "items": [item]})), broken


@pytest.mark.parametrize(
    "q", ["카카오", "㈜카카오", "주식회사 카카오", "kakao corp", "Kakao", "KAKAO", "kak"]
)
def test_search_finds_kakao(client, q):
    body = client.get("/api/search", query_string={"q": q}).get_json()
    top = body["items"][0]
    assert (top["iri"], top["label_ko"], top["label_en"]) == (KAKAO, "카카오", "Kakao")


@pytest.mark.parametrize(("q", "kind"), [("NPU", "project"), ("왕숙", "site"), ("Wangsuk", "zone")])
def test_search_finds_projects_and_places_and_says_what_they_are(client, q, kind):
    body = client.get("/api/search", query_string={"q": q}).get_json()
    assert kind in {i["kind"] for i in body["items"]}
    only = client.get("/api/search", query_string={"q": q, "kind": kind}).get_json()
    assert only["total"] >= 1 and {i["kind"] for i in only["items"]} == {kind}
    assert only["kind"] == kind


@pytest.mark.parametrize(
    "ident", ["org/kakao", KAKAO, quote(KAKAO, safe=""), "https:/policygraph.example/id/org/kakao"]
)
def test_profile_accepts_an_id_or_a_full_iri(client, ident):
    body = client.get(f"/api/stakeholders/{ident}").get_json()
    assert body["iri"] == KAKAO
    assert body["labels"]["ko"] == "카카오" and body["labels"]["en"] == "Kakao"


def test_kakaos_partners_with_evidence(client):
    body = client.get("/api/stakeholders/org/kakao/partners").get_json()
    assert {p["label_en"] for p in body["partners"]} == {
        "Gyeonggi Province",
        "Namyangju City",
        "Korea Land and Housing Corporation",
    }
    for partner in body["partners"]:
        assert [a["iri"] for a in partner["articles"]] == [ARTICLE_000]
        assert [r["kind"] for r in partner["relationships"]] == ["agreement"]


def test_path_and_no_path(client):
    body = client.get("/api/path", query_string={"from": "org/kakao", "to": LH}).get_json()
    assert body["found"] is True and [n["iri"] for n in body["nodes"]] == [KAKAO, LH]
    body = client.get("/api/path?from=org/kakao&to=org/gwangju-metropolitan-city").get_json()
    assert body["found"] is False and "no partner path" in body["message"]
    before = client.get("/api/path?from=org/kakao&to=org/lh&as_of=2025-06-12").get_json()
    assert before["found"] is False and before["as_of"] == "2025-06-12"


def test_money_is_a_number_in_json(client):
    body = client.get("/api/budgets").get_json()
    assert all(isinstance(i["amount"]["value"], int | float) for i in body["items"])
    assert all(isinstance(v, int | float) for v in body["totals"]["by_currency"].values())
    agreement = client.get("/api/stakeholders/org/kakao").get_json()["agreements"][0]
    assert agreement["amount"] == {
        "value": 600_000_000_000,
        "currency": "KRW",
        "stated_as": "6천억 원",
        "certainty": None,
    }


def test_lists_page(client):
    everything = client.get("/api/timeline?limit=500").get_json()
    page = client.get("/api/timeline?limit=3&offset=2").get_json()
    assert page["total"] == everything["total"]
    assert page["items"] == everything["items"][2:5]


def test_metrics_weighted_flag_and_sort(client):
    body = client.get("/api/metrics?sort=degree&limit=1").get_json()
    assert body["items"][0]["degree"] == 3 and body["weighted_betweenness"] is False
    assert client.get("/api/metrics?weighted=yes").get_json()["weighted_betweenness"] is True


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/search", "q"),
        ("/api/search?q=", "q"),
        ("/api/search?q=kakao&limit=-1", "limit"),
        ("/api/search?q=kakao&limit=ten", "limit"),
        ("/api/search?q=kakao&type=planet", "type"),
        ("/api/search?q=kakao&kind=planet", "kind"),
        ("/api/agreements?limit=501", "limit"),
        ("/api/budgets?offset=-3", "offset"),
        ("/api/stakeholders/org/kakao/ego?depth=9", "depth"),
        ("/api/stakeholders/org/kakao/ego?depth=0", "depth"),
        ("/api/stakeholders/org/kakao/ego?depth=deep", "depth"),
        ("/api/stakeholders/org/kakao/partners?as_of=2025-13-01", "as_of"),
        ("/api/path?from=org/kakao&to=org/lh&as_of=June", "as_of"),
        ("/api/path?to=org/lh", "from"),
        ("/api/path?from=org/kakao", "to"),
        ("/api/metrics?weighted=maybe", "weighted"),
        ("/api/metrics?sort=fame", "sort"),
        ("/api/stakeholders?type=planet", "type"),
        ("/api/stakeholders/org/kakao/ego?depth=1.5", "depth"),
        ("/api/network?as_of=2025", "as_of"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["parameter"] == parameter
    assert parameter in body["error"] or parameter == "q"


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        ("/api/stakeholders/org/nobody", "org/nobody"),
        ("/api/stakeholders/org/nobody/partners", "org/nobody"),
        ("/api/stakeholders/org/nobody/ego", "org/nobody"),
        ("/api/stakeholders/site/wangsuk-district", "site/wangsuk-district"),
        ("/api/path?from=org/kakao&to=org/nobody", "org/nobody"),
        ("/api/articles/0000000000000000", "0000000000000000"),
        ("/api/sites?within=place/atlantis", "place/atlantis"),
    ],
)
def test_unknown_ids_are_404_naming_the_id(client, url, ident):
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["id"] == ident and ident in body["error"]


def test_sites_within_a_place(client):
    body = client.get("/api/sites?within=place/seoul&limit=2").get_json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert body["within"]["label_en"] == "Seoul"
    assert all(
        site["iri"].startswith("https://policygraph.example/id/site/") for site in body["items"]
    )
    # a parameter given empty is refused (server/params.py), not read as "every site"
    empty = client.get("/api/sites?within=")
    assert empty.status_code == 400 and empty.get_json()["parameter"] == "within"
