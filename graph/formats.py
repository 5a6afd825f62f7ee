"""Format registry: format name <-> media types <-> file extension <-> pyoxigraph format.

Two families: SPARQL *result* formats (SELECT/ASK answers) and *RDF* formats (graphs and
datasets). The first media type of each entry is the one the server answers with.

Examples
--------
>>> rdf_format("ttl").media_type
'text/turtle'
>>> result_format("application/sparql-results+json").name
'json'
>>> [f.name for f in RDF_FORMATS if f.dataset]
['trig', 'nquads']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import pyoxigraph as ox

from .errors import InputError

__all__ = [
    "Format",
    "ResultFormat",
    "RdfFormat",
    "RESULT_FORMATS",
    "RDF_FORMATS",
    "result_format",
    "rdf_format",
]

#: The pyoxigraph format of a family: ``ox.QueryResultsFormat`` or ``ox.RdfFormat``.
N = TypeVar("N", bound=ox.QueryResultsFormat | ox.RdfFormat)


@dataclass(frozen=True)
class Format(Generic[N]):
    """One serialisation format of a family (``native``: its pyoxigraph format)."""

    name: str
    media_types: tuple[str, ...]
    extension: str
    native: N
    dataset: bool = False  #: can hold named graphs (quads)
    w3c: str = ""  #: the format's IRI under http://www.w3.org/ns/formats/
    aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats are UTF-8)."""
        return f"{self.media_type}; charset=utf-8"


_W3C = "http://www.w3.org/ns/formats/"

ResultFormat = Format[ox.QueryResultsFormat]
RdfFormat = Format[ox.RdfFormat]

RESULT_FORMATS: tuple[ResultFormat, ...] = (
    Format(
        "json",
        ("application/sparql-results+json", "application/json"),
        "srj",
        ox.QueryResultsFormat.JSON,
        w3c=_W3C + "SPARQL_Results_JSON",
        aliases=("srj",),
    ),
    Format(
        "xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        "srx",
        ox.QueryResultsFormat.XML,
        w3c=_W3C + "SPARQL_Results_XML",
        aliases=("srx",),
    ),
    Format("csv", ("text/csv",), "csv", ox.QueryResultsFormat.CSV, w3c=_W3C + "SPARQL_Results_CSV"),
    Format(
        "tsv",
        ("text/tab-separated-values",),
        "tsv",
        ox.QueryResultsFormat.TSV,
        w3c=_W3C + "SPARQL_Results_TSV",
    ),
)

RDF_FORMATS: tuple[RdfFormat, ...] = (
    Format(
        "turtle",
        ("text/turtle", "application/x-turtle"),
        "ttl",
        ox.RdfFormat.TURTLE,
        w3c=_W3C + "Turtle",
        aliases=("ttl",),
    ),
    Format(
        "ntriples",
        ("application/n-triples", "text/plain"),
        "nt",
        ox.RdfFormat.N_TRIPLES,
        w3c=_W3C + "N-Triples",
        aliases=("nt", "n-triples"),
    ),
    Format(
        "jsonld",
        ("application/ld+json",),
        "jsonld",
        ox.RdfFormat.JSON_LD,
        w3c=_W3C + "JSON-LD",
        aliases=("json-ld",),
    ),
    Format(
        "rdfxml",
        ("application/rdf+xml",),
        "rdf",
        ox.RdfFormat.RDF_XML,
        w3c=_W3C + "RDF_XML",
        aliases=("rdf", "xml", "rdf/xml"),
    ),
    Format(
        "trig", ("application/trig",), "trig", ox.RdfFormat.TRIG, dataset=True, w3c=_W3C + "TriG"
    ),
    Format(
        "nquads",
        ("application/n-quads",),
        "nq",
        ox.RdfFormat.N_QUADS,
        dataset=True,
        w3c=_W3C + "N-Quads",
        aliases=("nq", "n-quads"),
    ),
)


def _lookup(table: tuple[Format[N], ...], key: str, what: str) -> Format[N]:
    wanted = key.split(";")[0].strip().lower()
    for entry in table:
        if wanted in (entry.name, entry.extension, *entry.aliases, *entry.media_types):
            return entry
    names = ", ".join(f.name for f in table)
    raise InputError(f"unknown {what} format {key!r}; known: {names}")


def result_format(key: str) -> ResultFormat:
    """The SPARQL result format for a name, extension or media type."""
    return _lookup(RESULT_FORMATS, key, "SPARQL result")


def rdf_format(key: str) -> RdfFormat:
    """The RDF format for a name, extension or media type."""
    return _lookup(RDF_FORMATS, key, "RDF")
