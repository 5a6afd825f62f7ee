"""``/api``: JSON lookups over ``graph`` (search, profiles, network, lists), read side only.

Every view parses its parameters, calls one ``graph`` function and returns its dict as JSON:
IRIs and both labels in every item, lists as pages (``total``, ``limit``, ``offset``,
``items``). Bad parameters raise :class:`~graph.errors.InputError` naming the parameter (400),
unknown ids :class:`~graph.errors.NotFound` naming the id (404); ``server/errors.py`` turns them
into responses. A stakeholder id is the IRI path after ``/id/`` (``org/kakao``) or a full IRI.
The routes are described in ``server/openapi.yaml``, served at ``/api/openapi.json`` and
``/api/openapi.yaml``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml
from flask import Blueprint, Response, g, jsonify

from graph.cache import Snapshot, snapshot
from graph.iris import expand_id
from graph.network import metrics
from graph.network.partners import partner_network
from graph.read import articles as news
from graph.read import catalogue, overview, paths, timeline
from graph.read import resources as described
from graph.read import search as finder
from graph.read import stakeholders as profiles

from .params import flag, text, whole
from .state import app_state

__all__ = ["bp", "openapi_document"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _store() -> Snapshot:
    """The store as this request sees it: one snapshot, so that everything the request derives
    (a network, its metrics, the search index) comes from one data version."""
    if "snapshot" not in g:
        g.snapshot = snapshot(app_state().store)
    return g.snapshot


def _id(raw: str) -> str:
    """A stakeholder id from the URL path; a full IRI may have lost a slash of its ``//``."""
    return re.sub(r"^(https?):/+", r"\1://", raw)


def _page() -> dict[str, int | None]:
    return {"limit": whole("limit"), "offset": whole("offset")}


# --- the store in figures (the home page) ----------------------------------------------------


@bp.get("/overview")
def store_overview() -> Response:
    return jsonify(overview.overview(_store()))


# --- stakeholders -----------------------------------------------------------------------------


@bp.get("/search")
def search() -> Response:
    return jsonify(
        finder.search(
            _store(),
            text("q", required=True),
            type=text("type"),
            kind=text("kind"),
            limit=whole("limit", finder.SEARCH_LIMIT),
            offset=whole("offset", 0),
        )
    )


@bp.get("/stakeholders")
def stakeholders() -> Response:
    return jsonify(profiles.stakeholders(_store(), type=text("type"), **_page()))


@bp.get("/stakeholders/<path:id>/partners", merge_slashes=False)
def partners(id: str) -> Response:  # noqa: A002 - the route's name for it
    return jsonify(paths.partners(_store(), _id(id), as_of=text("as_of")))


@bp.get("/stakeholders/<path:id>/ego", merge_slashes=False)
def ego(id: str) -> Response:  # noqa: A002
    depth = whole("depth", 1)
    return jsonify(paths.ego_network(_store(), _id(id), depth=depth, as_of=text("as_of")))


@bp.get("/resources/<path:id>", merge_slashes=False)
def any_resource(id: str) -> Response:  # noqa: A002
    return jsonify(described.resource(_store(), expand_id(_id(id))))


@bp.get("/stakeholders/<path:id>", merge_slashes=False)
def profile(id: str) -> Response:  # noqa: A002
    return jsonify(profiles.profile(_store(), _id(id)))


# --- network ----------------------------------------------------------------------------------


@bp.get("/path")
def path() -> Response:
    source, target = text("from", required=True), text("to", required=True)
    return jsonify(paths.shortest_path(_store(), source, target, as_of=text("as_of")))


@bp.get("/metrics")
def metrics_table() -> Response:
    return jsonify(
        metrics.metrics_table(
            _store(),
            as_of=text("as_of"),
            weighted_betweenness=flag("weighted"),
            sort=text("sort") or "pagerank",
            **_page(),
        )
    )


@bp.get("/network")
def network() -> Response:
    store, as_of = _store(), text("as_of")
    network = partner_network(store, as_of=as_of)
    table = metrics.store_metrics(store, as_of=as_of)
    return jsonify({"as_of": network.graph.get("as_of"), **metrics.network_summary(network, table)})


# --- lists ------------------------------------------------------------------------------------


@bp.get("/agreements")
def agreements() -> Response:
    return jsonify(catalogue.agreements(_store(), **_page()))


@bp.get("/budgets")
def budgets() -> Response:
    return jsonify(catalogue.budgets(_store(), **_page()))


@bp.get("/projects")
def projects() -> Response:
    return jsonify(catalogue.projects(_store(), **_page()))


@bp.get("/sites")
def sites() -> Response:
    return jsonify(catalogue.sites(_store(), within=text("within"), **_page()))


@bp.get("/articles")
def articles() -> Response:
    return jsonify(news.articles(_store(), **_page()))


@bp.get("/articles/<path:id>", merge_slashes=False)
def article(id: str) -> Response:  # noqa: A002
    return jsonify(news.article(_store(), _id(id)))


@bp.get("/timeline")
def timeline_list() -> Response:
    return jsonify(
        timeline.timeline(_store(), stakeholder=text("stakeholder"), kind=text("kind"), **_page())
    )


# --- the contract -----------------------------------------------------------------------------


@cache
def openapi_document() -> dict[str, Any]:
    """``server/openapi.yaml`` as a dict (read once)."""
    document = resources.files("server").joinpath("openapi.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(document)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return Response(
        json.dumps(openapi_document(), ensure_ascii=False, indent=2),
        mimetype="application/json",
    )


@bp.get("/openapi.yaml")
def openapi_yaml() -> Response:
    document = resources.files("server").joinpath("openapi.yaml").read_text(encoding="utf-8")
    return Response(document, mimetype="application/yaml")
