"""Content negotiation over ``graph.formats``: the ``format`` parameter wins over ``Accept``.

The ``format`` (or ``output``) parameter takes the names of :mod:`graph.formats`, their media
types, and the names notebook clients send: SPARQLWrapper's ``setReturnFormat`` sends its name
(``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``n3``, ``rdf``, ``rdf+xml``, ``json-ld``) in
``format``, ``output`` and ``results``, and for ``tsv``, ``json-ld`` and ``rdf+xml`` the media
type as a second value. ``n3`` is answered with Turtle (Turtle is N3), ``json`` for a graph with
JSON-LD. The first value that names a format of the result's family wins.

``Accept`` is read by werkzeug's :meth:`MIMEAccept.best_match`, as RFC 9110 says: each offered
media type gets the quality of the most specific range that matches it (so ``text/csv;q=0,
*/*`` refuses CSV), the highest quality wins, and among equals the type named more
specifically by the client, then the server's order (:data:`graph.formats.RESULT_FORMATS` /
:data:`graph.formats.RDF_FORMATS`, main media types before aliases), decides. Parameters of a
range other than ``q`` (``text/csv; charset=utf-8``) do not narrow it: every answer is UTF-8.
"""

from __future__ import annotations

import functools

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

from graph.errors import InputError
from graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, rdf_format, result_format

__all__ = [
    "choose_format",
    "acceptable_formats",
    "wanted_formats",
    "best_media_type",
    "request_language",
]

# names clients send that are not names of graph.formats, per family
_CLIENT_NAMES = {
    "graph": {
        "rdf+xml": "rdfxml",
        "n3": "turtle",
        "text/n3": "turtle",
        "text/rdf+n3": "turtle",
        "application/n3": "turtle",
        "json": "jsonld",
        "application/x-json+ld": "jsonld",
    },
    "solutions": {},
    "boolean": {},
}


def best_media_type(accept: MIMEAccept, offered: list[str]) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them.

    Examples
    --------
    >>> from werkzeug.datastructures import MIMEAccept
    >>> offered = ["application/sparql-results+json", "text/csv"]
    >>> best_media_type(MIMEAccept([("text/csv", 1), ("*/*", 0.5)]), offered)
    'text/csv'
    >>> best_media_type(MIMEAccept([("text/csv", 0), ("*/*", 1)]), offered)
    'application/sparql-results+json'
    >>> best_media_type(MIMEAccept([("image/png", 1)]), offered) is None
    True
    """
    ranges = MIMEAccept([(value.partition(";")[0].strip(), q) for value, q in accept])
    return ranges.best_match(offered)


@functools.lru_cache(maxsize=512)
def _best_for(accept: str, graph: bool) -> str | None:
    """The media type an ``Accept`` header picks among the RDF (``graph``) or the result
    formats; clients send few distinct headers, so each is negotiated once."""
    table = RDF_FORMATS if graph else RESULT_FORMATS
    # each format's main media type first, so that a wildcard (text/*) never picks an alias
    # (text/xml for SPARQL XML results) over another format's main type (text/csv)
    offered = [f.media_type for f in table] + [m for f in table for m in f.media_types[1:]]
    return best_media_type(parse_accept_header(accept, MIMEAccept), offered)


def choose_format(kind: str) -> Format:
    """The format to answer a result of ``kind`` ("solutions", "boolean" or "graph") in.

    A ``format`` (or ``output``) request parameter, a name such as ``json`` or ``ttl`` or a
    media type, wins; an unknown one is a 400. Otherwise the ``Accept`` header decides; no
    ``Accept`` gives the first format of the family (SPARQL JSON results, Turtle). Nothing
    acceptable -> 406 listing what is on offer.
    """
    return _choose(kind, tuple(wanted_formats()), request.headers.get("Accept", ""))


def acceptable_formats() -> dict[str, str]:
    """Result kind -> the name of the format :func:`choose_format` gives, for each kind the
    request accepts a format of (a kind left out would get its 400 or 406 from
    :func:`choose_format`). Read from the request once, decided once per distinct
    (``format`` parameters, ``Accept``) pair."""
    return dict(_acceptable(tuple(wanted_formats()), request.headers.get("Accept", "")))


def acceptable_for(accept: str) -> dict[str, str]:
    """:func:`acceptable_formats` for a request with no ``format`` parameter and this
    ``Accept`` header (server/front.py, before any Flask request exists)."""
    return dict(_acceptable((), accept))


@functools.lru_cache(maxsize=512)
def _acceptable(wanted: tuple[str, ...], accept: str) -> tuple[tuple[str, str], ...]:
    found = []
    for kind in ("solutions", "boolean", "graph"):
        try:
            found.append((kind, _choose(kind, wanted, accept).name))
        except (NotAcceptable, InputError):
            pass
    return tuple(found)


def _choose(kind: str, wanted: tuple[str, ...], accept: str) -> Format:
    """:func:`choose_format` on the request's ``format`` values and ``Accept`` header."""
    graph = kind == "graph"
    table = RDF_FORMATS if graph else RESULT_FORMATS
    lookup = rdf_format if graph else result_format
    if wanted:
        aliases = _CLIENT_NAMES[kind]
        for name in wanted:
            try:
                return lookup(aliases.get(name.strip().lower(), name))
            except InputError:
                continue
        try:
            lookup(wanted[0])
        except InputError as exc:
            raise InputError(f"parameter format: {exc}") from None
    if not parse_accept_header(accept, MIMEAccept):
        return table[0]
    best = _best_for(accept, graph)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept fits a {kind} result; offered: "
            + ", ".join(f.media_type for f in table)
        )
    return lookup(best)


def wanted_formats() -> list[str]:
    """The format names the request gives in ``format`` or ``output``, in order (a value may
    list several, separated by commas).

    Examples
    --------
    >>> from flask import Flask
    >>> with Flask(__name__).test_request_context(
    ...     "/?format=rdf%2Bxml&format=application/rdf%2Bxml&output=rdf%2Bxml"
    ... ):
    ...     wanted_formats()
    ['rdf+xml', 'application/rdf+xml', 'rdf+xml']
    """
    values = request.values.getlist("format") + request.values.getlist("output")
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def request_language() -> str:
    """The language the client asks for with ``Accept-Language``: "ko" or "en" (the default)."""
    return request.accept_languages.best_match(["en", "ko"], default="en") or "en"
