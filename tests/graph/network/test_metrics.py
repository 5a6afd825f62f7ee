"""Network metrics as truth tables on tiny graphs with known answers, and on the seed graph."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.iris import PGID
from graph.network import metrics as metrics_module
from graph.network.metrics import network_summary, node_metrics, numbered, store_metrics
from graph.network.partners import partner_network

KAKAO = str(PGID["org/kakao"])


def star(leaves: int = 4) -> nx.Graph:
    return nx.Graph(("c", f"l{i}") for i in range(leaves))


def two_triangles() -> nx.Graph:
    """a-b-c and d-e-f, joined by the bridge c-d."""
    return nx.Graph(
        [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")]
    )


def column(m: dict, key: str) -> dict:
    return {n: v[key] for n, v in m.items()}


def test_star():
    n = 4
    m = node_metrics(star(n))
    assert m["c"]["degree"] == n and m["l0"]["degree"] == 1
    assert m["c"]["betweenness"] == 1.0
    assert all(m[f"l{i}"]["betweenness"] == 0.0 for i in range(n))
    # leading eigenvector of a star: centre 1/sqrt(2), each leaf 1/sqrt(2n)
    assert m["c"]["eigenvector"] == pytest.approx(1 / math.sqrt(2), abs=1e-4)
    assert m["l0"]["eigenvector"] == pytest.approx(1 / math.sqrt(2 * n), abs=1e-4)
    # PageRank: p_c = (1-a)/N + a*n*p_l and p_l = (1-a)/N + a*p_c/n, with N = n + 1
    a, total = 0.85, n + 1
    p_c = (1 + a * n) / (total * (1 + a))
    assert m["c"]["pagerank"] == pytest.approx(p_c, abs=1e-5)
    assert sum(column(m, "pagerank").values()) == pytest.approx(1.0)
    assert column(m, "broker") == {"c": True, **{f"l{i}": False for i in range(n)}}
    assert set(column(m, "component").values()) == {0}


def test_path():
    m = node_metrics(nx.path_graph(["a", "b", "c", "d"]))
    # b lies on the shortest paths a-c and a-d: 2 of the 3 pairs not involving b
    assert column(m, "betweenness") == pytest.approx({"a": 0, "b": 2 / 3, "c": 2 / 3, "d": 0})
    assert column(m, "broker") == {"a": False, "b": True, "c": True, "d": False}
    assert column(m, "degree") == {"a": 1, "b": 2, "c": 2, "d": 1}


def test_two_triangles_joined_by_a_bridge():
    m = node_metrics(two_triangles())
    assert column(m, "broker") == {n: n in "cd" for n in "abcdef"}
    # c is on the 6 shortest paths from {a, b} to {d, e, f}: 6 of C(5, 2) = 10 pairs
    assert m["c"]["betweenness"] == pytest.approx(0.6)
    assert m["d"]["betweenness"] == pytest.approx(0.6)
    assert m["a"]["betweenness"] == 0.0
    # Louvain finds the two triangles; numbered by size, then smallest IRI
    assert column(m, "community") == {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1}
    assert network_summary(two_triangles())["communities"] == 2


def test_isolated_node_and_two_components():
    g = nx.Graph([("a", "b"), ("x", "y"), ("y", "z")])
    g.add_node("lone")
    m = node_metrics(g)
    assert column(m, "component") == {"x": 0, "y": 0, "z": 0, "a": 1, "b": 1, "lone": 2}
    assert m["lone"] == {
        "degree": 0,
        "strength": 0,
        "betweenness": 0.0,
        "pagerank": pytest.approx(m["lone"]["pagerank"]),
        "eigenvector": 0.0,
        "community": m["lone"]["community"],
        "component": 2,
        "broker": False,
    }
    assert m["lone"]["pagerank"] > 0
    # each component's eigenvector has norm 1: a two-node component scores 1/sqrt(2) at both ends
    assert m["a"]["eigenvector"] == pytest.approx(1 / math.sqrt(2))
    assert m["b"]["eigenvector"] == pytest.approx(1 / math.sqrt(2))
    path3 = [m[n]["eigenvector"] for n in "xyz"]
    assert math.hypot(*path3) == pytest.approx(1.0, abs=1e-4)
    assert path3[1] == pytest.approx(1 / math.sqrt(2), abs=1e-4)
    summary = network_summary(g)
    assert (summary["nodes"], summary["edges"], summary["components"]) == (6, 3, 3)
    assert summary["isolated"] == 1
    assert [b["iri"] for b in summary["brokers"]] == ["y"]


def test_strength_sums_weights_and_weighted_betweenness_uses_inverse_weight():
    # a square: a-b and b-c weak (1), a-d and d-c strong (4)
    g = nx.Graph()
    g.add_edge("a", "b", weight=1)
    g.add_edge("b", "c", weight=1)
    g.add_edge("a", "d", weight=4)
    g.add_edge("d", "c", weight=4)
    plain = node_metrics(g)
    assert column(plain, "strength") == {"a": 5, "b": 2, "c": 5, "d": 8}
    # unweighted: every pair of opposite corners has two shortest paths
    assert column(plain, "betweenness") == pytest.approx(dict.fromkeys("abcd", 1 / 6))
    weighted = node_metrics(g, weighted_betweenness=True)
    # distance 1/weight: a-c goes through d (0.5 < 2); b-d ties through a and c (1.25 each)
    assert column(weighted, "betweenness") == pytest.approx(
        {"a": 1 / 6, "b": 0.0, "c": 1 / 6, "d": 1 / 3}
    )


def test_numbering_does_not_depend_on_insertion_order():
    edges = list(two_triangles().edges) + [("p", "q")]
    forward = node_metrics(nx.Graph(edges))
    backward = node_metrics(nx.Graph(list(reversed(edges))))
    for key in ("community", "component", "broker", "degree"):
        assert column(forward, key) == column(backward, key)
    for key in ("pagerank", "eigenvector", "betweenness"):
        assert column(forward, key) == pytest.approx(column(backward, key), abs=1e-5)
    assert numbered([{"q", "p"}, {"z"}, {"c", "b", "a"}]) == {
        "a": 0,
        "b": 0,
        "c": 0,
        "p": 1,
        "q": 1,
        "z": 2,
    }


def test_empty_graph():
    assert node_metrics(nx.Graph()) == {}
    assert network_summary(nx.Graph())["nodes"] == 0


def test_seed_graph(seed_store):
    g = partner_network(seed_store)
    m = store_metrics(seed_store)
    assert set(m) == set(g)
    assert m[KAKAO]["degree"] == 3
    assert m[KAKAO]["strength"] == 3
    # the three articles' stakeholders are in three different components
    component_of_article: dict[str, set[int]] = {}
    for u, v, data in g.edges(data=True):
        for article in data["articles"]:
            component_of_article.setdefault(article, set()).update(
                {m[u]["component"], m[v]["component"]}
            )
    assert len(component_of_article) == 3
    assert all(len(c) == 1 for c in component_of_article.values())
    assert len(set.union(*component_of_article.values())) == 3
    # every component number agrees with networkx's own components
    assert len({x["component"] for x in m.values()}) == nx.number_connected_components(g)
    summary = network_summary(g, m)
    assert summary["components"] == nx.number_connected_components(g)
    assert summary["edges"] == g.number_of_edges()


def test_store_metrics_cached_until_a_write(empty_store, monkeypatch):
    calls = []
    real = metrics_module.node_metrics

    def counting(g, **kwargs):
        calls.append(kwargs)
        return real(g, **kwargs)

    monkeypatch.setattr(metrics_module, "node_metrics", counting)
    insert = """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:a> a pg:Company . <urn:b> a pg:Government . <urn:c> a pg:Company .
          <urn:x> a pg:Agreement ; pg:party <urn:a>, <urn:b> ; pg:signedOn "2024" . } }"""
    empty_store.update(insert)
    first = store_metrics(empty_store)
    assert store_metrics(empty_store) == first
    assert len(calls) == 1
    store_metrics(empty_store, weighted_betweenness=True)
    assert len(calls) == 2
    first["urn:a"]["degree"] = 99  # callers get copies
    assert store_metrics(empty_store)["urn:a"]["degree"] == 1
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:y> a pg:Agreement ; pg:party <urn:a>, <urn:c> ; pg:signedOn "2025" . } }"""
    )
    assert store_metrics(empty_store)["urn:a"]["degree"] == 2
    assert store_metrics(empty_store, as_of="2024-12-31")["urn:a"]["degree"] == 1
    assert len(calls) == 4


def test_edgeless_graph_every_node_alone():
    g = nx.Graph()
    g.add_nodes_from("cab")
    m = node_metrics(g)
    assert column(m, "component") == {"a": 0, "b": 1, "c": 2}
    assert column(m, "community") == {"a": 0, "b": 1, "c": 2}
    assert column(m, "pagerank") == pytest.approx(dict.fromkeys("abc", 1 / 3))
    assert set(column(m, "eigenvector").values()) == {0.0}
    assert network_summary(g)["density"] == 0


def test_large_graphs_estimate_betweenness_from_seeded_samples(monkeypatch):
    g = nx.path_graph([f"n{i}" for i in range(12)])
    exact = column(node_metrics(g), "betweenness")
    assert network_summary(g)["betweenness_sources"] is None
    monkeypatch.setattr(metrics_module, "EXACT_BETWEENNESS_NODES", 10)
    monkeypatch.setattr(metrics_module, "BETWEENNESS_SAMPLES", 6)
    estimated = column(node_metrics(g), "betweenness")
    assert network_summary(g)["betweenness_sources"] == 6
    assert estimated == column(node_metrics(g), "betweenness")  # the same sample every time
    assert estimated == nx.betweenness_centrality(g, k=6, seed=metrics_module.LOUVAIN_SEED)
    assert estimated != exact
