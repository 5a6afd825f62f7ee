"""Checked writes: check outside the store's write lock, commit under it.

Every write path (ingest, delete, SPARQL Update, the Graph Store) reads the store and validates
its change first, which is the slow part; :func:`commit_checked` holds the store's write lock
(:meth:`graph.store.Store.write_lock`) only to see that nothing was written meanwhile and to
commit, so that a slow or hostile write never holds up the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from ..store import Store

__all__ = ["commit_checked"]

log = logging.getLogger(__name__)

P = TypeVar("P")
R = TypeVar("R")

_ATTEMPTS = 3  # checks outside the lock before one is made under it


def commit_checked(store: Store, prepare: Callable[[], P], commit: Callable[[P], R]) -> R:
    """Check a write outside the write lock, then commit it under the lock.

    ``prepare()`` reads the store and validates (the slow part, bounded by the caller's
    deadline); ``commit(plan)`` writes. The lock is held only for ``commit``, and only if no
    write happened since ``prepare`` began (the data version did not move): otherwise the
    check is made again on the new state. After a few such races the check is made under the
    lock, so that a write always gets through.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> commit_checked(OxigraphStore(), lambda: 2, lambda plan: plan * 21)
    42
    """
    for _ in range(_ATTEMPTS):
        version = store.data_version
        plan = prepare()
        with store.write_lock():
            if store.data_version == version:
                return commit(plan)
        log.info("the store changed while a write was checked: checking it again")
    with store.write_lock():
        return commit(prepare())
