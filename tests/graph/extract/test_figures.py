"""Amounts, areas and dates found in sentences and read by graph.factsheet.quantities;
garbled figures are never values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.extract.figures import find_figures_in, find_garbled


def _read(text: str, year: str | None = None) -> list[tuple[str, str, object]]:
    out = []
    for f in find_figures_in(text, 0, year):
        value = getattr(f.value, "lexical", None) or getattr(f.value, "sqm", None)
        out.append((f.kind, f.text, value if value is not None else f.value.value))
    return out


@pytest.mark.parametrize(
    ("text", "kind", "wording", "value"),
    [
        ("총 6천억 원이 투입된다.", "amount", "총 6천억 원", Decimal("600000000000")),
        ("1조 5천억원을 들인다.", "amount", "1조 5천억원", Decimal("1500000000000")),
        ("It costs 4 billion won.", "amount", "4 billion won", Decimal("4000000000")),
        (
            "Kakao will invest about KRW 450bn there.",
            "amount",
            "about KRW 450bn",
            Decimal("450000000000"),
        ),
        ("약 3만4천㎡ 부지에 짓는다.", "area", "약 3만4천㎡", Decimal("34000")),
        ("The site covers about 210,000 m2.", "area", "about 210,000 m2", Decimal("210000")),
        ("2026년 착공한다.", "date", "2026년", "2026"),
        ("2024년 9월부터 상담했다.", "date", "2024년 9월", "2024-09"),
        ("It was signed on June 3, 2026.", "date", "June 3, 2026", "2026-06-03"),
    ],
)
def test_figures_are_read_with_their_wording(text, kind, wording, value):
    assert (kind, wording, value) in _read(text)


def test_the_parser_marks_approximate_figures():
    (area,) = find_figures_in("약 3만4천㎡ 부지")
    assert area.value.approximate is True


def test_a_figure_without_currency_is_not_an_amount():
    assert _read("남양주에 6천억 규모 허브를 짓는다") == []


def test_a_day_without_a_year_takes_the_datelines_year_and_says_so():
    (day,) = find_figures_in("경기도는 6월 13일 협약을 맺었다.", 0, "2025")
    assert day.value.lexical == "2025-06-13"
    assert day.reading == "year from the dateline"
    assert find_figures_in("경기도는 6월 13일 협약을 맺었다.") == []


def test_two_digit_years_are_read_and_marked():
    (year,) = find_figures_in("It will be opened in '27.")
    assert (year.value.lexical, year.reading) == ("2027", "two-digit year read as 20xx")


@pytest.mark.parametrize(
    "text", ["the area (4 million m286)", "the Yangjae 2-dong area (94 mXNUMX)", "in XNUMX"]
)
def test_garbled_figures_are_found_and_never_values(text):
    assert find_garbled(text)
    assert [f for f in find_figures_in(text) if f.kind in ("area", "amount")] == []


def test_offsets_point_into_the_source():
    text = "협약에 따라 약 5만㎡ 부지에 총 1조 5천억 원을 들인다."
    for f in find_figures_in(text, 100):
        assert text[f.span.start - 100 : f.span.end - 100] == f.text
