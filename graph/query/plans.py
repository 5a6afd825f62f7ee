"""Which queries are cheap lookups, known from their parsed algebra (issue 20).

A query whose every triple pattern is reached from a bound term, with no property path that
repeats, no sub-query, ``EXISTS``, ``MINUS``, ``SERVICE`` or graph variable, is a *lookup*:
the engine starts from an index entry of the bound term and joins outwards, so its work grows
with the rows it reads near that term, not with the store. ``serve``'s front processes
(server/fronts.py) evaluate these in-process, without the hop to a query worker; every other
query goes to the main process and its workers, which can be killed at the time limit.

A bound term is a constant (IRI or literal) in the subject position, or in the object position
of a predicate other than ``rdf:type`` (a class is not a lookup: ``?a a pg:Agreement`` reaches
every agreement), or a variable bound by ``VALUES`` or by the part of the query already reached
(the left side of ``OPTIONAL``, the other side of a join). ``SELECT`` and ``ASK`` only.

Parsing costs some 10 ms (rdflib), more than a lookup: the decision is kept per *shape*, the
query with every IRI and string replaced by a placeholder (constants do not change the algebra's
structure), so that the same question about another stakeholder is decided at once.

>>> is_lookup("SELECT ?s { ?s <urn:label> 'Seoul'@en }"), is_lookup("SELECT * { ?s ?p ?o }")
(True, False)
>>> is_lookup("ASK { ?a <urn:party> <urn:x>, <urn:y> }")
True
>>> is_lookup("SELECT ?a { ?a a <urn:Agreement> }"), is_lookup("SELECT ?s { ?s <urn:in>+ <urn:r> }")
(False, False)
>>> is_lookup("SELECT ?o ?l { <urn:x> ?p ?o OPTIONAL { ?o <urn:label> ?l } }")
True
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from typing import Any

__all__ = ["LOOKUP_CHARS", "is_lookup", "shape"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SHAPE = re.compile(
    r"""
    (?P<decl>(?:PREFIX\s+(?:[^\W\d_][\w\-.]*)?:\s*|BASE\s*)<[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?!"")(?:[^"\\\r\n]|\\.)*"|'(?!'')(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)


def _placeholder(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "string":
        return '"s"'
    if kind == "iri" and match.group() != f"<{_RDF_TYPE}>":
        return "<urn:policygraph:s>"
    return match.group()


def shape(query: str) -> str:
    """``query`` with every IRI (but those of ``PREFIX``/``BASE`` and ``rdf:type``) and string
    replaced by a placeholder.

    >>> shape("PREFIX p: <urn:p#> SELECT ?s { ?s p:label 'x' ; p:in <urn:r> }")
    'PREFIX p: <urn:p#> SELECT ?s { ?s p:label "s" ; p:in <urn:policygraph:s> }'
    """
    return _SHAPE.sub(_placeholder, query)


#: Longer texts are not looked at (the main process answers them): rdflib's parse time grows
#: faster than the text (an update of 8 KB 0.28 s, 28 KB 2 s, 88 KB 15.6 s), and parses take
#: turns under one lock (:mod:`graph.query.rdfparse`). A lookup is short: a VALUES list of some
#: fifty IRIs fits.
LOOKUP_CHARS = 4096


def is_lookup(query: str) -> bool:
    """Whether ``query`` is a lookup (module docstring); False for anything it cannot parse
    and for a text longer than :data:`LOOKUP_CHARS`."""
    if len(query) > LOOKUP_CHARS:
        return False
    return _shape_is_lookup(shape(query))


class _Quiet(logging.Filter):
    """rdflib logs a warning for a typed placeholder it cannot convert ("s"^^xsd:date): not
    a problem of the query, whose own constants the engine reads; silenced while parsing."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.local, "parsing", False)


_QUIET = _Quiet()
logging.getLogger("rdflib.term").addFilter(_QUIET)


@functools.lru_cache(maxsize=2048)
def _shape_is_lookup(text: str) -> bool:
    from .rdfparse import parse_query

    _QUIET.local.parsing = True
    try:
        query = parse_query(text)
    except Exception:  # not SPARQL rdflib reads: the main process answers (or refuses) it
        return False
    finally:
        _QUIET.local.parsing = False
    root = query.algebra
    if root.name not in ("SelectQuery", "AskQuery") or root.get("datasetClause"):
        return False
    try:
        return _reached(root["p"], frozenset()) is not None
    except _NotLookup:
        return False


class _NotLookup(Exception):
    pass


def _is_var(term: Any) -> bool:
    from rdflib.term import Variable

    return isinstance(term, Variable)


def _check_path(predicate: Any) -> None:
    """A property path that repeats (``*``, ``+``, ``?``) or negates is not a lookup."""
    from rdflib.paths import AlternativePath, InvPath, Path, SequencePath

    if not isinstance(predicate, Path):
        return
    if isinstance(predicate, (SequencePath, AlternativePath)):
        for part in predicate.args:
            _check_path(part)
    elif isinstance(predicate, InvPath):
        _check_path(predicate.arg)
    else:  # MulPath (*, +, ?), NegatedPath, anything else
        raise _NotLookup


def _anchor(s: Any, p: Any, o: Any) -> bool:
    if not _is_var(s):
        return True
    return not _is_var(o) and str(p) != _RDF_TYPE


def _bgp(triples: list, bound: frozenset) -> frozenset | None:
    waiting = list(triples)
    reached = set(bound)
    for _, predicate, _ in waiting:
        _check_path(predicate)
    progress = True
    while waiting and progress:
        progress = False
        for triple in list(waiting):
            s, p, o = triple
            if _anchor(s, p, o) or (_is_var(s) and s in reached) or (_is_var(o) and o in reached):
                reached.update(t for t in triple if _is_var(t))
                waiting.remove(triple)
                progress = True
    return None if waiting else frozenset(reached)


def _check_expr(expr: Any) -> None:
    """An expression with ``EXISTS`` evaluates a pattern per row: not a lookup."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            raise _NotLookup
        for value in expr.values():
            _check_expr(value)
    elif isinstance(expr, (list, tuple)):
        for value in expr:
            _check_expr(value)


_PASS_THROUGH = frozenset(
    {"Project", "Slice", "Distinct", "Reduced", "OrderBy", "Group", "AggregateJoin", "ToMultiSet"}
)


def _reached(node: Any, bound: frozenset) -> frozenset | None:
    """The variables bound after ``node`` given ``bound`` before it; None if not a lookup."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return _bgp(node["triples"], bound)
    if name in _PASS_THROUGH:
        _check_expr(node.get("expr"))
        return _reached(node["p"], bound)
    if name == "values":
        rows = node.get("res") or []
        return bound | frozenset(v for row in rows for v in row)
    if name in ("Filter", "Extend"):
        _check_expr(node.get("expr"))
        inner = _reached(node["p"], bound)
        var = node.get("var")
        return inner if inner is None or var is None else inner | {var}
    if name == "Join":
        for first, second in ((node["p1"], node["p2"]), (node["p2"], node["p1"])):
            left = _reached(first, bound)
            if left is not None:
                right = _reached(second, left)
                if right is not None:
                    return right
        return None
    if name == "LeftJoin":
        _check_expr(node.get("expr"))
        left = _reached(node["p1"], bound)
        right = None if left is None else _reached(node["p2"], left)
        return right
    if name == "Union":
        left, right = _reached(node["p1"], bound), _reached(node["p2"], bound)
        return None if left is None or right is None else left & right
    if name == "Graph" and not _is_var(node["term"]):
        return _reached(node["p"], bound)
    raise _NotLookup  # MINUS, SERVICE, GRAPH ?g, sub-queries, anything else
