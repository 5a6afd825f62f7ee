"""The limits that keep one write's checks cheap: term length, quads, nesting depth, time.

Every write (an article document, a fact sheet, a Graph Store body, what a SPARQL Update would
add) is parsed and validated before it is committed. :class:`Limits` bounds that work so that
its cost grows linearly with the input and stays below a ceiling, whatever the input holds:

- ``max_term_length``: the longest literal or IRI, in characters;
- ``max_quads``: the most quads one write may add;
- ``max_depth``: the deepest nesting of a JSON-LD, JSON or YAML document;
- ``check_timeout``: the longest the checks of one write may take, in seconds
  (:class:`Deadline`, checked while parsing, converting and validating).

The settings of the same names (``graph.config.Settings``; ``max_document_quads`` and
``max_nesting_depth`` for the second and third) set them. Going over one raises
:class:`~graph.errors.LimitExceeded` naming the setting (HTTP 413).

:func:`checked_quads` also refuses what the store cannot hold as RDF 1.1: RDF 1.2 triple terms
(``<<( s p o )>>``, ``<< s p o >>``, annotations) and literals with a base direction
(``"x"@en--rtl``), and XML literals that declare a DTD (entity expansion).

Examples
--------
>>> limits = Limits(max_term_length=10)
>>> q = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("a" * 11))
>>> try:
...     checked_quads([q], limits)
... except LimitExceeded as exc:
...     print(exc.context["setting"], exc)  # doctest: +ELLIPSIS
max_term_length a literal of 11 characters is longer than max_term_length allows (10)...
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .config import Settings
from .errors import InputError, LimitExceeded

__all__ = ["Limits", "Deadline", "checked_quads", "too_deep", "decoded_text", "load_json"]

_DEFAULTS = Settings()
#: Python refuses to read integers with more digits (sys.get_int_max_str_digits()).
_MAX_DIGITS = 4300
_XML_LITERALS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML",
}


@dataclass(frozen=True)
class Limits:
    """How much one write may hold, and how long its checks may take (see the module doc)."""

    max_term_length: int = _DEFAULTS.max_term_length
    max_quads: int = _DEFAULTS.max_document_quads
    max_depth: int = _DEFAULTS.max_nesting_depth
    check_timeout: float = _DEFAULTS.check_timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits the settings name (``max_term_length``, ``max_document_quads``,
        ``max_nesting_depth``, ``check_timeout``)."""
        return cls(
            max_term_length=settings.max_term_length,
            max_quads=settings.max_document_quads,
            max_depth=settings.max_nesting_depth,
            check_timeout=settings.check_timeout,
        )

    def deadline(self) -> Deadline:
        """A deadline ``check_timeout`` seconds from now."""
        return Deadline(self.check_timeout)


class Deadline:
    """A point in time the checks of one write must finish by.

    Examples
    --------
    >>> Deadline(60).check()  # nothing to say yet
    >>> d = Deadline(0.0)
    >>> try:
    ...     d.check()
    ... except LimitExceeded as exc:
    ...     print(exc.context["setting"])
    check_timeout
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def check(self) -> None:
        """Raise :class:`LimitExceeded` (``check_timeout``) when the deadline has passed."""
        if self.expired():
            raise self.error()

    def error(self) -> LimitExceeded:
        return LimitExceeded(
            f"checking this write took longer than check_timeout allows ({self.seconds:g} s): "
            "send a smaller document or change",
            limit="check_timeout",
            setting="check_timeout",
            value=self.seconds,
        )


def too_deep(depth: int, limits: Limits, what: str) -> LimitExceeded:
    """The error for a document nested deeper than ``max_nesting_depth``."""
    return LimitExceeded(
        f"the {what} is nested more than {limits.max_depth} levels deep"
        f"{f' (at least {depth})' if depth > limits.max_depth else ''}; the limit is the "
        "setting max_nesting_depth",
        limit="max_nesting_depth",
        setting="max_nesting_depth",
        value=limits.max_depth,
    )


def decoded_text(data: bytes, what: str) -> str:
    """``data`` as text: strict UTF-8, a leading byte order mark dropped.

    Examples
    --------
    >>> decoded_text(b"\\xef\\xbb\\xbfok", "document")
    'ok'
    >>> try:
    ...     decoded_text(b"ok\\n  \\xff", "document")
    ... except InputError as exc:
    ...     print(exc)
    a document must be UTF-8 text: at line 2, column 3 the byte 0xff is not part of a character
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(
            f"a {what} must be UTF-8 text; it starts with a UTF-16 or UTF-32 byte order mark"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise InputError(
            f"a {what} must be UTF-8 text: at line {line}, column {column} the byte "
            f"0x{data[exc.start]:02x} is not part of a character",
            line=line,
            column=column,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _term_error(kind: str, length: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        f"{kind} of {length} characters is longer than max_term_length allows "
        f"({limits.max_term_length}); the limit is the setting max_term_length",
        limit="max_term_length",
        setting="max_term_length",
        value=limits.max_term_length,
    )


def _check_term(term: Any, limits: Limits) -> None:
    if isinstance(term, ox.Triple):
        raise InputError(
            "RDF 1.2 triple terms (<<( s p o )>>, << s p o >>, {| ... |} annotations) are not "
            "supported: this store holds RDF 1.1 data; describe the statement with its own node"
        )
    if isinstance(term, ox.Literal):
        if len(term.value) > limits.max_term_length:
            raise _term_error("a literal", len(term.value), limits)
        if term.direction is not None:
            raise InputError(
                f'the literal "{term.value[:40]}"@{term.language}--{term.direction} has a base '
                "direction, which is RDF 1.2: this store holds RDF 1.1 data; drop the direction"
            )
        if term.datatype.value in _XML_LITERALS and "<!" in term.value:
            raise InputError(
                "an XML literal may not hold a document type or entity declaration (<!DOCTYPE, "
                "<!ENTITY): entity expansion can make a small literal huge"
            )
    elif isinstance(term, ox.NamedNode | ox.BlankNode) and len(term.value) > limits.max_term_length:
        kind = "an IRI" if isinstance(term, ox.NamedNode) else "a blank node label"
        raise _term_error(kind, len(term.value), limits)


def checked_quads(
    quads: Iterable[Any], limits: Limits, deadline: Deadline | None = None
) -> list[Any]:
    """The quads (or triples), read one by one and refused as soon as one breaks a limit.

    Raises
    ------
    LimitExceeded
        More than ``max_quads``, or a literal, IRI or blank node label longer than
        ``max_term_length``, or the deadline passed.
    InputError
        An RDF 1.2 triple term, a literal with a base direction, an XML literal with a DTD.
    """
    out: list[Any] = []
    for quad in quads:
        if len(out) >= limits.max_quads:
            raise LimitExceeded(
                f"the write holds more than {limits.max_quads} quads; the limit is the setting "
                "max_document_quads: split it into smaller writes",
                limit="max_document_quads",
                setting="max_document_quads",
                value=limits.max_quads,
            )
        if deadline is not None and len(out) % 256 == 0:
            deadline.check()
        _check_term(quad.subject, limits)
        _check_term(quad.predicate, limits)
        _check_term(quad.object, limits)
        graph = getattr(quad, "graph_name", None)
        if graph is not None:
            _check_term(graph, limits)
        out.append(quad)
    return out


def _depth(tree: Any) -> int:
    """How deep the JSON tree nests (a scalar: 0), without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = node.values()
        elif not isinstance(node, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return deepest


def load_json(text: str, limits: Limits, what: str) -> Any:
    """JSON text as Python data, refused when it nests deeper than ``max_nesting_depth``, has
    a number Python cannot read exactly or finitely, or a lone surrogate escape (``\\ud800``).

    Examples
    --------
    >>> load_json('{"a": [1, 2.5]}', Limits(), "document")
    {'a': [1, 2.5]}
    >>> try:
    ...     load_json('[[[1]]]', Limits(max_depth=2), "document")
    ... except Exception as exc:
    ...     print(exc.context["setting"])
    max_nesting_depth
    """
    try:
        tree = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except RecursionError:
        raise too_deep(limits.max_depth + 1, limits, what) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    depth = _depth(tree)
    if depth > limits.max_depth:
        raise too_deep(depth, limits, what)
    try:
        json.dumps(tree, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"the {what} holds a lone surrogate escape (such as \\ud800), which is not a "
            "character: escape the whole pair, or write the character itself"
        ) from None
    return tree


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise InputError(f"a JSON number has more than {_MAX_DIGITS} digits")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise InputError(f"the JSON number {text[:40]} is too large to be read as a number")
    return value


def _json_constant(name: str) -> Any:
    raise InputError(f"{name} is not a JSON number")
