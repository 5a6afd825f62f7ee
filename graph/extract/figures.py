"""Amounts, areas and dates in a sentence, read by the project's quantity parser.

:func:`find_figures` finds the stretches of a sentence that look like a sum of money, an area
or a date, and hands each to
:mod:`graph.factsheet.quantities`, which reads it or refuses it; a refused
stretch is dropped, never repaired. What the parser gets is the wording as written
(``약 3만4천㎡``, ``총 6천억 원``), so approximation and precision are the parser's reading.

Some readings are the extractor's own and are marked (:attr:`Figure.reading`), each with
how far it is trusted (:data:`READINGS`): a day without a year (``6월 13일``, ``June 13``)
takes the year of the article's dateline (``year_from``), and a two-digit year (``'23``,
``21.12.15``) is read as 20xx. Korean press releases write years with two digits (``’17년``,
``’23.5월``), and machine translations of them drop the apostrophe (``in 17``) or make a
month and year look like a day (``in August 16`` for August 2016): those are read only in an
article that writes two-digit years elsewhere and only as a year within its own span of years
(``short_years``, from :func:`short_year_window`), and they are interpretations the analyst is
asked to check. Figures that lost digits in a machine translation (``XNUMX``, ``4 million
m286``; ``May 108``, ``in 8``) are found by :func:`find_garbled` and :func:`find_garbled_dates`
and are never values.

Examples
--------
>>> [(f.kind, f.span.text) for f in find_figures_in("총 6천억 원을 들여 2026년 착공한다.")]
[('amount', '총 6천억 원'), ('date', '2026년')]
>>> [g.text for g in find_garbled("the Yangjae area (4 million m286) and (94 mXNUMX)")]
['4 million m286', '94 mXNUMX']
>>> text = "The hub opened in 17. The centre opens in '23."
>>> [(f.text, f.value.lexical) for f in find_figures_in(text, 0, None, short_year_window(text))]
[('17', '2017'), ("'23", '2023')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..factsheet.quantities import Amount, Area, DateValue, parse_amount, parse_area, parse_date
from .text import Sentence, Span

__all__ = [
    "Figure",
    "READINGS",
    "find_figures",
    "find_figures_in",
    "find_garbled",
    "find_garbled_dates",
    "short_year_window",
    "MONTHS",
]

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_NUM = r"\d[\d,]*(?:\.\d+)?"
_KO_UNITS = r"[조억만천백]"
_APPROX_KO = r"(?:(?:약|총|대략)\s*)?"
_APPROX_EN = r"(?:(?:about|around|approximately|roughly|a total of|total of|total)\s+)?"
_CURRENCY_EN = r"(?:won|dollars|euros|yen|yuan|KRW|USD|EUR)"
_SCALE_EN = r"(?:trillion|billion|million|thousand|tn|bn|mn)"

_AMOUNT = re.compile(
    rf"{_APPROX_KO}(?:{_NUM}\s*{_KO_UNITS}+\s*)+(?:{_NUM}\s*)?(?:원|달러|유로|위안)(?!대)"
    rf"|{_APPROX_KO}\d{{1,3}}(?:,\d{{3}})+\s*(?:원|달러)(?!대)"
    rf"|{_APPROX_EN}(?:KRW|USD|EUR|US\$|\$|₩|€)\s*{_NUM}(?:\s*{_SCALE_EN})?\b"
    rf"|{_APPROX_EN}{_NUM}(?:\s*{_SCALE_EN})?\s*{_CURRENCY_EN}\b",
    re.IGNORECASE,
)
_AREA_UNITS = (
    r"(?:㎡|m²|m2|제곱미터|평방미터|평|헥타르|㎢|km²|km2|sqm|sq m|square met(?:re|er)s|"
    r"hectares|ha|square kilomet(?:re|er)s|pyeong)"
)
_AREA = re.compile(
    rf"{_APPROX_KO}{_APPROX_EN}{_NUM}(?:\s*(?:[만천백]|million|thousand)\s*(?:{_NUM})?)*\s*"
    rf"{_AREA_UNITS}(?![A-Za-z0-9²])",
    re.IGNORECASE,
)
#: "in" or "since" before a date (the words are not part of its span).
_IN = r"(?:(?<=\bin )|(?<=\bIn )|(?<=\bsince )|(?<=\bSince ))"
#: What may follow a year at the end of a phrase: punctuation, or a word that is no noun (so
#: "in 17 to develop", "in 22." are years, and "in 22 cities", "in 17 to 20 days" are not).
_AFTER_YEAR = (
    r"\s*(?:[.,;:)]|$)|\s+(?:to|and|or|but|when|after|before|as|with|for|at|on|by|the|a|an|"
    r"it|its|which|that|was|were|is|are|will|has|had|have|through|under|from|while)\b(?!\s*\d)"
)
_DATES = [
    # full dates
    (re.compile(r"(?<!\d)\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일"), "full"),
    (re.compile(r"(?<![\d.])\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}(?![\d:])\.?"), "full"),
    (re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s*\d{{4}}\b"), "full"),
    (re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}\b"), "full"),
    # months
    (re.compile(r"(?<!\d)\d{4}\s*년\s*\d{1,2}\s*월(?!\s*\d)"), "full"),
    (re.compile(rf"\b(?:{MONTHS})\s+\d{{4}}\b"), "full"),
    # two-digit years: '23, 21.12.15
    (re.compile(r"(?<![\d.])(\d{2})\.(\d{1,2})\.(\d{1,2})(?![\d.])"), "yymmdd"),
    (re.compile(r"(?<![\w'’])['’](\d{2})(?![\d'’%]|s\b)"), "yy"),
    # in a text that writes two-digit years: "in August 16" (a month of 2016), "in 17"
    (re.compile(rf"{_IN}(?:{MONTHS})\s+(\d{{2}})(?!\d|st|nd|rd|th|,?\s*\d{{4}})"), "month-yy"),
    (
        re.compile(rf"{_IN}(\d{{2}})(?![\d%'’]|[.,]\d|\s*(?:%|per\s?cent))(?={_AFTER_YEAR})"),
        "bare-yy",
    ),
    # a day without a year
    (re.compile(r"(?<![\d년])\s?\d{1,2}\s*월\s*\d{1,2}\s*일"), "day-ko"),
    (re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})"), "day-en"),
    # years
    (re.compile(r"(?<![\d,.])(?:19|20|21)\d{2}\s*년(?!\s*\d{1,2}\s*월)"), "year"),
    (re.compile(r"\bFY\s?\d{4}\b"), "fy"),
    (re.compile(r"(?<![\d,.$₩])\b(?:19|20|21)\d{2}\b(?![\d,.]\d|\s*(?:won|원|%|m2|㎡))"), "year"),
]
_DATES_BY_FORM = {form: pattern for pattern, form in _DATES if form in ("yy", "yymmdd")}
_GARBLED_DATES = [
    # a month with a number that is neither a day nor a year: "in May 108"
    re.compile(rf"\b(?:{MONTHS})\s+\d{{3}}(?![\d,])"),
    # a one-digit year at the end of a clause: "reviewed the zone again in 8."
    re.compile(rf"{_IN}\d(?=\s*[.,;]|\s*$)"),
]
_GARBLED = re.compile(
    r"\b\d[\d,.]*\s*(?:million\s+|thousand\s+)?m(?:XNUMX|\d{3,})\b|\b\d*XNUMX\w*\b"
)


#: Readings beyond the parser: how far each is trusted (the confidence of the evidence that
#: uses it) and whether it is an interpretation the analyst is asked to check.
READINGS: dict[str, tuple[float, bool]] = {
    "year from the dateline": (0.85, False),
    "two-digit year read as 20xx": (0.85, False),
    "two-digit year without its apostrophe": (0.6, True),
    "month and two-digit year": (0.55, True),
}


@dataclass
class Figure:
    """One figure read from a sentence."""

    kind: str  # amount | area | date
    span: Span
    value: Amount | Area | DateValue
    #: The reading went beyond the parser: a key of :data:`READINGS`.
    reading: str | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def confidence(self) -> float:
        return READINGS[self.reading][0] if self.reading else 1.0

    @property
    def interpretation(self) -> bool:
        """The reading is the extractor's interpretation of a damaged or ambiguous form."""
        return bool(self.reading and READINGS[self.reading][1])


def _parse(kind: str, text: str):
    try:
        return (parse_amount if kind == "amount" else parse_area)(text)
    except InputError:
        return None


def _date(form: str, m: re.Match[str], year_from: str | None, short_years: tuple[int, int] | None):
    text = m.group(0).strip()
    if form in ("month-yy", "bare-yy"):
        year = 2000 + int(m.group(1))
        if short_years is None or not short_years[0] <= year <= short_years[1]:
            return None, None
        try:
            if form == "bare-yy":
                return parse_date(str(year)), "two-digit year without its apostrophe"
            month = text[: m.start(1) - m.start()].strip()
            return parse_date(f"{month} {year}"), "month and two-digit year"
        except InputError:
            return None, None
    try:
        if form == "full":
            return parse_date(text.rstrip(".")), None
        if form == "year":
            return parse_date(re.sub(r"\s+", "", text)), None
        if form == "fy":
            return parse_date(text[2:].strip()), None
        if form == "yymmdd":
            y, mo, d = (int(g) for g in m.groups())
            return parse_date(f"{2000 + y:04d}-{mo:02d}-{d:02d}"), "two-digit year read as 20xx"
        if form == "yy":
            return parse_date(str(2000 + int(m.group(1)))), "two-digit year read as 20xx"
        if form in ("day-ko", "day-en") and year_from:
            day = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
            if form == "day-ko":
                return parse_date(f"{year_from}년 {day}"), "year from the dateline"
            return parse_date(f"{day}, {year_from}"), "year from the dateline"
    except InputError:
        return None, None
    return None, None


def find_garbled(text: str, offset: int = 0) -> list[Span]:
    """Figures that lost their digits in a machine translation (never read as values)."""
    return [Span(offset + m.start(), offset + m.end(), m.group(0)) for m in _GARBLED.finditer(text)]


def find_garbled_dates(text: str, offset: int = 0) -> list[Span]:
    """Dates that lost digits in a machine translation (``May 108``, ``in 8.``): never values.
    Only meaningful in a text that writes two-digit years (:func:`short_year_window`)."""
    out = []
    for pattern in _GARBLED_DATES:
        out += [
            Span(offset + m.start(), offset + m.end(), m.group(0)) for m in pattern.finditer(text)
        ]
    return sorted(out, key=lambda s: s.start)


def short_year_window(text: str, *, years: tuple[str, ...] = (), margin: int = 10):
    """The span of years (``(first, last)``, widened by ``margin``) of an article that writes
    years with two digits (``'23``, ``21.12.15``), or None when it writes none: then a bare
    ``in 17`` is not read as a year. ``years`` adds years known otherwise (the dateline's)."""
    short = [2000 + int(m.group(1)) for m in _DATES_BY_FORM["yy"].finditer(text)]
    short += [2000 + int(m.group(1)) for m in _DATES_BY_FORM["yymmdd"].finditer(text)]
    if not short:
        return None
    full = [int(m.group(0)) for m in re.finditer(r"(?<![\d,.])(?:19|20)\d{2}(?![\d,.]\d)", text)]
    known = short + full + [int(y) for y in years if y]
    return min(known) - margin, max(known) + margin


def find_figures(
    sentence: Sentence,
    year_from: str | None = None,
    short_years: tuple[int, int] | None = None,
) -> list[Figure]:
    """Amounts, areas and dates in ``sentence`` that the quantity parser reads."""
    return find_figures_in(sentence.text, sentence.start, year_from, short_years)


def find_figures_in(
    text: str,
    offset: int = 0,
    year_from: str | None = None,
    short_years: tuple[int, int] | None = None,
) -> list[Figure]:
    garbled = [(g.start - offset, g.end - offset) for g in find_garbled(text, offset)]
    taken = list(garbled)
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for kind, pattern in (("amount", _AMOUNT), ("area", _AREA)):
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if not free(s, e):
                continue
            value = _parse(kind, text[s:e])
            if value is not None:
                out.append(Figure(kind, Span(offset + s, offset + e, text[s:e]), value))
                taken.append((s, e))
    for pattern, form in _DATES:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if not free(s, e):
                continue
            value, reading = _date(form, m, year_from, short_years)
            if value is not None:
                out.append(Figure("date", Span(offset + s, offset + e, text[s:e]), value, reading))
                taken.append((s, e))
    return sorted(out, key=lambda f: f.span.start)
