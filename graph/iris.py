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

from rdflib import Namespace, URIRef

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
    "instance_iri",
    "expand_id",
    "article_iri",
    "article_graph",
    "sparql_prefixes",
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


def expand_id(value: str) -> str:
    """A full instance IRI from an id such as ``org/kakao`` (the path after ``/id/``).

    A full IRI (any scheme) is returned as it is; ``id/org/kakao`` and ``/org/kakao`` work too.

    Examples
    --------
    >>> expand_id("org/kakao")
    'https://policygraph.example/id/org/kakao'
    >>> expand_id("https://policygraph.example/id/org/kakao")
    'https://policygraph.example/id/org/kakao'
    """
    text = value.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", text):
        return text
    text = text.lstrip("/")
    if text.startswith("id/"):
        text = text[3:]
    return f"{PGID}{text}"


def article_iri(article_id: str) -> URIRef:
    """The IRI of the article with the given id (16 hex digits for the seed articles)."""
    return URIRef(f"{PGID}article/{article_id}")


def article_graph(article_id: str) -> URIRef:
    """The IRI of the named graph that holds the facts of one article."""
    return URIRef(f"{PGG}article/{article_id}")


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for :data:`PREFIXES`, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
