"""The HTML pages over HTTP (the Flask client): what each shows, in both languages."""

from __future__ import annotations

import re

import pytest

from graph.read.overview import overview

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _main(response) -> str:
    """The text of the page's <main>, tags removed, spaces squeezed."""
    html = response.get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_home_says_what_the_store_holds(client, seed_store):
    figures = overview(seed_store)
    counts = figures["counts"]
    english = _main(client.get("/", headers=EN))
    assert f"{counts['stakeholders']} stakeholders" in english
    assert f"{counts['agreements']} agreements" in english
    assert f"{counts['articles']} articles" in english
    assert figures["budget_totals"] == {"KRW": 6_000_000_000}
    assert "KRW 6 bn" in english
    assert "60억 원" in _main(client.get("/", headers=KO))


def test_home_lists_the_latest_articles_newest_first_and_links_everywhere(client):
    html = client.get("/", headers=EN).get_data(as_text=True)
    latest = re.findall(r'href="/id/article/([0-9a-f]{16})"', html)
    assert latest[:3] == ["86ffe20fc9bd53a8", "c901c4c0e230705d", "9ae9a84f0b3031d7"]
    for path in ("/network", "/query", "/timeline", "/api/docs", "/downloads", "/ingest"):
        assert f'href="{path}"' in html


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("㈜카카오", "/id/org/kakao"),
        ("Kakao Corp.", "/id/org/kakao"),
        ("NPU", "/id/project/national-npu-computing-center"),
        ("데이터센터", "/id/project/yangjae-ai-rnd-campus"),
        ("왕숙", "/id/site/wangsuk-ai-digital-hub-site"),
    ],
)
def test_search_finds_stakeholders_projects_and_sites(client, q, expected):
    html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    assert f'href="{expected}"' in html


def test_search_without_a_letter_says_so_on_the_page(client):
    response = client.get("/search", query_string={"q": "!!"}, headers=EN)
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_search_that_finds_nothing_says_so(client):
    response = client.get("/search", query_string={"q": "zzzzqqq"}, headers=KO)
    assert "찾은 것이 없습니다" in _main(response)


def test_overview_api(client):
    body = client.get("/api/overview").get_json()
    assert body["counts"]["articles"] == len(body["latest_articles"]) == 3
    assert body["budget_totals"]["KRW"] == 6_000_000_000


# --- /timeline (item 6) -------------------------------------------------------------------


def test_timeline_page_keeps_each_dates_precision(client):
    text = _main(client.get("/timeline", headers=EN))
    assert "2029 year completion planned" in text
    assert "13 June 2025 day signed" in text
    assert "August 2016 month announced" in text


def test_timeline_page_filters_by_a_stakeholder_named_in_korean_and_by_kind(client):
    text = _main(client.get("/timeline", query_string={"stakeholder": "카카오"}, headers=EN))
    assert "4 dated facts" in text and "Investment agreement" in text
    assert "AI City pilot budget" not in text
    only = _main(client.get("/timeline", query_string={"kind": "Budget"}, headers=EN))
    assert "1 dated facts" in only and "fiscal year" in only


def test_timeline_page_says_what_is_wrong_with_a_filter(client):
    response = client.get("/timeline", query_string={"kind": "zzz"}, headers=EN)
    assert response.status_code == 200 and "is not one of" in _main(response)
    unknown = _main(client.get("/timeline", query_string={"stakeholder": "nobody-xyz"}))
    assert "no stakeholder" in unknown


def test_timeline_api_filters(client):
    body = client.get("/api/timeline?stakeholder=org/kakao").get_json()
    assert body["total"] == 4 and body["stakeholder"].endswith("/id/org/kakao")
    bad = client.get("/api/timeline?kind=zzz")
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "kind"
    assert client.get("/api/timeline?stakeholder=org/nosuch").status_code == 404


# --- /api/docs and /downloads -----------------------------------------------------------------


def test_api_docs_load_swagger_ui_from_this_server(client):
    html = client.get("/api/docs", headers=EN).get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)  # never a CDN
    assert "<script>" not in html and "style=" not in html  # nothing inline


def test_exports_page_passes_the_options_on_to_every_network_link(client):
    html = client.get(
        "/downloads", query_string={"as_of": "2025-12-31", "people": "1", "lang": "en"}
    ).get_data(as_text=True)
    links = re.findall(r'href="(/export/network\.[a-z]+)\?([^"]*)"', html)
    assert len(links) == 6
    assert all(q == "as_of=2025-12-31&amp;people=true&amp;lang=en" for _, q in links)
    assert 'href="/export/rdf.trig"' in html
