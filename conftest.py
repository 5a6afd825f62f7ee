"""Fixtures shared by the tests and the doctests of graph/ and server/.

``seed_store`` (the seed articles in memory, for the whole session, never written) is also in
every doctest's namespace, so that an Example reads ``search(seed_store, "Kakao")`` instead
of building its own store.
"""

from __future__ import annotations

import pytest

from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from tests.stores import ReadOnlySeedStore


@pytest.fixture(scope="session")
def seed_store() -> ReadOnlySeedStore:
    store = OxigraphStore()
    load_seed(store)
    return ReadOnlySeedStore(store)


@pytest.fixture(autouse=True)
def _doctest_seed_store(doctest_namespace: dict, seed_store: ReadOnlySeedStore) -> None:
    doctest_namespace["seed_store"] = seed_store
