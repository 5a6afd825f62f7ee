"""Content negotiation over ``graph.formats``: the ``format`` parameter wins over ``Accept``.

``Accept`` is read as RFC 9110 says: each offered media type gets the quality of the most
specific range that matches it (so ``text/csv;q=0, */*`` refuses CSV), the highest quality wins,
and among equals the type named more specifically by the client, then the server's order
(:data:`graph.formats.RESULT_FORMATS` / :data:`graph.formats.RDF_FORMATS`, main media types
before aliases), decides.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable

from graph.errors import InputError
from graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, rdf_format, result_format

__all__ = ["choose_format", "best_media_type", "request_language"]


def _specificity(client_range: str) -> int:
    """2 for ``type/sub``, 1 for ``type/*``, 0 for ``*/*`` (parameters are ignored)."""
    kind, _, sub = client_range.partition(";")[0].strip().lower().partition("/")
    return 0 if kind == "*" else 1 if sub == "*" else 2


def _matches(offered: str, client_range: str) -> bool:
    kind, _, sub = client_range.partition(";")[0].strip().lower().partition("/")
    o_kind, _, o_sub = offered.lower().partition("/")
    return kind == "*" or (kind == o_kind and sub in ("*", o_sub))


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
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, media_type in enumerate(offered):
        ranges = [(_specificity(r), q) for r, q in accept if _matches(media_type, r)]
        if not ranges:
            continue
        specificity, quality = max(ranges, key=lambda sq: sq[0])
        key = (quality, specificity, -index)
        if quality > 0 and (best is None or key > best):
            best, chosen = key, media_type
    return chosen


def choose_format(kind: str) -> Format:
    """The format to answer a result of ``kind`` ("solutions", "boolean" or "graph") in.

    A ``format`` (or ``output``) request parameter, a name such as ``json`` or ``ttl`` or a
    media type, wins; an unknown one is a 400. Otherwise the ``Accept`` header decides; no
    ``Accept`` gives the first format of the family (SPARQL JSON results, Turtle). Nothing
    acceptable -> 406 listing what is on offer.
    """
    graph = kind == "graph"
    table = RDF_FORMATS if graph else RESULT_FORMATS
    lookup = rdf_format if graph else result_format
    wanted = request.values.get("format") or request.values.get("output")
    if wanted:
        try:
            return lookup(wanted)
        except InputError as exc:
            raise InputError(f"parameter format: {exc}") from None
    accept = request.accept_mimetypes
    if not accept:
        return table[0]
    # each format's main media type first, so that a wildcard (text/*) never picks an alias
    # (text/xml for SPARQL XML results) over another format's main type (text/csv)
    offered = [f.media_type for f in table] + [m for f in table for m in f.media_types[1:]]
    best = best_media_type(accept, offered)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept fits a {kind} result; offered: "
            + ", ".join(f.media_type for f in table)
        )
    return lookup(best)


def request_language() -> str:
    """The language the client asks for with ``Accept-Language``: "ko" or "en" (the default)."""
    return request.accept_languages.best_match(["en", "ko"], default="en") or "en"
