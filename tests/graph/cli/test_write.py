"""policygraph ingest / validate FILE... / delete on an on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import cli
from graph.store.oxigraph import OxigraphStore

DATA = Path(__file__).resolve().parents[2] / "data"
VALID = DATA / "ingest-valid" / "kakao-mou.trig"
BAD = DATA / "ingest-invalid" / "amount-negative.trig"
BROKEN = DATA / "ingest-invalid" / "syntax-trig-unclosed-graph.trig"
ARTICLE = "a1b2c3d4e5f60718"


@pytest.fixture
def store_dir(runner, tmp_path) -> str:
    path = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", "--store", path]).exit_code == 0
    return path


def _state(path: str) -> tuple[int, list[str]]:
    store = OxigraphStore(path)
    try:
        return len(store), store.named_graphs()
    finally:
        store.close()


def test_ingest_goes_on_past_bad_files_and_fails_with_a_summary(runner, store_dir):
    before, _ = _state(store_dir)
    result = runner.invoke(cli, ["ingest", "--store", store_dir, str(BAD), str(VALID), str(BROKEN)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines if not line.startswith(" ")] == [
        str(BAD),
        str(VALID),
        str(BROKEN),
    ]
    assert f"{BAD}: rejected" in result.stdout and "[amount-value]" in result.stdout
    assert f"{VALID}: created article {ARTICLE}: +43 -0 quads" in result.stdout
    assert f"{BROKEN}: rejected: cannot parse the document as trig at line" in result.stdout
    assert "2 of 3 file(s) rejected" in result.stderr
    after, graphs = _state(store_dir)
    assert after == before + 43
    assert f"https://policygraph.example/graph/article/{ARTICLE}" in graphs


def test_ingest_twice_is_unchanged_and_delete_restores(runner, store_dir):
    before = _state(store_dir)
    assert runner.invoke(cli, ["ingest", "--store", store_dir, str(VALID)]).exit_code == 0
    again = runner.invoke(cli, ["ingest", "--store", store_dir, str(VALID)])
    assert again.exit_code == 0 and f"unchanged article {ARTICLE}: +0 -0" in again.stdout
    deleted = runner.invoke(cli, ["delete", "--store", store_dir, ARTICLE])
    assert deleted.exit_code == 0 and "-43 quads" in deleted.stdout
    assert _state(store_dir) == before
    missing = runner.invoke(cli, ["delete", "--store", store_dir, ARTICLE])
    assert missing.exit_code == 1 and "no article" in missing.output


def test_validate_files_is_a_dry_run_of_ingest(runner, store_dir):
    before = _state(store_dir)
    result = runner.invoke(
        cli, ["validate", "--store", store_dir, "--format", "json", str(VALID), str(BAD)]
    )
    assert result.exit_code == 1, result.output
    good, bad = json.loads(result.stdout)
    assert good["ok"] and good["summary"]["triples_added"] == 43 and good["summary"]["dry_run"]
    assert not bad["ok"] and "amount-value" in {r["rule_id"] for r in bad["results"]}
    assert _state(store_dir) == before


def test_validate_without_a_store_creates_none(runner, tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(cli, ["validate", "--store", str(missing), str(VALID)])
    assert result.exit_code == 1  # Kakao is unknown in an empty store
    assert "agreement-party-organisation" in result.stdout
    assert not missing.exists()


def test_validate_says_what_ingest_would_do(runner, store_dir):
    def check() -> str:
        result = runner.invoke(cli, ["validate", "--store", store_dir, str(VALID)])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[0]

    assert check().startswith(f"{VALID}: would create article {ARTICLE}: +43 -0 quads")
    assert runner.invoke(cli, ["ingest", "--store", store_dir, str(VALID)]).exit_code == 0
    assert check() == (
        f"{VALID}: unchanged article {ARTICLE}: +0 -0 quads, 0 new stakeholder(s), "
        "1 warning(s) (already in the store as sent)"
    )
    changed = Path(store_dir).parent / "changed.trig"
    changed.write_text(VALID.read_text(encoding="utf-8").replace("2025", "2024", 1), "utf-8")
    result = runner.invoke(cli, ["validate", "--store", store_dir, str(changed)])
    assert f"{changed}: would replace article {ARTICLE}: +" in result.stdout, result.output
