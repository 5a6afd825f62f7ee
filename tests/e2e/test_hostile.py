"""Hostile writes against a real ``policygraph serve`` process.

- The remote-reference and entity-expansion classes of the hostile corpus (tests/hostile.py)
  through POST /api/articles, POST /api/validate and the Graph Store: 4xx, and the tripwire
  listener and file (outside the server's process) are never touched.
- A dry run that takes long (a document at the limit of what may be checked) does not hold
  up an authorised write: the write is answered while the dry run is still being checked, and
  the dry run ends at ``check_timeout`` with a 413 naming it.
- /api/validate needs the token.
"""

from __future__ import annotations

import json
import threading

import pytest

from ..checked import assert_plain, tripwires
from ..hostile import ARTICLE_MEDIA_TYPES, GRAPH_MEDIA_TYPES, SETTINGS, article_cases, graph_cases
from .conftest import http
from .test_crash import big_article

pytestmark = pytest.mark.e2e

TOKEN = "e2e-hostile-token-3c1d"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHECK_TIMEOUT = 6
REMOTE = ("remote", "context", "import", "entity", "dtd", "laughs", "blowup", "doctype", "tag-")


def _remote(cases):
    return [c for c in cases if any(word in c.name for word in REMOTE)]


@pytest.fixture(scope="module")
def server(launch_server):
    return launch_server(
        write_token=TOKEN, check_timeout=CHECK_TIMEOUT, query_workers=1, **SETTINGS
    )


@pytest.fixture(scope="module")
def wires(tmp_path_factory):
    with tripwires(tmp_path_factory.mktemp("tripwires")) as found:
        yield found


def _count(server) -> int:
    return json.loads(http(server.base + "/health")[2])["triples"]


@pytest.mark.parametrize("url", ["/api/articles", "/api/validate"])
@pytest.mark.parametrize("case", _remote(article_cases()), ids=lambda c: c.id)
def test_remote_references_are_never_followed(server, wires, case, url):
    before = _count(server)
    status, _, body = http(
        server.base + url,
        method="POST",
        data=case.body_for(wires.url, wires.file_url),
        headers={"Content-Type": ARTICLE_MEDIA_TYPES[case.fmt], **AUTH},
    )
    assert status in case.statuses, body
    assert_plain(json.loads(body)["error"])
    assert _count(server) == before
    wires.assert_untouched()


@pytest.mark.parametrize("case", _remote(graph_cases()), ids=lambda c: c.id)
def test_remote_references_are_never_followed_by_the_graph_store(server, wires, case):
    before = _count(server)
    status, _, body = http(
        server.base + "/rdf-graph-store?graph=urn:x:hostile",
        method="PUT",
        data=case.body_for(wires.url, wires.file_url),
        headers={"Content-Type": GRAPH_MEDIA_TYPES[case.fmt], **AUTH},
    )
    assert status in case.statuses, body
    assert_plain(body.decode())
    assert _count(server) == before
    wires.assert_untouched()


def test_validate_needs_the_token(server):
    document = big_article("feedface00000001", n=1)
    status, headers, body = http(
        server.base + "/api/validate",
        method="POST",
        data=document,
        headers={"Content-Type": "application/trig"},
    )
    challenge = {k.lower(): v for k, v in headers.items()}.get("www-authenticate", "")
    assert status == 401 and "Bearer" in challenge


@pytest.fixture(scope="module")
def roomy(launch_server):
    """A server with the default size limits and a short check_timeout."""
    return launch_server(write_token=TOKEN, check_timeout=CHECK_TIMEOUT, query_workers=1)


def test_a_long_dry_run_does_not_hold_up_a_write(roomy):
    """The dry run needs longer than check_timeout; the write goes in meanwhile."""
    server = roomy
    slow = big_article("feedface00000002", n=3000)
    answers: dict[str, tuple[int, bytes]] = {}
    started = threading.Event()

    def dry_run() -> None:
        started.set()
        status, _, body = http(
            server.base + "/api/validate",
            method="POST",
            data=slow,
            headers={"Content-Type": "application/trig", **AUTH},
            timeout=120,
        )
        answers["dry run"] = (status, body)

    hostile = threading.Thread(target=dry_run)
    hostile.start()
    started.wait()
    small = big_article("feedface00000003", n=2)
    status, _, body = http(
        server.base + "/api/articles",
        method="POST",
        data=small,
        headers={"Content-Type": "application/trig", **AUTH},
        timeout=120,
    )
    still_checking = "dry run" not in answers
    hostile.join()
    assert status == 201, body
    assert still_checking, "the write was answered only after the dry run"
    status, body = answers["dry run"]
    assert status == 413, body
    error = json.loads(body)
    assert error["setting"] == "check_timeout" and "check_timeout" in error["error"]
