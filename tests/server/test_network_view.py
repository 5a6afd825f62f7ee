"""The network view's data over HTTP: /api/network/view, /api/network/ego/<id>, .../link."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from tests.server.test_api import documented_schema


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/network/view", "/api/network/view"),
        ("/api/network/view?as_of=2022-01-01", "/api/network/view"),
        ("/api/network/ego/org/kakao?limit=2", "/api/network/ego/{id}"),
        ("/api/network/link?from=org/kakao&to=org/lh", "/api/network/link"),
    ],
)
def test_answers_match_the_documented_schema(client, url, path):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    errors = sorted(
        Draft202012Validator(documented_schema(path)).iter_errors(response.get_json()), key=str
    )
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_the_view_holds_the_partner_network_with_positions_and_facets(client):
    view = client.get("/api/network/view").get_json()
    nodes = {n["id"]: n for n in view["nodes"]}
    assert view["counts"] == {"nodes": len(nodes), "edges": len(view["edges"])}
    kakao = nodes["org/kakao"]
    assert (kakao["label_ko"], kakao["label_en"], kakao["type"]) == ("카카오", "Kakao", "Company")
    assert kakao["degree"] == 3 and isinstance(kakao["x"], float | int)
    partners = {e["target"] if e["source"] == "org/kakao" else e["source"]
                for e in view["edges"] if "org/kakao" in (e["source"], e["target"])}  # fmt: skip
    assert partners == {"org/gyeonggi-province", "org/namyangju-city", "org/lh"}
    assert set(view["kinds"]) == {"agreement", "co-funding"}
    assert sum(view["kinds"].values()) >= len(view["edges"])
    # every edge joins drawn nodes, and no two nodes share a position
    assert all(e["source"] in nodes and e["target"] in nodes for e in view["edges"])
    assert len({(n["x"], n["y"]) for n in view["nodes"]}) == len(nodes)
    # the date range spans the edges' dates; `since` is the end of a date's period
    assert view["dates"] == {"first": "2021-12-15", "last": "2025-12-31"}
    year_only = [e for e in view["edges"] if e["first"] == "2025"]
    assert year_only and all(e["since"] == "2025-12-31" for e in year_only)


def test_as_of_keeps_positions_and_drops_later_links(client):
    whole = client.get("/api/network/view").get_json()
    early = client.get("/api/network/view?as_of=2022-01-01").get_json()
    assert early["as_of"] == "2022-01-01" and len(early["edges"]) < len(whole["edges"])
    assert all(e["since"] <= "2022-01-01" for e in early["edges"])
    position = {n["id"]: (n["x"], n["y"]) for n in whole["nodes"]}
    assert all(position[n["id"]] == (n["x"], n["y"]) for n in early["nodes"])


def test_the_view_revalidates_with_its_etag(client):
    first = client.get("/api/network/view")
    assert first.headers["ETag"] and "no-cache" in first.headers["Cache-Control"]
    again = client.get("/api/network/view", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    other = client.get(
        "/api/network/view?as_of=2022-01-01", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert other.status_code == 200


def test_ego_is_capped_and_says_how_many_more(client):
    first = client.get("/api/network/ego/org/kakao?limit=2").get_json()
    assert first["total"] == 3 and first["more"] == 1 and len(first["partners"]) == 2
    rest = client.get("/api/network/ego/org/kakao?limit=2&offset=2").get_json()
    assert rest["more"] == 0 and len(rest["partners"]) == 1
    ids = [p["id"] for p in first["partners"] + rest["partners"]]
    assert sorted(ids) == ["org/gyeonggi-province", "org/lh", "org/namyangju-city"]
    default = client.get("/api/network/ego/org/kakao").get_json()
    assert default["limit"] == 25 and default["more"] == 0


def test_link_carries_relationships_and_articles(client):
    link = client.get("/api/network/link?from=org/kakao&to=org/lh").get_json()
    assert link["source"]["label_en"] == "Kakao" and link["kinds"] == ["agreement"]
    assert link["relationships"][0]["date"] == "2025-06-13"
    assert link["articles"][0]["issued"] == "2025-06-13"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/network/view?as_of=2025", "as_of"),
        ("/api/network/view?as_of=yesterday", "as_of"),
        ("/api/network/ego/org/kakao?limit=0", "limit"),
        ("/api/network/ego/org/kakao?limit=501", "limit"),
        ("/api/network/ego/org/kakao?limit=many", "limit"),
        ("/api/network/ego/org/kakao?offset=-1", "offset"),
        ("/api/network/ego/org/kakao?as_of=2025-02-30", "as_of"),
        ("/api/network/link?to=org/lh", "from"),
        ("/api/network/link?from=org/kakao", "to"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert body["ok"] is False and body["parameter"] == parameter and parameter in body["error"]


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        ("/api/network/ego/org/nobody", "org/nobody"),
        ("/api/network/link?from=org/kakao&to=org/nobody", "org/nobody"),
        ("/api/network/link?from=org/kakao&to=org/gwangju-metropolitan-city",
         "org/gwangju-metropolitan-city"),
    ],
)  # fmt: skip
def test_unknown_ids_and_non_partners_are_404(client, url, ident):
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["id"] == ident and ident in body["error"]
