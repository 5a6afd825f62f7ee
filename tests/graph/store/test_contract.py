"""The Store contract, on every backend: embedded in memory and on disk, the Oxigraph server and
Virtuoso (started by :mod:`tests.engines`; a missing engine fails these tests)."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

import graph.store.remote as remote
from graph.errors import InputError, LimitExceeded, QueryTimeout, StoreUnavailable
from graph.store import Change, open_view
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from tests.stores import POOL

BACKENDS = ["memory", "disk", "oxigraph-server", "virtuoso"]
REMOTE = ["oxigraph-server", "virtuoso"]
A, P, Q = ox.NamedNode("urn:t:a"), ox.NamedNode("urn:t:p"), ox.NamedNode("urn:t:q")
G1, G2 = ox.NamedNode("urn:t:g1"), ox.NamedNode("urn:t:g2")


def _open(kind: str, tmp_path, **kwargs):
    if kind == "memory":
        return OxigraphStore()
    if kind == "disk":
        return OxigraphStore(tmp_path / "store")
    store = POOL.store(kind, "contract", **kwargs)
    store.clear()
    return store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    st = _open(request.param, tmp_path)
    st.kind = request.param  # type: ignore[attr-defined]
    yield st
    st.close()


@pytest.fixture(params=REMOTE)
def remote_store(request, tmp_path):
    st = _open(request.param, tmp_path)
    yield st
    st.close()


def _count(store, sparql: str, **kwargs) -> int:
    return int(next(iter(store.query(sparql, **kwargs)))["n"].value)


def _seeded() -> OxigraphStore:
    st = OxigraphStore()
    load_seed(st)
    return st


def _plain(quads) -> set[tuple[str, str, str, str]]:
    """Quads without blank node labels (engines rename them)."""
    return {
        tuple("_" if isinstance(t, ox.BlankNode) else str(t) for t in q)  # type: ignore[misc]
        for q in quads
    }


def test_an_empty_store_has_nothing(store):
    assert len(store) == 0
    assert store.named_graphs() == []
    assert not store.has_graph(G1.value)
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 0


def test_the_seed_reads_the_same_as_embedded(store):
    load_seed(store)
    ref = _seeded()
    assert len(store) == len(ref)
    assert store.named_graphs() == ref.named_graphs()
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(store, q) == _count(ref, q)  # union default graph, no system graph
    g = ref.named_graphs()[0]
    assert _count(store, q, default_graphs=[g]) == _count(ref, q, default_graphs=[g])
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(store, named, named_graphs=[g]) == _count(ref, named, named_graphs=[g])
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert sorted(r["g"].value for r in store.query(graphs)) == ref.named_graphs()
    assert _plain(store.quads()) == _plain(ref.quads())
    assert _plain(ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS)) == _plain(
        ref.quads()
    )
    subjects = [q.subject for q in ref.quads(None, None, None, ox.NamedNode(g))][:50]
    assert _plain(store.subject_quads(subjects)) == _plain(ref.subject_quads(subjects))


def test_the_default_graph_and_named_graphs(store):
    store.apply(
        Change(
            added={ox.Quad(A, P, ox.Literal("d")), ox.Quad(A, P, ox.Literal("카카오"), G1)},
            created={G2},
        )
    )
    # the empty graph is listed and found on every engine (Virtuoso: from its table of created
    # graphs, so that CREATE GRAPH twice is refused there too)
    assert store.named_graphs() == [G1.value, G2.value]
    assert store.has_graph(G2.value) and not store.has_graph("urn:t:none")
    assert {q.object.value for q in store.quads(A, None, None, ox.DefaultGraph())} == {"d"}
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 2
    own = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(store, own, union_default=False) == 1  # the default graph alone
    frm = "SELECT (COUNT(*) AS ?n) FROM <urn:t:g1> WHERE { ?s ?p ?o }"
    assert _count(store, frm, union_default=False) == 1
    out = ox.parse(store.dump("ntriples", graph="default"), format=ox.RdfFormat.N_TRIPLES)
    assert [t.object.value for t in out] == ["d"]
    construct = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(construct, ox.QueryTriples) and len(list(construct)) == 2


def test_a_graph_created_empty_is_found_as_it_is_listed(store):
    """named_graphs, has_graph and a dump agree on a graph created empty, on every backend
    (the Graph Store's GET asks has_graph); dropped, it is gone from all three."""
    store.apply(Change(created={G2}))
    assert store.named_graphs() == [G2.value]
    assert store.has_graph(G2.value)
    assert (
        list(ox.parse(store.dump("ntriples", graph=G2.value), format=ox.RdfFormat.N_TRIPLES)) == []
    )
    assert not store.has_graph(G1.value)
    store.apply(Change(dropped={G2}))
    assert store.named_graphs() == [] and not store.has_graph(G2.value)


def test_apply_makes_a_change_with_one_new_version(store):
    v0 = store.data_version
    assert store.apply(Change()) is False and store.data_version == v0
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}, created={G2}))
    assert store.data_version == v0 + 1
    store.apply(
        Change(
            removed={ox.Quad(A, P, ox.Literal("1"), G1)},
            added={ox.Quad(A, Q, ox.Literal("2"), G1)},
            dropped={G2},
        )
    )
    assert store.data_version == v0 + 2
    assert _plain(store.quads()) == _plain([ox.Quad(A, Q, ox.Literal("2"), G1)])
    assert store.named_graphs() == [G1.value]


def test_one_change_writes_and_removes_in_several_graphs(store):
    quads = {
        ox.Quad(A, P, ox.Literal(f"{g.value}-{i}", language="ko"), g)
        for g in (G1, G2)
        for i in range(3)
    }
    store.apply(Change(added=quads))
    assert len(store) == 6
    store.apply(Change(removed=quads))
    assert len(store) == 0


def test_update_runs_a_text_in_one_transaction(store):
    v0 = store.data_version
    store.update("PREFIX t: <urn:t:> INSERT DATA { GRAPH t:g1 { t:a t:p 1 } }")
    assert len(store) == 1 and store.data_version == v0 + 1
    store.update(
        'INSERT DATA { GRAPH <g2> { <a> t:p "x" } }',
        base_iri="http://t.example/",
        prefixes={"t": "urn:t:"},
    )
    assert store.named_graphs() == ["http://t.example/g2", G1.value]


def test_a_failing_operation_leaves_the_store_unchanged(store):
    """A multi-operation update whose second operation fails: the first is not kept."""
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
    before, v0 = _plain(store.quads()), store.data_version
    with pytest.raises((InputError, StoreUnavailable, RuntimeError, OSError)):
        store.update(
            "INSERT DATA { GRAPH <urn:t:g2> { <urn:t:a> <urn:t:p> 2 } } ; CREATE GRAPH <urn:t:g1>"
        )
    assert _plain(store.quads()) == before
    assert store.data_version == v0


def test_a_write_killed_midway_leaves_the_store_unchanged(remote_store, monkeypatch):
    """Fault injection: Virtuoso's ODBC transaction fails after its first operations ran;
    the Oxigraph server's update request is cut off in the middle of its body."""
    st = remote_store
    st.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
    before, token = _plain(st.quads()), st._read_token()
    change = Change(
        removed={ox.Quad(A, P, ox.Literal("1"), G1)},
        added={ox.Quad(A, Q, ox.Literal(str(i)), G2) for i in range(2000)},
        dropped={G1},
    )
    seen: list[str] = []
    if st.profile.writes == "odbc":

        def fail_at_third(op: str) -> None:
            seen.append(op)
            if len(seen) == 3:  # the graph is dropped and the data deleted by now
                raise ConnectionResetError("injected: the connection died")

        monkeypatch.setattr(remote, "_before_operation", fail_at_third)
    else:
        post = st._post

        def cut_body(path, *, data, **kwargs):
            def halves():
                yield data[: len(data) // 2]
                seen.append("cut")
                raise ConnectionResetError("injected: the connection died")

            return post(path, data=halves(), **kwargs)

        monkeypatch.setattr(st, "_post", cut_body)
    with pytest.raises((ConnectionResetError, StoreUnavailable)):
        st.apply(change)
    assert seen  # the fault did happen midway
    monkeypatch.undo()
    fresh = POOL.store(_kind(st), "contract")
    assert _plain(fresh.quads()) == before
    assert fresh._read_token() == token
    fresh.close()


def _kind(st) -> str:
    return "virtuoso" if st.profile.name == "virtuoso" else "oxigraph-server"


def test_the_version_is_shared_and_survives_concurrent_writers(remote_store):
    readers = [POOL.store(_kind(remote_store), "contract") for _ in range(4)]
    seen = [r.refresh() for r in readers]
    errors: list[BaseException] = []

    def write(k: int, st) -> None:
        try:
            for i in range(10):
                st.apply(Change(added={ox.Quad(A, P, ox.Literal(f"{k}-{i}"), G1)}))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k, r)) for k, r in enumerate(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(remote_store) == 40  # no write lost
    other = POOL.store(_kind(remote_store), "contract")
    before = other.refresh()
    assert remote_store.refresh() != 0 and all(
        r.refresh() > s for r, s in zip(readers, seen, strict=True)
    )
    readers[0].apply(Change(added={ox.Quad(A, Q, ox.Literal("last"), G1)}))
    assert other.refresh() == before + 1  # another process sees the write on its next check
    for r in [*readers, other]:
        r.close()


def test_a_reader_sees_a_write_that_raced_another(remote_store):
    """Writer X reads the version, writer Y writes, a reader reads Y's version, then X writes
    (it knew only the version before Y's): the reader sees X's write on its next check."""
    x, y, reader = (POOL.store(_kind(remote_store), "contract") for _ in range(3))
    x.refresh()
    y.apply(Change(added={ox.Quad(A, P, ox.Literal("y"), G1)}))
    seen = reader.refresh()
    x.apply(Change(added={ox.Quad(A, P, ox.Literal("x"), G1)}))  # no refresh: X is behind
    assert reader.refresh() == seen + 1
    assert {q.object.value for q in reader.quads(A, P)} == {"x", "y"}
    assert len(reader._read_token()) == 1  # the writers' tokens were settled into one
    for st in (x, y, reader):
        st.close()


def test_the_version_token_is_in_no_answer(remote_store):
    """The token written with every change shows in no triple of the union, no named graph,
    no quad and no dump (policygraph's default graph included)."""
    st = remote_store
    st.apply(Change(added={ox.Quad(A, P, ox.Literal("d")), ox.Quad(A, P, ox.Literal("1"), G1)}))
    rows = st.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert {(r["s"], r["p"], r["o"].value) for r in rows} == {(A, P, "d"), (A, P, "1")}
    graphs = st.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {r["g"].value for r in graphs} <= {G1.value, remote.DEFAULT_GRAPH}
    assert st.named_graphs() == [G1.value] and len(st) == 2
    assert {str(q.graph_name) for q in st.quads()} == {str(G1), str(ox.DefaultGraph())}
    for fmt, graph in (("nquads", None), ("trig", None), ("ntriples", "default"), ("turtle", None)):
        text = st.dump(fmt, graph=graph).decode()
        assert "x-policygraph" not in text and "dataVersion" not in text


def test_checking_an_unchanged_version_does_not_list_the_graphs(remote_store, monkeypatch):
    """The per-request check costs one lookup by name whatever the number of graphs: the token
    graphs are listed again only after a write or ``list_ttl`` seconds."""
    st = remote_store
    st.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
    listed: list[int] = []
    read = st._read_token
    monkeypatch.setattr(st, "_read_token", lambda: listed.append(1) or read())
    version = st.refresh()
    assert st.refresh() == version
    if st.profile.token == "graph":
        assert listed == []
        monkeypatch.setattr(st, "list_ttl", 0.0)
        assert st.refresh() == version and listed == [1]


def test_a_view_opens_without_listing_the_graphs(remote_store, monkeypatch):
    """A query worker's view starts from its server's token (a list of every graph costs
    0.5 s at 10^6 quads, and every worker opens a new view after each write)."""
    st = remote_store
    st.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
    listed: list[int] = []
    read = remote.RemoteStore._read_token
    monkeypatch.setattr(
        remote.RemoteStore, "_read_token", lambda self: listed.append(1) or read(self)
    )
    view = open_view(st.view())
    assert listed == [] or st.profile.token != "graph"
    assert _plain(view.quads()) == _plain(st.quads())
    version = view.refresh()
    st.apply(Change(added={ox.Quad(A, P, ox.Literal("2"), G1)}))
    if st.profile.token == "graph":  # the view follows the shared token
        assert view.refresh() == version + 1
    else:  # Virtuoso: a view has no credentials to read the private token; a new one is opened
        assert view.refresh() == version
        assert _plain(open_view(st.view()).quads()) == _plain(st.quads())
    view.close()


def test_large_results_come_whole(remote_store):
    rows = 12_000  # above Virtuoso's default ResultSetMaxRows (10,000)
    remote_store.load(
        "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(rows)), "turtle", graph=G1.value
    )
    assert len(remote_store) == rows
    assert len(list(remote_store.query("SELECT ?s WHERE { ?s ?p ?o }"))) == rows
    assert len(list(remote_store.query("CONSTRUCT WHERE { ?s ?p ?o }"))) == rows


def test_an_answer_cut_at_the_engine_cap_is_refused(tmp_path):
    st = _open("virtuoso", tmp_path)
    rows = POOL.engine("virtuoso", "contract").store().profile.max_rows + 10
    st.load(
        "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(rows)), "turtle", graph="urn:t:g"
    )
    with pytest.raises(LimitExceeded, match="cut short"):
        st.query("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(LimitExceeded, match="cut short"):
        st.query("CONSTRUCT WHERE { ?s ?p ?o }")
    st.close()


def test_a_slow_query_is_stopped_at_the_time_limit(remote_store):
    remote_store.load(
        "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(500)), "turtle", graph=G1.value
    )
    remote_store.timeout = 0.5  # the engine would take far longer (500^3 rows to count)
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
    with pytest.raises(QueryTimeout):
        remote_store.query(heavy)


def test_a_syntax_error_the_engine_finds_is_input_error(remote_store):
    with pytest.raises(InputError) as info:
        remote_store.query("SELECT * WHERE { ?s ?p }")
    assert "Traceback" not in info.value.message


def test_credentials_never_show(tmp_path):
    engine = POOL.engine("virtuoso", "contract")
    from graph.store.remote import Credentials, RemoteStore

    # refused when it opens (Virtuoso: the data version is read with the credentials) or at
    # its first write
    with pytest.raises(StoreUnavailable) as info:
        wrong = RemoteStore(
            engine.url,
            "virtuoso",
            credentials=Credentials("dba", "not-the-password"),
            odbc=engine.odbc,
        )
        try:
            wrong.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))
        finally:
            wrong.close()
    assert "not-the-password" not in info.value.message
    assert engine.password not in info.value.message
    url = engine.url.replace("http://", f"http://dba:{engine.password}@")
    from_url = RemoteStore(url, "virtuoso", odbc=engine.odbc)
    assert engine.password not in repr(from_url) and engine.password not in from_url.url
    from_url.close()


def test_an_unreachable_store_is_store_unavailable():
    from graph.store.remote import RemoteStore
    from tests.engines import free_port

    with pytest.raises(StoreUnavailable, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{free_port()}", "oxigraph")


# --- lookups by subject (Store.subject_quads, Store.subject_values) ------------------------
XSD = "http://www.w3.org/2001/XMLSchema#"
ODD = ox.NamedNode("urn:t:한국/it's")  # a non-ASCII IRI with a quote


def _lit(value: str, kind: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


def _rich() -> set[ox.Quad]:
    """Every kind of object policygraph writes, stated in several graphs and the default."""
    objects = [
        ox.Literal("plain"),
        ox.Literal("카카오", language="ko"),
        ox.Literal("Kakao", language="en-gb"),
        _lit("5", "integer"),
        _lit("600000000000", "decimal"),
        _lit("0.5", "decimal"),
        _lit("true", "boolean"),
        _lit("false", "boolean"),
        _lit("2021-12-15", "date"),
        _lit("2026", "gYear"),
        _lit("2025-06", "gYearMonth"),
        ox.Literal("x", datatype=ox.NamedNode("urn:t:datatype")),
        ox.Literal('a long text\twith "quotes"\nand lines ' + "가" * 3000),
        A,
    ]
    quads = {ox.Quad(ODD, P, o, G1) for o in objects}
    quads |= {ox.Quad(ODD, Q, A, g) for g in (G1, G2, ox.DefaultGraph())}  # restated
    quads |= {ox.Quad(A, P, ODD, G2), ox.Quad(A, Q, ox.Literal("a"), ox.DefaultGraph())}
    quads |= {
        ox.Quad(ox.NamedNode(f"urn:t:m{i}"), P, _lit(str(i), "integer"), G2) for i in range(250)
    }
    return quads


def _by_pattern(store, subjects) -> list[ox.Quad]:
    """The one-pattern route (a SPARQL query per subject on a remote engine)."""
    return [q for s in subjects for q in store.quads(s)]


def _by_query(store, subjects, predicates) -> set[tuple[str, str, str]]:
    """The SPARQL route of ``subject_values``: the query it answers."""
    values = " ".join(str(s) for s in subjects)
    props = " ".join(str(p) for p in predicates)
    rows = store.query(
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {props} }} "
        "?s ?p ?o }"
    )
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


def _triples(found) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in found}


def test_lookups_by_subject_read_what_the_sparql_route_reads(store):
    quads = _rich()
    store.apply(Change(added=quads))
    subjects = [
        ODD,
        A,
        ox.NamedNode("urn:t:none"),
        *(ox.NamedNode(f"urn:t:m{i}") for i in range(250)),
    ]
    found = store.subject_quads([*subjects, ox.Literal("not a subject")])
    assert _plain(found) == _plain(_by_pattern(store, subjects)) == _plain(quads)
    assert len(found) == len(quads)  # each quad once, in its own graph
    values = store.subject_values(subjects, [P, Q, ox.Literal("not a predicate")])
    assert _triples(values) == _by_query(store, subjects, [P, Q])
    assert (
        len(values)
        == len(_triples(values))
        == len({(q.subject, q.predicate, q.object) for q in quads})
    )
    only_q = store.subject_values([ODD], [Q])
    assert _triples(only_q) == {(str(ODD), str(Q), str(A))}  # restated thrice, read once
    assert store.subject_values([], [P]) == [] and store.subject_values([ODD], []) == []
    objects = [A, ODD, ox.NamedNode("urn:t:none"), ox.Literal("plain")]
    pointing = store.object_values(objects, [P, Q])
    by_pattern = {q.triple for o in objects[:3] for p in (P, Q) for q in store.quads(None, p, o)}
    assert _triples(pointing) == _triples(by_pattern)
    assert _triples(pointing) == {(str(ODD), str(P), str(A)), (str(ODD), str(Q), str(A))} | {
        (str(A), str(P), str(ODD))
    }
    assert len(pointing) == 3  # the restated one once
    assert store.object_values([A], [Q, P]) != [] and store.object_values([A], []) == []


def test_one_pattern_lookups_read_what_was_written(store, monkeypatch):
    # on Virtuoso the patterns with an IRI subject, or an IRI object and no subject, go over
    # SQL (RemoteStore._sql_pattern); the others, and every pattern elsewhere, over SPARQL
    quads = _rich()
    store.apply(Change(added=quads))
    shapes = [
        (ODD, None, None),
        (ODD, P, None),
        (ODD, Q, A),
        (ODD, P, ox.Literal("카카오", language="ko")),  # a literal object: the SPARQL route
        (ODD, P, _lit("5", "integer")),
        (None, Q, A),
        (None, None, A),
        (None, P, ODD),
        (A, None, None),
        (ox.NamedNode("urn:t:none"), None, None),
        (None, Q, None),
    ]
    sparql_only = []
    if isinstance(store, remote.RemoteStore):
        monkeypatch.setattr(store, "_sql_pattern", lambda *args: None, raising=True)
        sparql_only = [
            [list(store.quads(*t, g)) for g in (None, G1, G2, ox.DefaultGraph())] for t in shapes
        ]
        monkeypatch.undo()
    for i, (s, p, o) in enumerate(shapes):
        for j, g in enumerate((None, G1, G2, ox.DefaultGraph())):
            found = list(store.quads(s, p, o, g))
            expected = {
                q
                for q in quads
                if all(t is None or t == x for t, x in zip((s, p, o, g), q, strict=True))
            }
            assert _plain(found) == _plain(expected), (s, p, o, g)
            assert len(found) == len(expected), (s, p, o, g)  # each quad once
            if sparql_only:
                assert _plain(found) == _plain(sparql_only[i][j]), (s, p, o, g)


def test_lookups_by_subject_hold_up_across_writes(store):
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), g) for g in (G1, G2)}))
    assert _triples(store.subject_values([A], [P])) == {(str(A), str(P), '"1"')}
    store.apply(Change(removed={ox.Quad(A, P, ox.Literal("1"), G1)}))
    assert _plain(store.subject_quads([A])) == _plain([ox.Quad(A, P, ox.Literal("1"), G2)])
    assert _triples(store.subject_values([A], [P])) == {(str(A), str(P), '"1"')}  # G2 still says it
    store.apply(
        Change(
            removed={ox.Quad(A, P, ox.Literal("1"), G2)},
            added={ox.Quad(A, P, ox.Literal("2", language="ko"), G1)},
        )
    )
    assert _triples(store.subject_values([A], [P])) == {(str(A), str(P), '"2"@ko')}
    assert _plain(store.subject_quads([A])) == _plain(_by_pattern(store, [A]))


def test_lookups_by_subject_never_read_the_data_version(store):
    store.apply(Change(added={ox.Quad(A, P, ox.Literal("1"), G1)}))  # a token is written
    system = ox.NamedNode(remote.SYSTEM_GRAPH)
    assert store.subject_quads([system]) == []
    assert store.subject_values([system], [remote._VERSION]) == []
    assert store.object_values([system], [remote._VERSION]) == []
    assert all(q.graph_name in (G1,) for q in store.subject_quads([A]))


def test_lookups_by_subject_never_read_virtuosos_own_graphs(tmp_path):
    st = _open("virtuoso", tmp_path)
    own = "http://www.openlinksw.com/schemas/virtrdf#"
    rows = st._net.run(
        lambda: st._odbc_read(
            "select top 5 id_to_iri(S), id_to_iri(P) from DB.DBA.RDF_QUAD "
            f"where G = iri_to_id('{own}', 0)"
        )
    )
    assert rows  # the engine's own graph holds them
    subjects = [ox.NamedNode(s) for s, _ in rows]
    assert st.subject_quads(subjects) == [] == _by_pattern(st, subjects)
    assert st.subject_values(subjects, [ox.NamedNode(p) for _, p in rows]) == []
    assert st.object_values(subjects, [ox.NamedNode(p) for _, p in rows]) == []
    st.close()
