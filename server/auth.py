"""Who may write: one bearer token from configuration, compared in constant time.

The token comes from ``write_token_file`` (first line; ``policygraph serve --write-token-file``)
or else ``write_token`` (``POLICYGRAPH_WRITE_TOKEN``). With neither, the server is read-only and
every write is answered 403 saying so. A write without ``Authorization: Bearer ...`` gets 401
(with ``WWW-Authenticate: Bearer``); a wrong token gets 403. Tokens are never logged.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from flask import g, request

from graph.config import Settings
from graph.errors import Forbidden, InputError, ReadOnly, Unauthorized

from .state import app_state

__all__ = ["load_write_token", "require_writer"]

READ_ONLY_MESSAGE = (
    "this server is read-only: no write token is configured "
    "(set POLICYGRAPH_WRITE_TOKEN or start it with --write-token-file FILE)"
)


def load_write_token(settings: Settings) -> str | None:
    """The configured write token, or None when the server is read-only.

    Raises InputError when ``write_token_file`` cannot be read or holds no token.
    """
    if settings.write_token_file:
        path = Path(settings.write_token_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read the write token file {path}: {exc.strerror}") from exc
        token = lines[0].strip() if lines else ""
        if not token:
            raise InputError(f"the write token file {path} is empty")
        return token
    return settings.write_token.strip() or None


def _token() -> str | None:
    return app_state().write_token


def require_writer() -> None:
    """Refuse the current request unless it carries the configured bearer token.

    Raises ReadOnly (403) with no token configured, Unauthorized (401) without credentials,
    Forbidden (403) with the wrong ones. Marks the request as a write (``g.write_request``),
    which keeps it closed to other origins (see :mod:`server.cors`).
    """
    g.write_request = True
    expected = _token()
    if expected is None:
        raise ReadOnly(READ_ONLY_MESSAGE)
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("this write needs an 'Authorization: Bearer <token>' header")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise Forbidden("the bearer token is not the configured write token")
