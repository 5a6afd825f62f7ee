"""Shared fixtures: settings, stores, the Flask app, its client and the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from graph.config import Settings
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed


class ReadOnlySeedStore:
    """The seed store for the whole session; a test that tries to write to it fails."""

    def __init__(self, store: Store) -> None:
        self._inner = store

    def __getattr__(self, name: str):
        if name in {"update", "load", "apply", "write_lock"}:
            raise AssertionError("seed_store is shared by the session: use empty_store to write")
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)

    def query(self, sparql: str, **kwargs):
        """SPARQL over the seed graph; the default graph is the union of all graphs."""
        return self._inner.query(sparql, **kwargs)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(memory=True)


@pytest.fixture(scope="session")
def seed_store() -> ReadOnlySeedStore:
    store = OxigraphStore()
    load_seed(store)
    return ReadOnlySeedStore(store)


@pytest.fixture
def empty_store() -> Iterator[Store]:
    store = OxigraphStore()
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(settings: Settings, seed_store: ReadOnlySeedStore):
    from server import create_app

    application = create_app(settings, store=seed_store)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
