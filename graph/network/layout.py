"""Node positions for drawing the partner network, computed once per data version.

The browser draws positions it is given (no layout runs on its main thread). Positions come
from Graphviz ``sfdp`` (multiscale force-directed, made for graphs of thousands of nodes) on
the whole network, with components packed side by side; when ``sfdp`` is not installed,
from networkx's seeded ``spring_layout``. Either way the same network gives the same layout,
and a filter in the browser (relationship kind, date) keeps every node where it was.

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

__all__ = ["SPACING", "extent", "LAYOUT_SEED", "layout_positions", "sfdp_positions", "spring_positions"]

log = logging.getLogger(__name__)

#: Room per node, in drawing units, across the square the positions are scaled into.
SPACING = 90.0
#: Seed of the layouts that draw random numbers (sfdp's start, spring_layout).
LAYOUT_SEED = 42
#: Above this many nodes, overlaps are left (removing them, ``overlap=prism``, doubles the time).
PRISM_NODES = 1000
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
    overlap = "prism" if g.number_of_nodes() <= PRISM_NODES else "true"
    lines = ["graph G {", f"  start={LAYOUT_SEED}; overlap={overlap}; pack=true; splines=false;"]
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


def layout_positions(g: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Node -> (x, y) in screen coordinates, within a square of side :func:`extent`."""
    pos = sfdp_positions(g)
    return _scaled(pos if pos is not None else spring_positions(g))
