"""Settings: one object, layered defaults < optional file < ``POLICYGRAPH_*`` environment < flags.

Every setting has a default and a help text; the environment variable of a setting is its name
in upper case with the prefix ``POLICYGRAPH_`` (``store_path`` -> ``POLICYGRAPH_STORE_PATH``).

Examples
--------
>>> s = Settings.from_env({"POLICYGRAPH_PORT": "9000", "POLICYGRAPH_MEMORY": "yes"})
>>> s.port, s.memory
(9000, True)
>>> s.replace(port=8001).port
8001
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["Settings", "ENV_PREFIX"]

ENV_PREFIX = "POLICYGRAPH_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """All configuration of policygraph, with defaults that work out of the box."""

    store: str = _setting("oxigraph", "Store backend: 'oxigraph' (embedded).")
    store_path: str = _setting(
        "var/store", "Directory of the on-disk Oxigraph store (created when missing)."
    )
    memory: bool = _setting(
        False, "Use an in-memory store loaded with the seed data instead of the on-disk store."
    )
    store_url: str = _setting(
        "",
        "Base URL of a SPARQL engine that holds the data instead of the embedded store (the"
        " Oxigraph server: http://127.0.0.1:7878; Virtuoso: http://127.0.0.1:8890); see"
        " docs/deploy.md. Set: the store backend is 'remote'.",
    )
    store_engine: str = _setting(
        "oxigraph",
        "Kind of engine at store_url: 'oxigraph' or 'virtuoso' (tested), 'fuseki' or 'generic'"
        " (not tested in CI).",
    )
    store_user: str = _setting("", "User name policygraph writes to the engine at store_url as.")
    store_password: str = field(
        default="",
        repr=False,
        metadata={"help": "Password of store_user (never logged nor shown in errors)."},
    )
    store_password_file: str = _setting(
        "", "File holding the password of store_user (first line); takes precedence."
    )
    store_odbc: str = _setting(
        "",
        "Virtuoso's SQL (ODBC) address host:port, over which its writes are transactions;"
        " empty: the host of store_url, port 1111.",
    )
    store_odbc_driver: str = _setting(
        "",
        "Virtuoso's ODBC driver library; empty: Debian's"
        " /usr/lib/x86_64-linux-gnu/odbc/virtodbc_r.so (package libvirtodbc0).",
    )
    store_max_rows: int = _setting(
        0,
        "The engine's own result cap (Virtuoso: ResultSetMaxRows); an answer that reaches it is"
        " refused as possibly cut short. 0: the engine profile's default (Virtuoso 1,000,000).",
    )
    host: str = _setting(
        "127.0.0.1",
        "Address the HTTP server listens on. Only loopback addresses (127.0.0.1, ::1,"
        " localhost) unless public is set.",
    )
    public: bool = _setting(
        False,
        "Let the HTTP server listen on an address other machines can reach (0.0.0.0, ::, a"
        " network address): anyone who reaches it can read everything; writes still need the"
        " write token. Off: serve refuses such a host.",
    )
    port: int = _setting(8000, "Port the HTTP server listens on.")
    workers: int = _setting(
        4, "Request worker threads of the server process (the store releases the GIL)."
    )
    fronts: int = _setting(
        0,
        "Front processes of serve that answer lookup queries themselves on a read-only open of"
        " an on-disk store (server/fronts.py); 0: one process (docs/benchmarks.md, issue 20).",
    )
    front_server: str = _setting(
        "waitress",
        "HTTP server of the front processes (with fronts > 0): 'waitress' (one Python process"
        " per front) or 'granian' (granian's Rust HTTP server with fronts worker processes;"
        " pip install granian): docs/benchmarks.md, issue 20, fourth pass.",
    )
    log_level: str = _setting(
        "",
        "Logging level (DEBUG, INFO, WARNING, ERROR); empty: INFO for serve, WARNING for the"
        " other commands (their -v gives INFO).",
    )
    write_token: str = _setting(
        "",
        "Bearer token that authorises writes (ingest, SPARQL Update, Graph Store writes);"
        " empty with no write_token_file: the server is read-only.",
    )
    write_token_file: str = _setting(
        "", "File holding the write token (first line); takes precedence over write_token."
    )
    max_query_length: int = _setting(
        100_000, "Longest SPARQL query accepted, in characters (longer: 413)."
    )
    query_timeout: float = _setting(
        10.0,
        "Longest a SPARQL query may run, in seconds (over it: the query is stopped, 503). A"
        " request may ask for less with the timeout parameter, never for more.",
    )
    query_workers: int = _setting(
        2,
        "Worker processes that evaluate SPARQL queries; a query over its time limit is stopped"
        " by killing its worker, which is then replaced. 0: queries run in the request thread"
        " and the time limit is only checked between result rows (for tests, not production)."
        " Not used on a remote store (store_url): its engine evaluates the query and the"
        " store's client stops waiting at the time limit.",
    )
    max_result_rows: int = _setting(
        100_000,
        "Most result rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one query may return; a"
        " bigger result is refused with 413 naming the limit, never cut short.",
    )
    max_body_size: int = _setting(
        16 * 1024 * 1024,
        "Largest request body accepted, in bytes (queries, updates, Graph Store uploads;"
        " bigger: 413).",
    )
    service_allow: str = _setting(
        "",
        "Space-separated endpoint IRIs that SERVICE (federated query) and LOAD may reach;"
        " empty: the server never connects anywhere and refuses both (400).",
    )
    cors_origins: str = _setting(
        "*",
        "Origins allowed to read from browsers (CORS on GET/HEAD/POST queries): '*' for any,"
        " a space-separated list, or empty for none.",
    )
    cors_write_origins: str = _setting(
        "",
        "Origins allowed to send writes (SPARQL Update, Graph Store writes) from browsers;"
        " empty: no cross-origin writes.",
    )
    max_ingest_bytes: int = _setting(
        16 * 1024 * 1024,
        "Largest article document accepted by POST/PUT /api/articles and /api/validate, in"
        " bytes (larger: 413, refused before the body is read).",
    )
    max_term_length: int = _setting(
        65_536,
        "Longest literal or IRI a write may hold, in characters (article documents, fact"
        " sheets, Graph Store bodies, SPARQL Update data; longer: 413).",
    )
    max_document_quads: int = _setting(
        50_000,
        "Most quads one write may add: an article document, a Graph Store body, or what one"
        " SPARQL Update inserts (more: 413). Keeps the SHACL check of one write bounded.",
    )
    max_nesting_depth: int = _setting(
        64,
        "Deepest nesting of objects and lists in a JSON-LD, JSON or YAML document (deeper: 413).",
    )
    check_timeout: float = _setting(
        30.0,
        "Longest the checks of one write (parsing, fact-sheet conversion, SHACL validation)"
        " may take, in seconds, on /api/articles, /api/validate, the Graph Store and SPARQL"
        " Update (longer: 413, nothing written).",
    )
    base_iri: str = _setting(
        "",
        "Base IRI of this deployment, ending in '/' (https://graph.example.org/): the /id/ pages"
        " and their RDF name instances <base_iri>id/<kind>/<slug>, IRIs this server answers."
        " Empty: https://policygraph.example/, the base the store holds.",
    )
    query_cache_mb: int = _setting(
        64,
        "Memory for cached SPARQL answers, in MiB (same query, format and dataset answered from"
        " memory until the next write); 0 turns the cache off.",
    )

    # --- construction -------------------------------------------------------------------
    @classmethod
    def help(cls) -> dict[str, str]:
        """Setting name -> help text, for documentation and ``--help``."""
        return {f.name: f.metadata["help"] for f in fields(cls)}

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (values are coerced like environment strings)."""
        return dataclasses.replace(self, **{k: self._coerce(k, v) for k, v in changes.items()})

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str = "settings") -> Settings:
        """Settings from a name -> value mapping; unknown names are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError(f"unknown setting(s) in {source}: {', '.join(unknown)}")
        return cls().replace(**values)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Settings:
        """Settings from a JSON file of ``{"setting": value}``."""
        try:
            values = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read settings file {path}: {exc}") from exc
        if not isinstance(values, dict):
            raise InputError(f"settings file {path} must hold a JSON object")
        return cls.from_mapping(values, source=str(path))

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, base: Settings | None = None
    ) -> Settings:
        """Settings from ``POLICYGRAPH_*`` variables, on top of ``base`` (defaults if None).

        ``POLICYGRAPH_CONFIG`` names an optional JSON settings file applied before the variables.
        """
        env = os.environ if environ is None else environ
        settings = base or cls()
        if env.get(ENV_PREFIX + "CONFIG"):
            settings = cls.from_file(env[ENV_PREFIX + "CONFIG"])
        changes = {
            f.name: env[ENV_PREFIX + f.name.upper()]
            for f in fields(cls)
            if ENV_PREFIX + f.name.upper() in env
        }
        return settings.replace(**changes)

    @classmethod
    def _coerce(cls, name: str, value: Any) -> Any:
        kinds = {f.name: type(f.default) for f in fields(cls)}
        if name not in kinds:
            raise InputError(f"unknown setting {name!r}")
        kind = kinds[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        text = str(value).strip()
        if kind is bool:
            lowered = text.lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off", ""}:
                return False
            raise InputError(f"setting {name} must be true or false, not {value!r}")
        if kind is int:
            try:
                return int(text)
            except ValueError:
                raise InputError(f"setting {name} must be a whole number, not {value!r}") from None
        if kind is float:
            try:
                return float(text)
            except ValueError:
                raise InputError(f"setting {name} must be a number, not {value!r}") from None
        return text


#: Where a process started by another finds a file of its parent's (its configuration): the
#: granian front workers of ``serve --fronts N --front-server granian`` are started by granian,
#: which hands them nothing else (server/fronts.py).
HANDED_CONFIG = "POLICYGRAPH_FRONT_CONFIG"


def hand_config(path: str) -> None:
    """Name ``path`` to the processes this one starts from now on (:data:`HANDED_CONFIG`)."""
    os.environ[HANDED_CONFIG] = path


def handed_config() -> str:
    """The path :func:`hand_config` named in the process that started this one."""
    try:
        return os.environ[HANDED_CONFIG]
    except KeyError:
        raise InputError(f"{HANDED_CONFIG} is not set: this process is started by serve") from None
