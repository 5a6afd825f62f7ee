"""HTTP ingest: POST/PUT/DELETE /api/articles and POST /api/validate over a writable store.

``tests/data/ingest-invalid/cases.json`` lists every invalid document with the status it must get
and the words the answer must contain (the rule id for a 422); each is posted to both endpoints
and the store's quad count and data version are checked unchanged afterwards.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from graph.config import Settings
from graph.validation.shacl import validate_store
from server import create_app

from ..checked import CheckedStore

DATA = Path(__file__).resolve().parent.parent / "data"
INVALID = DATA / "ingest-invalid"
VALID = DATA / "ingest-valid"
CASES = json.loads((INVALID / "cases.json").read_text(encoding="utf-8"))
MEDIA_TYPES = {
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
}
TOKEN = "ingest-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE_ID = "a1b2c3d4e5f60718"
CHUNCHEON = "https://policygraph.example/id/org/chuncheon-city"
KAKAO = "https://policygraph.example/id/org/kakao"


def _store() -> CheckedStore:
    """The seed store, validated whole after every write (tests/checked.py)."""
    return CheckedStore()


def _client(store, **settings):
    app = create_app(Settings(memory=True), store=store, **{"write_token": TOKEN, **settings})
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture(scope="module")
def shared():
    """One seeded store for the invalid corpus: none of those posts may change it."""
    store = _store()
    return store, _client(store)


@pytest.fixture
def fresh():
    store = _store()
    return store, _client(store)


def _post(client, path: Path, url: str = "/api/articles", headers=None, method="post"):
    headers = {"Content-Type": MEDIA_TYPES[path.suffix], **AUTH, **(headers or {})}
    return getattr(client, method)(url, data=path.read_bytes(), headers=headers)


def _state(store) -> tuple[int, int]:
    return len(store), store.data_version


def test_the_corpus_is_large_and_every_file_is_listed():
    files = {p.name for p in INVALID.iterdir() if p.name != "cases.json"}
    assert files == set(CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("url", ["/api/articles", "/api/validate"])
def test_invalid_document_is_refused_and_the_store_is_unchanged(shared, name, url):
    store, client = shared
    case = CASES[name]
    before = _state(store)
    response = _post(client, INVALID / name, url)
    body = response.get_json()
    assert response.status_code == case["status"], body
    assert body["ok"] is False and body["status"] == case["status"]
    text = " ".join([body["error"], *body["errors"]])
    for words in case["contains"]:
        assert words in text, f"{name}: {words!r} not in {text!r}"
    if case["status"] == 422:
        rules = {r["rule_id"] for r in body["report"]["results"]}
        assert case["rule"] in rules
        assert body["report"]["counts"]["violation"] >= 1
        assert all(r["focus"] and r["message"] for r in body["report"]["results"])
    assert _state(store) == before


def test_report_in_korean_and_as_turtle(shared):
    store, client = shared
    path = INVALID / "amount-negative.trig"
    ko = _post(client, path, headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}).get_json()
    result = next(r for r in ko["report"]["results"] if r["rule_id"] == "amount-value")
    assert ko["report"]["lang"] == "ko" and "금액" in result["message"]
    assert result["value"] == "-400000000000" and result["path"] == "https://schema.org/value"
    en = _post(client, path, headers={"Accept-Language": "en"}).get_json()
    assert "monetary amount" in en["errors"][0]
    turtle = _post(client, path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 422 and turtle.mimetype == "text/turtle"
    report = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(root, SH.conforms) == Literal(False)
    assert len(list(report.objects(root, SH.result))) == sum(ko["report"]["counts"].values())


def test_too_large_is_refused_before_reading(fresh):
    store, _ = fresh
    client = _client(store, max_ingest_bytes=1000)
    before = _state(store)

    class Unreadable(io.BytesIO):
        def read(self, *args):  # pragma: no cover - must not be called
            raise AssertionError("the body was read")

        readline = readinto = read

    response = client.post(
        "/api/articles",
        input_stream=Unreadable(),
        headers={"Content-Type": "application/trig", **AUTH},
        environ_overrides={"CONTENT_LENGTH": "5000000"},
    )
    assert response.status_code == 413
    body = response.get_json()
    assert "max_ingest_bytes" in body["error"] and body["limit"] == 1000
    assert _state(store) == before


def test_too_large_without_content_length_stops_at_the_limit(fresh):
    store, _ = fresh
    client = _client(store, max_ingest_bytes=1000)
    before = _state(store)
    response = client.post(
        "/api/articles",
        input_stream=io.BytesIO((VALID / "kakao-mou.trig").read_bytes()),
        headers={"Content-Type": "application/trig", **AUTH},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert _state(store) == before


@pytest.mark.parametrize("content_type", ["text/csv", "application/json", "application/xml", None])
def test_unknown_content_type_is_415_naming_the_supported_ones(shared, content_type):
    store, client = shared
    before = _state(store)
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    response = client.post(
        "/api/articles", data=(VALID / "kakao-mou.trig").read_bytes(), headers=headers
    )
    assert response.status_code == 415
    error = response.get_json()["error"]
    assert "application/trig" in error and "text/turtle" in error
    assert "application/ld+json" in error and "application/n-quads" in error
    assert "application/yaml" in error  # fact sheets
    assert _state(store) == before


def test_empty_body_is_400(shared):
    store, client = shared
    response = client.post(
        "/api/articles", data=b"  \n", headers={"Content-Type": "text/turtle", **AUTH}
    )
    assert response.status_code == 400 and "empty" in response.get_json()["error"]


# --- happy paths ------------------------------------------------------------------------------


def test_ingest_a_new_article_then_again_then_delete(fresh):
    store, client = fresh
    seed_dump = store.dump("nquads")
    seed_len, version = _state(store)

    first = _post(client, VALID / "kakao-mou.trig")
    assert first.status_code == 201, first.get_json()
    summary = first.get_json()
    assert summary["ok"] is True and summary["created"] is True
    assert summary["article"] == f"https://policygraph.example/id/article/{ARTICLE_ID}"
    assert summary["new_stakeholders"] == [  # Kakao is the registry's Kakao
        {"iri": CHUNCHEON, "label_ko": "춘천시", "label_en": "Chuncheon City"}
    ]
    assert summary["triples_added"] == len(store) - seed_len > 0
    assert [w["rule_id"] for w in summary["warnings"]] == ["facility-location"]
    assert store.data_version == version + 1 == summary["data_version"]
    assert f"https://policygraph.example/graph/article/{ARTICLE_ID}" in store.named_graphs()
    assert validate_store(store).conforms

    again = _post(client, VALID / "kakao-mou.trig")
    assert again.status_code == 200
    assert again.get_json()["triples_added"] == again.get_json()["triples_removed"] == 0
    assert store.data_version == version + 1  # nothing changed, nothing written

    gone = client.delete(f"/api/articles/{ARTICLE_ID}", headers=AUTH)
    assert (
        gone.status_code == 200 and gone.get_json()["triples_removed"] == summary["triples_added"]
    )
    assert store.dump("nquads") == seed_dump  # Chuncheon City went; Kakao stayed
    assert client.delete(f"/api/articles/{ARTICLE_ID}", headers=AUTH).status_code == 404


@pytest.mark.parametrize("name", ["kakao-mou.ttl", "kakao-mou.jsonld", "kakao-mou.nq"])
def test_every_format_lands_in_the_same_layout(name):
    reference, other = _store(), _store()
    assert _post(_client(reference), VALID / "kakao-mou.trig").status_code == 201
    assert _post(_client(other), VALID / name).status_code == 201
    assert sorted(reference.dump("nquads").splitlines()) == sorted(
        other.dump("nquads").splitlines()
    )


def test_reingest_replaces_the_article(fresh):
    store, client = fresh
    assert _post(client, VALID / "kakao-mou.trig").status_code == 201
    changed = (
        (VALID / "kakao-mou.trig").read_text().replace('"2028"^^xsd:gYear', '"2029"^^xsd:gYear')
    )
    response = client.put(
        f"/api/articles/{ARTICLE_ID}",
        data=changed.encode(),
        headers={"Content-Type": "application/trig", **AUTH},
    )
    summary = response.get_json()
    assert response.status_code == 200 and (
        summary["triples_added"],
        summary["triples_removed"],
    ) == (1, 1)
    years = store.query(
        "SELECT ?y WHERE { <https://policygraph.example/id/project/chuncheon-ai-data-centre> "
        "<https://policygraph.example/ont#plannedCompletion> ?y }"
    )
    assert [row["y"].value for row in years] == ["2029"]


def test_put_needs_the_id_of_the_document(fresh):
    store, client = fresh
    before = _state(store)
    response = _post(
        client, VALID / "kakao-mou.trig", "/api/articles/ffffffffffffffff", method="put"
    )
    assert response.status_code == 400 and "ffffffffffffffff" in response.get_json()["error"]
    assert _state(store) == before


def test_delete_keeps_registry_entries_other_articles_use(fresh):
    """Seed article 000 brings Kakao and LH; a new article also names Kakao. Deleting 000 keeps
    Kakao and drops LH, and what stays still conforms."""
    store, client = fresh
    assert _post(client, VALID / "kakao-mou.trig").status_code == 201
    response = client.delete("/api/articles/86ffe20fc9bd53a8", headers=AUTH)
    assert response.status_code == 200, response.get_json()

    def described(iri: str) -> bool:
        return bool(store.query(f"ASK {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"))

    assert described(KAKAO)
    assert not described("https://policygraph.example/id/org/lh")
    assert "https://policygraph.example/graph/article/86ffe20fc9bd53a8" not in store.named_graphs()
    assert validate_store(store).conforms


def test_dry_run_writes_nothing(fresh):
    store, client = fresh
    before = _state(store)
    response = _post(client, VALID / "kakao-mou.trig", "/api/validate")
    summary = response.get_json()
    assert response.status_code == 200 and summary["dry_run"] is True
    assert summary["triples_added"] > 0 and [s["iri"] for s in summary["new_stakeholders"]] == [
        CHUNCHEON
    ]
    assert _state(store) == before


# --- who may write ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic eA=="}, 401)],
)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writes_need_the_token(fresh, headers, status, method):
    store, client = fresh
    before = _state(store)
    url = "/api/articles" if method == "post" else f"/api/articles/{ARTICLE_ID}"
    if method == "delete":
        url = "/api/articles/86ffe20fc9bd53a8"
    response = getattr(client, method)(
        url,
        data=(VALID / "kakao-mou.trig").read_bytes(),
        headers={"Content-Type": "application/trig", **headers},
    )
    assert response.status_code == status
    assert _state(store) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic eA=="}, 401)],
)
def test_a_dry_run_needs_the_token_too(fresh, headers, status):
    """/api/validate costs what a write costs: writers only (docs/endpoint.md)."""
    store, client = fresh
    response = client.post(
        "/api/validate",
        data=(VALID / "kakao-mou.trig").read_bytes(),
        headers={"Content-Type": "application/trig", **headers},
    )
    assert response.status_code == status and response.get_json()["ok"] is False


def test_read_only_server_says_so(fresh):
    store, _ = fresh
    app = create_app(Settings(memory=True), store=store)
    before = _state(store)
    response = app.test_client().post(
        "/api/articles",
        data=(VALID / "kakao-mou.trig").read_bytes(),
        headers={"Content-Type": "application/trig", **AUTH},
    )
    assert response.status_code == 403 and "read-only" in response.get_json()["error"]
    assert _state(store) == before


def _documented(status: str, method: str = "post", path: str = "/api/articles") -> dict:
    from server.api import openapi_document

    doc = openapi_document()
    response = doc["paths"][path][method]["responses"][status]
    response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return {**response["content"]["application/json"]["schema"], "components": doc["components"]}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (VALID / "kakao-mou.trig", "201"),
        (INVALID / "amount-negative.trig", "422"),
        (INVALID / "two-articles.trig", "400"),
    ],
)
def test_answers_match_the_openapi_document(fresh, path, status):
    from jsonschema import Draft202012Validator

    _, client = fresh
    response = _post(client, path)
    assert str(response.status_code) == status
    validator = Draft202012Validator(_documented(status))
    errors = sorted(validator.iter_errors(response.get_json()), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]
