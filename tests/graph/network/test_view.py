"""The network as the browser draws it (graph.network.view) over the seed store."""

from __future__ import annotations

import json

import pytest

from graph.errors import InputError, NotFound
from graph.network.partners import partner_network
from graph.network.view import ego_view, network_view, network_view_json, node_id


def test_nodes_and_edges_are_those_of_the_partner_network(seed_store):
    view = network_view(seed_store)
    g = partner_network(seed_store)
    assert {n["iri"] for n in view["nodes"]} == set(g)
    pairs = {frozenset((e["source"], e["target"])) for e in view["edges"]}
    assert pairs == {frozenset((node_id(a), node_id(b))) for a, b in g.edges}
    assert view["data_version"] == seed_store.data_version


def test_kinds_types_and_groups_are_counted(seed_store):
    view = network_view(seed_store)
    assert view["kinds"] == {k: sum(k in e["kinds"] for e in view["edges"]) for k in view["kinds"]}
    assert sum(view["types"].values()) == len(view["nodes"])
    assert view["components"] == len({n["component"] for n in view["nodes"]})


def test_as_of_is_a_view_of_its_own_with_the_same_positions(seed_store):
    whole = network_view(seed_store)
    early = network_view(seed_store, as_of="2022-01-01")
    assert early is network_view(seed_store, as_of="2022-01-01")  # cached
    assert [e["first"] for e in early["edges"]] == ["2021-12-15"]
    xy = {n["id"]: (n["x"], n["y"]) for n in whole["nodes"]}
    assert all(xy[n["id"]] == (n["x"], n["y"]) for n in early["nodes"])


def test_the_json_is_the_view(seed_store):
    assert json.loads(network_view_json(seed_store)) == network_view(seed_store)


def test_ego_pages_through_the_partners_strongest_first(seed_store):
    every = ego_view(seed_store, "org/kakao", limit=10)
    weights = [p["weight"] for p in every["partners"]]
    assert weights == sorted(weights, reverse=True) and every["more"] == 0
    pages = [ego_view(seed_store, "org/kakao", limit=1, offset=i) for i in range(3)]
    assert [p["partners"][0]["id"] for p in pages] == [p["id"] for p in every["partners"]]
    assert [p["more"] for p in pages] == [2, 1, 0]


def test_ego_of_a_stakeholder_without_partners(seed_store):
    lone = next(n for n in network_view(seed_store)["nodes"] if n["degree"] == 0)
    answer = ego_view(seed_store, lone["id"])
    assert answer["total"] == 0 and answer["partners"] == [] and answer["more"] == 0


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"offset": -1}, "offset")],
)
def test_ego_refuses_a_bad_page(seed_store, kwargs, parameter):
    with pytest.raises(InputError) as caught:
        ego_view(seed_store, "org/kakao", **kwargs)
    assert caught.value.context["parameter"] == parameter


def test_ego_of_an_unknown_id(seed_store):
    with pytest.raises(NotFound):
        ego_view(seed_store, "org/nobody")
