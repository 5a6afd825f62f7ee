"""Odd names are refused on every write path, with the rule and the character named, and the
store unchanged; a look-alike name is written with a warning (issue 14, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store import open_store
from server import create_app
from server.cli import cli

TOKEN = "names-token-77"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
VALID = Path(__file__).parents[1] / "data" / "ingest-valid"
FACTSHEET = Path(__file__).parents[1] / "data" / "factsheets" / "000.yaml"
KAKAO = "https://policygraph.example/id/org/kakao"
SKOS = "http://www.w3.org/2004/02/skos/core#"
REGISTRY = "https://policygraph.example/graph/registry"

# a right-to-left override, a zero-width space, a BEL, a Hangul filler
HOSTILE = {"rlo": "\u202e", "zwsp": "\u200b", "bel": "\x07", "filler": "\u3164"}


@pytest.fixture
def app():
    store = open_store(Settings(memory=True))
    application = create_app(Settings(memory=True), store=store, query_workers=0)
    application.extensions["policygraph"].write_token = TOKEN
    application.config["TESTING"] = True
    yield application
    store.close()


def _turtle_escape(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04X}" for c in text)


def _documents(bad: str) -> dict[str, tuple[str, bytes]]:
    """Every article format, each naming Chuncheon City (a new stakeholder) ``Chun<bad>cheon``."""
    name = "Chun" + bad + "cheon"
    trig = (VALID / "kakao-mou.trig").read_text(encoding="utf-8")
    ttl = (VALID / "kakao-mou.ttl").read_text(encoding="utf-8")
    jsonld = (VALID / "kakao-mou.jsonld").read_text(encoding="utf-8")
    sheet = FACTSHEET.read_text(encoding="utf-8")
    assert "\nstakeholders:\n" in sheet
    new_sheet = sheet.replace(
        "\nstakeholders:\n",
        "\nstakeholders:\n  - id: odd-name\n    type: company\n    public_enterprise: false\n"
        f"    name: {{ko: 이상한 이름, en: {json.dumps(name)}}}\n",
    )
    return {
        "trig": (
            "application/trig",
            trig.replace('"Chuncheon"@en', f'"{_turtle_escape(name)}"@en').encode(),
        ),
        "turtle": (
            "text/turtle",
            ttl.replace('"Chuncheon"@en', f'"{_turtle_escape(name)}"@en').encode(),
        ),
        "json-ld": (
            "application/ld+json",
            jsonld.replace('"en": "Chuncheon"}', f'"en": {json.dumps(name)}}}').encode(),
        ),
        "fact sheet": ("application/yaml", new_sheet.encode()),
    }


def _refused(response, bad: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    body = response.get_json()
    rules = {r["rule_id"] for r in body["report"]["results"] if r["severity"] == "violation"}
    assert "name-characters" in rules
    text = " ".join(body["errors"]) + body["error"]
    assert f"U+{ord(bad):04X}" in text and "name-characters" in text
    assert bad not in text  # the errors lines never carry the raw character


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("fmt", ["trig", "turtle", "json-ld", "fact sheet"])
def test_article_writes_are_refused(app, kind, fmt):
    client = app.test_client()
    store = app.extensions["policygraph"].store
    before = (store.data_version, len(store))
    media_type, body = _documents(HOSTILE[kind])[fmt]
    response = client.post("/api/articles", data=body, headers={**AUTH, "Content-Type": media_type})
    _refused(response, HOSTILE[kind])
    assert (store.data_version, len(store)) == before
    dry = client.post("/api/validate", data=body, headers={**AUTH, "Content-Type": media_type})
    _refused(dry, HOSTILE[kind])


@pytest.mark.parametrize("kind", HOSTILE)
def test_sparql_update_is_refused(app, kind):
    client = app.test_client()
    store = app.extensions["policygraph"].store
    before = (store.data_version, len(store))
    name = "Ka" + HOSTILE[kind] + "kao Group"
    update = f'INSERT DATA {{ GRAPH <{REGISTRY}> {{ <{KAKAO}> <{SKOS}altLabel> "{name}"@en }} }}'
    response = client.post(
        "/sparql",
        data=update.encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update", "Accept": "application/json"},
    )
    _refused(response, HOSTILE[kind])
    assert (store.data_version, len(store)) == before


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("kind", HOSTILE)
def test_graph_store_writes_are_refused(app, method, kind):
    client = app.test_client()
    store = app.extensions["policygraph"].store
    before = (store.data_version, len(store))
    name = _turtle_escape("Ka" + HOSTILE[kind] + "kao Group")
    body = f'<{KAKAO}> <{SKOS}altLabel> "{name}"@en .'.encode()
    response = client.open(
        "/rdf-graph-store?graph=urn:names",
        method=method,
        data=body,
        headers={**AUTH, "Content-Type": "text/turtle", "Accept": "application/json"},
    )
    _refused(response, HOSTILE[kind])
    assert (store.data_version, len(store)) == before


def test_a_lookalike_name_is_written_with_a_warning(app):
    client = app.test_client()
    media_type, body = _documents("")["trig"]
    body = body.replace(b'"Chuncheon"@en', '"\u0421huncheon"@en'.encode())  # Cyrillic С
    response = client.post("/api/articles", data=body, headers={**AUTH, "Content-Type": media_type})
    assert response.status_code == 201, response.get_json()
    warnings = {w["rule_id"] for w in response.get_json()["warnings"]}
    assert "name-mixed-script" in warnings


def test_cli_ingest_is_refused(runner, tmp_path):
    media_type, body = _documents(HOSTILE["rlo"])["trig"]
    path = tmp_path / "odd-name.trig"
    path.write_bytes(body)
    result = runner.invoke(cli, ["ingest", "--memory", str(path)])
    assert result.exit_code == 1
    assert "rejected" in result.output and "name-characters" in result.output
    assert "U+202E" in result.output
