"""The policygraph command line, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.cli import cli

ROOT = Path(__file__).resolve().parents[3]
INVALID = ROOT / "tests" / "data" / "invalid"


@pytest.mark.parametrize("command", [[], ["build"], ["load"], ["validate"], ["query"], ["serve"]])
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and "--help" in result.output


def test_build_if_missing_and_force(runner, tmp_path):
    store = str(tmp_path / "store")
    first = runner.invoke(cli, ["build", "--store", store])
    assert first.exit_code == 0, first.output
    assert "built" in first.output and "3 articles" in first.output
    again = runner.invoke(cli, ["build", "--store", store, "--if-missing"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    refused = runner.invoke(cli, ["build", "--store", store])
    assert refused.exit_code == 1 and "use --force" in refused.output
    forced = runner.invoke(cli, ["build", "--store", store, "--force"])
    assert forced.exit_code == 0 and "built" in forced.output
    count = runner.invoke(
        cli,
        [
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }",
        ],
    )
    assert count.exit_code == 0, count.output
    assert count.stdout.split() == ["n", "5"]  # registry, metadata and three article graphs


def test_query_table_and_formats(runner):
    q = "ASK { ?a a <https://policygraph.example/ont#Agreement> }"
    assert runner.invoke(cli, ["query", "--memory", q]).stdout.strip() == "true"
    select = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    table = runner.invoke(cli, ["query", "--memory", select])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].strip() == "g" and lines[-1] == "(5 rows)"
    assert "pgg:registry" in table.stdout  # IRIs are shortened with the project's prefixes
    as_json = runner.invoke(cli, ["query", "--memory", "--format", "json", select])
    assert len(json.loads(as_json.stdout)["results"]["bindings"]) == 5


def test_query_from_file(runner, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://policygraph.example/ont#Article> }"
    )
    result = runner.invoke(cli, ["query", "--memory", "--format", "tsv", f"@{rq}"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["?n", "3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--memory", "SELEC nothing"], "SPARQL syntax error"),
        (["query", "--memory", "@/nonexistent/q.rq"], "cannot read query file"),
        (["query", "--memory", "--format", "turtle", "ASK {}"], "does not fit a boolean result"),
    ],
)
def test_query_errors_are_one_line(runner, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    error = result.stderr.splitlines()[-1]  # after the line saying which data is read
    assert error.startswith("Error: ") and message in error


def test_validate_store_conforms(runner):
    result = runner.invoke(cli, ["validate", "--memory"])
    assert result.exit_code == 0, result.output


def test_validate_file_with_violation_exits_1(runner):
    bad = sorted(INVALID.glob("*.trig"))
    files = [f for f in bad if "severity=violation" in f.read_text(encoding="utf-8")]
    assert files, "tests/data/invalid holds no violation example"
    result = runner.invoke(cli, ["validate", "--memory", "--format", "json", str(files[0])])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert files[0].stem in {r["rule_id"] for r in report["results"]}


def test_validate_unparseable_file_names_it(runner, tmp_path):
    broken = tmp_path / "broken.trig"
    broken.write_text("<urn:g> { <urn:a> <urn:b> . }")
    result = runner.invoke(cli, ["validate", "--memory", str(broken)])
    assert result.exit_code == 1
    assert "broken.trig" in result.output


def test_load_bulk_into_an_empty_store_only(runner, tmp_path):
    from graph.store.seed import seed_files

    store = str(tmp_path / "store")
    files = [str(f) for f in seed_files()]
    first = runner.invoke(cli, ["load", "--store", store, *files])
    assert first.exit_code == 0, first.output
    built = runner.invoke(cli, ["build", "--store", str(tmp_path / "built")])
    quads = int(built.stdout.split(" quads")[0].rsplit(" ", 1)[1])
    assert f"loaded {quads} quads" in first.stdout
    again = runner.invoke(cli, ["load", "--store", store, "--no-validate", files[0]])
    assert again.exit_code == 1 and "needs an empty store" in again.output


def test_load_refuses_invalid_files_and_writes_nothing(runner, tmp_path):
    bad = INVALID / "agreement-parties-distinct.trig"
    store = tmp_path / "store"
    result = runner.invoke(cli, ["load", "--store", str(store), str(bad)])
    assert result.exit_code == 1
    assert "agreement-parties-distinct" in result.output
    assert not store.exists()


def test_load_into_a_remote_store_says_which_store(runner, engines):
    from graph.store.seed import seed_files

    store = engines.lease("oxigraph-server")  # emptied; free again after the test
    url = store.url
    store.close()
    files = [str(f) for f in seed_files()]
    result = runner.invoke(
        cli, ["load", "--store-url", url, "--engine", "oxigraph", "--no-validate", *files]
    )
    assert result.exit_code == 0, result.output
    assert f"quads into <RemoteStore oxigraph {url}" in result.stdout
    assert "var/store" not in result.stdout
