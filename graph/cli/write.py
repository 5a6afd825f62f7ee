"""``policygraph validate``, ``ingest`` and ``delete``: the write path on the command line.

``ingest FILE...`` adds one article per file (format from the extension: .trig, .ttl, .nq,
.jsonld, or a fact sheet: .yaml, .yml, .factsheet.json, see docs/factsheets.md), shows its
progress on stderr and one result line per file on stdout (``created``, ``replaced`` or
``unchanged``: an article sent again replaces itself), goes on past a rejected file and exits 1
with a summary if any was rejected. ``validate FILE...`` is the same without writing (a dry run
against the store, read-only); with no file it validates the whole store. ``delete ID`` removes
an article as ``DELETE /api/articles/<id>`` does.

Beside a running server, ``ingest`` and ``delete`` write through it (``--server URL``, or the
server serving the store, with the write token); see :mod:`graph.cli.access`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import click

from ..errors import (
    Forbidden,
    PolicyGraphError,
    ReadOnly,
    StoreUnavailable,
    Unauthorized,
    ValidationFailed,
)
from ..limits import Limits
from ..store import Store
from ..write.documents import Document
from ..write.ingest import delete_article, ingest
from .access import open_for_writing, read_store
from .base import cli, note, progress, settings_for, store_options
from .server_client import RemoteServer

__all__ = ["validate", "ingest_files", "delete"]

log = logging.getLogger(__name__)

_LANG = click.option(
    "--lang",
    type=click.Choice(["en", "ko"]),
    default="en",
    show_default=True,
    help="Language of the messages.",
)
_FILES = click.argument(
    "files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
_SERVER = click.option(
    "--server",
    "server_url",
    metavar="URL",
    default=None,
    help="Write through the policygraph server at URL (its HTTP API, with the write token). "
    "Default: the store itself, or the server that serves it when it runs and a token is given.",
)
_TOKEN_FILE = click.option(
    "--token-file",
    metavar="FILE",
    default=None,
    help="File whose first line is the server's write token (default: "
    "POLICYGRAPH_WRITE_TOKEN_FILE or POLICYGRAPH_WRITE_TOKEN).",
)


def _describe(summary: dict[str, Any]) -> str:
    """One line for an ingest summary (``IngestSummary.to_dict``, local or from a server)."""
    added, removed = summary["triples_added"], summary["triples_removed"]
    if summary["created"]:
        verb = "would create" if summary["dry_run"] else "created"
    elif added or removed:
        verb = "would replace" if summary["dry_run"] else "replaced"
    else:
        verb = "unchanged"
    line = (
        f"{verb} article {summary['article_id']}: +{added} -{removed} quads, "
        f"{len(summary['new_stakeholders'])} new stakeholder(s), "
        f"{summary['counts'].get('warning', 0)} warning(s)"
    )
    if verb == "replaced":  # a dry run writes nothing: no new version
        line += f"; data version {summary['previous_data_version']} -> {summary['data_version']}"
    elif verb == "unchanged":
        line += " (already in the store as sent)"
    return line


def _violations(exc: PolicyGraphError, lang: str) -> list[str]:
    """The violation lines of a refused write (a local report, or a server's lines)."""
    if not isinstance(exc, ValidationFailed):
        return []
    if not hasattr(exc.report, "results"):
        return [f"    {line}" for line in exc.context.get("errors", [])]
    lines = []
    for result in exc.report.by_severity("violation"):
        result = result.in_language(lang)
        lines.append(f"    [{result.rule_id}] <{result.focus}>: {result.message}")
    return lines


@cli.command()
@store_options
@_LANG
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@_FILES
@click.pass_context
def validate(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    lang: str,
    fmt: str,
    files: tuple[Path, ...],
) -> None:
    """Check FILES as ``ingest`` would, writing nothing; with no FILES, validate the whole store.

    Exit status 1 when a file would be rejected (or the store has a violation); warnings and
    infos do not fail.
    """
    from ..validation.shacl import validate_store

    settings = settings_for(ctx, store_path, memory)
    if not files:

        def check_store(store: Store) -> Any:
            with progress(f"checking {len(store):,} quads against the SHACL shapes"):
                return validate_store(store, lang=lang)

        report = read_store(settings, check_store, note=note)
        _print_report(report, fmt, lang)
        if not report.conforms:
            ctx.exit(1)
        return

    limits = Limits.from_settings(settings)

    def check_files(store: Store) -> list[tuple[Path, Any, Any]]:
        outcomes = []
        with progress("checking", len(files), "files") as bar:
            for path in files:
                bar.advance(0, item=path.name)
                outcomes.append(_check(store, path, lang, limits))
                bar.advance()
        return outcomes

    # With no store on disk, the files are checked against an empty store (nothing is created).
    outcomes = read_store(settings, check_files, note=note, missing_ok=True)
    if fmt == "json":
        dicts = [_outcome_dict(o, lang) for o in outcomes]
        click.echo(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
    for path, summary, error in outcomes:
        report = summary.report if summary else getattr(error, "report", None)
        if fmt == "text":
            line = _describe(summary.to_dict(lang)) if summary else f"rejected: {error}"
            click.echo(f"{path}: {line}")
            if report is not None and report.results:
                click.echo(report.to_text(lang))
        elif fmt == "turtle":
            if report is not None and hasattr(report, "to_turtle"):
                click.echo(report.to_turtle())
            if error is not None:
                click.echo(f"{path}: rejected: {error}", err=True)
    if any(error is not None for _, _, error in outcomes):
        ctx.exit(1)


def _check(store: Store, path: Path, lang: str, limits: Limits) -> tuple[Path, Any, Any]:
    try:
        document = Document.from_file(path)
        return path, ingest(store, document, lang=lang, dry_run=True, limits=limits), None
    except PolicyGraphError as exc:
        return path, None, exc


def _outcome_dict(outcome: tuple[Path, Any, Any], lang: str) -> dict[str, Any]:
    path, summary, error = outcome
    report = summary.report if summary else getattr(error, "report", None)
    out: dict[str, Any] = {"file": str(path), "ok": error is None}
    if report is not None and hasattr(report, "to_dict"):
        out.update(report.to_dict(lang))
    out["error"] = None if error is None else str(error)
    out["summary"] = summary.to_dict(lang) if summary else None
    return out


def _print_report(report: Any, fmt: str, lang: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text(lang))


@cli.command("ingest")
@store_options
@_SERVER
@_TOKEN_FILE
@_LANG
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_context
def ingest_files(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    server_url: str | None,
    token_file: str | None,
    lang: str,
    files: tuple[Path, ...],
) -> None:
    """Add (or replace) one article per FILE (.trig, .ttl, .nq, .jsonld; fact sheets .yaml,
    .yml, .factsheet.json), each validated and written whole or not at all. An article already
    in the store (the same id) is replaced. Goes on past a rejected file; exit status 1 if any
    was.

    Beside a running server (which holds the store), the files go through the server's HTTP
    API when its write token is given (POLICYGRAPH_WRITE_TOKEN or --token-file); --server URL
    sends them to any server."""
    limits = Limits.from_settings(settings_for(ctx, store_path, memory))
    target = _target(ctx, "ingest", store_path, memory, server_url, token_file)
    rejected: list[Path] = []
    try:
        with progress("ingesting", len(files), "files") as bar:
            for path in files:
                bar.advance(0, item=path.name)
                try:
                    summary = _ingest_one(target, path, lang, limits)
                except _NOT_THE_FILES:
                    raise  # the server refused the writer or cannot be reached: stop here
                except PolicyGraphError as exc:
                    rejected.append(path)
                    click.echo("\n".join([f"{path}: rejected: {exc}", *_violations(exc, lang)]))
                    continue
                finally:
                    bar.advance()
                click.echo(f"{path}: {_describe(summary)}")
    finally:
        _close(target)
    if rejected:
        click.echo(
            f"{len(rejected)} of {len(files)} file(s) rejected: "
            + ", ".join(str(p) for p in rejected),
            err=True,
        )
        ctx.exit(1)
    click.echo(f"{len(files)} file(s) ingested", err=True)


def _target(
    ctx: click.Context,
    command: str,
    store_path: str | None,
    memory: bool | None,
    server_url: str | None,
    token_file: str | None,
) -> Store | RemoteServer:
    settings = settings_for(ctx, store_path, memory)
    return open_for_writing(
        settings, command, server_url=server_url, token_file=token_file, note=note
    )


def _close(target: Store | RemoteServer) -> None:
    if not isinstance(target, RemoteServer):
        target.close()


#: Refusals about the writer or the server, not about a file: ingest stops at the first.
_NOT_THE_FILES = (Unauthorized, Forbidden, ReadOnly, StoreUnavailable)


def _ingest_one(
    target: Store | RemoteServer, path: Path, lang: str, limits: Limits
) -> dict[str, Any]:
    if isinstance(target, RemoteServer):
        return target.ingest(path, lang=lang)
    document = Document.from_file(path)
    return ingest(target, document, lang=lang, limits=limits).to_dict(lang)


@cli.command()
@store_options
@_SERVER
@_TOKEN_FILE
@click.argument("article_id", metavar="ID")
@click.pass_context
def delete(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    server_url: str | None,
    token_file: str | None,
    article_id: str,
) -> None:
    """Remove article ID: its facts, its metadata and registry entries no other article uses.

    Beside a running server, through its HTTP API with the write token, as ingest does."""
    target = _target(ctx, "delete", store_path, memory, server_url, token_file)
    try:
        if isinstance(target, RemoteServer):
            removed = target.delete(article_id)["triples_removed"]
        else:
            removed = delete_article(target, article_id).removed
    except ValidationFailed as exc:
        lines = [str(exc), *_violations(exc, "en")]
        raise click.ClickException("\n".join(lines)) from exc
    finally:
        _close(target)
    click.echo(f"deleted article {article_id}: -{removed} quads")
