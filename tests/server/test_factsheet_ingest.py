"""Fact sheets over HTTP: YAML bodies ingested like any article document.

Every broken sheet in ``tests/data/factsheets-invalid`` gets a 400 naming the field and the
problem, every sheet that breaks a shape a 422 naming the rule, and the store is unchanged
after each; the three seed sheets land exactly on the curated seed data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from server import create_app

from ..checked import CheckedStore

DATA = Path(__file__).resolve().parent.parent / "data"
SHEETS = sorted((DATA / "factsheets").glob("*.yaml"))
INVALID = sorted((DATA / "factsheets-invalid").glob("*.yaml"))
SHACL_INVALID = sorted((DATA / "factsheets-shacl-invalid").glob("*.yaml"))
DOC = DATA.parent.parent / "docs" / "factsheets.md"
TOKEN = "factsheet-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
YAML = {"Content-Type": "application/yaml", **AUTH}


def _client(store):
    app = create_app(Settings(memory=True), store=store, write_token=TOKEN)
    app.config["TESTING"] = True
    return app.test_client()


def _seeded():
    return CheckedStore()  # validated whole after every write (tests/checked.py)


@pytest.fixture(scope="module")
def shared():
    """One seeded store for the broken sheets: none of them may change it."""
    store = _seeded()
    return store, _client(store)


def _state(store) -> tuple[int, int]:
    return len(store), store.data_version


def _expected(path: Path, key: str = "expect") -> list[str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return re.findall(rf"^# {key}: (.+)$", text, re.MULTILINE)


def test_there_are_enough_broken_sheets():
    assert len(INVALID) + len(SHACL_INVALID) >= 40


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
@pytest.mark.parametrize("url", ["/api/articles", "/api/validate"])
def test_broken_sheet_is_400_naming_the_problem_and_the_store_is_unchanged(shared, path, url):
    store, client = shared
    before = _state(store)
    response = client.post(url, data=path.read_bytes(), headers=YAML)
    body = response.get_json()
    assert response.status_code == 400, body
    assert body["ok"] is False and body["status"] == 400
    for text in _expected(path):
        assert text in body["error"], (text, body["error"])
    assert _state(store) == before


@pytest.mark.parametrize("path", SHACL_INVALID, ids=lambda p: p.name)
def test_sheet_breaking_a_shape_is_422_with_the_rule_and_the_store_is_unchanged(shared, path):
    store, client = shared
    before = _state(store)
    response = client.post("/api/articles", data=path.read_bytes(), headers=YAML)
    body = response.get_json()
    assert response.status_code == 422, body
    assert _expected(path, "expect-rule")[0] in {r["rule_id"] for r in body["report"]["results"]}
    assert _state(store) == before


def test_seed_sheets_on_the_seed_store_change_nothing(shared):
    store, client = shared
    before = _state(store)
    for path in SHEETS:
        body = client.post("/api/articles", data=path.read_bytes(), headers=YAML).get_json()
        assert body["status"] == 200, body
        assert (body["triples_added"], body["triples_removed"]) == (0, 0), path.name
        assert body["new_stakeholders"] == []
    assert len(store) == before[0]


def test_seed_sheets_on_an_empty_store_build_the_seed_store():
    store = OxigraphStore()
    client = _client(store)
    types = ["application/yaml", "application/x-yaml", "text/yaml"]
    for path, content_type in zip(SHEETS, types, strict=True):
        headers = {**AUTH, "Content-Type": f"{content_type}; charset=utf-8"}
        response = client.post("/api/articles", data=path.read_bytes(), headers=headers)
        assert response.status_code == 201, response.get_json()
    seed = _seeded()
    assert set(store.dump("nquads").splitlines()) == set(seed.dump("nquads").splitlines())


def test_the_documented_example_links_to_the_registry_kakao():
    store = _seeded()
    client = _client(store)
    example = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)[1]
    body = client.post("/api/articles", data=example.encode(), headers=YAML).get_json()
    assert body["status"] == 201, body
    assert {s["iri"].rsplit("/id/", 1)[1] for s in body["new_stakeholders"]} == {
        "org/haenam-energy",
        "person/hong-ye-si",
    }  # the new region place/haenam is not a stakeholder
    parties = {
        str(row["p"].value)
        for row in store.query(
            "SELECT ?p WHERE { <https://policygraph.example/id/agreement/haenam-ai-data-centre-mou>"
            " <https://policygraph.example/ont#party> ?p }"
        )
    }
    assert "https://policygraph.example/id/org/kakao" in parties


def test_a_broken_sheet_answer_carries_the_field_and_line(shared):
    _, client = shared
    path = DATA / "factsheets-invalid" / "amount-no-currency.yaml"
    body = client.post("/api/validate", data=path.read_bytes(), headers=YAML).get_json()
    assert (body["field"], body["line"]) == ("agreements[0].amount", 13)
