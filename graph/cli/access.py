"""How command-line commands reach the store, with or without a server running on it.

An on-disk Oxigraph store has one writer: a running ``policygraph serve`` holds its lock. So:

- **Read commands** (``query``, ``export``, ``validate``) open the store read-only, which needs
  no lock and works the same beside a server or without one; they say which data they read (the
  store, its data version and size, and the server serving it). A read-only view is the store as
  it was when opened. RocksDB does not promise such a view beside a live writer: when the server
  compacts, a file the view was about to read can be gone (measured: 1 read in 15 beside a
  writer compacting non-stop). Such a read is tried again on a fresh view, up to three times.
- **Write commands** open the store read-write. When a server holds it, ``ingest`` and
  ``delete`` write through that server's HTTP API (its URL is in the runtime file it keeps
  beside the store, :mod:`graph.cli.runtime`; the token is the client's own:
  ``POLICYGRAPH_WRITE_TOKEN``, ``POLICYGRAPH_WRITE_TOKEN_FILE`` or ``--token-file``); without a
  token, and for ``build`` and ``load`` (bulk work on a whole store), they stop with one line
  that names the lock, the server and the ways out.

``--server URL`` sends ``ingest`` and ``delete`` to any server, local or not.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..config import Settings
from ..errors import InputError, StoreUnavailable
from ..store import Store, open_store, vanished_file
from .runtime import ServerInfo, running_server
from .server_client import RemoteServer

__all__ = [
    "Source",
    "is_locked",
    "locked_message",
    "read_store",
    "open_for_writing",
    "write_token",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Tries of a read whose view lost a file to the server's compaction.
READ_ATTEMPTS = 3
_LOCKED = re.compile(r"\bLOCK\b")


def is_locked(exc: BaseException) -> bool:
    """Whether opening the store failed because another process (or this one) holds its lock."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and _LOCKED.search(str(seen)):
            return True
        seen = seen.__cause__
    return False


@dataclass(frozen=True)
class Source:
    """What a read command reads, in words: ``var/store (data version 7, 1,058 quads)``."""

    store: Store
    text: str


def _describe(path: Path, store: Store, server: ServerInfo | None) -> str:
    served = f", served by {server.url}" if server else ""
    return f"{path} (data version {store.data_version}, {len(store):,} quads{served})"


def _open_source(settings: Settings, *, missing_ok: bool) -> Source:
    if settings.memory:
        store = open_store(settings)
        return Source(
            store,
            f"the seed articles only, in memory ({len(store):,} quads; --memory reads neither "
            f"{settings.store_path} nor anything ingested into it)",
        )
    if settings.store_url:
        store = open_store(settings, read_only=True)
        return Source(store, f"{store!r} ({len(store):,} quads)")
    path = Path(settings.store_path)
    if not (path / "oxigraph").is_dir():
        if missing_ok:
            empty = open_store(settings.replace(memory=True), seed=False)
            return Source(empty, f"an empty store (there is no store at {path})")
        raise StoreUnavailable(
            f"{path} holds no data (there is no store there): build it with "
            f"`policygraph build --store {path}`, or read the seed articles with --memory"
        )
    store = open_store(settings, read_only=True)
    return Source(store, _describe(path, store, running_server(path)))


def read_store(
    settings: Settings,
    work: Callable[[Store], T],
    *,
    note: Callable[[str], None] = lambda text: None,
    missing_ok: bool = False,
) -> T:
    """``work(store)`` on a read-only view of the configured store (or the seed data in memory).

    ``note`` is told once what is read. ``work`` must not write or print: it may run again on a
    fresh view when the server removed a file under the first one. ``missing_ok``: no store on
    disk reads as an empty one (``validate FILE`` checks against nothing), else it is an error.
    """
    for attempt in range(1, READ_ATTEMPTS + 1):
        source = _open_source(settings, missing_ok=missing_ok)  # retries its own open
        if attempt == 1:
            note(f"reading {source.text}")
        try:
            return work(source.store)
        except (OSError, RuntimeError) as exc:
            if not vanished_file(exc):
                raise
            log.info("the store changed while it was read (%s); reading it again", exc)
        finally:
            source.store.close()
        time.sleep(0.1 * attempt)
    raise StoreUnavailable(
        f"{settings.store_path} changed under every read ({READ_ATTEMPTS} tries) while the server "
        "was compacting it: run the command again"
    )


def write_token(settings: Settings, token_file: str | None = None) -> str | None:
    """The write token a client sends: ``--token-file``, else ``POLICYGRAPH_WRITE_TOKEN_FILE``,
    else ``POLICYGRAPH_WRITE_TOKEN``; None when there is none."""
    path = token_file or settings.write_token_file
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read the token file {path}: {exc.strerror}") from None
        if not lines or not lines[0].strip():
            raise InputError(f"the token file {path} is empty")
        return lines[0].strip()
    return settings.write_token.strip() or None


def locked_message(path: str | Path, server: ServerInfo | None, command: str) -> str:
    """One line: the lock, who holds it, and the two ways out."""
    holder = (
        f"the policygraph server at {server.url} (pid {server.pid}) is serving it"
        if server
        else "another process has it open (a running `policygraph serve`?)"
    )
    token = "its write token (POLICYGRAPH_WRITE_TOKEN or --token-file FILE)"
    if command == "serve":
        return f"{path} is locked: {holder}. Use that server, or stop it before serving the store"
    if command in ("ingest", "delete"):
        through = (
            f"or give {token} and `policygraph {command}` writes through the server"
            if server
            else f"or write through the server's HTTP API: `policygraph {command} --server URL` "
            f"with {token}"
        )
    else:
        through = (
            f"or, to add articles while it runs, `policygraph ingest` with {token}"
            f"{'' if server else ' and --server URL'}"
        )
    return f"{path} is locked: {holder}. Stop the server to {command}, {through}"


def open_for_writing(
    settings: Settings,
    command: str,
    *,
    server_url: str | None = None,
    token_file: str | None = None,
    note: Callable[[str], None] = lambda text: None,
) -> Store | RemoteServer:
    """The store to write, or the server to write through.

    ``command`` names the command in messages; only ``ingest`` and ``delete`` can go through a
    server (``server_url``, or the server that holds the store when a token is at hand).

    Raises
    ------
    StoreUnavailable
        The store is locked and there is no server (or no token) to write through: the message
        says so, and how to go on.
    """
    through = command in ("ingest", "delete")
    if server_url is not None and through:
        token = write_token(settings, token_file)
        remote = RemoteServer(server_url, token)
        if token is None:
            raise InputError(
                f"writing through {remote.url} needs its write token: set "
                "POLICYGRAPH_WRITE_TOKEN or give --token-file FILE"
            )
        note(f"writing through the server at {remote.url}")
        return remote
    if settings.memory or settings.store_url:
        return open_store(settings)
    try:
        return open_store(settings, seed=False)
    except StoreUnavailable as exc:
        if not is_locked(exc):
            raise
        server = running_server(settings.store_path)
        token = write_token(settings, token_file) if through else None
        if server is None or token is None:
            message = locked_message(settings.store_path, server, command)
            raise StoreUnavailable(message, locked=True) from None
        note(f"{settings.store_path} is served by {server.url}: writing through it")
        return RemoteServer(server.url, token)
