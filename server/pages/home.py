"""``/`` (the store in figures and words, the latest articles, where to go next) and
``/search?q=`` (everything with a name: stakeholders, projects, sites, agreements, articles...),
over the same ``graph`` functions as ``/api/overview`` and ``/api/search``."""

from __future__ import annotations

from flask import request

from graph.cache import snapshot
from graph.errors import InputError
from graph.read import search as finder
from graph.read.overview import overview

from ..i18n import page_language
from ..state import app_state
from . import bp, render_page
from .format import money

__all__ = ["home", "search"]

#: How many hits the search page lists.
SEARCH_PAGE = 50


@bp.get("/")
def home() -> str:
    figures = overview(snapshot(app_state().store))
    lang = page_language()
    totals = " · ".join(
        money({"value": value, "currency": currency}, lang)
        for currency, value in figures["budget_totals"].items()
    )
    return render_page("home.html", nav="home", overview=figures, totals_text=totals)


@bp.get("/search")
def search() -> str:
    q = request.args.get("q", "").strip()
    results, problem = None, None
    if q:
        try:
            results = finder.search(snapshot(app_state().store), q, limit=SEARCH_PAGE)
        except InputError as exc:  # a query with no letter or digit: say so on the page
            problem = exc.message
    return render_page("search.html", q=q, results=results, problem=problem)
