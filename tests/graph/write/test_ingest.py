"""graph.write.ingest on its own: layout of each input, datasets as input, delete, concurrent
writers."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from rdflib import Dataset

from graph.errors import InputError, NotFound, ValidationFailed
from graph.validation.shacl import validate_store
from graph.write.ingest import delete_article, ingest
from tests.checked import CheckedStore

VALID = Path(__file__).resolve().parents[2] / "data" / "ingest-valid"
ARTICLE = "a1b2c3d4e5f60718"
FACTS = f"https://policygraph.example/graph/article/{ARTICLE}"
REGISTRY = "https://policygraph.example/graph/registry"
METADATA = "https://policygraph.example/graph/metadata"


@pytest.fixture
def store() -> CheckedStore:
    return CheckedStore()  # validated whole after every write (tests/checked.py)


def _graphs_of(store, subject: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{subject}> ?p ?o }} }}")
    return {row["g"].value for row in rows}


def test_turtle_is_laid_out_like_the_seed(store):
    """Stakeholder identity to the registry, the article to metadata, facts to its graph;
    a stakeholder's non-identity statement (pg:hasPresenceIn) is a fact of the article."""
    text = (VALID / "kakao-mou.ttl").read_text(encoding="utf-8")
    text += (
        "\norg:chuncheon-city pg:hasPresenceIn <https://policygraph.example/id/place/namyangju> .\n"
    )
    ingest(store, text.encode(), "text/turtle")
    assert _graphs_of(store, "https://policygraph.example/id/org/chuncheon-city") == {
        REGISTRY,
        FACTS,
    }
    assert _graphs_of(store, f"https://policygraph.example/id/article/{ARTICLE}") == {METADATA}
    presence = store.query(
        f"ASK {{ GRAPH <{FACTS}> {{ ?s <https://policygraph.example/ont#hasPresenceIn> ?o }} }}"
    )
    assert bool(presence)
    assert validate_store(store).conforms


_PERSON = "https://policygraph.example/id/person/test-kim"
_REGION = "https://policygraph.example/id/place/chuncheon"
_ABOUT_THEM = {  # what an article says about a person and a region, beside who they are
    "kakao-mou.ttl": f"""
<{_PERSON}> a pg:Person ; skos:prefLabel "김시험"@ko , "Kim Test"@en ;
  pg:memberOf <https://policygraph.example/id/org/democratic-party-of-korea> .
<{_REGION}> a pg:Region ; skos:prefLabel "춘천"@ko , "Chuncheon"@en ;
  pg:administeredBy org:chuncheon-city ;
  pg:within <https://policygraph.example/id/place/gyeonggi> .
""",
    "kakao-mou.jsonld": [
        {
            "@id": _PERSON,
            "@type": "Person",
            "prefLabel": {"ko": "김시험", "en": "Kim Test"},
            "memberOf": "pgid:org/democratic-party-of-korea",
        },
        {
            "@id": _REGION,
            "@type": "Region",
            "prefLabel": {"ko": "춘천", "en": "Chuncheon"},
            "administeredBy": "pgid:org/chuncheon-city",
            "within": "pgid:place/gyeonggi",
        },
    ],
}


@pytest.mark.parametrize("name", sorted(_ABOUT_THEM))
def test_party_membership_and_containment_are_facts_of_the_article(store, name):
    """As in the seed files: a person's party and where a region lies are stated by an article,
    so they go to its graph; the person's and region's identity and labels to the registry."""
    path = VALID / name
    if name.endswith(".jsonld"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["@graph"] += _ABOUT_THEM[name]
        ingest(store, json.dumps(doc).encode(), "application/ld+json")
    else:
        ingest(store, (path.read_text(encoding="utf-8") + _ABOUT_THEM[name]).encode(), "turtle")
    rows = store.query(
        "SELECT ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"VALUES ?s {{ <{_PERSON}> <{_REGION}> }} }}"
    )
    where = {(r["s"].value, r["p"].value.rsplit("#", 1)[-1], r["g"].value) for r in rows}
    assert (_PERSON, "memberOf", FACTS) in where and (_REGION, "within", FACTS) in where
    assert (_REGION, "administeredBy", REGISTRY) in where
    assert {p for s, p, g in where if g == REGISTRY} == {"type", "prefLabel", "administeredBy"}
    assert {p for s, p, g in where if g == FACTS} == {"memberOf", "within"}
    assert validate_store(store).conforms


def test_an_rdflib_dataset_is_ingested_like_its_trig(store):
    dataset = Dataset()
    dataset.parse(VALID / "kakao-mou.trig", format="trig")
    summary = ingest(store, dataset)
    assert summary.created and summary.added == 43
    assert ingest(store, (VALID / "kakao-mou.trig").read_bytes(), "application/trig").added == 0


def test_bytes_need_a_media_type(store):
    with pytest.raises(InputError, match="media type"):
        ingest(store, b"<urn:a> <urn:b> <urn:c> .")


def test_expected_id_must_match(store):
    before = (len(store), store.data_version)
    with pytest.raises(InputError, match="'other'"):
        ingest(store, (VALID / "kakao-mou.trig").read_bytes(), "trig", article_id="other")
    assert (len(store), store.data_version) == before


def test_dry_run_reports_without_writing(store):
    before = (len(store), store.data_version)
    document = (VALID / "kakao-mou.trig").read_bytes()
    summary = ingest(store, document, "trig", lang="ko", dry_run=True)
    assert summary.dry_run and summary.added == 43
    assert summary.to_dict("ko")["warnings"][0]["message"].startswith("이 시설")
    assert (len(store), store.data_version) == before


def test_delete_refuses_what_another_article_needs(store):
    """Article 000's site is described only in 000's graph; a second article that names the
    site without describing it cannot lose it silently."""
    doc = (
        (VALID / "kakao-mou.trig")
        .read_text(encoding="utf-8")
        .replace(
            "pg:concerns project:chuncheon-ai-data-centre ;",
            "pg:concerns project:chuncheon-ai-data-centre ;\n"
            "    pg:atSite <https://policygraph.example/id/site/wangsuk-ai-digital-hub-site> ;",
        )
    )
    ingest(store, doc.encode(), "trig")
    before = (len(store), store.data_version)
    with pytest.raises(ValidationFailed) as failure:
        delete_article(store, "86ffe20fc9bd53a8")
    assert "agreement-site" in failure.value.context["rule_ids"]
    assert (len(store), store.data_version) == before


def test_delete_unknown_is_not_found(store):
    with pytest.raises(NotFound):
        delete_article(store, "0000000000000000")
    with pytest.raises(NotFound):
        delete_article(store, "../registry")


def test_concurrent_ingests_of_two_articles_both_land(store):
    base = (VALID / "kakao-mou.trig").read_text(encoding="utf-8")
    docs = [base, base.replace(ARTICLE, "a1b2c3d4e5f60719").replace("mou ", "mou-2 ")]
    errors: list[BaseException] = []

    def run(doc: str) -> None:
        try:
            ingest(store, doc.encode(), "trig")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(d,)) for d in docs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert {FACTS, FACTS[:-1] + "9"} <= set(store.named_graphs())
    assert validate_store(store).conforms
