"""/network and /query as HTML, and the query examples: the README's five first, all running."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.pages.query import COLUMN_RESIZER_STYLE, examples

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_first_examples_are_the_readmes():
    readme = re.findall(r"```sparql\n(.*?)\n```", README, re.DOTALL)
    assert [q for _, q in examples()[: len(readme)]] == readme
    assert len(examples()) > len(readme)


@pytest.mark.parametrize(("name", "query"), examples(), ids=[n for n, _ in examples()])
def test_every_example_runs(client, name, query):
    response = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "text/csv, text/turtle;q=0.9"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(response.get_data(as_text=True).strip().splitlines()) > 1, name


@pytest.mark.parametrize(
    ("url", "title"), [("/network", "Partner network"), ("/query", "SPARQL query")]
)
def test_pages_in_english_with_their_scripts_and_a_strict_policy(client, url, title):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "script-src 'self' 'unsafe" not in policy
    assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) is None


def test_only_the_query_page_allows_one_stylesheet_by_its_hash(client):
    query = client.get("/query").headers["Content-Security-Policy"]
    network = client.get("/network").headers["Content-Security-Policy"]
    assert f"style-src 'self' {COLUMN_RESIZER_STYLE};" in query
    assert "'unsafe-inline'" not in query + network and "sha256" not in network


def test_pages_in_korean(client):
    network = client.get("/network", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    query = client.get("/query", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "협력 네트워크" in network and "경로 찾기" in network
    assert "SPARQL 질의" in query and "예제" in query


def test_the_network_page_links_every_export_format(client):
    html = client.get("/network").get_data(as_text=True)
    for ext in ("gexf", "graphml", "cyjs", "json", "dot", "zip"):
        assert f'href="/export/network.{ext}"' in html
