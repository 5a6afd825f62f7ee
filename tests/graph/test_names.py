"""Name normalisation (width, case, spacing, company forms) and the registry index over it."""

from __future__ import annotations

import re

import pytest

from graph.factsheet.sheet import convert_factsheet
from graph.iris import PGID
from graph.names import (
    INSIDE_A_WORD,
    MATCH_RANKS,
    NameIndex,
    RegistryIndex,
    core,
    match,
    normalise,
)
from graph.query.sparql import select


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＫＡＫＡＯ", "kakao"),  # full width
        ("  Kakao \t Corp. ", "kakao corp."),
        ("㈜카카오", "(주)카카오"),  # NFKC spells the circled sign out
        ("Gyeonggi\u3000Province", "gyeonggi province"),  # ideographic space
        ("STRASSE", "strasse"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "카카오",
        "㈜카카오",
        "(주)카카오",
        "카카오㈜",
        "주식회사 카카오",
        "주식회사카카오",
        "카카오 주식회사",
    ],
)
def test_korean_company_forms_share_one_core(text):
    assert core(text) == "카카오"


@pytest.mark.parametrize(
    "text",
    [
        "Kakao",
        "kakao corp",
        "Kakao Corp.",
        "Kakao Corporation",
        "KAKAO INC.",
        "Kakao Co., Ltd.",
        "Kakao Limited",
        "kakao   LLC",
    ],  # fmt: skip
)
def test_english_company_forms_share_one_core(text):
    assert core(text) == "kakao"


def test_a_marker_inside_a_word_is_kept():
    assert core("Costco") == "costco"
    assert core("Incheon") == "incheon"
    assert core("Corporate Partners") == "corporatepartners"


@pytest.mark.parametrize(
    ("query", "name", "kind"),
    [
        ("Kakao", "Kakao", "exact"),
        ("KAKAO", "Kakao", "exact"),
        ("kakao corp", "Kakao Corp.", "exact"),
        ("kakao corp", "Kakao", "variant"),
        ("카카오", "㈜카카오", "variant"),
        ("주식회사 카카오", "카카오", "variant"),
        ("kak", "Kakao", "prefix"),
        ("카카", "카카오", "prefix"),
        ("남양주", "남양주시", "prefix"),
        ("housing", "Korea Land and Housing Corporation", "contains"),
        ("naver", "Kakao", None),
        ("", "Kakao", None),
        ("㈜", "카카오", None),
    ],
)
def test_match_ranks(query, name, kind):
    assert match(query, name) == kind


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


def test_the_name_index_ranks_every_name_as_match_does(seed_store):
    names = sorted(
        {
            row["o"]
            for row in select(
                seed_store,
                "SELECT DISTINCT ?o WHERE { ?s skos:prefLabel|skos:altLabel|dct:title ?o }",
            )
        }
    )
    index = NameIndex(enumerate(names))
    queries = [*match_queries(names), "", "   ", "㈜", "zzz-not-there", "a", "AI", "시"]
    assert len(queries) > 100
    for query in queries:
        expected = {
            row: MATCH_RANKS.index(kind)
            for row, name in enumerate(names)
            if (kind := match(query, name)) is not None
        }
        found = index.rows(query)
        assert {r: min(k, INSIDE_A_WORD - 1) for r, k in found.items()} == expected, query
        for row, rank in found.items():  # a part inside words only: no place starts a word
            asked, name = normalise(query), normalise(names[row])
            places = [m.start() for m in re.finditer(f"(?={re.escape(asked)})", name)]
            starts_a_word = any(i == 0 or not name[i - 1].isalnum() for i in places)
            assert (rank == INSIDE_A_WORD) == (rank >= 3 and not starts_a_word), (query, row)


def match_queries(names: list[str]) -> list[str]:
    """Queries drawn from the names: whole names, their starts, middles and ends, other case."""
    out = []
    for name in names[::3]:
        third = max(1, len(name) // 3)
        out += [name, name.upper(), name[:third], name[third : 2 * third], name[-third:]]
    return out


def test_a_name_index_of_nothing_finds_nothing():
    assert NameIndex([]).rows("kakao") == {}
    assert len(NameIndex([("k", "Kakao")])) == 1
