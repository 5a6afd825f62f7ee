"""``/timeline``: dated facts, each at its own precision (a year stays a year), filtered by
stakeholder (an id, or a name search resolves) and kind, over ``/api/timeline``'s function."""

from __future__ import annotations

from typing import Any

from flask import request

from graph.cache import snapshot
from graph.errors import InputError, NotFound
from graph.read import search as finder
from graph.read.timeline import KINDS, timeline

from ..state import app_state
from . import bp, render_page

__all__ = ["timeline_page", "PAGE_SIZE"]

#: Entries per page of the timeline.
PAGE_SIZE = 200


def _stakeholder_id(store: Any, given: str) -> str:
    """An id as it is (``org/kakao``); a name, the best stakeholder search finds for it."""
    if "/" in given:
        return given
    hits = finder.search(store, given, kind="stakeholder", limit=1)["items"]
    if not hits:
        raise NotFound(f"no stakeholder is named {given!r}", id=given)
    return str(hits[0]["id"])


@bp.get("/timeline")
def timeline_page() -> str:
    store = snapshot(app_state().store)
    who = request.args.get("stakeholder", "").strip()
    kind = request.args.get("kind", "").strip()
    try:
        offset = max(int(request.args.get("offset", "0") or 0), 0)
    except ValueError:
        offset = 0
    result, problem = None, None
    try:
        result = timeline(
            store,
            stakeholder=_stakeholder_id(store, who) if who else None,
            kind=kind or None,
            limit=PAGE_SIZE,
            offset=offset,
        )
    except (InputError, NotFound) as exc:
        problem = exc.message
    return render_page(
        "timeline.html",
        nav="timeline",
        result=result,
        problem=problem,
        who=who,
        kind=kind,
        kinds=KINDS,
        page_size=PAGE_SIZE,
    )
