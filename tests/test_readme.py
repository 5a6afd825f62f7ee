"""Every SPARQL example in README.md runs and gives the answer the README shows."""

from __future__ import annotations

import re
from pathlib import Path

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
