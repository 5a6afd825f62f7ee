"""The Store protocol: what every store backend provides, and what it may announce it can do.

A backend must implement every method below; ``capabilities`` says which optional guarantees it
gives (:data:`CAPABILITIES`). Terms and quads are pyoxigraph's, whatever the backend: an
embedded Oxigraph store hands them over as they are; a remote SPARQL store (SPARQL 1.1
Protocol, Update and Graph Store over HTTP) parses its answers with pyoxigraph's parsers.

Reads
    :meth:`~Store.query` (SPARQL, union default graph by default), :meth:`~Store.quads` (one
    pattern: one call), :meth:`~Store.subject_quads` (every quad about a set of subjects: one
    call, so that a remote backend pays one round trip for many subjects),
    :meth:`~Store.subject_values` and :meth:`~Store.object_values` (the distinct triples of
    some properties of a set of subjects, or objects, over the union of the graphs: one call),
    :meth:`~Store.named_graphs`,
    :meth:`~Store.has_graph`, ``len()``, :meth:`~Store.dump`,
    :attr:`~Store.data_version`.
Writes
    :meth:`~Store.apply` (a :class:`~graph.store.changes.Change`, all of it or nothing, one new
    data version), :meth:`~Store.update` (a SPARQL Update, one transaction),
    :meth:`~Store.load` (a document; ``bulk`` for building an empty store),
    :meth:`~Store.write_lock` (serialises the writers: what is read under it still holds when
    ``apply`` runs under it).
Views
    :meth:`~Store.view` describes how another process (a query worker) opens a read-only view
    of the store at its current data version; :func:`graph.store.open_view` opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

import pyoxigraph as ox

from .changes import Change

__all__ = ["CAPABILITIES", "QueryResult", "Runner", "Store", "View"]

T = TypeVar("T")

#: What ``Store.query`` returns: pyoxigraph's own result objects, so that the endpoint writes
#: every result with pyoxigraph's native serialisers whatever the backend.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

#: Runs a call that makes the engine evaluate a client's text (see :meth:`Store.update`).
Runner = Callable[[Callable[[], Any]], Any]

#: The capabilities a backend may announce, and what each promises. None is required.
CAPABILITIES: dict[str, str] = {
    "persistent": "the data survives the process (on disk, or in a server)",
    "transactions": "apply, update and load are each all or nothing, also across a crash",
    "union-default-graph": "queries can read the union of all graphs as the default graph",
    "read-only": "this handle cannot write (a view beside the writer)",
    "remote-evaluation": "queries are evaluated by an engine in another process, and "
    "``query`` takes a ``timeout`` (seconds) that bounds the whole exchange (no query worker "
    "process is needed to stop one at its time limit) and a ``runner`` that runs the local "
    "parse of a client's text (a deep-stack thread without network)",
}


@dataclass(frozen=True)
class View:
    """How to open a read-only view of a store at one data version in another process:
    ``location`` (a directory, a URL) when the store can be shared, else ``data``, the whole
    store as N-Quads."""

    backend: str
    version: int
    location: str | None = None
    data: bytes | None = None


@runtime_checkable
class Store(Protocol):
    """What every store backend provides."""

    name: str
    capabilities: frozenset[str]

    @property
    def data_version(self) -> int:
        """A counter bumped by every write that changes the data; derived data is cached per
        version."""
        ...

    # --- reads ------------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        union_default: bool = True,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. With no dataset given, the default graph is the union of all
        graphs (``union_default=True``) or the query's own ``FROM`` dataset (``False``).
        ``prefixes`` are declared for the query in addition to its own ``PREFIX`` lines;
        relative IRIs resolve against ``base_iri`` unless the query has its own ``BASE``.
        A syntax error is an :class:`~graph.errors.InputError` caused by a ``SyntaxError``."""
        ...

    def quads(
        self,
        subject: Any = None,
        predicate: Any = None,
        object: Any = None,
        graph: Any = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern of pyoxigraph terms (None: any; ``graph`` None: every
        graph, the default graph too). Blank nodes match the store's own blank nodes, which a
        SPARQL query cannot name."""
        ...

    def subject_quads(self, subjects: Iterable[Any]) -> list[ox.Quad]:
        """Every quad (in any graph) whose subject is one of ``subjects`` (terms that cannot
        be subjects are skipped), in one call."""
        ...

    def subject_values(self, subjects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        """The distinct triples of the union of the graphs (the default graph too) whose subject
        is one of ``subjects`` and predicate one of ``predicates`` (named nodes; other terms are
        skipped), in one call: what ``SELECT DISTINCT ?s ?p ?o WHERE { VALUES (?s ?p) {..}
        ?s ?p ?o }`` answers, in no particular order."""
        ...

    def object_values(self, objects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        """The distinct triples of the union of the graphs whose object is one of ``objects``
        (named nodes; other terms are skipped) and predicate one of ``predicates``, in one
        call: what ``SELECT DISTINCT ?s ?p ?o WHERE { VALUES (?o ?p) {..} ?s ?p ?o }``
        answers, in no particular order."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted."""
        ...

    def has_graph(self, iri: str) -> bool:
        """Whether the store has the named graph ``iri`` (empty or not)."""
        ...

    def __len__(self) -> int:
        """Number of quads in the store."""
        ...

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        """Serialise the whole dataset (quad formats), one graph (``"default"``: the default
        graph), or the union of the graphs (triple formats)."""
        ...

    def view(self) -> View:
        """How another process opens a read-only view of the store as it is now."""
        ...

    # --- writes -----------------------------------------------------------------------------
    def write_lock(self) -> AbstractContextManager[Any]:
        """Hold off every other writer of the store (re-entrant): a checked write reads and
        compares the data version under it, then applies."""
        ...

    def apply(self, change: Change) -> bool:
        """Make ``change`` in one transaction under the write lock, with one new data version;
        False (and no new version) when it is empty. The change must not remove quads with
        blank nodes (:func:`graph.store.changes.names_blank_nodes`): run its update instead.
        The data version follows the data even across a crash."""
        ...

    def update(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        effect: Change | None = None,
        runner: Runner | None = None,
    ) -> None:
        """Run a SPARQL update as one transaction: all of it is applied, or none. ``effect``,
        when the caller knows it, says what the update does, so that the data version moves
        exactly with the data even across a crash. ``runner`` runs the engine's evaluation of
        a client's text (a thread without network, :func:`graph.query.sandbox.run_native`);
        a backend whose engine is not in this process ignores it."""
        ...

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        """Load a document (bytes/str data or a file path) in one transaction (``bulk``: faster,
        not transactional, for building an empty store)."""
        ...

    def close(self) -> None:
        """Release the store (flush to disk)."""
        ...
