"""POST /api/extract/outline: a draft's entries tied to their YAML lines and article spans."""

from __future__ import annotations

from pathlib import Path

import yaml

ARTICLE = (Path(__file__).resolve().parents[1] / "data" / "extract" / "en_busan_mou.txt").read_text(
    encoding="utf-8"
)

# An edited draft: one agreement flagged by a note, a second note on a later entry.
DRAFT = """\
article: {title: {en: A test article}, issued: '2026-03-02', language: en}
agreements:
- id: first
  parties: [org/kakao, org/lh]
  evidence:
  - sentence: Kakao and LH signed.
    start: 10
    end: 30
    confidence: 0.8
    spans:
    - {field: parties, text: Kakao, start: 10, end: 15}
- id: second
  parties: [org/kakao, org/lh]
review:
- {kind: signatory-party, note: one, item: 'agreements[0]', text: x, start: 1, end: 2}
- {kind: fuzzy-match, note: two, item: 'agreements[1]', text: y, start: 3, end: 4}
"""


def _post(client, body, query=""):
    return client.post(
        f"/api/extract/outline{query}", data=body.encode(), content_type="application/yaml"
    )


def test_every_entry_has_its_lines_and_spans(client):
    draft = client.post("/api/extract?format=yaml", json={"text": ARTICLE}).data.decode()
    response = _post(client, draft)
    assert response.status_code == 200
    items = response.json["items"]
    lines = draft.split("\n")
    (agreement,) = [i for i in items if i["section"] == "agreements"]
    first, last = agreement["lines"]
    assert lines[first - 1].startswith("- id: ")
    assert lines[first - 1].endswith(agreement["id"])
    assert not lines[last].startswith("  ")  # the entry's last line is the last one indented
    evidence = agreement["evidence"][0]
    assert "Kakao" in ARTICLE[evidence["start"] : evidence["end"]]
    assert {s["field"] for s in evidence["spans"]} >= {"parties"}
    assert items[0]["path"] == "article"


def test_notes_keep_their_item_and_lines(client):
    response = _post(client, DRAFT)
    assert response.status_code == 200
    notes = response.json["review"]
    assert [n["item"] for n in notes] == ["agreements[0]", "agreements[1]"]
    assert notes[0]["lines"] == [15, 15]
    items = {i["path"]: i for i in response.json["items"]}
    assert items["agreements[0]"]["lines"] == [3, 11]
    assert items["agreements[1]"]["lines"] == [12, 13]
    assert items["agreements[0]"]["evidence"][0]["spans"] == [
        {"field": "parties", "start": 10, "end": 15}
    ]
    assert "yaml" not in response.json


def test_remove_takes_the_entry_and_its_notes_out(client):
    response = _post(client, DRAFT, "?remove=agreements[0]")
    assert response.status_code == 200
    data = yaml.safe_load(response.json["yaml"])
    assert [a["id"] for a in data["agreements"]] == ["second"]
    assert [(n["kind"], n["item"]) for n in data["review"]] == [("fuzzy-match", "agreements[0]")]
    assert [i["path"] for i in response.json["items"]] == ["article", "agreements[0]"]


def test_bad_input_is_a_clear_400(client):
    response = _post(client, "article: [unclosed")
    assert response.status_code == 400
    assert "line 1" in response.json["error"]
    response = _post(client, DRAFT, "?remove=budgets[0]")
    assert response.status_code == 400
    assert "budgets[0]" in response.json["error"]
    response = _post(client, DRAFT, "?remove=agreements[5]")
    assert response.status_code == 400
    assert "agreements has 2" in response.json["error"]
    response = client.post("/api/extract/outline", data=b"x: 1", content_type="text/plain")
    assert response.status_code == 415
    assert _post(client, "  \n").status_code == 400
