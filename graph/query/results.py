"""Query results written by pyoxigraph's own serialisers, counted as they are written.

The endpoint refuses a result of more than ``max_rows`` rows (it never cuts one short) and,
when queries run in the request's process, stops at the deadline. pyoxigraph can neither count
what its serialisers write nor make a result out of rows read in Python, so a result is written
once in a format with one row per line (TSV for solutions, N-Triples for triples: both escape
line breaks inside terms) to a writer that counts the lines, stops past the limit and looks at
the clock; the lines are the answer (TSV, N-Triples), or pyoxigraph's parser and serialiser turn
them into the format asked for, byte for byte what the engine would have written. No row is
built in Python.

Examples
--------
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x")))
>>> body, rows = write_result(store.query("SELECT ?o { ?s ?p ?o }"), result_format("csv"))
>>> body, rows
(b'o\\r\\nx\\r\\n', 1)
>>> write_result(store.query("SELECT ?o { ?s ?p ?o }"), result_format("json"), max_rows=0)
Traceback (most recent call last):
...
graph.errors.LimitExceeded: the result has more than 0 rows (setting max_result_rows); ...
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Mapping
from typing import IO, Any, cast

import pyoxigraph as ox

from ..errors import LimitExceeded, QueryTimeout
from ..formats import Format, rdf_format, result_format
from ..iris import PREFIXES
from ..store import QueryResult

__all__ = ["result_kind", "write_result", "serialize_result", "serialize_graph"]

_TSV = ox.QueryResultsFormat.TSV
_NT = ox.RdfFormat.N_TRIPLES


def result_kind(result: QueryResult) -> str:
    """``"solutions"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"`` (CONSTRUCT/DESCRIBE)."""
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


class _Lines(io.RawIOBase):
    """Where a serialiser writes: the bytes, their lines counted, refused past ``most`` lines
    or the deadline (the exception stops the serialiser, and the engine with it)."""

    def __init__(
        self, max_rows: int | None, header: int, deadline: float | None, timeout: float | None
    ) -> None:
        self.chunks: list[bytes] = []
        self.lines = 0
        self.max_rows, self.header = max_rows, header
        self.deadline, self.timeout = deadline, timeout

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.max_rows is not None and self.lines - self.header > self.max_rows:
            raise LimitExceeded(
                f"the result has more than {self.max_rows} {'rows' if self.header else 'triples'}"
                " (setting max_result_rows); add a LIMIT or narrow the query",
                limit="max_result_rows",
                value=self.max_rows,
            )
        self.check_clock()
        self.chunks.append(chunk)
        return len(chunk)

    def check_clock(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout.after(self.timeout)


def write_result(
    result: QueryResult,
    fmt: Format,
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
    timeout: float | None = None,
) -> tuple[bytes, int]:
    """The whole result in ``fmt`` (a result format for SELECT and ASK, an RDF format for
    CONSTRUCT and DESCRIBE) and its number of rows (triples; 1 for ASK).

    Raises
    ------
    LimitExceeded
        More than ``max_rows`` rows or triples.
    QueryTimeout
        ``deadline`` (a :func:`time.monotonic` value) passed while the result was written.
    """
    native = fmt.native
    if isinstance(result, ox.QueryBoolean):
        assert isinstance(native, ox.QueryResultsFormat), "an ASK result needs a result format"
        return _bytes(result.serialize(format=native)), 1
    solutions = isinstance(result, ox.QuerySolutions)
    out = _Lines(max_rows, int(solutions), deadline, timeout)  # TSV has a header line
    if isinstance(result, ox.QuerySolutions):
        result.serialize(cast(IO[bytes], out), format=_TSV)
    else:
        result.serialize(cast(IO[bytes], out), format=_NT)
    out.check_clock()
    lines = b"".join(out.chunks)
    rows = out.lines - solutions
    if native in (_TSV, _NT):
        return lines, rows
    if isinstance(native, ox.QueryResultsFormat):
        parsed = ox.parse_query_results(lines, format=_TSV)
        assert isinstance(parsed, ox.QuerySolutions)
        return _bytes(parsed.serialize(format=native)), rows
    return serialize_graph(ox.parse(lines, format=_NT), fmt, prefixes=_prefixes(fmt)), rows


def _bytes(out: bytes | None) -> bytes:
    """What a serialiser given no output file returns: its bytes."""
    assert out is not None
    return out


def _prefixes(fmt: Format) -> Mapping[str, str] | None:
    """The project's prefixes where a format uses them (Turtle, RDF/XML, TriG, N-Quads)."""
    return PREFIXES if fmt.dataset or fmt.name in {"turtle", "rdfxml"} else None


def serialize_graph(
    triples: Iterable[ox.Triple | ox.Quad], fmt: Format, *, prefixes: Mapping[str, str] | None
) -> bytes:
    """Triples (or default-graph quads) in an RDF format; in a dataset format (TriG, N-Quads)
    they are the default graph."""
    assert isinstance(fmt.native, ox.RdfFormat), "a graph needs an RDF format"
    # as default-graph quads: a dataset format keeps them there, a triple format writes them
    quads = (
        t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in triples
    )
    return _bytes(ox.serialize(quads, format=fmt.native, prefixes=dict(prefixes or {}) or None))


def serialize_result(result: QueryResult, fmt: Format | str) -> bytes:
    """A query result in a format (or format name) fitting its kind, whole, with no limit
    (the command line's ``query --format``)."""
    if isinstance(fmt, str):
        fmt = rdf_format(fmt) if result_kind(result) == "graph" else result_format(fmt)
    return write_result(result, fmt)[0]
