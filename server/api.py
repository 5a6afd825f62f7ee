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
from flask import Blueprint, Response, current_app, jsonify, request

from graph import catalogue, lookup, metrics, paths, timeline
from graph.errors import InputError
from graph.network import partner_network

from .params import flag

__all__ = ["bp", "openapi_document"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _store():
    return current_app.extensions["policygraph"].store


def _text(name: str, *, required: bool = False) -> str | None:
    value = request.args.get(name)
    if value is None or not value.strip():
        if required:
            raise InputError(f"parameter {name} is required", parameter=name)
        return None
    return value.strip()


def _int(name: str, default: int | None = None) -> int | None:
    value = request.args.get(name)
    if value is None or value.strip() == "":
        return default
    if not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise InputError(f"parameter {name} must be a whole number, not {value!r}", parameter=name)
    return int(value)


def _id(raw: str) -> str:
    """A stakeholder id from the URL path; a full IRI may have lost a slash of its ``//``."""
    return re.sub(r"^(https?):/+", r"\1://", raw)


def _page() -> dict[str, int | None]:
    return {"limit": _int("limit"), "offset": _int("offset")}


# --- stakeholders -----------------------------------------------------------------------------


@bp.get("/search")
def search() -> Response:
    return jsonify(
        lookup.search(
            _store(),
            _text("q", required=True),
            type=_text("type"),
            kind=_text("kind"),
            limit=_int("limit", lookup.SEARCH_LIMIT),
            offset=_int("offset", 0),
        )
    )


@bp.get("/stakeholders")
def stakeholders() -> Response:
    return jsonify(lookup.stakeholders(_store(), type=_text("type"), **_page()))


@bp.get("/stakeholders/<path:id>/partners", merge_slashes=False)
def partners(id: str) -> Response:  # noqa: A002 - the route's name for it
    return jsonify(paths.partners(_store(), _id(id), as_of=_text("as_of")))


@bp.get("/stakeholders/<path:id>/ego", merge_slashes=False)
def ego(id: str) -> Response:  # noqa: A002
    depth = _int("depth", 1)
    return jsonify(paths.ego_network(_store(), _id(id), depth=depth, as_of=_text("as_of")))


@bp.get("/stakeholders/<path:id>", merge_slashes=False)
def profile(id: str) -> Response:  # noqa: A002
    return jsonify(lookup.profile(_store(), _id(id)))


# --- network ----------------------------------------------------------------------------------


@bp.get("/path")
def path() -> Response:
    source, target = _text("from", required=True), _text("to", required=True)
    return jsonify(paths.shortest_path(_store(), source, target, as_of=_text("as_of")))


@bp.get("/metrics")
def metrics_table() -> Response:
    return jsonify(
        metrics.metrics_table(
            _store(),
            as_of=_text("as_of"),
            weighted_betweenness=flag("weighted"),
            sort=_text("sort") or "pagerank",
            **_page(),
        )
    )


@bp.get("/network")
def network() -> Response:
    store, as_of = _store(), _text("as_of")
    g = partner_network(store, as_of=as_of)
    table = metrics.store_metrics(store, as_of=as_of)
    return jsonify({"as_of": g.graph.get("as_of"), **metrics.network_summary(g, table)})


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
    return jsonify(catalogue.sites(_store(), within=_text("within"), **_page()))


@bp.get("/articles")
def articles() -> Response:
    return jsonify(catalogue.articles(_store(), **_page()))


@bp.get("/articles/<path:id>", merge_slashes=False)
def article(id: str) -> Response:  # noqa: A002
    return jsonify(catalogue.article(_store(), _id(id)))


@bp.get("/timeline")
def timeline_list() -> Response:
    return jsonify(timeline.timeline(_store(), **_page()))


# --- the contract -----------------------------------------------------------------------------


@cache
def openapi_document() -> dict[str, Any]:
    """``server/openapi.yaml`` as a dict (read once)."""
    text = resources.files("server").joinpath("openapi.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return Response(
        json.dumps(openapi_document(), ensure_ascii=False, indent=2),
        mimetype="application/json",
    )


@bp.get("/openapi.yaml")
def openapi_yaml() -> Response:
    text = resources.files("server").joinpath("openapi.yaml").read_text(encoding="utf-8")
    return Response(text, mimetype="application/yaml")
