"""Embedded Oxigraph store (pyoxigraph): on disk or in memory.

Writes are serialised by a lock; every write bumps the data version, which is kept beside the
database (``<dir>/data-version``) so that it survives restarts.

The version moves with the data, also across a crash (``kill -9``) at any moment. Oxigraph
commits an update in one transaction but has no place for a version number beside it, so the
version is kept by intent: before an update, ``<dir>/data-version.pending`` records the next
version and a *witness*, a fact that the update's transaction flips (a quad it removes, a quad
it adds, a graph it creates or drops, or the number of quads matching a pattern). After the
commit the version file is replaced (atomically) and the intent removed. On opening, an intent
left behind by a crash is settled by looking at the witness in the store: the version moves iff
the transaction committed. Writers that say what their update does (``effect``, as ingest,
SPARQL Update and the Graph Store do) get an exact witness; an update or load without one is
taken to have committed (the version may move once without a change, never the other way).
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, StoreUnavailable
from ..formats import rdf_format
from ..iris import PREFIXES
from .changes import Change, update_text
from .protocol import QueryResult, Runner, View
from .terms import values_query

__all__ = ["OxigraphStore", "OxigraphFollower", "vanished_file"]

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


def _term_json(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.DefaultGraph):
        return {"default": True}
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.BlankNode):
        return {"bnode": term.value}
    return {"literal": term.value, "datatype": term.datatype.value, "language": term.language}


def _json_term(data: Any) -> Any:
    if data is None:
        return None
    if "default" in data:
        return ox.DefaultGraph()
    if "iri" in data:
        return ox.NamedNode(data["iri"])
    if "bnode" in data:
        return ox.BlankNode(data["bnode"])
    if data["language"]:
        return ox.Literal(data["literal"], language=data["language"])
    return ox.Literal(data["literal"], datatype=ox.NamedNode(data["datatype"]))


def _has_bnode(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in quad)


class OxigraphStore:
    """An embedded pyoxigraph store. ``path=None`` keeps everything in memory."""

    name = "oxigraph"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        try:
            if self.path is None:
                self._store = ox.Store()
                self._version = 0
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path / "oxigraph"))
                self._version = self._read_version()
                self._settle()
        except OSError as exc:
            raise StoreUnavailable(f"cannot open the Oxigraph store at {self.path}: {exc}") from exc
        caps = {"transactions", "union-default-graph"}
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
        self._lock = threading.RLock()
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
        self.capabilities = frozenset({"union-default-graph", "read-only"})
        return self

    @classmethod
    def follow(cls, path: str | os.PathLike[str]) -> OxigraphFollower:
        """A read-only store that follows the data version of the store at ``path``, written by
        another process (``serve``'s front processes, server/fronts.py): see
        :class:`OxigraphFollower`."""
        return OxigraphFollower(path)

    @classmethod
    def open_view(cls, view: View) -> OxigraphStore:
        """A read-only view that :meth:`view` described: the store on disk, or a copy of an
        in-memory one (each holder has its own: meant for tests and small demos)."""
        if view.location is not None:
            return cls.open_read_only(view.location)
        store = cls()
        if view.data:
            store._store.bulk_load(view.data, format=ox.RdfFormat.N_QUADS)
        store._version = view.version
        return store

    def view(self) -> View:
        if self.path is not None:
            return View(self.name, self._version, location=str(self.path))
        with self._lock:  # the copy and its version agree
            return View(self.name, self._version, data=self.dump("nquads"))

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

    @property
    def _intent_file(self) -> Path:
        assert self.path is not None
        return self.path / "data-version.pending"

    def _write_atomically(self, path: Path, text: str) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)

    def _bump(self) -> None:
        self._version += 1
        if self.path is not None:
            self._write_atomically(self._version_file, f"{self._version}\n")
            self._intent_file.unlink(missing_ok=True)

    def _count(self, pattern: list[Any]) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(*pattern))

    def _witness(self, effect: Change) -> dict[str, Any] | None:
        """A fact about the store that the update of ``effect`` flips, with its value after the
        update (module docstring); None when there is none to be had."""
        for quad in effect.removed:  # in the store now (store blank nodes included)
            if self._count(list(quad)):
                return {"pattern": [_term_json(t) for t in quad], "after": 0}
        for quad in effect.added:
            if not _has_bnode(quad) and not self._count(list(quad)):
                return {"pattern": [_term_json(t) for t in quad], "after": 1}
        for graph in effect.created:
            if not self._store.contains_named_graph(graph):
                return {"graph": graph.value, "after": True}
        for graph in effect.dropped:
            if self._store.contains_named_graph(graph):
                return {"graph": graph.value, "after": False}
        for quad in effect.added:  # blank nodes get new names: count a pattern instead
            pattern = [None if isinstance(t, ox.BlankNode) else t for t in quad]
            matches = sum(
                all(p is None or p == t for p, t in zip(pattern, q, strict=True))
                for q in effect.added
            )
            return {
                "pattern": [_term_json(t) for t in pattern],
                "after": self._count(pattern) + matches,
            }
        return None

    def _holds(self, witness: dict[str, Any]) -> bool:
        """Whether the store shows the witness's after-update value."""
        if "graph" in witness:
            return (
                self._store.contains_named_graph(ox.NamedNode(witness["graph"])) == witness["after"]
            )
        return self._count([_json_term(t) for t in witness["pattern"]]) == witness["after"]

    def _intend(self, effect: Change | None) -> None:
        """Record the next version and its witness before a write (on-disk stores)."""
        if self.path is None:
            return
        witness = self._witness(effect) if effect is not None else None
        intent = {"version": self._version + 1, "witness": witness}
        self._write_atomically(self._intent_file, json.dumps(intent))

    def _settle(self) -> None:
        """After a crash: the version an interrupted write left, from its intent's witness."""
        try:
            intent = json.loads(self._intent_file.read_text())
        except FileNotFoundError:
            return
        except ValueError:  # the intent itself was cut short: no write had begun
            self._intent_file.unlink(missing_ok=True)
            return
        witness = intent.get("witness")
        committed = witness is None or self._holds(witness)
        log.warning(
            "an interrupted write %s: data version %s",
            "had committed" if committed else "had not committed",
            intent["version"] if committed else self._version,
        )
        if committed:
            self._version = int(intent["version"]) - 1
            self._bump()
        else:
            self._intent_file.unlink(missing_ok=True)

    def _abandon(self) -> None:
        """A write failed before committing: its intent goes, the version stays."""
        if self.path is not None:
            self._intent_file.unlink(missing_ok=True)

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
        default = None if default_graphs is None else [_graph_term(g) for g in default_graphs]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs is not None:
            named = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(
                sparql,
                prefixes=dict(prefixes) if prefixes else None,
                base_iri=base_iri or None,
                default_graph=default,  # type: ignore[arg-type]  # a list of graphs is accepted
                named_graphs=named,
                use_default_graph_as_union=default is None and union_default,
            )
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from exc

    def quads(
        self, subject: Any = None, predicate: Any = None, object: Any = None, graph: Any = None
    ) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(subject, predicate, object, graph)

    def subject_quads(self, subjects: Iterable[Any]) -> list[ox.Quad]:
        pattern = self._store.quads_for_pattern
        return [
            q
            for s in dict.fromkeys(subjects)
            if isinstance(s, ox.NamedNode | ox.BlankNode)
            for q in pattern(s, None, None, None)
        ]

    def subject_values(self, subjects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self._values("s", subjects, predicates)

    def object_values(self, objects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self._values("o", objects, predicates)

    def _values(self, end: str, terms: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        sparql = values_query(end, terms, predicates)
        if sparql is None:
            return []
        result = self._store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return [ox.Triple(row[0], row[1], row[2]) for row in result]

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def has_graph(self, iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(iri))

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        f = rdf_format(fmt)
        if graph is not None:
            out = self._store.dump(
                format=f.native, from_graph=_graph_term(graph), prefixes=PREFIXES
            )
        elif f.dataset:
            out = self._store.dump(format=f.native, prefixes=PREFIXES)
        else:
            merged = self._store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(merged, ox.QueryTriples)
            out = ox.serialize(merged, format=f.native, prefixes=PREFIXES)
        assert out is not None  # no output file given: the bytes are returned
        return out

    # --- writes ---------------------------------------------------------------------------
    @contextmanager
    def write_lock(self) -> Iterator[None]:
        with self._lock:
            yield

    def apply(self, change: Change) -> bool:
        """Make ``change`` as one SPARQL update (:func:`graph.store.changes.update_text`: one
        transaction), with the change as the crash witness (module docstring)."""
        if not change:
            return False
        self.update(update_text(change), effect=change)
        return True

    def update(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        effect: Change | None = None,
        runner: Runner | None = None,
    ) -> None:
        """Run ``sparql`` in one transaction. ``effect`` says what it does, so that the data
        version survives a crash exactly (module docstring); ``runner`` runs the engine's
        evaluation (the caller holds the lock meanwhile)."""

        def run() -> None:
            self._store.update(sparql, prefixes=dict(prefixes or {}), base_iri=base_iri)

        with self._lock:
            self._intend(effect)
            try:
                runner(run) if runner is not None else run()
            except SyntaxError as exc:
                self._abandon()
                raise InputError(f"SPARQL update syntax error: {exc}") from exc
            except BaseException:
                self._abandon()
                raise
            self._bump()

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        f = rdf_format(fmt)
        path = str(source) if isinstance(source, Path) else None
        data = None if isinstance(source, Path) else source
        to_graph = _graph_term(graph) if graph is not None else None
        with self._lock:
            self._intend(None)
            try:
                load = self._store.bulk_load if bulk else self._store.load
                load(input=data, format=f.native, path=path, to_graph=to_graph)
            except SyntaxError as exc:
                self._bump() if bulk else self._abandon()  # a bulk load may have begun writing
                raise InputError(
                    f"cannot parse {getattr(source, 'name', 'input')} as {f.name}: {exc}",
                    format=f.name,
                ) from exc
            except BaseException:
                self._abandon()
                raise
            self._bump()

    def close(self) -> None:
        if self.path is not None and "read-only" not in self.capabilities:
            self._store.flush()
        del self._store

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<OxigraphStore {where} v{self._version} {len(self)} quads>"


class OxigraphFollower:
    """The on-disk store at ``path``, read-only, at the data version its writer last committed.

    :meth:`refresh` (called at the start of each request, as for a remote store) looks at the
    ``data-version`` file, which the writing process replaces (a new inode) after each commit
    and before it answers the write: when the version moved on, the store is opened read-only
    again (some 10-20 ms at 10^6 quads), so a write is seen by the next request. A ``stat``
    when nothing moved (a few microseconds). Reads go to the store open at the time; the one it
    replaces is dropped when the last query on it ends. Everything else is the read-only
    :class:`OxigraphStore`'s."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._current = self._open()

    def _open(self) -> OxigraphStore:
        """The store as it is now, labelled with the version read *before* it was opened (a
        commit in between leaves newer data under an older label, opened again next time;
        never older data under a newer one). The stamp it was opened at is marked seen only
        once the store is in place: a request that finds the stamp seen finds the new store
        (two requests arriving together after a write both read the new data)."""
        stamp = self._stamp()
        version = OxigraphStore._read_version(self)  # type: ignore[arg-type]
        store = OxigraphStore.open_read_only(self.path)
        store._version = version
        self._current = store
        self._seen = stamp
        return store

    @property
    def _version_file(self) -> Path:
        return self.path / "data-version"

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._version_file)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> int:
        """Open the store again if its data version moved on; the version now."""
        if self._stamp() != self._seen:
            with self._lock:
                if self._stamp() != self._seen:
                    self._current = self._open()
        return self._current.data_version

    @property
    def data_version(self) -> int:
        return self._current.data_version

    @property
    def name(self) -> str:
        return self._current.name

    @property
    def capabilities(self) -> frozenset[str]:
        return self._current.capabilities

    def __getattr__(self, attr: str) -> Any:  # query, quads, dump, view, ... of the current
        return getattr(self.__dict__["_current"], attr)

    def __len__(self) -> int:
        return len(self._current)

    def __repr__(self) -> str:
        return f"<OxigraphFollower {self.path} v{self.data_version}>"
