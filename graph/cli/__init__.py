"""The ``policygraph`` command line: a click group (:mod:`graph.cli.base`) and its commands.

``build``, ``load``, ``query`` and ``export`` are in :mod:`graph.cli.base`; ``validate``,
``ingest`` and ``delete`` in :mod:`graph.cli.write`; ``extract`` in :mod:`graph.extract.cli`;
``serve`` is added by ``server/cli.py``, the console entry point. How the commands reach the
store beside a running server is :mod:`graph.cli.access`.
"""

from __future__ import annotations

from ..extract import cli as _extract  # noqa: F401  (registers extract)
from . import write as _write  # noqa: F401  (registers validate, ingest, delete)
from .base import cli, note, progress, settings_for, store_options

__all__ = ["cli", "store_options", "settings_for", "note", "progress"]
