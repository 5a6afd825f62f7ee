"""POST /api/extract: article text in, a draft fact sheet out; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.config import Settings

ARTICLE = (Path(__file__).resolve().parents[1] / "data" / "extract" / "en_busan_mou.txt").read_text(
    encoding="utf-8"
)


def test_plain_text_in_json_draft_out(client, seed_store):
    before = len(seed_store)
    response = client.post("/api/extract", data=ARTICLE.encode(), content_type="text/plain")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    draft = response.json
    assert draft["article"]["issued"] == "2026-06-04"
    (agreement,) = draft["agreements"]
    assert {"org/kakao", "org/lh"} <= set(agreement["parties"])
    evidence = agreement["evidence"][0]
    assert ARTICLE[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert response.headers["X-Review-Notes"] == str(len(draft["review"]))
    assert len(seed_store) == before


def test_json_body_and_yaml_answer(client):
    response = client.post(
        "/api/extract", json={"text": ARTICLE, "lang": "en", "source_file": "busan.txt"},
        headers={"Accept": "application/yaml"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    draft = yaml.safe_load(response.data)
    assert draft["article"]["source_file"] == "busan.txt"


def test_format_parameter_wins_over_accept(client):
    response = client.post("/api/extract?format=yaml", json={"text": ARTICLE},
                           headers={"Accept": "application/json"})  # fmt: skip
    assert response.mimetype == "application/yaml"


def test_a_draft_passes_the_dry_run_as_it_is(settings, seed_store):
    from server import create_app

    token = "extract-dry-run-token"  # a dry run is for writers (docs/endpoint.md)
    client = create_app(settings, store=seed_store, write_token=token).test_client()
    draft = client.post("/api/extract?format=yaml", json={"text": ARTICLE}).data
    response = client.post(
        "/api/validate",
        data=draft,
        content_type="application/yaml",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.json
    assert response.json["dry_run"] is True


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        (b"", "text/plain", 400, "empty"),
        (b"  \n", "text/plain", 400, "empty"),
        (b"\xff\xfe", "text/plain", 400, "UTF-8"),
        (b"{", "application/json", 400, "not JSON"),
        (b'{"txt": "x"}', "application/json", 400, '"text"'),
        (b'{"text": "x", "lang": 5}', "application/json", 400, '"lang"'),
        (b"hello", "image/png", 415, "text/plain"),
    ],
)
def test_bad_requests_say_what_is_wrong(client, body, content_type, status, words):
    response = client.post("/api/extract", data=body, content_type=content_type)
    assert response.status_code == status
    assert words in response.json["error"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_bad_parameters(client):
    response = client.post("/api/extract?lang=fr", data=b"text", content_type="text/plain")
    assert response.status_code == 400 and response.json["parameter"] == "lang"
    response = client.post("/api/extract?format=xml", data=b"text", content_type="text/plain")
    assert response.status_code == 400 and response.json["parameter"] == "format"
    response = client.post("/api/extract", data=b"text", content_type="text/plain",
                           headers={"Accept": "image/png"})  # fmt: skip
    assert response.status_code == 406


def test_a_body_over_the_limit_is_refused(seed_store):
    from server import create_app

    app = create_app(Settings(memory=True), store=seed_store, max_ingest_bytes=100)
    response = app.test_client().post(
        "/api/extract", data=ARTICLE.encode(), content_type="text/plain"
    )
    assert response.status_code == 413
    assert response.json["limit"] == 100


def test_a_bad_lang_in_the_query_is_refused_even_when_the_body_names_one(client):
    response = client.post("/api/extract?lang=fr", json={"text": ARTICLE, "lang": "en"})
    assert response.status_code == 400
    assert "lang must be ko or en" in response.json["error"]
