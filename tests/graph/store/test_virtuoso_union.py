"""Virtuoso's union default graph (profile ``union="private"``, graph/store/remote.py): the
engine's own graphs and policygraph's version graph are private graphs, which anonymous queries
do not see, so that the engine's default graph and ``GRAPH ?g`` are the union of policygraph's
graphs with no dataset named per query and nothing kept per write."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests

import graph.store.remote as remote
from graph.errors import StoreUnavailable
from graph.store import Change
from graph.store.profiles import DEFAULT_GRAPH, SYSTEM_GRAPH, profile
from graph.store.remote import Credentials, RemoteStore, _no_graph_listing
from tests import engines
from tests.stores import POOL

PRIVATE = (*profile("virtuoso").hidden, SYSTEM_GRAPH)
A, P = ox.NamedNode("urn:t:a"), ox.NamedNode("urn:t:p")
G1, G2 = ox.NamedNode("urn:t:u1"), ox.NamedNode("urn:t:u2")
#: Virtuoso answers this shape from its list of known graphs, without its graph security
LISTING = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture
def store():
    st = POOL.store("virtuoso", "contract")
    st.clear()
    yield st
    st.close()


def _graphs(store, sparql: str = LISTING) -> set[str]:
    return {row["g"].value for row in store.query(sparql)}


def _anonymous(url: str, sparql: str) -> list[dict[str, str]]:
    """What any anonymous client of the engine gets (no policygraph in between)."""
    response = requests.post(
        url + "/sparql",
        data={"query": sparql},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    response.raise_for_status()
    rows = response.json()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def test_a_new_graph_is_in_the_union_right_after_its_write(store):
    other = POOL.store("virtuoso", "contract")  # another process's handle on the same engine
    try:
        assert _graphs(other) == set()
        store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
        assert _graphs(other) == {G1.value} == _graphs(other, PER_GRAPH)
        assert bool(other.query('ASK { <urn:t:a> <urn:t:p> "1" }'))  # in the default graph
        store.apply(Change(added={ox.Quad(A, P, ox.Literal("2"), G2)}))
        assert _graphs(other) == {G1.value, G2.value}
        assert other.named_graphs() == [G1.value, G2.value]
    finally:
        other.close()


def test_a_deleted_graph_leaves_the_union(store):
    one, two = ox.Quad(A, P, ox.Literal("1"), G1), ox.Quad(A, P, ox.Literal("2"), G2)
    store.apply(Change(added={one, two}))
    store.apply(Change(removed={one}, dropped={G1}))  # as an article's delete does
    assert _graphs(store) == {G2.value} == _graphs(store, PER_GRAPH)
    assert store.named_graphs() == [G2.value]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(count)))["n"].value) == 1


def test_system_graphs_never_appear(store):
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("d")), ox.Quad(A, P, ox.Literal("1"), G1)}))
    ours = {G1.value, DEFAULT_GRAPH}
    for sparql in (
        LISTING,
        PER_GRAPH,
        "SELECT DISTINCT $g { GRAPH $g { $s $p $o . } } LIMIT 50",
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    ):
        assert _graphs(store, sparql) == ours, sparql
    for graph in PRIVATE:
        assert not store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert not store.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{graph}>) }}")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(count)))["n"].value) == 2 == len(store)
    assert store.named_graphs() == [G1.value]
    dumped = ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS)
    assert {str(q.graph_name) for q in dumped} == {"DEFAULT", f"<{G1.value}>"}
    # the engine itself hides them from every anonymous client, not only from policygraph
    assert {row["g"] for row in _anonymous(store.url, PER_GRAPH)} == ours


def test_lookups_over_sql_see_no_private_graph(store):
    """quads() with a bound term goes over Virtuoso's SQL connection, whose user sees the
    private graphs: they are dropped (the system graphs hold rdf:type triples)."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ours = {
        ox.Quad(A, rdf_type, P, G1),
        ox.Quad(A, rdf_type, P),
        ox.Quad(A, P, ox.Literal("카카오"), G2),
    }
    store.apply(Change(added=ours))
    assert set(store.quads(None, rdf_type, None)) == {
        ox.Quad(A, rdf_type, P, G1),
        ox.Quad(A, rdf_type, P),
    }
    assert set(store.quads(A, None, None)) == ours
    assert set(store.quads(None, None, ox.Literal("카카오"))) == {
        ox.Quad(A, P, ox.Literal("카카오"), G2)
    }
    assert set(store.subject_quads([A])) == ours


def test_a_write_killed_midway_leaves_the_union_unchanged(store, monkeypatch):
    """Fault injection: the ODBC transaction of a write that creates a graph fails after its
    first operations ran; no process sees the graph, in the union or as a named graph."""
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
    token = store._read_token()
    seen: list[str] = []

    def fail_at_second(op: str) -> None:
        seen.append(op)
        if len(seen) == 2:
            raise ConnectionResetError("injected: the connection died")

    monkeypatch.setattr(remote, "_before_operation", fail_at_second)
    change = Change(added={ox.Quad(A, P, ox.Literal(str(i)), G2) for i in range(1500)})
    with pytest.raises((ConnectionResetError, StoreUnavailable)):
        store.apply(change)
    assert len(seen) == 2  # the first step of G2's data ran before the failure
    monkeypatch.undo()
    fresh = POOL.store("virtuoso", "contract")
    try:
        assert _graphs(fresh) == {G1.value} == _graphs(fresh, PER_GRAPH)
        assert not fresh.has_graph(G2.value)
        assert fresh._read_token() == token
    finally:
        fresh.close()


def test_a_fresh_engine_is_made_private_by_its_first_writer():
    engine = engines.start("virtuoso")
    try:
        shown = {row["g"] for row in _anonymous(engine.url, PER_GRAPH)}
        assert shown & set(PRIVATE)  # a fresh Virtuoso shows its system graphs
        with pytest.raises(StoreUnavailable, match="system graphs"):
            RemoteStore(engine.url, "virtuoso", credentials=Credentials(), odbc=engine.odbc)
        writer = engine.store()
        writer.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
        assert {row["g"] for row in _anonymous(engine.url, PER_GRAPH)} == {G1.value}
        reader = RemoteStore(engine.url, "virtuoso", odbc=engine.odbc, read_only=True)
        assert _graphs(reader) == {G1.value}
        reader.close()
        writer.close()
    finally:
        engine.stop()


def test_the_graph_listing_shortcut_is_turned_off():
    assert _no_graph_listing(LISTING) == (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o  FILTER(BOUND(?s)) } }"
    )
    assert "FILTER(BOUND(?s))" in _no_graph_listing("SELECT DISTINCT $g { graph $g {$s $p $o .} }")
    # strings, IRIs and comments are not read as patterns; other shapes are left alone
    for text in (
        'SELECT * WHERE { ?x ?y "GRAPH ?g { ?s ?p ?o }" } # GRAPH ?g { ?s ?p ?o }',
        "SELECT ?g WHERE { GRAPH ?g { ?s <urn:p> ?o } }",
        "SELECT ?g WHERE { GRAPH <urn:g> { ?s ?p ?o } }",
    ):
        assert _no_graph_listing(text) == text


# --- a client's text never reaches Virtuoso's own code (bif:, sql:, function IRIs) ------------
#: Shapes where pyoxigraph's parse drops the call as dead code (it refuses an unknown function
#: only in what it keeps), and Virtuoso may still run it.
DEAD_CODE = (
    "SELECT * WHERE {{ BIND(1 AS ?x) OPTIONAL {{ VALUES ?q {{}} BIND({call} AS ?v) }} }}",
    "SELECT * WHERE {{ VALUES ?z {{}} BIND({call} AS ?y) }}",
    "SELECT (IF(false, {call}, 1) AS ?x) WHERE {{}}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(false && {call} = 1) }} LIMIT 1",
    "ASK {{ BIND(1 AS ?x) MINUS {{ VALUES ?x {{}} BIND({call} AS ?v) }} }}",
)


@pytest.fixture
def listener():
    """A loopback HTTP server that records the paths it is asked for."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def _endpoint(store, sparql: str):
    """What /sparql answers (the endpoint's own evaluation, graph.query.execution)."""
    from graph.query.execution import QueryRequest, evaluate

    formats = {"solutions": "json", "boolean": "json", "graph": "ntriples"}
    return evaluate(store, QueryRequest(sparql, formats=formats, max_rows=1000, timeout=10))


def test_engine_functions_in_dead_code_never_reach_virtuoso(store, listener):
    from graph.errors import InputError

    url, hits = listener
    call = f"<bif:http_get>('{url}/anonymous')"
    # the engine itself runs the call for any anonymous client: what policygraph must not pass
    _anonymous(store.url, DEAD_CODE[0].format(call=call))
    assert hits == ["/anonymous"]
    for n, shape in enumerate(DEAD_CODE):
        for prefix, name in (("", "<bif:http_get>"), ("PREFIX f: <bif:>\n", "f:http_get")):
            text = prefix + shape.format(call=f"{name}('{url}/through-{n}')")
            with pytest.raises(InputError, match="<bif:"):
                _endpoint(store, text)
    assert hits == ["/anonymous"]


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT (<bif:sys_stat>('st_dbms_ver') AS ?v) WHERE {}",
        "PREFIX b: <BIF:> SELECT (b:sys_stat('st_dbms_ver') AS ?v) WHERE {}",
        "SELECT (<\\u0062if:sys_stat>('st_dbms_ver') AS ?v) WHERE {}",
        "BASE <bif:> SELECT (<sys_stat>('st_dbms_ver') AS ?v) WHERE {}",
        "PREFIX s: <sql:> SELECT (s:RDF_GRAPH_GROUP_LIST() AS ?v) WHERE {}",
        # any other function IRI is an SQL procedure to Virtuoso (DB.DBA.<iri>)
        "SELECT * WHERE { BIND(1 AS ?x) OPTIONAL { VALUES ?q {} BIND(<urn:p>(1) AS ?v) } }",
        # bif: predicates run the engine's text search and XPath
        "SELECT * WHERE { ?s ?p ?o . ?o <bif:contains> 'kakao' }",
        "PREFIX b: <bi> SELECT * WHERE { ?s ?p ?o . ?o b:f:xpath_contains '//a' }",
    ],
)
def test_virtuoso_built_ins_are_refused(store, sparql):
    from graph.errors import InputError, LimitExceeded

    with pytest.raises(InputError, match="engine") as caught:  # a 400 (server/errors.py)
        _endpoint(store, sparql)
    assert not isinstance(caught.value, LimitExceeded)


def test_xsd_casts_and_collections_still_pass(store):
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("7"), G1)}))
    cast = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        "SELECT (xsd:integer(?o) + 1 AS ?n) WHERE { <urn:t:a> <urn:t:p> ?o }"
    )
    assert b'"8"' in _endpoint(store, cast).body
    collection = "ASK { ?s <urn:t:p> (1 2) }"  # an IRI before "(" that is no call
    assert _endpoint(store, collection).body == b'{"head":{},"boolean":false}'
    search = "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'bif:contains')) }"
    assert _endpoint(store, search).rows == 0  # a string is no IRI


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{g}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{g}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{g}>) }}",
        "DESCRIBE <{g}>",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
    ],
)
def test_private_graphs_stay_out_of_every_dataset_form(store, sparql):
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))  # a version token too
    for graph in PRIVATE:
        assert _endpoint(store, sparql.format(g=graph)).rows == 0


def test_pragmas_do_not_parse(store):
    from graph.errors import InputError

    private = "define input:default-graph-uri <{}> SELECT * WHERE {{ ?s ?p ?o }}"
    with pytest.raises(InputError, match="syntax error"):
        _endpoint(store, private.format(PRIVATE[0]))


def test_an_update_naming_an_engine_function_is_refused(store):
    from graph.errors import InputError
    from graph.write.update import run_update

    update = (
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
        "OPTIONAL { VALUES ?q {} BIND(<bif:exec>('select 1') AS ?v) } }"
    )
    with pytest.raises(InputError, match="<bif:exec>"):
        run_update(store, update)


def test_the_graph_store_finds_a_graph_created_empty(store):
    """Virtuoso's ASK finds no graph without a triple; the Graph Store GET answers it as the
    embedded store does (200, no triple) since it is listed, and 404 once dropped."""
    from graph.config import Settings
    from server import create_app

    store.apply(Change(created={G2}))
    client = create_app(Settings(memory=True), store=store).test_client()
    got = client.get(
        "/rdf-graph-store",
        query_string={"graph": G2.value},
        headers={"Accept": "application/n-triples"},
    )
    assert got.status_code == 200 and got.data.strip() == b""
    store.apply(Change(dropped={G2}))
    assert client.get("/rdf-graph-store", query_string={"graph": G2.value}).status_code == 404


def test_answers_come_as_xml_and_keep_what_xml_cannot_hold(store):
    """SELECT answers are read in Virtuoso's XML (its JSON writes booleans as 1/0); a control
    character, which XML 1.0 cannot hold, comes through as written (a character reference)."""
    odd = ox.Literal("a\x01b\tc")
    flag = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    store.apply(
        Change(added={ox.Quad(A, P, odd, G1), ox.Quad(A, ox.NamedNode("urn:t:q"), flag, G1)})
    )
    rows = list(store.query("SELECT ?o WHERE { <urn:t:a> <urn:t:p> ?o }"))
    assert [r["o"] for r in rows] == [odd]
    rows = list(store.query("SELECT ?o WHERE { <urn:t:a> <urn:t:q> ?o }"))
    assert [r["o"] for r in rows] == [flag]
    assert store.profile.results == "application/sparql-results+xml"
