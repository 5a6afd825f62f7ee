"""The read API: what ``/api`` answers, as plain JSON-ready values.

- :mod:`~graph.read.rows`: property values, labels and amounts of many subjects at once
- :mod:`~graph.read.articles`: articles and one article with its facts
- :mod:`~graph.read.catalogue`: agreements, budgets, projects, sites
- :mod:`~graph.read.timeline`: dated facts at their precision
- :mod:`~graph.read.search`: search by name over everything that has one
- :mod:`~graph.read.paths`: how two stakeholders are connected, with evidence per hop
- :mod:`~graph.read.stakeholders`: a stakeholder's profile, and the list of stakeholders
"""

from __future__ import annotations

# Functions named as their module (search, stakeholders, articles, timeline) are not
# re-exported: the package attribute must stay the module.
from .articles import article
from .catalogue import agreements, budgets, projects, sites
from .paths import ego_network, shortest_path
from .stakeholders import profile

__all__ = [
    "profile",
    "agreements",
    "budgets",
    "projects",
    "sites",
    "article",
    "shortest_path",
    "ego_network",
]
