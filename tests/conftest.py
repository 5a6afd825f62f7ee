"""Shared fixtures: settings, stores, the Flask app, its client and the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from graph.config import Settings
from graph.store import Store
from tests.stores import ReadOnlySeedStore, new_store


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(memory=True)


@pytest.fixture
def empty_store() -> Iterator[Store]:
    store = new_store()
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
