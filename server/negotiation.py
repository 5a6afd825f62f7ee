"""Content negotiation over ``graph.formats``: the ``format`` parameter wins over ``Accept``."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import NotAcceptable

from graph.errors import InputError
from graph.formats import RDF_FORMATS, RESULT_FORMATS, Format, rdf_format, result_format

__all__ = ["choose_format"]


def choose_format(kind: str) -> Format:
    """The format to answer a result of ``kind`` ("solutions", "boolean" or "graph") in.

    A ``format`` request parameter (a name such as ``json`` or ``ttl``, or a media type) wins;
    otherwise the ``Accept`` header decides, with the first format of the family as default.
    Nothing acceptable -> 406 listing what is on offer.
    """
    graph = kind == "graph"
    table = RDF_FORMATS if graph else RESULT_FORMATS
    wanted = request.values.get("format") or request.values.get("output")
    if wanted:
        try:
            return (rdf_format if graph else result_format)(wanted)
        except InputError as exc:
            raise InputError(f"parameter format: {exc}") from None
    accept = request.accept_mimetypes
    if not accept:
        return table[0]
    offered = [m for f in table for m in f.media_types]
    best = accept.best_match(offered)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept fits a {kind} result; offered: "
            + ", ".join(f.media_type for f in table)
        )
    return (rdf_format if graph else result_format)(best)
