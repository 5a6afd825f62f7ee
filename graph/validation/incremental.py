"""Incremental validation of a change to the store: only what the change can affect.

:func:`validate_change` validates the state the store *would* have after removing some quads and
adding others, without writing anything and without reading the whole store. It finds every
node whose validation result the change can alter (the *focus nodes*), gathers what SHACL needs
to judge them in the post-change state, and runs :func:`graph.validation.validate` on that
small graph; results about the rest (context, whose own context is cut off) are dropped. The
cost grows with the size of the change and of what it reaches, not with the store.

Soundness: a node's result depends on its own triples, on the types of the nodes it points at
(``sh:class``, the budget-funder rule), on the ``owl:sameAs`` classes of its ``pg:party`` values
(agreement-parties-distinct) and on its ``pg:within`` chain (place-within-acyclic); nothing in
the shapes reads incoming triples (no inverse paths, no ``sh:targetObjectsOf``: if a shape ever
does, :data:`INVERSE_PREDICATES` takes it in). So the focus nodes are:

- every subject of an added or removed quad (a new node is one: its own shapes are checked);
- every node that points at a node whose ``rdf:type`` changed or that disappeared;
- every node that points into the ``owl:sameAs`` class (both directions, before and after the
  change) of a node an added or removed ``owl:sameAs`` quad joins;
- every node whose ``pg:within`` chain reaches the subject of an added or removed ``pg:within``;
- the objects of added or removed quads whose predicate a shape reads backwards;
- the ``pgg:registry`` and ``pgg:metadata`` entries the focus nodes point at.

Class targets follow ``rdfs:subClassOf``, which only the ontology may state about the classes the
shapes read: :func:`check_ontology_terms` refuses, before anything else, a write that describes
one of the ontology's own terms (``pg:Company rdfs:subClassOf pg:Person``, ``pg:party a
owl:TransitiveProperty``) or states a schema axiom or identity with one of them, or a class the
shapes read, as object (``<urn:x> rdfs:subClassOf pg:Person``, ``<urn:x> rdfs:subClassOf
schema:MonetaryAmount``, ``<urn:x> owl:sameAs pg:Company``): data cannot change what the
ontology means, and with that refused the class hierarchy the shapes see is the ontology's.
Identity between *instances* (``owl:sameAs`` between two organisations) stays writable: the
shapes give it a meaning (agreement parties joined by it count once), and the check follows it
as said above. ``tests/graph/validation/test_gate.py`` holds the shapes to this list (every
path a SPARQL
constraint follows, every target kind), and a property-based test holds the whole to full
validation.

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> from graph.store.seed import load_seed
>>> store = OxigraphStore()
>>> _ = load_seed(store)
>>> kakao = ox.NamedNode("https://policygraph.example/id/org/kakao")
>>> registry = ox.NamedNode("https://policygraph.example/graph/registry")
>>> en = ox.Literal("Kakao Corporation Ltd.", language="en")
>>> pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
>>> report = validate_change(store, [ox.Quad(kakao, pref, en, registry)])
>>> report.conforms, sorted({r.rule_id for r in report.results})
(False, ['label-pref-unique', 'label-rdfs-mirror'])
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..errors import InputError
from ..iris import METADATA_GRAPH, PG, PGSH, PGV, PREFIXES, REGISTRY_GRAPH
from ..limits import Deadline
from ..ontology import load_ontology, load_shapes
from ..store import Change, Store
from ..store.terms import canonical, from_ox, rdflib_graph, to_ox_quads
from .shacl import Report, validate

__all__ = [
    "check_ontology_terms",
    "ontology_terms",
    "validate_change",
    "validate_planned",
]

log = logging.getLogger(__name__)


_RDF_TYPE = ox.NamedNode(str(RDF.type))
_SAME_AS = ox.NamedNode(str(OWL.sameAs))
_WITHIN = ox.NamedNode(str(PG.within))
_XSD_STRING = str(XSD.string)
_ENTRY_GRAPHS = {str(REGISTRY_GRAPH), str(METADATA_GRAPH)}
_NODE = ox.NamedNode | ox.BlankNode

#: Namespaces whose every term belongs to the project (ontology, shapes, vocabularies).
_OWN = (str(PG), str(PGSH), str(PGV), "https://policygraph.example/shapes")
#: The W3C vocabularies the ontology is written in: their terms are not the ontology's.
_META = (str(RDF), str(RDFS), str(OWL), str(XSD), str(SH))
#: Predicates that state what a class or property means (schema axioms) or identity.
_SCHEMA_PREDICATES = frozenset(
    ox.NamedNode(str(term))
    for term in (
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.sameAs,
        OWL.differentFrom,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.complementOf,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.oneOf,
        OWL.disjointUnionOf,
        OWL.onProperty,
        OWL.onClass,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.propertyChainAxiom,
        OWL.hasKey,
    )
)


# --- what a write may not say ------------------------------------------------------------------


@functools.cache
def ontology_terms() -> frozenset[str]:
    """The IRIs a write may not make the object of a schema axiom, identity or SHACL statement:
    the ontology's own terms (``pg:``, ``pgsh:``, ``pgv:``, :data:`_OWN`), the classes the
    shapes target or require (``sh:targetClass``, ``sh:class``) with their subclasses, and the
    other IRIs the ontology and shapes describe (``schema:value``). Subjects are held to the
    own terms only (:func:`check_ontology_terms`).

    Examples
    --------
    >>> {"https://schema.org/MonetaryAmount", str(PG.Company)} <= ontology_terms()
    True
    >>> "https://schema.org/Corporation" in ontology_terms()  # a superclass: no shape reads it
    False
    """
    ontology, shapes = load_ontology(), load_shapes()
    shaped = {c for p in (SH.targetClass, SH["class"]) for c in shapes.objects(None, p)}
    below = {s for c in shaped for s in ontology.transitive_subjects(RDFS.subClassOf, c)}
    described = {s for graph in (ontology, shapes) for s in graph.subjects()}
    terms = {str(t) for t in shaped | below | described if isinstance(t, URIRef)}
    return frozenset(t for t in terms if not t.startswith(_META))


def _is_own(term: Any) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(_OWN)


def _is_ontology_term(term: Any) -> bool:
    return isinstance(term, ox.NamedNode) and (_is_own(term) or term.value in ontology_terms())


def _short(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        names = {**PREFIXES, "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "sh": str(SH)}
        for prefix, namespace in names.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
    return str(term)


def check_ontology_terms(quads: Iterable[ox.Quad]) -> None:
    """Refuse a write that says what a term of the ontology means.

    Refused: any quad whose subject is one of the ontology's own terms (every IRI in the
    ``pg:``, ``pgsh:`` and ``pgv:`` namespaces: classes, properties, shapes, concepts), and any
    schema axiom, identity or SHACL statement (``rdfs:subClassOf``, ``owl:sameAs``,
    ``sh:targetClass``, ...) whose object is one of :func:`ontology_terms` (the own terms, the
    classes the shapes read, what the ontology describes). Instance data, ``rdf:type``
    included, and the other vocabularies' own axioms (``schema:Corporation rdfs:subClassOf
    schema:Organization``) stay writable: no shape reads them.

    Examples
    --------
    >>> axiom = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode(str(RDFS.subClassOf)),
    ...                 ox.NamedNode(str(PG.Person)))
    >>> try:
    ...     check_ontology_terms([axiom])
    ... except InputError as exc:
    ...     print(exc.context["term"])
    pg:Person
    """
    for q in quads:
        term: Any
        if _is_own(q.subject):
            term = q.subject
        elif _is_ontology_term(q.object) and (
            q.predicate in _SCHEMA_PREDICATES or q.predicate.value.startswith(str(SH))
        ):
            term = q.object
        else:
            continue
        raise InputError(
            f"a write may not change what the ontology means: '{_short(q.subject)} "
            f"{_short(q.predicate)} {_short(q.object)}' is about {_short(term)}, a term of the "
            "ontology, whose classes, properties, shapes and vocabularies are defined in "
            "ontology/ only; data may use the terms (rdf:type, properties), not redefine them",
            term=_short(term),
        )


# --- which nodes a change can affect --------------------------------------------------------


@functools.cache
def inverse_predicates() -> frozenset[ox.NamedNode]:
    """Predicates some shape reads from the object's side (``sh:targetObjectsOf``,
    ``sh:inversePath``): a change to such a quad can change its object's result."""
    shapes = load_shapes()
    found = set(shapes.objects(None, SH.targetObjectsOf)) | set(
        shapes.objects(None, SH.inversePath)
    )
    return frozenset(ox.NamedNode(str(p)) for p in found if isinstance(p, URIRef))


class _Reads:
    """The store's quads per subject, each subject fetched once, many in one call
    (:meth:`graph.store.Store.subject_quads`), the deadline looked at between calls."""

    _BATCH = 256

    def __init__(self, store: Store, deadline: Deadline | None) -> None:
        self.store = store
        self.deadline = deadline
        self.quads: dict[Any, set[ox.Quad]] = {}

    def of(self, subjects: Iterable[Any]) -> dict[Any, set[ox.Quad]]:
        wanted = list(dict.fromkeys(subjects))
        missing = [s for s in wanted if s not in self.quads]
        for start in range(0, len(missing), self._BATCH):
            if self.deadline is not None:
                self.deadline.check()
            batch = missing[start : start + self._BATCH]
            found: dict[Any, set[ox.Quad]] = {s: set() for s in batch}
            for quad in self.store.subject_quads(batch):
                found[quad.subject].add(quad)
            self.quads.update(found)
        return {s: self.quads[s] for s in wanted}


def _after(
    now: dict[Any, set[ox.Quad]], added: set[ox.Quad], removed: set[ox.Quad]
) -> dict[Any, set[ox.Quad]]:
    state = {s: quads - removed for s, quads in now.items()}
    for quad in added:
        if quad.subject in state:
            state[quad.subject].add(quad)
    return state


def _closure(starts: Iterable[Any], step: Callable[[Any], Iterable[Any]]) -> set[Any]:
    """Every node reachable from ``starts`` (included) by ``step``."""
    seen = set(starts)
    frontier = list(seen)
    while frontier:
        for node in step(frontier.pop()):
            if isinstance(node, _NODE) and node not in seen:
                seen.add(node)
                frontier.append(node)
    return seen


class _Edges:
    """Edges of one predicate in the store, plus those a change adds (a superset of the
    post-change edges: removed ones are kept, which only widens what is reached)."""

    def __init__(self, store: Store, predicate: ox.NamedNode, added: Iterable[ox.Quad]) -> None:
        self.store, self.predicate = store, predicate
        self.out: dict[Any, set[Any]] = {}
        self.into: dict[Any, set[Any]] = {}
        for q in added:
            if q.predicate == predicate:
                self.out.setdefault(q.subject, set()).add(q.object)
                self.into.setdefault(q.object, set()).add(q.subject)

    def forward(self, node: Any) -> set[Any]:
        stored = {q.object for q in self.store.quads(node, self.predicate)}
        return stored | self.out.get(node, set())

    def backward(self, node: Any) -> set[Any]:
        stored = {q.subject for q in self.store.quads(None, self.predicate, node)}
        return stored | self.into.get(node, set())

    def both(self, node: Any) -> set[Any]:
        return self.forward(node) | self.backward(node)


def _referrers(store: Store, nodes: Iterable[Any]) -> set[Any]:
    return {q.subject for n in nodes if isinstance(n, _NODE) for q in store.quads(None, None, n)}


def _affected(
    store: Store,
    snapshot: _Reads,
    added: set[ox.Quad],
    removed: set[ox.Quad],
    touched: set[Any],
) -> set[Any]:
    """The nodes besides ``touched`` whose result the change can alter (module docstring)."""
    before = snapshot.of(touched)
    state = _after(before, added, removed)
    changed = {
        s for s in touched if _types(before[s]) != _types(state[s]) or (before[s] and not state[s])
    }
    change = added | removed
    same_as = _Edges(store, _SAME_AS, added)
    joined = {n for q in change if q.predicate == _SAME_AS for n in (q.subject, q.object)}
    if joined:
        changed |= _closure(joined, same_as.both)
    within = _Edges(store, _WITHIN, added)
    moved = {q.subject for q in change if q.predicate == _WITHIN}
    affected = _referrers(store, changed) | {q.subject for q in added if q.object in changed}
    if moved:
        affected |= _closure(moved, within.backward)
    inverse = inverse_predicates()
    affected |= {q.object for q in change if q.predicate in inverse and isinstance(q.object, _NODE)}
    return affected - touched


def _types(quads: Iterable[ox.Quad]) -> set[Any]:
    return {q.object for q in quads if q.predicate == _RDF_TYPE}


def _objects(quads: Iterable[ox.Quad | ox.Triple]) -> set[Any]:
    return {q.object for q in quads if isinstance(q.object, _NODE)}


def validate_change(
    store: Store,
    added: Dataset | Iterable[Any],
    removed: Iterable[Any] = (),
    *,
    lang: str = "en",
    deadline: Deadline | None = None,
) -> Report:
    """Validate the store as it would be after removing ``removed`` and adding ``added``.

    Only the nodes the change can affect are validated (see the module docstring), so the
    cost depends on the size of the change, not of the store. Nothing is written.

    Parameters
    ----------
    store : Store
        The store as it is now (only read, through ``store.quads``).
    added, removed : rdflib.Dataset or iterable of quads
        pyoxigraph ``Quad`` objects or rdflib ``(s, p, o, g)`` tuples (``g`` None: default graph).
        A quad both removed and added stays.
    lang : str
        Language of the report's messages and labels ("ko" or "en").
    deadline : Deadline, optional
        When to give up (:class:`~graph.errors.LimitExceeded` naming ``check_timeout``).

    Returns
    -------
    Report
        Results about focus nodes only; ``conforms`` is false when one of them is a violation.

    Raises
    ------
    InputError
        The change says what a term of the ontology means (:func:`check_ontology_terms`).

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> validate_change(OxigraphStore(), []).results
    []
    """
    added_q = canonical(to_ox_quads(added))
    removed_q = canonical(to_ox_quads(removed)) - added_q
    return validate_planned(store, Change(removed=removed_q, added=added_q), lang, deadline)


def validate_planned(
    store: Store, change: Change, lang: str = "en", deadline: Deadline | None = None
) -> Report:
    """:func:`validate_change` of a planned change, whose quads are already pyoxigraph quads
    in canonical form (:func:`graph.store.terms.canonical`), as every write path plans them:
    nothing is converted again. A quad both removed and added must be left out of
    ``removed``."""
    added_q, removed_q = change.added, change.removed
    check_ontology_terms(added_q)
    touched = {q.subject for q in added_q | removed_q}
    if not touched:
        return Report(conforms=True, results=[], lang=lang)
    snapshot = _Reads(store, deadline)
    affected = _affected(store, snapshot, added_q, removed_q, touched)
    state = _after(snapshot.of(touched | affected), added_q, removed_q)

    # Registry and metadata entries the focus nodes refer to (validated too).
    pointed = snapshot.of(_objects(q for quads in state.values() for q in quads) - set(state))
    entries = {s for s, quads in pointed.items() if any(_in_entry_graph(q) for q in quads)}
    state.update(_after(snapshot.of(entries), added_q, removed_q))
    focus = set(state)

    # Context: what the focus nodes point at, the within/sameAs chains with their types, and
    # the quads a shape reads backwards. Nodes outside the focus are untouched: the store has
    # their post-change quads.
    triples = {q.triple for quads in state.values() for q in quads}
    context = snapshot.of(_objects(triples) - focus)
    triples |= {q.triple for quads in context.values() for q in quads}
    same_as, within = _Edges(store, _SAME_AS, added_q), _Edges(store, _WITHIN, added_q)
    chain = _closure(focus | set(context), lambda n: same_as.both(n) | within.forward(n)) - focus
    kept = {_RDF_TYPE, _SAME_AS, _WITHIN}
    triples |= {
        q.triple for quads in snapshot.of(chain).values() for q in quads if q.predicate in kept
    }
    inverse = inverse_predicates()
    if inverse:
        incoming = {
            q
            for node in focus
            for p in inverse
            for q in store.quads(None, p, node)
            if q not in removed_q
        }
        triples |= {q.triple for q in incoming | {q for q in added_q if q.predicate in inverse}}

    if deadline is not None:
        deadline.check()
    graph = rdflib_graph(triples)
    log.debug(
        "validating a change of +%d/-%d quads: %d focus nodes, %d triples",
        len(added_q),
        len(removed_q),
        len(focus),
        len(graph),
    )
    return _restrict(validate(graph, lang=lang, deadline=deadline), {from_ox(n) for n in focus})


def _in_entry_graph(quad: ox.Quad) -> bool:
    return isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in _ENTRY_GRAPHS


def _restrict(report: Report, focus: set[Node]) -> Report:
    """The report with only the results about ``focus`` nodes (the graph too)."""
    names = {str(n) for n in focus}
    results = [r for r in report.results if r.focus in names]
    graph = Graph()
    for prefix, namespace in report.graph.namespaces():
        graph.bind(prefix, namespace, override=False)
    conforms = not any(r.severity == "violation" for r in results)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(conforms)))
    for node in report.graph.objects(None, SH.result):
        if report.graph.value(node, SH.focusNode) in focus:
            graph.add((root, SH.result, node))
            _copy_description(report.graph, graph, node)
    return Report(conforms=conforms, results=results, lang=report.lang, graph=graph)


def _copy_description(source: Graph, target: Graph, node: Node) -> None:
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode):
            _copy_description(source, target, o)
