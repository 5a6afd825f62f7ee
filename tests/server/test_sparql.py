"""The /sparql endpoint against the W3C SPARQL 1.1 Protocol, over a small two-graph store.

The store is built here (not the seed graph), so that every expected value is known: two named
graphs, one per company, with Korean labels, a number and an IRI each.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.config import Settings
from graph.formats import RDF_FORMATS, RESULT_FORMATS
from server import create_app
from tests.stores import new_store

EX = "http://example.org/"
G1, G2 = EX + "graph/kakao", EX + "graph/naver"
DATA = f"""
@prefix ex: <{EX}> .
<{G1}> {{ ex:kakao ex:label "카카오"@ko ; ex:partner ex:gwangju ; ex:staff 3900 . }}
<{G2}> {{ ex:naver ex:label "네이버"@ko ; ex:partner ex:seongnam ; ex:staff 4700 . }}
"""
PREFIX = f"PREFIX ex: <{EX}>\n"
SELECT = PREFIX + (
    "SELECT ?s ?label ?staff WHERE { ?s ex:label ?label ; ex:staff ?staff } ORDER BY ?s"
)
SUBJECTS = PREFIX + "SELECT ?s WHERE { ?s ex:label ?label } ORDER BY ?s"
ASK_TRUE = PREFIX + "ASK { ex:kakao ex:partner ex:gwangju }"
ASK_FALSE = PREFIX + "ASK { ex:kakao ex:partner ex:seongnam }"
CONSTRUCT = PREFIX + (
    "CONSTRUCT { ?s ex:partner ?o ; ex:note [ ex:text ?label ] } "
    "WHERE { ?s ex:partner ?o ; ex:label ?label }"
)
DESCRIBE = PREFIX + "DESCRIBE ex:kakao"
SERVICE_DESCRIPTION_NS = "http://www.w3.org/ns/sparql-service-description#"
SD = rdflib.Namespace(SERVICE_DESCRIPTION_NS)

FORMS = ["get", "form", "direct"]


@pytest.fixture(scope="module")
def store():
    st = new_store()
    st.load(DATA, "trig")
    yield st
    st.close()


def _app(store, **overrides):
    application = create_app(Settings(memory=True), store=store, **overrides)
    application.config["TESTING"] = True
    return application


@pytest.fixture(scope="module")
def app(store):
    return _app(store)


@pytest.fixture
def client(app):
    return app.test_client()


def send(client, form, query, *, params=None, headers=None):
    """Send ``query`` in one of the Protocol's three request forms; ``params`` (dataset,
    format) go where that form carries them: the URL for GET and direct POST, the body for
    a form POST."""
    params = dict(params or {})
    if form == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if form == "form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post(
        "/sparql",
        query_string=params,
        data=query.encode("utf-8"),
        content_type="application/sparql-query",
        headers=headers,
    )


# --- parsing answers ------------------------------------------------------------------------
def _json_rows(body: bytes) -> list[dict[str, str]]:
    doc = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


_SRX = "{http://www.w3.org/2005/sparql-results#}"


def _xml_rows(body: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(body)
    return [
        {b.get("name"): b[0].text for b in result.iter(_SRX + "binding")}
        for result in root.iter(_SRX + "result")
    ]


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def _tsv_rows(body: bytes) -> list[dict[str, str]]:
    """TSV cells are SPARQL terms: <iri>, "lexical"@lang, bare numbers."""
    lines = body.decode("utf-8").splitlines()
    header = [name.lstrip("?") for name in lines[0].split("\t")]
    rows = []
    for line in lines[1:]:
        cells = [
            re.sub(r'^<(.*)>$|^"(.*)"(@[\w-]+)?$', lambda m: m[1] or m[2], c)
            for c in line.split("\t")
        ]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


ROW_PARSERS = {"json": _json_rows, "xml": _xml_rows, "csv": _csv_rows, "tsv": _tsv_rows}
EXPECTED_ROWS = [
    {"s": EX + "kakao", "label": "카카오", "staff": "3900"},
    {"s": EX + "naver", "label": "네이버", "staff": "4700"},
]

_RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def parse_graph(body: bytes, fmt: str) -> rdflib.Graph:
    """Parse an RDF answer; a dataset format must hold everything in its default graph."""
    if fmt in _RDFLIB:
        return rdflib.Graph().parse(data=body, format=_RDFLIB[fmt])
    native = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[fmt]
    quads = list(ox.parse(body, format=native))
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)
    ntriples = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return rdflib.Graph().parse(data=ntriples, format="nt")


def expected_construct() -> rdflib.Graph:
    return rdflib.Graph().parse(
        format="turtle",
        data=f"""
        @prefix ex: <{EX}> .
        ex:kakao ex:partner ex:gwangju ; ex:note [ ex:text "카카오"@ko ] .
        ex:naver ex:partner ex:seongnam ; ex:note [ ex:text "네이버"@ko ] .
    """,
    )


def expected_describe() -> rdflib.Graph:
    return rdflib.Graph().parse(
        format="turtle",
        data=f"""
        @prefix ex: <{EX}> .
        ex:kakao ex:label "카카오"@ko ; ex:partner ex:gwangju ; ex:staff 3900 .
    """,
    )


def media_type(response) -> str:
    return response.headers["Content-Type"].split(";")[0].strip()


# --- the three request forms × the four query forms ----------------------------------------
@pytest.mark.parametrize("form", FORMS)
def test_select_in_every_request_form(client, form):
    response = send(client, form, SELECT)
    assert response.status_code == 200
    assert media_type(response) == "application/sparql-results+json"
    assert _json_rows(response.data) == EXPECTED_ROWS


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("query", "answer"), [(ASK_TRUE, True), (ASK_FALSE, False)])
def test_ask_in_every_request_form(client, form, query, answer):
    response = send(client, form, query)
    assert response.status_code == 200
    assert media_type(response) == "application/sparql-results+json"
    assert json.loads(response.data)["boolean"] is answer


@pytest.mark.parametrize("form", FORMS)
def test_construct_in_every_request_form(client, form):
    response = send(client, form, CONSTRUCT)
    assert response.status_code == 200
    assert media_type(response) == "text/turtle"
    assert isomorphic(parse_graph(response.data, "turtle"), expected_construct())


@pytest.mark.parametrize("form", FORMS)
def test_describe_in_every_request_form(client, form):
    response = send(client, form, DESCRIBE)
    assert response.status_code == 200
    assert media_type(response) == "text/turtle"
    assert isomorphic(parse_graph(response.data, "turtle"), expected_describe())


# --- content negotiation --------------------------------------------------------------------
@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_select_result_formats(client, fmt):
    response = send(client, "get", SELECT, headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{fmt.media_type}; charset=utf-8"
    assert response.headers["Vary"] == "Accept"
    assert ROW_PARSERS[fmt.name](response.data) == EXPECTED_ROWS


def test_xml_results_keep_term_kinds(client):
    response = send(client, "get", SELECT, headers={"Accept": "application/sparql-results+xml"})
    first = ET.fromstring(response.data).find(f"{_SRX}results/{_SRX}result")
    kinds = {b.get("name"): b[0] for b in first.iter(_SRX + "binding")}
    assert kinds["s"].tag == _SRX + "uri"
    assert kinds["label"].get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    assert kinds["staff"].get("datatype") == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize(
    ("accept", "parse"),
    [
        ("application/sparql-results+json", lambda b: json.loads(b)["boolean"]),
        (
            "application/sparql-results+xml",
            lambda b: ET.fromstring(b).find(_SRX + "boolean").text == "true",
        ),
        # CSV and TSV define no boolean form; the answer is the bare word
        ("text/csv", lambda b: b.decode().strip() == "true"),
        ("text/tab-separated-values", lambda b: b.decode().strip() == "true"),
    ],
)
def test_ask_result_formats(client, accept, parse):
    response = send(client, "direct", ASK_TRUE, headers={"Accept": accept})
    assert response.status_code == 200
    assert media_type(response) == accept
    assert parse(response.data) is True


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize(
    ("query", "expected"),
    [(CONSTRUCT, expected_construct), (DESCRIBE, expected_describe)],
    ids=["construct", "describe"],
)
def test_graph_result_formats(client, fmt, query, expected):
    response = send(client, "form", query, headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{fmt.media_type}; charset=utf-8"
    assert isomorphic(parse_graph(response.data, fmt.name), expected())


@pytest.mark.parametrize(
    ("query", "accept", "chosen"),
    [
        (
            SELECT,
            "application/sparql-results+xml;q=0.5, application/sparql-results+json",
            "application/sparql-results+json",
        ),
        (SELECT, "application/sparql-results+json;q=0.4, text/csv;q=0.9", "text/csv"),
        (
            SELECT,
            "text/*;q=0.8, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
        ),
        (SELECT, "text/*", "text/csv"),
        # q=0 refuses a type even when a wildcard would admit it
        (
            SELECT,
            "application/sparql-results+json;q=0, */*;q=0.5",
            "application/sparql-results+xml",
        ),
        (CONSTRUCT, "text/turtle;q=0.2, application/n-triples", "application/n-triples"),
        (CONSTRUCT, "application/ld+json, text/turtle;q=0.9", "application/ld+json"),
        (CONSTRUCT, "text/plain", "application/n-triples"),
        # a browser's Accept: RDF/XML is not offered as application/xml, so */* decides
        (
            CONSTRUCT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/turtle",
        ),
    ],
)
def test_accept_q_values(client, query, accept, chosen):
    response = send(client, "get", query, headers={"Accept": accept})
    assert response.status_code == 200
    assert media_type(response) == chosen


@pytest.mark.parametrize("accept", [None, "*/*"])
@pytest.mark.parametrize(
    ("query", "default"),
    [
        (SELECT, "application/sparql-results+json"),
        (ASK_TRUE, "application/sparql-results+json"),
        (CONSTRUCT, "text/turtle"),
        (DESCRIBE, "text/turtle"),
    ],
)
def test_default_formats(client, accept, query, default):
    headers = {"Accept": accept} if accept else {}
    response = send(client, "direct", query, headers=headers)
    assert response.status_code == 200
    assert media_type(response) == default


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("query", "fmt", "chosen"),
    [
        (SELECT, "csv", "text/csv"),
        (SELECT, "application/sparql-results+xml", "application/sparql-results+xml"),
        (ASK_TRUE, "xml", "application/sparql-results+xml"),
        (CONSTRUCT, "nt", "application/n-triples"),
        (CONSTRUCT, "jsonld", "application/ld+json"),
    ],
)
def test_format_parameter_overrides_accept(client, form, query, fmt, chosen):
    response = send(
        client,
        form,
        query,
        params={"format": fmt},
        headers={"Accept": "application/sparql-results+json, text/turtle"},
    )
    assert response.status_code == 200
    assert media_type(response) == chosen


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        (SELECT, [f.media_type for f in RESULT_FORMATS]),
        (CONSTRUCT, [f.media_type for f in RDF_FORMATS]),
    ],
)
def test_nothing_acceptable_is_406(client, query, offered):
    response = send(client, "get", query, headers={"Accept": "image/png, text/html"})
    assert response.status_code == 406
    assert media_type(response) == "text/plain"
    body = response.get_data(as_text=True)
    assert all(m in body for m in offered)


@pytest.mark.parametrize(
    ("query", "fmt"), [(SELECT, "bogus"), (SELECT, "turtle"), (CONSTRUCT, "csv")]
)
def test_unknown_format_parameter_is_400(client, query, fmt):
    response = send(client, "get", query, params={"format": fmt})
    assert response.status_code == 400
    assert "format" in response.get_data(as_text=True)


# --- the RDF dataset ------------------------------------------------------------------------
def subjects(response) -> list[str]:
    assert response.status_code == 200, response.data
    return [row["s"] for row in _json_rows(response.data)]


def graphs(response) -> list[str]:
    assert response.status_code == 200, response.data
    return sorted(row["g"] for row in _json_rows(response.data))


GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize("form", FORMS)
def test_default_graph_uri(client, form):
    assert subjects(send(client, form, SUBJECTS, params={"default-graph-uri": G1})) == [
        EX + "kakao"
    ]
    both = send(client, form, SUBJECTS, params={"default-graph-uri": [G1, G2]})
    assert subjects(both) == [EX + "kakao", EX + "naver"]


@pytest.mark.parametrize("form", FORMS)
def test_named_graph_uri(client, form):
    assert graphs(send(client, form, GRAPHS, params={"named-graph-uri": G2})) == [G2]
    # named-graph-uri alone: the default graph of the dataset is empty
    assert subjects(send(client, form, SUBJECTS, params={"named-graph-uri": G2})) == []


@pytest.mark.parametrize("form", FORMS)
def test_protocol_dataset_overrides_from(client, form):
    query = SUBJECTS.replace("WHERE", f"FROM <{G2}> WHERE")
    assert subjects(send(client, form, query, params={"default-graph-uri": G1})) == [EX + "kakao"]
    named = GRAPHS.replace("WHERE", f"FROM NAMED <{G2}> WHERE")
    assert graphs(send(client, form, named, params={"named-graph-uri": G1})) == [G1]


def test_dataset_parameters_in_url_with_form_post(client):
    """The W3C test query_post_form sends default-graph-uri in the URL of a form POST."""
    response = client.post(
        f"/sparql?default-graph-uri={urllib.parse.quote(G2)}", data={"query": SUBJECTS}
    )
    assert subjects(response) == [EX + "naver"]


@pytest.mark.parametrize("form", FORMS)
def test_query_from_clauses_are_used(client, form):
    assert subjects(send(client, form, SUBJECTS.replace("WHERE", f"FROM <{G2}> WHERE"))) == [
        EX + "naver"
    ]
    lower = SUBJECTS.replace("WHERE", f"from <{G1}> where")
    assert subjects(send(client, form, lower)) == [EX + "kakao"]
    named = GRAPHS.replace("WHERE", f"FROM NAMED <{G1}> WHERE")
    assert graphs(send(client, form, named)) == [G1]
    # FROM NAMED alone: the default graph is empty, not the union
    only_named = SUBJECTS.replace("WHERE", f"FROM NAMED <{G1}> WHERE")
    assert subjects(send(client, form, only_named)) == []


@pytest.mark.parametrize("form", FORMS)
def test_without_dataset_the_default_graph_is_the_union(client, form):
    assert subjects(send(client, form, SUBJECTS)) == [EX + "kakao", EX + "naver"]
    assert graphs(send(client, form, GRAPHS)) == [G1, G2]


def test_from_inside_a_literal_does_not_drop_the_union(client):
    query = PREFIX + (
        'SELECT ?s WHERE { ?s ex:label ?label FILTER(?label != "FROM <x>") } ORDER BY ?s # FROM'
    )
    assert subjects(send(client, "get", query)) == [EX + "kakao", EX + "naver"]


# --- errors ---------------------------------------------------------------------------------
def text(response) -> str:
    assert media_type(response) == "text/plain"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("form", FORMS)
def test_malformed_query_is_400_with_position(client, form):
    response = send(client, form, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    body = text(response)
    assert "syntax error" in body
    assert re.search(r"\bline 1, column \d+", body), body  # where the mistake is


def test_undeclared_prefix_is_400(client):
    response = send(client, "get", "SELECT * WHERE { ?s a undeclared:Thing }")
    assert response.status_code == 400


def test_two_query_parameters_are_400(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D")
    assert response.status_code == 400
    assert "query" in text(response)
    form = client.post("/sparql", data={"query": ["ASK {}", "ASK {}"]})
    assert form.status_code == 400


def test_query_in_url_and_form_body_is_400(client):
    response = client.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"})
    assert response.status_code == 400
    assert "both" in text(response)


def test_query_in_url_with_direct_post_is_400(client):
    response = client.post(
        "/sparql?query=ASK%7B%7D", data=b"ASK {}", content_type="application/sparql-query"
    )
    assert response.status_code == 400


def test_form_post_without_query_is_400(client):
    response = client.post("/sparql", data={"default-graph-uri": G1})
    assert response.status_code == 400
    assert "query" in text(response)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_unknown_post_content_type_is_415(client, content_type):
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D", content_type=content_type)
    assert response.status_code == 415
    assert "application/sparql-query" in text(response)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/sparql-query; charset=UTF-16",
        "application/x-www-form-urlencoded; charset=latin1",
    ],
)
def test_charset_other_than_utf8_is_415(client, content_type):
    response = client.post("/sparql", data=b"ASK {}", content_type=content_type)
    assert response.status_code == 415
    assert "UTF-8" in text(response)


@pytest.mark.parametrize(
    "content_type",
    ["application/sparql-query; charset=utf-8", "application/x-www-form-urlencoded; charset=UTF-8"],
)
def test_charset_utf8_is_accepted(client, content_type):
    body = b"ASK {}" if "sparql" in content_type else b"query=ASK%20%7B%7D"
    response = client.post("/sparql", data=body, content_type=content_type)
    assert response.status_code == 200


def test_body_that_is_not_utf8_is_400(client):
    response = client.post(
        "/sparql",
        data='ASK { ?s ?p "카카오" }'.encode("utf-16"),
        content_type="application/sparql-query",
    )
    assert response.status_code == 400
    assert "UTF-8" in text(response)


@pytest.mark.parametrize("body", [b"", b"  \n "])
def test_direct_post_with_empty_body_is_400(client, body):
    response = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert response.status_code == 400
    assert "no query" in text(response)


def test_update_with_get_is_400(client):
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert response.status_code == 400
    assert "POST" in text(response)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"update": "CLEAR ALL"}, None),
        ({"update": ["CLEAR NAMED", "CLEAR DEFAULT"]}, None),
        (b"CLEAR ALL", "application/sparql-update"),
    ],
)
def test_update_is_403_read_only(client, store, data, content_type):
    before = len(store)
    response = client.post("/sparql", data=data, content_type=content_type)
    assert response.status_code == 403
    assert "read-only" in text(response)
    assert len(store) == before


def test_query_and_update_together_is_400(client):
    response = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    response = client.open("/sparql?query=ASK%7B%7D", method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "GET" in text(response)


@pytest.mark.parametrize("form", FORMS)
def test_query_over_the_length_limit_is_413(store, form):
    client = _app(store, max_query_length=60).test_client()
    assert send(client, form, "ASK {}").status_code == 200
    response = send(client, form, "ASK { " + "?s ?p ?o . " * 10 + "}")
    assert response.status_code == 413
    assert "60" in text(response)


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = send(client, "get", query)
    assert response.status_code == 400
    assert "SERVICE" in text(response)


# --- service description --------------------------------------------------------------------
def _service(graph: rdflib.Graph):
    services = list(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    return services[0]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "turtle"),
        ("*/*", "turtle"),
        ("text/turtle", "turtle"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdfxml"),
        ("application/n-triples", "ntriples"),
        ("application/trig", "trig"),
    ],
)
def test_service_description(client, store, accept, fmt):
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    expected_type = {f.name: f.media_type for f in RDF_FORMATS}[fmt]
    assert response.headers["Content-Type"] == f"{expected_type}; charset=utf-8"
    graph = parse_graph(response.data, fmt)
    svc = _service(graph)
    assert graph.value(svc, SD.endpoint) == rdflib.URIRef("http://localhost/sparql")
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (svc, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(svc, SD.resultFormat))
    assert formats == {rdflib.URIRef(f.w3c) for f in (*RESULT_FORMATS, *RDF_FORMATS)}
    dataset = graph.value(svc, SD.defaultDataset)
    names = {graph.value(ng, SD.name) for ng in graph.objects(dataset, SD.namedGraph)}
    assert (
        names
        == {rdflib.URIRef(g) for g in store.named_graphs()}
        == {rdflib.URIRef(G1), rdflib.URIRef(G2)}
    )
    assert len(list(graph.objects(dataset, SD.namedGraph))) == 2
    assert (None, None, SD.SPARQL11Update) not in graph


def test_service_description_endpoint_is_the_request_url(client):
    response = client.get("/sparql", base_url="https://policy.example:8443")
    graph = parse_graph(response.data, "turtle")
    assert graph.value(_service(graph), SD.endpoint) == rdflib.URIRef(
        "https://policy.example:8443/sparql"
    )


def test_service_description_refuses_a_results_format(client):
    response = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 406


def test_head(client):
    described = client.head("/sparql")
    assert described.status_code == 200
    assert media_type(described) == "text/turtle"
    assert described.data == b""
    answered = client.head("/sparql", query_string={"query": SELECT})
    assert answered.status_code == 200
    assert media_type(answered) == "application/sparql-results+json"


# --- non-ASCII ------------------------------------------------------------------------------
KOREAN = PREFIX + 'SELECT ?s ?label WHERE { ?s ex:label ?label FILTER(?label = "카카오"@ko) }'


@pytest.mark.parametrize("form", FORMS)
def test_korean_query(client, form):
    response = send(client, form, KOREAN)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert _json_rows(response.data) == [{"s": EX + "kakao", "label": "카카오"}]
    assert "카카오".encode() in response.data  # UTF-8, not \\u escapes


def test_korean_query_percent_encoded_in_the_url(client):
    response = client.get(
        "/sparql?query=" + urllib.parse.quote(KOREAN, safe=""), headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert _csv_rows(response.data) == [{"s": EX + "kakao", "label": "카카오"}]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_korean_graph_answers_are_utf8(client, fmt):
    query = PREFIX + 'CONSTRUCT WHERE { ?s ex:label "카카오"@ko }'
    response = send(client, "direct", query, params={"format": fmt})
    assert response.headers["Content-Type"].endswith("; charset=utf-8")
    graph = parse_graph(response.data, fmt)
    assert (
        rdflib.URIRef(EX + "kakao"),
        rdflib.URIRef(EX + "label"),
        rdflib.Literal("카카오", lang="ko"),
    ) in graph


@pytest.mark.parametrize("form", FORMS)
def test_relative_iris_resolve_against_the_endpoint(client, form):
    """The W3C test query_content_type_construct has relative IRIs and no BASE."""
    response = send(
        client,
        form,
        "CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.data.startswith(b"<http://localhost/s> <http://localhost/p> ")
