"""keep_spans: a reviewed draft's evidence offsets kept as W3C Web Annotation provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace

from graph.errors import InputError
from graph.extract import extract
from graph.factsheet.sheet import FactSheet, convert_factsheet
from graph.iris import PG, PGID
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from graph.validation.shacl import validate_store
from graph.write.ingest import ingest

OA = Namespace("http://www.w3.org/ns/oa#")
ARTICLE = (Path(__file__).resolve().parents[2] / "data" / "extract" / "en_busan_mou.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def draft(seed_store) -> dict:
    return extract(ARTICLE, lang="en", registry=seed_store).sheet


def _union(dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _spans(dataset, node):
    """(start, end) of every span of ``node``, with its source."""
    out = []
    for span in dataset.objects(node, PG.evidenceSpan):
        selector = dataset.value(span, OA.hasSelector)
        assert (span, RDF.type, OA.SpecificResource) in dataset
        assert (selector, RDF.type, OA.TextPositionSelector) in dataset
        start, end = dataset.value(selector, OA.start), dataset.value(selector, OA.end)
        out.append((start.toPython(), end.toPython(), dataset.value(span, OA.hasSource)))
    return sorted(out)


def test_the_offsets_of_each_evidence_sentence_are_kept(seed_store, draft):
    conversion = convert_factsheet(FactSheet({**draft, "keep_spans": True}), registry=seed_store)
    ds = _union(conversion.dataset)
    article = PGID[f"article/{conversion.article_id}"]
    (agreement,) = ds.subjects(RDF.type, PG.Agreement)
    expected = sorted(
        (ev["start"], ev["end"], article) for ev in draft["agreements"][0]["evidence"]
    )
    assert _spans(ds, agreement) == expected
    # never the sentences themselves
    entries = draft["agreements"] + draft["projects"]
    sentences = {ev["sentence"] for e in entries for ev in e["evidence"]}
    assert not any(isinstance(o, Literal) and str(o) in sentences for o in ds.objects())


def test_without_keep_spans_nothing_of_the_text_is_kept(seed_store, draft):
    ds = _union(convert_factsheet(FactSheet(draft), registry=seed_store).dataset)
    assert not list(ds.subject_objects(PG.evidenceSpan))
    assert not list(ds.subjects(RDF.type, OA.TextPositionSelector))


def test_an_ingested_draft_with_spans_conforms_and_reads_back():
    store = OxigraphStore()
    load_seed(store)
    sheet = extract(ARTICLE, lang="en", registry=store).sheet
    summary = ingest(store, FactSheet({**sheet, "keep_spans": True}))
    assert summary.created and summary.report.counts()["violation"] == 0
    assert validate_store(store).conforms
    rows = store.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX pg: <https://policygraph.example/ont#> "
        "SELECT ?start ?end WHERE { ?a a pg:Agreement ; pg:evidenceSpan/oa:hasSelector ?s . "
        "?s oa:start ?start ; oa:end ?end }"
    )
    found = {(int(r["start"].value), int(r["end"].value)) for r in rows}
    assert found == {(ev["start"], ev["end"]) for ev in sheet["agreements"][0]["evidence"]}
    store.close()


def test_a_span_that_ends_before_it_starts_is_refused_naming_where(seed_store, draft):
    broken = {**draft, "keep_spans": True}
    agreement = dict(broken["agreements"][0])
    first = dict(agreement["evidence"][0])
    first["end"] = first["start"]
    agreement["evidence"] = [first, *agreement["evidence"][1:]]
    broken["agreements"] = [agreement, *broken["agreements"][1:]]
    with pytest.raises(InputError, match=r"agreements\[0\]\.evidence\[0\]: end .* after start"):
        convert_factsheet(FactSheet(broken), registry=seed_store)
