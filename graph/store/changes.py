"""A change to a store, as data: quads removed and added, named graphs created and dropped; and
the one writer of its SPARQL Update text.

Every write path (ingest, delete, SPARQL Update, the Graph Store) plans a :class:`Change`,
validates it, and hands it to :meth:`graph.store.Store.apply`, which makes it in one
transaction with one new data version.

Examples
--------
>>> a, p = ox.NamedNode("urn:a"), ox.NamedNode("urn:p")
>>> print(update_text(Change(added={ox.Quad(a, p, ox.Literal("x"))})))
INSERT DATA {
<urn:a> <urn:p> "x" .
}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

__all__ = ["Change", "update_ops", "update_text", "names_blank_nodes"]


@dataclass
class Change:
    """What a write does: quads removed and added, named graphs created and dropped.

    Blank nodes in ``added`` are new blank nodes (as in ``INSERT DATA``). ``text`` is the SPARQL
    Update the change was planned from, when it was planned from one."""

    removed: set[ox.Quad] = field(default_factory=set)
    added: set[ox.Quad] = field(default_factory=set)
    created: set[ox.NamedNode] = field(default_factory=set)
    dropped: set[ox.NamedNode] = field(default_factory=set)
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.created or self.dropped)


def names_blank_nodes(change: Change) -> bool:
    """Whether the change removes quads with blank nodes, which no ``DELETE DATA`` can name."""
    return any(isinstance(t, ox.BlankNode) for q in change.removed for t in (q.subject, q.object))


def _data_block(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[str]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(
            body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}"
        )
    return "\n".join(parts)


def update_ops(change: Change) -> list[str]:
    """The operations that make ``change``, in order: dropped graphs, then ``DELETE DATA``,
    created graphs, ``INSERT DATA`` (a backend that runs them one by one in a transaction
    of its own, as Virtuoso over ODBC, takes them as a list).

    Raises
    ------
    ValueError
        The change removes quads with blank nodes (see :func:`names_blank_nodes`).
    """
    if names_blank_nodes(change):
        raise ValueError("DELETE DATA cannot name blank nodes: run the change's update instead")
    ops = [f"DROP SILENT GRAPH {g}" for g in sorted(change.dropped, key=str)]
    removed = [q for q in change.removed if q.graph_name not in change.dropped]
    if removed:
        ops.append(f"DELETE DATA {{\n{_data_block(removed)}\n}}")
    ops += [f"CREATE SILENT GRAPH {g}" for g in sorted(change.created, key=str)]
    if change.added:
        ops.append(f"INSERT DATA {{\n{_data_block(change.added)}\n}}")
    return ops


def update_text(change: Change) -> str:
    """One SPARQL update that makes ``change`` (one transaction when run): the operations of
    :func:`update_ops` in one request; empty for an empty change.

    Raises
    ------
    ValueError
        The change removes quads with blank nodes (see :func:`names_blank_nodes`).
    """
    return " ;\n".join(update_ops(change))
