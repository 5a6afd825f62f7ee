"""Any instance of the graph as a resource: what it is, every statement about it (and the
statements that point at it) with the articles behind them, and that description as RDF.

:func:`description` is what ``/id/<kind>/<slug>`` answers in Turtle, JSON-LD, N-Triples or
RDF/XML: the triples whose subject is the resource, those of the amounts it names (their
``id/amount/...`` nodes and blank nodes, followed), and the triples that point at it, each
triple once whatever graphs hold it. :func:`resource` gives the same for a page, labelled.

Examples
--------
>>> kakao = "https://policygraph.example/id/org/kakao"
>>> resource_types(seed_store, kakao)
['Company']
>>> len(description(seed_store, kakao)) > 10
True
>>> b"pg:Company" in serialize(description(seed_store, kakao), "turtle")
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..errors import NotFound
from ..formats import rdf_format
from ..iris import PG, PGID, PREFIXES, check_iri, local
from ..ontology import project_context
from ..store import Store
from .articles import article_items
from .rows import amounts, labels, named, number

__all__ = ["resource_types", "description", "serialize", "resource", "TURTLE_PREFIXES"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_EVIDENCE = ox.NamedNode(f"{PG}evidence")
_AMOUNT = f"{PGID}amount/"

#: Prefixes of the Turtle answers (instance IRIs stay whole: ``pgid:org\/kakao`` reads badly).
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k not in ("pgid", "pgg")}


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(check_iri(iri))


def resource_types(store: Store, iri: str) -> list[str]:
    """The local names of the resource's classes in ``pg:``, sorted."""
    found = {
        q.object.value
        for q in store.quads(_node(iri), _RDF_TYPE, None, None)
        if isinstance(q.object, ox.NamedNode)
    }
    return sorted(local(t) or t for t in found if t.startswith(str(PG)))


def _dependent(term: Any) -> bool:
    """Nodes described along with the resource: blank nodes and amounts."""
    return isinstance(term, ox.BlankNode) or (
        isinstance(term, ox.NamedNode) and term.value.startswith(_AMOUNT)
    )


def description(store: Store, iri: str) -> list[ox.Triple]:
    """The triples about ``iri`` (see the module docstring), sorted; empty when the graph
    does not know it."""
    node = _node(iri)
    triples: set[ox.Triple] = set()
    todo: list[Any] = [node]
    seen: set[Any] = {node}
    while todo:
        quads = store.subject_quads(todo)
        todo = []
        for q in quads:
            triples.add(ox.Triple(q.subject, q.predicate, q.object))
            if _dependent(q.object) and q.object not in seen:
                seen.add(q.object)
                todo.append(q.object)
    for q in store.quads(None, None, node, None):
        triples.add(ox.Triple(q.subject, q.predicate, q.object))
    return sorted(triples, key=str)


def serialize(triples: Iterable[ox.Triple], fmt: str, *, base: str | None = None) -> bytes:
    """The triples in the RDF format named ``fmt`` (turtle, jsonld, ntriples, rdfxml).

    JSON-LD is compacted with the project's context (``ontology/context.jsonld``), given
    inline. ``base`` (a deployment's base IRI, ending in ``/``) rewrites instance IRIs
    (``https://policygraph.example/id/...``) to ``<base>id/...``, the IRIs it serves.
    """
    f = rdf_format(fmt)
    triples = list(triples)
    if base:
        triples = [_rebased(t, f"{base}id/") for t in triples]
    if f.name == "jsonld":
        g = Graph()
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        context = project_context()
        if base:
            context = {**context, "pgid": f"{base}id/"}
        text = g.serialize(format="json-ld", context=context, auto_compact=True)
        return text.encode("utf-8")
    prefixes = TURTLE_PREFIXES if f.name == "turtle" else None
    return ox.serialize(triples, format=f.native, prefixes=prefixes) or b""


def _rebased(triple: ox.Triple, target: str) -> ox.Triple:
    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode) and t.value.startswith(str(PGID)):
            return ox.NamedNode(target + t.value[len(str(PGID)) :])
        return t

    return ox.Triple(term(triple.subject), triple.predicate, term(triple.object))


def _value(term: Any, found: dict[str, dict[str, Any]], money: dict[str, Any]) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        item: dict[str, Any] = named(term.value, found)
        if term.value in money:
            item["amount"] = money[term.value]
        return item
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else None
        value: Any = term.value
        if datatype and local(datatype) in {"decimal", "integer", "double", "float", "int"}:
            value = number(term.value)
        return {"value": value, "language": term.language, "datatype": local(datatype)}
    return {"value": str(term)}


def resource(store: Store, iri: str) -> dict[str, Any]:
    """A resource for a page: its classes and labels, each property with its values
    (labelled; amounts as numbers with their currency), the statements pointing at it, and
    the articles that are its evidence. Unknown: :class:`~graph.errors.NotFound`."""
    node = _node(iri)
    own = [q for q in store.subject_quads([node])]
    inbound = list(store.quads(None, None, node, None))
    if not own and not inbound:
        raise NotFound(f"nothing in the graph is named {iri}", id=iri)
    iris = {iri} | {q.object.value for q in own if isinstance(q.object, ox.NamedNode)}
    iris |= {q.subject.value for q in inbound if isinstance(q.subject, ox.NamedNode)}
    found = labels(store, iris)
    money = amounts(store, [i for i in iris if i.startswith(_AMOUNT)])
    properties: dict[str, list[dict[str, Any]]] = defaultdict(list)
    evidence: set[str] = set()
    for q in own:
        if q.predicate == _EVIDENCE and isinstance(q.object, ox.NamedNode):
            evidence.add(q.object.value)
            continue
        value = _value(q.object, found, money)
        if value not in properties[q.predicate.value]:
            properties[q.predicate.value].append(value)
    pointing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in inbound:
        value = named(q.subject.value, found) if isinstance(q.subject, ox.NamedNode) else {}
        if value and value not in pointing[q.predicate.value]:
            pointing[q.predicate.value].append(value)
    return {
        **named(iri, found),
        "types": resource_types(store, iri),
        "variants": found[iri]["variants"],
        "properties": [{"property": p, "values": v} for p, v in sorted(properties.items())],
        "referenced_by": [{"property": p, "subjects": v} for p, v in sorted(pointing.items())],
        "articles": article_items(store, evidence),
        "graphs": sorted(
            {q.graph_name.value for q in own if isinstance(q.graph_name, ox.NamedNode)}
        ),
    }
