"""``/query``: the SPARQL editor (YASGUI: YASQE + YASR), pointed at this server's ``/sparql``.

The example menu is ``server/queries/*.rq``: the README's five examples first (a test keeps
them equal), then more. Prefix completion offers the project's prefixes
(:data:`graph.iris.PREFIXES`), never a lookup on another site.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from graph.iris import PREFIXES

from .. import csp
from . import bp, render_page

__all__ = ["examples", "query"]


@cache
def examples() -> tuple[tuple[str, str], ...]:
    """``(name, query)`` for every ``server/queries/<nn>-<name>.rq``, in file order."""
    folder = resources.files("server").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple((f.name[3:-3], f.read_text(encoding="utf-8").rstrip("\n")) for f in files)


@bp.get("/query")
def query() -> str:
    # YASR's table (DataTables, column resizer) writes style attributes as markup: styles only,
    # on this page only; scripts stay 'self'.
    csp.allow(style_src="'unsafe-inline'")
    return render_page(
        "query.html",
        nav="query",
        examples=[{"name": n, "query": q} for n, q in examples()],
        prefixes=PREFIXES,
    )
