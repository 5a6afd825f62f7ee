"""The store in figures: how many stakeholders, agreements, budgets (with their sums per
currency), projects, sites and articles it holds, and its latest articles.

Examples
--------
>>> o = overview(seed_store)
>>> o["counts"]["articles"], o["counts"]["agreements"], o["budget_totals"]["KRW"]
(3, 2, 6000000000)
>>> o["latest_articles"][0]["issued"]
'2025-06-13'
"""

from __future__ import annotations

from typing import Any

from ..cache import Snapshot, cached
from ..dates import chronological
from ..network.metrics import store_metrics
from ..network.partners import STAKEHOLDER_TYPES
from ..store import Store
from .articles import article_items
from .catalogue import budget_items, budget_totals, subjects

__all__ = ["overview", "metric_ranks", "LATEST_ARTICLES", "RANKED_METRICS"]

#: How many of the newest articles the overview lists.
LATEST_ARTICLES = 5

_COUNTED = {
    "stakeholders": tuple(f"pg:{t}" for t in STAKEHOLDER_TYPES),
    "agreements": ("pg:Agreement",),
    "budgets": ("pg:Budget",),
    "projects": ("pg:Project", "pg:Facility"),
    "sites": ("pg:Site",),
    "proposals": ("pg:Proposal",),
    "designations": ("pg:Designation",),
}


def overview(store: Store | Snapshot) -> dict[str, Any]:
    """Counts per kind, budget sums per currency, and the newest articles (newest first)."""
    return cached(store, ("overview",), lambda: _overview(store))


def _overview(store: Store | Snapshot) -> dict[str, Any]:
    counts = {name: len(subjects(store, *classes)) for name, classes in _COUNTED.items()}
    articles = article_items(store)
    counts["articles"] = len(articles)
    budgets = budget_items(store, subjects(store, "pg:Budget"))
    newest = sorted(articles, key=lambda a: chronological(a, "issued"), reverse=True)
    return {
        "counts": counts,
        "budget_totals": budget_totals(budgets)["by_currency"],
        "latest_articles": newest[:LATEST_ARTICLES],
    }


#: The metrics ranked by :func:`metric_ranks` (highest value: rank 1).
RANKED_METRICS = ("degree", "strength", "betweenness", "pagerank", "eigenvector")


def metric_ranks(store: Store | Snapshot) -> dict[str, Any]:
    """Each stakeholder's rank per metric among all stakeholders of the partner network
    (1: the highest value; equal values share a rank), and ``of``: how many are ranked.

    >>> ranks = metric_ranks(seed_store)
    >>> ranks["ranks"]["https://policygraph.example/id/org/kakao"]["degree"] <= ranks["of"]
    True
    """
    return cached(store, ("metric_ranks",), lambda: _metric_ranks(store))


def _metric_ranks(store: Store | Snapshot) -> dict[str, Any]:
    table = store_metrics(store)
    ranks: dict[str, dict[str, int]] = {iri: {} for iri in table}
    for metric in RANKED_METRICS:
        ordered = sorted(table, key=lambda iri: -(table[iri].get(metric) or 0))
        previous, rank = None, 0
        for position, iri in enumerate(ordered, start=1):
            value = table[iri].get(metric) or 0
            if value != previous:
                rank, previous = position, value
            ranks[iri][metric] = rank
    return {"of": len(table), "ranks": ranks}
