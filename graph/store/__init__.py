"""The store: the protocol every backend provides, and the registry that opens one by name.

A store holds the RDF dataset (one named graph per article, a registry graph and a metadata
graph) behind one interface (:class:`Store`, :mod:`graph.store.protocol`). Backends are
picked by name from :data:`BACKENDS` (setting ``store``), as rdflib's plugin registry picks a
store; :mod:`graph.store.oxigraph` is the embedded one. Nothing outside this package holds a
backend's own handle.

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .changes import Change, names_blank_nodes, update_text
from .oxigraph import OxigraphStore, vanished_file
from .protocol import CAPABILITIES, QueryResult, Runner, Store, View
from .seed import load_seed
from .terms import python_value

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "Store",
    "QueryResult",
    "Runner",
    "View",
    "Change",
    "CAPABILITIES",
    "Backend",
    "BACKENDS",
    "open_store",
    "backend_name",
    "open_view",
    "names_blank_nodes",
    "update_text",
    "python_value",
    "vanished_file",
]


@dataclass(frozen=True)
class Backend:
    """How to open one kind of store: read-write, read-only beside a writer, and a
    :class:`View` in another process."""

    open: Callable[[Settings], Store]
    open_read_only: Callable[[Settings], Store]
    open_view: Callable[[View], Store]


def _oxigraph(settings: Settings) -> Store:
    return OxigraphStore(None if settings.memory else settings.store_path)


def _oxigraph_read_only(settings: Settings) -> Store:
    if settings.memory:
        return OxigraphStore()
    return OxigraphStore.open_read_only(settings.store_path)


#: Backend name -> how to open it (setting ``store``).
BACKENDS: dict[str, Backend] = {
    "oxigraph": Backend(_oxigraph, _oxigraph_read_only, OxigraphStore.open_view),
}


def _remote(settings: Settings, *, read_only: bool = False) -> Store:
    from .remote import Credentials, RemoteStore

    if not settings.store_url:
        raise InputError("the remote store needs a URL (setting store_url, --store-url)")
    password = settings.store_password
    if settings.store_password_file:
        try:
            password = Path(settings.store_password_file).read_text().splitlines()[0].strip()
        except (OSError, IndexError):
            raise InputError(
                "cannot read the store password file (setting store_password_file)"
            ) from None
    return RemoteStore(
        settings.store_url,
        settings.store_engine,
        credentials=Credentials(settings.store_user, password) if settings.store_user else None,
        timeout=settings.query_timeout,
        odbc=settings.store_odbc,
        read_only=read_only,
        max_rows=settings.store_max_rows or None,
        odbc_driver=settings.store_odbc_driver,
    )


def _remote_view(view: View) -> Store:
    from .remote import RemoteStore

    return RemoteStore.open_view(view)


BACKENDS["remote"] = Backend(
    _remote, lambda settings: _remote(settings, read_only=True), _remote_view
)


def backend_name(settings: Settings) -> str:
    """The backend the settings pick: ``remote`` when a store URL is set, else ``store``."""
    return "remote" if settings.store_url else settings.store


def _backend(name: str) -> Backend:
    try:
        return BACKENDS[name]
    except KeyError:
        raise InputError(f"unknown store backend {name!r}; known: {', '.join(BACKENDS)}") from None


def open_store(settings: Settings, *, seed: bool | None = None, read_only: bool = False) -> Store:
    """Open the store the settings name (``read_only``: a view beside the process that writes
    it, which needs no lock).

    ``seed``: load the seed articles when the store is empty. Default: yes for an in-memory
    store, no for a persistent one (``policygraph build`` does that explicitly).
    """
    backend = _backend(backend_name(settings))
    store = (backend.open_read_only if read_only else backend.open)(settings)
    if (seed if seed is not None else settings.memory) and len(store) == 0:
        load_seed(store)
    return store


def open_view(view: View) -> Store:
    """Open a read-only view that :meth:`Store.view` described (in a query worker)."""
    return _backend(view.backend).open_view(view)
