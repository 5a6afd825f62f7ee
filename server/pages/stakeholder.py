"""A stakeholder's page: the profile ``/api/stakeholders/<id>`` serves, with its metrics'
ranks, a small ego network drawn on the server (SVG, no script) and a timeline of what it did,
every fact beside the article it comes from."""

from __future__ import annotations

import math
from typing import Any

from graph.cache import cached
from graph.dates import period_start
from graph.network.partners import partner_network
from graph.read import stakeholders as profiles
from graph.read.catalogue import site_items
from graph.read.overview import RANKED_METRICS, metric_ranks
from graph.read.rows import values

from . import render_page

__all__ = ["stakeholder_page", "ego_drawing", "stakeholder_timeline", "EGO_LIMIT"]

#: The most partners the ego drawing shows (the strongest); the page says how many more.
EGO_LIMIT = 16
_SIZE = 460
_RADIUS = 150


#: The most items a section of the page lists unless asked for all (``?show=all``): a hub's
#: page stays readable and quick; the rest is one click (or /api) away.
SECTION_LIMIT = 25
_SECTIONS = ("partners", "agreements", "budgets", "projects", "sites", "proposals",
             "designations", "articles")  # fmt: skip


def stakeholder_page(store: Any, subject: str, /, *, show_all: bool = False, **common: Any) -> str:
    """The page of the stakeholder ``subject`` (an IRI); ``common``: what every /id/ page
    gets (``iri`` as shown, ``page`` path). Each section lists its first
    :data:`SECTION_LIMIT` items (partners by weight, agreements newest first) unless
    ``show_all``; the page says how many it left out."""
    found = _gathered(store, subject)
    profile = dict(found["profile"])
    hidden = {}
    if not show_all:
        for section in _SECTIONS:
            items = profile[section]
            profile[section] = items[:SECTION_LIMIT]
            hidden[section] = len(items) - len(profile[section])
    events = found["events"]
    if not show_all and len(events) > 2 * SECTION_LIMIT:
        hidden["events"] = len(events) - 2 * SECTION_LIMIT
        events = events[-2 * SECTION_LIMIT :]  # the latest
    return render_page(
        "stakeholder.html",
        p=profile,
        hidden=hidden,
        level=found["level"],
        ranks=found["ranks"],
        ranked_of=found["ranked_of"],
        ranked_metrics=RANKED_METRICS,
        ego=found["ego"],
        events=events,
        site_areas=found["site_areas"],
        **common,
    )


def _gathered(store: Any, subject: str) -> dict[str, Any]:
    """:func:`_gather`, kept per data version for the hubs only (their profiles are what
    costs: a small stakeholder's is quicker to make than to keep)."""
    network = partner_network(store, people=True)
    if subject in network and network.degree(subject) >= SECTION_LIMIT:
        return cached(store, ("stakeholder-page", subject), lambda: _gather(store, subject))
    return _gather(store, subject)


def _gather(store: Any, subject: str) -> dict[str, Any]:
    """What the page shows, computed once per data version: the profile (partners by
    weight, agreements newest first), ranks, level, ego drawing, timeline, site areas."""
    profile = profiles.profile(store, subject)
    profile["partners"] = sorted(
        profile["partners"], key=lambda p: (-(p.get("weight") or 0), p["iri"])
    )
    profile["agreements"] = sorted(
        profile["agreements"], key=lambda a: (a.get("date") or "", a["iri"]), reverse=True
    )
    ranks = metric_ranks(store)
    level = values(store, [subject], ["pg:governmentLevel"])[subject]["pg:governmentLevel"]
    sites = site_items(store, [s["iri"] for s in profile["sites"]])
    return {
        "profile": profile,
        "level": level[0].rsplit("/", 1)[-1] if level else None,
        "ranks": ranks["ranks"].get(subject, {}),
        "ranked_of": ranks["of"],
        "ego": ego_drawing(profile),
        "events": stakeholder_timeline(profile),
        "site_areas": {s["iri"]: s for s in sites},
    }


def ego_drawing(profile: dict[str, Any]) -> dict[str, Any]:
    """The stakeholder in the middle, its strongest partners on a circle around it: positions
    for an SVG, line widths by weight, ``more``: the partners left out.

    >>> d = ego_drawing({"iri": "urn:a", "type": "Company", "label_en": "A", "label_ko": "에이",
    ...                  "partners": [{"iri": "urn:b", "type": "Government", "weight": 2,
    ...                                "label_en": "B", "label_ko": "비"}]})
    >>> [(n["iri"], n["x"], n["y"]) for n in d["nodes"]], d["more"]
    ([('urn:a', 230.0, 230.0), ('urn:b', 230.0, 80.0)], 0)
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
