"""Planning and committing SPARQL updates: default-graph semantics, blank nodes, graph ops."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.store.oxigraph import OxigraphStore
from graph.write.update import plan_update, run_update


@pytest.fixture
def store():
    st = OxigraphStore()
    st.load("<urn:g> { <urn:a> <urn:p> 1 } <urn:a> <urn:p> 1 .", "trig")
    yield st
    st.close()


def test_the_default_graph_of_an_update_is_the_stores_own(store):
    change = run_update(store, "DELETE WHERE { ?s <urn:p> 1 }")
    assert len(change.removed) == 1
    assert {str(q.graph_name) for q in change.removed} == {"DEFAULT"}
    assert store.dump("nquads").decode().strip().endswith("<urn:g> .")


def test_blank_nodes_are_inserted_and_removed(store):
    run_update(store, "INSERT DATA { GRAPH <urn:b> { _:x <urn:p> 7 . _:x <urn:q> 8 } }")
    assert len(store) == 4
    change = run_update(store, "DELETE WHERE { GRAPH <urn:b> { ?s <urn:p> 7 } }")
    assert len(change.removed) == 1 and len(store) == 3


def test_planning_writes_nothing(store):
    before, version = store.dump("nquads"), store.data_version
    change = plan_update(store, "CLEAR ALL ; INSERT DATA { <urn:z> <urn:p> 2 }")
    assert len(change.removed) == 2 and len(change.added) == 1
    assert store.dump("nquads") == before and store.data_version == version


def test_clear_and_drop_all(store):
    run_update(store, "CLEAR ALL")
    assert len(store) == 0 and store.named_graphs() == ["urn:g"]
    run_update(store, "DROP ALL")
    assert store.named_graphs() == []


def test_a_failing_operation_stops_the_request_unless_silent(store):
    with pytest.raises(InputError, match="already exists"):
        run_update(store, "INSERT DATA { <urn:n> <urn:p> 3 } ; CREATE GRAPH <urn:g>")
    assert len(store) == 2  # the first operation was not written either
    run_update(store, "CREATE SILENT GRAPH <urn:g> ; INSERT DATA { <urn:n> <urn:p> 3 }")
    assert len(store) == 3


def test_adding_to_a_stored_blank_node_lands_on_it(store):
    """INSERT DATA cannot name a stored blank node (it would make a new one): the update
    itself is run, and the label goes to the node the WHERE found."""
    from graph.write.graphstore import write_graph

    write_graph(store, "urn:h", b'_:c a <urn:C> ; <urn:label> "A" .', "turtle", replace=False)
    run_update(
        store,
        'INSERT { GRAPH <urn:h> { ?c <urn:label> "B" } } WHERE { GRAPH <urn:h> { ?c a <urn:C> } }',
    )
    rows = store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c <urn:label> ?l ; a <urn:C> }")
    assert [r["n"].value for r in rows] == ["1"]
    labels = store.query("SELECT ?l WHERE { ?c a <urn:C> ; <urn:label> ?l } ORDER BY ?l")
    assert [r["l"].value for r in labels] == ["A", "B"]


def test_an_expression_that_doubles_a_string_stops_at_the_term_limit(store):
    """Forty chained CONCATs would build a string of 8 TiB; planning stops at the first
    literal over max_term_length, and nothing is written."""
    from graph.errors import LimitExceeded

    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
    update = f'INSERT {{ <urn:a> <urn:q> ?v40 }} WHERE {{ BIND("xxxxxxxx" AS ?v0) {binds} }}'
    before = store.dump("nquads")
    with pytest.raises(LimitExceeded) as failure:
        run_update(store, update)
    assert failure.value.context["setting"] == "max_term_length"
    assert store.dump("nquads") == before
