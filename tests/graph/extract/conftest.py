"""Fixtures for the extractor's tests: a writable store with the seed data (its registry is
the gazetteer), and the evaluation set's articles (tests/data/extract/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed

EVAL_DIR = Path(__file__).resolve().parents[2] / "data" / "extract"


@pytest.fixture(scope="module")
def seeded() -> Iterator[OxigraphStore]:
    store = OxigraphStore()
    load_seed(store)
    yield store
    store.close()


def eval_articles() -> list[Path]:
    return sorted(EVAL_DIR.glob("*.txt"))
