"""Exceptions raised by the core library.

Every error that ``graph`` raises is a :class:`PolicyGraphError`; each subclass carries the data a
caller needs to explain the problem (line and column, the limit hit, the validation report).
``server/errors.py`` is the one place that turns them into HTTP responses.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "PolicyGraphError",
    "InputError",
    "NotFound",
    "ValidationFailed",
    "Conflict",
    "LimitExceeded",
    "QueryTimeout",
    "StoreUnavailable",
    "ReadOnly",
    "Unauthorized",
    "Forbidden",
]


class PolicyGraphError(Exception):
    """Base class of every error raised by policygraph's core."""

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class InputError(PolicyGraphError):
    """The caller's input is malformed (syntax error, unknown format, bad parameter)."""


class NotFound(PolicyGraphError):
    """A named thing (stakeholder, article, graph) does not exist."""


class ValidationFailed(PolicyGraphError):
    """Data does not conform to the SHACL shapes; ``report`` holds the validation report."""

    def __init__(self, message: str, report: Any, **context: Any) -> None:
        super().__init__(message, **context)
        self.report = report


class Conflict(PolicyGraphError):
    """The request conflicts with the current state of the store."""


class LimitExceeded(PolicyGraphError):
    """A configured limit (size, length, rows) was exceeded; ``context['limit']`` names it."""


class QueryTimeout(PolicyGraphError):
    """A query ran past its time limit and was stopped."""

    @classmethod
    def after(cls, seconds: float | None) -> QueryTimeout:
        """The error of a query (or update plan) stopped at its limit of ``seconds``."""
        return cls(
            f"the query was stopped at its time limit of {seconds or 0:g} s (setting "
            "query_timeout, or the request's timeout parameter); no partial result is returned",
            limit="query_timeout",
            seconds=seconds or 0,
        )


class StoreUnavailable(PolicyGraphError):
    """The store cannot be opened or reached."""


class ReadOnly(PolicyGraphError):
    """A write was attempted on a store or server that is read-only."""


class Unauthorized(PolicyGraphError):
    """A write came without credentials (HTTP 401 with ``WWW-Authenticate: Bearer``)."""


class Forbidden(PolicyGraphError):
    """A write came with credentials that are not the configured ones (HTTP 403)."""
