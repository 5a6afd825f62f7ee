"""The ``policygraph`` command line: build, query (``validate``, ``ingest`` and ``delete`` come from
graph/cli/write.py, ``serve`` from server/cli.py).

Settings come from ``POLICYGRAPH_*`` variables; flags override them. User errors end with one
``Error: ...`` line and exit status 1; usage errors exit 2. Results go to standard output;
standard error carries what a command reads or writes, the progress of long work (see
:mod:`graph.cli.progress`) and, with ``-v``, log lines (``--quiet``: errors only).

The commands work beside a running server (:mod:`graph.cli.access`): reads open the store
read-only; ``ingest`` and ``delete`` write through the server with its token; ``build`` and
``load`` say that the server must be stopped first.
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

from ..config import Settings
from ..errors import InputError, PolicyGraphError, StoreUnavailable
from ..formats import RDF_FORMATS, RESULT_FORMATS, rdf_format
from ..iris import PREFIXES
from ..query.results import result_kind, serialize_result
from ..store import Store, open_store, python_value
from .access import is_locked, locked_message, open_for_writing, read_store
from .progress import Progress, quantity
from .runtime import running_server
from .server_client import RemoteServer

__all__ = ["cli", "store_options", "settings_for", "note", "progress", "write_atomically"]

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
    "--log-level",
    default=None,
    metavar="LEVEL",
    help="Log lines on stderr from LEVEL up (DEBUG, INFO, WARNING, ERROR). Default: "
    "POLICYGRAPH_LOG_LEVEL, else INFO for serve and WARNING for the other commands.",
)
@click.option("-v", "--verbose", count=True, help="Log lines from INFO up (-vv: DEBUG).")
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress or notes on stderr: results and errors only."
)
@click.version_option(package_name="policygraph")
@click.pass_context
def cli(ctx: click.Context, log_level: str | None, verbose: int, quiet: bool) -> None:
    """policygraph: a knowledge graph of AI-infrastructure policy news, served over SPARQL."""
    settings = Settings.from_env()
    if log_level or verbose:
        settings = settings.replace(log_level=log_level or ("DEBUG" if verbose > 1 else "INFO"))
    level = settings.log_level or ("INFO" if ctx.invoked_subcommand == "serve" else "WARNING")
    logging.basicConfig(
        level=level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = settings
    ctx.meta["policygraph.quiet"] = quiet


def note(text: str) -> None:
    """A line on stderr about what the command does (which store it reads, where it writes);
    nothing with ``--quiet``."""
    if not click.get_current_context().meta.get("policygraph.quiet"):
        click.echo(text, err=True)


def progress(label: str, total: int | None = None, unit: str = "") -> Progress:
    """The progress of a long step on stderr (nothing with ``--quiet``)."""
    quiet = bool(click.get_current_context().meta.get("policygraph.quiet"))
    return Progress(label, total, unit=unit, enabled=not quiet)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None:
        ctx.meta[f"policygraph.{param.name}"] = value
    return value


def _store_path_option(fn: Any) -> Any:
    """``--store DIR``, and ``--store-url URL`` / ``--engine NAME`` for a remote store."""
    fn = click.option(
        "--engine",
        "store_engine",
        metavar="NAME",
        default=None,
        expose_value=False,
        callback=_remember,
        help="Kind of engine at --store-url: oxigraph, virtuoso (tested), fuseki, generic"
        " (default: POLICYGRAPH_STORE_ENGINE or oxigraph).",
    )(fn)
    fn = click.option(
        "--store-url",
        "store_url",
        metavar="URL",
        default=None,
        expose_value=False,
        callback=_remember,
        help="A SPARQL engine that holds the data instead of the store directory (default:"
        " POLICYGRAPH_STORE_URL); see docs/deploy.md.",
    )(fn)
    return click.option(
        "--store",
        "store_path",
        metavar="DIR",
        default=None,
        help="Store directory (default: POLICYGRAPH_STORE_PATH or var/store).",
    )(fn)


def store_options(fn: Any) -> Any:
    """``--store DIR`` and ``--memory``, shared by every command that opens the store."""
    fn = click.option(
        "--memory",
        is_flag=True,
        default=None,
        help="Use the seed articles only, in memory: not the store, nor what was ingested into it.",
    )(fn)
    return _store_path_option(fn)


def settings_for(ctx: click.Context, store_path: str | None, memory: bool | None) -> Settings:
    settings: Settings = ctx.obj
    changes: dict[str, Any] = {}
    if store_path is not None:
        changes["store_path"] = store_path
    if memory is not None:
        changes["memory"] = memory
    for name in ("store_url", "store_engine"):
        if f"policygraph.{name}" in ctx.meta:
            changes[name] = ctx.meta[f"policygraph.{name}"]
    return settings.replace(**changes)


@cli.command()
@_store_path_option
@click.option("--if-missing", is_flag=True, help="Do nothing if the store already holds data.")
@click.option("--force", is_flag=True, help="Delete an existing store and build it anew.")
@click.pass_context
def build(ctx: click.Context, store_path: str | None, if_missing: bool, force: bool) -> None:
    """Build the on-disk store from the seed articles (validated first).

    A store a running server holds is left alone: --if-missing finds it full and does nothing;
    otherwise stop the server first."""
    from ..store.seed import seed_files

    settings = settings_for(ctx, store_path, False)
    if settings.store_url:
        _build_remote(settings, if_missing, force)
        return
    path = Path(settings.store_path)
    if if_missing and _served_and_full(settings):
        return
    try:
        store = open_for_writing(settings, "build")
    except StoreUnavailable as exc:
        if not force or exc.context.get("locked"):
            raise
        shutil.rmtree(path)  # --force: a store that cannot be opened is rebuilt too
        store = open_store(settings, seed=False)
    assert not isinstance(store, RemoteServer)
    try:
        if len(store) and force:
            store.close()
            shutil.rmtree(path)
            store = open_store(settings, seed=False)
        if len(store):
            if if_missing:
                click.echo(f"store {path} already holds {len(store)} quads; nothing to do")
                return
            raise click.ClickException(
                f"store {path} already holds {len(store)} quads; use --force to rebuild it"
            )
        files = seed_files()
        _check_files(files, "the seed data does not conform")
        _bulk_load(store, files, ["trig"] * len(files), path)
        click.echo(
            f"built {path}: {len(files)} articles, {len(store)} quads, "
            f"{len(store.named_graphs())} named graphs"
        )
    finally:
        store.close()


def _build_remote(settings: Settings, if_missing: bool, force: bool) -> None:
    """``build --store-url``: the seed articles into an empty remote store (``--force``: the
    graphs policygraph sees there are dropped first; the engine's own graphs stay)."""
    from ..store.seed import load_seed, seed_files

    store = open_store(settings, seed=False)
    try:
        if len(store):
            if if_missing:
                click.echo(f"store {store!r} already holds {len(store)} quads; nothing to do")
                return
            if not force:
                raise click.ClickException(
                    f"store {store!r} already holds {len(store)} quads; use --force to drop "
                    "its graphs and build it anew"
                )
            store.clear()  # type: ignore[attr-defined]
        files = seed_files()
        _check_files(files, "the seed data does not conform")
        load_seed(store, bulk=True)
        click.echo(
            f"built {store!r}: {len(files)} articles, {len(store)} quads, "
            f"{len(store.named_graphs())} named graphs"
        )
    finally:
        store.close()


def _served_and_full(settings: Settings) -> bool:
    """``build --if-missing`` beside the server that serves the store: a full store is fine."""
    path = Path(settings.store_path)
    if not (path / "oxigraph").is_dir():
        return False
    try:
        open_store(settings, seed=False).close()
        return False  # not locked: build opens it as usual
    except StoreUnavailable as exc:
        if not is_locked(exc):
            raise
    view = open_store(settings, read_only=True)
    try:
        quads = len(view)
    finally:
        view.close()
    if not quads:
        raise click.ClickException(locked_message(path, running_server(path), "build"))
    server = running_server(path)
    by = f", served by {server.url}" if server else ", open in another process"
    click.echo(f"store {path} already holds {quads} quads{by}; nothing to do")
    return True


def _count_quads(files: list[Path], fmts: list[str]) -> int:
    """Read every file once (Oxigraph's parser: fast, exact line numbers): the quads there are,
    or the first syntax error, before anything slow starts."""
    total = 0
    with progress("reading", len(files), "files") as bar:
        for path, fmt in zip(files, fmts, strict=True):
            bar.advance(0, item=path.name)
            try:
                total += sum(1 for _ in ox.parse(path=str(path), format=rdf_format(fmt).native))
            except SyntaxError as exc:
                raise InputError(f"{path}: cannot parse as {fmt}: {exc}") from None
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
            bar.advance(item=f"{path.name}: {quantity(total, 'quads')} so far")
    return total


def _check_files(files: list[Path], refusal: str, fmts: list[str] | None = None) -> None:
    """SHACL-check ``files`` together; ``refusal`` starts the error when they do not conform."""
    from ..write.documents import validate_files

    fmts = fmts or [rdf_format(f.suffix.lstrip(".") or "?").name for f in files]
    quads = _count_quads(files, fmts)
    with progress(f"checking {quantity(quads, 'quads')} against the SHACL shapes"):
        report = validate_files(files)
    if not report.conforms:
        raise click.ClickException(f"{refusal}:\n" + report.to_text())


def _bulk_load(store: Store, files: list[Path], fmts: list[str], store_path: str | Path) -> None:
    """Bulk-load ``files`` into an empty store, saying how far it got if one fails."""
    done = 0
    try:
        with progress("loading", len(files), "files") as bar:
            for path, fmt in zip(files, fmts, strict=True):
                bar.advance(0, item=path.name)
                store.load(path, fmt, bulk=True)
                done += 1
                bar.advance(item=f"{path.name}: {quantity(len(store), 'quads')} in the store")
    except PolicyGraphError as exc:
        partly = (
            f"; {store_path} holds what came before it ({quantity(done, 'files')}; bulk "
            "loading is not transactional): delete the store and load again"
            if done
            else ""
        )
        raise click.ClickException(f"{exc}{partly}") from exc


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
    store in use with ingest. Progress goes to stderr: a bar on a terminal, a line every 10 s
    otherwise.
    """
    settings = settings_for(ctx, store_path, False)
    fmts = [rdf_format(f.suffix.lstrip(".") or "?").name for f in files]
    path = Path(settings.store_path)
    # An existing store is opened first: a locked or full one is refused before the long check.
    store: Store | None = _empty_store(settings) if path.exists() else None
    try:
        if not no_validate:
            _check_files(list(files), "the files do not conform", fmts)
        if store is None:
            store = _empty_store(settings)
        started = time.perf_counter()
        _bulk_load(store, list(files), fmts, path)
        seconds = time.perf_counter() - started
        where = repr(store) if settings.store_url else settings.store_path  # never credentials
        click.echo(
            f"loaded {len(store)} quads into {where} in {seconds:.2f} s "
            f"({len(store) / max(seconds, 1e-9):,.0f} quads/s)"
        )
    finally:
        if store is not None:
            store.close()


def _empty_store(settings: Settings) -> Store:
    store = open_for_writing(settings, "load")
    assert not isinstance(store, RemoteServer)
    if len(store):
        quads = len(store)
        store.close()
        raise click.ClickException(
            f"store {settings.store_path} already holds {quads} quads; bulk loading "
            "needs an empty store (delete it, or add articles with ingest)"
        )
    return store


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
    """Run a SPARQL QUERY (text, or @FILE to read it from a file) over the union graph.

    Reads the store read-only (beside a running server too) and says on stderr which data it
    read: the store, its data version and size, or with --memory the seed articles only."""
    from ..query.sparql import run_query

    if query.startswith("@"):
        try:
            query = Path(query[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot read query file {query[1:]}: {exc}") from exc

    def answer(store: Store) -> str:
        result = run_query(store, query)
        kind = result_kind(result)
        if fmt == "table":
            return _table(result, kind) + "\n"
        try:
            return serialize_result(result, fmt).decode("utf-8")
        except PolicyGraphError as exc:
            raise click.ClickException(f"--format {fmt} does not fit a {kind} result") from exc

    click.echo(read_store(settings_for(ctx, store_path, memory), answer, note=note), nl=False)


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
        return serialize_result(result, "turtle").decode()
    names = [v.value for v in result.variables]
    rows = [[_short(row[n]) for n in names] for row in result]
    widths = [max([_width(n), *(_width(r[i]) for r in rows)]) for i, n in enumerate(names)]
    cells = [names, ["-" * w for w in widths], *rows]
    out = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


class ExportFormat(click.ParamType):
    """A network format or an RDF format, by name, extension or alias (as ``/export`` takes
    them): ``cyjs`` is Cytoscape JSON, ``ttl`` Turtle, ``zip`` the CSV pair.

    Converts to ``(is_network, canonical name)``.
    """

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from ..network.export import NETWORK_FORMATS

        names = [f.name for f in NETWORK_FORMATS] + [f.name for f in RDF_FORMATS]
        return "[" + "|".join(names) + "]"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[bool, str]:
        from ..network.export import NETWORK_FORMATS, network_format

        if isinstance(value, tuple):
            return value
        key = str(value)
        for lookup, network in ((network_format, True), (rdf_format, False)):
            try:
                return network, lookup(key).name
            except InputError:
                continue
        known = ", ".join(
            [f"'{f.name}' (.{f.extension})" for f in NETWORK_FORMATS]
            + [f"'{f.name}' (.{f.extension})" for f in RDF_FORMATS]
        )
        self.fail(f"unknown format {key!r}; known: {known}", param, ctx)


def write_atomically(path: Path, data: bytes) -> None:
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
    "fmt_choice",
    type=ExportFormat(),
    required=True,
    help="A network format (partner network) or an RDF format (the whole store; trig and "
    "nquads keep the named graphs), by name or file extension (cyjs, ttl, zip, ...).",
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
    fmt_choice: tuple[bool, str],
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

    from ..network.export import export_network, export_rdf

    network, fmt = fmt_choice
    if not network and (as_of or people or typed or lang):
        raise click.UsageError(
            "--as-of, --people, --typed and --lang apply to network formats only"
        )
    settings = settings_for(ctx, store_path, memory)

    def exported(store: Store) -> bytes:
        if not len(store):
            raise click.ClickException(
                f"the store {settings.store_path} holds no data: build it with "
                "`policygraph build`, or export the seed data with --memory"
            )
        if network:
            return export_network(store, fmt, as_of=as_of, people=people, typed=typed, lang=lang)
        return export_rdf(store, fmt)

    data = read_store(settings, exported, note=note)
    if output == "-":
        with click.open_file("-", "wb") as stdout:
            stdout.write(data)
        return
    path = Path(output)
    if fmt.lower() == "csv" and path.is_dir():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        for name, member in members.items():
            write_atomically(path / name, member)
        click.echo(f"wrote {', '.join(str(path / n) for n in members)}", err=True)
        return
    write_atomically(path, data)
    click.echo(f"wrote {path} ({len(data)} bytes)", err=True)
