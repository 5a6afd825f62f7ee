"""The SPARQL 1.1 Graph Store HTTP Protocol operations on one graph, validated like updates.

A graph is named by its IRI, or ``None`` for the store's default graph. Writes are planned as a
:class:`~graph.write.update.Change`, validated incrementally outside the store's write lock and
written in one transaction under it (:func:`graph.write.update.check_change`,
:func:`graph.write.commit.commit_checked`). Bodies are read as uploads are
(:func:`graph.write.documents.read_rdf`: strict UTF-8, no DTD, nothing fetched, within the limits).

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> st = OxigraphStore()
>>> write_graph(st, "urn:g", b"<urn:a> <urn:p> 1 .", "turtle", replace=True)
True
>>> write_graph(st, "urn:g", b"<urn:a> <urn:p> 2 .", "turtle", replace=True)
False
>>> print(get_graph(st, "urn:g", "ntriples").decode(), end="")
<urn:a> <urn:p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .
>>> delete_graph(st, "urn:g"); graph_exists(st, "urn:g")
False
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError, NotFound
from ..formats import rdf_format
from ..limits import Limits
from ..store import Change, Store
from ..store.terms import canonical
from .commit import commit_checked
from .documents import read_rdf
from .update import apply_planned, check_change

__all__ = ["graph_exists", "get_graph", "write_graph", "delete_graph"]


def _name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    if graph is None:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graph)
    except ValueError as exc:
        raise InputError(f"graph {graph!r} is not an absolute IRI: {exc}") from None


def graph_exists(store: Store, graph: str | None) -> bool:
    """Whether the graph exists (the default graph always does)."""
    name = _name(graph)
    return isinstance(name, ox.DefaultGraph) or store.has_graph(name.value)


def _quads(store: Store, name) -> set[ox.Quad]:
    return set(store.quads(None, None, None, name))


def get_graph(store: Store, graph: str | None, fmt: str) -> bytes:
    """The graph serialised in ``fmt``. Raises NotFound for a named graph that does not exist."""
    if not graph_exists(store, graph):
        raise NotFound(f"there is no graph <{graph}> in the store", graph=graph or "")
    return store.dump(rdf_format(fmt).name, graph=graph if graph is not None else "default")


def _parse(data: bytes, fmt: str, name, base_iri: str | None, limits: Limits) -> set[ox.Quad]:
    f = rdf_format(fmt)
    if f.dataset:
        raise InputError(
            f"{f.media_type} holds a dataset; send one graph in a triple format (Turtle, "
            "N-Triples, RDF/XML, JSON-LD)"
        )
    try:
        parsed = read_rdf(data, f, limits=limits, deadline=limits.deadline(), base_iri=base_iri)
    except ValueError as exc:  # a base IRI that is not one
        raise InputError(f"cannot parse the request body as {f.name}: {exc}") from None
    return canonical(ox.Quad(q.subject, q.predicate, q.object, name) for q in parsed)


def write_graph(
    store: Store,
    graph: str | None,
    data: bytes,
    fmt: str,
    *,
    replace: bool,
    lang: str = "en",
    base_iri: str | None = None,
    limits: Limits | None = None,
) -> bool:
    """Replace the graph's content with ``data`` (``replace``: HTTP PUT) or merge ``data`` into
    it (POST); True when the graph was created. Raises ValidationFailed (nothing written)."""
    name = _name(graph)
    limits = limits or Limits()
    incoming = _parse(data, fmt, name, base_iri, limits)

    def prepare() -> tuple[bool, Change]:
        created = not graph_exists(store, graph)
        current = _quads(store, name)
        change = Change(
            removed=current - incoming if replace else set(),
            added=incoming - current,
            created={name} if created and isinstance(name, ox.NamedNode) else set(),
        )
        return created, check_change(store, change, lang=lang, limits=limits)

    def commit(plan: tuple[bool, Change]) -> bool:
        apply_planned(store, plan[1])
        return plan[0]

    return commit_checked(store, prepare, commit)


def delete_graph(
    store: Store, graph: str | None, *, lang: str = "en", limits: Limits | None = None
) -> None:
    """Remove the graph (empty the default graph). Raises NotFound when it does not exist."""
    name = _name(graph)

    def prepare() -> Change:
        if not graph_exists(store, graph):
            raise NotFound(f"there is no graph <{graph}> in the store", graph=graph or "")
        change = Change(
            removed=_quads(store, name),
            dropped={name} if isinstance(name, ox.NamedNode) else set(),
        )
        return check_change(store, change, lang=lang, limits=limits)

    commit_checked(store, prepare, lambda change: apply_planned(store, change))
