"""The store interface and the registry of implementations.

A store holds the RDF dataset (one named graph per article, a registry graph and a metadata
graph) behind one small interface: query, update in a transaction, load, dump, data version.
Implementations are picked by name from :data:`BACKENDS`, the way rdflib's plugin registry
picks a store.

Examples
--------
>>> from graph.config import Settings
>>> store = open_store(Settings(memory=True), seed=False)
>>> store.data_version, len(store)
(0, 0)
>>> store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "x" } }')
>>> store.data_version, len(store)
(1, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pyoxigraph as ox

from ..errors import InputError

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["Store", "QueryResult", "BACKENDS", "open_store", "python_value"]

#: What ``Store.query`` returns: pyoxigraph's own result objects, so that the endpoint can use
#: pyoxigraph's fast native serialisers whatever the backend.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@runtime_checkable
class Store(Protocol):
    """What every store backend provides."""

    name: str
    #: Feature flags, e.g. ``{"persistent", "transactions", "union-default-graph"}``.
    capabilities: frozenset[str]

    @property
    def data_version(self) -> int:
        """A counter bumped by every write; derived data is cached per version."""
        ...

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
        relative IRIs resolve against ``base_iri`` unless the query has its own ``BASE``."""
        ...

    def quads(
        self,
        subject: Any = None,
        predicate: Any = None,
        object: Any = None,
        graph: Any = None,
    ) -> Iterable[ox.Quad]:
        """The quads matching a pattern of pyoxigraph terms (None: any; ``graph`` None: every
        graph, the default graph too). Blank nodes match the store's own blank nodes, which a
        SPARQL query cannot name."""
        ...

    def update(
        self, sparql: str, *, prefixes: Mapping[str, str] | None = None, effect: Any = None
    ) -> None:
        """Run a SPARQL update as one transaction: all of it is applied, or none. ``effect``,
        when the caller knows it, says what the update does (``removed`` and ``added`` quads,
        ``created`` and ``dropped`` graphs), so that the data version moves exactly with the
        data even across a crash."""
        ...

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        """Load a document (bytes/str data or a file path) in one transaction (``bulk``: faster,
        not transactional, for building an empty store)."""
        ...

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        """Serialise the whole dataset (quad formats), one graph, or the union (triple formats)."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store."""
        ...

    def __len__(self) -> int:
        """Number of quads in the store."""
        ...

    def close(self) -> None:
        """Release the store (flush to disk)."""
        ...


def python_value(term: Any) -> Any:
    """Turn a pyoxigraph term into a plain Python value: IRIs and literals to strings, numeric
    literals to int/Decimal/float, booleans to bool; None stays None.

    Examples
    --------
    >>> python_value(ox.Literal("6e11", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    Decimal('6E+11')
    >>> python_value(ox.NamedNode("https://policygraph.example/id/org/kakao"))
    'https://policygraph.example/id/org/kakao'
    """
    from decimal import Decimal

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}:
                return int(term.value)
            if dt == "decimal":
                return Decimal(term.value)
            if dt in {"double", "float"}:
                return float(term.value)
            if dt == "boolean":
                return term.value in {"true", "1"}
        except ValueError:
            return term.value
        return term.value
    return term.value


def _open_oxigraph(settings: Settings) -> Store:
    from .oxigraph import OxigraphStore

    return OxigraphStore(None if settings.memory else settings.store_path)


#: Backend name -> factory. The remote SPARQL store is added by a later version.
BACKENDS: dict[str, Callable[[Settings], Store]] = {"oxigraph": _open_oxigraph}


def open_store(settings: Settings, *, seed: bool | None = None) -> Store:
    """Open the store the settings name.

    ``seed``: load the seed articles when the store is empty. Default: yes for an in-memory
    store, no for a persistent one (``policygraph build`` does that explicitly).
    """
    try:
        factory = BACKENDS[settings.store]
    except KeyError:
        raise InputError(
            f"unknown store backend {settings.store!r}; known: {', '.join(BACKENDS)}"
        ) from None
    store = factory(settings)
    if seed if seed is not None else settings.memory:
        from .seed import load_seed

        if len(store) == 0:
            load_seed(store)
    return store
