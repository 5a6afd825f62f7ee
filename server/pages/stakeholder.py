"""A stakeholder's page: the profile ``/api/stakeholders/<id>`` serves, with its metrics'
ranks, a small ego network drawn on the server (SVG, no script) and a timeline of what it did,
every fact beside the article it comes from."""

from __future__ import annotations

import math
from typing import Any

from graph.dates import period_start
from graph.read import stakeholders as profiles
from graph.read.catalogue import site_items
from graph.read.overview import RANKED_METRICS, metric_ranks
from graph.read.rows import values

from . import render_page

__all__ = ["stakeholder_page", "ego_drawing", "stakeholder_timeline", "EGO_LIMIT"]

#: The most partners the ego drawing shows (the strongest); the page says how many more.
EGO_LIMIT = 16
_SIZE = 420
_RADIUS = 150


def stakeholder_page(store: Any, subject: str, /, **common: Any) -> str:
    """The page of the stakeholder ``subject`` (an IRI); ``common``: what every /id/ page
    gets (``iri`` as shown, ``page`` path)."""
    profile = profiles.profile(store, subject)
    ranks = metric_ranks(store)
    level = values(store, [subject], ["pg:governmentLevel"])[subject]["pg:governmentLevel"]
    return render_page(
        "stakeholder.html",
        p=profile,
        level=level[0].rsplit("/", 1)[-1] if level else None,
        ranks=ranks["ranks"].get(subject, {}),
        ranked_of=ranks["of"],
        ranked_metrics=RANKED_METRICS,
        ego=ego_drawing(profile),
        events=stakeholder_timeline(profile),
        site_areas={s["iri"]: s for s in site_items(store, [s["iri"] for s in profile["sites"]])},
        **common,
    )


def ego_drawing(profile: dict[str, Any]) -> dict[str, Any]:
    """The stakeholder in the middle, its strongest partners on a circle around it: positions
    for an SVG, line widths by weight, ``more``: the partners left out.

    >>> d = ego_drawing({"iri": "urn:a", "type": "Company", "label_en": "A", "label_ko": "에이",
    ...                  "partners": [{"iri": "urn:b", "type": "Government", "weight": 2,
    ...                                "label_en": "B", "label_ko": "비"}]})
    >>> [(n["iri"], n["x"], n["y"]) for n in d["nodes"]], d["more"]
    ([('urn:a', 210.0, 210.0), ('urn:b', 210.0, 60.0)], 0)
    """
    partners = sorted(profile["partners"], key=lambda p: (-(p.get("weight") or 0), p["iri"]))
    shown = partners[:EGO_LIMIT]
    centre = _SIZE / 2
    nodes = [{**_node(profile), "x": centre, "y": centre, "centre": True}]
    edges = []
    top = max([p.get("weight") or 1 for p in shown] or [1])
    for i, partner in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        x = round(centre + _RADIUS * math.cos(angle), 1)
        y = round(centre + _RADIUS * math.sin(angle), 1)
        anchor = "middle" if abs(x - centre) < 20 else ("start" if x > centre else "end")
        nodes.append({**_node(partner), "x": x, "y": y, "anchor": anchor, "centre": False})
        width = 1.5 + 4.5 * ((partner.get("weight") or 1) / top)
        edges.append({"x1": centre, "y1": centre, "x2": x, "y2": y, "width": round(width, 1)})
    return {"size": _SIZE, "nodes": nodes, "edges": edges, "more": len(partners) - len(shown)}


def _node(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "iri": item["iri"],
        "label_ko": item.get("label_ko"),
        "label_en": item.get("label_en"),
        "type": item.get("type") or "",
        "weight": item.get("weight"),
    }


#: (section of the profile, field, event) whose dates make the timeline
_DATED = (
    ("agreements", "date", "signed"),
    ("budgets", "fiscal_year", "fiscal-year"),
    ("projects", "planned_construction_start", "construction-start"),
    ("projects", "planned_completion", "completion"),
    ("projects", "planned_opening", "opening"),
    ("projects", "opened_on", "opened"),
    ("initiatives", "announced_on", "announced"),
    ("proposals", "proposed_on", "proposed"),
    ("designations", "date", "designated"),
    ("designations", "planned_year", "designation-planned"),
)


def stakeholder_timeline(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """The dated facts of a profile, oldest first, each date at its own precision.

    >>> stakeholder_timeline({"agreements": [{"date": "2025-06-13", "iri": "urn:x"}],
    ...                       "budgets": [{"fiscal_year": "2025", "iri": "urn:y"}]})[0]["date"]
    '2025'
    """
    events = []
    for section, field, event in _DATED:
        for item in profile.get(section) or []:
            date = item.get(field)
            if date:
                events.append({"date": str(date), "event": event, "item": item})
    return sorted(events, key=lambda e: (period_start(e["date"]), e["date"], e["event"]))
