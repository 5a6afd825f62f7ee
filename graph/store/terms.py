"""Terms and quads between the libraries: the one rdflib <-> pyoxigraph converter, Oxigraph's
canonical literal forms, and plain Python values of terms.

The store, its parsers and the SPARQL endpoint speak pyoxigraph; SHACL (pySHACL) and the SPARQL
Update planner (rdflib's evaluator) speak rdflib. Every crossing goes through :func:`to_ox` and
:func:`from_ox`, term by term (no text in between: linear in the size of the terms).

Examples
--------
>>> from rdflib import Literal, URIRef
>>> to_ox(Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
<Literal value=5 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> from_ox(ox.Literal("x"))
rdflib.term.Literal('x')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

__all__ = [
    "Subject",
    "to_ox",
    "from_ox",
    "to_ox_quads",
    "rdflib_graph",
    "canonical",
    "python_value",
    "values_query",
]

#: What can be the subject of a quad (and so be described by the store).
Subject = ox.NamedNode | ox.BlankNode

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDFLIB_DEFAULT = str(DATASET_DEFAULT_GRAPH_ID)


def to_ox(term: Node | Graph | None) -> Any:
    """The pyoxigraph term for an rdflib one; ``None`` and rdflib's default graph name are the
    default graph, a graph is its name."""
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, Graph):  # rdflib's Dataset.quads may yield the graph itself
        return to_ox(term.identifier)
    if isinstance(term, URIRef):
        if str(term) == _RDFLIB_DEFAULT:
            return ox.DefaultGraph()
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def from_ox(term: Any) -> Node:
    """The rdflib term for a pyoxigraph one (``xsd:string`` literals plain, as rdflib's own
    parsers make them; the default graph is rdflib's default graph name)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def to_ox_quads(quads: Dataset | Iterable[Any]) -> list[ox.Quad]:
    """pyoxigraph quads from an rdflib Dataset, rdflib ``(s, p, o, g)`` tuples or ``ox.Quad``.

    Examples
    --------
    >>> q = to_ox_quads([(URIRef("urn:a"), URIRef("urn:p"), Literal("x"), URIRef("urn:g"))])
    >>> q[0].graph_name
    <NamedNode value=urn:g>
    """
    if isinstance(quads, Dataset):
        quads = quads.quads((None, None, None, None))
    out = []
    for quad in quads:
        if isinstance(quad, ox.Quad):
            out.append(quad)
        else:
            s, p, o, g = quad
            out.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)))
    return out


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """An rdflib graph of pyoxigraph triples (or quads, graph names dropped).

    Examples
    --------
    >>> t = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"))
    >>> list(rdflib_graph([t]))[0][2]
    rdflib.term.Literal('x')
    """
    graph = Graph()
    graph.addN(
        (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph) for t in triples
    )
    return graph


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with their literals in Oxigraph's canonical form (``34000.0`` -> ``34000``), so
    that they compare equal to what the store returns (a scratch in-memory store makes them).

    Examples
    --------
    >>> dec = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    >>> q = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1.0", datatype=dec))
    >>> next(iter(canonical([q]))).object.value
    '1'
    """
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


_INTEGERS = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"}


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
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in _INTEGERS:
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


def values_query(end: str, terms: Iterable[Any], predicates: Iterable[Any]) -> str | None:
    """The SPARQL query of :meth:`graph.store.Store.subject_values` (``end="s"``) and
    :meth:`~graph.store.Store.object_values` (``end="o"``): the named ``terms`` in one
    ``VALUES`` block, one branch of a ``UNION`` per named predicate (other terms skipped,
    duplicates once); None when there is nothing to look up. This shape is 1.5-2x faster than
    a ``VALUES (?s ?p)`` block of every pair, embedded and on the Oxigraph server (500 subjects
    x 5 properties at 10^5 quads: 15 against 23 ms embedded, 23 against 45 on the server).

    >>> values_query("s", [ox.NamedNode("urn:a"), ox.Literal("x")], [ox.NamedNode("urn:p")] * 2)
    'SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?s { <urn:a> } { ?s <urn:p> ?o BIND(<urn:p> AS ?p) } }'
    """
    named = [t for t in dict.fromkeys(terms) if isinstance(t, ox.NamedNode)]
    props = [p for p in dict.fromkeys(predicates) if isinstance(p, ox.NamedNode)]
    if not named or not props:
        return None
    branches = " UNION ".join(f"{{ ?s {p} ?o BIND({p} AS ?p) }}" for p in props)
    values = " ".join(str(t) for t in named)
    return f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?{end} {{ {values} }} {branches} }}"
