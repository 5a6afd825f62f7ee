"""``policygraph validate``, ``ingest`` and ``delete``: the write path on the command line.

``ingest FILE...`` adds one article per file (format from the extension: .trig, .ttl, .nq,
.jsonld, or a fact sheet: .yaml, .yml, .factsheet.json, see docs/factsheets.md), shows a
progress bar on stderr and one result line per file on stdout, goes on past a rejected file
and exits 1 with a summary if any was rejected. ``validate FILE...`` is the same
without writing (a dry run against the store); with no file it validates the whole store.
``delete ID`` removes an article as ``DELETE /api/articles/<id>`` does.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click
from rdflib import Dataset

from .cli import _settings, cli, store_options
from .config import Settings
from .documents import document_format
from .errors import PolicyGraphError, ValidationFailed
from .factsheet import convert_factsheet, is_factsheet
from .ingest import IngestSummary, delete_article, ingest
from .limits import Limits
from .store import Store, open_store
from .store.oxigraph import OxigraphStore

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


def _read(store: Store, path: Path, limits: Limits) -> tuple[bytes | Dataset, str | None]:
    """The document in ``path`` and its format; a fact sheet is converted against ``store``."""
    if is_factsheet(path.name):
        return convert_factsheet(path, registry=store, limits=limits).dataset, None
    return path.read_bytes(), document_format(path.suffix.lstrip(".") or path.name)


def _describe(summary: IngestSummary) -> str:
    counts = summary.report.counts() if summary.report else {}
    if summary.dry_run:
        verb = "would create" if summary.created else "would update"
    elif summary.created:
        verb = "created"
    else:
        verb = "updated" if summary.added or summary.removed else "unchanged"
    return (
        f"{verb} article {summary.article_id}: +{summary.added} -{summary.removed} quads, "
        f"{len(summary.new_stakeholders)} new stakeholder(s), {counts.get('warning', 0)} warning(s)"
    )


def _violations(exc: PolicyGraphError, lang: str) -> list[str]:
    if not isinstance(exc, ValidationFailed) or not hasattr(exc.report, "results"):
        return []
    lines = []
    for result in exc.report.by_severity("violation"):
        result = result.in_language(lang)
        lines.append(f"    [{result.rule_id}] <{result.focus}>: {result.message}")
    return lines


def _open_for_check(settings: Settings) -> Store:
    """The configured store, or an empty in-memory one when the on-disk store does not exist (a
    dry run creates nothing). A running server holds its store's lock: check against a copy,
    ``--memory``, or over HTTP (``POST /api/validate``)."""
    if not settings.memory and not Path(settings.store_path).exists():
        log.info("no store at %s: checking against an empty store", settings.store_path)
        return OxigraphStore()
    return open_store(settings)


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
    from .validation import validate_store

    settings = _settings(ctx, store_path, memory)
    if not files:
        store = _open_for_check(settings)
        try:
            report = validate_store(store)
        finally:
            store.close()
        _print_report(report, fmt, lang)
        if not report.conforms:
            ctx.exit(1)
        return
    store = _open_for_check(settings)
    outcomes = []
    try:
        for path in files:
            outcomes.append(_check(store, path, lang, Limits.from_settings(settings)))
    finally:
        store.close()
    if fmt == "json":
        dicts = [_outcome_dict(o, lang) for o in outcomes]
        click.echo(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
    for path, summary, error in outcomes:
        report = summary.report if summary else getattr(error, "report", None)
        if fmt == "text":
            line = _describe(summary) if summary else f"rejected: {error}"
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
        data, media_type = _read(store, path, limits)
        return path, ingest(store, data, media_type, lang=lang, dry_run=True, limits=limits), None
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
@_LANG
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_context
def ingest_files(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    lang: str,
    files: tuple[Path, ...],
) -> None:
    """Add (or replace) one article per FILE (.trig, .ttl, .nq, .jsonld; fact sheets .yaml,
    .yml, .factsheet.json), each validated and written whole or not at all. Goes on past a
    rejected file; exit status 1 if any was."""
    settings = _settings(ctx, store_path, memory)
    store, limits = open_store(settings), Limits.from_settings(settings)
    rejected: list[Path] = []
    try:
        with click.progressbar(
            files,
            label="ingesting",
            file=sys.stderr,
            item_show_func=lambda p: p.name if p else None,
        ) as bar:
            for path in bar:
                try:
                    data, media_type = _read(store, path, limits)
                    summary = ingest(store, data, media_type, lang=lang, limits=limits)
                except PolicyGraphError as exc:
                    rejected.append(path)
                    click.echo("\n".join([f"{path}: rejected: {exc}", *_violations(exc, lang)]))
                    continue
                click.echo(f"{path}: {_describe(summary)}")
    finally:
        store.close()
    if rejected:
        click.echo(
            f"{len(rejected)} of {len(files)} file(s) rejected: "
            + ", ".join(str(p) for p in rejected),
            err=True,
        )
        ctx.exit(1)
    click.echo(f"{len(files)} file(s) ingested", err=True)


@cli.command()
@store_options
@click.argument("article_id", metavar="ID")
@click.pass_context
def delete(
    ctx: click.Context, store_path: str | None, memory: bool | None, article_id: str
) -> None:
    """Remove article ID: its facts, its metadata and registry entries no other article uses."""
    store = open_store(_settings(ctx, store_path, memory))
    try:
        summary = delete_article(store, article_id)
    except ValidationFailed as exc:
        lines = [str(exc), *_violations(exc, "en")]
        raise click.ClickException("\n".join(lines)) from exc
    finally:
        store.close()
    click.echo(f"deleted article {summary.article_id}: -{summary.removed} quads")
