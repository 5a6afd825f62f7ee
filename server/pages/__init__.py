"""The pages people read in a browser: one blueprint, ``pages``, with a module per surface.

Every page is HTML rendered on the server from the same ``graph`` functions ``/api`` serves
(each page links its JSON twin), in Korean or English (:mod:`server.i18n`), under the
Content-Security-Policy of :mod:`server.csp`: one small script module per page from
``static/js/``, never an inline script or style. Third-party assets come from npm through
``make vendor`` into ``static/vendor/``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from graph.iris import PGID

from .. import csp, i18n
from ..negotiation import best_media_type
from ..state import app_state

__all__ = ["bp", "init_app", "render_page", "describe_store", "error_page"]

bp = Blueprint("pages", __name__)

#: a year, long enough for a preference
_COOKIE_SECONDS = 365 * 24 * 3600


def describe_store() -> str:
    """The backend and where it keeps its data, without the store's path on the server."""
    store = app_state().store
    where = "store.on_disk" if "persistent" in store.capabilities else "store.in_memory"
    return f"{store.name} ({i18n.translate(where, i18n.page_language())})"


def render_page(template: str, /, **context: Any) -> str:
    """``template`` with what every page shows (the store in the footer)."""
    store = app_state().store
    context.setdefault("store_description", describe_store())
    context.setdefault("data_version", store.data_version)
    context.setdefault("id_base", str(PGID))
    return render_template(template, **context)


#: Paths whose errors stay plain text (protocol clients read them) whatever Accept says.
_PLAIN_PATHS = ("/sparql", "/rdf-graph-store", "/export/", "/health", "/metrics", "/static/")


def error_page(status: int, message: str) -> Response | None:
    """An HTML page for an error on a page path when the client prefers HTML (a browser),
    else None (the caller answers plain text)."""
    if request.path.startswith(_PLAIN_PATHS):
        return None
    if best_media_type(request.accept_mimetypes, ["text/plain", "text/html"]) != "text/html":
        return None
    if not request.accept_mimetypes or request.accept_mimetypes.quality("text/html") < 1:
        return None
    try:
        html = render_page("error.html", status=status, message=message)
    except Exception:  # the error page must never fail the error: plain text then
        return None
    return Response(html, status=status, mimetype="text/html")


def _local_target(target: str | None) -> str:
    """``target`` when it is a path on this site, else ``/`` (never an open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/lang/<code>")
def set_language(code: str) -> WerkzeugResponse:
    """The language toggle: remember ``code`` in a cookie and go back to ``next``."""
    response = redirect(_local_target(request.args.get("next")), code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE, code, max_age=_COOKIE_SECONDS, samesite="Lax", httponly=False
        )
    return response


def init_app(app: Flask) -> None:
    """Words, the security policy and the page routes."""
    from . import apidocs, exports, format, home, ingest, resources, timeline  # noqa: F401  (the modules register their routes on bp)

    i18n.init_app(app)
    csp.init_app(app)
    format.init_app(app)
    # the pages of their own modules register their routes: /network, /query, /review
    from . import network, query, review  # noqa: F401

    app.register_blueprint(bp)
