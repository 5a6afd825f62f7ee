"""Query-string parameters shared by the routes."""

from __future__ import annotations

from flask import request

from graph.errors import InputError

__all__ = ["flag"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def flag(name: str) -> bool:
    """A true/false parameter (absent or empty: false); anything else is a 400 naming it."""
    value = request.args.get(name, "").strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise InputError(f"{name} must be true or false, not {value!r}", parameter=name)
