"""Namespaces and IRI minting.

One fixed base holds the ontology (``ont#``), instances (``id/<kind>/<slug>``), named graphs
(``graph/...``) and SKOS vocabularies (``vocab/<scheme>/<concept>``).

Examples
--------
>>> str(instance_iri("org", "Kakao Corp."))
'https://policygraph.example/id/org/kakao-corp'
>>> str(article_graph("86ffe20fc9bd53a8"))
'https://policygraph.example/graph/article/86ffe20fc9bd53a8'
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
from rdflib import Namespace, URIRef

from .errors import InputError

__all__ = [
    "BASE",
    "PG",
    "PGID",
    "PGG",
    "PGV",
    "PGSH",
    "SCHEMA",
    "ORG",
    "REGISTRY_GRAPH",
    "METADATA_GRAPH",
    "PREFIXES",
    "slugify",
    "local",
    "expand",
    "instance_iri",
    "MAX_IRI_LENGTH",
    "check_iri",
    "expand_id",
    "article_iri",
    "article_graph",
]

BASE = "https://policygraph.example/"
PG = Namespace(BASE + "ont#")
PGID = Namespace(BASE + "id/")
PGG = Namespace(BASE + "graph/")
PGV = Namespace(BASE + "vocab/")
PGSH = Namespace(BASE + "shapes#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

REGISTRY_GRAPH = URIRef(BASE + "graph/registry")
METADATA_GRAPH = URIRef(BASE + "graph/metadata")

#: Prefixes known to every query the project writes and to the CLI and endpoint examples.
PREFIXES: dict[str, str] = {
    "pg": str(PG),
    "pgid": str(PGID),
    "pgg": str(PGG),
    "pgv": str(PGV),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def slugify(text: str) -> str:
    """Turn a name into a deterministic, readable ASCII slug.

    Examples
    --------
    >>> slugify("  AI Digital Hub (Namyangju) ")
    'ai-digital-hub-namyangju'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make an ASCII slug from {text!r}")
    return slug


def instance_iri(kind: str, name: str) -> URIRef:
    """The IRI of an instance of ``kind`` (``org``, ``person``, ...) named ``name``."""
    return URIRef(f"{PGID}{kind}/{slugify(name)}")


#: The longest id or IRI a caller may name (longer ones are refused before any lookup).
MAX_IRI_LENGTH = 2048

# Characters an IRI never holds, and the bidi formatting characters RFC 3987 (section 4.1)
# forbids in IRIs although its grammar lets them through.
_NOT_IN_IRI = re.compile(
    r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069'
    r"\ud800-\udfff\ufdd0-\ufdef\ufff0-\uffff]|%(?![0-9A-Fa-f]{2})"
)


def _shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message: escapes for invisible characters, long ones cut."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _character(ch: str) -> str:
    """``U+007B '{'`` or ``U+202E (RIGHT-TO-LEFT OVERRIDE)`` for a message."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    if ch.isprintable() and not ch.isspace():
        return f"{code} {ch!r}" + (f" ({name})" if ord(ch) > 0x7F and name else "")
    return f"{code} ({name})" if name else code


def check_iri(iri: str, *, parameter: str = "id", given: str | None = None) -> str:
    """``iri`` when it is an absolute IRI a store can hold; else :class:`InputError` naming
    ``parameter``, the value the caller ``given`` and the first character at fault.

    Examples
    --------
    >>> check_iri("https://policygraph.example/id/org/kakao")
    'https://policygraph.example/id/org/kakao'
    >>> try:
    ...     check_iri("urn:x{y", parameter="within")
    ... except InputError as exc:
    ...     print(exc.context["parameter"], "|", exc.message.split(": ", 2)[2])
    within | the character U+007B '{' is not allowed in an IRI (percent-encode it as %7B)
    """
    shown = _shown(iri if given is None else given)
    problem = None
    if len(iri) > MAX_IRI_LENGTH:
        problem = f"it is longer than {MAX_IRI_LENGTH} characters"
    elif found := _NOT_IN_IRI.search(iri):
        bad = found.group()
        if bad == "%":
            problem = "a % must be followed by two hexadecimal digits"
        else:
            escaped = "".join(f"%{b:02X}" for b in bad.encode("utf-8", "surrogatepass"))
            problem = f"the character {_character(bad)} is not allowed in an IRI" + (
                f" (percent-encode it as {escaped})" if bad.isprintable() else ""
            )
    else:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            problem = f"it is not an absolute IRI ({exc})"
    if problem:
        raise InputError(
            f"parameter {parameter}: {shown} is not a valid id or IRI: {problem}",
            parameter=parameter,
        )
    return iri


def expand_id(value: str, *, parameter: str = "id") -> str:
    """A full instance IRI from an id such as ``org/kakao`` (the path after ``/id/``).

    A full IRI (any scheme) is returned as it is; ``id/org/kakao`` and ``/org/kakao`` work too.
    An id that cannot make an IRI raises :class:`~graph.errors.InputError` naming
    ``parameter`` (see :func:`check_iri`).

    Examples
    --------
    >>> expand_id("org/kakao")
    'https://policygraph.example/id/org/kakao'
    >>> expand_id("https://policygraph.example/id/org/kakao")
    'https://policygraph.example/id/org/kakao'
    """
    text = value.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", text):
        return check_iri(text, parameter=parameter, given=value)
    text = text.lstrip("/")
    if text.startswith("id/"):
        text = text[3:]
    return check_iri(f"{PGID}{text}", parameter=parameter, given=value)


def article_iri(article_id: str) -> URIRef:
    """The IRI of the article with the given id (16 hex digits for the seed articles)."""
    return URIRef(f"{PGID}article/{article_id}")


def article_graph(article_id: str) -> URIRef:
    """The IRI of the named graph that holds the facts of one article."""
    return URIRef(f"{PGG}article/{article_id}")


def expand(name: str) -> str:
    """A prefixed name (``pg:party``) as a full IRI.

    >>> expand("pg:party")
    'https://policygraph.example/ont#party'
    """
    prefix, _, rest = name.partition(":")
    return PREFIXES[prefix] + rest


def local(iri: str | None) -> str | None:
    """The last segment of an IRI (a concept's or class's name): ``.../stage/earmarked`` ->
    ``earmarked``.

    >>> local("https://policygraph.example/vocab/budget-stage/earmarked")
    'earmarked'
    """
    if iri is None:
        return None
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
