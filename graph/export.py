"""Exports: the partner network for graph tools, and the whole store as RDF.

Network formats (:data:`NETWORK_FORMATS`), all written by networkx or the standard library:
GEXF 1.3 (Gephi), GraphML (yEd, igraph, Cytoscape desktop), Cytoscape.js JSON, node-link JSON
(D3), Graphviz DOT (through pydot) and CSV (``nodes.csv`` + ``edges.csv`` in one zip file).

These formats cannot hold lists, so every list attribute (an edge's ``kinds``,
``relationships`` and ``articles``) is joined with :data:`SEPARATOR`; absent values (an undated
edge's ``first``/``last``) are left out, never written as ``"None"``. Nodes are identified by
their IRI and carry ``type``, ``label_ko``, ``label_en``, ``label`` (the English label, else the
Korean one: what Gephi, Graphviz and Cytoscape display) and the metrics of
:func:`graph.metrics.node_metrics` (``degree``, ``strength``, ``betweenness``, unweighted,
``pagerank``, ``eigenvector``, ``community``, ``component``, ``broker``). Edges carry
``kinds``, ``weight``, ``first``, ``last``, ``relationships`` and ``articles`` (the evidence).
GEXF and GraphML declare each attribute's type; DOT and CSV are untyped text, with booleans
written ``true``/``false``.

RDF dumps (:func:`export_rdf`): TriG and N-Quads keep the named graphs (one per article, the
registry, the metadata); Turtle, N-Triples, RDF/XML and JSON-LD are the merged (union) view.
JSON-LD is compacted with the project's context (``ontology/context.jsonld``) by rdflib.

Examples
--------
>>> from graph.config import Settings
>>> from graph.store import open_store
>>> store = open_store(Settings(memory=True))
>>> fmt = network_format("gexf")
>>> fmt.media_type, fmt.filename(as_of="2025-12-31")
('application/gexf+xml', 'policygraph-network-2025-12-31.gexf')
>>> export_network(store, "gexf")[:38]
b"<?xml version='1.0' encoding='utf-8'?>"
>>> export_rdf(store, "nq").count(b"\\n") == len(store)
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .errors import InputError
from .formats import Format, rdf_format
from .metrics import METRICS, node_metrics, store_metrics
from .network import parse_date, partner_network
from .snapshot import Snapshot, cached, snapshot
from .store import Store

__all__ = [
    "SEPARATOR",
    "NetworkFormat",
    "NETWORK_FORMATS",
    "network_format",
    "flat_network",
    "export_network",
    "export_rdf",
    "rdf_filename",
]

#: Joins list attributes (kinds, relationship IRIs, article IRIs) in every network format.
SEPARATOR = " | "

_STEM = "policygraph"


@dataclass(frozen=True)
class NetworkFormat:
    """One network export format: its name, file extension, media type and writer."""

    name: str
    extension: str
    media_type: str
    write: Callable[[nx.Graph], bytes]
    aliases: tuple[str, ...] = ()
    text: bool = True  #: a text format (its Content-Type names the charset)

    @property
    def content_type(self) -> str:
        """The Content-Type header value."""
        textual = self.text and not self.media_type.endswith("json")
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    def filename(
        self, *, as_of: str | dt.date | None = None, people: bool = False, typed: bool = False
    ) -> str:
        """The download file name, e.g. ``policygraph-network-people-2025-06-13.graphml``."""
        parts = [_STEM, "typed" if typed else "network"]
        if people:
            parts.append("people")
        if as_of is not None:
            parts.append(parse_date(as_of).isoformat())
        return "-".join(parts) + "." + self.extension


# --- flattening -----------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return SEPARATOR.join(str(v) for v in value)
    return value


def flat_network(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` that every format can hold: lists joined with :data:`SEPARATOR`,
    ``None`` values dropped, and a display ``label`` on every node.

    >>> g = nx.Graph()
    >>> g.add_node("urn:a", label_ko="가", label_en=None)
    >>> g.add_edge("urn:a", "urn:b", kinds=["agreement", "co-funding"], first=None)
    >>> f = flat_network(g)
    >>> f.nodes["urn:a"], f.edges["urn:a", "urn:b"]
    ({'label_ko': '가', 'label': '가'}, {'kinds': 'agreement | co-funding'})
    """
    out = type(g)()  # directed stays directed (the typed graph)
    out.graph.update({k: _flat(v) for k, v in g.graph.items() if v is not None})
    for n, data in g.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        label = attrs.get("label") or attrs.get("label_en") or attrs.get("label_ko")
        if label:
            attrs["label"] = label
        out.add_node(n, **attrs)
    for u, v, data in g.edges(data=True):
        out.add_edge(u, v, **{k: _flat(x) for k, x in data.items() if x is not None})
    _one_numeric_type([d for _, d in out.nodes(data=True)])
    _one_numeric_type([d for _, _, d in out.edges(data=True)])
    return out


def _one_numeric_type(records: list[dict[str, Any]]) -> None:
    """Where an attribute holds both ints and floats, make them all floats: GEXF and GraphML
    declare one type per attribute.

    >>> rows = [{"amount": 5}, {"amount": 2.5}, {"n": 1}]
    >>> _one_numeric_type(rows); rows
    [{'amount': 5.0}, {'amount': 2.5}, {'n': 1}]
    """
    floats = {k for r in records for k, v in r.items() if isinstance(v, float)}
    for r in records:
        for k in floats & r.keys():
            if isinstance(r[k], int) and not isinstance(r[k], bool):
                r[k] = float(r[k])


# --- writers (networkx and the standard library do the formats) ---------------------------


def _gexf(g: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", version="1.3")
    return buf.getvalue()


def _graphml(g: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue()


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _cytoscape(g: nx.Graph) -> bytes:
    return _json(nx.cytoscape_data(g, name="label"))


def _node_link(g: nx.Graph) -> bytes:
    # D3's force layout reads "nodes" and "links".
    return _json(nx.node_link_data(g, edges="links"))


def _text(value: Any) -> Any:
    """Booleans as XML Schema writes them (``true``/``false``) in the untyped formats."""
    return str(value).lower() if isinstance(value, bool) else value


def _untyped(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _text(v) for k, v in data.items()}


def _dot(g: nx.Graph) -> bytes:
    # pydot reads "a:b" as node a, port b: IRIs are quoted to stay whole node names.
    h = nx.Graph()
    h.add_nodes_from((f'"{n}"', _untyped(d)) for n, d in g.nodes(data=True))
    h.add_edges_from((f'"{u}"', f'"{v}"', _untyped(d)) for u, v, d in g.edges(data=True))
    return nx.nx_pydot.to_pydot(h).to_string().encode("utf-8")


_NODE_COLUMNS = ["id", "type", "label", "label_ko", "label_en", *METRICS, "iri"]
_EDGE_COLUMNS = ["source", "target", "kinds", "weight", "first", "last"]
_EDGE_COLUMNS += ["relationships", "articles"]


def _csv(rows: Iterable[dict[str, Any]], first: list[str]) -> bytes:
    rows = [_untyped(r) for r in rows]
    present = {k for r in rows for k in r}
    columns = [c for c in first if c in present] + sorted(present - set(first))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _csv_zip(g: nx.Graph) -> bytes:
    nodes = _csv(({"id": n, **d} for n, d in g.nodes(data=True)), _NODE_COLUMNS)
    edges = _csv(({"source": u, "target": v, **d} for u, v, d in g.edges(data=True)), _EDGE_COLUMNS)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("nodes.csv", nodes), ("edges.csv", edges)):
            # a fixed timestamp: the same network gives the same bytes
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


#: The network formats, by name; :func:`network_format` also takes extensions and aliases.
NETWORK_FORMATS: tuple[NetworkFormat, ...] = (
    NetworkFormat("gexf", "gexf", "application/gexf+xml", _gexf),
    NetworkFormat("graphml", "graphml", "application/graphml+xml", _graphml),
    NetworkFormat("cytoscape", "cyjs", "application/json", _cytoscape, aliases=("cytoscape.json",)),
    NetworkFormat("node-link", "json", "application/json", _node_link, aliases=("d3",)),
    NetworkFormat("dot", "dot", "text/vnd.graphviz", _dot, aliases=("gv", "graphviz")),
    NetworkFormat("csv", "zip", "application/zip", _csv_zip, text=False),
)


def network_format(key: str) -> NetworkFormat:
    """The network format for a name, extension or alias (case-insensitive).

    >>> network_format("cytoscape.json").name, network_format("zip").name
    ('cytoscape', 'csv')
    """
    wanted = key.strip().lower()
    for fmt in NETWORK_FORMATS:
        if wanted in (fmt.name, fmt.extension, *fmt.aliases):
            return fmt
    known = ", ".join(f"{f.name} (.{f.extension})" for f in NETWORK_FORMATS)
    raise InputError(f"unknown network format {key!r}; known: {known}", format=key)


# --- public entry points ----------------------------------------------------------------------


def _annotated(store: Snapshot, as_of: str | dt.date | None, people: bool) -> nx.Graph:
    """The partner network with each node's metrics (graph.metrics) as node attributes."""
    g = nx.Graph(partner_network(store, as_of=as_of, people=people))
    if people:  # store_metrics is of the organisations' network
        key = ("export_metrics", g.graph.get("as_of"), people)
        metrics = cached(store, key, lambda: node_metrics(g))
    else:
        metrics = store_metrics(store, as_of=as_of)
    for n, values in metrics.items():
        g.nodes[n].update(values)
    g.graph["separator"] = SEPARATOR
    return g


def export_network(
    store: Store | Snapshot,
    fmt: str,
    *,
    as_of: str | dt.date | None = None,
    people: bool = False,
    typed: bool = False,
) -> bytes:
    """The partner network of ``store`` written in ``fmt`` (see :data:`NETWORK_FORMATS`).

    ``as_of`` and ``people`` are those of :func:`graph.network.partner_network`.
    ``typed``: the typed stakeholder graph (graph.typed, directed; no metrics) instead of the
    partner network; it has no ``as_of`` or ``people`` variant.
    The file name and media type come from :func:`network_format`.

    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> data = export_network(open_store(Settings(memory=True)), "node-link")
    >>> sorted(json.loads(data))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    writer = network_format(fmt)
    store = snapshot(store)  # the network and its metrics of one data version
    if typed:
        from .typed import typed_network

        if as_of is not None or people:
            raise InputError("as_of and people apply to the partner network, not the typed graph")
        g = nx.DiGraph(typed_network(store))
        g.graph["separator"] = SEPARATOR
    else:
        g = _annotated(store, as_of, people)
    return writer.write(flat_network(g))


def rdf_filename(fmt: Format) -> str:
    """The download file name of an RDF dump, e.g. ``policygraph.trig``.

    >>> rdf_filename(rdf_format("jsonld"))
    'policygraph.jsonld'
    """
    return f"{_STEM}.{fmt.extension}"


def _context() -> dict[str, Any]:
    from .validation import ONTOLOGY_DIR

    text = (ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def export_rdf(store: Store, fmt: str) -> bytes:
    """The whole store in an RDF format (name, extension or media type; see graph.formats).

    Dataset formats (TriG, N-Quads) keep every named graph; the others hold the merged view.
    """
    f = rdf_format(fmt)
    if f.name != "jsonld":
        return store.dump(f.name)
    import rdflib

    merged = rdflib.Graph()
    merged.parse(data=store.dump("ntriples"), format="nt")
    return merged.serialize(format="json-ld", context=_context(), auto_compact=True).encode()
