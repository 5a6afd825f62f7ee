"""SPARQL 1.1 Update at /sparql and the Graph Store HTTP Protocol at /rdf-graph-store: the write
gate, validation before commit (422, store unchanged), data version, and the W3C status codes."""

from __future__ import annotations

import pytest
import rdflib

from graph.config import Settings
from graph.network.partners import partner_network
from server import create_app

from ..checked import CheckedStore

TOKEN = "update-token-5d1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ID = "https://policygraph.example/id/"
REGISTRY = "https://policygraph.example/graph/registry"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KAKAO = f"<{ID}org/kakao>"
ALT = f'INSERT DATA {{ GRAPH <{REGISTRY}> {{ {KAKAO} <{SKOS}altLabel> "카카오 AI"@ko }} }}'
# a second English preferred label breaks label-pref-unique
BAD = f'INSERT DATA {{ GRAPH <{REGISTRY}> {{ {KAKAO} <{SKOS}prefLabel> "Kakao Two"@en }} }}'
ASK_ALT = f'ASK {{ {KAKAO} <{SKOS}altLabel> "카카오 AI"@ko }}'


@pytest.fixture
def store():
    st = CheckedStore()  # validated whole after every write (tests/checked.py)
    yield st
    st.close()


@pytest.fixture
def client(store):
    app = create_app(Settings(memory=True), store=store, write_token=TOKEN, query_workers=0)
    app.config["TESTING"] = True
    return app.test_client()


def ask(client, query: str) -> bool:
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["boolean"]


def form_update(client, update: str, headers=None, **params):
    return client.post("/sparql", data={"update": update, **params}, headers=headers)


def direct_update(client, update: str, headers=None):
    return client.post(
        "/sparql",
        data=update.encode(),
        content_type="application/sparql-update",
        headers=headers,
    )


SENDERS = [form_update, direct_update]


@pytest.mark.parametrize("send", SENDERS)
@pytest.mark.parametrize(
    ("headers", "status"),
    [(None, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic eA=="}, 401)],
)
def test_update_without_the_token_is_refused_and_changes_nothing(
    client, store, send, headers, status
):
    version, size = store.data_version, len(store)
    response = send(client, ALT, headers)
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert (store.data_version, len(store)) == (version, size)


def test_read_only_server_refuses_updates(store):
    app = create_app(Settings(memory=True), store=store, query_workers=0)
    response = form_update(app.test_client(), ALT, AUTH)
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)


@pytest.mark.parametrize("send", SENDERS)
def test_allowed_update_is_applied_and_bumps_the_version(client, store, send):
    version, size = store.data_version, len(store)
    response = send(client, ALT, AUTH)
    assert response.status_code == 204, response.get_data(as_text=True)
    assert store.data_version == version + 1
    assert response.headers["X-Data-Version"] == str(version + 1)
    assert len(store) == size + 1
    assert ask(client, ASK_ALT)


@pytest.mark.parametrize("send", SENDERS)
def test_violating_update_is_422_with_the_report_and_rolled_back(client, store, send):
    before = store.dump("nquads")
    version = store.data_version
    response = send(client, BAD, AUTH)
    assert response.status_code == 422
    body = response.json
    assert body["status"] == 422 and "nothing was written" in body["error"]
    assert "label-pref-unique" in {r["rule_id"] for r in body["report"]["results"]}
    assert body["report"]["conforms"] is False
    assert store.dump("nquads") == before and store.data_version == version


def test_violation_report_in_turtle_and_korean(client):
    response = form_update(client, BAD, {**AUTH, "Accept": "text/turtle"})
    assert response.status_code == 422
    report = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, rdflib.RDF.type, sh.ValidationReport) in report
    korean = form_update(client, BAD, {**AUTH, "Accept-Language": "ko"})
    messages = [r["message"] for r in korean.json["report"]["results"]]
    assert any(any("\uac00" <= ch <= "\ud7a3" for ch in m) for m in messages)


def test_operations_see_the_effect_of_the_ones_before(client):
    update = (
        "INSERT DATA { GRAPH <urn:t> { <urn:x> <urn:p> 1 } } ;\n"
        "INSERT { GRAPH <urn:t> { ?s <urn:q> 2 } } WHERE { GRAPH <urn:t> { ?s <urn:p> 1 } } ;\n"
        "DELETE WHERE { GRAPH <urn:t> { ?s <urn:p> ?o } }"
    )
    assert form_update(client, update, AUTH).status_code == 204
    assert ask(client, "ASK { GRAPH <urn:t> { <urn:x> <urn:q> 2 } }")
    assert not ask(client, "ASK { GRAPH <urn:t> { <urn:x> <urn:p> 1 } }")


def test_graph_management_operations(client):
    assert form_update(client, "CREATE GRAPH <urn:new>", AUTH).status_code == 204
    response = form_update(client, "CREATE GRAPH <urn:new>", AUTH)
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)
    assert form_update(client, "CREATE SILENT GRAPH <urn:new>", AUTH).status_code == 204
    copy = "INSERT DATA { GRAPH <urn:a> { <urn:s> <urn:p> 1 } } ; COPY <urn:a> TO <urn:b>"
    assert form_update(client, copy, AUTH).status_code == 204
    assert ask(client, "ASK { GRAPH <urn:b> { <urn:s> <urn:p> 1 } }")
    assert form_update(client, "DROP GRAPH <urn:b>", AUTH).status_code == 204
    assert not ask(client, "ASK { GRAPH <urn:b> { ?s ?p ?o } }")


def test_using_graph_uri_parameter(client):
    setup = "INSERT DATA { GRAPH <urn:src> { <urn:s> <urn:p> 7 } }"
    assert form_update(client, setup, AUTH).status_code == 204
    copy = "INSERT { GRAPH <urn:dst> { ?s <urn:p> ?o } } WHERE { ?s <urn:p> ?o }"
    response = form_update(client, copy, AUTH, **{"using-graph-uri": "urn:src"})
    assert response.status_code == 204
    assert ask(client, "ASK { GRAPH <urn:dst> { <urn:s> <urn:p> 7 } }")
    with_clause = "WITH <urn:src> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    response = form_update(client, with_clause, AUTH, **{"using-graph-uri": "urn:src"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> }", "syntax error"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_bad_or_outbound_updates_are_400(client, store, update, message):
    version = store.data_version
    response = form_update(client, update, AUTH)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert store.data_version == version


def test_slow_update_planning_stops_at_the_limit(client, store):
    update = (
        "DELETE { GRAPH ?g { ?a ?b ?c } } WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . "
        "?g1 ?h ?i . ?j ?k ?l } }"
    )
    version = store.data_version
    response = form_update(client, update, AUTH, timeout="0.5")
    assert response.status_code == 503
    assert "time limit of 0.5 s" in response.get_data(as_text=True)
    assert store.data_version == version


def test_network_follows_an_update(client, store):
    lh = f"{ID}org/lh"
    before = partner_network(store)
    assert before.has_edge(f"{ID}org/kakao", lh)
    agreement = f"<{ID}agreement/namyangju-ai-digital-hub-investment>"
    update = (
        "DELETE WHERE { GRAPH ?g { "
        f"{agreement} <https://policygraph.example/ont#party> <{lh}> }} }}"
    )
    assert form_update(client, update, AUTH).status_code == 204
    after = partner_network(store)
    assert after.graph["data_version"] == store.data_version
    assert not after.has_edge(f"{ID}org/kakao", lh)


# --- Graph Store HTTP Protocol ------------------------------------------------------------

GS = "/rdf-graph-store"
TTL = {"Content-Type": "text/turtle"}
DATA = b"<urn:s> <urn:p> <urn:o> ."


def test_gsp_get_existing_missing_and_default(client):
    response = client.get(GS, query_string={"graph": REGISTRY}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.content_type == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (rdflib.URIRef(f"{ID}org/kakao"), None, None) in graph
    assert client.get(GS, query_string={"graph": "urn:none"}).status_code == 404
    assert client.get(GS, query_string={"default": ""}).status_code == 200
    head = client.head(GS, query_string={"graph": REGISTRY})
    assert head.status_code == 200 and head.get_data() == b""


@pytest.mark.parametrize("params", [{}, {"graph": "urn:a", "default": ""}])
def test_gsp_needs_exactly_one_graph_parameter(client, params):
    assert client.get(GS, query_string=params).status_code == 400


def test_gsp_put_post_delete_status_codes(client, store):
    target = {"graph": "urn:gsp"}
    put = client.put(GS, query_string=target, data=DATA, headers={**TTL, **AUTH})
    assert put.status_code == 201
    version = store.data_version
    again = client.put(
        GS, query_string=target, data=b"<urn:s> <urn:p> 2 .", headers={**TTL, **AUTH}
    )
    assert again.status_code == 204 and store.data_version == version + 1
    body = client.get(GS, query_string=target, headers={"Accept": "application/n-triples"})
    assert body.get_data(as_text=True).count("\n") == 1  # replaced, not merged
    post = client.post(GS, query_string=target, data=DATA, headers={**TTL, **AUTH})
    assert post.status_code == 204
    body = client.get(GS, query_string=target, headers={"Accept": "application/n-triples"})
    assert body.get_data(as_text=True).count("\n") == 2  # merged
    assert (
        client.post(
            GS, query_string={"graph": "urn:gsp2"}, data=DATA, headers={**TTL, **AUTH}
        ).status_code
        == 201
    )
    assert client.delete(GS, query_string=target, headers=AUTH).status_code == 204
    assert client.get(GS, query_string=target).status_code == 404
    assert client.delete(GS, query_string=target, headers=AUTH).status_code == 404


def test_gsp_post_without_graph_creates_one(client):
    response = client.post(GS, data=DATA, headers={**TTL, **AUTH})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert client.get(location, headers={"Accept": "application/n-triples"}).status_code == 200


def test_gsp_writes_need_the_token_and_change_nothing_without(client, store):
    size = len(store)
    assert (
        client.put(GS, query_string={"graph": "urn:x"}, data=DATA, headers=TTL).status_code == 401
    )
    assert client.delete(GS, query_string={"graph": REGISTRY}).status_code == 401
    assert len(store) == size


@pytest.mark.parametrize(
    ("headers", "data", "status"),
    [
        ({"Content-Type": "application/pdf"}, DATA, 415),
        ({"Content-Type": "application/n-quads"}, DATA, 415),
        (TTL, b"<urn:s> <urn:p> .", 400),
    ],
)
def test_gsp_bad_bodies(client, store, headers, data, status):
    size = len(store)
    response = client.put(
        GS, query_string={"graph": "urn:x"}, data=data, headers={**headers, **AUTH}
    )
    assert response.status_code == status
    assert len(store) == size


def test_gsp_violating_write_is_422_and_rolled_back(client, store):
    before = store.dump("nquads")
    data = f'{KAKAO} <{SKOS}prefLabel> "Kakao Two"@en .'.encode()
    response = client.post(GS, query_string={"graph": REGISTRY}, data=data, headers={**TTL, **AUTH})
    assert response.status_code == 422
    assert "label-pref-unique" in {r["rule_id"] for r in response.json["report"]["results"]}
    assert store.dump("nquads") == before


# --- service description ------------------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
PG = rdflib.Namespace("https://policygraph.example/ont#")


def _description(client) -> tuple[rdflib.Graph, rdflib.term.Node]:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    return graph, graph.value(None, rdflib.RDF.type, SD.Service)


def test_service_description_of_a_writable_server(client):
    graph, svc = _description(client)
    assert (svc, SD.supportedLanguage, SD.SPARQL11Update) in graph
    assert (svc, SD.inputFormat, rdflib.URIRef("http://www.w3.org/ns/formats/Turtle")) in graph
    assert (svc, PG.graphStore, rdflib.URIRef("http://localhost/rdf-graph-store")) in graph
    limits = {p: graph.value(svc, PG[p]).toPython() for p in ("maxResultRows", "maxBodyBytes")}
    assert limits == {"maxResultRows": 100_000, "maxBodyBytes": 16 * 1024 * 1024}
    assert graph.value(svc, PG.queryTimeoutSeconds).toPython() == 10
    assert (svc, SD.feature, SD.BasicFederatedQuery) not in graph
    comment = str(graph.value(svc, rdflib.RDFS.comment))
    assert "SHACL-validated" in comment and "SERVICE and LOAD are refused" in comment


def test_service_description_of_a_read_only_server(store):
    app = create_app(Settings(memory=True), store=store, query_workers=0, query_timeout=2.5)
    graph, svc = _description(app.test_client())
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (svc, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert graph.value(svc, PG.queryTimeoutSeconds).toPython() == 2.5
    assert "read-only" in str(graph.value(svc, rdflib.RDFS.comment))


def test_using_named_graph_uri_limits_what_graph_var_sees(client):
    """W3C protocol test update_dataset_named_graphs, in small."""
    setup = (
        "INSERT DATA { GRAPH <urn:d1> { <urn:d1> a <urn:Doc> } GRAPH <urn:d2> { <urn:d2> a "
        "<urn:Doc> } GRAPH <urn:d3> { <urn:d3> a <urn:Doc> } }"
    )
    assert form_update(client, setup, AUTH).status_code == 204
    copy = "INSERT { GRAPH <urn:out> { ?s a <urn:Bib> } } WHERE { GRAPH ?g { ?s a <urn:Doc> } }"
    params = {"using-named-graph-uri": ["urn:d1", "urn:d2"]}
    assert form_update(client, copy, AUTH, **params).status_code == 204
    assert ask(client, "ASK { GRAPH <urn:out> { <urn:d1> a <urn:Bib> . <urn:d2> a <urn:Bib> } }")
    assert not ask(client, "ASK { GRAPH <urn:out> { <urn:d3> a <urn:Bib> } }")
