"""How pages write values for people: amounts as they are read (6천억 원 / KRW 600 bn), dates at
their own precision (a year stays a year), names in the page's language, IRIs as links here.

The functions take the language explicitly and are registered as Jinja filters by
:func:`init_app` (which passes the page's language).

Examples
--------
>>> money({"value": 600_000_000_000, "currency": "KRW"}, "ko")
'6천억 원'
>>> money({"value": 600_000_000_000, "currency": "KRW"}, "en")
'KRW 600 bn'
>>> money({"value": 1_250_000_000_000, "currency": "KRW"}, "ko")
'1조 2,500억 원'
>>> when("2025", "ko"), when("2025-06", "en"), when("2025-06-13", "ko")
('2025년', 'June 2025', '2025년 6월 13일')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

from flask import Flask
from rdflib.namespace import SKOS

from graph.iris import PGID, PGV
from graph.ontology import load_ontology, term_label

from ..i18n import page_language

__all__ = ["money", "when", "area", "name", "page_path", "term", "concept", "init_app"]

_KO_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
_EN_UNITS = ((10**12, "tn"), (10**9, "bn"), (10**6, "m"))
_KO_CURRENCY = {"KRW": "원", "USD": "달러", "EUR": "유로", "JPY": "엔", "CNY": "위안"}
_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def _plain(number: Decimal | int | float) -> str:
    """A number with thousands separators and at most two decimals, trailing zeros cut."""
    text = f"{Decimal(str(number)).quantize(Decimal('0.01')):,}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _korean_group(n: int) -> str:
    return f"{n // 1000}천" if n % 1000 == 0 and n < 10_000 else f"{n:,}"


def _korean_amount(value: Decimal) -> str:
    if value != value.to_integral_value() or value < 10**4:
        return _plain(value)
    rest, parts = int(value), []
    for size, unit in _KO_UNITS:
        if rest >= size:
            parts.append(_korean_group(rest // size) + unit)
            rest %= size
    if rest:
        parts.append(f"{rest:,}")
    return " ".join(parts)


def money(amount: dict[str, Any] | None, lang: str) -> str:
    """An amount (``{"value", "currency"}`` as /api gives it) as people read it."""
    if not amount or amount.get("value") is None:
        return ""
    value, currency = Decimal(str(amount["value"])), amount.get("currency") or ""
    if lang == "ko":
        unit = _KO_CURRENCY.get(currency, currency)
        return f"{_korean_amount(value)} {unit}".strip()
    for size, unit in _EN_UNITS:
        if abs(value) >= size:
            return f"{currency} {_plain(value / size)} {unit}".strip()
    return f"{currency} {_plain(value)}".strip()


def when(lexical: str | None, lang: str) -> str:
    """A date written at its precision: ``2025`` a year, ``2025-06`` a month, else a day."""
    if not lexical:
        return ""
    text = str(lexical)[:10]
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            dt.date(*numbers)
    except (ValueError, TypeError):
        return str(lexical)
    if lang == "ko":
        return " ".join(f"{n}{u}" for n, u in zip(numbers, ("년", "월", "일"), strict=False))
    if len(numbers) == 1:
        return str(numbers[0])
    month = _MONTHS_EN[numbers[1] - 1] if 1 <= numbers[1] <= 12 else str(numbers[1])
    return f"{month} {numbers[0]}" if len(numbers) == 2 else f"{numbers[2]} {month} {numbers[0]}"


def area(square_metres: Any, lang: str) -> str:
    """An area in square metres, with hectares beside large ones.

    >>> area(233000, "en"), area(1500, "ko")
    ('233,000 m² (23.3 ha)', '1,500 m²')
    """
    if square_metres is None or square_metres == "":
        return ""
    value = Decimal(str(square_metres))
    text = f"{_plain(value)} m²"
    if value >= 10_000:
        text += f" ({_plain(value / 10_000)} ha)"
    return text


def name(item: dict[str, Any] | None, lang: str) -> str:
    """The label of an /api item in ``lang``, else in the other language, else its id."""
    if not item:
        return ""
    other = "en" if lang == "ko" else "ko"
    return (
        item.get(f"label_{lang}")
        or item.get(f"label_{other}")
        or item.get("label")
        or item.get("title")
        or _last(item.get("iri") or item.get("id") or "")
    )


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def page_path(iri: str | dict[str, Any] | None) -> str | None:
    """The path of the page of an instance IRI on this server (``/id/org/kakao``), or None for
    an IRI that is not one of the graph's instances.

    >>> page_path("https://policygraph.example/id/org/kakao")
    '/id/org/kakao'
    """
    if isinstance(iri, dict):
        iri = iri.get("iri")
    if not iri or not str(iri).startswith(str(PGID)):
        return None
    return "/id/" + str(iri)[len(str(PGID)) :]


def term(local_name: str | None, lang: str) -> str:
    """The ontology's label of a class or property (``Company`` -> 기업 / company)."""
    return term_label(local_name, lang) if local_name else ""


@cache
def _concept_labels() -> dict[str, dict[str, str]]:
    """Concept IRI (``pgv:``) -> language -> preferred label, from ``ontology/vocab``."""
    out: dict[str, dict[str, str]] = {}
    for s, o in load_ontology().subject_objects(SKOS.prefLabel):
        language = getattr(o, "language", None)
        if str(s).startswith(str(PGV)) and language:
            out.setdefault(str(s), {})[language] = str(o)
    return out


def concept(value: str | None, lang: str, scheme: str = "") -> str:
    """The label of a concept of a vocabulary, given as its IRI or as its local name and
    ``scheme`` (``earmarked`` in ``budget-stage``); unknown ones show their name.

    >>> concept("earmarked", "en", "budget-stage") != "", concept("nosuch", "ko", "x")
    (True, 'nosuch')
    """
    if not value:
        return ""
    iri = value if "/" in value else f"{PGV}{scheme}/{value}"
    found = _concept_labels().get(iri, {})
    return found.get(lang) or found.get("en") or value.rsplit("/", 1)[-1]


def init_app(app: Flask) -> None:
    """The filters, in the page's language: ``{{ amount|money }}``, ``{{ date|when }}``..."""
    for function in (money, when, area, name, term):
        app.add_template_filter(_in_page_language(function), function.__name__)
    app.add_template_filter(page_path, "page_path")
    app.add_template_filter(
        lambda value, scheme="": concept(value, page_language(), scheme), "concept"
    )


def _in_page_language(function: Any) -> Any:
    def filter_(value: Any) -> str:
        return str(function(value, page_language()))

    filter_.__name__ = function.__name__
    return filter_
