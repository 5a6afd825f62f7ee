"""The files of ``ontology/``, read once per process: the ontology, the shapes, the JSON-LD
context, and what other modules ask of them (rule ids, subclasses, declared terms, labels).

Everything returned is shared by every caller: treat it as read-only.

Examples
--------
>>> from rdflib.namespace import OWL, RDF
>>> (PG["Agreement"], RDF.type, OWL.Class) in load_ontology()
True
>>> {"agreement-parties-distinct", "amount-currency"} <= rule_ids()
True
"""

from __future__ import annotations

import functools
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .iris import PG, PGSH

__all__ = [
    "ONTOLOGY_DIR",
    "SHAPES_DIR",
    "load_ontology",
    "load_shapes",
    "rule_ids",
    "subclasses",
    "registry_classes",
    "declared_terms",
    "project_context",
    "term_label",
]

log = logging.getLogger(__name__)

#: The ``ontology/`` directory (shipped beside ``graph/`` as package data).
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"


def _parse(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def load_shapes() -> Graph:
    """The SHACL shapes graph: every ``ontology/shapes/*.ttl`` file.

    Examples
    --------
    >>> (PGSH["Agreement"], None, None) in load_shapes()
    True
    """
    graph = _parse(sorted(SHAPES_DIR.glob("*.ttl")))
    log.debug("loaded the shapes: %d triples", len(graph))
    return graph


@functools.cache
def load_ontology() -> Graph:
    """The ontology (``ontology/policygraph.ttl``) and its SKOS vocabularies (``ontology/vocab``).

    Validation mixes it into the data graph, for the ``rdfs:subClassOf`` hierarchy and the
    concept schemes."""
    files = sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl"))
    graph = _parse(files)
    log.debug("loaded the ontology: %d triples", len(graph))
    return graph


@functools.cache
def rule_ids() -> frozenset[str]:
    """Every rule id (``pgsh:ruleId``) declared in the shapes."""
    return frozenset(str(o) for o in load_shapes().objects(None, PGSH.ruleId))


@functools.cache
def subclasses(root: str) -> frozenset[ox.NamedNode]:
    """``root`` and every subclass of it in the ontology.

    >>> ox.NamedNode(PG + "Company") in subclasses(str(PG.Stakeholder))
    True
    """
    classes = load_ontology().transitive_subjects(RDFS.subClassOf, URIRef(root))
    return frozenset(ox.NamedNode(str(c)) for c in classes)


def registry_classes() -> frozenset[ox.NamedNode]:
    """What the registry describes: stakeholders and regions."""
    return subclasses(str(PG.Stakeholder)) | subclasses(str(PG.Region))


@functools.cache
def declared_terms() -> frozenset[str]:
    """Every class, property and datatype the ontology declares in the pg: namespace."""
    ontology = load_ontology()
    return frozenset(str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(PG))


@functools.cache
def project_context() -> dict[str, Any]:
    """The ``@context`` of ``ontology/context.jsonld`` (JSON-LD documents and exports)."""
    text = (ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def term_label(name: str, lang: str) -> str:
    """The ontology's label (``rdfs:label``) of a class or property of ``pg:`` in ``lang``,
    else in English, else ``name`` itself; for legends and edge labels in a chosen language.

    >>> term_label("Company", "ko"), term_label("party", "ko"), term_label("party", "en")
    ('기업', '협약 당사자', 'party')
    >>> term_label("noSuchTerm", "ko")
    'noSuchTerm'
    """
    found = _term_labels().get(name, {})
    return found.get(lang) or found.get("en") or name


@functools.cache
def _term_labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, o in load_ontology().subject_objects(RDFS.label):
        language = getattr(o, "language", None)
        if isinstance(s, URIRef) and s.startswith(str(PG)) and language:
            out[s[len(str(PG)) :]][language] = str(o)
    return dict(out)
