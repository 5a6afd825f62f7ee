"""The store interface, run against every backend (as rdflib runs one suite per store)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import XSD

from graph.config import Settings
from graph.errors import InputError
from graph.query.sparql import select
from graph.store import BACKENDS, Change, Store, open_store, open_view
from graph.store.oxigraph import OxigraphStore

DOC = """
@prefix pg: <https://policygraph.example/ont#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:g1> { <urn:hub> pg:plannedCompletion "2029"^^xsd:gYear ;
                   pg:plannedOpening "2027-05"^^xsd:gYearMonth . }
<urn:g2> { <urn:hub> pg:signedOn "2025-06-13"^^xsd:date . }
"""


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path: Path):
    s = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    yield s
    s.close()


def test_backends_registry_names_oxigraph():
    assert "oxigraph" in BACKENDS
    with pytest.raises(InputError, match="unknown store backend 'nope'"):
        open_store(Settings(store="nope"))


def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)


def test_load_query_union_default_graph(store):
    store.load(DOC, "trig")
    assert store.named_graphs() == ["urn:g1", "urn:g2"]
    assert len(store) == 3
    rows = select(store, "SELECT ?p WHERE { <urn:hub> ?p ?o } ORDER BY ?p")
    assert len(rows) == 3  # the default graph is the union of the named graphs
    only_g2 = store.query("SELECT ?p WHERE { ?s ?p ?o }", default_graphs=["urn:g2"])
    assert [r["p"].value for r in only_g2] == ["https://policygraph.example/ont#signedOn"]


def test_every_write_bumps_the_data_version(store):
    v0 = store.data_version
    store.load(DOC, "trig")
    store.update(
        "DELETE DATA { GRAPH <urn:g2> { <urn:hub> "
        "<https://policygraph.example/ont#signedOn> "
        '"2025-06-13"^^<http://www.w3.org/2001/XMLSchema#date> } }'
    )
    assert store.data_version == v0 + 2
    assert len(store) == 2


def test_failed_update_changes_nothing(store):
    store.load(DOC, "trig")
    before, version = store.dump("nquads"), store.data_version
    with pytest.raises(InputError, match="syntax error"):
        store.update("INSERT DATA { GRAPH <urn:g3> { <urn:a> <urn:b> <urn:c> } } ; DELETE nonsense")
    assert store.dump("nquads") == before
    assert store.data_version == version


def test_failed_load_changes_nothing(store):
    store.load(DOC, "trig")
    before = store.dump("nquads")
    with pytest.raises(InputError) as info:
        store.load(
            '<urn:g9> { <urn:a> <urn:b> <urn:c> . }\n<urn:g9> { <urn:a> <urn:b> "unterminated }',
            "trig",
        )
    assert "trig" in str(info.value)
    assert store.dump("nquads") == before


def test_disk_store_persists_data_and_version(tmp_path: Path):
    s = OxigraphStore(tmp_path / "store")
    s.load(DOC, "trig")
    version = s.data_version
    s.close()
    again = OxigraphStore(tmp_path / "store")
    assert len(again) == 3 and again.data_version == version
    again.close()


# --- the data version across a crash ------------------------------------------------------------
# A crash between the intent and the commit, or between the commit and the version file, is
# played out by doing the first steps of a write by hand and reopening the store.

_A, _P, _G = ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.NamedNode("urn:g")


def _effect(removed=(), added=(), created=(), dropped=()):
    from graph.write.overlay import Change

    return Change(set(removed), set(added), set(created), set(dropped))


def _crash(path: Path, effect, update: str | None, commit: bool) -> OxigraphStore:
    """Write the intent of ``update``, commit it or not, then "crash" (no version bump)."""
    s = OxigraphStore(path)
    s._intend(effect)
    if commit:
        s._store.update(update)
    s._store.flush()
    del s._store  # the process dies here: no version file, no intent removed
    return OxigraphStore(path)


@pytest.mark.parametrize("commit", [True, False])
@pytest.mark.parametrize(
    ("prepare", "update", "effect"),
    [
        (
            "",
            'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }',
            _effect(added=[ox.Quad(_A, _P, ox.Literal("x"), _G)]),
        ),
        (
            'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }',
            'DELETE DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }',
            _effect(removed=[ox.Quad(_A, _P, ox.Literal("x"), _G)]),
        ),
        (
            "",
            "INSERT DATA { GRAPH <urn:g> { _:b <urn:p> 1 } }",
            _effect(
                added=[
                    ox.Quad(
                        ox.BlankNode("b"),
                        _P,
                        ox.Literal(
                            "1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                        ),
                        _G,
                    )
                ]
            ),
        ),
        ("", "CREATE GRAPH <urn:h>", _effect(created=[ox.NamedNode("urn:h")])),
        ("CREATE GRAPH <urn:h>", "DROP GRAPH <urn:h>", _effect(dropped=[ox.NamedNode("urn:h")])),
    ],
    ids=["add", "remove", "blank-node", "create-graph", "drop-graph"],
)
def test_the_version_moves_iff_the_interrupted_write_committed(
    tmp_path, prepare, update, effect, commit
):
    path = tmp_path / "store"
    s = OxigraphStore(path)
    if prepare:
        s.update(prepare)
    before, version = s.dump("nquads"), s.data_version
    s.close()
    again = _crash(path, effect, update, commit)
    changed = again.dump("nquads") != before or ("GRAPH" in update and commit)
    assert changed == commit
    assert again.data_version == version + commit
    assert not (path / "data-version.pending").exists()
    again.close()
    assert OxigraphStore(path).data_version == version + commit  # settled for good


def test_an_interrupted_write_that_did_not_say_what_it_does_moves_the_version(tmp_path):
    """With no witness, the version moves (a spurious new version, never a stale one)."""
    path = tmp_path / "store"
    OxigraphStore(path).close()
    again = _crash(path, None, "INSERT DATA { <urn:a> <urn:p> 1 }", commit=False)
    assert again.data_version == 1


def test_a_torn_intent_is_ignored(tmp_path):
    path = tmp_path / "store"
    s = OxigraphStore(path)
    s.update("INSERT DATA { <urn:a> <urn:p> 1 }")
    s.close()
    (path / "data-version.pending").write_text('{"version": 7, "wit')
    again = OxigraphStore(path)
    assert again.data_version == 1 and not (path / "data-version.pending").exists()


def test_writes_that_say_what_they_do_leave_no_intent_behind(tmp_path):
    s = OxigraphStore(tmp_path / "store")
    quad = ox.Quad(_A, _P, ox.Literal("x"), _G)
    s.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }', effect=_effect(added=[quad]))
    with pytest.raises(InputError):
        s.update("INSERT nonsense", effect=_effect(added=[quad]))
    assert s.data_version == 1 and not (tmp_path / "store" / "data-version.pending").exists()


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples", "jsonld", "rdfxml"])
def test_dump_round_trips(store, fmt):
    store.load(DOC, "trig")
    data = store.dump(fmt)
    dataset = ox.Dataset(ox.parse(data, format=store_format(fmt)))
    # quad formats keep the graph names; triple formats merge the graphs
    expected = 3 if fmt in {"trig", "nquads"} else 3
    assert len(dataset) == expected
    if fmt in {"trig", "nquads"}:
        assert {q.graph_name.value for q in dataset} == {"urn:g1", "urn:g2"}


def store_format(name: str) -> ox.RdfFormat:
    from graph.formats import rdf_format

    return rdf_format(name).native


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "json-ld", "xml"])
def test_gyear_survives_rdflib_round_trip(store, fmt):
    """Year-only dates stay years: store -> dump -> rdflib parse -> rdflib serialise -> parse."""
    store.load(DOC, "trig")
    dumped = store.dump("trig")
    ds = rdflib.Dataset()
    ds.parse(data=dumped, format="trig")
    if fmt in {"trig", "nquads"}:
        text = ds.serialize(format=fmt)
    else:  # triple formats: rdflib writes only one graph, so merge the named graphs first
        merged = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
        text = merged.serialize(format=fmt)
    again = rdflib.Dataset()
    again.parse(data=text, format=fmt)
    years = {o for _, _, o, _ in again.quads((None, None, None, None)) if o.datatype == XSD.gYear}
    assert [str(y) for y in years] == ["2029"]
    months = {
        o for _, _, o, _ in again.quads((None, None, None, None)) if o.datatype == XSD.gYearMonth
    }
    assert [str(m) for m in months] == ["2027-05"]


def test_gyear_through_oxrdflib():
    """rdflib's API on the Oxigraph store (oxrdflib) keeps gYear literals as written."""
    g = rdflib.Graph(store="Oxigraph")
    g.parse(
        data=DOC.replace("<urn:g1> {", "").replace("<urn:g2> {", "").replace("}", ""),
        format="turtle",
    )
    values = {str(o): o.datatype for o in g.objects()}
    assert values["2029"] == XSD.gYear
    out = rdflib.Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert {str(o) for o in out.objects() if o.datatype == XSD.gYear} == {"2029"}


# --- the write side and views of the protocol ------------------------------------------------

A, P = ox.NamedNode("urn:a"), ox.NamedNode("urn:p")
G = ox.NamedNode("urn:g")


def test_apply_makes_a_change_with_one_new_version(store):
    assert store.apply(Change()) is False and store.data_version == 0
    first = Change(added={ox.Quad(A, P, ox.Literal("1"), G)}, created={G})
    assert store.apply(first) is True
    assert store.data_version == 1 and store.has_graph("urn:g")
    second = Change(removed=first.added, added={ox.Quad(A, P, ox.Literal("2"), G)})
    store.apply(second)
    assert store.data_version == 2
    assert [q.object.value for q in store.quads(A)] == ["2"]
    store.apply(Change(removed={ox.Quad(A, P, ox.Literal("2"), G)}, dropped={G}))
    assert store.data_version == 3 and not store.has_graph("urn:g") and len(store) == 0


def test_the_write_lock_is_held_around_apply(store):
    """What a writer reads under the lock still holds when it applies (the lock re-enters)."""
    with store.write_lock():
        version = store.data_version
        store.apply(Change(added={ox.Quad(A, P, ox.Literal("x"))}))
        assert store.data_version == version + 1


def test_apply_refuses_to_name_stored_blank_nodes(store):
    store.load('_:b <urn:p> "1" .', "nquads")
    quad = next(iter(store.quads(None, P)))
    with pytest.raises(ValueError, match="blank nodes"):
        store.apply(Change(removed={quad}))
    assert len(store) == 1


def test_subject_quads_reads_many_subjects_at_once(store):
    store.load(DOC, "trig")
    hub = ox.NamedNode("urn:hub")
    assert set(store.subject_quads([hub, ox.NamedNode("urn:none"), ox.Literal("x")])) == set(
        store.quads(hub)
    )
    assert len(store.subject_quads([hub, hub])) == 3


def test_a_view_opens_the_store_as_it_was(store):
    store.load(DOC, "trig")
    view = store.view()
    assert view.version == store.data_version
    opened = open_view(view)
    try:
        assert len(opened) == len(store) and opened.named_graphs() == store.named_graphs()
    finally:
        opened.close()


def test_a_read_only_open_beside_the_writer(tmp_path):
    settings = Settings(store_path=str(tmp_path / "store"))
    writer = open_store(settings, seed=False)
    try:
        writer.load(DOC, "trig")
        reader = open_store(settings, read_only=True)
        try:
            assert len(reader) == 3 and "read-only" in reader.capabilities
        finally:
            reader.close()
    finally:
        writer.close()
