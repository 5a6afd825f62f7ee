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
from ..network.partners import STAKEHOLDER_TYPES
from ..store import Store
from .articles import article_items
from .catalogue import budget_items, budget_totals, subjects

__all__ = ["overview", "LATEST_ARTICLES"]

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
