"""Pages of a list: ``limit`` and ``offset`` checked once, the same way for every list.

Examples
--------
>>> page(list("abcde"), limit=2, offset=3)
{'total': 5, 'limit': 2, 'offset': 3, 'items': ['d', 'e']}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import InputError

__all__ = ["MAX_LIMIT", "DEFAULT_LIMIT", "check_page", "page"]

#: The largest page a list answers with; larger limits are refused, not silently cut.
MAX_LIMIT = 500


DEFAULT_LIMIT = 100


def check_page(limit: Any, offset: Any) -> tuple[int, int]:
    """Validated ``(limit, offset)``: whole numbers, 1 <= limit <= MAX_LIMIT, offset >= 0.

    >>> check_page(None, None)
    (100, 0)
    """
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = 0 if offset is None else offset
    for name, value, low in (("limit", limit, 1), ("offset", offset, 0)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{name} must be a whole number, not {value!r}", parameter=name)
        if value < low or (name == "limit" and value > MAX_LIMIT):
            top = f" and at most {MAX_LIMIT}" if name == "limit" else ""
            raise InputError(
                f"{name} must be at least {low}{top}, not {value}", parameter=name, limit=MAX_LIMIT
            )
    return limit, offset


def page(
    items: Sequence[Any], limit: Any = None, offset: Any = None, **extra: Any
) -> dict[str, Any]:
    """One page of ``items``: ``{"total", "limit", "offset", "items", **extra}``.

    >>> page(list("abcde"), limit=2, offset=3)
    {'total': 5, 'limit': 2, 'offset': 3, 'items': ['d', 'e']}
    """
    limit, offset = check_page(limit, offset)
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": list(items[offset : offset + limit]),
        **extra,
    }
