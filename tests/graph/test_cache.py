"""graph.cache: the result cache (bounded, least recently used first out, one data version at a
time), and snapshots: everything one call derives comes from one data version.

A racing store writes (adds a new stakeholder and its agreement) every time anyone reads its
data version, as a busy writer might between any two steps of a reader. Derived values that
each read the version again would mix versions (a network with a node that its metrics table
lacks: KeyError, issue 14); through one snapshot they cannot.
"""

from __future__ import annotations

import json
import threading

import networkx as nx
import pytest

from graph.cache import CachedAnswer, ResultCache, Snapshot, cached, clear_cache, snapshot
from graph.errors import ReadOnly
from graph.network.export import export_network
from graph.network.metrics import metrics_table, store_metrics
from graph.network.partners import partner_network
from graph.network.typed import typed_network
from graph.read.paths import ego_network, partners, shortest_path
from graph.read.search import search
from graph.read.stakeholders import profile, stakeholders
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed


def _entry(n: int) -> CachedAnswer:
    return CachedAnswer(b"x" * n, "t", 1)


def test_off_when_the_budget_is_zero():
    cache = ResultCache(0)
    cache.put("q", _entry(1), version=0)
    assert not cache.enabled and cache.get("q", version=0) is None


def test_least_recently_used_goes_first_within_the_budget():
    cache = ResultCache(1000)  # entries of 101 bytes: 9 fit
    for i in range(9):
        cache.put(i, _entry(100), version=3)
    assert cache.get(0, version=3) is not None  # 0 is now the most recently used
    cache.put(9, _entry(100), version=3)
    assert cache.get(1, version=3) is None  # the least recently used went
    assert cache.get(0, version=3) is not None and cache.get(9, version=3) is not None
    assert cache.stats()["bytes"] == 909


def test_an_answer_bigger_than_an_eighth_of_the_budget_is_not_kept():
    cache = ResultCache(800)
    cache.put("big", _entry(100), version=0)
    assert cache.get("big", version=0) is None


@pytest.mark.parametrize("later", [1, 5])
def test_a_new_version_drops_every_older_answer_and_older_versions_are_ignored(later):
    cache = ResultCache(1 << 20)
    cache.put("q", _entry(1), version=0)
    assert cache.get("q", version=later) is None
    cache.put("q", CachedAnswer(b"new", "t"), version=later)
    cache.put("q", CachedAnswer(b"stale", "t"), version=0)  # computed before the write: not kept
    assert cache.get("q", version=0) is None
    assert cache.get("q", version=later) == CachedAnswer(b"new", "t")
    assert cache.stats() == {"entries": 1, "bytes": 4, "hits": 1, "misses": 2}


# --- snapshots --------------------------------------------------------------------------------

NEWCOMER = "https://policygraph.example/id/org/racing-newcomer"


def _newcomer(n: int | str) -> str:
    """An update adding stakeholder number ``n`` and its agreement with Kakao."""
    return f"""
PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <urn:race> {{
  <{NEWCOMER}{n}> a pg:Company ; skos:prefLabel "경주 {n}"@ko , "Racing Newcomer {n}"@en .
  <urn:race-agreement-{n}> a pg:Agreement ;
      pg:party <{NEWCOMER}{n}> , <https://policygraph.example/id/org/kakao> .
}} }}
"""


class RacingStore(OxigraphStore):
    """Writes before answering each read of its data version: a new stakeholder with an
    agreement, so that the network's node set is different at every version."""

    racing = False

    @property
    def data_version(self) -> int:
        if self.racing:
            self.racing = False
            try:
                self.update(_newcomer(self._version))
            finally:
                self.racing = True
        return self._version


@pytest.fixture
def racing():
    store = RacingStore()
    load_seed(store)
    store.racing = True
    yield store
    store.racing = False
    store.close()


CALLS = {
    "metrics_table": lambda s: metrics_table(s, sort="degree"),
    "store_metrics": lambda s: store_metrics(s),
    "export gexf": lambda s: export_network(s, "gexf"),
    "export people csv": lambda s: export_network(s, "csv", people=True),
    "export typed json": lambda s: export_network(s, "node-link", typed=True),
    "profile": lambda s: profile(s, "org/kakao"),
    "partners": lambda s: partners(s, "org/kakao"),
    "ego": lambda s: ego_network(s, "org/kakao", depth=2),
    "path": lambda s: shortest_path(s, "org/kakao", "org/lh"),
    "search": lambda s: search(s, "kakao"),
    "stakeholders": lambda s: stakeholders(s),
}


@pytest.mark.parametrize("name", CALLS)
def test_one_call_derives_from_one_version(racing, name):
    for _ in range(4):  # the newcomer comes and goes between the calls too
        CALLS[name](racing)


def test_metrics_are_those_of_the_network_of_the_same_snapshot(racing):
    for _ in range(4):
        snap = snapshot(racing)
        g = partner_network(snap)
        assert set(store_metrics(snap)) == set(g)
        assert {r["iri"] for r in metrics_table(snap, limit=500)["items"]} == set(g)


def test_an_export_holds_the_metrics_of_every_node(racing):
    for _ in range(4):
        data = json.loads(export_network(racing, "node-link"))
        assert all("pagerank" in node for node in data["nodes"])


def test_a_snapshot_keeps_its_version_and_values_after_a_write(seed_store):
    store = OxigraphStore()
    load_seed(store)
    before = snapshot(store)
    network = partner_network(before)
    store.update(_newcomer(""))
    after = snapshot(store)
    assert (before.data_version, after.data_version) == (store.data_version - 1, store.data_version)
    assert partner_network(before) is network and NEWCOMER not in network
    assert NEWCOMER in partner_network(after)
    assert snapshot(store) is after  # every reader of the new version shares it
    store.close()


def test_a_snapshot_refuses_writes(empty_store):
    snap = snapshot(empty_store)
    with pytest.raises(ReadOnly):
        snap.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(ReadOnly):
        snap.load(b"<urn:a> <urn:b> <urn:c> .", "nt")
    assert len(empty_store) == 0


def test_a_derived_value_is_built_once_for_concurrent_readers(empty_store):
    snap = snapshot(empty_store)
    builds: list[int] = []
    gate = threading.Event()

    def build():
        builds.append(1)
        gate.wait(5)
        return object()

    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(cached(snap, ("slow",), build)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert len(builds) == 1 and len(results) == 8 and len({id(r) for r in results}) == 1


def test_a_failed_build_is_not_kept(empty_store):
    snap = snapshot(empty_store)

    def fail():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        cached(snap, ("flaky",), fail)
    assert cached(snap, ("flaky",), lambda: 7) == 7


def test_clear_cache_starts_a_new_snapshot(empty_store):
    first = snapshot(empty_store)
    clear_cache()
    assert snapshot(empty_store) is not first
    assert isinstance(snapshot(first), Snapshot) and snapshot(first) is first


def test_typed_network_of_a_snapshot(seed_store):
    snap = snapshot(seed_store)
    g = typed_network(snap)
    assert isinstance(g, nx.DiGraph) and typed_network(snap) is g
    assert g.graph["data_version"] == snap.data_version
