"""Parse an uploaded RDF document by its media type, with line and column on syntax errors.

The formats accepted for ingest are in :data:`DOCUMENT_FORMATS` (format name -> parser); the
media types of each come from :mod:`graph.formats`. Fact sheets (:mod:`graph.factsheet`) come
as application/yaml, application/x-yaml or text/yaml; :mod:`graph.ingest` converts them against
the store's registry. Another module can add a format with :func:`register_parser`. Parsing
uses Oxigraph's native parsers, so literals come out as the store will hold them.

JSON-LD documents may name the project's context by :data:`CONTEXT_URL` (or ``context.jsonld``);
it is read from ``ontology/context.jsonld``, never fetched. Other remote contexts are refused.

Examples
--------
>>> quads = parse_document(b'<urn:a> <urn:p> "x" .', "text/turtle")
>>> quads[0].object.value
'x'
>>> try:
...     parse_document(b'<urn:a> <urn:p> .', "text/turtle")
... except InputError as exc:
...     print(exc.context["line"], exc.context["column"])
1 17
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import InputError
from .factsheet import FACTSHEET_MEDIA_TYPES, convert_factsheet
from .formats import Format, rdf_format
from .iris import BASE

__all__ = [
    "CONTEXT_URL",
    "DOCUMENT_FORMATS",
    "Parser",
    "document_format",
    "parse_document",
    "register_parser",
    "supported_media_types",
]

#: The IRI by which a JSON-LD document names the project's context (``ontology/context.jsonld``).
CONTEXT_URL = BASE + "context.jsonld"
_CONTEXT_NAMES = {CONTEXT_URL, "context.jsonld", "/context.jsonld"}
_CONTEXT_FILE = Path(__file__).resolve().parent.parent / "ontology" / "context.jsonld"

_PARSER_PREFIX = re.compile(r"^Parser error (at|between) [^:]*: |\s*\(line \d+\)$")

#: A parser: document bytes -> quads (pyoxigraph) or anything graph.candidate.to_ox_quads takes.
Parser = Callable[[bytes], Any]


def _syntax_error(exc: SyntaxError, fmt: str) -> InputError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f" at line {line}, column {column}" if line else ""
    message = _PARSER_PREFIX.sub("", str(exc.msg if getattr(exc, "msg", None) else exc))
    context: dict[str, Any] = {"format": fmt}
    if line:
        context.update(line=line, column=column)
    return InputError(f"cannot parse the document as {fmt}{where}: {message}", **context)


def _native(fmt: Format) -> Parser:
    def parse(data: bytes) -> list[ox.Quad]:
        try:
            return list(ox.parse(data, format=fmt.native))
        except SyntaxError as exc:
            raise _syntax_error(exc, fmt.name) from None

    return parse


@functools.cache
def _project_context() -> dict[str, Any]:
    return json.loads(_CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _inline_contexts(node: Any) -> Any:
    """The JSON-LD tree with every reference to the project context replaced by the context."""
    if isinstance(node, list):
        return [_inline_contexts(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline_contexts(value) for key, value in node.items() if key != "@context"}
    if "@context" in node:
        out["@context"] = _resolve_context(node["@context"])
    return out


def _resolve_context(context: Any) -> Any:
    if isinstance(context, list):
        return [_resolve_context(item) for item in context]
    if isinstance(context, str):
        if context in _CONTEXT_NAMES:
            return _project_context()
        raise InputError(
            f"remote JSON-LD context {context!r} is not fetched; use {CONTEXT_URL!r} "
            "(the project's context) or write the context inline",
            format="jsonld",
        )
    return context


def _parse_jsonld(data: bytes) -> list[ox.Quad]:
    try:
        tree = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot parse the document as jsonld: not UTF-8 (byte {exc.start})", format="jsonld"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"cannot parse the document as jsonld at line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}",
            format="jsonld",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    text = json.dumps(_inline_contexts(tree), ensure_ascii=False).encode("utf-8")
    try:
        return list(ox.parse(text, format=ox.RdfFormat.JSON_LD))
    except SyntaxError as exc:  # positions refer to the re-serialised text: leave them out
        raise InputError(
            f"cannot parse the document as jsonld: {exc.msg or exc}", format="jsonld"
        ) from None


def _parse_factsheet(data: bytes) -> list[ox.Quad]:
    """A fact sheet converted with no registry (graph.ingest converts against the store's)."""
    from .candidate import to_ox_quads

    return to_ox_quads(convert_factsheet(data).dataset)


#: Format name -> parser, for the formats ingest accepts (media types in graph.formats).
DOCUMENT_FORMATS: dict[str, Parser] = {
    "trig": _native(rdf_format("trig")),
    "turtle": _native(rdf_format("turtle")),
    "nquads": _native(rdf_format("nquads")),
    "jsonld": _parse_jsonld,
    "factsheet": _parse_factsheet,
}
_EXTRA_MEDIA_TYPES: dict[str, tuple[str, ...]] = {"factsheet": FACTSHEET_MEDIA_TYPES}


def register_parser(name: str, parser: Parser, media_types: tuple[str, ...] = ()) -> None:
    """Accept another document format for ingest (``media_types`` when graph.formats has none)."""
    DOCUMENT_FORMATS[name] = parser
    if media_types:
        _EXTRA_MEDIA_TYPES[name] = media_types


def _media_types(name: str) -> tuple[str, ...]:
    if name in _EXTRA_MEDIA_TYPES:
        return _EXTRA_MEDIA_TYPES[name]
    return rdf_format(name).media_types


def supported_media_types() -> list[str]:
    """Every media type ingest accepts, main type of each format first.

    Examples
    --------
    >>> supported_media_types()[:3]
    ['application/trig', 'text/turtle', 'application/x-turtle']
    """
    return [m for name in DOCUMENT_FORMATS for m in _media_types(name)]


def document_format(key: str) -> str:
    """The ingest format name for a media type, format name or file extension.

    Raises
    ------
    InputError
        With ``context["supported"]`` listing the accepted media types.

    Examples
    --------
    >>> document_format("application/ld+json; charset=utf-8"), document_format("ttl")
    ('jsonld', 'turtle')
    """
    wanted = key.split(";")[0].strip().lower()
    for name in DOCUMENT_FORMATS:
        try:
            known = {name, *_media_types(name)}
            fmt = rdf_format(name)
            known |= {fmt.extension, *fmt.aliases}
        except InputError:
            pass
        if wanted in known:
            return name
    supported = ", ".join(supported_media_types())
    raise InputError(
        f"unsupported document format {key or '(none)'!r}; supported: {supported}",
        supported=supported,
    )


def parse_document(data: bytes, media_type: str) -> list[ox.Quad]:
    """Parse ``data`` in the format ``media_type`` names (a media type, name or extension).

    Raises
    ------
    InputError
        Unknown format, or a syntax error (``context``: ``line`` and ``column`` when known).
    """
    return DOCUMENT_FORMATS[document_format(media_type)](data)
