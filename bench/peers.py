"""The servers compared: policygraph itself and its peers, each loaded, started and stopped alike.

- ``policygraph``: ``policygraph load`` (bulk, into an empty store) then ``policygraph serve``,
  with its result cache off; ``policygraph+cache``: the same with the cache on.
- ``oxigraph``: the Oxigraph server (PyPI ``oxigraph``, in ``.venv-bench``): ``oxigraph load``
  then ``oxigraph serve-read-only --union-default-graph``.
- ``rdflib``: rdflib-endpoint (PyPI ``rdflib-endpoint[cli]``, in ``.venv-bench``) serving the file
  with rdflib's own engine; it parses the file when it starts, so its load time is its start time.
- ``virtuoso``: Virtuoso 7 from Debian's ``virtuoso-opensource`` (installed with apt-get when
  missing), listening on loopback only, bulk-loaded with ``ld_dir``/``rdf_loader_run``.

Every server listens on a free loopback port; the default graph is the union of all graphs on
each (policygraph's default, Oxigraph's flag, rdflib's ``default_union``, Virtuoso's default).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Request, Server, free_port, sparql_get, wait_http

__all__ = [
    "PEERS",
    "Peer",
    "Policygraph",
    "PolicygraphCached",
    "OxigraphServer",
    "RdflibEndpoint",
    "Virtuoso",
]

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
BENCH_VENV = ROOT / ".venv-bench" / "bin"
PING = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"


class Peer:
    """One server under test. ``load`` returns its load seconds (None: loads when it starts)."""

    name = "peer"
    sparql_path = "/sparql"
    env: dict[str, str] = {}
    #: Ask every draw once, untimed, before timing (a cache measured in its steady state).
    warm_all = False

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir / self.name
        self.port = free_port()
        self.server: Server | None = None
        self.start_seconds = 0.0

    def available(self) -> str | None:
        """None when the peer can run here, else why not."""
        return None

    def load(self, data: Path) -> float | None:
        raise NotImplementedError

    def command(self, data: Path) -> list[str]:
        raise NotImplementedError

    def ping(self) -> Request:
        return sparql_get(self.sparql_path, PING, JSON)

    def start(self, data: Path) -> float:
        """Start on the loaded data; seconds until it answered its first query."""
        log = self.workdir.parent / f"{self.name}.log"
        self.server = Server(self.name, self.command(data), log=log, env=self.env)
        proc = self.server.start()
        self.start_seconds = wait_http(self.port, self.ping(), proc=proc)
        return self.start_seconds

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    @property
    def peak_rss(self) -> int:
        return self.server.peak_rss if self.server else 0

    def _fresh(self) -> Path:
        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        self.workdir.mkdir(parents=True)
        return self.workdir


def _run(cmd: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - started


class Policygraph(Peer):
    """policygraph with its result cache off: every request evaluates its query."""

    name = "policygraph"
    env = {"POLICYGRAPH_QUERY_CACHE_MB": "0"}
    bindir = VENV

    def __init__(self, workdir: Path, workers: int = 4) -> None:
        super().__init__(workdir)
        self.workers = workers

    def load(self, data: Path) -> float:
        store = self._fresh() / "store"
        cli = [str(self.bindir / "policygraph"), "--log-level", "WARNING"]
        return _run([*cli, "load", "--store", str(store), "--no-validate", str(data)])

    def command(self, data: Path) -> list[str]:
        return [
            str(self.bindir / "policygraph"), "--log-level", "WARNING", "serve",
            "--store", str(self.workdir / "store"), "--host", "127.0.0.1",
            "--port", str(self.port), "--workers", str(self.workers),
        ]  # fmt: skip


class PolicygraphCached(Policygraph):
    """policygraph with its result cache on (answers kept per data version)."""

    name = "policygraph+cache"
    env = {"POLICYGRAPH_QUERY_CACHE_MB": "256"}
    warm_all = True


class PolicygraphFronts(Policygraph):
    """policygraph (cache off) with front processes answering lookups (``serve --fronts``,
    server/fronts.py): one per CPU."""

    name = "policygraph+fronts"
    env = {"POLICYGRAPH_QUERY_CACHE_MB": "0", "POLICYGRAPH_FRONTS": str(os.cpu_count() or 1)}


class PolicygraphGranian(Policygraph):
    """As ``policygraph+fronts``, with granian's HTTP server in front (``serve --fronts N
    --front-server granian``): one front process per CPU."""

    name = "policygraph+granian"
    env = {**PolicygraphFronts.env, "POLICYGRAPH_FRONT_SERVER": "granian"}


class Before(Policygraph):
    """Another checkout of policygraph (``run.py --before DIR``: the ``bin`` of its virtualenv),
    cache off, timed in the same run: the before of a change, side by side with the after."""

    name = "before"
    bindir = Path(os.environ.get("POLICYGRAPH_BENCH_BEFORE", "/nonexistent"))

    def available(self) -> str | None:
        exe = self.bindir / "policygraph"
        return None if exe.exists() else f"{exe} not found (give --before DIR)"


class BeforeCached(Before):
    name = "before+cache"
    env = PolicygraphCached.env
    warm_all = True


class OxigraphServer(Peer):
    name = "oxigraph"
    sparql_path = "/query"

    def available(self) -> str | None:
        return None if (BENCH_VENV / "oxigraph").exists() else "oxigraph not in .venv-bench"

    def load(self, data: Path) -> float:
        store = self._fresh() / "store"
        return _run(
            [str(BENCH_VENV / "oxigraph"), "load", "--location", str(store), "--file", str(data)]
        )

    def command(self, data: Path) -> list[str]:
        return [
            str(BENCH_VENV / "oxigraph"), "serve-read-only", "--location",
            str(self.workdir / "store"), "--bind", f"127.0.0.1:{self.port}",
            "--union-default-graph",
        ]  # fmt: skip


class RdflibEndpoint(Peer):
    name = "rdflib"
    sparql_path = "/"

    def available(self) -> str | None:
        exe = BENCH_VENV / "rdflib-endpoint"
        return None if exe.exists() else "rdflib-endpoint not in .venv-bench"

    def load(self, data: Path) -> None:
        self._fresh()
        return None

    def command(self, data: Path) -> list[str]:
        exe = str(BENCH_VENV / "rdflib-endpoint")
        return [exe, "serve", str(data), "--host", "127.0.0.1", "--port", str(self.port)]


_VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {data}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 2G

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
MaxClientConnections = 8
EnabledDavVSP = 0
HTTPProxyEnabled = 0
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""


class Virtuoso(Peer):
    """Virtuoso 7 (Debian ``virtuoso-opensource``); the server runs during the load too."""

    name = "virtuoso"

    def available(self) -> str | None:
        if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
            return None
        if not shutil.which("apt-get"):
            return "virtuoso-t not installed and no apt-get"
        print("installing virtuoso-opensource with apt-get ...", file=sys.stderr)
        env_cmd = ["env", "DEBIAN_FRONTEND=noninteractive"]
        proc = subprocess.run(
            [*env_cmd, "apt-get", "install", "-y", "-q", "virtuoso-opensource"],
            capture_output=True,
            text=True,
        )
        if proc.returncode or not shutil.which("virtuoso-t"):
            return f"apt-get install virtuoso-opensource failed: {proc.stderr[-300:]}"
        # The package starts a system-wide service on 0.0.0.0; the benchmark runs its own.
        subprocess.run(["service", "virtuoso-opensource-7", "stop"], capture_output=True)
        return None

    def load(self, data: Path) -> float:
        work = self._fresh()
        self.isql_port = free_port()
        ini = work / "virtuoso.ini"
        ini.write_text(
            _VIRTUOSO_INI.format(
                dir=work, isql=self.isql_port, http=self.port, data=data.parent.resolve()
            )
        )
        self.server = Server(self.name, ["virtuoso-t", "+foreground", "+configfile", str(ini)],
                             log=self.workdir.parent / f"{self.name}.log")  # fmt: skip
        proc = self.server.start()
        wait_http(self.port, self.ping(), proc=proc, timeout=120)
        sql = (
            f"ld_dir('{data.parent.resolve()}', '{data.name}', 'urn:policygraph:bench'); "
            "rdf_loader_run(); checkpoint;"
        )
        return _run(["isql-vt", str(self.isql_port), "dba", "dba", f"exec={sql}"])

    def start(self, data: Path) -> float:
        # Restart, so that the start time is measured on the loaded database like the others.
        assert self.server is not None
        self.server.stop()
        proc = self.server.start()
        self.start_seconds = wait_http(self.port, self.ping(), proc=proc)
        return self.start_seconds


PEERS = {
    p.name: p
    for p in (
        Policygraph,
        PolicygraphCached,
        PolicygraphFronts,
        PolicygraphGranian,
        OxigraphServer,
        RdflibEndpoint,
        Virtuoso,
        Before,
        BeforeCached,
    )
}
