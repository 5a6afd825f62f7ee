"""A soak through a real server: many readers of everything derived from the store (the
partner network, its metrics, exports, the search index, the containment index) while a writer
adds and removes an article. Every answer must be a success: a network and its metrics built at
different data versions used to answer ``500 KeyError`` here (issue 14, item 5)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from .conftest import http

pytestmark = pytest.mark.e2e

TOKEN = "e2e-soak-token-5c1"
ARTICLE = Path(__file__).parents[1] / "data" / "ingest-valid" / "kakao-mou.trig"
ARTICLE_ID = "a1b2c3d4e5f60718"
READERS = 15  # and one writer: 16 clients
SECONDS = 12.0
MAX_WRITES = 40

READS = [
    "/export/network.gexf",
    "/export/network.json",
    "/export/network.zip?people=true",
    "/export/network.graphml?as_of=2025-12-31",
    "/export/network.dot?typed=true",
    "/api/metrics",
    "/api/metrics?sort=degree&weighted=true",
    "/api/network",
    "/api/stakeholders",
    "/api/stakeholders?type=government",
    "/api/search?q=kakao",
    "/api/stakeholders/org/kakao",
    "/api/stakeholders/org/kakao/partners",
    "/api/stakeholders/org/kakao/ego?depth=2",
    "/api/path?from=org/kakao&to=org/lh",
    "/api/sites?within=place/gyeonggi",
]


@pytest.fixture(scope="module")
def server(launch_server):
    return launch_server("--workers", "8", write_token=TOKEN)


def test_readers_never_see_a_mix_of_data_versions(server):
    document = ARTICLE.read_bytes()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    stop = threading.Event()
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    versions: set[str] = set()
    lock = threading.Lock()
    writes: list[int] = []

    def read(index: int) -> None:
        i = index
        while not stop.is_set():
            url = READS[i % len(READS)]
            i += 1
            status, headers, body = http(server.base + url, timeout=60)
            with lock:
                statuses[status] += 1
                if status != 200:
                    failures.append(f"{status} {url}: {body[:200]!r}")
                etag = {k.lower(): v for k, v in headers.items()}.get("etag")
                if etag:
                    versions.add(etag.split("-", 1)[0])

    def write() -> None:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline and len(writes) < MAX_WRITES:
            status, _, body = http(
                server.base + "/api/articles",
                method="POST",
                data=document,
                headers={**auth, "Content-Type": "application/trig"},
                timeout=60,
            )
            writes.append(status)
            if status not in (200, 201):
                failures.append(f"{status} POST /api/articles: {body[:200]!r}")
            url = f"{server.base}/api/articles/{ARTICLE_ID}"
            status, _, body = http(url, method="DELETE", headers=auth, timeout=60)
            writes.append(status)
            if status != 200:
                failures.append(f"{status} DELETE /api/articles: {body[:200]!r}")
        stop.set()

    threads = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    threads.append(threading.Thread(target=write))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=SECONDS + 120)
    stop.set()
    assert not any(t.is_alive() for t in threads), "a client did not finish"
    assert failures == [], f"{len(failures)} failed answers, first: {failures[:5]}"
    assert len(writes) >= 4, "the writer managed too few writes to test anything"
    assert sum(statuses.values()) >= 2 * len(READS)
    assert len(versions) > 1, "the readers never saw the data change"
    assert json.loads(http(server.base + "/health")[2])["status"] == "ok"
    assert "Traceback" not in server.log_text()
