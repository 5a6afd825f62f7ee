"""The partner network as the browser draws it: nodes with their type, both labels, metrics and
a precomputed position; edges with their relationship kinds and dates; the facets a view
filters by (kinds, types, components, communities, the range of dates).

:func:`network_view` is computed once per store data version (and ``as_of``) in
:mod:`graph.cache`, from the network and metrics of the same snapshot. Positions come from
:func:`graph.network.layout.layout_positions` on the whole network (no ``as_of``), so that a
view as of an earlier day keeps every node where it was.

Each edge carries ``since``: the first day on which its earliest relationship is certainly
in force (a year-only date counts from the year's last day, as ``as_of`` does in
:func:`~graph.network.partner_network`), so a client can filter by date without asking again.

:func:`ego_view` answers "expand this node": its partners, strongest first, capped at
``limit`` and saying how many more there are.

Examples
--------
>>> v = network_view(seed_store)
>>> kakao = next(n for n in v["nodes"] if n["id"] == "org/kakao")
>>> kakao["label_en"], kakao["type"], kakao["degree"]
('Kakao', 'Company', 3)
>>> e = ego_view(seed_store, "org/kakao", limit=2)
>>> len(e["partners"]), e["total"], e["more"]
(2, 3, 1)
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import networkx as nx

from ..cache import Snapshot, cached, snapshot
from ..dates import parse_day, period_end, period_start
from ..errors import InputError, NotFound
from ..iris import PGID, expand_id
from ..store import Store
from .layout import layout_positions
from .metrics import store_metrics
from .partners import partner_network

__all__ = ["EGO_LIMIT", "MAX_EGO_LIMIT", "node_id", "network_view", "network_view_json", "ego_view"]

#: Partners shown when a node is expanded, unless the caller asks for another number ...
EGO_LIMIT = 25
#: ... up to this many.
MAX_EGO_LIMIT = 500

_METRICS = ("degree", "strength", "pagerank", "betweenness", "eigenvector")


def node_id(iri: str) -> str:
    """The id of an instance IRI, as in ``/id/<id>`` (other IRIs are their own id).

    >>> node_id("https://policygraph.example/id/org/kakao"), node_id("urn:x")
    ('org/kakao', 'urn:x')
    """
    return iri[len(PGID) :] if iri.startswith(str(PGID)) else iri


def _positions(snap: Snapshot) -> dict[Any, tuple[float, float]]:
    whole = partner_network(snap)
    return cached(snap, ("network_layout",), lambda: layout_positions(whole))


def _node(g: nx.Graph, n: str, m: dict[str, Any], xy: tuple[float, float]) -> dict[str, Any]:
    data = g.nodes[n]
    return {
        "id": node_id(n),
        "iri": n,
        "type": data.get("type", ""),
        "label_ko": data.get("label_ko", ""),
        "label_en": data.get("label_en", ""),
        "x": xy[0],
        "y": xy[1],
        **{k: round(m[k], 6) if isinstance(m[k], float) else m[k] for k in _METRICS},
        "community": m["community"],
        "component": m["component"],
    }


def _edge(i: int, a: str, b: str, data: dict[str, Any], ends: dict[str, str]) -> dict[str, Any]:
    first, last = data.get("first"), data.get("last")
    if first and first not in ends:  # a few hundred distinct dates for 25,000 edges
        ends[first] = period_end(first).isoformat()
    return {
        "id": f"e{i}",
        "source": node_id(a),
        "target": node_id(b),
        "kinds": list(data["kinds"]),
        "weight": data["weight"],
        "first": first,
        "last": last,
        "since": ends[first] if first else None,
    }


def _build(snap: Snapshot, as_of: dt.date | None) -> dict[str, Any]:
    g = partner_network(snap, as_of=as_of)
    table = store_metrics(snap, as_of=as_of)
    pos = _positions(snap)
    nodes = [_node(g, n, table[n], pos.get(n, (0.0, 0.0))) for n in sorted(g)]
    pairs = sorted(tuple(sorted((a, b))) for a, b in g.edges)
    ends: dict[str, str] = {}
    edges = [_edge(i, a, b, g.edges[a, b], ends) for i, (a, b) in enumerate(pairs)]
    kinds = Counter(k for e in edges for k in e["kinds"])
    starts = [period_start(first) for first in ends]
    return {
        "data_version": snap.data_version,
        "as_of": g.graph.get("as_of"),
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "kinds": dict(sorted(kinds.items())),
        "types": dict(sorted(Counter(n["type"] for n in nodes).items())),
        "components": len({n["component"] for n in nodes}),
        "communities": len({n["community"] for n in nodes}),
        "dates": {
            "first": min(starts).isoformat() if starts else None,
            "last": max(ends.values()) if ends else None,
        },
        "metrics": list(_METRICS),
        "nodes": nodes,
        "edges": edges,
    }


def network_view(store: Store | Snapshot, *, as_of: str | dt.date | None = None) -> dict[str, Any]:
    """The partner network as drawn: ``nodes``, ``edges`` and the facets (cached per data
    version and ``as_of``; the dict returned is shared: do not change it).

    Nodes: ``id`` (the path after ``/id/``), ``iri``, ``type``, ``label_ko``, ``label_en``,
    ``x``, ``y``, the metrics (``degree``, ``strength``, ``pagerank``, ``betweenness``,
    ``eigenvector``), ``community`` and ``component`` (numbered from 0, largest first). Edges:
    ``id``, ``source``, ``target`` (node ids), ``kinds``, ``weight``, ``first``, ``last``
    (dates at their precision) and ``since`` (a day). Facets: ``kinds`` and ``types`` with
    their counts, ``components``, ``communities``, ``dates`` (``first``, ``last``).
    """
    day = parse_day(as_of) if as_of is not None else None
    snap = snapshot(store)
    key = ("network_view", day.isoformat() if day else None)
    return cached(snap, key, lambda: _build(snap, day))


def network_view_json(store: Store | Snapshot, *, as_of: str | dt.date | None = None) -> bytes:
    """:func:`network_view` as compact UTF-8 JSON, serialised once per data version and
    ``as_of`` (a view of thousands of nodes takes longer to write than to look up)."""
    day = parse_day(as_of) if as_of is not None else None
    snap = snapshot(store)
    key = ("network_view_json", day.isoformat() if day else None)
    view = network_view(snap, as_of=day)
    return cached(
        snap, key, lambda: json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode()
    )


def ego_view(
    store: Store | Snapshot,
    center: str,
    *,
    limit: int | None = None,
    offset: int | None = None,
    as_of: str | dt.date | None = None,
) -> dict[str, Any]:
    """The partners of ``center`` (an id or IRI), strongest link first, ``limit`` at a time.

    Returns ``center`` (id, IRI, type, labels), ``as_of``, ``total`` (all partners), ``limit``,
    ``offset``, ``more`` (partners after this page) and ``partners``: id, IRI, type, labels,
    the link's ``kinds``, ``weight``, ``first`` and ``last``. Unknown ids raise
    :class:`~graph.errors.NotFound`; a limit out of range :class:`~graph.errors.InputError`.
    """
    limit = EGO_LIMIT if limit is None else limit
    offset = 0 if offset is None else offset
    if not 1 <= limit <= MAX_EGO_LIMIT:
        raise InputError(f"limit must be from 1 to {MAX_EGO_LIMIT}, not {limit}", parameter="limit")
    if offset < 0:
        raise InputError(f"offset must be 0 or more, not {offset}", parameter="offset")
    snap = snapshot(store)
    g = partner_network(snap, as_of=as_of)
    iri = expand_id(center)
    if iri not in g:
        raise NotFound(f"no stakeholder {center!r} in the partner network", id=center, iri=iri)

    def info(n: str) -> dict[str, Any]:
        d = g.nodes[n]
        return {"id": node_id(n), "iri": n, "type": d.get("type", "")} | {
            k: d.get(k, "") for k in ("label_ko", "label_en")
        }

    ranked = sorted(g[iri], key=lambda n: (-g.edges[iri, n]["weight"], n))
    shown = ranked[offset : offset + limit]
    return {
        "center": info(iri),
        "as_of": g.graph.get("as_of"),
        "total": len(ranked),
        "limit": limit,
        "offset": offset,
        "more": max(0, len(ranked) - offset - len(shown)),
        "partners": [
            info(n) | {k: g.edges[iri, n][k] for k in ("kinds", "weight", "first", "last")}
            for n in shown
        ],
    }
