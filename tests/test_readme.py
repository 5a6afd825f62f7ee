"""Every SPARQL example in README.md runs and gives the answer the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from server.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```sparql\n(.*?)\n```\s*```text\n(.*?)\n```", README, re.DOTALL)


def test_readme_has_five_examples_and_the_two_commands():
    assert len(EXAMPLES) >= 5
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=lambda x: x[:0] or None)
def test_readme_example_answer(runner, query, expected):
    result = runner.invoke(cli, ["query", "--memory", query])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip() == expected


@pytest.mark.parametrize(("query", "expected"), EXAMPLES[:1])
def test_readme_example_over_http(client, query, expected):
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    rows = response.get_data(as_text=True).strip().splitlines()
    assert len(rows) - 1 == int(re.search(r"\((\d+) rows?\)", expected)[1])


API_CURLS = [line for line in re.findall(r"^curl .*$", README, re.MULTILINE) if "/api/" in line]


def _request(curl: str) -> tuple[str, dict[str, str]]:
    """The path and query of a README curl line (``-G`` with ``--data-urlencode`` pairs)."""
    words = shlex.split(curl)
    url = urlsplit(next(w for w in words if w.startswith("http://")))
    query = dict(parse_qsl(url.query))
    if "-G" in words:
        for i, word in enumerate(words):
            if word == "--data-urlencode":
                key, _, value = words[i + 1].partition("=")
                query[key] = value
    return url.path, query


def test_readme_shows_search_and_path_over_the_api():
    paths = {_request(c)[0] for c in API_CURLS}
    assert {"/api/search", "/api/path"} <= paths


@pytest.mark.parametrize("curl", API_CURLS)
def test_readme_api_example_answers(client, curl):
    path, query = _request(curl)
    response = client.get(path, query_string=query)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    if path == "/api/search":
        assert body["items"][0]["iri"] == "https://policygraph.example/id/org/kakao"
    if path == "/api/path":
        assert body["found"] is True
        assert all(hop["articles"] and hop["relationships"] for hop in body["hops"])
