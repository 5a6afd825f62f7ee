"""``/network``: the partner network drawn in the browser (Cytoscape.js, canvas renderer).

The page is a frame; its script reads ``/api/network/view`` (positions precomputed on the
server per data version, so no layout runs in the browser), ``/api/stakeholders/<id>/partners``
and ``/api/network/link`` for the side panel, ``/api/network/ego/<id>`` to expand a node and
``/api/path`` for the path finder. The whole network in each export format is one link away
(``/export/network.<ext>``).
"""

from __future__ import annotations

from graph.network.export import NETWORK_FORMATS
from graph.network.partners import STAKEHOLDER_TYPES

from . import bp, render_page

__all__ = ["network"]


@bp.get("/network")
def network() -> str:
    formats = [(f.name, f"/export/network.{f.extension}") for f in NETWORK_FORMATS]
    return render_page(
        "network.html",
        nav="network",
        formats=formats,
        types=[t for t in STAKEHOLDER_TYPES if t != "Person"],
    )
