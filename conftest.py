"""Fixtures shared by the tests and the doctests of graph/ and server/.

``seed_store`` (the seed articles in memory, for the whole session, never written) is also in
every doctest's namespace, so that an Example reads ``search(seed_store, "Kakao")`` instead
of building its own store.

``POLICYGRAPH_TEST_STORE`` (``memory`` by default; ``oxigraph-server``, ``virtuoso``) picks the
backend of ``seed_store`` and of :func:`tests.stores.new_store` (``empty_store`` and the stores
the HTTP tests build): the engines start once per session (:mod:`tests.engines`).
"""

from __future__ import annotations

import pytest

from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from tests.stores import POOL, ReadOnlySeedStore, backend_under_test


@pytest.fixture(scope="session")
def engines():
    """The remote engines of the session (started on first use, stopped at the end)."""
    yield POOL
    POOL.stop()


@pytest.fixture(scope="session")
def seed_store(engines) -> ReadOnlySeedStore:
    kind = backend_under_test()
    if kind == "memory":
        store = OxigraphStore()
    else:
        store = engines.store(kind, "seed")
        store.clear()
    load_seed(store)
    return ReadOnlySeedStore(store)


@pytest.fixture(autouse=True)
def _doctest_seed_store(doctest_namespace: dict, seed_store: ReadOnlySeedStore) -> None:
    doctest_namespace["seed_store"] = seed_store


@pytest.fixture(autouse=True)
def _remote_leases():
    """The remote engines a test leased (tests.stores.new_store) are free after it."""
    POOL.begin_test()
    yield
    POOL.release_test()
