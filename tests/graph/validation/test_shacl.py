"""SHACL shapes and graph.validation.

Each ``tests/data/invalid/<rule-id>.trig`` breaks one rule: its ``# expect:`` lines name the rule,
the focus node(s) and the severity, and the test checks that exactly those results come back.
``tests/data/valid/minimal.trig`` has one instance of every class and gives no result at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from graph.errors import ValidationFailed
from graph.iris import PG, PGSH, SCHEMA
from graph.ontology import load_ontology, load_shapes, rule_ids
from graph.validation.shacl import (
    Report,
    ensure_valid,
    union_graph,
    validate,
    validate_store,
)

DATA = Path(__file__).resolve().parents[2] / "data"
INVALID = sorted((DATA / "invalid").glob("*.trig"))
VALID = DATA / "valid" / "minimal.trig"
SEED_DIR = Path(__file__).resolve().parents[3] / "graph" / "data"

_EXPECT = re.compile(r"^# expect: rule=(\S+) focus=(\S+) severity=(violation|warning|info)\s*$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def _expectations(path: Path) -> set[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {m.groups() for line in lines if (m := _EXPECT.match(line))}


def _load(*paths: Path) -> Dataset:
    dataset = Dataset()
    for path in paths:
        dataset.parse(path, format="trig")
    return dataset


def _reporting_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes whose results reach a report: targeted node shapes with constraints of their own,
    the property shapes they hold, and their SPARQL constraints. Helper shapes used only inside
    sh:or / sh:xone / sh:qualifiedValueShape never report on their own."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    node_shapes = {s for t in targets for s in shapes.subjects(t, None)}
    out: set[URIRef] = set()
    for shape in node_shapes:
        out.update(shapes.objects(shape, SH.property))
        out.update(shapes.objects(shape, SH.sparql))
        own = {p for p in shapes.predicates(shape, None) if p.startswith(str(SH))}
        if own - set(targets) - {SH.property, SH.severity, SH.message, SH.deactivated}:
            out.add(shape)
    return out


# --- one file per rule ---------------------------------------------------------------------


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_breaks_exactly_its_rule(path: Path) -> None:
    expected = _expectations(path)
    assert expected, f"{path.name} has no '# expect: rule=... focus=... severity=...' line"
    assert {rule for rule, _, _ in expected} == {path.stem}

    report = validate(_load(path))

    got = {(r.rule_id, r.focus, r.severity) for r in report.results}
    missing = expected - got
    extra = got - expected
    assert not missing, f"{path.name}: expected results did not come back: {sorted(missing)}"
    assert not extra, f"{path.name}: other rules fired too: {sorted(extra)}"
    severities = {severity for _, _, severity in expected}
    assert report.conforms == ("violation" not in severities)


def test_every_rule_has_an_invalid_file() -> None:
    files = {path.stem for path in INVALID}
    assert rule_ids() - files == set(), "rules without tests/data/invalid/<rule-id>.trig"
    assert files - rule_ids() == set(), "invalid files for rules that no shape declares"


def test_valid_minimal_graph_gives_no_result() -> None:
    report = validate(_load(VALID))
    assert report.conforms
    assert report.results == [], [(r.rule_id, r.focus) for r in report.results]


def test_valid_minimal_graph_has_every_class() -> None:
    data = union_graph(_load(VALID))
    ontology = load_ontology()
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(PG))}
    classes |= {SCHEMA.MonetaryAmount, SCHEMA.QuantitativeValue}
    reached = {
        cls
        for used in set(data.objects(None, RDF.type))
        for cls in ontology.transitive_objects(used, RDFS.subClassOf)
    }
    assert classes - reached == set()


# --- the shapes themselves -----------------------------------------------------------------


def test_every_property_shape_is_an_iri() -> None:
    shapes = load_shapes()
    blank = [s for s in shapes.subjects(SH.path, None) if not isinstance(s, URIRef)]
    blank += [o for o in shapes.objects(None, SH.property) if not isinstance(o, URIRef)]
    blank += [o for o in shapes.objects(None, SH.sparql) if not isinstance(o, URIRef)]
    assert blank == []


def test_every_reporting_shape_has_severity_rule_id_and_messages() -> None:
    shapes = load_shapes()
    problems = []
    for shape in sorted(_reporting_shapes(shapes)):
        is_sparql = (shape, RDF.type, SH.SPARQLConstraint) in shapes
        severities = list(shapes.objects(shape, SH.severity))
        if not is_sparql and (len(severities) != 1 or severities[0] not in _SEVERITY):
            problems.append(f"{shape}: severity {severities}")
        if len(list(shapes.objects(shape, PGSH.ruleId))) != 1:
            problems.append(f"{shape}: needs exactly one pgsh:ruleId")
        languages = sorted(
            m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)
        )
        if languages != ["en", "ko"]:
            problems.append(f"{shape}: messages in {languages}, want one en and one ko")
    assert problems == []


def test_rule_ids_are_unique_and_kebab_case() -> None:
    shapes = load_shapes()
    owners: dict[str, set] = {}
    for shape, rule in shapes.subject_objects(PGSH.ruleId):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(rule)), rule
        owners.setdefault(str(rule), set()).add(shape)
    for rule, nodes in owners.items():
        # a SPARQL rule is named on its shape and on the constraint that shape holds
        shapes_of_rule = {n for n in nodes if (n, RDF.type, SH.SPARQLConstraint) not in shapes}
        assert len(shapes_of_rule) == 1, f"rule id {rule} on several shapes: {nodes}"
        (owner,) = shapes_of_rule
        for constraint in nodes - shapes_of_rule:
            assert (owner, SH.sparql, constraint) in shapes, (rule, constraint)


def test_rule_id_is_declared_annotation_property() -> None:
    shapes = load_shapes()
    assert (PGSH.ruleId, RDF.type, OWL.AnnotationProperty) in shapes
    labels = {label.language for label in shapes.objects(PGSH.ruleId, RDFS.label)}
    assert labels == {"ko", "en"}


def test_every_class_has_a_node_shape() -> None:
    shapes = load_shapes()
    ontology = load_ontology()
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(PG))}
    classes |= {SCHEMA.MonetaryAmount, SCHEMA.QuantitativeValue}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes - targeted == set()


def test_concept_lists_match_the_vocabularies() -> None:
    """Every sh:in list of concepts is exactly the set of concepts of one SKOS scheme."""
    shapes = load_shapes()
    ontology = load_ontology()
    checked = 0
    for shape, head in shapes.subject_objects(SH["in"]):
        values = set(Collection(shapes, head))
        scheme = URIRef(str(next(iter(values))).rsplit("/", 1)[0])
        if (scheme, RDF.type, SKOS.ConceptScheme) not in ontology:
            continue
        concepts = set(ontology.subjects(SKOS.inScheme, scheme))
        assert values == concepts, f"{shape}: {sorted(values ^ concepts)}"
        checked += 1
    assert checked >= 8


# --- the Report API ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def distinct_parties() -> Report:
    return validate(_load(DATA / "invalid" / "agreement-parties-distinct.trig"), lang="ko")


def test_report_counts_and_dict(distinct_parties: Report) -> None:
    assert distinct_parties.counts() == {"violation": 2, "warning": 0, "info": 0}
    as_dict = distinct_parties.to_dict("ko")
    assert as_dict["conforms"] is False
    assert as_dict["counts"]["violation"] == 2
    assert as_dict["lang"] == "ko"
    result = as_dict["results"][0]
    assert set(result) == {
        "severity",
        "rule_id",
        "focus",
        "focus_label",
        "path",
        "value",
        "message",
        "source_shape",
    }


def test_to_dict_ko_gives_korean_messages_and_labels(distinct_parties: Report) -> None:
    ko = {r["focus"]: r for r in distinct_parties.to_dict("ko")["results"]}
    one = ko["https://policygraph.example/id/agreement/kakao-alone"]
    assert _HANGUL.search(one["message"]) and "1곳" in one["message"]  # {?n} filled in
    assert one["focus_label"] == "카카오 단독 협약"
    en = {r["focus"]: r for r in distinct_parties.to_dict("en")["results"]}
    one_en = en["https://policygraph.example/id/agreement/kakao-alone"]
    assert not _HANGUL.search(one_en["message"]) and "found 1" in one_en["message"]
    assert one_en["focus_label"] == "Kakao-only agreement"
    # unknown languages fall back to English
    fr = [r["message"] for r in distinct_parties.to_dict("fr")["results"]]
    assert fr == [r["message"] for r in distinct_parties.to_dict("en")["results"]]


def test_core_constraint_messages_in_both_languages() -> None:
    report = validate(_load(DATA / "invalid" / "amount-currency.trig"), lang="ko")
    (result,) = report.results
    assert result.path == str(SCHEMA.currency)
    assert result.value == "won"
    assert _HANGUL.search(result.message)
    assert not _HANGUL.search(result.in_language("en").message)


def test_to_turtle_is_a_standard_validation_report(distinct_parties: Report) -> None:
    graph = Graph().parse(data=distinct_parties.to_turtle(), format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == 2
    for result in results:
        assert graph.value(result, SH.resultSeverity) == SH.Violation
        assert graph.value(result, SH.sourceShape) == PGSH["Agreement-parties-distinct"]
        languages = {m.language for m in graph.objects(result, SH.resultMessage)}
        assert languages == {"ko", "en"}  # tags restored on SPARQL-based messages


def test_warnings_and_infos_do_not_break_conformance() -> None:
    warning = validate(_load(DATA / "invalid" / "agreement-signed-on-missing.trig"))
    info = validate(_load(DATA / "invalid" / "budget-fiscal-year-missing.trig"))
    assert warning.conforms and warning.counts()["warning"] == 1
    assert info.conforms and info.counts()["info"] == 1


def test_validate_leaves_its_inputs_alone() -> None:
    data = _load(VALID)
    before = len(data)
    shapes_before = len(load_shapes())
    validate(data)
    validate(data)
    assert len(data) == before
    assert len(load_shapes()) == shapes_before


def test_empty_graph_conforms() -> None:
    report = validate(Graph())
    assert report.conforms and report.results == []


def test_to_text_names_rule_focus_and_message(distinct_parties: Report) -> None:
    text = distinct_parties.to_text("ko")
    assert text.startswith("does not conform: 2 violation, 0 warning, 0 info")
    assert (
        "violation [agreement-parties-distinct] <https://policygraph.example/id/agreement/" in text
    )
    assert "(카카오 단독 협약)" in text and "협약에는 pg:party로" in text


def test_validate_store(empty_store) -> None:
    empty_store.load(DATA / "invalid" / "budget-purpose.trig", "trig")
    report = validate_store(empty_store, lang="ko")
    assert {(r.rule_id, r.focus) for r in report.results} == {
        ("budget-purpose", "https://policygraph.example/id/budget/ai-hub-2025")
    }


def test_ensure_valid_raises_with_the_report() -> None:
    with pytest.raises(ValidationFailed) as caught:
        ensure_valid(_load(DATA / "invalid" / "earmark-funder-government.trig"))
    assert caught.value.report.counts()["violation"] == 1
    assert caught.value.context["rule_ids"] == ["earmark-funder-government"]
    # warnings do not raise
    assert ensure_valid(_load(DATA / "invalid" / "zone-type-missing.trig")).conforms


# --- the seed data -------------------------------------------------------------------------


def test_seed_data_has_no_violations() -> None:
    files = sorted(SEED_DIR.glob("*.trig"))
    assert len(files) == 3, f"expected one seed file per article in {SEED_DIR}"
    report = validate(_load(*files))

    def lines(severity: str) -> str:
        return "\n".join(
            f"  {r.rule_id} {r.focus} {r.path or ''} {r.value or ''}: {r.message}"
            for r in report.by_severity(severity)
        )

    assert report.conforms, (
        f"violations in the seed data:\n{lines('violation')}\nwarnings:\n{lines('warning')}"
    )
