"""The ``policygraph`` command line: build, query (``validate``, ``ingest`` and ``delete`` come from
graph/ingest_cli.py, ``serve`` from server/cli.py).

Settings come from ``POLICYGRAPH_*`` variables; flags override them. User errors end with one
``Error: ...`` line and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from .config import Settings
from .errors import PolicyGraphError
from .formats import RDF_FORMATS, RESULT_FORMATS, rdf_format
from .iris import PREFIXES
from .store import open_store, python_value
from .store.oxigraph import OxigraphStore

__all__ = ["cli", "store_options"]

log = logging.getLogger(__name__)


class _Group(click.Group):
    """Turns PolicyGraphError into click's one-line error (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyGraphError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--log-level", default=None, help="Logging level (default: POLICYGRAPH_LOG_LEVEL or INFO)."
)
@click.version_option(package_name="policygraph")
@click.pass_context
def cli(ctx: click.Context, log_level: str | None) -> None:
    """policygraph: a knowledge graph of AI-infrastructure policy news, served over SPARQL."""
    settings = Settings.from_env()
    if log_level:
        settings = settings.replace(log_level=log_level)
    logging.basicConfig(
        level=settings.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = settings


_store_path_option = click.option(
    "--store",
    "store_path",
    metavar="DIR",
    default=None,
    help="Store directory (default: POLICYGRAPH_STORE_PATH or var/store).",
)


def store_options(fn: Any) -> Any:
    """``--store DIR`` and ``--memory``, shared by every command that opens the store."""
    fn = click.option(
        "--memory",
        is_flag=True,
        default=None,
        help="Use an in-memory store loaded with the seed data.",
    )(fn)
    return _store_path_option(fn)


def _settings(ctx: click.Context, store_path: str | None, memory: bool | None) -> Settings:
    settings: Settings = ctx.obj
    changes: dict[str, Any] = {}
    if store_path is not None:
        changes["store_path"] = store_path
    if memory is not None:
        changes["memory"] = memory
    return settings.replace(**changes)


@cli.command()
@_store_path_option
@click.option("--if-missing", is_flag=True, help="Do nothing if the store already holds data.")
@click.option("--force", is_flag=True, help="Delete an existing store and build it anew.")
@click.pass_context
def build(ctx: click.Context, store_path: str | None, if_missing: bool, force: bool) -> None:
    """Build the on-disk store from the seed articles (validated first)."""
    from .seed import load_seed, seed_files
    from .validation import validate_files

    settings = _settings(ctx, store_path, False)
    path = Path(settings.store_path)
    if path.exists() and force:
        shutil.rmtree(path)
    store = OxigraphStore(path)
    try:
        if len(store):
            if if_missing:
                click.echo(f"store {path} already holds {len(store)} quads; nothing to do")
                return
            raise click.ClickException(
                f"store {path} already holds {len(store)} quads; use --force to rebuild it"
            )
        report = validate_files(seed_files())
        if not report.conforms:
            raise click.ClickException("the seed data does not conform:\n" + report.to_text())
        count = load_seed(store, bulk=True)
        click.echo(
            f"built {path}: {count} articles, {len(store)} quads, "
            f"{len(store.named_graphs())} named graphs"
        )
    finally:
        store.close()


@cli.command()
@_store_path_option
@click.option(
    "--no-validate",
    is_flag=True,
    help="Skip SHACL validation (for large data already validated, e.g. bench/generate.py).",
)
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.pass_context
def load(
    ctx: click.Context, store_path: str | None, no_validate: bool, files: tuple[Path, ...]
) -> None:
    """Bulk-load RDF FILES (N-Quads, TriG, ...; format from the extension) into an empty store.

    The files are SHACL-validated together first; nothing is written if they do not conform.
    Bulk loading is not transactional, so only an empty store is accepted: add articles to a
    store in use with ingest.
    """
    settings = _settings(ctx, store_path, False)
    fmts = [rdf_format(f.suffix.lstrip(".") or "?").name for f in files]
    if not no_validate:
        from .validation import validate_files

        report = validate_files(list(files))
        if not report.conforms:
            raise click.ClickException("the files do not conform:\n" + report.to_text())
    store = OxigraphStore(Path(settings.store_path))
    try:
        if len(store):
            raise click.ClickException(
                f"store {settings.store_path} already holds {len(store)} quads; bulk loading "
                "needs an empty store (delete it, or add articles with ingest)"
            )
        started = time.perf_counter()
        for path, fmt in zip(files, fmts, strict=True):
            store.load(path, fmt, bulk=True)
        seconds = time.perf_counter() - started
        click.echo(
            f"loaded {len(store)} quads into {settings.store_path} in {seconds:.2f} s "
            f"({len(store) / max(seconds, 1e-9):,.0f} quads/s)"
        )
    finally:
        store.close()


_QUERY_FORMATS = ["table"] + [f.name for f in RESULT_FORMATS] + [f.name for f in RDF_FORMATS]


@cli.command()
@store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_QUERY_FORMATS),
    default="table",
    show_default=True,
    help="Output: a table, a SPARQL result format (SELECT/ASK) or an RDF format "
    "(CONSTRUCT/DESCRIBE).",
)
@click.argument("query")
@click.pass_context
def query(
    ctx: click.Context, store_path: str | None, memory: bool | None, fmt: str, query: str
) -> None:
    """Run a SPARQL QUERY (text, or @FILE to read it from a file) over the union graph."""
    from .sparql import result_kind, run_query, serialize_result

    if query.startswith("@"):
        try:
            query = Path(query[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot read query file {query[1:]}: {exc}") from exc
    store = open_store(_settings(ctx, store_path, memory))
    try:
        result = run_query(store, query)
        kind = result_kind(result)
        if fmt == "table":
            click.echo(_table(result, kind))
        else:
            try:
                out = serialize_result(result, fmt)
            except PolicyGraphError as exc:
                raise click.ClickException(f"--format {fmt} does not fit a {kind} result") from exc
            click.echo(out.decode("utf-8"), nl=False)
    finally:
        store.close()


def _short(term: Any) -> str:
    """A cell of the human table: prefixed IRIs, plain literal values (no language tags)."""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri) :]}"
        return f"<{term.value}>"
    value = python_value(term)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _width(text: str) -> int:
    """Display width: Korean (East Asian wide) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(result: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if bool(result) else "false"
    if kind == "graph":
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    names = [v.value for v in result.variables]
    rows = [[_short(row[n]) for n in names] for row in result]
    widths = [max([_width(n), *(_width(r[i]) for r in rows)]) for i, n in enumerate(names)]
    out = [names, ["-" * w for w in widths], *rows]
    out = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in out]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _export_formats() -> list[str]:
    from .export import NETWORK_FORMATS

    return [f.name for f in NETWORK_FORMATS] + [f.name for f in RDF_FORMATS]


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file: never a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {exc}") from exc


@cli.command()
@store_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_export_formats(), case_sensitive=False),
    required=True,
    help="A network format (partner network) or an RDF format (the whole store; trig and "
    "nquads keep the named graphs).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    required=True,
    help="Output file; '-' for standard output. csv: a .zip file holding nodes.csv and "
    "edges.csv, or an existing directory to write the two files into.",
)
@click.option("--as-of", metavar="YYYY-MM-DD", help="Network of the relationships dated by then.")
@click.option("--people", is_flag=True, help="Add persons and their posts to the network.")
@click.option("--typed", is_flag=True, help="The typed stakeholder graph, not the partner network.")
@click.option(
    "--lang",
    type=click.Choice(["en", "ko"], case_sensitive=False),
    help="Language of the labels shown in a network export (default en; both labels stay "
    "as attributes).",
)
@click.pass_context
def export(
    ctx: click.Context,
    store_path: str | None,
    memory: bool | None,
    fmt: str,
    output: str,
    as_of: str | None,
    people: bool,
    typed: bool,
    lang: str | None,
) -> None:
    """Export the partner network (GEXF, GraphML, Cytoscape.js, node-link, DOT, CSV) or the
    whole store (TriG, N-Quads, Turtle, JSON-LD, N-Triples, RDF/XML)."""
    import io
    import zipfile

    from .export import NETWORK_FORMATS, export_network, export_rdf

    network = fmt.lower() in {f.name for f in NETWORK_FORMATS}
    if not network and (as_of or people or typed or lang):
        raise click.UsageError(
            "--as-of, --people, --typed and --lang apply to network formats only"
        )
    settings = _settings(ctx, store_path, memory)
    store = open_store(settings)
    try:
        if not len(store):
            raise click.ClickException(
                f"the store {settings.store_path} holds no data: build it with "
                "`policygraph build`, or export the seed data with --memory"
            )
        if network:
            data = export_network(store, fmt, as_of=as_of, people=people, typed=typed, lang=lang)
        else:
            data = export_rdf(store, fmt)
    finally:
        store.close()
    if output == "-":
        with click.open_file("-", "wb") as stdout:
            stdout.write(data)
        return
    path = Path(output)
    if fmt.lower() == "csv" and path.is_dir():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        for name, member in members.items():
            _write_atomically(path / name, member)
        click.echo(f"wrote {', '.join(str(path / n) for n in members)}", err=True)
        return
    _write_atomically(path, data)
    click.echo(f"wrote {path} ({len(data)} bytes)", err=True)


from . import ingest_cli  # noqa: E402, F401  (registers validate, ingest, delete)
from .extract import cli as extract_cli  # noqa: E402, F401  (registers extract)
