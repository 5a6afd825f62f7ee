"""Metrics of the partner network: who is central, who bridges, which groups form.

:func:`node_metrics` computes, for every node of an undirected graph such as
:func:`graph.network.partner_network`'s:

- ``degree`` (number of partners) and ``strength`` (sum of the edges' ``weight``, i.e. of
  distinct relationships with them);
- ``betweenness``: normalised betweenness centrality. Unweighted (every edge one hop) by default;
  with ``weighted_betweenness=True`` an edge's *distance* is ``1 / weight``, so a link backed by
  more relationships is shorter. Exact up to :data:`EXACT_BETWEENNESS_NODES` nodes; on larger
  graphs (where exact betweenness takes minutes) it is estimated from
  :data:`BETWEENNESS_SAMPLES` source nodes drawn with the fixed seed, and
  :func:`network_summary` says so;
- ``pagerank``: weight-aware PageRank (alpha 0.85);
- ``eigenvector``: weight-aware eigenvector centrality computed separately in each connected
  component (a graph of several components has no single meaningful leading eigenvector), each
  component's vector of Euclidean norm 1. An isolated node has no neighbour to borrow importance
  from and scores 0.0; a two-node component scores 1/√2 for both ends;
- ``community``: Louvain communities (``louvain_communities(seed=42)``, weight-aware), so the
  same graph always gives the same partition;
- ``component``: the connected component;
- ``broker``: whether the node is an articulation point (removing it disconnects partners).

Communities and components are numbered from 0 by size, largest first, ties broken by the
smallest IRI in each: the numbering does not depend on iteration order.

:func:`store_metrics` caches the table per store data version, ``as_of`` and options in
:func:`graph.cache.cached`, beside the network it was computed from: a table is always that of
the network of the same snapshot.

Examples
--------
>>> import networkx as nx
>>> m = node_metrics(nx.path_graph(["a", "b", "c"]))
>>> m["b"]["degree"], m["b"]["betweenness"], m["b"]["broker"], m["a"]["broker"]
(2, 1.0, True, False)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..cache import Snapshot, cached, snapshot
from ..errors import InputError
from ..paging import page
from ..store import Store
from .partners import partner_network

__all__ = [
    "LOUVAIN_SEED",
    "EXACT_BETWEENNESS_NODES",
    "BETWEENNESS_SAMPLES",
    "betweenness_sources",
    "METRICS",
    "node_metrics",
    "network_summary",
    "store_metrics",
    "metrics_table",
    "numbered",
]

#: Seed of the Louvain community detection: fixed, so results are reproducible.
LOUVAIN_SEED = 42


#: Betweenness is exact on graphs up to this many nodes ...
EXACT_BETWEENNESS_NODES = 1000
#: ... and estimated from this many source nodes (seeded with LOUVAIN_SEED) on larger ones.
BETWEENNESS_SAMPLES = 300

#: The metric columns, in table order.
METRICS = (
    "degree",
    "strength",
    "betweenness",
    "pagerank",
    "eigenvector",
    "community",
    "component",
    "broker",
)


def numbered(groups: Iterable[Iterable[Any]]) -> dict[Any, int]:
    """Node -> group number, groups numbered by size (largest first), then smallest member.

    >>> numbered([{"c"}, {"b", "a"}, {"d"}])
    {'a': 0, 'b': 0, 'c': 1, 'd': 2}
    """
    ordered = sorted((sorted(grp, key=str) for grp in groups), key=lambda m: (-len(m), str(m[0])))
    return {node: i for i, members in enumerate(ordered) for node in members}


def _eigenvector(g: nx.Graph) -> dict[str, float]:
    scores: dict[str, float] = {}
    for nodes in nx.connected_components(g):
        if len(nodes) == 1:
            scores[next(iter(nodes))] = 0.0
        elif len(nodes) == 2:
            scores.update(dict.fromkeys(nodes, 1 / math.sqrt(2)))
        else:
            sub = g.subgraph(nodes)
            scores.update(nx.eigenvector_centrality(sub, weight="weight", max_iter=1000))
    return scores


def betweenness_sources(g: nx.Graph) -> int | None:
    """How many sources betweenness is estimated from on ``g`` (None: computed exactly).

    >>> betweenness_sources(nx.path_graph(5)) is None
    True
    """
    n = g.number_of_nodes()
    return None if n <= EXACT_BETWEENNESS_NODES else min(n, BETWEENNESS_SAMPLES)


def _betweenness(g: nx.Graph, weighted: bool) -> dict[str, float]:
    k = betweenness_sources(g)
    seed = None if k is None else LOUVAIN_SEED
    if not weighted:
        return nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
    h: nx.Graph[str] = nx.Graph()
    h.add_nodes_from(g)
    h.add_edges_from((u, v, {"distance": 1 / d.get("weight", 1)}) for u, v, d in g.edges(data=True))
    return nx.betweenness_centrality(h, k=k, normalized=True, weight="distance", seed=seed)


def node_metrics(g: nx.Graph, *, weighted_betweenness: bool = False) -> dict[str, dict]:
    """Metrics of every node of ``g``, keyed by node (IRI).

    Parameters
    ----------
    g : networkx.Graph
        Undirected; an edge's ``weight`` attribute (default 1) counts its relationships.
    weighted_betweenness : bool
        Betweenness with the distance of an edge ``1 / weight`` instead of one hop per edge.

    Returns
    -------
    dict
        node -> {degree, strength, betweenness, pagerank, eigenvector, community, component,
        broker}.

    Examples
    --------
    >>> import networkx as nx
    >>> m = node_metrics(nx.star_graph(3))
    >>> m[0]["degree"], m[0]["betweenness"], round(m[0]["eigenvector"], 4), m[0]["broker"]
    (3, 1.0, 0.7071, True)
    """
    if g.number_of_nodes() == 0:
        return {}
    pagerank = nx.pagerank(g, weight="weight")
    betweenness = _betweenness(g, weighted_betweenness)
    eigenvector = _eigenvector(g)
    community = numbered(nx.community.louvain_communities(g, weight="weight", seed=LOUVAIN_SEED))
    component = numbered(nx.connected_components(g))
    brokers = set(nx.articulation_points(g))
    return {
        n: {
            "degree": g.degree(n),
            "strength": g.degree(n, weight="weight"),
            "betweenness": betweenness[n],
            "pagerank": pagerank[n],
            "eigenvector": eigenvector[n],
            "community": community[n],
            "component": component[n],
            "broker": n in brokers,
        }
        for n in g
    }


def network_summary(g: nx.Graph, metrics: dict[str, dict] | None = None) -> dict[str, Any]:
    """Counts of ``g``: nodes, edges, components, communities, density, and its brokers.

    ``betweenness_sources``: None when betweenness is exact, else the number of sampled sources.

    ``metrics`` (from :func:`node_metrics` on ``g``) saves recomputing them.

    Examples
    --------
    >>> import networkx as nx
    >>> s = network_summary(nx.Graph([("a", "b"), ("b", "c"), ("x", "y")]))
    >>> s["nodes"], s["edges"], s["components"], [b["iri"] for b in s["brokers"]]
    (5, 3, 2, ['b'])
    """
    metrics = node_metrics(g) if metrics is None else metrics
    brokers = sorted((n for n, m in metrics.items() if m["broker"]), key=str)
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "components": len({m["component"] for m in metrics.values()}),
        "communities": len({m["community"] for m in metrics.values()}),
        "isolated": sum(1 for m in metrics.values() if m["degree"] == 0),
        "density": nx.density(g) if g.number_of_nodes() > 1 else 0.0,
        "betweenness_sources": betweenness_sources(g),
        "brokers": [
            {
                "iri": str(b),
                "label_ko": g.nodes[b].get("label_ko", ""),
                "label_en": g.nodes[b].get("label_en", ""),
            }
            for b in brokers
        ],
    }


def store_metrics(
    store: Store | Snapshot,
    *,
    as_of: str | dt.date | None = None,
    weighted_betweenness: bool = False,
) -> dict[str, dict]:
    """:func:`node_metrics` of the store's partner network, cached per data version.

    Returns a fresh outer dict each call (the cached table itself is not handed out).

    Examples
    --------
    >>> m = store_metrics(seed_store)
    >>> m["https://policygraph.example/id/org/kakao"]["degree"]
    3
    """
    snap = snapshot(store)
    g = partner_network(snap, as_of=as_of)
    key = ("node_metrics", g.graph.get("as_of"), weighted_betweenness)
    table = cached(snap, key, lambda: node_metrics(g, weighted_betweenness=weighted_betweenness))
    return {n: dict(m) for n, m in table.items()}


def metrics_table(
    store: Store | Snapshot,
    *,
    as_of: str | dt.date | None = None,
    weighted_betweenness: bool = False,
    sort: str = "pagerank",
    limit: Any = None,
    offset: Any = None,
) -> dict[str, Any]:
    """One page of the metrics table: a row per stakeholder (IRI, type, both labels, metrics),
    sorted by ``sort`` (a metric; largest first, communities and components by number).

    Examples
    --------
    >>> t = metrics_table(seed_store, sort="degree", limit=1)
    >>> t["items"][0]["degree"], t["sort"]
    (3, 'degree')
    """
    if sort not in METRICS:
        raise InputError(
            f"sort must be one of {', '.join(METRICS)}, not {sort!r}", parameter="sort"
        )
    snap = snapshot(store)  # the network and its table of one data version
    g = partner_network(snap, as_of=as_of)
    table = store_metrics(snap, as_of=as_of, weighted_betweenness=weighted_betweenness)
    rows = [
        {k: g.nodes[n].get(k, "") for k in ("iri", "type", "label_ko", "label_en")} | m
        for n, m in table.items()
    ]
    sign = 1 if sort in ("community", "component") else -1  # groups by number, others by size
    rows.sort(key=lambda r: (sign * float(r[sort]), r["iri"]))
    return page(
        rows,
        limit,
        offset,
        as_of=g.graph.get("as_of"),
        weighted_betweenness=weighted_betweenness,
        sort=sort,
    )
