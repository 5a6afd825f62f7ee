"""Query-string parameters shared by the ``/api`` and ``/export`` routes.

One rule for all of them, as ``server/openapi.yaml`` says: a parameter is either left out (its
default applies) or given a value; a parameter given empty (``?offset=``, ``?as_of=``, or only
spaces) is a 400 naming it, never read as "absent", so that a typo cannot silently change an
answer. Each reader raises :class:`~graph.errors.InputError` with ``parameter`` set.
"""

from __future__ import annotations

import re
from typing import Literal, overload

from flask import request

from graph.errors import InputError

__all__ = ["text", "whole", "flag"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@overload
def text(name: str, *, required: Literal[True]) -> str: ...
@overload
def text(name: str, *, required: bool = False) -> str | None: ...
def text(name: str, *, required: bool = False) -> str | None:
    """A text parameter, trimmed; None when it is absent and not ``required``."""
    value = request.args.get(name)
    if value is None:
        if required:
            raise InputError(f"parameter {name} is required", parameter=name)
        return None
    value = value.strip()
    if not value:
        raise InputError(
            f"parameter {name} is empty: give it a value or leave it out", parameter=name
        )
    return value


@overload
def whole(name: str, default: int) -> int: ...
@overload
def whole(name: str, default: None = None) -> int | None: ...
def whole(name: str, default: int | None = None) -> int | None:
    """A whole-number parameter (``default`` when absent); anything else is a 400 naming it."""
    value = text(name)
    if value is None:
        return default
    if not re.fullmatch(r"[+-]?\d{1,18}", value):
        raise InputError(
            f"parameter {name} must be a whole number of at most 18 digits, not {value[:40]!r}",
            parameter=name,
        )
    return int(value)


def flag(name: str) -> bool:
    """A true/false parameter (absent: false); anything else is a 400 naming it."""
    value = text(name)
    if value is None:
        return False
    if value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise InputError(f"{name} must be true or false, not {value[:40]!r}", parameter=name)
