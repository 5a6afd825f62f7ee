"""The hostile corpus (tests/hostile.py) through every HTTP write path: POST /api/articles,
POST /api/validate, Graph Store PUT and POST, SPARQL Update.

Each answer is a 4xx (never a 5xx) with a plain message naming the problem (no exception class,
no internal detail); the store is unchanged (every quad and the data version); the tripwire
listener is never contacted and the tripwire file never opened. Writes that are accepted are
held to full offline validation by :class:`tests.checked.CheckedStore`.
"""

from __future__ import annotations

import json

import pytest

from graph.config import Settings
from server import create_app

from ..checked import CheckedStore, assert_plain, state, tripwires
from ..hostile import (
    ARTICLE,
    ARTICLE_MEDIA_TYPES,
    GRAPH_MEDIA_TYPES,
    SETTINGS,
    article_cases,
    graph_cases,
    update_cases,
)

TOKEN = "hostile-writes-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLES = article_cases()
GRAPHS = graph_cases()
UPDATES = update_cases()


@pytest.fixture(scope="module")
def wires(tmp_path_factory):
    with tripwires(tmp_path_factory.mktemp("tripwires")) as found:
        yield found


@pytest.fixture(scope="module")
def served():
    store = CheckedStore()
    app = create_app(
        Settings(memory=True), store=store, write_token=TOKEN, query_workers=0, **SETTINGS
    )
    app.config["TESTING"] = True
    return store, app.test_client()


def _refused(response, statuses, words) -> str:
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.status_code in statuses, response.get_data(as_text=True)
    if response.is_json:
        body = response.get_json()
        message = " ".join([body["error"], *body.get("errors", [])])
    else:
        message = response.get_data(as_text=True)
    assert_plain(message)
    for word in words:
        assert word in message, (word, message)
    return message


@pytest.mark.parametrize("url", ["/api/articles", "/api/validate"])
@pytest.mark.parametrize("case", ARTICLES, ids=lambda c: c.id)
def test_article_endpoints_refuse_the_corpus(served, wires, case, url):
    store, client = served
    before = state(store)
    response = client.post(
        url,
        data=case.body_for(wires.url, wires.file_url),
        headers={"Content-Type": ARTICLE_MEDIA_TYPES[case.fmt], **AUTH},
    )
    _refused(response, case.statuses, case.words)
    assert state(store) == before
    wires.assert_untouched()


@pytest.mark.parametrize("method", ["put", "post"])
@pytest.mark.parametrize("case", GRAPHS, ids=lambda c: c.id)
def test_graph_store_refuses_the_corpus(served, wires, case, method):
    store, client = served
    before = state(store)
    response = getattr(client, method)(
        "/rdf-graph-store?graph=urn:x:hostile",
        data=case.body_for(wires.url, wires.file_url),
        headers={"Content-Type": GRAPH_MEDIA_TYPES[case.fmt], **AUTH},
    )
    _refused(response, case.statuses, case.words)
    assert state(store) == before
    wires.assert_untouched()


@pytest.mark.parametrize(("name", "update", "statuses", "words"), UPDATES, ids=lambda x: x)
def test_sparql_update_refuses_the_corpus(served, wires, name, update, statuses, words):
    store, client = served
    before = state(store)
    response = client.post(
        "/sparql",
        data=update.replace("file:///tripwire/secret.ttl", wires.file_url).encode(),
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    message = _refused(response, statuses, ())
    if response.status_code == 422:
        message = response.get_data(as_text=True)
    for word in words:
        assert word in message, (word, message)
    assert state(store) == before
    wires.assert_untouched()


def test_the_corpus_is_large():
    assert len(ARTICLES) * 2 + len(GRAPHS) * 2 + len(UPDATES) >= 450


@pytest.mark.parametrize("fmt", ["trig", "turtle", "jsonld"])
def test_a_byte_order_mark_is_no_obstacle(fmt, wires):
    """A UTF-8 byte order mark before a valid article is dropped, not an error."""
    store = CheckedStore()
    app = create_app(Settings(memory=True), store=store, write_token=TOKEN, query_workers=0)
    client = app.test_client()
    from ..hostile import ARTICLE_JSONLD, DATA

    body = {
        "trig": ARTICLE,
        "turtle": (DATA / "ingest-valid" / "kakao-mou.ttl").read_text("utf-8"),
        "jsonld": __import__("json").dumps(ARTICLE_JSONLD),
    }[fmt]
    response = client.post(
        "/api/articles",
        data=b"\xef\xbb\xbf" + body.encode(),
        headers={"Content-Type": ARTICLE_MEDIA_TYPES[fmt], **AUTH},
    )
    assert response.status_code == 201, response.get_json()
    assert store.writes == 1 and not store.failures


def _references(url: str, file_url: str) -> list[tuple[str, str, str, bytes]]:
    """(name, path, media type, body): IRIs a parser or validator might be tempted to follow,
    in data that is otherwise acceptable: owl:imports, rdfs:seeAlso, a base IRI, a vocabulary."""
    owl, rdfs = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#"
    graph = "/rdf-graph-store?graph=urn:x:refs"
    article = ARTICLE.rstrip().rstrip("}") + (
        f"\n<urn:x:thing> <{owl}imports> <{url}/onto.ttl> , <{file_url}> ;"
        f" <{rdfs}seeAlso> <{url}/more> .\n}}\n"
    )
    return [
        ("imports-in-an-article", "/api/articles", "application/trig", article.encode()),
        ("imports-in-a-dry-run", "/api/validate", "application/trig", article.encode()),
        (
            "imports-and-base",
            graph,
            "text/turtle",
            f"@base <{url}/base/> .\n<x> <{owl}imports> <{file_url}> , <y> .".encode(),
        ),
        (
            "jsonld-base-and-vocab",
            graph,
            "application/ld+json",
            json.dumps(
                {"@context": {"@base": url + "/", "@vocab": file_url + "#"}, "@id": "x", "p": 1}
            ).encode(),
        ),
        (
            "rdfxml-base",
            graph,
            "application/rdf+xml",
            f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="{owl}" '
            f'xml:base="{url}/"><rdf:Description rdf:about="x"><owl:imports '
            f'rdf:resource="{file_url}"/></rdf:Description></rdf:RDF>'.encode(),
        ),
        (
            "update-imports",
            "/sparql",
            "application/sparql-update",
            f"INSERT DATA {{ <urn:x:o> <{owl}imports> <{url}/o.ttl> }}".encode(),
        ),
    ]


@pytest.mark.parametrize("index", range(6))
def test_references_in_data_are_data_never_instructions(wires, index):
    """Accepted or not, a write that names URLs and files never makes the server open them;
    an accepted one leaves the store conforming (CheckedStore)."""
    store = CheckedStore()
    app = create_app(Settings(memory=True), store=store, write_token=TOKEN, query_workers=0)
    name, path, media_type, body = _references(wires.url, wires.file_url)[index]
    response = app.test_client().post(path, data=body, headers={"Content-Type": media_type, **AUTH})
    assert response.status_code < 300, (name, response.get_data(as_text=True))
    assert not store.failures
    wires.assert_untouched()
