"""The typed stakeholder graph: stakeholders, relationship nodes, projects, places and articles
as nodes, joined by the store's own properties as typed, directed edges.

Where the partner network (graph.network) folds an agreement into edges between its parties,
this graph keeps the agreement as a node: ``agreement --party--> Kakao``,
``agreement --evidence--> article``, ``budget --funder--> Gwangju``, ``site --within--> place``.
It is what :func:`graph.network.export.export_network` writes with ``typed=True``.

Nodes: every instance of :data:`NODE_TYPES`, with ``iri``, ``type`` (the most specific class),
``group`` (stakeholder, relationship, project, place or article), ``label_ko`` and ``label_en``
(an article's title, in its own language; a post's role title), and where stated ``date`` (at
its precision: ``2026`` stays a year) and ``amount`` with ``currency`` (a number). Edges: every
triple whose subject and object are both nodes, ``rdf:type`` aside; ``kinds`` lists the
properties (local names) that join the two, and ``weight`` is their number. Cached per store
data version.

Examples
--------
>>> g = typed_network(seed_store)
>>> hub = "https://policygraph.example/id/agreement/namyangju-ai-digital-hub-investment"
>>> g.nodes[hub]["type"], g.edges[hub, "https://policygraph.example/id/org/kakao"]["kinds"]
('Agreement', ['party'])
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..cache import Snapshot, cached, snapshot
from ..iris import local
from ..query.sparql import select
from ..store import Store
from .partners import STAKEHOLDER_TYPES

__all__ = ["NODE_TYPES", "typed_network"]

#: Node classes, most specific first within each group, with the group each belongs to.
NODE_TYPES: dict[str, str] = {
    **dict.fromkeys(STAKEHOLDER_TYPES, "stakeholder"),
    **dict.fromkeys(
        ("Agreement", "Budget", "Proposal", "Designation", "Selection", "Post"), "relationship"
    ),
    **dict.fromkeys(("Facility", "Study", "Project", "Initiative"), "project"),
    **dict.fromkeys(("Site", "Zone", "Region", "Place"), "place"),
    "Article": "article",
}

_NODES = """
SELECT ?s ?type ?label ?lang WHERE {
  VALUES ?type { %s }
  ?s a ?type .
  OPTIONAL {
    { ?s skos:prefLabel ?label } UNION { ?s pg:roleTitle ?label }
    UNION { ?s a pg:Article ; dct:title ?label }
    BIND(lang(?label) AS ?lang)
  }
}
"""

# What a relationship node says besides its links: its date (at its precision) and its amount.
_FACTS = """
SELECT ?s ?date ?value ?currency WHERE {
  { ?s pg:signedOn|pg:proposedOn|pg:date|pg:fiscalYear|dct:issued ?date }
  UNION { ?s pg:amount ?a . ?a schema:value ?value OPTIONAL { ?a schema:currency ?currency } }
}
"""

_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }
"""


def _build(store: Store) -> nx.DiGraph:
    g: nx.DiGraph[str] = nx.DiGraph(data_version=store.data_version, typed=True)
    order = list(NODE_TYPES)
    types: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = defaultdict(lambda: {"label_ko": "", "label_en": ""})
    for row in select(store, _NODES % " ".join(f"pg:{t}" for t in NODE_TYPES)):
        kind = local(row["type"]) or ""
        if row["s"] not in types or order.index(kind) < order.index(types[row["s"]]):
            types[row["s"]] = kind
        if row["lang"] in ("ko", "en"):
            labels[row["s"]][f"label_{row['lang']}"] = row["label"]
    g.add_nodes_from(
        (iri, {"iri": iri, "type": kind, "group": NODE_TYPES[kind], **labels[iri]})
        for iri, kind in types.items()
    )
    for row in select(store, _FACTS):
        if row["s"] not in g:
            continue
        if row["date"] is not None:
            g.nodes[row["s"]]["date"] = str(row["date"])
        if row["value"] is not None:  # a number (never a string), with its currency
            value = row["value"]
            g.nodes[row["s"]]["amount"] = int(value) if value == int(value) else float(value)
            g.nodes[row["s"]]["currency"] = row["currency"] or ""
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(store, _EDGES):
        if row["s"] in g and row["o"] in g and row["s"] != row["o"]:
            kinds[row["s"], row["o"]].add(local(row["p"]) or "")
    for (s, o), names in kinds.items():
        g.add_edge(s, o, kinds=sorted(names), weight=len(names))
    return g


def typed_network(store: Store | Snapshot) -> nx.DiGraph:
    """The typed stakeholder graph of ``store`` (frozen; cached per data version)."""
    snap = snapshot(store)
    return cached(snap, ("typed_network",), lambda: nx.freeze(_build(snap)))
