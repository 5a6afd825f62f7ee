"""Amounts of money, areas and dates as people write them, in Korean or English.

Each parser returns the number it read together with the wording as stated (recorded as
``pg:statedAs`` / ``pg:areaStatedAs``), and refuses what it cannot read without guessing
(a figure with no currency or unit, a day-month order that could go either way, a five-digit
year) with an :class:`~graph.errors.InputError` that says what and why.

Examples
--------
>>> parse_amount("1조 5천억원").value
Decimal('1500000000000')
>>> parse_area("약 3만4천㎡")
Area(sqm=Decimal('34000'), stated_as='약 3만4천㎡', approximate=True)
>>> parse_date("June 13, 2025").literal()
rdflib.term.Literal('2025-06-13', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal

from ..errors import InputError

__all__ = [
    "Amount",
    "Area",
    "DateValue",
    "CURRENCIES",
    "parse_amount",
    "parse_area",
    "parse_date",
    "parse_year",
    "decimal_literal",
]

#: Currency words and signs → ISO 4217 code. "¥" is left out on purpose: yen or yuan.
CURRENCIES: dict[str, str] = {
    "krw": "KRW", "원": "KRW", "won": "KRW", "₩": "KRW", "￦": "KRW",
    "usd": "USD", "us$": "USD", "$": "USD", "달러": "USD", "dollar": "USD", "dollars": "USD",
    "eur": "EUR", "€": "EUR", "유로": "EUR", "euro": "EUR", "euros": "EUR",
    "jpy": "JPY", "엔": "JPY", "yen": "JPY",
    "cny": "CNY", "위안": "CNY", "yuan": "CNY",
}  # fmt: skip
_AMBIGUOUS_SIGNS = {"¥": "yen (JPY) or yuan (CNY)"}

_KO_BIG = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
_KO_SMALL = {"천": Decimal(1000), "백": Decimal(100), "십": Decimal(10)}
_EN_SCALE = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "mn": 10**6, "mil": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9,
    "trillion": 10**12, "tn": 10**12, "tr": 10**12,
}  # fmt: skip
#: Area units → square metres per unit. A pyeong is 400/121 m² (rounded, so marked approximate).
_AREA_UNITS: dict[str, Decimal] = {
    "m2": Decimal(1), "sqm": Decimal(1), "sq m": Decimal(1), "square metres": Decimal(1),
    "square meters": Decimal(1), "제곱미터": Decimal(1), "평방미터": Decimal(1),
    "ha": Decimal(10_000), "hectares": Decimal(10_000), "헥타르": Decimal(10_000),
    "km2": Decimal(10) ** 6, "square kilometres": Decimal(10) ** 6,
    "square kilometers": Decimal(10) ** 6, "제곱킬로미터": Decimal(10) ** 6,
    "평": Decimal(400) / Decimal(121), "pyeong": Decimal(400) / Decimal(121),
}  # fmt: skip
#: Figures keep at most this many significant digits (Python's default decimal precision) and
#: stay below this value: anything bigger is a typo or an attack, never a reported figure.
_MAX_DIGITS = 28
_MAX_VALUE = Decimal(10) ** 24
_APPROX = ("약", "대략", "about", "approximately", "approx.", "approx", "around", "roughly", "~")
_NEUTRAL = ("총", "a total of", "total", "in total")
#: Years accepted, as the SHACL rule date-year-range does.
_YEARS = (1900, 2199)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}


@dataclass(frozen=True)
class Amount:
    """A sum of money: ``value`` in whole units of ``currency`` (ISO 4217), as ``stated_as``."""

    value: Decimal
    currency: str
    stated_as: str
    approximate: bool = False


@dataclass(frozen=True)
class Area:
    """An area in square metres, with the wording as stated."""

    sqm: Decimal
    stated_as: str
    approximate: bool = False


@dataclass(frozen=True)
class DateValue:
    """A date at its real precision: ``lexical`` is an xsd:date, xsd:gYearMonth or xsd:gYear."""

    lexical: str
    datatype: str  # "date", "gYearMonth" or "gYear"
    stated_as: str

    def literal(self) -> Literal:
        """The typed RDF literal, e.g. ``"2026"^^xsd:gYear``."""
        return Literal(self.lexical, datatype=XSD[self.datatype])


def decimal_literal(value: Decimal | int | float | str) -> Literal:
    """An ``xsd:decimal`` literal in canonical form (always with a fractional digit).

    Examples
    --------
    >>> decimal_literal(Decimal("6E+11")).n3()
    '"600000000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> str(decimal_literal("12.50"))
    '12.5'
    """
    d = Decimal(str(value))
    text = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text + (".0" if "." not in text else ""), datatype=XSD.decimal)


def _fail(what: str, text: str, why: str) -> InputError:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return InputError(f"cannot read {what} {shown!r}: {why}", value=shown)


def _clean(text: object, what: str) -> tuple[str, str]:
    """(the wording as stated, an NFKC-normalised lower-case working copy)."""
    if isinstance(text, bool) or not isinstance(text, str | int | float | Decimal):
        raise _fail(what, str(text), "expected text such as '6천억 원' or '2025-06-13'")
    stated = str(text).strip()
    if not stated:
        raise _fail(what, stated, "it is empty")
    work = unicodedata.normalize("NFKC", stated).lower().replace("²", "2")
    return stated, " ".join(work.split())


def _strip_affixes(work: str) -> tuple[str, bool]:
    approximate = False
    changed = True
    while changed:
        changed = False
        for words, approx in ((_APPROX, True), (_NEUTRAL, False)):
            for word in words:
                if work.startswith(word):
                    work, changed = work[len(word) :].lstrip(), True
                    approximate = approximate or approx
    return work, approximate


def _number(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def _korean_number(work: str, what: str, stated: str) -> Decimal | None:
    """Read '1조 5천억', '3만4천', '1,029만', '6천'; None when there is no Korean unit."""
    if not re.search(r"[조억만천백십]", work):
        return None
    total, rest = Decimal(0), work.replace(" ", "")
    for unit, scale in _KO_BIG.items():
        m = re.fullmatch(rf"(.*?){unit}(.*)", rest)
        if m:
            total += _korean_group(m.group(1), what, stated) * scale
            rest = m.group(2)
    if rest:
        total += _korean_group(rest, what, stated)
    return total


def _korean_group(part: str, what: str, stated: str) -> Decimal:
    """One group below 만: '6천', '3천5백', '1,029', '1.5', '천' (a bare unit counts one)."""
    small = "".join(rf"(?:(?P<n{u}>{_NUM})?(?P<u{u}>{u}))?" for u in _KO_SMALL)
    m = re.fullmatch(rf"{small}(?P<ones>{_NUM})?", part)
    if not part or not m:
        raise _fail(what, stated, f"{part or 'an empty part'!r} is not a number (e.g. '3만4천')")
    value = _number(m["ones"]) if m["ones"] else Decimal(0)
    for unit, scale in _KO_SMALL.items():
        if m[f"u{unit}"]:
            value += (_number(m[f"n{unit}"]) if m[f"n{unit}"] else Decimal(1)) * scale
    return value


def _english_number(work: str, what: str, stated: str) -> Decimal:
    m = re.fullmatch(rf"({_NUM})\s*([a-z]+)?", work)
    if not m:
        if re.fullmatch(r"[\d,.]+(\s*[a-z]+)?", work):
            raise _fail(what, stated, "the digits are not a well-formed number (e.g. 34,000)")
        raise _fail(what, stated, "no number in it")
    number, scale = _number(m.group(1)), m.group(2)
    if scale is None:
        return number
    if scale not in _EN_SCALE:
        raise _fail(what, stated, f"unknown scale word {scale!r}")
    return number * _EN_SCALE[scale]


def _refuse_negative(work: str, what: str, stated: str) -> None:
    if re.search(r"[-−]\s*[\d₩$€]|^[-−]|마이너스", work):
        raise _fail(what, stated, f"{what.split()[-1]}s cannot be negative")


def _read_number(work: str, what: str, stated: str) -> Decimal:
    """The number in ``work``; refused when it has more significant digits than a figure can
    keep exactly (:data:`_MAX_DIGITS`) or is beyond any real figure (:data:`_MAX_VALUE`)."""
    for digits in re.findall(r"\d[\d,]*(?:\.\d+)?", work):
        if len(digits.replace(",", "").replace(".", "").lstrip("0")) > _MAX_DIGITS:
            raise _fail(what, stated, f"more than {_MAX_DIGITS} digits is not a real figure")
    try:
        korean = _korean_number(work, what, stated)
        value = korean if korean is not None else _english_number(work, what, stated)
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise _fail(what, stated, "not a number") from exc
    if value >= _MAX_VALUE:
        raise _fail(what, stated, "it is too large to be a real figure (10^24 or more)")
    return value


def parse_amount(text: str) -> Amount:
    """Read a sum of money as written: Korean units, English scale words, a currency.

    The currency is required (a word, code or sign before or after the figure); "¥" is refused
    as ambiguous, as are two currencies in one figure.

    Examples
    --------
    >>> parse_amount("6천억 원")
    Amount(value=Decimal('600000000000'), currency='KRW', stated_as='6천억 원', approximate=False)
    >>> [str(parse_amount(t).value) for t in ("1.5 trillion won", "KRW 600bn", "₩600 billion")]
    ['1500000000000.0', '600000000000', '600000000000']
    >>> parse_amount("6천억")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.InputError: cannot read an amount '6천억': no currency (write e.g. ...)
    """
    what = "an amount"
    stated, work = _clean(text, what)
    work, approximate = _strip_affixes(work)
    _refuse_negative(work, what, stated)
    for sign, why in _AMBIGUOUS_SIGNS.items():
        if sign in work:
            raise _fail(what, stated, f"'{sign}' could be {why}; write the ISO code")
    found: list[str] = []
    words = sorted(CURRENCIES, key=len, reverse=True)
    pattern = "|".join(re.escape(w) for w in words)
    for m in re.finditer(rf"(?<![a-z])(?:{pattern})(?![a-z])", work):
        found.append(m.group(0))
    if not found:
        code = re.search(r"\b[a-z]{3}\b", work)
        if code and code.group(0) not in _EN_SCALE and re.search(r"\d", work):
            raise _fail(what, stated, f"unknown currency {code.group(0).upper()!r}")
        raise _fail(what, stated, "no currency (write e.g. '6천억 원' or 'KRW 600bn')")
    codes = {CURRENCIES[w] for w in found}
    if len(found) > 1:
        raise _fail(what, stated, f"more than one currency ({', '.join(found)})")
    currency = codes.pop()
    number_part = re.sub(rf"(?<![a-z])(?:{pattern})(?![a-z])", " ", work, count=1)
    number_part = " ".join(number_part.split())
    if not re.search(r"[\d조억만천백십]", number_part):
        raise _fail(what, stated, "no number in it")
    if re.search(r"[a-z]{3,}", number_part) and not re.fullmatch(rf"{_NUM}\s*[a-z]+", number_part):
        raise _fail(what, stated, f"unexpected words in {number_part!r}")
    value = _read_number(number_part, what, stated)
    if value == 0:
        raise _fail(what, stated, "the amount is zero")
    return Amount(value, currency, stated, approximate)


def parse_area(text: str) -> Area:
    """Read an area as written ('3만4천㎡', '34,000 m2', '1,029만㎡', '2 ha') into square metres.

    Examples
    --------
    >>> parse_area("총 1,029만㎡").sqm
    Decimal('10290000')
    >>> parse_area("34,00 m2")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.InputError: cannot read an area '34,00 m2': the digits are not a well-formed ...
    """
    what = "an area"
    stated, work = _clean(text, what)
    work, approximate = _strip_affixes(work)
    _refuse_negative(work, what, stated)
    units = sorted(_AREA_UNITS, key=len, reverse=True)
    m = re.fullmatch(rf"(.*?)\s*({'|'.join(re.escape(u) for u in units)})", work)
    if not m or not m.group(1):
        raise _fail(what, stated, "no area unit (write e.g. '34,000 m2' or '3만4천㎡')")
    value = _read_number(m.group(1).strip(), what, stated)
    if value == 0:
        raise _fail(what, stated, "the area is zero")
    factor = _AREA_UNITS[m.group(2)]
    sqm = value * factor
    if sqm >= _MAX_VALUE:
        raise _fail(what, stated, "it is too large to be a real area (10^24 m² or more)")
    if factor != factor.to_integral_value():
        sqm, approximate = sqm.quantize(Decimal("0.01")), True
        if sqm == 0:
            raise _fail(what, stated, "the area rounds to zero square metres")
    return Area(sqm, stated, approximate)


def _date(
    stated: str, year: int | str, month: int | None = None, day: int | None = None
) -> DateValue:
    if isinstance(year, str):  # digits as written: thousands of them must not reach int()
        if len(year.lstrip("0")) > 9:
            raise _fail("a date", stated, f"the year {year[:9]}... does not have four digits")
        year = int(year)
    if not 1000 <= year <= 9999:
        raise _fail("a date", stated, f"the year {year} does not have four digits")
    if not _YEARS[0] <= year <= _YEARS[1]:
        raise _fail("a date", stated, f"the year {year} is outside {_YEARS[0]}-{_YEARS[1]}")
    if month is not None and not 1 <= month <= 12:
        raise _fail("a date", stated, f"there is no month {month}")
    if day is not None:
        assert month is not None
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise _fail("a date", stated, f"there is no day {day} in {year}-{month:02d}")
        return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "date", stated)
    if month is not None:
        return DateValue(f"{year:04d}-{month:02d}", "gYearMonth", stated)
    return DateValue(f"{year:04d}", "gYear", stated)


def parse_date(text: str | int) -> DateValue:
    """Read a date at its real precision: a day, a month or a year only.

    Accepted: ``2025-06-13``, ``2025.06.13``, ``2025. 6. 13.``, ``2025/06/13``,
    ``2025년 6월 13일``, ``June 13, 2025``, ``13 June 2025``, ``2024-09``, ``2024년 9월``,
    ``September 2024``, ``2026``, ``2026년``. Refused: ``12/06/2025`` (day-month order),
    ``20266년``, impossible days.

    Examples
    --------
    >>> parse_date("2025년 6월 13일").lexical, parse_date("2026년").datatype
    ('2025-06-13', 'gYear')
    >>> parse_date("12/06/2025")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.InputError: cannot read a date '12/06/2025': the day-month order is ambiguous; ...
    """
    stated, work = _clean(text, "a date")
    work = work.rstrip(".").strip()
    y, mo, d = r"(\d+)", r"(\d{1,2})", r"(\d{1,2})"
    forms = [
        (rf"{y}\s*[-./]\s*{mo}\s*[-./]\s*{d}", (1, 2, 3)),
        (rf"{y}\s*년\s*{mo}\s*월\s*{d}\s*일", (1, 2, 3)),
        (rf"{y}\s*[-./]\s*{mo}", (1, 2, None)),
        (rf"{y}\s*년\s*{mo}\s*월", (1, 2, None)),
        (rf"{y}\s*년?", (1, None, None)),
    ]
    if re.fullmatch(r"\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{2,4}", work):
        raise _fail("a date", stated, "the day-month order is ambiguous; write it as YYYY-MM-DD")
    for pattern, (iy, im, iday) in forms:
        m = re.fullmatch(pattern, work)
        if m:
            month = int(m.group(im)) if im else None
            return _date(stated, m.group(iy), month, int(m.group(iday)) if iday else None)
    months = "|".join(re.escape(k) for k in sorted(_MONTHS, key=len, reverse=True))
    m = re.fullmatch(rf"({months})\s*(?:(\d{{1,2}}),?\s+)?(\d+)", work)
    if m:
        day = int(m.group(2)) if m.group(2) else None
        return _date(stated, m.group(3), _MONTHS[m.group(1)], day)
    m = re.fullmatch(rf"(\d{{1,2}})\s+({months}),?\s+(\d+)", work)
    if m:
        return _date(stated, m.group(3), _MONTHS[m.group(2)], int(m.group(1)))
    raise _fail("a date", stated, "not a form I know (write YYYY-MM-DD, YYYY-MM or YYYY)")


def parse_year(text: str | int) -> DateValue:
    """Read a year only (a fiscal year): ``2026``, ``2026년``, ``FY2026``.

    Examples
    --------
    >>> parse_year("FY 2026").literal().n3()
    '"2026"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    stated, work = _clean(text, "a year")
    work = re.sub(r"^fy\s*", "", work)
    work = re.sub(r"\s*(회계연도|년도)$", "", work)
    value = parse_date(work)
    if value.datatype != "gYear":
        raise _fail("a year", stated, "expected a year only, e.g. 2026")
    return DateValue(value.lexical, "gYear", stated)
