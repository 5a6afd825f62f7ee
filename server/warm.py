"""The values the lookups derive per data version, built before they are asked for (issue 20).

A stakeholder's profile, the network data and the name search read values that are derived
once per data version of the store (:func:`graph.cache.cached`): the partner network with and
without its people, its metrics, the search index, the ``pg:within`` closure. At 10^6 quads
they take seconds to build, and the first request after a write used to pay for them.
:class:`Warmer` (started by ``policygraph serve``) builds them in a background thread when the
data version has moved and then stayed put for ``settle`` seconds (a burst of writes is
warmed once, at its end). A request that arrives while a value is being built waits for that
build and shares it (:meth:`graph.cache.Snapshot.derived` builds each value once).
"""

from __future__ import annotations

import logging
import threading
import time

from graph.cache import Snapshot, snapshot
from graph.network.metrics import store_metrics
from graph.network.partners import partner_network
from graph.read.catalogue import containment
from graph.read.search import search_index
from graph.store import Store

__all__ = ["Warmer", "warm"]

log = logging.getLogger(__name__)


def warm(store: Store | Snapshot) -> Snapshot:
    """Build the derived values of the store's current version; the snapshot they belong to.

    >>> from graph.cache import cached
    >>> snap = warm(seed_store)
    >>> cached(snap, ("search_index",), lambda: "built again") is not None
    True
    """
    snap = snapshot(store)
    for build in (
        lambda: partner_network(snap),
        lambda: partner_network(snap, people=True),
        lambda: store_metrics(snap),
        lambda: search_index(snap),
        lambda: containment(snap),
    ):
        try:
            build()
        except Exception:  # a request asking for it later meets the same error, and says so
            log.exception("a derived value could not be built ahead of time")
    return snap


class Warmer:
    """A daemon thread that calls :func:`warm` for each settled data version of ``store``."""

    def __init__(self, store: Store, *, interval: float = 0.5, settle: float = 1.0) -> None:
        self.store = store
        self.interval, self.settle = interval, settle
        self.warmed: int | None = None  #: the last data version warmed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="policygraph-warm", daemon=True)

    def start(self) -> Warmer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        seen, since = None, time.monotonic()
        while not self._stop.wait(self.interval):
            try:
                version = self.store.data_version
            except Exception:  # an unavailable store: /health says so; try again later
                continue
            if version != seen:
                seen, since = version, time.monotonic()
            if version == self.warmed or time.monotonic() - since < self.settle:
                continue
            started = time.perf_counter()
            warm(self.store)
            self.warmed = version
            log.info(
                "derived values of data version %d built in %.1f s",
                version,
                time.perf_counter() - started,
            )
