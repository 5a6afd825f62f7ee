"""The write gate: read-only without a token, 401 without credentials, 403 with wrong ones."""

from __future__ import annotations

import pytest
from flask import Flask

from graph.config import Settings
from graph.errors import Forbidden, InputError, ReadOnly, Unauthorized
from server import create_app
from server.auth import load_write_token, require_writer


def _app(seed_store, **settings) -> Flask:
    return create_app(Settings(memory=True), store=seed_store, **settings)


def test_no_token_means_read_only(seed_store):
    app = _app(seed_store)
    with app.test_request_context("/", headers={"Authorization": "Bearer anything"}):
        with pytest.raises(ReadOnly, match="read-only"):
            require_writer()


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (None, Unauthorized),
        ("Basic dXNlcjpwdw==", Unauthorized),
        ("Bearer ", Unauthorized),
        ("Bearer wrong-token", Forbidden),
        ("Bearer s3cret-token-x", Forbidden),
    ],
)
def test_wrong_credentials_are_refused(seed_store, header, error):
    app = _app(seed_store, write_token="s3cret-token")
    headers = {"Authorization": header} if header else {}
    with app.test_request_context("/", headers=headers):
        with pytest.raises(error):
            require_writer()


def test_right_token_passes_also_from_a_file(seed_store, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("from-file-token\nignored second line\n")
    app = _app(seed_store, write_token="env-token", write_token_file=str(token_file))
    with app.test_request_context("/", headers={"Authorization": "bearer from-file-token"}):
        require_writer()
    with app.test_request_context("/", headers={"Authorization": "Bearer env-token"}):
        with pytest.raises(Forbidden):
            require_writer()


def test_unreadable_or_empty_token_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the write token file"):
        load_write_token(Settings(write_token_file=str(tmp_path / "missing")))
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(InputError, match="is empty"):
        load_write_token(Settings(write_token_file=str(tmp_path / "empty")))


def test_401_carries_a_bearer_challenge(seed_store):
    app = _app(seed_store, write_token="t")

    @app.post("/api/_probe")
    def probe():
        require_writer()
        return {"ok": True}

    client = app.test_client()
    missing = client.post("/api/_probe")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert missing.get_json()["ok"] is False
    assert client.post("/api/_probe", headers={"Authorization": "Bearer t"}).status_code == 200
    assert client.post("/api/_probe", headers={"Authorization": "Bearer u"}).status_code == 403
