"""The ontology, the SKOS vocabularies and the JSON-LD context agree with docs/model.md and
with each other, and every term carries Korean and English labels and comments."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
MODEL_MD = ROOT / "docs" / "model.md"

PG = Namespace("https://policygraph.example/ont#")
PGV = "https://policygraph.example/vocab/"
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = "http://www.wikidata.org/entity/"

SCHEMES = [
    "project-status",
    "government-level",
    "budget-stage",
    "agreement-type",
    "designation-status",
    "zone-type",
    "incentive-type",
    "certainty",
]
TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
)
REUSED = [
    SCHEMA.MonetaryAmount,
    SCHEMA.QuantitativeValue,
    SCHEMA.value,
    SCHEMA.currency,
    SCHEMA.unitText,
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "policygraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    graph = Graph()
    for path in sorted((ONTOLOGY / "vocab").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def _declared(graph: Graph) -> set[URIRef]:
    """IRIs typed as a class, property or datatype, in pg: or among the reused schema: terms."""
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and (s.startswith(str(PG)) or s in REUSED)
    }


def _pg_terms(graph: Graph) -> set[str]:
    return {t.removeprefix(str(PG)) for t in _declared(graph) if t.startswith(str(PG))}


def _langs(graph: Graph, node: URIRef, predicate: URIRef) -> list[str]:
    """Sorted language tags of the literal values ("" for an untagged one)."""
    values = graph.objects(node, predicate)
    return sorted(o.language or "" for o in values if isinstance(o, Literal))


def _backticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def _union_members(graph: Graph, node) -> set:
    """Members of an owl:unionOf node, or {node} for a named class."""
    if isinstance(node, URIRef):
        return {node}
    head = graph.value(node, OWL.unionOf)
    assert head is not None, f"blank node {node} is not a union"
    return set(Collection(graph, head))


# --- parsing ----------------------------------------------------------------------------------


def test_ontology_parses_and_has_header(ontology):
    header = URIRef("https://policygraph.example/ont")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    dct = Namespace("http://purl.org/dc/terms/")
    assert _langs(ontology, header, dct.title) == ["en", "ko"]
    assert _langs(ontology, header, dct.description) == ["en", "ko"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocab_file_parses(scheme):
    graph = Graph().parse(ONTOLOGY / "vocab" / f"{scheme}.ttl", format="turtle")
    assert (URIRef(PGV + scheme), RDF.type, SKOS.ConceptScheme) in graph


def test_no_unexpected_vocab_files():
    assert sorted(p.stem for p in (ONTOLOGY / "vocab").glob("*.ttl")) == sorted(SCHEMES)


# --- labels and comments ----------------------------------------------------------------------


def test_every_term_has_one_label_and_a_comment_per_language(ontology):
    terms = _declared(ontology)
    assert set(REUSED) <= terms, "reused schema.org terms must be declared"
    problems = []
    for term in sorted(terms):
        if _langs(ontology, term, RDFS.label) != ["en", "ko"]:
            problems.append(f"{term}: rdfs:label {_langs(ontology, term, RDFS.label)}")
        if not {"en", "ko"} <= set(_langs(ontology, term, RDFS.comment)):
            problems.append(f"{term}: rdfs:comment {_langs(ontology, term, RDFS.comment)}")
    assert problems == []


def test_every_pg_iri_used_in_the_ontology_is_declared(ontology):
    used = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(PG))
    }
    assert used <= _declared(ontology)


def test_no_blank_nodes_except_union_lists(ontology):
    for node in {s for s in ontology.subjects() if isinstance(s, BNode)}:
        predicates = set(ontology.predicates(node))
        is_union = OWL.unionOf in predicates
        is_list_cell = predicates <= {RDF.first, RDF.rest}
        assert is_union or is_list_cell, f"unexpected blank node with {predicates}"


def test_domains_and_ranges_name_known_things(ontology):
    declared = _declared(ontology)
    external = {SKOS.Concept, RDF.langString, RDFS.Literal}
    for predicate in (RDFS.domain, RDFS.range):
        for term, target in ontology.subject_objects(predicate):
            for member in _union_members(ontology, target):
                assert member in declared or member in external or member.startswith(str(XSD)), (
                    f"{term} {predicate} {member}"
                )


# --- docs/model.md cross-check ----------------------------------------------------------------


def test_model_md_terms_are_declared(ontology):
    named = {
        name
        for span in _backticked(MODEL_MD.read_text(encoding="utf-8"))
        for name in re.findall(r"(?<![\w:/])pg:([A-Za-z]\w*)", span)
    }
    assert len(named) > 50, "docs/model.md parsing found too few pg: names"
    assert named - _pg_terms(ontology) == set(), "named in docs/model.md but not declared"
    assert _pg_terms(ontology) - named == set(), "declared but missing from docs/model.md"


def test_model_md_concept_lists_match_the_vocab(vocab):
    text = MODEL_MD.read_text(encoding="utf-8")
    lists = {
        scheme: {c.strip() for c in concepts.split(",")}
        for scheme, concepts in re.findall(r"`pgv:([a-z-]+)(?:/…)?`\s*\(([^)]*)\)", text)
    }
    assert sorted(lists) == sorted(SCHEMES)
    for scheme, concepts in lists.items():
        in_vocab = {
            str(c).removeprefix(f"{PGV}{scheme}/")
            for c in vocab.subjects(SKOS.inScheme, URIRef(PGV + scheme))
        }
        assert in_vocab == concepts, scheme


# --- SKOS schemes and concepts ----------------------------------------------------------------


def test_schemes_have_labels_and_definitions(vocab):
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {URIRef(PGV + s) for s in SCHEMES}
    for scheme in schemes:
        assert _langs(vocab, scheme, SKOS.prefLabel) == ["en", "ko"], scheme
        assert _langs(vocab, scheme, SKOS.definition) == ["en", "ko"], scheme


def test_every_concept_is_in_one_scheme_with_labels(vocab):
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 37
    for concept in concepts:
        schemes = list(vocab.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1, concept
        scheme = schemes[0]
        slug = str(concept).removeprefix(f"{scheme}/")
        assert str(concept) == f"{scheme}/{slug}" and re.fullmatch(r"[a-z]+(-[a-z]+)*", slug)
        assert list(vocab.objects(concept, SKOS.topConceptOf)) == [scheme], concept
        assert (scheme, SKOS.hasTopConcept, concept) in vocab, concept
        assert list(vocab.objects(concept, SKOS.notation)) == [Literal(slug)], concept
        assert _langs(vocab, concept, SKOS.prefLabel) == ["en", "ko"], concept
        assert _langs(vocab, concept, SKOS.definition) == ["en", "ko"], concept


def test_project_status_is_ordered(vocab):
    scheme = URIRef(PGV + "project-status")
    ordered = sorted(vocab.subjects(SKOS.inScheme, scheme), key=lambda c: vocab.value(c, PG.order))
    slugs = [str(c).rsplit("/", 1)[1] for c in ordered]
    assert slugs == [
        "proposed",
        "planned",
        "under-construction",
        "operating",
        "completed",
        "cancelled",
    ]
    assert [vocab.value(c, PG.order).toPython() for c in ordered] == [1, 2, 3, 4, 5, 6]


# --- alignments and axioms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "predicate", "target"),
    [
        (PG.Stakeholder, RDFS.subClassOf, PROV.Agent),
        (PG.Organisation, RDFS.subClassOf, PG.Stakeholder),
        (PG.Organisation, RDFS.subClassOf, ORG.Organization),
        (PG.Organisation, RDFS.subClassOf, SCHEMA.Organization),
        (PG.Organisation, RDFS.subClassOf, FOAF.Organization),
        (PG.Government, RDFS.subClassOf, PG.Organisation),
        (PG.Government, RDFS.subClassOf, ORG.FormalOrganization),
        (PG.Government, RDFS.subClassOf, SCHEMA.GovernmentOrganization),
        (PG.Company, RDFS.subClassOf, SCHEMA.Corporation),
        (PG.ResearchBody, RDFS.subClassOf, SCHEMA.ResearchOrganization),
        (PG.EducationBody, RDFS.subClassOf, SCHEMA.EducationalOrganization),
        (PG.PoliticalParty, RDFS.subClassOf, SCHEMA.PoliticalParty),
        (PG.Consortium, RDFS.subClassOf, PG.Organisation),
        (PG.Person, RDFS.subClassOf, PG.Stakeholder),
        (PG.Person, RDFS.subClassOf, FOAF.Person),
        (PG.Person, RDFS.subClassOf, SCHEMA.Person),
        (PG.Relationship, RDFS.subClassOf, PROV.Entity),
        (PG.Post, RDFS.subClassOf, ORG.Post),
        (PG.Budget, RDFS.subClassOf, SCHEMA.MonetaryGrant),
        (PG.Project, RDFS.subClassOf, PROV.Entity),
        (PG.Project, RDFS.subClassOf, SCHEMA.Project),
        (PG.Facility, RDFS.subClassOf, PG.Project),
        (PG.Study, RDFS.subClassOf, PG.Project),
        (PG.Selection, RDFS.subClassOf, PG.Relationship),
        (PG.Initiative, RDFS.subClassOf, PROV.Plan),
        (PG.Place, RDFS.subClassOf, SCHEMA.Place),
        (PG.Region, RDFS.subClassOf, PG.Place),
        (PG.Site, RDFS.subClassOf, PG.Place),
        (PG.Zone, RDFS.subClassOf, PG.Place),
        (PG.Event, RDFS.subClassOf, PROV.Activity),
        (PG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (PG.Article, RDFS.subClassOf, PROV.Entity),
        (PG.heldBy, RDFS.subPropertyOf, ORG.heldBy),
        (PG.postIn, RDFS.subPropertyOf, ORG.postIn),
        (PG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (PG.within, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (PG.evidence, RDFS.subPropertyOf, DCTERMS.source),
        (PG.Company, SKOS.closeMatch, URIRef(WD + "Q783794")),
        (PG.Government, SKOS.closeMatch, URIRef(WD + "Q2659904")),
        (PG.Person, SKOS.closeMatch, URIRef(WD + "Q5")),
    ],
)
def test_alignment(ontology, term, predicate, target):
    assert (term, predicate, target) in ontology


def test_relationship_kinds(ontology):
    subs = set(ontology.subjects(RDFS.subClassOf, PG.Relationship))
    assert subs == {PG.Post, PG.Agreement, PG.Budget, PG.Proposal, PG.Designation, PG.Selection}


def test_wikidata_only_by_close_match(ontology):
    for s, p, o in ontology:
        if isinstance(o, URIRef) and o.startswith(WD):
            assert p == SKOS.closeMatch, (s, p, o)


@pytest.mark.parametrize(("a", "b"), [(PG.Proposal, PG.Agreement), (PG.Person, PG.Organisation)])
def test_disjoint(ontology, a, b):
    assert (a, OWL.disjointWith, b) in ontology or (b, OWL.disjointWith, a) in ontology


@pytest.mark.parametrize(
    "prop",
    [
        "signedOn",
        "proposedOn",
        "date",
        "startDate",
        "announcedOn",
        "plannedConstructionStart",
        "plannedCompletion",
        "plannedOpening",
        "openedOn",
    ],
)
def test_dates_keep_their_precision(ontology, prop):
    assert ontology.value(PG[prop], RDFS.range) == PG.DateAtPrecision
    union = ontology.value(PG.DateAtPrecision, OWL.equivalentClass)
    assert _union_members(ontology, union) == {XSD.date, XSD.gYearMonth, XSD.gYear}


# --- JSON-LD context --------------------------------------------------------------------------


def _expand(term: str, context: dict) -> str:
    """The IRI a context term stands for (a prefix maps to its namespace IRI)."""
    definition = context[term]
    iri = definition if isinstance(definition, str) else definition["@id"]
    prefix, _, local = iri.partition(":")
    return context[prefix] + local if prefix in context else iri


def _parse_jsonld(body: dict, context: dict) -> Graph:
    return Graph().parse(data=json.dumps({"@context": context, **body}), format="json-ld")


def test_context_names_every_term(ontology, context):
    prefixes = {k for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    named = {_expand(k, context) for k in context if not k.startswith("@") and k not in prefixes}
    missing = {str(t) for t in _declared(ontology) if t != PG.DateAtPrecision} - named
    assert missing == set()
    pg_names = {iri for iri in named if iri.startswith(str(PG))}
    assert pg_names <= {str(t) for t in _declared(ontology)}, "context names an unknown pg: term"


def test_context_coerces_by_range(ontology, context):
    for kind, expected in ((OWL.ObjectProperty, "@id"), (OWL.DatatypeProperty, None)):
        for prop in ontology.subjects(RDF.type, kind):
            if not prop.startswith(str(PG)):
                continue
            entry = context[prop.removeprefix(str(PG))]
            if expected == "@id":
                assert entry.get("@type") == "@id", prop
            elif ontology.value(prop, RDFS.range) == RDF.langString:
                assert entry.get("@container") == "@language", prop
            else:
                assert entry.get("@type") != "@id", prop


def test_context_expands_a_stakeholder(context):
    graph = _parse_jsonld(
        {
            "@id": "pgid:org/kakao",
            "@type": "Company",
            "prefLabel": {"ko": "카카오", "en": "Kakao"},
        },
        context,
    )
    kakao = URIRef("https://policygraph.example/id/org/kakao")
    assert set(graph) == {
        (kakao, RDF.type, PG.Company),
        (kakao, SKOS.prefLabel, Literal("카카오", lang="ko")),
        (kakao, SKOS.prefLabel, Literal("Kakao", lang="en")),
    }


def test_context_expands_an_agreement(context):
    graph = _parse_jsonld(
        {
            "@id": "pgid:agreement/namyangju-ai-hub",
            "@type": "Agreement",
            "party": ["pgid:org/gyeonggi-province", "pgid:org/kakao"],
            "signedOn": {"@value": "2025-06-13", "@type": "xsd:date"},
            "agreementType": "pgv:agreement-type/investment-agreement",
            "amount": {
                "@id": "pgid:amount/namyangju-ai-hub",
                "@type": "MonetaryAmount",
                "value": "600000000000",
                "currency": "KRW",
            },
            "evidence": "pgid:article/86ffe20fc9bd53a8",
        },
        context,
    )
    pgid = Namespace("https://policygraph.example/id/")
    agreement, amount = pgid["agreement/namyangju-ai-hub"], pgid["amount/namyangju-ai-hub"]
    assert set(graph.objects(agreement, PG.party)) == {
        pgid["org/gyeonggi-province"],
        pgid["org/kakao"],
    }
    assert graph.value(agreement, PG.signedOn) == Literal("2025-06-13", datatype=XSD.date)
    assert graph.value(agreement, PG.agreementType) == URIRef(
        PGV + "agreement-type/investment-agreement"
    )
    assert graph.value(agreement, PG.evidence) == pgid["article/86ffe20fc9bd53a8"]
    assert graph.value(agreement, PG.amount) == amount
    assert (amount, RDF.type, SCHEMA.MonetaryAmount) in graph
    assert graph.value(amount, SCHEMA.value) == Literal("600000000000", datatype=XSD.decimal)
    assert graph.value(amount, SCHEMA.currency) == Literal("KRW")
