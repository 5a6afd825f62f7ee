"""Conditional requests on the reads that depend only on the data: ``GET``/``HEAD`` of
``/sparql`` (a query or the service description), ``/api/...`` and ``/export/...``.

A 200 answer carries validators taken from the store's data version, read before the answer is
computed:

- ``ETag: W/"v<version>-<digest>"``, where the digest covers what else the bytes depend on (the
  path and query string, ``Accept``, ``Accept-Language`` and the language cookie of the pages'
  toggle, which /api/docs follows): one tag per representation;
- ``Last-Modified``: when this server first saw that data version (a write bumps it; versions
  seen later always get a later second, so a date never covers two versions).

A request whose ``If-None-Match`` names the current tag, or (without ``If-None-Match``, as RFC
9110 section 13.1.3 says) whose ``If-Modified-Since`` is not before the current
``Last-Modified``, is answered 304 before any view runs: nothing is parsed, evaluated or
serialised. A tag is weak (``W/``): the answer is the same data, not promised byte for byte.
It replaces the tag a view set itself (the exports'), so that every tag a client holds is one
this check knows. Error answers get no validators.

Examples
--------
>>> clock = VersionClock(now=lambda: 1_000.4)
>>> clock.stamp(1), clock.stamp(1), clock.stamp(2)  # a second version in the same second
(1000, 1000, 1001)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request

from .i18n import COOKIE as LANGUAGE_COOKIE
from .state import app_state

__all__ = ["init_app", "VersionClock", "PREFIXES", "etag", "modified_at"]

#: The paths whose GET/HEAD answers depend only on the data and the request.
PREFIXES = ("/sparql", "/api/", "/export/")


class VersionClock:
    """Unix seconds at which each data version was first seen, strictly increasing."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._seen: dict[int, int] = {}
        self._last = 0

    def stamp(self, version: int) -> int:
        with self._lock:
            found = self._seen.get(version)
            if found is None:
                found = max(int(self._now()), self._last + 1 if self._seen else 0)
                self._last = found
                if len(self._seen) > 1024:  # old versions are never asked for again
                    self._seen.clear()
                self._seen[version] = found
            return found


def _applies() -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    return path == "/sparql" or path.startswith(PREFIXES[1:])


def etag(
    version: int, path: str, query_string: bytes, accept: str, language: str, cookie: str = ""
) -> str:
    """The tag of one representation at ``version`` (without ``W/`` and quotes); also used by
    server/front.py, which answers cold ``GET /sparql`` before Flask (only requests without
    cookies). ``cookie``: the pages' language toggle (/api/docs follows it)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (path.encode(), query_string, accept.encode(), language.encode(), cookie.encode()):
        digest.update(part)
        digest.update(b"\0")
    return f"v{version}-{digest.hexdigest()}"


def modified_at(app: Flask, version: int) -> dt.datetime:
    """The ``Last-Modified`` of ``version``: when this server first saw it."""
    return dt.datetime.fromtimestamp(app.extensions["policygraph.clock"].stamp(version), dt.UTC)


def _check() -> Response | None:
    """Before the view: read the version once; 304 when the client holds this answer."""
    if not _applies():
        return None
    state = app_state()
    version = state.store.data_version
    headers = request.headers
    tag = etag(
        version,
        request.path,
        request.query_string,
        headers.get("Accept", ""),
        headers.get("Accept-Language", ""),
        request.cookies.get(LANGUAGE_COOKIE, ""),
    )
    modified = modified_at(current_app._get_current_object(), version)  # type: ignore[attr-defined]
    g.validators = (tag, modified)
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(tag)
    else:
        since = request.if_modified_since
        fresh = since is not None and since >= modified
    if not fresh:
        return None
    response = Response(status=304)
    _validate(response)
    return response


def _validate(response: Response) -> None:
    tag, modified = g.validators
    response.set_etag(tag, weak=True)  # the exports' own tags too: one scheme, checked above
    response.last_modified = modified
    if request.path == "/sparql":
        response.vary.add("Accept")
    elif request.path.startswith("/export/network."):  # labels follow Accept-Language
        response.vary.add("Accept-Language")


def _finish(response: Response) -> Response:
    if g.get("validators") is not None and response.status_code == 200:
        _validate(response)
    return response


def init_app(app: Flask) -> None:
    """Answer conditional requests before the views, and tag their 200 answers after."""
    app.extensions["policygraph.clock"] = VersionClock()
    app.before_request(_check)
    app.after_request(_finish)
