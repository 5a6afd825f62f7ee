"""Every SPARQL example in README.md runs and gives the answer the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from server.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```sparql\n(.*?)\n```\s*```text\n(.*?)\n```", README, re.DOTALL)


def test_readme_has_five_examples_and_the_two_commands():
    assert len(EXAMPLES) >= 5
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=lambda x: x[:0] or None)
def test_readme_example_answer(runner, query, expected):
    result = runner.invoke(cli, ["query", "--memory", query])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip() == expected


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


# --- the CLI beside `make run` with a write token ----------------------------------------------

BESIDE = re.search(r"```sh\n(\.venv/bin/policygraph ingest .*?)\n```", README, re.DOTALL)[1]
MAKE_RUN = re.search(r"```sh\n(export POLICYGRAPH_WRITE_TOKEN=.*?)\n```", README, re.DOTALL)[1]


def _cli_lines() -> list[list[str]]:
    return [shlex.split(line, comments=True) for line in BESIDE.splitlines() if line.strip()]


def test_readme_shows_make_run_with_a_token_and_the_cli_beside_it():
    export, make_run = MAKE_RUN.splitlines()
    assert export.startswith("export POLICYGRAPH_WRITE_TOKEN=") and make_run == "make run"
    commands = [words[1] for words in _cli_lines()]
    assert commands == ["ingest", "query", "export", "validate", "delete"]
    assert "--port $(PORT)" in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_readme_cli_examples_work_beside_a_running_server(tmp_path):
    """`make run` (build --if-missing, then serve with the token), then every README CLI line
    in a second terminal with the same token: each works, and reads match the server."""
    import json
    import os
    import subprocess

    from .e2e.conftest import POLICYGRAPH, http, start_server, stop_server

    token = MAKE_RUN.splitlines()[0].split("=", 1)[1]
    store = tmp_path / "var" / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYGRAPH_")}
    env.update(POLICYGRAPH_STORE_PATH=str(store), POLICYGRAPH_WRITE_TOKEN=token)

    def run(words: list[str], **extra: str) -> subprocess.CompletedProcess:
        args = [str(ROOT / w) if (ROOT / w).exists() and "/" in w else w for w in words[1:]]
        return subprocess.run(
            [str(POLICYGRAPH), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**env, **extra},
            timeout=300,
        )

    built = run([".venv/bin/policygraph", "build", "--if-missing"])
    assert built.returncode == 0, built.stderr
    server = start_server(tmp_path / "server.log", store=store, write_token=token)
    try:
        lines = _cli_lines()
        without_token = run(lines[0], POLICYGRAPH_WRITE_TOKEN="")
        assert without_token.returncode == 1
        assert without_token.stderr.splitlines()[-1].startswith(f"Error: {store} is locked")
        for words in lines:
            result = run(words)
            assert result.returncode == 0, (words, result.stderr)
            if words[1] in ("ingest", "delete"):
                assert f"served by {server.base}/: writing through it" in result.stderr
            else:
                assert f"reading {store} (data version " in result.stderr
            if words[1] == "query":
                status, _, body = http(f"{server.base}/health")
                table = result.stdout.splitlines()  # n / --- / the count / (1 row)
                assert table[2] == str(json.loads(body)["triples"])
        assert (tmp_path / "network.graphml").stat().st_size > 0
    finally:
        stop_server(server)
