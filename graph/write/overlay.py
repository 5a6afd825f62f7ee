"""A write-recording view of a store, for planning SPARQL updates without writing.

:class:`Overlay` is an rdflib store: rdflib's SPARQL Update evaluator reads the store through
it (the :class:`~graph.store.Store` protocol: pattern reads and the named graphs), and its
writes are recorded in a :class:`~graph.store.changes.Change` instead of being made. Reads see
the recorded writes, so each operation of an update sees the effect of the ones before. Reads
check a deadline and raise :class:`~graph.errors.QueryTimeout` past it.

Examples
--------
>>> from rdflib import Dataset, URIRef
>>> from graph.store.oxigraph import OxigraphStore
>>> store = OxigraphStore()
>>> store.load("<urn:a> <urn:p> <urn:b> .", "nquads")
>>> overlay = Overlay(store, None, None)
>>> ds = Dataset(store=overlay, default_union=False)
>>> _ = ds.default_graph.remove((URIRef("urn:a"), None, None))
>>> _ = ds.default_graph.add((URIRef("urn:c"), URIRef("urn:p"), URIRef("urn:d")))
>>> change = overlay.change
>>> [q.subject.value for q in change.removed], [q.subject.value for q in change.added]
(['urn:a'], ['urn:c'])
>>> len(store)
1
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store as RdflibStore

from ..errors import QueryTimeout
from ..store import Change, Store
from ..store.terms import from_ox, to_ox

__all__ = ["Overlay"]

_DEFAULT = ox.DefaultGraph()
_CHECK_EVERY = 64  # store reads between two looks at the clock


def _term(term: Any) -> Any:
    """A pattern term: None stays a wildcard."""
    return None if term is None else to_ox(term)


class Overlay(RdflibStore):
    """An rdflib store over a :class:`~graph.store.Store` that records writes instead of
    making them."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, store: Store, deadline: float | None, timeout: float | None) -> None:
        super().__init__()
        self.store = store
        self.change = Change()
        self.graphs: set[Any] = {ox.NamedNode(g) for g in store.named_graphs()}
        self.deadline, self.timeout, self._reads = deadline, timeout, 0
        #: while a WHERE with USING clauses runs: the named graphs GRAPH ?g may range over
        self.named_view: set[Any] | None = None

    # --- helpers ----------------------------------------------------------------------------
    def _tick(self) -> None:
        self._reads += 1
        if self.deadline and self._reads % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise QueryTimeout.after(self.timeout)

    @staticmethod
    def _graph(context: Any) -> Any:
        if context is None:
            return None
        identifier = context.identifier if isinstance(context, Graph) else context
        return _DEFAULT if identifier == DATASET_DEFAULT_GRAPH_ID else to_ox(identifier)

    def _in_base(self, quad: ox.Quad) -> bool:
        return any(True for _ in self.store.quads(*quad))

    def _present(self, pattern: tuple[Any, ...]) -> Iterator[ox.Quad]:
        for quad in self.store.quads(*pattern):
            self._tick()
            if quad not in self.change.removed:
                yield quad
        for quad in list(self.change.added):
            if all(x is None or x == y for x, y in zip(pattern, quad, strict=True)):
                yield quad

    def _context(self, graph_name: Any) -> Graph:
        identifier: Any = from_ox(graph_name)
        return Graph(store=self, identifier=identifier)

    # --- rdflib store API -------------------------------------------------------------------
    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        s, p, o = (to_ox(t) for t in triple)
        quad = ox.Quad(s, p, o, self._graph(context) or _DEFAULT)
        if quad in self.change.removed:
            self.change.removed.discard(quad)
        elif not self._in_base(quad):
            self.change.added.add(quad)
        if isinstance(quad.graph_name, ox.NamedNode):
            self.ensure_graph(quad.graph_name)

    def remove(self, triple: Any, context: Any = None) -> None:
        pattern = (*(_term(t) for t in triple), self._graph(context))
        for quad in list(self._present(pattern)):
            if quad in self.change.added:
                self.change.added.discard(quad)
            else:
                self.change.removed.add(quad)

    def triples(self, triple_pattern: Any, context: Any = None) -> Any:
        pattern = (*(_term(t) for t in triple_pattern),)
        graph = self._graph(context)
        for quad in self._present((*pattern, graph)):
            triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            yield triple, iter([self._context(quad.graph_name)])

    def __len__(self, context: Any = None) -> int:
        return sum(1 for _ in self._present((None, None, None, self._graph(context))))

    def contexts(self, triple: Any = None) -> Any:
        names = set(self.graphs) if self.named_view is None else set(self.named_view)
        if triple is not None:
            names = {q.graph_name for q in self._present((*(_term(t) for t in triple), None))}
        for name in sorted(names, key=str):
            yield self._context(name)

    def ensure_graph(self, name: ox.NamedNode) -> None:
        if name not in self.graphs:
            self.graphs.add(name)
            if name in self.change.dropped:
                self.change.dropped.discard(name)
            else:
                self.change.created.add(name)

    def add_graph(self, graph: Graph) -> None:
        name = self._graph(graph)
        if isinstance(name, ox.NamedNode):
            self.ensure_graph(name)

    def remove_graph(self, graph: Graph) -> None:
        name = self._graph(graph)
        self.remove((None, None, None), graph)
        if isinstance(name, ox.NamedNode) and name in self.graphs:
            self.graphs.discard(name)
            if name in self.change.created:
                self.change.created.discard(name)
            else:
                self.change.dropped.add(name)

    def bind(self, prefix: Any, namespace: Any, override: bool = True) -> None:
        pass

    def namespace(self, prefix: Any) -> None:
        return None

    def prefix(self, namespace: Any) -> None:
        return None

    def namespaces(self) -> Any:
        return iter(())
