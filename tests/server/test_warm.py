"""server/warm.py: the derived values are built ahead of the requests, once per settled version."""

from __future__ import annotations

import time

from graph.cache import snapshot
from graph.network.partners import partner_network
from graph.read.search import search_index
from graph.store.oxigraph import OxigraphStore
from server.warm import Warmer, warm


class CountingStore(OxigraphStore):
    """An in-memory store that counts the queries it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def query(self, *args, **kwargs):
        self.queries += 1
        return super().query(*args, **kwargs)


def _store() -> CountingStore:
    store = CountingStore()
    store.load(
        "<urn:g> { <https://policygraph.example/id/org/a> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en }',
        "trig",
    )
    return store


def test_after_warming_the_lookups_read_nothing_more():
    store = _store()
    snap = warm(store)
    before = store.queries
    assert before > 0
    partner_network(snapshot(store), people=True)
    search_index(snapshot(store))
    assert snapshot(store) is snap
    assert store.queries == before


def test_the_warmer_follows_each_settled_version():
    store = _store()
    warmer = Warmer(store, interval=0.01, settle=0.05).start()
    try:
        for _ in range(2000):
            if warmer.warmed == store.data_version:
                break
            time.sleep(0.01)
        assert warmer.warmed == store.data_version
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:p> "y" } }')
        for _ in range(2000):
            if warmer.warmed == store.data_version:
                break
            time.sleep(0.01)
        assert warmer.warmed == store.data_version
        counted = store.queries
        partner_network(snapshot(store))
        assert store.queries == counted  # built by the warmer, for the new version
    finally:
        warmer.stop()
