"""graph.labels: name keys, and the registry index built in Python or by the store."""

from __future__ import annotations

import pytest

from graph.factsheet import convert_factsheet
from graph.iris import PGID
from graph.labels import RegistryIndex, normalise_name
from graph.sparql import select


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("㈜카카오", "카카오"),
        ("주식회사 카카오", "카카오"),
        ("（주）카카오", "카카오"),
        ("Kakao Corp.", "kakao"),
        ("KAKAO CORPORATION", "Kakao"),
        ("Ｋａｋａｏ", "kakao"),
        ("LH Corp.", "LH"),
        ("Demo Energy Co., Ltd.", "demo energy"),
        ("Seocho-gu", "seocho gu"),
    ],
)
def test_names_that_name_the_same_stakeholder_share_a_key(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Samsung", "Samsung Electronics"), ("LG", "KT"), ("광주", "광주시")]
)
def test_different_names_keep_different_keys(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_the_store_computes_the_same_keys_as_python(seed_store):
    labels = [
        row["o"]
        for row in select(
            seed_store,
            "SELECT ?o WHERE { GRAPH pgg:registry {"
            " ?s skos:prefLabel|skos:altLabel|rdfs:label ?o } }",
        )
    ]
    full = RegistryIndex.from_store(seed_store)
    filtered = RegistryIndex.from_store(seed_store, labels)
    assert len(full.names) > 100
    assert {k: v for k, v in filtered.names.items()} == {k: v for k, v in full.names.items()}


def test_the_filtered_index_holds_only_what_the_names_match(seed_store):
    index = RegistryIndex.from_store(seed_store, ["KAKAO CORPORATION", "（주）카카오", "LH"])
    assert index.iris == {PGID["org/kakao"], PGID["org/lh"]}
    assert index.match(["Kakao"], "org") == {PGID["org/kakao"]}


def test_a_taken_slug_is_seen_through_the_store(empty_store):
    empty_store.update(
        "INSERT DATA { GRAPH <https://policygraph.example/graph/registry> {"
        " <https://policygraph.example/id/org/demo> a <https://policygraph.example/ont#Company> ;"
        ' <http://www.w3.org/2004/02/skos/core#prefLabel> "Demo Holdings"@en } }'
    )
    sheet = (
        "article: {title: {en: t}}\nstakeholders:\n- {name: {ko: 데모, en: Demo}, type: company}"
    )
    assert convert_factsheet(sheet, registry=empty_store).new == [str(PGID["org/demo-2"])]
