"""Parse an uploaded RDF document by its media type, with line and column on syntax errors.

The formats accepted for ingest are in :data:`DOCUMENT_FORMATS` (format name -> parser); the
media types of each come from :mod:`graph.formats`. Fact sheets (:mod:`graph.factsheet`) come
as application/yaml, application/x-yaml or text/yaml, or as files named ``.yaml``, ``.yml`` or
``.factsheet.json``; :mod:`graph.write.ingest` converts them against the store's registry. A
:class:`Document` is what was sent with its format, decided once. Another module can add a
format with :func:`register_parser`. Parsing
uses Oxigraph's native parsers, so literals come out as the store will hold them;
:func:`read_rdf` is the same reader for the Graph Store's triple formats (and RDF/XML).

Nothing is fetched or opened on a document's behalf. JSON-LD documents may name the project's
context by :data:`CONTEXT_URL` (or ``context.jsonld``), also through ``@import`` and in
scoped contexts; it is read from ``ontology/context.jsonld``. Every other remote context is
refused. RDF/XML with a document type declaration (where entities are declared) is refused
before parsing: entity expansion can turn a few hundred bytes into gigabytes.

Every document is read as strict UTF-8 (a leading byte order mark is dropped) and within the
:class:`graph.limits.Limits`: quads, literal and IRI length, JSON nesting depth, time. RDF 1.2
syntax Oxigraph reads but the store cannot hold (triple terms, base directions) is refused.

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

import json
import re
import xml.parsers.expat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, PolicyGraphError
from ..factsheet.sheet import FACTSHEET_MEDIA_TYPES, is_factsheet
from ..formats import Format, rdf_format
from ..iris import BASE
from ..limits import Deadline, Limits, checked_quads, decoded_text, load_json, too_deep
from ..ontology import project_context
from ..store.terms import rdflib_graph, to_ox_quads
from ..validation.shacl import Report, validate

__all__ = [
    "CONTEXT_URL",
    "Document",
    "FACTSHEET",
    "file_format",
    "DOCUMENT_FORMATS",
    "Parser",
    "document_format",
    "parse_document",
    "read_rdf",
    "register_parser",
    "supported_media_types",
    "validate_files",
]

#: The IRI by which a JSON-LD document names the project's context (``ontology/context.jsonld``).
CONTEXT_URL = BASE + "context.jsonld"
_CONTEXT_NAMES = {CONTEXT_URL, "context.jsonld", "/context.jsonld"}

_PARSER_PREFIX = re.compile(r"^Parser error (at|between) [^:]*: |\s*\(line \d+\)$")
_BOM = b"\xef\xbb\xbf"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
#: Oxigraph's RDF/XML parser slows down with the square of an element's attributes (namespace
#: declarations included) and of the nesting depth; JSON-LD with the square of the contexts'
#: size times their uses. These bounds keep both far below a second.
_MAX_XML_ATTRIBUTES = 256
_MAX_CONTEXT_TERMS = 1024
_MAX_CONTEXTS = 64

#: A parser: (document bytes, limits, deadline) -> quads (pyoxigraph) or anything
#: graph.validation.incremental.to_ox_quads takes. :func:`register_parser` also takes
#: one-argument parsers.
Parser = Callable[[bytes, Limits, Deadline | None], Any]


def _syntax_error(exc: SyntaxError, fmt: str) -> InputError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f" at line {line}, column {column}" if line else ""
    message = _PARSER_PREFIX.sub("", str(exc.msg if getattr(exc, "msg", None) else exc))
    context: dict[str, Any] = {"format": fmt}
    if line:
        context.update(line=line, column=column)
    return InputError(f"cannot parse the document as {fmt}{where}: {message}", **context)


def _check_xml(data: bytes, limits: Limits) -> None:
    """RDF/XML: well-formed XML (Oxigraph's parser accepts a truncated document), no document
    type declaration (where entities, internal or external, live), no nesting deeper than
    ``max_nesting_depth``, at most :data:`_MAX_XML_ATTRIBUTES` attributes on an element.
    Checked by expat first, which is linear and, with no DTD, expands no entity."""
    if _DOCTYPE.search(data):
        raise InputError(
            "RDF/XML with a document type declaration (<!DOCTYPE ...> or <!ENTITY ...>) is not "
            "accepted: entities are never expanded or fetched; write the IRIs out in full",
            format="rdfxml",
        )
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.max_depth:
            raise too_deep(depth, limits, "RDF/XML document")
        if len(attributes) > _MAX_XML_ATTRIBUTES:
            raise InputError(
                f"the RDF/XML element <{name[:60]}> has {len(attributes)} attributes (namespace "
                f"declarations included); at most {_MAX_XML_ATTRIBUTES} are accepted",
                format="rdfxml",
            )

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:  # Oxigraph's parser takes a truncated document
        message = xml.parsers.expat.ErrorString(exc.code)
        raise InputError(
            f"cannot parse the document as rdfxml at line {exc.lineno}, column {exc.offset + 1}:"
            f" {message} (the XML is not well-formed)",
            format="rdfxml",
            line=exc.lineno,
            column=exc.offset + 1,
        ) from None


def read_rdf(
    data: bytes,
    fmt: str | Format,
    *,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """The quads of an RDF document in ``fmt`` (a name, media type or extension), read with
    Oxigraph's parser as strict UTF-8 within ``limits``; nothing is fetched.

    Raises
    ------
    InputError
        Not UTF-8, a syntax error (``context``: ``line`` and ``column`` when known), a DTD in
        RDF/XML, a remote JSON-LD context, RDF 1.2 syntax the store cannot hold.
    LimitExceeded
        Too many quads, a term too long, nested too deeply, too slow.

    Examples
    --------
    >>> [q.object.value for q in read_rdf(b"<x> <urn:p> 1 .", "turtle", base_iri="urn:b:")]
    ['1']
    """
    f = fmt if isinstance(fmt, Format) else rdf_format(fmt)
    limits = limits or Limits()
    text = decoded_text(data, "document")  # a plain message for bad bytes, before the parser's
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if f.name == "jsonld":
        data = _jsonld_bytes(text, limits)
    elif f.name == "rdfxml":
        _check_xml(data, limits)
    try:
        return checked_quads(ox.parse(data, format=f.native, base_iri=base_iri), limits, deadline)
    except SyntaxError as exc:
        if f.name == "jsonld":  # positions refer to the re-serialised text: leave them out
            message = str(exc.msg or exc)
            if "LoadDocumentCallback" in message:
                message = "a remote JSON-LD context is not fetched"
            raise InputError(
                f"cannot parse the document as jsonld: {message}", format="jsonld"
            ) from None
        raise _syntax_error(exc, f.name) from None


def _native(fmt: Format) -> Parser:
    def parse(data: bytes, limits: Limits, deadline: Deadline | None) -> list[ox.Quad]:
        return read_rdf(data, fmt, limits=limits, deadline=deadline)

    return parse


class _Contexts:
    """The JSON-LD tree's contexts with the project's inlined (also through ``@import`` and in
    scoped contexts); any other reference to a context is refused, and so are contexts too
    many or too large for Oxigraph to process in linear time."""

    def __init__(self) -> None:
        self.contexts = self.terms = 0

    def inline(self, node: Any) -> Any:
        """The tree with every context resolved (recursion is bounded: the tree is at most
        ``max_nesting_depth`` deep)."""
        if isinstance(node, list):
            return [self.inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: self.inline(value) for key, value in node.items() if key != "@context"}
        if "@context" in node:
            out["@context"] = self.resolve(node["@context"])
        return out

    def resolve(self, context: Any) -> Any:
        if isinstance(context, list):
            return [self.resolve(item) for item in context]
        if isinstance(context, str):
            if context in _CONTEXT_NAMES:
                return self._count(project_context())
            raise _remote(context)
        if not isinstance(context, dict):
            return context
        out: dict[str, Any] = {}
        if "@import" in context:
            reference = context["@import"]
            if not isinstance(reference, str) or reference not in _CONTEXT_NAMES:
                raise _remote(str(reference))
            out.update(project_context())
        for key, value in context.items():
            if key == "@import":
                continue
            if isinstance(value, dict) and "@context" in value:  # a scoped context
                value = {**value, "@context": self.resolve(value["@context"])}
            out[key] = value
        return self._count(out)

    def _count(self, context: dict[str, Any]) -> dict[str, Any]:
        self.contexts += 1
        self.terms += len(context)
        if self.contexts > _MAX_CONTEXTS or self.terms > _MAX_CONTEXT_TERMS:
            raise InputError(
                f"the JSON-LD document defines more than {_MAX_CONTEXTS} contexts or "
                f"{_MAX_CONTEXT_TERMS} terms in its contexts (the project's context counts "
                f"{len(project_context())}); use the project's context and few of your own",
                format="jsonld",
            )
        return context


def _remote(reference: str) -> InputError:
    return InputError(
        f"remote JSON-LD context {reference[:200]!r} is not fetched; use {CONTEXT_URL!r} "
        "(the project's context) or write the context inline",
        format="jsonld",
    )


def _jsonld_bytes(text: str, limits: Limits) -> bytes:
    tree = load_json(text, limits, "document")
    return json.dumps(_Contexts().inline(tree), ensure_ascii=False).encode("utf-8")


#: Format name -> parser, for the formats ingest accepts (media types in graph.formats).
DOCUMENT_FORMATS: dict[str, Parser] = {
    "trig": _native(rdf_format("trig")),
    "turtle": _native(rdf_format("turtle")),
    "nquads": _native(rdf_format("nquads")),
    "jsonld": _native(rdf_format("jsonld")),
}
#: Fact sheets (YAML or JSON): :mod:`graph.write.ingest` converts them against the store's
#: registry (:func:`graph.factsheet.sheet.convert_factsheet`); no parser reads them alone.
FACTSHEET = "factsheet"
_EXTRA_MEDIA_TYPES: dict[str, tuple[str, ...]] = {"factsheet": FACTSHEET_MEDIA_TYPES}


def register_parser(
    name: str, parser: Callable[[bytes], Any], media_types: tuple[str, ...] = ()
) -> None:
    """Accept another document format for ingest (``media_types`` when graph.formats has none).

    ``parser`` takes the document's bytes; what it returns is held to the same limits as the
    built-in formats' quads."""

    def parse(data: bytes, limits: Limits, deadline: Deadline | None) -> Any:
        return checked_quads(to_ox_quads(parser(data)), limits, deadline)

    DOCUMENT_FORMATS[name] = parse
    if media_types:
        _EXTRA_MEDIA_TYPES[name] = media_types


def _formats() -> list[str]:
    return [*DOCUMENT_FORMATS, FACTSHEET]


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
    return [m for name in _formats() for m in _media_types(name)]


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
    for name in _formats():
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


def parse_document(
    data: bytes,
    media_type: str,
    *,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> list[ox.Quad]:
    """Parse ``data`` in the format ``media_type`` names (a media type, name or extension),
    within ``limits`` (the defaults of the settings when None).

    Raises
    ------
    InputError
        Unknown format, or a syntax error (``context``: ``line`` and ``column`` when known).
    LimitExceeded
        A limit of :class:`graph.limits.Limits` (the setting is named).
    """
    name = document_format(media_type)
    if name == FACTSHEET:
        raise InputError("a fact sheet is converted against the store's registry: ingest it")
    return DOCUMENT_FORMATS[name](data, limits or Limits(), deadline)


def file_format(path: str | Path) -> str:
    """The ingest format of a file, from its name: a fact sheet (``.yaml``, ``.yml``,
    ``.factsheet.json``) or an RDF format by extension (``.trig``, ``.ttl``, ``.nq``,
    ``.jsonld``).

    >>> file_format("new/004.yml"), file_format("kakao-mou.ttl")
    ('factsheet', 'turtle')
    """
    path = Path(path)
    if is_factsheet(path.name):
        return FACTSHEET
    return document_format(path.suffix.lstrip(".") or path.name)


@dataclass(frozen=True)
class Document:
    """An article document as it was sent: its bytes, its ingest format (decided here, once:
    :meth:`of` from a media type, :meth:`from_file` from a file name) and the name of the file
    it came in (a fact sheet's default ``source_file``)."""

    data: bytes
    format: str
    name: str | None = None

    @classmethod
    def of(cls, data: bytes, media_type: str, name: str | None = None) -> Document:
        return cls(data, document_format(media_type), name)

    @classmethod
    def from_file(cls, path: Path) -> Document:
        return cls(path.read_bytes(), file_format(path), path.name)


def validate_files(paths: Sequence[str | Path], *, lang: str = "en") -> Report:
    """Validate RDF files together, as the union of everything they hold.

    The format comes from each file's extension (``.trig``, ``.ttl``, ``.nq``, ``.nt``,
    ``.jsonld``, ``.rdf``). The files are read as uploads are
    (:func:`read_rdf`:
    nothing fetched, no DTD, no remote JSON-LD context), but without the size limits of a write.

    Raises
    ------
    InputError
        A file has an unknown extension or cannot be parsed; the message names the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "amount.ttl"
    >>> _ = path.write_text("<urn:x:a> a <https://schema.org/MonetaryAmount> .")
    >>> report = validate_files([path])
    >>> report.counts()
    {'violation': 2, 'warning': 1, 'info': 0}
    >>> sorted(r.rule_id for r in report.results)
    ['amount-currency', 'amount-stated-as', 'amount-value']
    """
    unlimited = Limits(max_term_length=2**62, max_quads=2**62, max_depth=1000)
    quads = []
    for path in map(Path, paths):
        try:
            fmt = rdf_format(path.suffix.lstrip(".") or "?")
            quads += read_rdf(path.read_bytes(), fmt, limits=unlimited)
        except PolicyGraphError as exc:
            raise InputError(f"{path.name}: {exc}", path=str(path)) from exc
    return validate(rdflib_graph(quads), lang=lang)
