"""The console entry point: the core CLI plus ``serve`` (the production HTTP server)."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket

import click

from graph.cli.access import is_locked, locked_message
from graph.cli.base import cli, settings_for, store_options
from graph.cli.runtime import announce, client_url, running_server
from graph.errors import StoreUnavailable

__all__ = ["main", "serve", "is_loopback"]

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) reaches this machine only.

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "")]
    [True, True, True, False, False, False]
    """
    name = host.strip().strip("[]")
    if not name:
        return False  # waitress reads an empty host as every interface
    if name.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        try:
            found = {info[4][0] for info in socket.getaddrinfo(name, None)}
        except OSError:
            return False
        return bool(found) and all(is_loopback(str(a).split("%")[0]) for a in found)
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _refuse_exposure(settings) -> None:
    """A host other machines can reach needs ``public`` (``--public``)."""
    if not settings.public and not is_loopback(settings.host):
        shown = settings.host or "''"
        raise click.ClickException(
            f"host {shown} (--host or POLICYGRAPH_HOST) lets other machines reach this server;"
            " add --public (or set POLICYGRAPH_PUBLIC=true) to allow that, or listen on"
            " 127.0.0.1"
        )


def _warn_exposure(settings, writable: bool) -> None:
    """Say at start-up what a public server means."""
    if is_loopback(settings.host):
        return
    writes = (
        "writes need the bearer token"
        if writable
        else "it is read-only (no write token is configured)"
    )
    click.echo(
        f"WARNING: public server: listening on {settings.host or '(every interface)'} port"
        f" {settings.port}, which other machines can reach; anyone who reaches it can read"
        f" the whole graph, and {writes}.",
        err=True,
    )


@cli.command()
@click.option(
    "--host",
    default=None,
    help="Listen address (default: POLICYGRAPH_HOST or 127.0.0.1); an address other machines"
    " can reach (0.0.0.0, ::) needs --public.",
)
@click.option(
    "--public",
    is_flag=True,
    default=None,
    help="Allow a --host that other machines can reach (default: POLICYGRAPH_PUBLIC or off).",
)
@click.option("--port", type=int, default=None, help="Port (default: POLICYGRAPH_PORT or 8000).")
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Request worker threads (default: POLICYGRAPH_WORKERS or 4).",
)
@click.option(
    "--fronts",
    type=int,
    default=None,
    help="Front processes that answer lookup queries beside the main process, on an on-disk"
    " store (default: POLICYGRAPH_FRONTS or 0: one process; see server/fronts.py).",
)
@click.option(
    "--front-server",
    type=click.Choice(["waitress", "granian"]),
    default=None,
    help="HTTP server of the front processes (default: POLICYGRAPH_FRONT_SERVER or waitress);"
    " granian (pip install granian) answered the smallest lookups 1.1-2.0x waitress's fronts"
    " (docs/benchmarks.md, issue 20, fourth pass).",
)
@click.option(
    "--write-token-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="File whose first line is the bearer token for writes (default: read-only unless"
    " POLICYGRAPH_WRITE_TOKEN or POLICYGRAPH_WRITE_TOKEN_FILE is set).",
)
@store_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    public: bool | None,
    port: int | None,
    workers: int | None,
    fronts: int | None,
    front_server: str | None,
    write_token_file: str | None,
    store_path: str | None,
    memory: bool | None,
) -> None:
    """Serve the graph over HTTP (waitress): SPARQL at /sparql, the Graph Store at
    /rdf-graph-store, /health and /metrics, a landing page at /.

    One process owns the embedded store; request threads serve requests in parallel and hand
    SPARQL queries to query worker processes (POLICYGRAPH_QUERY_WORKERS, 2), which are killed at
    the time limit (POLICYGRAPH_QUERY_TIMEOUT, 10 s). See docs/endpoint.md for every limit.
    ``--fronts N`` adds N processes that answer lookup queries themselves (server/fronts.py),
    served by waitress or, with ``--front-server granian``, by granian's HTTP server.
    bench/wsgi_servers.py measured waitress ahead of gunicorn's gthread worker on this design.
    """
    import waitress

    from . import app_state, create_app

    settings = settings_for(ctx, store_path, memory)
    changes = {
        k: v
        for k, v in {
            "host": host,
            "public": public,
            "port": port,
            "workers": workers,
            "front_server": front_server,
            "write_token_file": write_token_file,
        }.items()
        if v is not None
    }
    settings = settings.replace(**changes)
    if settings.workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    count = _front_count(fronts, settings)
    _refuse_exposure(settings)  # before the store is opened
    try:
        app = create_app(settings)
    except StoreUnavailable as exc:
        if not is_locked(exc):
            raise
        server = running_server(settings.store_path)
        raise click.ClickException(locked_message(settings.store_path, server, "serve")) from None
    where = "in-memory seed store" if settings.memory else settings.store_path
    if settings.store_url:
        where = repr(app_state(app).store)
    writable = app_state(app).write_token is not None
    mode = "read-write" if writable else "read-only"
    _warn_exposure(settings, writable)
    click.echo(
        f"policygraph serving {where} ({mode}) on http://{settings.host}:{settings.port}/",
        err=True,
    )
    # The values the lookups derive per data version, built ahead of the first request after
    # each (settled) write: server/warm.py (issue 20).
    from .warm import Warmer

    Warmer(app_state(app).store).start()
    # Beside an on-disk store, a runtime file names this server (never its token), so that the
    # CLI can say who holds the store and write through it (graph/cli/runtime.py).
    with (
        contextlib.nullcontext()
        if settings.memory or settings.store_url
        else announce(settings.store_path, client_url(settings.host, settings.port))
    ):
        if count:
            _serve_with_fronts(app, settings, count)
        else:
            waitress.serve(
                app,
                host=settings.host,
                port=settings.port,
                threads=settings.workers,
                ident="policygraph",
                clear_untrusted_proxy_headers=True,
            )


def _front_count(given: int | None, settings) -> int:
    """How many front processes (server/fronts.py): on an on-disk embedded store only. Off
    unless asked for: on the two-core machine of docs/benchmarks.md (issue 20, third pass) they
    helped the smallest lookups only with cores to spare, and cost the other queries a little."""
    if given is None:
        given = settings.fronts
    if given < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--fronts")
    if given and settings.front_server not in ("waitress", "granian"):
        raise click.BadParameter(
            f"{settings.front_server!r} is not a front server: waitress or granian",
            param_hint="--front-server (POLICYGRAPH_FRONT_SERVER)",
        )
    if given and settings.front_server == "granian":
        import importlib.util

        if importlib.util.find_spec("granian") is None:
            raise click.ClickException(
                "front_server = granian needs granian (pip install granian), which is not"
                " installed here"
            )
    if given and (settings.memory or settings.store_url):
        click.echo(
            "note: --fronts needs an on-disk store (front processes open it read-only);"
            " serving with one process",
            err=True,
        )
        return 0
    return given


def _serve_with_fronts(app, settings, count: int) -> None:
    """The listening socket shared by ``count`` front processes; this process answers what
    they forward on a Unix socket. SIGTERM and SIGINT stop them all."""
    import signal

    import waitress

    from .fronts import FrontProcesses, GranianFronts, listening_socket

    # bound here: a port in use is refused before anything starts (granian binds it again)
    sock = listening_socket(settings.host, settings.port)
    kind = GranianFronts if settings.front_server == "granian" else FrontProcesses

    def stop(signum, frame) -> None:
        raise SystemExit(0)  # waitress closes its loop; the fronts are stopped below

    signal.signal(signal.SIGTERM, stop)
    with sock, kind(sock, count, settings, settings.workers) as group:
        waitress.serve(
            app,
            unix_socket=group.upstream,
            unix_socket_perms="600",
            threads=settings.workers,
            ident="policygraph",
            clear_untrusted_proxy_headers=True,
        )


def main() -> None:
    cli(prog_name="policygraph")
