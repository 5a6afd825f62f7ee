"""The remote engines of the tests: the Oxigraph server and Virtuoso, installed when missing and
started on free loopback ports.

- The Oxigraph server comes from PyPI (``oxigraph``, the same minor version as the project's
  ``pyoxigraph``) in its own virtualenv, ``.venv-engines/`` (gitignored).
- Virtuoso 7 comes from Debian (``virtuoso-opensource-7-bin``, ODBC driver ``libvirtodbc0``),
  installed with apt-get (through sudo when not root) when missing; each instance gets a
  generated ini in a temporary directory, loopback ports and a changed ``dba`` password.

A missing engine is a failure, never a skip. ``POLICYGRAPH_TEST_STORE`` (``oxigraph-server``,
``virtuoso``) makes the store fixtures of the HTTP tests (``seed_store``, ``empty_store``,
:func:`tests.stores.new_store`) remote: ``make test`` runs those tests once more per engine.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES_VENV = ROOT / ".venv-engines"
OXIGRAPH_PIN = "oxigraph>=0.5,<0.6"  # the minor version of the project's pyoxigraph
VIRTUOSO_PACKAGES = ["virtuoso-opensource-7-bin", "libvirtodbc0", "unixodbc"]
READY_SECONDS = 60
#: Virtuoso's result cap in the tests (its ResultSetMaxRows): low, so that a cut answer can be
#: provoked; above every answer the HTTP tests ask for.
VIRTUOSO_MAX_ROWS = 15_000

#: The engines a remote store can be tested on, as POLICYGRAPH_TEST_STORE names them.
REMOTE_KINDS = ("oxigraph-server", "virtuoso")


class EngineError(RuntimeError):
    """An engine could not be installed or started (the test fails)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EngineError(f"the engine exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise EngineError(f"the engine did not answer in {READY_SECONDS} s")


@dataclass
class Engine:
    """One running engine: what a RemoteStore needs to reach it."""

    kind: str
    url: str
    engine: str
    process: subprocess.Popen
    workdir: Path
    user: str = ""
    password: str = field(default="", repr=False)
    odbc: str = ""
    max_rows: int = VIRTUOSO_MAX_ROWS  # Virtuoso's ResultSetMaxRows

    def store(self, **kwargs):
        from graph.store.remote import Credentials, RemoteStore

        creds = Credentials(self.user, self.password) if self.user else Credentials()
        if self.engine == "virtuoso":
            kwargs.setdefault("max_rows", self.max_rows)
        return RemoteStore(self.url, self.engine, credentials=creds, odbc=self.odbc, **kwargs)

    def env(self) -> dict[str, str]:
        """The environment of a ``policygraph`` process on this engine."""
        env = {"POLICYGRAPH_STORE_URL": self.url, "POLICYGRAPH_STORE_ENGINE": self.engine}
        if self.user:
            env |= {
                "POLICYGRAPH_STORE_USER": self.user,
                "POLICYGRAPH_STORE_PASSWORD": self.password,
                "POLICYGRAPH_STORE_ODBC": self.odbc,
                "POLICYGRAPH_STORE_MAX_ROWS": str(self.max_rows),
            }
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.workdir, ignore_errors=True)


# --- the Oxigraph server -------------------------------------------------------------------
def oxigraph_binary() -> Path:
    """The ``oxigraph`` CLI of ``.venv-engines/``, installed there when missing."""
    binary = ENGINES_VENV / "bin" / "oxigraph"
    if binary.exists():
        return binary
    steps = [
        [sys.executable, "-m", "venv", str(ENGINES_VENV)],
        [str(ENGINES_VENV / "bin" / "python"), "-m", "pip", "install", "-q", OXIGRAPH_PIN],
    ]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode:
            raise EngineError(f"installing the Oxigraph server failed: {proc.stderr[-1000:]}")
    if not binary.exists():
        raise EngineError("pip installed oxigraph but no oxigraph command came with it")
    return binary


def start_oxigraph() -> Engine:
    workdir = Path(tempfile.mkdtemp(prefix="pg-oxigraph-"))
    port = free_port()
    log = workdir / "server.log"
    process = subprocess.Popen(
        [
            str(oxigraph_binary()),
            "serve",
            "--location",
            str(workdir / "data"),
            "--bind",
            f"127.0.0.1:{port}",
            # the engine's own limit, so that a query policygraph gave up on stops there too
            "--timeout-s",
            "10",
        ],
        stdout=(out := log.open("wb")),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    out.close()
    url = f"http://127.0.0.1:{port}"
    engine = Engine("oxigraph-server", url, "oxigraph", process, workdir)
    try:
        _wait(url + "/query?query=ASK%7B%7D", process, log)
    except EngineError:
        engine.stop()
        raise
    return engine


# --- Virtuoso --------------------------------------------------------------------------------
_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
"""


def ensure_virtuoso() -> None:
    """Virtuoso, its ODBC driver and unixODBC, installed with apt-get when missing."""
    from graph.store.remote import _VIRTUOSO_ODBC

    if shutil.which("virtuoso-t") and Path(_VIRTUOSO_ODBC).exists():
        return
    if not shutil.which("apt-get"):
        raise EngineError("Virtuoso is not installed and there is no apt-get to install it")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (
        [*sudo, "apt-get", "update", "-q"],
        [*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", *VIRTUOSO_PACKAGES],
    ):
        proc = subprocess.run(step, capture_output=True, text=True, env=env)
        if proc.returncode:
            raise EngineError(f"{' '.join(step)} failed: {proc.stderr[-1000:]}")
    if not shutil.which("virtuoso-t"):
        raise EngineError("apt-get installed Virtuoso but virtuoso-t is not on PATH")


def start_virtuoso(max_rows: int = VIRTUOSO_MAX_ROWS) -> Engine:
    """Virtuoso with a generated ini; ``max_rows``: its result cap (the benchmark's is high:
    a derived index reads more rows than the tests' cap)."""
    import pyodbc

    from graph.store.remote import _VIRTUOSO_ODBC

    ensure_virtuoso()
    workdir = Path(tempfile.mkdtemp(prefix="pg-virtuoso-"))
    http_port, sql_port = free_port(), free_port()
    (workdir / "virtuoso.ini").write_text(
        _INI.format(dir=workdir, sql=sql_port, http=http_port, max_rows=max_rows)
    )
    log = workdir / "server.log"
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(workdir / "virtuoso.ini")],
        cwd=workdir,
        stdout=(out := log.open("wb")),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    out.close()
    url = f"http://127.0.0.1:{http_port}"
    password = "pg" + secrets.token_hex(8)  # an SQL identifier: letters and digits
    engine = Engine(
        "virtuoso",
        url,
        "virtuoso",
        process,
        workdir,
        "dba",
        password,
        f"127.0.0.1:{sql_port}",
        max_rows,
    )
    try:
        _wait(url + "/sparql?query=ASK%7B%7D", process, log)
        conn = pyodbc.connect(
            f"DRIVER={_VIRTUOSO_ODBC};HOST=127.0.0.1:{sql_port};UID=dba;PWD=dba", autocommit=True
        )
        conn.cursor().execute(f"set password dba {password}")
        conn.close()
    except (EngineError, pyodbc.Error) as exc:
        engine.stop()
        raise EngineError(f"Virtuoso did not start: {exc}") from exc
    return engine


def start(kind: str) -> Engine:
    """Start an engine of ``kind`` (:data:`REMOTE_KINDS`)."""
    if kind == "oxigraph-server":
        return start_oxigraph()
    if kind == "virtuoso":
        return start_virtuoso()
    raise EngineError(f"unknown engine {kind!r}; known: {', '.join(REMOTE_KINDS)}")


def install() -> None:
    """Install both engines when missing (``python -m tests.engines``): ``make test`` does it
    once before its runs go side by side, so that two runs never race on pip or apt-get."""
    oxigraph_binary()
    ensure_virtuoso()


if __name__ == "__main__":
    try:
        install()
    except EngineError as exc:
        sys.exit(f"cannot install the remote engines of the tests: {exc}")
