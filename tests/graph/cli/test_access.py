"""How commands reach the store: the runtime file, lock detection, read-only views that retry,
where the write token comes from, and what --memory says it reads. (With a real server process:
tests/e2e/test_cli_beside_server.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli.access import is_locked, open_for_writing, read_store, write_token
from graph.cli.runtime import RUNTIME_FILE, announce, running_server
from graph.cli.server_client import RemoteServer
from graph.config import Settings
from graph.errors import InputError, StoreUnavailable
from graph.store.oxigraph import OxigraphStore
from server.cli import cli

VANISHED = (
    "Corruption: IO error: No such file or directory: While open a file for random read: "
    "var/store/oxigraph/001312.sst: No such file or directory"
)


@pytest.fixture
def built(runner, tmp_path) -> Path:
    path = tmp_path / "store"
    assert runner.invoke(cli, ["build", "--store", str(path)]).exit_code == 0
    return path


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_runtime_file_left_by_a_dead_server_is_ignored(tmp_path):
    (tmp_path / RUNTIME_FILE).write_text(
        json.dumps({"url": "http://127.0.0.1:8000/", "pid": _dead_pid(), "started": "x"})
    )
    assert running_server(tmp_path) is None
    (tmp_path / RUNTIME_FILE).write_text("{not json")
    assert running_server(tmp_path) is None


def test_a_server_removes_only_its_own_runtime_file(tmp_path):
    with announce(tmp_path, "http://127.0.0.1:8001/") as info:
        assert running_server(tmp_path) == info
        later = {"url": "http://127.0.0.1:8002/", "pid": os.getpid(), "started": "later"}
        (tmp_path / RUNTIME_FILE).write_text(json.dumps(later))
    assert running_server(tmp_path).url == "http://127.0.0.1:8002/"


def test_a_held_store_is_recognised_and_writes_say_so(built):
    holder = OxigraphStore(built)
    try:
        with pytest.raises(StoreUnavailable) as opened:
            OxigraphStore(built)
        assert is_locked(opened.value)
        settings = Settings(store_path=str(built))
        with pytest.raises(StoreUnavailable) as refused:
            open_for_writing(settings, "ingest")
        message = str(refused.value)
        assert refused.value.context["locked"] is True
        assert message.startswith(f"{built} is locked: another process has it open")
        assert "--server URL" in message and "POLICYGRAPH_WRITE_TOKEN" in message
        # Reads need no lock.
        assert read_store(settings, len) == len(holder)
    finally:
        holder.close()


def test_a_held_store_with_a_server_and_a_token_is_written_through_it(built):
    holder = OxigraphStore(built)
    try:
        with announce(built, "http://127.0.0.1:8003/"):
            settings = Settings(store_path=str(built), write_token="t0ken")
            notes: list[str] = []
            target = open_for_writing(settings, "delete", note=notes.append)
            assert isinstance(target, RemoteServer) and target.url == "http://127.0.0.1:8003/"
            assert notes == [f"{built} is served by http://127.0.0.1:8003/: writing through it"]
            with pytest.raises(StoreUnavailable) as bulk:
                open_for_writing(settings, "load")  # never through a server
            assert "Stop the server to load" in str(bulk.value)
            assert "the policygraph server at http://127.0.0.1:8003/" in str(bulk.value)
    finally:
        holder.close()


def test_a_read_that_loses_a_file_to_compaction_is_tried_again(built, seed_store):
    seed_quads = len(seed_store)
    settings = Settings(store_path=str(built))
    calls: list[int] = []
    notes: list[str] = []

    def flaky(store) -> int:
        calls.append(store.data_version)
        if len(calls) == 1:
            raise RuntimeError(VANISHED)
        return len(store)

    assert read_store(settings, flaky, note=notes.append) == seed_quads
    assert len(calls) == 2 and len(notes) == 1
    assert notes[0] == f"reading {built} (data version {calls[0]}, {seed_quads} quads)"

    def always(store) -> int:
        raise RuntimeError(VANISHED)

    with pytest.raises(StoreUnavailable, match="changed under every read"):
        read_store(settings, always)

    def broken(store) -> int:
        raise RuntimeError("something else")

    with pytest.raises(RuntimeError, match="something else"):
        read_store(settings, broken)


def test_where_the_write_token_comes_from(tmp_path):
    from_file = tmp_path / "token"
    from_file.write_text("from-the-file\nignored\n")
    settings = Settings(write_token="from-the-environment")
    assert write_token(settings) == "from-the-environment"
    assert write_token(settings, str(from_file)) == "from-the-file"
    assert write_token(settings.replace(write_token_file=str(from_file))) == "from-the-file"
    assert write_token(Settings()) is None
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(InputError, match="is empty"):
        write_token(settings, str(tmp_path / "empty"))
    with pytest.raises(InputError, match="cannot read the token file"):
        write_token(settings, str(tmp_path / "missing"))


def test_a_server_url_must_be_http():
    with pytest.raises(InputError, match="must be an http:// or https:// URL"):
        RemoteServer("127.0.0.1:8000", "t")


def test_memory_says_it_is_the_seed_articles_only(runner, seed_store):
    result = runner.invoke(cli, ["query", "--memory", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0 and result.stdout.strip() == "true"
    quads = len(seed_store)
    said = f"reading the seed articles only, in memory ({quads} quads; --memory reads neither"
    assert said in result.stderr
    help_text = runner.invoke(cli, ["query", "--help"]).stdout
    assert "seed articles only" in " ".join(help_text.split())


def test_reading_a_missing_store_creates_nothing(runner, tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(cli, ["query", "--store", str(missing), "ASK { ?s ?p ?o }"])
    assert result.exit_code == 1
    assert f"Error: {missing} holds no data (there is no store there)" in result.stderr
    assert not missing.exists()


def test_quiet_leaves_results_and_errors_only(runner, built):
    result = runner.invoke(cli, ["-q", "query", "--store", str(built), "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0 and result.stdout == "true\n" and result.stderr == ""
