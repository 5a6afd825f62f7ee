"""Which server, if any, has a store open: a small runtime file beside the store.

An embedded Oxigraph store has one writer at a time: ``policygraph serve`` holds the store's
lock for as long as it runs. So that the other commands can say *who* holds it and write through
it, ``serve`` writes ``<store>/server.json`` while it serves: the URL it can be reached at from
this machine, its process id and when it started. Never the write token: a client brings its own
(``POLICYGRAPH_WRITE_TOKEN`` or ``--token-file``). The file is removed when the server stops;
one left behind by a killed server is ignored, because its process is gone.

Examples
--------
>>> import tempfile
>>> store = tempfile.mkdtemp()
>>> with announce(store, "http://127.0.0.1:8000/"):
...     running_server(store).url
'http://127.0.0.1:8000/'
>>> running_server(store) is None
True
>>> client_url("0.0.0.0", 8000), client_url("::", 8000), client_url("::1", 8000)
('http://127.0.0.1:8000/', 'http://[::1]:8000/', 'http://[::1]:8000/')
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["RUNTIME_FILE", "ServerInfo", "announce", "running_server", "client_url"]

log = logging.getLogger(__name__)

#: The runtime file's name inside the store directory.
RUNTIME_FILE = "server.json"


@dataclass(frozen=True)
class ServerInfo:
    """A server serving a store: where to reach it, its process, since when."""

    url: str
    pid: int
    started: str


def client_url(host: str, port: int) -> str:
    """The URL a client on this machine reaches a server listening on ``host:port`` at (a
    wildcard address is reached through the loopback address of its family)."""
    host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


@contextlib.contextmanager
def announce(store_path: str | os.PathLike[str], url: str) -> Iterator[ServerInfo]:
    """Write the runtime file for the duration of the ``with`` block (the server's life)."""
    info = ServerInfo(
        url=url, pid=os.getpid(), started=datetime.now(UTC).isoformat(timespec="seconds")
    )
    path = Path(store_path) / RUNTIME_FILE
    tmp = path.with_name(f".{RUNTIME_FILE}.{info.pid}.tmp")
    try:
        tmp.write_text(json.dumps(asdict(info)) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # the server still serves; the CLI just cannot name it
        log.warning("cannot write %s: %s", path, exc)
        tmp.unlink(missing_ok=True)
    try:
        yield info
    finally:
        if _read(path) == info:  # not one a later server wrote
            path.unlink(missing_ok=True)


def running_server(store_path: str | os.PathLike[str]) -> ServerInfo | None:
    """The server whose runtime file is beside the store, if its process is still alive."""
    info = _read(Path(store_path) / RUNTIME_FILE)
    if info is None or not _alive(info.pid):
        return None
    return info


def _read(path: Path) -> ServerInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(url=str(data["url"]), pid=int(data["pid"]), started=str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
