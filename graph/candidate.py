"""Incremental validation of a change to the store: only what the change touches.

:func:`validate_change` validates the state the store *would* have after removing some quads and
adding others, without writing anything and without reading the whole store: it gathers the
post-change description of every node the change touches, plus the registry and metadata entries
those nodes refer to, plus the context SHACL needs to judge them (the types and labels of what
they point at, ``pg:within`` and ``owl:sameAs`` chains), and runs :func:`graph.validation.validate`
on that small graph. Results about context nodes (which the change does not touch, and whose
own context is cut off) are dropped. The cost grows with the size of the change, not the store.

Focus nodes are:

- every subject of an added or removed quad;
- every entry of ``pgg:registry`` or ``pgg:metadata`` those subjects refer to;
- the nodes that refer to a touched node whose ``rdf:type`` or ``owl:sameAs`` changes, or which
  disappears altogether (a ``sh:class`` or distinct-parties check elsewhere may depend on it).

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> from graph.seed import load_seed
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

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .iris import METADATA_GRAPH, REGISTRY_GRAPH
from .validation import Report, validate

if TYPE_CHECKING:
    from .store import Store

__all__ = ["QuadLike", "to_ox_quads", "canonical", "current_quads", "validate_change", "post_state"]

log = logging.getLogger(__name__)

#: A quad as the callers have it: a pyoxigraph ``Quad`` or an rdflib ``(s, p, o, g)`` tuple.
QuadLike = Any

_RDF_TYPE = ox.NamedNode(str(RDF.type))
_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
_WITHIN = "https://policygraph.example/ont#within"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ENTRY_GRAPHS = {str(REGISTRY_GRAPH), str(METADATA_GRAPH)}
_CHUNK = 400  # IRIs per VALUES block


def _ox_term(term: Node | None) -> Any:
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, Graph):  # rdflib's Dataset.quads may yield the graph itself
        return _ox_term(term.identifier)
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def to_ox_quads(quads: Dataset | Iterable[QuadLike]) -> list[ox.Quad]:
    """pyoxigraph quads from an rdflib Dataset, rdflib ``(s, p, o, g)`` tuples or ``ox.Quad``.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> q = to_ox_quads([(URIRef("urn:a"), URIRef("urn:p"), Literal("x"), URIRef("urn:g"))])
    >>> q[0].graph_name
    <NamedNode value=urn:g>
    """
    if isinstance(quads, Dataset):
        quads = quads.quads((None, None, None, None))
    out = []
    for quad in quads:
        if isinstance(quad, ox.Quad):
            out.append(quad)
            continue
        s, p, o, g = quad
        if g is not None and str(_graph_name(g)) == "urn:x-rdflib:default":
            g = None
        out.append(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_term(_graph_name(g))))
    return out


def _graph_name(g: Any) -> Any:
    return g.identifier if isinstance(g, Graph) else g


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with their literals in Oxigraph's canonical form (``34000.0`` -> ``34000``), so
    that they compare equal to what the store returns.

    Examples
    --------
    >>> dec = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    >>> q = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1.0", datatype=dec))
    >>> next(iter(canonical([q]))).object.value
    '1'
    """
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def _values(nodes: Iterable[ox.NamedNode]) -> Iterator[str]:
    iris = sorted(str(n) for n in nodes if isinstance(n, ox.NamedNode))
    for start in range(0, len(iris), _CHUNK):
        yield " ".join(iris[start : start + _CHUNK])


def current_quads(store: Store, subjects: Iterable[Any]) -> set[ox.Quad]:
    """Every quad in the store whose subject is one of ``subjects`` (named and default graph)."""
    out: set[ox.Quad] = set()
    for values in _values(subjects):
        rows = store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} "
            "{ GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
            default_graphs=["default"],
        )
        for row in rows:  # type: ignore[union-attr]
            graph = row["g"] if row["g"] is not None else ox.DefaultGraph()
            out.add(ox.Quad(row["s"], row["p"], row["o"], graph))
    return out


def _referrers(store: Store, objects: Iterable[Any]) -> set[Any]:
    out: set[Any] = set()
    for values in _values(objects):
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o }}")
        out.update(row["s"] for row in rows)  # type: ignore[union-attr]
    return out


def _chains(store: Store, starts: Iterable[Any]) -> set[ox.Triple]:
    """The ``pg:within`` and ``owl:sameAs`` (both ways) chains from ``starts``, with the types
    of the nodes on them: what the acyclic-containment and distinct-parties rules follow."""
    out: set[ox.Triple] = set()
    for values in _values(starts):
        rows = store.query(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?start {{ {values} }} "
            f"?start (<{_WITHIN}>|<{_SAME_AS.value}>|^<{_SAME_AS.value}>)* ?s . ?s ?p ?o . "
            f"FILTER (?p IN (<{_WITHIN}>, <{_SAME_AS.value}>, <{_RDF_TYPE.value}>)) }}"
        )
        out.update(ox.Triple(r["s"], r["p"], r["o"]) for r in rows)  # type: ignore[union-attr]
    return out


class _Snapshot:
    """The store's quads per subject, each subject fetched once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.quads: dict[Any, set[ox.Quad]] = {}

    def of(self, subjects: Iterable[Any]) -> dict[Any, set[ox.Quad]]:
        subjects = set(subjects)
        missing = subjects - set(self.quads)
        for subject in missing:
            self.quads[subject] = set()
        for quad in current_quads(self.store, missing):
            self.quads[quad.subject].add(quad)
        return {s: self.quads[s] for s in subjects}


def post_state(
    store: Store, added: set[ox.Quad], removed: set[ox.Quad], subjects: Iterable[Any]
) -> dict[Any, set[ox.Quad]]:
    """Subject -> its quads after the change (``added`` and ``removed`` already canonical)."""
    return _after(_Snapshot(store).of(subjects), added, removed)


def _after(
    now: dict[Any, set[ox.Quad]], added: set[ox.Quad], removed: set[ox.Quad]
) -> dict[Any, set[ox.Quad]]:
    state = {s: quads - removed for s, quads in now.items()}
    for quad in added:
        if quad.subject in state:
            state[quad.subject].add(quad)
    return state


def _objects(quads: Iterable[ox.Quad | ox.Triple]) -> set[Any]:
    return {q.object for q in quads if isinstance(q.object, ox.NamedNode | ox.BlankNode)}


def validate_change(
    store: Store,
    added: Dataset | Iterable[QuadLike],
    removed: Iterable[QuadLike] = (),
    *,
    lang: str = "en",
) -> Report:
    """Validate the store as it would be after removing ``removed`` and adding ``added``.

    Only the focus nodes the change touches are validated (see the module docstring), so the
    cost depends on the size of the change, not of the store. Nothing is written.

    Parameters
    ----------
    store : Store
        The store as it is now (only read, through ``store.query``).
    added, removed : rdflib.Dataset or iterable of quads
        pyoxigraph ``Quad`` objects or rdflib ``(s, p, o, g)`` tuples (``g`` None: default graph).
        A quad both removed and added stays.
    lang : str
        Language of the report's messages and labels ("ko" or "en").

    Returns
    -------
    Report
        Results about focus nodes only; ``conforms`` is false when one of them is a violation.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> validate_change(OxigraphStore(), []).results
    []
    """
    added_q = canonical(to_ox_quads(added))
    removed_q = canonical(to_ox_quads(removed)) - added_q
    touched = {q.subject for q in added_q | removed_q}
    if not touched:
        return Report(conforms=True, results=[], lang=lang)
    snapshot = _Snapshot(store)
    before = snapshot.of(touched)
    state = _after(before, added_q, removed_q)
    # Nodes whose identity changed: their referrers' sh:class / sameAs checks may change too.
    changed = {
        s
        for s in touched
        if _identity(before[s]) != _identity(state[s]) or (before[s] and not state[s])
    }
    referrers = _referrers(store, changed) - touched if changed else set()
    referrers |= {q.subject for q in added_q if q.object in changed} - touched
    state.update(_after(snapshot.of(referrers), added_q, removed_q))

    # Registry and metadata entries the focus nodes refer to (validated too).
    pointed = snapshot.of(_objects(q for quads in state.values() for q in quads) - set(state))
    entries = {s for s, quads in pointed.items() if any(_in_entry_graph(q) for q in quads)}
    state.update(_after(snapshot.of(entries), added_q, removed_q))
    focus = set(state)

    # Context: what the focus nodes point at, and the within/sameAs chains.
    triples = {q.triple for quads in state.values() for q in quads}
    context = snapshot.of(_objects(triples) - focus)
    triples |= {q.triple for quads in context.values() for q in quads}
    triples |= {t for t in _chains(store, focus | set(context)) if t.subject not in focus}

    graph = Graph().parse(
        data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt"
    )
    log.debug(
        "validating a change of +%d/-%d quads: %d focus nodes, %d triples",
        len(added_q),
        len(removed_q),
        len(focus),
        len(graph),
    )
    return _restrict(validate(graph, lang=lang), {_rdflib(n) for n in focus})


_IDENTITY = {_RDF_TYPE, _SAME_AS}


def _in_entry_graph(quad: ox.Quad) -> bool:
    return isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in _ENTRY_GRAPHS


def _identity(quads: Iterable[ox.Quad]) -> set[tuple[Any, Any]]:
    return {(q.predicate, q.object) for q in quads if q.predicate in _IDENTITY}


def _rdflib(node: Any) -> Node:
    return BNode(node.value) if isinstance(node, ox.BlankNode) else URIRef(node.value)


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
