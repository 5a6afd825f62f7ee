"""policygraph ingest / validate with fact sheets (.yaml, .yml, .factsheet.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.cli import cli
from graph.factsheet import load_factsheet
from graph.store.oxigraph import OxigraphStore

DATA = Path(__file__).resolve().parent / "data"
SEED_SHEET = DATA / "factsheets" / "001.yaml"
BAD_AMOUNT = DATA / "factsheets-invalid" / "amount-no-currency.yaml"
BAD_JSON = DATA / "factsheets-invalid" / "bad-json.factsheet.json"
DOC = Path(__file__).resolve().parent.parent / "docs" / "factsheets.md"


@pytest.fixture
def store_dir(runner, tmp_path) -> str:
    path = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", "--store", path]).exit_code == 0
    return path


def _size(path: str) -> int:
    store = OxigraphStore(path)
    try:
        return len(store)
    finally:
        store.close()


@pytest.fixture
def example(tmp_path) -> tuple[Path, Path]:
    """The documented example as a .yml file and as a .factsheet.json file."""
    text = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)[1]
    yml = tmp_path / "004.yml"
    yml.write_text(text, encoding="utf-8")
    data = load_factsheet(yml).data
    data["article"]["id"] = "example-json"
    as_json = tmp_path / "005.factsheet.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return yml, as_json


def test_ingest_fact_sheets_goes_on_past_bad_ones(runner, store_dir, example):
    yml, as_json = example
    before = _size(store_dir)
    files = [str(SEED_SHEET), str(BAD_AMOUNT), str(yml), str(BAD_JSON), str(as_json)]
    result = runner.invoke(cli, ["ingest", "--store", store_dir, *files])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"{SEED_SHEET}: unchanged article 9ae9a84f0b3031d7: +0 -0 quads" in out
    assert f"{BAD_AMOUNT}: rejected: agreements[0].amount (line 13): cannot read an amount" in out
    assert re.search(rf"{yml}: created article [0-9a-f]{{16}}: \+110 -0 quads, 2 new", out)
    assert f"{BAD_JSON}: rejected: not JSON: Expecting property name" in out
    # The JSON copy names the same new stakeholders, which the YAML one has just added.
    assert f"{as_json}: created article example-json: +" in out and "0 new stakeholder" in out
    assert "2 of 5 file(s) rejected" in result.stderr
    assert _size(store_dir) > before


def test_validate_a_fact_sheet_is_a_dry_run(runner, store_dir, example):
    yml, _ = example
    before = _size(store_dir)
    result = runner.invoke(cli, ["validate", "--store", store_dir, "--format", "json", str(yml)])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert outcome["ok"] and outcome["summary"]["dry_run"]
    assert len(outcome["summary"]["new_stakeholders"]) == 2  # and a region, not a stakeholder
    assert _size(store_dir) == before
