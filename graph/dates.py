"""Dates at their own precision: a year, a month or a day, as the sources write them.

A date the graph records keeps its precision (``"2026"`` stays a year); comparisons use the
period it covers: its first day (:func:`period_start`) or its last (:func:`period_end`).

Examples
--------
>>> period_start("2026"), period_end("2026")
(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from .errors import InputError

__all__ = ["parse_day", "period_start", "period_end", "period_key", "chronological"]


def parse_day(value: str | dt.date) -> dt.date:
    """An ``as_of`` argument as a date: ``YYYY-MM-DD`` only (a snapshot is a day).

    >>> parse_day("2025-06-13")
    datetime.date(2025, 6, 13)
    """
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"as_of must be a date written YYYY-MM-DD, not {value!r}", parameter="as_of"
        ) from None


def period_start(lexical: str) -> dt.date:
    """The first day of a date written at its precision (``2026``, ``2026-03``, ``2026-03-05``).

    >>> period_start("2026"), period_start("2026-03")
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    """
    parts = [int(p) for p in lexical[:10].split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def period_end(lexical: str) -> dt.date:
    """The last day of a date written at its precision.

    >>> period_end("2026"), period_end("2024-02"), period_end("2025-06-13")
    (datetime.date(2026, 12, 31), datetime.date(2024, 2, 29), datetime.date(2025, 6, 13))
    """
    parts = [int(p) for p in lexical[:10].split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts[:3])


def period_key(lexical: str) -> tuple[dt.date, dt.date]:
    """Sort key of a date at its precision: its first day, then its last (a year before its
    days)."""
    return period_start(lexical), period_end(lexical)


def chronological(item: dict[str, Any], key: str) -> tuple[Any, ...]:
    """Sort key: by the first day of ``item[key]`` (a date at its precision), undated last.

    >>> items = [{"iri": "b", "d": "2025-06-13"}, {"iri": "a", "d": None},
    ...          {"iri": "c", "d": "2025"}]
    >>> [i["iri"] for i in sorted(items, key=lambda i: chronological(i, "d"))]
    ['c', 'b', 'a']
    """
    date = item.get(key)
    return (date is None, period_start(date) if date else None, item["iri"])
