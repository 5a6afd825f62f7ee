"""``/query``: the SPARQL editor (YASGUI), pointed at this server's own ``/sparql``."""

from __future__ import annotations

from . import bp, render_page

__all__ = ["query"]


@bp.get("/query")
def query() -> str:
    return render_page("query.html", nav="query")
