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

__all__ = ["COLUMN_RESIZER_STYLE", "examples", "query"]

#: The hash of the stylesheet YASR's table (column-resizer, in @zazuko/yasgui 4.6.2) adds to
#: the page; a new YASGUI that changes it fails the browser tests with a CSP console error.
COLUMN_RESIZER_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"


@cache
def examples() -> tuple[tuple[str, str], ...]:
    """``(name, query)`` for every ``server/queries/<nn>-<name>.rq``, in file order."""
    folder = resources.files("server").joinpath("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple((f.name[3:-3], f.read_text(encoding="utf-8").rstrip("\n")) for f in files)


@bp.get("/query")
def query() -> str:
    # YASR's column resizer adds one fixed <style> element: that one is allowed by its hash.
    csp.allow(style_src=COLUMN_RESIZER_STYLE)
    return render_page(
        "query.html",
        nav="query",
        examples=[{"name": n, "query": q} for n, q in examples()],
        prefixes=PREFIXES,
    )
