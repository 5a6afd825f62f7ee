"""Positions for the network view: deterministic, inside their square, small components in rows."""

from __future__ import annotations

import shutil

import networkx as nx
import pytest

from graph.network import layout
from graph.network.layout import SPACING, extent, layout_positions


def sample() -> nx.Graph:
    """A 5-cycle with a chord, two pairs and three lone nodes."""
    g = nx.cycle_graph(["a", "b", "c", "d", "e"])
    g.add_edge("a", "c")
    g.add_edges_from([("p1", "p2"), ("q1", "q2")])
    g.add_nodes_from(["x", "y", "z"])
    return g


@pytest.fixture(params=["sfdp", "spring"])
def engine(request, monkeypatch):
    """Both ways of laying out: Graphviz (required: make test has it) and networkx alone."""
    if request.param == "sfdp":
        assert shutil.which("sfdp"), "Graphviz is missing: apt-get install graphviz"
    else:
        monkeypatch.setattr(layout.shutil, "which", lambda name: None)
    return request.param


def test_every_node_gets_one_position_of_its_own(engine):
    pos = layout_positions(sample())
    assert set(pos) == set(sample())
    assert len(set(pos.values())) == len(pos)


def test_the_same_network_gives_the_same_layout(engine):
    assert layout_positions(sample()) == layout_positions(sample())


def test_the_connected_part_fits_its_square_and_small_components_go_under_it(engine):
    pos = layout_positions(sample())
    half = extent(5) / 2
    core = [pos[n] for n in "abcde"]
    assert all(abs(x) <= half + 1e-6 and abs(y) <= half + 1e-6 for x, y in core)
    lowest = max(y for _, y in core)
    small = [pos[n] for n in ("p1", "p2", "q1", "q2", "x", "y", "z")]
    assert all(y >= lowest + SPACING for _, y in small)
    # the members of a pair sit side by side on one row
    assert pos["p1"][1] == pos["p2"][1] and pos["p2"][0] > pos["p1"][0]


def test_a_network_of_lone_nodes_and_an_empty_one(engine):
    lone = nx.empty_graph(["a", "b"])
    pos = layout_positions(lone)
    assert set(pos) == {"a", "b"} and pos["a"] != pos["b"]
    assert layout_positions(nx.Graph()) == {}


def test_the_square_grows_with_the_square_root_of_the_nodes():
    assert extent(1) == extent(10) == 400.0
    assert extent(400) == 20 * SPACING
