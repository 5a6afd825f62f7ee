"""Exports: the partner network for graph tools, and the whole store as RDF.

Network formats (:data:`NETWORK_FORMATS`), written by networkx, the standard library or
:mod:`graph.network.dot`: GEXF 1.3 (Gephi), GraphML (yEd, igraph, Cytoscape desktop), Cytoscape JSON
(Cytoscape.js ``cy.json()`` and Cytoscape desktop), node-link JSON (D3), Graphviz DOT (styled
for people: :mod:`graph.network.dot`) and CSV (``nodes.csv`` + ``edges.csv`` in one zip file).

These formats cannot hold lists, so every list attribute (an edge's ``kinds``,
``relationships`` and ``articles``) is joined with :data:`SEPARATOR`; absent values (an undated
edge's ``first``/``last``) are left out, never written as ``"None"``. Nodes are identified by
their IRI and carry ``type``, ``label_ko``, ``label_en``, ``label`` (the label in the language
asked for, ``lang``: what Gephi, Graphviz and Cytoscape display; the other language when it
has none) and the metrics of :func:`graph.network.metrics.node_metrics` (``degree``, ``strength``,
``betweenness``, unweighted, ``pagerank``, ``eigenvector``, ``community``, ``component``,
``broker``). Edges carry a stable ``id`` (the same edge has the same id in every export),
``kinds``, ``weight``, ``first``, ``last`` (dates as written: ``2025`` stays a year),
``relationships`` and ``articles`` (the evidence), and ``label_ko``, ``label_en`` and
``label``: the names of the relationships (in the typed graph, of the properties). The graph
carries ``lang``, ``separator`` and the data version. GEXF and GraphML declare each
attribute's type; DOT and CSV are untyped text, with booleans written ``true``/``false``.

GEXF is written with dynamics where dates are known (``mode="dynamic"``,
``timeformat="date"``): an edge lives from the first day of its first date to the last day of
its last date (``2025`` is 2025-01-01 to 2025-12-31, ``2025-06`` the month), and in the typed
graph a dated node (an agreement, a budget's fiscal year, an article) lives through its date;
``first`` and ``last`` keep the dates as written. Gephi's timeline reads the ``start`` and
``end`` attributes.

RDF dumps (:func:`export_rdf`): TriG and N-Quads keep the named graphs (one per article, the
registry, the metadata); Turtle, N-Triples, RDF/XML and JSON-LD are the merged (union) view.
JSON-LD is compacted with the project's context (``ontology/context.jsonld``) by rdflib.

Examples
--------
>>> store = seed_store
>>> fmt = network_format("gexf")
>>> fmt.media_type, fmt.filename(as_of="2025-12-31", lang="ko")
('application/gexf+xml', 'policygraph-network-2025-12-31-ko.gexf')
>>> export_network(store, "gexf")[:38]
b"<?xml version='1.0' encoding='utf-8'?>"
>>> 'label="카카오"' in export_network(store, "gexf", lang="ko").decode()
True
>>> export_rdf(store, "nq").count(b"\\n") == len(store)
True
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..cache import Snapshot, cached, snapshot
from ..dates import parse_day, period_end, period_start
from ..errors import InputError
from ..formats import Format, rdf_format
from ..ontology import project_context, term_label
from ..query.sparql import solutions
from ..store import Store
from .metrics import METRICS, node_metrics, store_metrics
from .partners import partner_network

__all__ = [
    "SEPARATOR",
    "LANGUAGES",
    "check_lang",
    "NetworkFormat",
    "NETWORK_FORMATS",
    "network_format",
    "edge_id",
    "flat_network",
    "export_network",
    "export_rdf",
    "rdf_filename",
]

#: Joins list attributes (kinds, relationship IRIs, article IRIs) in every network format.
SEPARATOR = " | "

#: Languages of the display labels (``lang``); the first is the default.
LANGUAGES = ("en", "ko")

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
        self,
        *,
        as_of: str | dt.date | None = None,
        people: bool = False,
        typed: bool = False,
        lang: str | None = None,
    ) -> str:
        """The download file name, e.g. ``policygraph-network-people-2025-06-13.graphml``;
        labels in Korean add ``-ko`` (English, the default, adds nothing)."""
        parts = [_STEM, "typed" if typed else "network"]
        if people:
            parts.append("people")
        if as_of is not None:
            parts.append(parse_day(as_of).isoformat())
        if check_lang(lang) != LANGUAGES[0]:
            parts.append(check_lang(lang))
        return "-".join(parts) + "." + self.extension


def check_lang(lang: str | None) -> str:
    """The label language asked for: ``en`` or ``ko``; None is the default, ``en``. Anything
    else is an :class:`InputError` naming the parameter.

    >>> check_lang(None), check_lang("ko")
    ('en', 'ko')
    """
    if lang is None:
        return LANGUAGES[0]
    if lang not in LANGUAGES:
        raise InputError(
            f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}", parameter="lang"
        )
    return lang


# --- flattening -----------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return SEPARATOR.join(str(v) for v in value)
    return value


def edge_id(g: nx.Graph, u: str, v: str) -> str:
    """A stable id for the edge u–v: the same edge gets the same id in every export (of any
    date or format), and no two edges of a graph share one (the two ends, in order for a
    directed graph, hashed).

    >>> edge_id(nx.Graph(), "urn:a", "urn:b") == edge_id(nx.Graph(), "urn:b", "urn:a")
    True
    >>> edge_id(nx.DiGraph(), "urn:a", "urn:b") != edge_id(nx.DiGraph(), "urn:b", "urn:a")
    True
    """
    ends = (u, v) if g.is_directed() else tuple(sorted((u, v)))
    digest = hashlib.sha256("\n".join(ends).encode("utf-8")).hexdigest()
    return f"e{digest[:16]}"


def _display(data: dict[str, Any], lang: str) -> str | None:
    other = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
    return data.get(f"label_{lang}") or data.get(f"label_{other}") or None


def flat_network(g: nx.Graph, lang: str | None = None) -> nx.Graph:
    """A copy of ``g`` that every format can hold: lists joined with :data:`SEPARATOR`,
    ``None`` values dropped, a display ``label`` on every node and edge that has one (in
    ``lang``, else the other language) and a stable ``id`` on every edge (:func:`edge_id`).

    >>> g = nx.Graph()
    >>> g.add_node("urn:a", label_ko="가", label_en=None)
    >>> g.add_edge("urn:a", "urn:b", kinds=["agreement", "co-funding"], first=None)
    >>> f = flat_network(g)
    >>> f.nodes["urn:a"], f.edges["urn:a", "urn:b"]["kinds"], f.graph["lang"]
    ({'label_ko': '가', 'label': '가'}, 'agreement | co-funding', 'en')
    """
    lang = check_lang(lang)
    out = type(g)()  # directed stays directed (the typed graph)
    out.graph.update({k: _flat(v) for k, v in g.graph.items() if v is not None})
    out.graph["lang"] = lang
    for n, data in g.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        label = _display(attrs, lang) or attrs.get("label")
        if label:
            attrs["label"] = label
        out.add_node(n, **attrs)
    for u, v, data in g.edges(data=True):
        attrs = {k: _flat(x) for k, x in data.items() if x is not None}
        label = _display(attrs, lang)
        if label:
            attrs["label"] = label
        out.add_edge(u, v, id=edge_id(g, u, v), **attrs)
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


def _lifetime(data: dict[str, Any], first: str, last: str) -> None:
    """GEXF ``start``/``end`` (days) from dates at their precision: from the first day of
    ``first`` to the last day of ``last``."""
    try:
        data["start"] = period_start(str(data[first])).isoformat()
        data["end"] = period_end(str(data[last])).isoformat()
    except (KeyError, ValueError, IndexError):
        data.pop("start", None)  # undated, or a date no calendar has: static
        data.pop("end", None)


def _gexf(g: nx.Graph) -> bytes:
    # dynamics: networkx writes start/end and sets mode="dynamic", timeformat="date"
    h = g.copy()
    for _, data in h.nodes(data=True):
        _lifetime(data, "date", "date")
    for _, _, data in h.edges(data=True):
        _lifetime(data, "first", "last")
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", version="1.3")
    # networkx 3.6 declares the XML Schema instance namespace without "www." for GEXF 1.3,
    # so xsi:schemaLocation is an attribute of an unknown namespace to a validating reader
    return buf.getvalue().replace(_NX_XSI, _XSI, 1)


_NX_XSI = b'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"'
_XSI = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _graphml(g: nx.Graph) -> bytes:
    # The edge id goes in the <edge id="..."> attribute only: igraph reads that as the edge
    # attribute "id" and refuses a file that also has a data key named "id".
    h = g.copy()
    ids = [data.pop("id") for _, _, data in h.edges(data=True)]
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8")
    writer.add_graph_element(h)
    for element, ident in zip(writer.xml.iter("edge"), ids, strict=True):
        element.set("id", ident)
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue()


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _cytoscape(g: nx.Graph) -> bytes:
    """Cytoscape JSON as Cytoscape desktop writes it and cytoscape.js's ``cy.json()`` reads it:
    ``data`` an object, ``elements`` with ``nodes`` and ``edges``, every element's ``data``
    with a string ``id`` (a node's IRI, an edge's :func:`edge_id`), ``name`` the label shown
    and, for edges, ``source``, ``target`` and ``interaction`` (the kinds). ``directed``,
    ``multigraph`` and a node's ``value`` are kept for networkx's ``cytoscape_graph``."""
    kind = "typed graph" if g.graph.get("typed") else "partner network"
    labels = {n: d.get("label", n) for n, d in g.nodes(data=True)}
    nodes = [{"data": {**d, "id": n, "value": n, "name": labels[n]}} for n, d in g.nodes(data=True)]
    edges = []
    for u, v, d in g.edges(data=True):
        interaction = d.get("kinds", "")
        name = f"{labels[u]} ({interaction}) {labels[v]}"
        edges.append(
            {"data": {"name": name, **d, "source": u, "target": v, "interaction": interaction}}
        )
    document = {
        "format_version": "1.0",
        "generated_by": _STEM,
        "target_cytoscapejs_version": "~3",
        "data": {"name": f"{_STEM} {kind}", **g.graph},
        "directed": g.is_directed(),
        "multigraph": False,
        "elements": {"nodes": nodes, "edges": edges},
    }
    return _json(document)


def _node_link(g: nx.Graph) -> bytes:
    # D3's force layout reads "nodes" and "links".
    return _json(nx.node_link_data(g, edges="links"))


def _text(value: Any) -> Any:
    """Booleans as XML Schema writes them (``true``/``false``) in the untyped formats."""
    return str(value).lower() if isinstance(value, bool) else value


def _untyped(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _text(v) for k, v in data.items()}


def _dot(g: nx.Graph) -> bytes:
    from .dot import write_dot

    return write_dot(g, g.graph.get("lang", LANGUAGES[0]))


_NODE_COLUMNS = ["id", "type", "label", "label_ko", "label_en", *METRICS, "iri"]
_EDGE_COLUMNS = ["id", "source", "target", "kinds", "weight", "first", "last"]
_EDGE_COLUMNS += ["label", "label_ko", "label_en", "relationships", "articles"]


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
    nodes = _csv(({**d, "id": n} for n, d in g.nodes(data=True)), _NODE_COLUMNS)
    edges = _csv(({**d, "source": u, "target": v} for u, v, d in g.edges(data=True)), _EDGE_COLUMNS)
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


# Raw terms, one pattern, read once per data version (there are many names).
_NAMES = "SELECT DISTINCT ?s ?name WHERE { ?s skos:prefLabel|pg:roleTitle ?name }"


def _names(store: Store) -> dict[str, dict[str, str]]:
    """IRI -> {"ko": name, "en": name}: each thing's preferred label, or a post's title
    (cached per data version)."""

    def build() -> dict[str, dict[str, str]]:
        names: dict[str, dict[str, str]] = {}
        for s, name in solutions(store, _NAMES):
            lang = (getattr(name, "language", None) or "").split("-")[0]
            if lang in LANGUAGES:
                found = names.setdefault(s.value, {})
                if name.value < found.get(lang, "\uffff"):  # the same whatever the row order
                    found[lang] = name.value
        return names

    return cached(store, ("export_names",), build)


def _name_edges(store: Store, g: nx.Graph) -> None:
    """``label_ko``/``label_en`` on every edge: the names of its relationships (partner
    network) or of its properties (typed graph), joined with :data:`SEPARATOR`."""
    if g.graph.get("typed"):
        for _, _, data in g.edges(data=True):
            for lang in LANGUAGES:
                data[f"label_{lang}"] = [term_label(k, lang) for k in data.get("kinds", [])]
        return
    names = _names(store)
    for _, _, data in g.edges(data=True):
        for lang in LANGUAGES:
            found = [names.get(r, {}).get(lang) for r in data.get("relationships", [])]
            data[f"label_{lang}"] = list(dict.fromkeys(n for n in found if n)) or None


def _annotated(store: Snapshot, as_of: str | dt.date | None, people: bool) -> nx.Graph:
    """The partner network with each node's metrics (graph.network.metrics) as node attributes."""
    g: nx.Graph[str] = nx.Graph(partner_network(store, as_of=as_of, people=people))
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
    lang: str | None = None,
) -> bytes:
    """The partner network of ``store`` written in ``fmt`` (see :data:`NETWORK_FORMATS`).

    ``as_of`` and ``people`` are those of :func:`graph.network.partner_network`.
    ``typed``: the typed stakeholder graph (graph.network.typed, directed; no metrics)
    instead of the
    partner network; it has no ``as_of`` or ``people`` variant.
    ``lang``: the language of the display labels (``en``, the default, or ``ko``); both
    labels stay as attributes.
    The file name and media type come from :func:`network_format`.
    >>> data = export_network(seed_store, "node-link")
    >>> sorted(json.loads(data))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    writer = network_format(fmt)
    lang = check_lang(lang)
    store = snapshot(store)  # the network and its metrics of one data version
    if typed:
        from .typed import typed_network

        if as_of is not None or people:
            raise InputError("as_of and people apply to the partner network, not the typed graph")
        g: nx.Graph[str] = nx.DiGraph(typed_network(store))
        g.graph["separator"] = SEPARATOR
    else:
        g = _annotated(store, as_of, people)
    _name_edges(store, g)
    return writer.write(flat_network(g, lang))


def rdf_filename(fmt: Format) -> str:
    """The download file name of an RDF dump, e.g. ``policygraph.trig``.

    >>> rdf_filename(rdf_format("jsonld"))
    'policygraph.jsonld'
    """
    return f"{_STEM}.{fmt.extension}"


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
    return merged.serialize(format="json-ld", context=project_context(), auto_compact=True).encode()
