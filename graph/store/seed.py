"""The seed graph: the curated articles shipped in ``graph/data/``."""

from __future__ import annotations

import logging
from pathlib import Path

from .protocol import Store

__all__ = ["SEED_DIR", "seed_files", "load_seed"]

log = logging.getLogger(__name__)

SEED_DIR = Path(__file__).resolve().parents[1] / "data"


def seed_files() -> list[Path]:
    """The seed TriG files, in name order."""
    return sorted(SEED_DIR.glob("*.trig"))


def load_seed(store: Store, *, bulk: bool = False) -> int:
    """Load every seed file into ``store`` with Oxigraph's native parser; returns the file count."""
    files = seed_files()
    for path in files:
        store.load(path, "trig", bulk=bulk)
        log.info("loaded %s", path.name)
    return len(files)
