"""The SHACL gate is sound: no accepted write leaves the store not conforming.

Every store here is a :class:`tests.checked.CheckedStore`, which validates itself whole and
offline after each write. The walk-arounds that were found (a new node joining two parties by
``owl:sameAs``, ``pg:Company rdfs:subClassOf pg:Person``) are refused through every write path;
statements about the ontology's own terms are refused naming the term; a property-based state
machine makes random small writes over the seed store and checks: accepted => the whole store
still conforms (CheckedStore), refused => the store is unchanged. A guard test holds the
shapes to what :mod:`graph.validation.incremental` follows.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.paths import Path as RdflibPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import InputError, PolicyGraphError, ValidationFailed
from graph.iris import PG
from graph.ontology import load_shapes
from graph.validation import incremental as candidate
from graph.write.graphstore import delete_graph, write_graph
from graph.write.ingest import delete_article, ingest
from graph.write.update import run_update
from tests.checked import CheckedStore, state
from tests.hostile import ARTICLE

ID = "https://policygraph.example/id/"
NONGHYUP, SEOUL = f"<{ID}org/nonghyup>", f"<{ID}org/seoul-metropolitan-government>"
SAME_AS = f"<{OWL.sameAs}>"
MERGE = f"<urn:x-node> {SAME_AS} {NONGHYUP} , {SEOUL} ."
COMPANY_IS_PERSON = f"<{PG.Company}> <{RDFS.subClassOf}> <{PG.Person}> ."


@pytest.fixture
def store() -> CheckedStore:
    return CheckedStore()


def _refused(store, write, error=PolicyGraphError):
    before = state(store)
    with pytest.raises(error) as failure:
        write()
    assert state(store) == before
    return failure.value


# --- the walk-arounds that were found, through every path ------------------------------------


def test_a_new_node_joining_two_parties_is_refused_by_update(store):
    failure = _refused(
        store,
        lambda: run_update(store, f"INSERT DATA {{ GRAPH <urn:x> {{ {MERGE} }} }}"),
        ValidationFailed,
    )
    assert "agreement-parties-distinct" in {r.rule_id for r in failure.report.results}


def test_a_new_node_joining_two_parties_is_refused_by_the_graph_store(store):
    failure = _refused(
        store,
        lambda: write_graph(store, "urn:x", MERGE.encode(), "turtle", replace=False),
        ValidationFailed,
    )
    assert "agreement-parties-distinct" in {r.rule_id for r in failure.report.results}


def test_a_new_node_joining_two_parties_is_refused_by_ingest(store):
    document = ARTICLE.rstrip().rstrip("}") + "\n" + MERGE + "\n}\n"
    failure = _refused(store, lambda: ingest(store, document.encode(), "application/trig"))
    assert "agreement-parties-distinct" in {r.rule_id for r in failure.report.results}


def test_parties_joined_step_by_step_and_both_ways(store):
    """The first link harms nothing and is accepted; the second, written from the other end,
    makes the two parties one: refused."""
    run_update(store, f"INSERT DATA {{ GRAPH <urn:x> {{ <urn:x-node> {SAME_AS} {NONGHYUP} }} }}")
    assert store.writes == 1
    _refused(
        store,
        lambda: run_update(store, f"INSERT DATA {{ {SEOUL} {SAME_AS} <urn:x-node> }}"),
        ValidationFailed,
    )
    run_update(store, f"DELETE DATA {{ GRAPH <urn:x> {{ <urn:x-node> {SAME_AS} {NONGHYUP} }} }}")
    assert store.writes == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda s: run_update(s, f"INSERT DATA {{ GRAPH <urn:x> {{ {COMPANY_IS_PERSON} }} }}"),
        lambda s: write_graph(s, "urn:x", COMPANY_IS_PERSON.encode(), "turtle", replace=False),
        lambda s: write_graph(s, None, COMPANY_IS_PERSON.encode(), "turtle", replace=False),
        lambda s: ingest(
            s,
            (ARTICLE.rstrip().rstrip("}") + "\n" + COMPANY_IS_PERSON + "\n}\n").encode(),
            "application/trig",
        ),
    ],
    ids=["update", "graph-store-post", "graph-store-default", "ingest"],
)
def test_a_subclass_axiom_on_ontology_terms_is_refused_naming_the_term(store, write):
    failure = _refused(store, lambda: write(store), InputError)
    assert failure.context["term"] == "pg:Company"
    assert "ontology" in failure.message


@pytest.mark.parametrize(
    ("statement", "term"),
    [
        (f"<urn:x:Firm> <{RDFS.subClassOf}> <{PG.Company}> .", "pg:Company"),
        (f"<{PG.party}> a <{OWL.TransitiveProperty}> .", "pg:party"),
        (f"<{PG.Company}> <{OWL.sameAs}> <{PG.Person}> .", "pg:Company"),
        (f"<urn:x:Deal> <{OWL.equivalentClass}> <{PG.Agreement}> .", "pg:Agreement"),
        (f"<urn:x:shape> <{SH.targetClass}> <{PG.Company}> .", "pg:Company"),
        (
            f"<urn:x:Amount> <{RDFS.subClassOf}> <https://schema.org/MonetaryAmount> .",
            "schema:MonetaryAmount",
        ),
        (f"<https://schema.org/Corporation> <{RDFS.subClassOf}> <{PG.Person}> .", "pg:Person"),
        (f"<urn:x:p> <{RDFS.subPropertyOf}> <{PG.party}> .", "pg:party"),
        (f"<{PG.within}> <{RDFS.domain}> <urn:x:Thing> .", "pg:within"),
        (f'<{PG.Company}> <{RDFS.label}> "Person" .', "pg:Company"),
    ],
)
def test_statements_about_ontology_terms_are_refused(store, statement, term):
    failure = _refused(
        store, lambda: run_update(store, f"INSERT DATA {{ {statement} }}"), InputError
    )
    assert failure.context["term"] == term


@pytest.mark.parametrize(
    "statement",
    [
        f"<urn:x:Dog> <{RDFS.subClassOf}> <urn:x:Animal> .",
        f"<urn:x:a> <{OWL.sameAs}> <urn:x:b> .",
        f'<urn:x:a> a <{PG.Company}> ; <{SKOS.prefLabel}> "A"@en , "에이"@ko ; '
        f'<{RDFS.label}> "A"@en , "에이"@ko ; <{SKOS.altLabel}> "A Co."@en .',
        f"<urn:x:shape> <{SH.targetClass}> <urn:x:Dog> .",
        f"<urn:x:p> <{RDFS.subPropertyOf}> <{RDFS.label}> .",
        # the other vocabularies' own axioms: no shape reads them
        f"<https://schema.org/Corporation> <{RDFS.subClassOf}> <https://schema.org/Organization> .",
        f'<{SKOS.Concept}> <{RDFS.label}> "Concept"@en .',
        f"<http://xmlns.com/foaf/0.1/Person> <{RDFS.subClassOf}> <urn:x:Agent> .",
        f"<https://schema.org/MonetaryAmount> <{RDFS.subClassOf}> <urn:x:StructuredValue> .",
    ],
)
def test_data_in_other_vocabularies_and_typed_instances_stay_writable(store, statement):
    run_update(store, f"INSERT DATA {{ GRAPH <urn:x> {{ {statement} }} }}")
    assert store.writes == 1 and not store.failures


# --- what a change reaches -----------------------------------------------------------------


def test_a_containment_cycle_through_an_untyped_node_is_refused(store):
    """Gyeonggi -> (new, untyped) node -> Namyangju, which is within Gyeonggi: the places on
    the cycle break, though the node that closes it is not a place."""
    gyeonggi, namyangju = f"<{ID}place/gyeonggi>", f"<{ID}place/namyangju>"
    within = f"<{PG.within}>"
    run_update(store, f"INSERT DATA {{ GRAPH <urn:x> {{ <urn:x:mid> {within} {namyangju} }} }}")
    _refused(
        store,
        lambda: run_update(
            store, f"INSERT DATA {{ GRAPH <urn:x> {{ {gyeonggi} {within} <urn:x:mid> }} }}"
        ),
    )


def test_a_blank_node_already_in_the_store_is_validated_with_its_quads(store):
    """A company written with a blank node (Graph Store), then given a second English label
    by an update that finds it: the check sees the first label too."""
    company = (
        f'_:c a <{PG.Company}> ; <{SKOS.prefLabel}> "Blank Co"@en , "블랭크"@ko ; '
        f'<{RDFS.label}> "Blank Co"@en , "블랭크"@ko ; <{SKOS.altLabel}> "Blank"@en .'
    )
    write_graph(store, "urn:x:blank", company.encode(), "turtle", replace=False)
    second = (
        f'INSERT {{ GRAPH <urn:x:blank> {{ ?c <{SKOS.prefLabel}> "Other Co"@en }} }} '
        f"WHERE {{ GRAPH <urn:x:blank> {{ ?c a <{PG.Company}> }} }}"
    )
    failure = _refused(store, lambda: run_update(store, second), ValidationFailed)
    assert "label-pref-unique" in {r.rule_id for r in failure.report.results}


def test_removing_the_article_an_evidence_points_at_is_refused(store):
    article = f"<{ID}article/86ffe20fc9bd53a8>"
    graph = "<https://policygraph.example/graph/metadata>"
    _refused(
        store,
        lambda: run_update(store, f"DELETE WHERE {{ GRAPH {graph} {{ {article} a ?t }} }}"),
        ValidationFailed,
    )


def test_deleting_articles_and_graphs_keeps_the_store_whole(store):
    delete_article(store, "9ae9a84f0b3031d7")
    delete_graph(store, "https://policygraph.example/graph/article/c901c4c0e230705d")
    assert store.writes == 2 and not store.failures


# --- the shapes hold to what graph.validation.incremental follows ---------------------------


def _patterns(node, out):
    """Every triple pattern (s, p, o) of a query's algebra, property paths included."""
    if isinstance(node, CompValue):
        for key, value in node.items():
            if key == "triples" and isinstance(value, list):
                out.extend(value)
            else:
                _patterns(value, out)
    elif isinstance(node, list | tuple):
        for item in node:
            _patterns(item, out)
    return out


def _predicates(path) -> set[URIRef]:
    if isinstance(path, URIRef):
        return {path}
    found = set()
    for attribute in ("args", "path"):
        value = getattr(path, attribute, None)
        for part in value if isinstance(value, list) else [value] if value is not None else []:
            found |= _predicates(part)
    return found


def test_the_shapes_read_only_what_the_incremental_check_follows():
    """Targets are classes or subjects of a predicate (or, followed backwards, objects); paths
    are predicates, alternatives of predicates or inverse predicates; SPARQL constraints read
    the focus node's own triples, the types of the nodes it points at (through the ontology's
    rdfs:subClassOf), and the owl:sameAs and pg:within closures. A new shape that reads
    further fails here: teach graph/validation/incremental.py to follow it first."""
    shapes = load_shapes()
    targets = {p for p in shapes.predicates() if str(p).startswith(str(SH)) and "target" in str(p)}
    assert targets <= {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf}
    for path in shapes.objects(None, SH.path):
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:  # one of several predicates: still the node's own triples
            assert all(isinstance(p, URIRef) for p in shapes.items(alternatives)), path
            continue
        assert isinstance(path, URIRef) or shapes.value(path, SH.inversePath) is not None, path
    closures = {RDF.type, RDFS.subClassOf, OWL.sameAs, PG.within}
    one_hop = {RDF.type, RDFS.subClassOf}
    for select in shapes.objects(None, SH.select):
        query = prepareQuery(
            str(select), initNs={"pg": PG, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}
        )
        for s, p, o in _patterns(query.algebra, []):
            if isinstance(p, RdflibPath):
                assert _predicates(p) <= closures, (p, select)
            elif str(s) != "this":  # a pattern about another node: only its types
                assert p in one_hop, (s, p, o)
    assert {ox.NamedNode(str(p)) for p in candidate.inverse_predicates()} == {
        ox.NamedNode(str(p)) for p in shapes.objects(None, SH.targetObjectsOf)
    } | {ox.NamedNode(str(p)) for p in shapes.objects(None, SH.inversePath)}


# --- random writes -----------------------------------------------------------------------------

_NODES = [
    f"{ID}{kind}"
    for kind in (
        "org/nonghyup",
        "org/seoul-metropolitan-government",
        "org/kakao",
        "org/kt",
        "person/lee-jae-myung",
        "agreement/grain-market-site-property-exchange",
        "agreement/namyangju-ai-digital-hub-investment",
        "place/gyeonggi",
        "place/namyangju",
        "place/seocho-gu",
        "site/former-grain-wholesale-market",
        "project/ai-city-pilot",
        "budget/ai-city-pilot-site-selection-and-planning",
        "article/86ffe20fc9bd53a8",
        "event/namyangju-ai-hub-signing",
    )
] + ["urn:x:n1", "urn:x:n2", f"{ID}org/new-co", f"{ID}place/new-place"]
_CLASSES = [
    str(PG[c])
    for c in ("Company", "Person", "Place", "Region", "Site", "Agreement", "Article", "Government")
]
_NODE_PREDICATES = [
    str(p)
    for p in (
        OWL.sameAs,
        PG.party,
        PG.within,
        PG.evidence,
        PG.funder,
        PG.participant,
        PG.developer,
        PG.signatory,
        PG.administeredBy,
        PG.atSite,
    )
]
_LITERALS = [
    '"X"@en',
    '"엑스"@ko',
    '"2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
    '"20266"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    '"-3.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"plain"',
]
_LITERAL_PREDICATES = [str(p) for p in (SKOS.prefLabel, RDFS.label, PG.signedOn, PG.areaSqm)]
_GRAPHS = [
    "https://policygraph.example/graph/registry",
    "https://policygraph.example/graph/article/86ffe20fc9bd53a8",
    "urn:x:g",
]

_subjects = st.sampled_from(_NODES + ["_:b"])
#: Nodes whose joining or nesting a rule reads: the two parties of one agreement, places on
#: one containment chain, and new nodes to join them through.
_LINKED = (
    [f"{ID}{k}" for k in ("org/nonghyup", "org/seoul-metropolitan-government")]
    + [f"{ID}place/{k}" for k in ("gyeonggi", "namyangju", "new-place")]
    + ["urn:x:n1", "urn:x:n2"]
)
_links = st.tuples(
    st.sampled_from(_LINKED),
    st.sampled_from([str(OWL.sameAs), str(PG.within)]),
    st.sampled_from(_LINKED).map(lambda n: f"<{n}>"),
)
_triples = st.one_of(
    st.tuples(_subjects, st.just(str(RDF.type)), st.sampled_from(_CLASSES).map(lambda c: f"<{c}>")),
    st.tuples(
        _subjects,
        st.sampled_from(_NODE_PREDICATES),
        st.sampled_from(_NODES).map(lambda n: f"<{n}>"),
    ),
    st.tuples(_subjects, st.sampled_from(_LITERAL_PREDICATES), st.sampled_from(_LITERALS)),
    st.tuples(
        st.sampled_from(_CLASSES),
        st.just(str(RDFS.subClassOf)),
        st.sampled_from(_CLASSES).map(lambda c: f"<{c}>"),
    ),
)


def _text(triple: tuple[str, str, str]) -> str:
    s, p, o = triple
    return f"{s if s.startswith('_:') else f'<{s}>'} <{p}> {o} ."


class RandomWrites(RuleBasedStateMachine):
    """Random small writes on the seed store, through the update, Graph Store and ingest paths."""

    @initialize()
    def seed(self) -> None:
        self.store = CheckedStore()

    def _write(self, write) -> None:
        before = state(self.store)
        try:
            write()
        except PolicyGraphError as exc:
            event(f"refused: {type(exc).__name__}")
            assert state(self.store) == before, "a refused write changed the store"
        else:
            event("accepted" if state(self.store) != before else "accepted, no change")

    @rule(triples=st.lists(_triples, min_size=1, max_size=4), graph=st.sampled_from(_GRAPHS))
    def insert(self, triples, graph) -> None:
        body = " ".join(map(_text, triples))
        self._write(
            lambda: run_update(self.store, f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}")
        )

    @rule(triples=st.lists(_links, min_size=1, max_size=2), graph=st.sampled_from(_GRAPHS))
    def link(self, triples, graph) -> None:
        body = " ".join(map(_text, triples))
        self._write(
            lambda: run_update(self.store, f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}")
        )

    @rule(data=st.data(), count=st.integers(1, 3))
    def delete_stored(self, data, count) -> None:
        quads = sorted(self.store.quads(), key=str)
        chosen = [data.draw(st.sampled_from(quads)) for _ in range(count)]
        chosen = [q for q in chosen if not any(isinstance(t, ox.BlankNode) for t in q)]
        if not chosen:
            return
        body = " ".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
            if isinstance(q.graph_name, ox.NamedNode)
            else f"{q.subject} {q.predicate} {q.object} ."
            for q in chosen
        )
        self._write(lambda: run_update(self.store, f"DELETE DATA {{ {body} }}"))

    @rule(triples=st.lists(_triples, min_size=1, max_size=4), replace=st.booleans())
    def graph_store(self, triples, replace) -> None:
        body = "\n".join(map(_text, triples)).encode()
        self._write(lambda: write_graph(self.store, "urn:x:g", body, "turtle", replace=replace))

    @rule(triples=st.lists(_triples, min_size=0, max_size=3))
    def ingest_article(self, triples) -> None:
        document = ARTICLE.rstrip().rstrip("}") + "\n" + "\n".join(map(_text, triples)) + "\n}\n"
        self._write(lambda: ingest(self.store, document.encode(), "application/trig"))

    @rule(article=st.sampled_from(["86ffe20fc9bd53a8", "9ae9a84f0b3031d7", "a1b2c3d4e5f60718"]))
    def delete(self, article) -> None:
        self._write(lambda: delete_article(self.store, article))


RandomWrites.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_random_writes_keep_the_store_conforming = RandomWrites.TestCase
