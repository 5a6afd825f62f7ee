"""Amounts, areas and dates found in sentences and read by graph.factsheet.quantities;
garbled figures are never values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.extract.figures import (
    find_figures_in,
    find_garbled,
    find_garbled_dates,
    short_year_window,
)


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


# --- two-digit years a translation left bare -----------------------------------------------------

#: A translated release that writes years with two digits ('24) elsewhere.
SHORT_YEARS = "The district opened its start-up hub in 19. A second building follows in '24."


def test_a_bare_two_digit_year_is_read_where_the_article_writes_two_digit_years():
    window = short_year_window(SHORT_YEARS)
    assert window is not None and window[0] <= 2019 <= window[1]
    years = [f for f in find_figures_in(SHORT_YEARS, 0, None, window) if f.kind == "date"]
    bare, apostrophe = years
    assert (bare.text, bare.value.lexical) == ("19", "2019")
    assert bare.reading == "two-digit year without its apostrophe" and bare.interpretation
    assert (apostrophe.value.lexical, apostrophe.interpretation) == ("2024", False)
    assert bare.confidence < apostrophe.confidence < 1.0


def test_without_two_digit_years_elsewhere_a_bare_number_is_no_year():
    text = "The district opened its start-up hub in 19."
    assert short_year_window(text) is None
    assert find_figures_in(text, 0, None, short_year_window(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Pilot services opened in 22 cities.",
        "The permit is issued in 17 to 20 days.",
        "Vacancy fell to 4% in 12 months.",
        "The idea was first floated in 85.",  # outside the article's years
    ],
)
def test_a_two_digit_number_that_counts_something_is_no_year(text):
    window = short_year_window(f"{text} The centre opens in '24.")
    assert [f for f in find_figures_in(text, 0, None, window) if f.kind == "date"] == []


def test_in_a_month_and_two_digits_is_a_month_of_that_year_on_is_a_day():
    text = "The city set out the plan in March 19 and held a hearing on March 21."
    window = short_year_window(text + " The centre opens in '23.")
    month, day = find_figures_in(text, 0, "2025", window)
    assert (month.text, month.value.lexical, month.reading) == (
        "March 19", "2019-03", "month and two-digit year"
    )  # fmt: skip
    assert (day.text, day.value.lexical, day.reading) == (
        "March 21", "2025-03-21", "year from the dateline"
    )  # fmt: skip
    # an article that writes no two-digit year: "in March 19" is a day of the dateline's year
    (plain, _) = find_figures_in(text, 0, "2025")
    assert plain.value.lexical == "2025-03-19"


@pytest.mark.parametrize(
    ("text", "garbled"),
    [
        ("The annex will open in June 204 next to the station.", ["June 204"]),
        ("The zone was first proposed in 9.", ["9"]),
        ("The zone now covers land in 9 districts.", []),
    ],
)
def test_dates_that_lost_digits_are_found_and_never_values(text, garbled):
    assert [g.text for g in find_garbled_dates(text)] == garbled
    window = short_year_window(text + " It opens in '26.")
    assert [f.text for f in find_figures_in(text, 0, None, window) if f.kind == "date"] == []


def test_a_decade_is_no_two_digit_year():
    assert find_figures_in("Built in the '90s, the depot closed in 2021.")[0].text == "2021"
    assert short_year_window("Built in the '90s, the depot closed.") is None
