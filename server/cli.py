"""The console entry point: the core CLI plus ``serve`` (the production HTTP server)."""

from __future__ import annotations

import logging
from typing import Any

import click

from graph.cli import _settings, cli, store_options

__all__ = ["main", "serve"]

log = logging.getLogger(__name__)


@cli.command()
@click.option("--host", default=None, help="Listen address (default: POLICYGRAPH_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: POLICYGRAPH_PORT or 8000).")
@click.option("--workers", type=int, default=None,
              help="Request worker threads (default: POLICYGRAPH_WORKERS or 4).")
@store_options
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None,
          store_path: str | None, memory: bool | None) -> None:
    """Serve the graph over HTTP with gunicorn: SPARQL at /sparql, a landing page at /."""
    from gunicorn.app.base import BaseApplication

    settings = _settings(ctx, store_path, memory)
    changes = {k: v for k, v in {"host": host, "port": port, "workers": workers}.items()
               if v is not None}
    settings = settings.replace(**changes)
    if settings.workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            # One process owns the embedded store; threads serve requests in parallel
            # (pyoxigraph releases the GIL while it evaluates a query).
            self.cfg.set("bind", [f"{settings.host}:{settings.port}"])
            self.cfg.set("workers", 1)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", settings.workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("loglevel", settings.log_level.lower())
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 5)

        def load(self) -> Any:
            from . import create_app

            return create_app(settings)

    click.echo(f"policygraph serving on http://{settings.host}:{settings.port}/ "
               f"({'in-memory seed store' if settings.memory else settings.store_path})", err=True)
    _Server().run()


def main() -> None:
    cli(prog_name="policygraph")
