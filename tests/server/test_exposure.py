"""What a public server gives away (issue 14, item 8): /metrics labels stay a fixed set whatever
clients send, and no answer shows where the store lives on the server."""

from __future__ import annotations

import random
import string

import pytest

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed
from server import create_app


def _app(store, **overrides):
    app = create_app(Settings(memory=True), store=store, query_workers=0, **overrides)
    app.config["TESTING"] = True
    return app


def _metric_lines(client) -> list[str]:
    """The request series (name and labels, without their values)."""
    text = client.get("/metrics").get_data(as_text=True)
    return [line.rsplit(" ", 1)[0] for line in text.splitlines() if line.startswith("policygraph")]


def _made_up(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def test_metrics_labels_stay_bounded_under_made_up_methods_and_paths(seed_store):
    client = _app(seed_store).test_client()
    routes = ["/sparql", "/api/stakeholders", "/health", "/nowhere", "/export/x"]
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"):
        for route in routes:
            client.open(route, method=method)
    _metric_lines(client)
    baseline = _metric_lines(client)
    rng = random.Random(14)
    for _ in range(300):
        method = _made_up(rng, rng.randint(3, 12))
        path = "/" + "/".join(_made_up(rng, 5) for _ in range(rng.randint(1, 4)))
        client.open(rng.choice([path, *routes]), method=method)
        client.open(path, method=rng.choice(["GET", "POST"]))
    after = _metric_lines(client)
    assert after == baseline, sorted(set(after) - set(baseline))[:10]
    methods = {line.split('method="')[1].split('"')[0] for line in after if 'method="' in line}
    assert methods <= {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other"}
    assert 'method="other"' in "\n".join(after)


def test_a_route_label_is_the_rule_not_the_path(seed_store):
    client = _app(seed_store).test_client()
    for i in range(50):
        client.get(f"/api/stakeholders/org/made-up-{i}")
    lines = [line for line in _metric_lines(client) if "made-up" in line]
    assert lines == []
    assert any('route="/api/stakeholders/<path:id>"' in line for line in _metric_lines(client))


@pytest.fixture
def on_disk(tmp_path):
    store = OxigraphStore(tmp_path / "secret-place" / "store")
    load_seed(store)
    yield store, str(tmp_path)
    store.close()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/"),
        ("GET", "/health"),
        ("GET", "/metrics"),
        ("GET", "/api/openapi.json"),
        ("GET", "/export/"),
        ("GET", "/sparql"),
        ("GET", "/api/no-such-route"),
        ("GET", "/api/articles/x%7By"),
        ("GET", "/sparql?query=SELECT"),
        ("POST", "/api/articles"),
        ("BREW", "/sparql"),
        ("GET", "/export/network.gexf?as_of=never"),
    ],
)
def test_no_answer_shows_the_store_path(on_disk, method, url):
    store, root = on_disk
    client = _app(store, write_token="t0k").test_client()
    response = client.open(url, method=method)
    body = response.get_data(as_text=True)
    assert root not in body and "secret-place" not in body
    assert not any(root in v for v in response.headers.values())


def test_the_landing_page_names_the_backend(on_disk):
    store, _ = on_disk
    body = _app(store).test_client().get("/").get_data(as_text=True)
    assert "oxigraph (on disk)" in body
    assert "OxigraphStore" not in body


class _Unavailable:
    name = "oxigraph"
    data_version = 0
    capabilities = frozenset({"persistent"})

    def __init__(self, path: str) -> None:
        self.path = path

    def __len__(self):
        raise OSError(f"No such file or directory: '{self.path}/oxigraph/CURRENT'")


def test_health_says_unavailable_without_the_reason(tmp_path, caplog):
    client = _app(_Unavailable(str(tmp_path))).test_client()
    response = client.get("/health")
    assert response.status_code == 503 and response.json["status"] == "unavailable"
    assert str(tmp_path) not in response.get_data(as_text=True)
    assert str(tmp_path) in caplog.text  # the administrator finds it in the log
