"""``policygraph extract ARTICLE.txt [-o DRAFT.yaml] [--lang ko|en]``: a draft fact sheet.

The stakeholders are matched against the registry of the store (``--store`` / ``--memory``, as
for the other commands); when the on-disk store does not exist, against the seed data's
registry, which ships with the package. The draft goes to standard output or ``-o FILE``
(``.json`` or ``.factsheet.json`` for JSON), written whole or not at all.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..cli.access import read_store
from ..cli.base import cli, note, settings_for, store_options, write_atomically
from ..errors import InputError

__all__ = ["extract_command"]

log = logging.getLogger(__name__)


@cli.command("extract")
@store_options
@click.option(
    "--lang",
    type=click.Choice(["ko", "en"]),
    default=None,
    help="The article's language (default: detected).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    help="Write the draft to FILE (.yaml, .yml, .json); default: standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default=None,
    help="Draft format (default: from the output file name, else YAML).",
)
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def extract_command(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    lang: str | None,
    output: str | None,
    fmt: str | None,
    article: Path,
) -> None:
    """Read ARTICLE (plain text, UTF-8) into a draft fact sheet: stakeholders matched to the
    registry, people and posts, amounts, dates and areas, agreements, budgets, proposals,
    designations and projects, each with the sentence and character span it came from.

    Check the draft and answer its review notes before ingesting it (docs/extract.md).
    """
    from . import extract

    try:
        text = article.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{article} is not UTF-8 text (bad byte at {exc.start})") from None
    settings = settings_for(ctx, store_path, memory)
    if not settings.memory and not Path(settings.store_path).exists():
        log.info("no store at %s: matching against the seed registry", settings.store_path)
        settings = settings.replace(memory=True)
    # read-only: the registry is read beside a running server too (graph.cli.access)
    draft = read_store(
        settings,
        lambda store: extract(text, lang=lang, registry=store, source_file=article.name),
        note=note,
    )
    if fmt is None:
        fmt = "json" if output and output.lower().endswith(".json") else "yaml"
    data = (draft.to_json() if fmt == "json" else draft.to_yaml()).encode("utf-8")
    notes = len(draft.sheet.get("review", []))
    if output in (None, "-"):
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomically(Path(output), data)
        click.echo(f"wrote {output}", err=True)
    click.echo(f"{notes} review note(s) to answer before ingesting", err=True)
