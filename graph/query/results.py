"""Query results written once, in the format asked, by pyoxigraph's own serialisers, counted
as they are written.

The endpoint refuses a result of more than ``max_rows`` rows (it never cuts one short) and,
when queries run in the request's process, stops at the deadline. pyoxigraph cannot count what
its serialisers write, so the serialiser writes to a file object that counts the rows in the
bytes as they come (8 KiB at a time), raises past the limit or the deadline (the exception stops
the serialiser, and the engine with it) and keeps the bytes: they are the answer, byte for byte
what the engine writes, with no second pass over the result. Each format has its own sure sign
of a row (:class:`_Rows`): a line for TSV, N-Triples and N-Quads (they escape line breaks
inside terms), a line outside quoted fields for CSV, a ``<result>`` element for XML (text
escapes ``<``), a solution object for JSON (an object opening in the ``bindings`` array, read
outside strings). Triples in the other RDF formats (Turtle, RDF/XML, JSON-LD, TriG) are counted
one by one as they are handed to the serialiser. No row is built in Python for solutions.

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
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, cast

import pyoxigraph as ox

from ..errors import LimitExceeded, QueryTimeout
from ..formats import Format, rdf_format, result_format
from ..iris import PREFIXES
from ..store import QueryResult

__all__ = ["result_kind", "write_result", "serialize_result", "serialize_graph"]

_R = ox.QueryResultsFormat
_LINE_GRAPH = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_CLOCK_EVERY = 1024  # triples handed over between two looks at the clock


def result_kind(result: QueryResult) -> str:
    """``"solutions"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"`` (CONSTRUCT/DESCRIBE)."""
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


class _Rows:
    """Counts the rows in a serialiser's output, fed in the chunks it writes. One subclass per
    format; ``feed`` returns the rows begun or ended in the chunk."""

    def feed(self, chunk: bytes) -> int:
        return chunk.count(b"\n")


class _CsvRows(_Rows):
    """Line breaks outside quoted fields (CSV writes a line break in a term as it is, quoted;
    a quote inside a field is doubled, so the split on quotes stays in step)."""

    def __init__(self) -> None:
        self.quoted = False

    def feed(self, chunk: bytes) -> int:
        parts = chunk.split(b'"')
        outside = parts[1::2] if self.quoted else parts[0::2]
        self.quoted ^= len(parts) % 2 == 0
        return sum(part.count(b"\n") for part in outside)


class _XmlRows(_Rows):
    """``<result>`` elements (text and attributes escape ``<``); a tag cut between two chunks is
    completed by the next one."""

    def __init__(self) -> None:
        self.tail = b""

    def feed(self, chunk: bytes) -> int:
        data = self.tail + chunk
        self.tail = data[-7:]  # shorter than the tag: never counted twice
        return data.count(b"<result>")


class _JsonRows(_Rows):
    """Solution objects: with escapes dropped and strings cut out, what is left is the
    structure, where a solution is an object that opens after the ``[`` of ``bindings`` or
    after a ``,`` (every other object opens after a ``:``)."""

    def __init__(self) -> None:
        self.in_string = False
        self.escape = b""  # a backslash whose escaped character is in the next chunk
        self.last = b""  # the last structural byte of the previous chunk

    def feed(self, chunk: bytes) -> int:
        data = self.escape + chunk
        self.escape = b""
        if b"\\" in data:
            data = _ESCAPE.sub(b"", data)
            if data.endswith(b"\\"):
                data, self.escape = data[:-1], b"\\"
        parts = data.split(b'"')
        outside = parts[1::2] if self.in_string else parts[0::2]
        self.in_string ^= len(parts) % 2 == 0
        structure = self.last + b"".join(outside)
        self.last = structure[-1:]
        return structure.count(b"[{") + structure.count(b",{")


def _rows_of(native: Any) -> tuple[_Rows, int]:
    """The row counter of a format and the number of header rows it counts."""
    if native == _R.JSON:
        return _JsonRows(), 0
    if native == _R.XML:
        return _XmlRows(), 0
    if native == _R.CSV:
        return _CsvRows(), 1
    if native == _R.TSV:
        return _Rows(), 1
    return _Rows(), 0  # N-Triples, N-Quads


class _Counted(io.RawIOBase):
    """Where a serialiser writes: the bytes kept (unless ``keep`` is false), their rows
    counted, refused past ``max_rows`` rows or the deadline."""

    def __init__(
        self,
        rows: _Rows,
        header: int,
        noun: str,
        max_rows: int | None,
        deadline: float | None,
        timeout: float | None,
        keep: bool = True,
    ) -> None:
        self.chunks: list[bytes] = []
        self.counter, self.rows, self.noun, self.keep = rows, -header, noun, keep
        self.max_rows, self.deadline, self.timeout = max_rows, deadline, timeout

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.rows += self.counter.feed(chunk)
        if self.max_rows is not None and self.rows > self.max_rows:
            raise _too_many(self.max_rows, self.noun)
        _check_clock(self.deadline, self.timeout)
        if self.keep:
            self.chunks.append(chunk)
        return len(chunk)


def _too_many(max_rows: int, noun: str) -> LimitExceeded:
    return LimitExceeded(
        f"the result has more than {max_rows} {noun} (setting max_result_rows); add a LIMIT or "
        "narrow the query",
        limit="max_result_rows",
        value=max_rows,
    )


def _check_clock(deadline: float | None, timeout: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout.after(timeout)


def write_result(
    result: QueryResult,
    fmt: Format,
    *,
    max_rows: int | None = None,
    deadline: float | None = None,
    timeout: float | None = None,
    keep: bool = True,
) -> tuple[bytes, int]:
    """The whole result in ``fmt`` (a result format for SELECT and ASK, an RDF format for
    CONSTRUCT and DESCRIBE) and its number of rows (triples; 1 for ASK). With ``keep`` false
    the result is read and counted, and no bytes are returned.

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
    if isinstance(result, ox.QuerySolutions) or native in _LINE_GRAPH:
        noun = "rows" if isinstance(result, ox.QuerySolutions) else "triples"
        out = _Counted(*_rows_of(native), noun, max_rows, deadline, timeout, keep)
        result.serialize(cast(IO[bytes], out), format=native)
        _check_clock(deadline, timeout)
        return b"".join(out.chunks), out.rows
    counted = [0]
    triples = _counting(cast(Iterable[ox.Triple], result), counted, max_rows, deadline, timeout)
    body = serialize_graph(triples, fmt, prefixes=_prefixes(fmt))
    _check_clock(deadline, timeout)
    return (body if keep else b""), counted[0]


def _counting(
    triples: Iterable[ox.Triple],
    counted: list[int],
    max_rows: int | None,
    deadline: float | None,
    timeout: float | None,
) -> Iterator[ox.Triple]:
    """``triples`` handed on one by one, counted in ``counted[0]``, refused past ``max_rows``
    or the deadline."""
    n = 0
    for triple in triples:
        n += 1
        if max_rows is not None and n > max_rows:
            counted[0] = n
            raise _too_many(max_rows, "triples")
        if n % _CLOCK_EVERY == 0:
            _check_clock(deadline, timeout)
        yield triple
    counted[0] = n


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
