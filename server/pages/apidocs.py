"""``/api/docs``: the OpenAPI document (``server/openapi.yaml``) rendered by Swagger UI, served
from ``static/vendor/`` (npm ``swagger-ui-dist``; no CDN), under the pages' CSP."""

from __future__ import annotations

from . import bp, render_page

__all__ = ["api_docs"]


@bp.get("/api/docs")
def api_docs() -> str:
    return render_page("apidocs.html", nav="api")
