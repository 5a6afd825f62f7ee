"""``/`` (the store in words, latest articles, where to go next) and ``/search``."""

from __future__ import annotations

from flask import request

from . import bp, render_page

__all__ = ["home", "search"]


@bp.get("/")
def home() -> str:
    return render_page("home.html", nav="home")


@bp.get("/search")
def search() -> str:
    q = request.args.get("q", "").strip()
    return render_page("search.html", q=q, results=None)
