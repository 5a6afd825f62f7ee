"""Embedded Oxigraph store (pyoxigraph): on disk or in memory.

Writes are serialised by a lock; every write bumps the data version, which is kept beside the
database (``<dir>/data-version``) so that it survives restarts.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, StoreUnavailable
from ..formats import rdf_format
from ..iris import PREFIXES
from . import QueryResult

__all__ = ["OxigraphStore", "vanished_file"]

log = logging.getLogger(__name__)


#: A read-only open that lost the race with a compaction (see open_read_only), and its tries.
_VANISHED = re.compile(r"No such file or directory|\.sst\b")
_OPEN_ATTEMPTS = 6


def vanished_file(exc: BaseException) -> bool:
    """Whether a read-only view failed because the writer's compaction removed one of its files
    (RocksDB; the view is then opened again, as it is by then)."""
    return isinstance(exc, OSError | RuntimeError) and bool(_VANISHED.search(str(exc)))


def _graph_term(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri in ("", "default") else ox.NamedNode(iri)


class OxigraphStore:
    """An embedded pyoxigraph store. ``path=None`` keeps everything in memory."""

    name = "oxigraph"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        try:
            if self.path is None:
                self._store = ox.Store()
                self._version = 0
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path / "oxigraph"))
                self._version = self._read_version()
        except OSError as exc:
            raise StoreUnavailable(f"cannot open the Oxigraph store at {self.path}: {exc}") from exc
        caps = {"transactions", "union-default-graph", "native-results"}
        self.capabilities = frozenset(caps | ({"persistent"} if self.path else set()))

    @classmethod
    def open_read_only(cls, path: str | os.PathLike[str]) -> OxigraphStore:
        """A read-only view of the on-disk store at ``path`` as it is now (query workers open
        one per data version; writes keep going through the one read-write store).

        It needs no lock, so it opens beside the process that writes the store. While that
        process compacts, a file the store's manifest lists can be gone by the time this view
        opens it (RocksDB: "Corruption: ... No such file or directory"); the open is then tried
        again, a few times, on the manifest as it is by then."""
        self = cls.__new__(cls)
        self.path = Path(path)
        self._lock = threading.Lock()
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                self._store = ox.Store.read_only(str(self.path / "oxigraph"))
                break
            except (OSError, RuntimeError) as exc:
                if not vanished_file(exc) or attempt == _OPEN_ATTEMPTS - 1:
                    raise StoreUnavailable(
                        f"cannot open the Oxigraph store at {path}: {exc}"
                    ) from exc
                log.debug("a file of %s went away while it was opened; opening again", path)
                time.sleep(0.05 * 2**attempt)
        self._version = self._read_version()
        self.capabilities = frozenset({"union-default-graph", "native-results", "read-only"})
        return self

    # --- version --------------------------------------------------------------------------
    @property
    def _version_file(self) -> Path:
        assert self.path is not None
        return self.path / "data-version"

    def _read_version(self) -> int:
        try:
            return int(self._version_file.read_text().strip() or 0)
        except FileNotFoundError:
            return 0
        except ValueError:
            log.warning("unreadable data version in %s; starting from 0", self._version_file)
            return 0

    def _bump(self) -> None:
        self._version += 1
        if self.path is not None:
            tmp = self._version_file.with_suffix(".tmp")
            tmp.write_text(f"{self._version}\n")
            tmp.replace(self._version_file)

    @property
    def data_version(self) -> int:
        return self._version

    # --- reads ----------------------------------------------------------------------------
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
        kwargs: dict[str, object] = {}
        if prefixes:
            kwargs["prefixes"] = dict(prefixes)
        if base_iri:
            kwargs["base_iri"] = base_iri
        if default_graphs is not None:
            kwargs["default_graph"] = [_graph_term(g) for g in default_graphs]
        elif union_default:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from exc

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        f = rdf_format(fmt)
        if graph is not None:
            return self._store.dump(
                format=f.native, from_graph=_graph_term(graph), prefixes=PREFIXES
            )
        if f.dataset:
            return self._store.dump(format=f.native, prefixes=PREFIXES)
        merged = self._store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        return ox.serialize(merged, format=f.native, prefixes=PREFIXES)

    # --- writes ---------------------------------------------------------------------------
    def update(self, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> None:
        with self._lock:
            try:
                self._store.update(sparql, prefixes=dict(prefixes or {}))
            except SyntaxError as exc:
                raise InputError(f"SPARQL update syntax error: {exc}") from exc
            self._bump()

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        f = rdf_format(fmt)
        kwargs: dict[str, object] = {"format": f.native}
        if isinstance(source, Path):
            kwargs["path"] = str(source)
        else:
            kwargs["input"] = source
        if graph is not None:
            kwargs["to_graph"] = _graph_term(graph)
        with self._lock:
            try:
                (self._store.bulk_load if bulk else self._store.load)(**kwargs)
            except SyntaxError as exc:
                raise InputError(
                    f"cannot parse {getattr(source, 'name', 'input')} as {f.name}: {exc}",
                    format=f.name,
                ) from exc
            self._bump()

    def close(self) -> None:
        if self.path is not None and "read-only" not in self.capabilities:
            self._store.flush()
        del self._store

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<OxigraphStore {where} v{self._version} {len(self)} quads>"
