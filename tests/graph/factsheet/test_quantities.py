"""Truth tables for graph.factsheet.quantities: every accepted form, and broken variants refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import XSD

from graph.errors import InputError
from graph.factsheet.quantities import (
    decimal_literal,
    parse_amount,
    parse_area,
    parse_date,
    parse_year,
)

T = Decimal(10) ** 12
B = Decimal(10) ** 9

AMOUNTS = [
    ("6천억 원", 6 * 10**11, "KRW", False),
    ("6천억원", 6 * 10**11, "KRW", False),
    ("1조 5천억원", Decimal("1.5") * T, "KRW", False),
    ("1조5천억 원", Decimal("1.5") * T, "KRW", False),
    ("1.5조 원", Decimal("1.5") * T, "KRW", False),
    ("1.5 trillion won", Decimal("1.5") * T, "KRW", False),
    ("4 billion won", 4 * B, "KRW", False),
    ("KRW 600bn", 600 * B, "KRW", False),
    ("₩600 billion", 600 * B, "KRW", False),
    ("600 billion won", 600 * B, "KRW", False),
    ("6,000억 원", 6 * 10**11, "KRW", False),
    ("600,000,000,000 KRW", 6 * 10**11, "KRW", False),
    ("3천5백만 원", 35_000_000, "KRW", False),
    ("천억원", 10**11, "KRW", False),
    ("약 6천억 원", 6 * 10**11, "KRW", True),
    ("about KRW 2 trillion", 2 * T, "KRW", True),
    ("60억 달러", 6 * B, "USD", False),
    ("US$ 3 million", 3_000_000, "USD", False),
    ("EUR 1.2bn", Decimal("1.2") * B, "EUR", False),
]


@pytest.mark.parametrize(("text", "value", "currency", "approximate"), AMOUNTS)
def test_amounts_are_read_as_decimal_with_currency_and_wording(text, value, currency, approximate):
    amount = parse_amount(text)
    assert isinstance(amount.value, Decimal)
    assert amount.value == Decimal(value)
    assert (amount.currency, amount.stated_as, amount.approximate) == (currency, text, approximate)


BAD_AMOUNTS = [
    ("6천억", "no currency"),
    ("1.5 trillion", "no currency"),
    ("6천억 달러원", "more than one currency"),
    ("-600 billion won", "negative"),
    ("KRW -600bn", "negative"),
    ("마이너스 5억원", "negative"),
    ("¥600 billion", "yen (JPY) or yuan (CNY)"),
    ("XYZ 600bn", "unknown currency 'XYZ'"),
    ("600 zillion won", "unknown scale word 'zillion'"),
    ("6천억 원 정도", "'정도' is not a number"),
    ("1,2345 won", "not a well-formed number"),
    ("0원", "zero"),
    ("won", "no number"),
    ("", "empty"),
    ("1.5 trillion won and KRW 4bn", "more than one currency"),
]


@pytest.mark.parametrize(("text", "why"), BAD_AMOUNTS)
def test_broken_amounts_are_refused_with_the_reason(text, why):
    with pytest.raises(InputError) as info:
        parse_amount(text)
    assert why in str(info.value)
    assert repr(text) in str(info.value)


AREAS = [
    ("3만4천㎡", 34_000, False),
    ("약 3만4천㎡", 34_000, True),
    ("34,000 m2", 34_000, False),
    ("34,000 m²", 34_000, False),
    ("34000 sqm", 34_000, False),
    ("1,029만㎡", 10_290_000, False),
    ("총 1,029만㎡", 10_290_000, False),
    ("120만㎡", 1_200_000, False),
    ("1.5 million m2", 1_500_000, False),
    ("2 ha", 20_000, False),
    ("5 km²", 5_000_000, False),
    ("3만 평", Decimal("99173.55"), True),
]


@pytest.mark.parametrize(("text", "sqm", "approximate"), AREAS)
def test_areas_are_read_in_square_metres(text, sqm, approximate):
    area = parse_area(text)
    assert area.sqm == Decimal(sqm)
    assert (area.stated_as, area.approximate) == (text, approximate)


BAD_AREAS = [
    ("34,00 m2", "not a well-formed number"),
    ("3만4천", "no area unit"),
    ("34000", "no area unit"),
    ("4 million m286", "no area unit"),
    ("-5 m2", "negative"),
    ("0 m2", "zero"),
    ("m2", "no area unit"),
    ("삼만 ㎡", "is not a number"),
]


@pytest.mark.parametrize(("text", "why"), BAD_AREAS)
def test_broken_areas_are_refused_with_the_reason(text, why):
    with pytest.raises(InputError, match=why):
        parse_area(text)


DATES = [
    ("2025-06-13", "2025-06-13", "date"),
    ("2025.06.13", "2025-06-13", "date"),
    ("2025. 6. 13.", "2025-06-13", "date"),
    ("2025/06/13", "2025-06-13", "date"),
    ("2025년 6월 13일", "2025-06-13", "date"),
    ("June 13, 2025", "2025-06-13", "date"),
    ("Jun. 13, 2025", "2025-06-13", "date"),
    ("13 June 2025", "2025-06-13", "date"),
    ("2024-09", "2024-09", "gYearMonth"),
    ("2024년 9월", "2024-09", "gYearMonth"),
    ("September 2024", "2024-09", "gYearMonth"),
    ("2026년", "2026", "gYear"),
    ("2026", "2026", "gYear"),
    (2026, "2026", "gYear"),
]


@pytest.mark.parametrize(("text", "lexical", "datatype"), DATES)
def test_dates_keep_their_precision(text, lexical, datatype):
    value = parse_date(text)
    assert (value.lexical, value.datatype, value.stated_as) == (lexical, datatype, str(text))
    assert value.literal().datatype == XSD[datatype]


BAD_DATES = [
    ("12/06/2025", "day-month order is ambiguous"),
    ("13/06/2025", "day-month order is ambiguous"),
    ("20266년", "the year 20266"),
    ("20266", "the year 20266"),
    ("25년", "the year 25"),
    ("1850", "the year 1850"),
    ("2025-02-30", "no day 30"),
    ("2025-13-01", "no month 13"),
    ("2025년 13월", "no month 13"),
    ("Jnue 13, 2025", "not a form I know"),
    ("2025년 하반기", "not a form I know"),
    ("next year", "not a form I know"),
]


@pytest.mark.parametrize(("text", "why"), BAD_DATES)
def test_broken_dates_are_refused_with_the_reason(text, why):
    with pytest.raises(InputError, match=why):
        parse_date(text)


@pytest.mark.parametrize("text", ["2026", 2026, "2026년", "FY2026", "FY 2026", "2026회계연도"])
def test_years(text):
    assert parse_year(text).literal().n3() == '"2026"^^<http://www.w3.org/2001/XMLSchema#gYear>'


@pytest.mark.parametrize("text", ["2026-01", "2026-01-01", "FY20266"])
def test_a_fiscal_year_is_a_year_only(text):
    with pytest.raises(InputError):
        parse_year(text)


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(Decimal("6E+11"), "600000000000.0"), (280, "280.0"), ("12.50", "12.5"), ("0.25", "0.25")],
)
def test_decimal_literals_are_canonical(value, lexical):
    literal = decimal_literal(value)
    assert (str(literal), literal.datatype) == (lexical, XSD.decimal)
