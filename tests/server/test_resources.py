"""/id/<kind>/<slug>: every instance IRI answers, as a page and as RDF (issue 18 item 2),
and the pages of stakeholders, articles and the other kinds show their facts with evidence."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graph.config import Settings
from graph.iris import PGID
from graph.query.sparql import select
from server import create_app

PG = Namespace("https://policygraph.example/ont#")
KAKAO = URIRef(f"{PGID}org/kakao")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
KO = {"Accept": BROWSER, "Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept": BROWSER, "Accept-Language": "en-GB,en;q=0.9"}

RDF_TYPES = {
    "text/turtle": ("turtle", "ttl"),
    "application/ld+json": ("json-ld", "jsonld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("xml", "rdf"),
}


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _graph(response, parser: str) -> Graph:
    g = Graph()
    g.parse(data=response.get_data(as_text=True), format=parser)
    return g


def _instances(store) -> list[str]:
    rows = select(store, "SELECT DISTINCT ?s WHERE { ?s a ?type }")
    return sorted(r["s"][len(str(PGID)) :] for r in rows if r["s"].startswith(str(PGID)))


def test_turtle_about_kakao_by_accept(client):
    response = client.get("/id/org/kakao", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle" and "Accept" in response.headers["Vary"]
    g = _graph(response, "turtle")
    assert (KAKAO, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), PG.Company) in g
    assert Literal("㈜카카오", lang="ko") in set(g.objects(KAKAO, None))
    # what names Kakao comes along: the agreement it is party to
    agreement = URIRef(f"{PGID}agreement/namyangju-ai-digital-hub-investment")
    assert (agreement, PG.party, KAKAO) in g


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_every_rdf_format_by_accept_and_by_extension_says_the_same(client, media_type):
    parser, extension = RDF_TYPES[media_type]
    turtle = _graph(client.get("/id/org/kakao.ttl"), "turtle")
    by_accept = client.get("/id/org/kakao", headers={"Accept": media_type})
    by_extension = client.get(f"/id/org/kakao.{extension}", headers={"Accept": BROWSER})
    for response in (by_accept, by_extension):
        assert response.status_code == 200 and response.mimetype == media_type
        assert isomorphic(_graph(response, parser), turtle)


def test_json_ld_uses_the_project_context(client):
    body = client.get("/id/org/kakao", headers={"Accept": "application/ld+json"}).get_json()
    assert body["@context"]["pg"] == str(PG)
    kakao = next(n for n in body["@graph"] if n["@id"] == str(KAKAO))
    assert kakao["@type"] == "Company" and kakao["prefLabel"]["ko"] == "카카오"


def test_a_browser_gets_the_page(client):
    response = client.get("/id/org/kakao", headers=EN)
    assert response.mimetype == "text/html"
    assert "<h1>Kakao</h1>" in response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_nothing_acceptable_is_406(client):
    response = client.get("/id/org/kakao", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.get_data(as_text=True)


def test_an_unknown_id_is_a_404_page_with_suggestions(client):
    response = client.get("/id/org/kakao-corporation", headers=EN)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert 'href="/id/org/kakao"' in response.get_data(as_text=True)
    plain = client.get("/id/org/kakao-corporation", headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and plain.mimetype == "text/plain"
    assert client.get("/id/org/kakao-corporation.ttl").status_code == 404


@pytest.mark.parametrize("path", ["/id/", "/id/org", "/id/org/", "/id/..%2F..%2Fetc", "/id/a b/c"])
def test_malformed_ids_are_404_not_errors(client, path):
    assert client.get(path, headers=EN).status_code == 404


def test_every_instance_answers_a_page_and_turtle(client, seed_store):
    instances = _instances(seed_store)
    assert len(instances) > 50
    for path in instances:
        page = client.get(f"/id/{path}", headers=KO)
        assert page.status_code == 200, path
        assert "<h1" in page.get_data(as_text=True), path
        turtle = client.get(f"/id/{path}.ttl")
        assert turtle.status_code == 200, path
        assert len(_graph(turtle, "turtle")) > 0, path


def test_the_base_iri_setting_mints_iris_this_server_serves(seed_store):
    app = create_app(Settings(memory=True), store=seed_store, base_iri="http://127.0.0.1:8400/")
    client = app.test_client()
    g = _graph(client.get("/id/org/kakao.ttl"), "turtle")
    served = URIRef("http://127.0.0.1:8400/id/org/kakao")
    assert (served, None, None) in g and (KAKAO, None, None) not in g
    assert str(served) in client.get("/id/org/kakao", headers=EN).get_data(as_text=True)


def test_an_article_page_groups_its_facts_and_links_its_trig(client):
    response = client.get("/id/article/86ffe20fc9bd53a8", headers=EN)
    text = _text(response)
    assert "김종화" in text and "13 June 2025" in text
    html = response.get_data(as_text=True)
    assert 'href="/id/article/86ffe20fc9bd53a8.trig"' in html
    assert 'href="/id/org/kakao"' in html and 'href="/id/org/lh"' in html
    trig = client.get("/id/article/86ffe20fc9bd53a8.trig")
    assert trig.mimetype == "application/trig"
    ds = Dataset()
    ds.parse(data=trig.get_data(as_text=True), format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://policygraph.example/graph/article/86ffe20fc9bd53a8" in graphs


# --- the stakeholder page (item 3) --------------------------------------------------------


def test_kakao_lists_its_partners_each_with_the_agreement_and_its_article(client):
    html = client.get("/id/org/kakao", headers=EN).get_data(as_text=True)
    rows = re.findall(r'<tr data-partner="([^"]+)">(.*?)</tr>', html, re.S)
    partners = {iri.rsplit("/", 1)[-1]: row for iri, row in rows}
    assert set(partners) == {"gyeonggi-province", "namyangju-city", "lh"}
    for row in partners.values():
        assert 'href="/id/agreement/namyangju-ai-digital-hub-investment"' in row
        assert 'datetime="2025-06-13"' in row
        assert 'href="/id/article/86ffe20fc9bd53a8"' in row


def test_amounts_are_written_as_people_read_them(client):
    assert "6천억 원" in _text(client.get("/id/org/kakao", headers=KO))
    assert "KRW 600 bn" in _text(client.get("/id/org/kakao", headers=EN))


def test_dates_keep_their_precision(client):
    text = _text(client.get("/id/org/kakao", headers=EN))
    assert "13 June 2025" in text  # a day
    assert re.search(r"\b2029 completion planned", text)  # a year stays a year
    assert "January 2029" not in text and "1 January" not in text


def test_budget_totals_and_the_names_in_both_languages(client):
    text = _text(client.get("/id/org/gwangju-metropolitan-city", headers=EN))
    assert "Total funded" in text and "KRW 1 bn" in text
    assert "광주광역시" in text  # the other language's name, under the heading


def test_variants_people_and_metrics_with_ranks(client):
    text = _text(client.get("/id/org/kakao", headers=EN))
    assert "㈜카카오" in text and "Kakao Corp." in text
    assert "Chung Shin-a" in text and "Chief Executive Officer" in text
    assert re.search(r"Partners \(degree\) 3 \d+ of \d+", text)


def test_the_ego_network_is_drawn_without_script(client):
    html = client.get("/id/org/kakao", headers=EN).get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<circle") == 4 and svg.count("<line") == 3
    assert 'href="/id/org/namyangju-city"' in svg


def test_a_proposal_is_clearly_not_an_agreement(client):
    text = _text(client.get("/id/person/jung-jin-uk", headers=EN))
    assert "Proposals are asks, not agreements" in text
    page = _text(client.get("/id/proposal/national-npu-computing-center-in-gwangju", headers=EN))
    assert "A proposal is an ask, not an agreement" in page


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("agreement/namyangju-ai-digital-hub-investment", "KRW 600 bn"),
        ("budget/ai-city-pilot-site-selection-and-planning", "KRW 4 bn"),
        ("project/namyangju-ai-digital-hub", "2029"),
        ("site/wangsuk-ai-digital-hub-site", "34,000 m²"),
    ],
)
def test_pages_of_agreements_budgets_projects_and_sites(client, path, expected):
    response = client.get(f"/id/{path}", headers=EN)
    assert response.status_code == 200
    text = _text(response)
    assert expected in text and "Source:" in text


def test_resource_api(client):
    body = client.get("/api/resources/site/wangsuk-ai-digital-hub-site").get_json()
    assert body["types"] == ["Site"] and body["articles"][0]["id"] == "86ffe20fc9bd53a8"
    assert client.get("/api/resources/org/nosuch").status_code == 404


def test_a_hub_page_lists_the_first_items_of_each_section_and_links_the_rest(client, monkeypatch):
    from server.pages import stakeholder

    monkeypatch.setattr(stakeholder, "SECTION_LIMIT", 1)
    html = client.get("/id/org/kakao", headers=EN).get_data(as_text=True)
    assert len(re.findall(r'<tr data-partner="', html)) == 1
    assert 'href="/id/org/kakao?show=all#partners"' in html and "2 more: show all" in html
    everything = client.get("/id/org/kakao?show=all", headers=EN).get_data(as_text=True)
    assert len(re.findall(r'<tr data-partner="', everything)) == 3
    assert "show all" not in everything
