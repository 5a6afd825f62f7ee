"""Node positions for drawing the partner network, computed once per data version.

The browser draws positions it is given (no layout runs on its main thread). The components of
at least :data:`SMALL_COMPONENT` nodes are laid out by Graphviz ``sfdp`` (multiscale
force-directed, made for graphs of thousands of nodes), packed side by side; when ``sfdp`` is not
installed, by networkx's seeded ``spring_layout``. Smaller components (pairs, and the many
stakeholders without a partner) go in rows under the drawing: force-directed packing spends
most of its time on them and shows nothing about them. The same network gives the same
layout, and a filter in the browser (relationship kind, date) keeps every node where it was.

Coordinates are scaled into a square centred on 0 whose side grows with the square root of the
number of nodes (:func:`extent`: about :data:`SPACING` units per node across), so that
nodes drawn at a fixed size neither crowd a large network nor float apart in a small one;
y points down (screen coordinates, as Cytoscape.js and sigma.js expect).

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(["a", "b", "c"]))
>>> half = extent(3) / 2
>>> sorted(pos), all(abs(x) <= half and abs(y) <= half for x, y in pos.values())
(['a', 'b', 'c'], True)
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Hashable

import networkx as nx

__all__ = [
    "SPACING",
    "extent",
    "LAYOUT_SEED",
    "layout_positions",
    "sfdp_positions",
    "spring_positions",
]

log = logging.getLogger(__name__)

#: Room per node, in drawing units, across the square the positions are scaled into.
SPACING = 90.0
#: Seed of the layouts that draw random numbers (sfdp's start, spring_layout).
LAYOUT_SEED = 42
#: Above this many nodes, overlaps are left (removing them, ``overlap=prism``, doubles the time)
#: and sfdp runs its fast approximation for at most :data:`SFDP_MAX_ITER` iterations (about
#: 2 s instead of 6 s for 3,400 nodes and 25,000 edges: docs/benchmarks.md).
PRISM_NODES = 1000
SFDP_MAX_ITER = 100
#: Components of fewer nodes are placed in rows under the force-directed drawing.
SMALL_COMPONENT = 3
#: The longest ``sfdp`` may take before the spring layout is used instead (seconds).
SFDP_TIMEOUT = 120


def extent(nodes: int) -> float:
    """The side of the square the positions of ``nodes`` nodes are scaled into.

    >>> extent(4), extent(10_000)
    (400.0, 9000.0)
    """
    return max(400.0, SPACING * nodes**0.5)


def _scaled(pos: dict[Hashable, tuple[float, float]]) -> dict[Hashable, tuple[float, float]]:
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    k = extent(len(pos)) / span
    # y flipped: Graphviz and networkx put y up, screens put it down
    return {n: (round((x - cx) * k, 1), round((cy - y) * k, 1)) for n, (x, y) in pos.items()}


def sfdp_positions(g: nx.Graph) -> dict[Hashable, tuple[float, float]] | None:
    """Positions from Graphviz ``sfdp`` (None when it is missing or fails)."""
    exe = shutil.which("sfdp")
    if exe is None or g.number_of_nodes() == 0:
        return None
    index = {n: i for i, n in enumerate(g)}
    large = g.number_of_nodes() > PRISM_NODES
    options = (
        f"overlap=true; quadtree=fast; maxiter={SFDP_MAX_ITER};" if large else "overlap=prism;"
    )
    lines = ["graph G {", f"  start={LAYOUT_SEED}; {options} pack=true; splines=false;"]
    lines += [f"  {i};" for i in range(len(index))]
    lines += [f"  {index[a]} -- {index[b]};" for a, b in g.edges]
    lines.append("}")
    try:
        done = subprocess.run(
            [exe, "-Tplain"],
            input="\n".join(lines).encode(),
            capture_output=True,
            timeout=SFDP_TIMEOUT,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("sfdp failed (%s); using the spring layout", exc)
        return None
    nodes = list(index)
    pos: dict[Hashable, tuple[float, float]] = {}
    for line in done.stdout.decode().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "node":
            pos[nodes[int(parts[1])]] = (float(parts[2]), float(parts[3]))
    return pos if len(pos) == len(nodes) else None


def spring_positions(g: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Positions from networkx's force-directed layout (seeded)."""
    raw = nx.spring_layout(g, seed=LAYOUT_SEED, iterations=50)
    return {n: (float(p[0]), float(p[1])) for n, p in raw.items()}


def _rows(
    groups: list[list[Hashable]], top: float, width: float
) -> dict[Hashable, tuple[float, float]]:
    """Small components side by side in rows of ``width`` from ``top`` down, left to right,
    two :data:`SPACING` apart (room for a label)."""
    step = 2 * SPACING
    pos: dict[Hashable, tuple[float, float]] = {}
    x, y = -width / 2, top
    for members in groups:
        span = step * (len(members) - 1)
        if x + span > width / 2 and x > -width / 2:
            x, y = -width / 2, y + SPACING
        for i, n in enumerate(members):
            pos[n] = (round(x + step * i, 1), round(y, 1))
        x += span + 1.5 * step
    return pos


def layout_positions(g: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Node -> (x, y) in screen coordinates: the larger components within a square of side
    :func:`extent`, the small ones in rows under it."""
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0]))
    )
    core = g.subgraph(n for c in components if len(c) >= SMALL_COMPONENT for n in c)
    pos: dict[Hashable, tuple[float, float]] = {}
    if core.number_of_nodes():
        found = sfdp_positions(core)
        pos = _scaled(found if found is not None else spring_positions(core))
    side = extent(max(core.number_of_nodes(), 1))
    top = (max(y for _, y in pos.values()) if pos else -side / 2) + 2 * SPACING
    small = [c for c in components if len(c) < SMALL_COMPONENT]
    return pos | _rows(small, top, side)
