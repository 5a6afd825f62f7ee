"""Facts stated by several articles are read once.

Oxigraph 0.5's union default graph yields a triple once per graph that holds it
(oxigraph#1919). These tests restate every article's facts in more graphs and check that the
lookups, totals and networks do not change: nothing is counted twice and no join multiplies.
"""

from __future__ import annotations

import pytest

from graph.iris import PGID
from graph.network.partners import partner_network
from graph.query.sparql import select
from graph.read.catalogue import budgets
from graph.read.stakeholders import profile
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed

KAKAO = str(PGID["org/kakao"])
RESTATE = """
INSERT { GRAPH ?copy { ?s ?p ?o } }
WHERE {
  GRAPH ?meta { ?article pg:factGraph ?g }
  GRAPH ?g { ?s ?p ?o }
  BIND(IRI(CONCAT(STR(?g), "/copy-%d")) AS ?copy)
}
"""


@pytest.fixture(scope="module")
def stores():
    once, thrice = OxigraphStore(), OxigraphStore()
    load_seed(once)
    load_seed(thrice)
    for n in (1, 2):
        thrice.update(RESTATE % n, prefixes={"pg": "https://policygraph.example/ont#"})
    yield once, thrice
    once.close()
    thrice.close()


def test_the_restated_store_really_repeats_triples_in_the_union(stores):
    once, thrice = stores
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s pg:party ?o }"
    assert select(thrice, count)[0]["n"] == 3 * select(once, count)[0]["n"] > 0


@pytest.mark.parametrize("people", [False, True])
def test_partner_network_is_the_same(stores, people):
    once, thrice = (partner_network(s, people=people) for s in stores)
    assert set(once.nodes) == set(thrice.nodes)
    assert sorted(once.edges(data=True)) == sorted(thrice.edges(data=True))


def test_profile_is_the_same(stores):
    once, thrice = (profile(s, KAKAO) for s in stores)
    assert once["posts"] and once["agreements"]
    assert once == thrice


def test_budget_totals_are_the_same(stores):
    once, thrice = (budgets(s, limit=500) for s in stores)
    assert once["totals"] and once["total"] > 0
    assert once == thrice
