"""Name normalisation: width, case, spacing and company-form markers in Korean and English."""

from __future__ import annotations

import pytest

from graph.labels import core, match, normalise


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
