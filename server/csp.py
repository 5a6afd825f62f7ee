"""The Content-Security-Policy of every HTML answer: scripts, styles, fonts and pictures from
this server only, no inline script or style, no frames, no plug-ins.

A view whose library needs more (a worker from a blob, say) declares it with
:func:`allow`, e.g. ``allow(worker_src="blob:")``; nothing is allowed globally for one page.
"""

from __future__ import annotations

from flask import Flask, Response, g

__all__ = ["POLICY", "allow", "header_value", "init_app"]

#: directive -> sources. img-src takes data: for the icons libraries embed in their CSS
#: (Swagger UI, YASGUI) and blob: for pictures drawn in the page (PNG export of a network).
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:", "blob:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}


def allow(**sources: str) -> None:
    """Add sources to directives for this response only: ``allow(worker_src="blob:")``."""
    extra: dict[str, list[str]] = g.setdefault("csp_extra", {})
    for name, value in sources.items():
        extra.setdefault(name.replace("_", "-"), []).extend(value.split())


def header_value(extra: dict[str, list[str]] | None = None) -> str:
    """The header's value: :data:`POLICY` plus ``extra``.

    >>> header_value({"worker-src": ["blob:"]}).split("; ")[6]
    "worker-src 'self' blob:"
    """
    extra = extra or {}
    names = list(POLICY) + [n for n in extra if n not in POLICY]
    return "; ".join(
        " ".join((name, *POLICY.get(name, ()), *extra.get(name, ()))) for name in names
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def _policy(response: Response) -> Response:
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = header_value(g.get("csp_extra"))
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
