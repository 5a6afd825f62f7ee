"""Structure of the seed files: each is a self-contained article document whose every fact is
cited by its article, with names that name one stakeholder each."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
import pytest

from graph.iris import METADATA_GRAPH, PREFIXES, REGISTRY_GRAPH
from graph.names import core
from graph.query.sparql import ask, select
from graph.store.seed import seed_files

PG = PREFIXES["pg"]
XSD = PREFIXES["xsd"]
DATE_PROPERTIES = {
    PG + p
    for p in (
        "signedOn",
        "plannedConstructionStart",
        "plannedCompletion",
        "plannedOpening",
        "openedOn",
        "date",
        "startDate",
        "proposedOn",
        "announcedOn",
        "fiscalYear",
        "plannedYear",
    )
} | {PREFIXES["dct"] + "issued"}
DATE_TYPES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}

FILES = seed_files()


def quads(path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def test_one_file_per_seed_article():
    assert [p.name for p in FILES] == [
        "000_86ffe20fc9bd53a8.trig",
        "001_9ae9a84f0b3031d7.trig",
        "002_c901c4c0e230705d.trig",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_holds_registry_metadata_and_its_article_graph(path):
    article_id = re.search(r"_([0-9a-f]{16})\.trig$", path.name)[1]
    fact_graph = f"https://policygraph.example/graph/article/{article_id}"
    data = quads(path)
    assert {q.graph_name.value for q in data} == {
        str(REGISTRY_GRAPH),
        str(METADATA_GRAPH),
        fact_graph,
    }
    declared = {q.object.value for q in data if q.predicate.value == PG + "factGraph"}
    assert declared == {fact_graph}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_blank_nodes_and_typed_values(path):
    for q in quads(path):
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        if q.predicate.value in DATE_PROPERTIES:
            assert q.object.datatype.value in DATE_TYPES, q
        if q.predicate.value == PREFIXES["schema"] + "value":
            assert q.object.datatype.value == XSD + "decimal", q
        if q.predicate.value == PREFIXES["schema"] + "currency":
            assert q.object.value == "KRW"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_literals_are_short_own_words(path):
    """Facts are in the project's words: no literal is long enough to be a copied passage."""
    long = [
        q.object.value
        for q in quads(path)
        if isinstance(q.object, ox.Literal) and len(q.object.value) > 320
    ]
    assert long == []


# --- every fact cited by its article ---------------------------------------------------------

#: What the registry may say about a stakeholder or region: who it is and what it is called.
#: Everything else (party membership, offices, parent organisations, where a region lies) is a
#: fact some article states, and sits in that article's graph.
REGISTRY_PROPERTIES = {
    PREFIXES["rdf"] + "type",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["skos"] + "altLabel",
    PREFIXES["rdfs"] + "label",
    PG + "governmentLevel",
    PG + "publicEnterprise",
    PG + "administeredBy",
    PG + "note",
}


def test_the_registry_holds_identity_and_labels_only(seed_store):
    rows = select(seed_store, "SELECT DISTINCT ?p WHERE { GRAPH pgg:registry { ?s ?p ?o } }")
    assert rows and {r["p"] for r in rows} <= REGISTRY_PROPERTIES


def test_party_membership_is_in_the_graph_of_the_article_that_states_it(seed_store):
    rows = select(
        seed_store,
        """SELECT ?person ?party ?g ?article WHERE { GRAPH ?g { ?person pg:memberOf ?party }
        OPTIONAL { ?article pg:factGraph ?g } }""",
    )
    assert rows, "the seed states at least one party membership"
    for row in rows:
        assert row["article"] is not None, row  # an article graph, not the registry
        assert ask(
            seed_store,
            "ASK { GRAPH ?g { ?post pg:heldBy ?person ; pg:evidence ?article } }",
            g=row["g"],
            person=row["person"],
            article=row["article"],
        ), row  # the same article tells who the person is


def test_relationship_nodes_cite_the_article_of_their_graph(seed_store):
    rows = select(
        seed_store,
        """SELECT DISTINCT ?s ?cited WHERE {
        ?article pg:factGraph ?g .
        GRAPH ?g { ?s a ?type }
        VALUES ?type { pg:Post pg:Agreement pg:Budget pg:Proposal pg:Designation pg:Selection
                       pg:Project pg:Facility pg:Study pg:Initiative pg:Site pg:Zone pg:Event }
        OPTIONAL { GRAPH ?g { ?s pg:evidence ?article } BIND(true AS ?cited) }
        }""",
    )
    assert len(rows) > 40
    assert [r["s"] for r in rows if not r["cited"]] == []


# --- names ------------------------------------------------------------------------------------


def test_no_name_or_variant_names_two_stakeholders(seed_store):
    """A variant is the same entity: after graph.names normalisation, every label of a
    stakeholder belongs to that stakeholder alone ("Hyundai" cannot be two business groups)."""
    rows = select(
        seed_store,
        """SELECT DISTINCT ?s ?label WHERE { GRAPH pgg:registry {
        ?s skos:prefLabel|skos:altLabel|rdfs:label ?label ;
           a ?type } VALUES ?type { pg:Government pg:Company pg:ResearchBody pg:EducationBody
           pg:PoliticalParty pg:Consortium pg:Person } }""",
    )
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        owners[core(row["label"])].add(row["s"])
    assert len(owners) > 100
    assert {key: iris for key, iris in owners.items() if len(iris) > 1} == {}


# --- dates at the precision of the text --------------------------------------------------------


def test_an_article_date_is_inferred_exactly_when_it_says_so(seed_store):
    rows = select(
        seed_store,
        """SELECT ?a (DATATYPE(?issued) AS ?dt) ?certainty ?flag WHERE {
        GRAPH pgg:metadata { ?a a pg:Article ; dct:issued ?issued
          OPTIONAL { ?a pg:certainty ?certainty }
          OPTIONAL { ?a pg:inferred ?flag FILTER(?flag = dct:issued) } } }""",
    )
    assert len(rows) == 3
    for row in rows:
        assert row["dt"] in DATE_TYPES, row
        inferred = row["flag"] is not None
        assert (row["certainty"] == PREFIXES["pgv"] + "certainty/inferred") == inferred, row
