"""graph.validation.incremental.validate_change: incremental validation of a change, against
full validation."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.iris import PG, REGISTRY_GRAPH
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed, seed_files
from graph.store.terms import canonical
from graph.validation.incremental import validate_change
from graph.write.documents import validate_files

DATA = Path(__file__).resolve().parents[2] / "data"
INVALID = sorted((DATA / "invalid").glob("*.trig"))
_EXPECT = re.compile(r"^# expect: rule=(\S+) focus=(\S+) severity=(violation|warning|info)\s*$")

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
KAKAO = ox.NamedNode("https://policygraph.example/id/org/kakao")
REGISTRY = ox.NamedNode(str(REGISTRY_GRAPH))


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


@pytest.fixture
def seeded() -> OxigraphStore:
    store = OxigraphStore()
    load_seed(store)
    return store


def _triples(report) -> set[tuple[str, str, str]]:
    return {(r.rule_id, r.focus, r.severity) for r in report.results}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_a_whole_document_added_to_an_empty_store_gets_the_full_report(path):
    """When everything is new, every node is a focus node: the same results as full validation."""
    store = OxigraphStore()
    report = validate_change(store, _quads(path))
    expected = {m.groups() for line in path.read_text().splitlines() if (m := _EXPECT.match(line))}
    assert expected <= _triples(report)
    assert _triples(report) == _triples(validate_files([path]))
    assert len(store) == 0  # nothing written


def test_readding_what_is_there_conforms_and_writes_nothing(seeded):
    before = (len(seeded), seeded.data_version)
    quads = [q for path in seed_files() for q in _quads(path)]
    report = validate_change(seeded, quads, quads)
    assert report.conforms
    assert (len(seeded), seeded.data_version) == before


def test_removing_a_type_reaches_the_agreements_that_name_it(seeded):
    """Kakao stops being a pg:Company: every agreement with Kakao as party breaks, though no
    quad of those agreements changed."""
    removed = [q for q in seeded._store.quads_for_pattern(KAKAO, RDF_TYPE, None, None)]
    assert removed
    report = validate_change(seeded, [], removed)
    broken = {(r.rule_id, r.focus) for r in report.results if r.severity == "violation"}
    agreement = "https://policygraph.example/id/agreement/namyangju-ai-digital-hub-investment"
    assert ("agreement-party-organisation", agreement) in broken


def test_a_containment_cycle_through_stored_places_is_found(seeded):
    gyeonggi = ox.NamedNode("https://policygraph.example/id/place/gyeonggi")
    namyangju = ox.NamedNode("https://policygraph.example/id/place/namyangju")
    cycle = ox.Quad(gyeonggi, ox.NamedNode(str(PG.within)), namyangju, REGISTRY)
    report = validate_change(seeded, [cycle])
    assert "place-within-acyclic" in {r.rule_id for r in report.results}


def test_results_about_untouched_context_are_left_out(seeded):
    """A new agreement naming Kakao and LH: Kakao's and LH's own descriptions are context."""
    agreement = ox.NamedNode("https://policygraph.example/id/agreement/x")
    graph = ox.NamedNode("https://policygraph.example/graph/article/x")
    added = [
        ox.Quad(agreement, RDF_TYPE, ox.NamedNode(str(PG.Agreement)), graph),
        ox.Quad(agreement, ox.NamedNode(str(PG.party)), KAKAO, graph),
    ]
    report = validate_change(seeded, added)
    assert {r.focus for r in report.results} <= {agreement.value, KAKAO.value}
    assert "agreement-parties-distinct" in {r.rule_id for r in report.results}


def test_canonical_forms_compare_with_the_store(seeded):
    dec = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    amount = ox.NamedNode(
        "https://policygraph.example/id/amount/namyangju-ai-digital-hub-investment"
    )
    value = ox.NamedNode("https://schema.org/value")
    graph = ox.NamedNode("https://policygraph.example/graph/article/86ffe20fc9bd53a8")
    written = ox.Quad(amount, value, ox.Literal("600000000000.000", datatype=dec), graph)
    assert canonical([written]) <= set(seeded._store.quads_for_pattern(amount, value, None, None))
