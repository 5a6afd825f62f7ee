"""Progress and quiet: long CLI work says how far it is, and how far it got when it fails; a
normal run has no log lines on stderr."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.generate import generate
from graph.cli.progress import Progress

ROOT = Path(__file__).resolve().parents[3]
POLICYGRAPH = Path(sys.executable).parent / "policygraph"
AMOUNT_VALUE = "https://schema.org/value"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_plain_lines_when_it_starts_every_interval_and_when_it_ends():
    out, clock = io.StringIO(), Clock()
    with Progress("loading", 300_000, unit="quads", stream=out, interval=10, clock=clock) as p:
        clock.now += 4
        p.advance(100_000)  # 4 s since the last line: none
        clock.now += 7
        p.advance(20_000, item="b.nq")  # 11 s: a line
        clock.now += 1
        p.advance(180_000)
    assert lines(out) == [
        "loading: 0 of 300,000 quads",
        "loading: 120,000 of 300,000 quads (b.nq)",
        "loading: done, 300,000 quads in 12.0 s",
    ]


def test_a_failure_says_how_far_it_got():
    out, clock = io.StringIO(), Clock()
    with pytest.raises(ValueError):
        with Progress("loading", 3, unit="files", stream=out, interval=0, clock=clock) as p:
            p.advance()
            clock.now += 2.5
            raise ValueError("file 2 is broken")
    assert lines(out)[-1] == "loading: stopped at 1 of 3 files after 2.5 s"
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        with Progress("checking 948 quads", stream=out, interval=0, clock=clock):
            clock.now += 45
            raise KeyboardInterrupt
    assert lines(out) == [
        "checking 948 quads: started",
        "checking 948 quads: stopped after 45.0 s (interrupted)",
    ]


def test_work_of_unknown_length_gets_a_line_every_interval():
    out, seen = io.StringIO(), threading.Event()

    class Watched(io.StringIO):
        def write(self, text: str) -> int:
            if "so far" in text:
                seen.set()
            return out.write(text)

    with Progress("checking", stream=Watched(), interval=0.05):
        assert seen.wait(30), "no line while the work went on"
    assert lines(out)[0] == "checking: started"
    assert any(line.startswith("checking: ") and line.endswith(" s so far") for line in lines(out))
    assert lines(out)[-1].startswith("checking: done in ")


def test_a_terminal_gets_a_bar_and_quiet_gets_nothing():
    tty = Terminal()
    with Progress("ingesting", 4, unit="files", stream=tty) as p:
        p.advance(2, item="a.trig")
    assert "ingesting" in tty.getvalue() and "#" in tty.getvalue() and "2/4" in tty.getvalue()
    quiet = Terminal()
    with Progress("ingesting", 4, unit="files", stream=quiet, enabled=False) as p:
        p.advance(4)
    assert quiet.getvalue() == ""


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYGRAPH_")}
    return subprocess.run(
        [str(POLICYGRAPH), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """10,000 quads from bench/generate.py, as a file."""
    path = tmp_path_factory.mktemp("generated") / "g10k.nq"
    with path.open("w", encoding="utf-8") as out:
        stats = generate(10_000, seed=1, out=out)
    assert stats.quads >= 10_000
    return path


def test_load_of_a_generated_graph_shows_its_progress(generated, tmp_path):
    quads = generated.read_text(encoding="utf-8").count("\n")
    result = _run("load", "--store", str(tmp_path / "store"), str(generated))
    assert result.returncode == 0, result.stderr
    err = result.stderr.splitlines()
    checking = f"checking {quads:,} quads against the SHACL shapes"
    for expected in (
        "reading: 0 of 1 file",
        f"{checking}: started",
        "loading: 0 of 1 file",
    ):
        assert expected in err, result.stderr
    for done in ("reading: done, 1 file in ", f"{checking}: done in ", "loading: done, 1 file in "):
        assert any(line.startswith(done) for line in err), result.stderr
    assert not [line for line in err if " INFO " in line], "INFO log lines in a normal run"
    assert result.stdout.startswith(f"loaded {quads} quads into ")


def test_a_load_that_fails_says_where(generated, tmp_path):
    broken = tmp_path / "broken.nq"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = _run("load", "--store", str(tmp_path / "store"), str(generated), str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr.splitlines()
    assert any(line.startswith("reading: stopped at 1 of 2 files after ") for line in err), err
    assert err[-1].startswith(f"Error: {broken}: cannot parse as nquads: ")
    assert "line 1" in err[-1] or "1:" in err[-1]
    assert not (tmp_path / "store").exists()


def test_a_load_that_does_not_conform_is_refused_after_the_check(generated, tmp_path):
    bad = tmp_path / "bad.nq"
    text = generated.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if f"<{AMOUNT_VALUE}>" in x)
    bad.write_text(text.replace(line, line.replace(' "', ' "-', 1)), encoding="utf-8")
    result = _run("load", "--store", str(tmp_path / "store"), str(bad))
    assert result.returncode == 1, result.stderr
    err = result.stderr.splitlines()
    assert any(line.endswith("against the SHACL shapes: started") for line in err)
    assert "Error: the files do not conform:" in err and "[amount-value]" in result.stderr
    assert not (tmp_path / "store").exists()


def test_verbose_brings_the_log_lines_back():
    ask = ["query", "--memory", "ASK { ?s ?p ?o }"]
    normal = _run(*ask)
    assert normal.returncode == 0 and normal.stdout == "true\n"
    assert normal.stderr.startswith("reading the seed articles only")
    assert " INFO " not in normal.stderr
    verbose = _run("-v", *ask)
    assert verbose.returncode == 0 and " INFO graph.store.seed: loaded " in verbose.stderr
    silent = _run("-q", *ask)
    assert silent.returncode == 0 and silent.stderr == "" and silent.stdout == "true\n"


def test_a_terminal_sees_work_of_unknown_length_tick_and_then_how_long_it_took():
    tty, clock = Terminal(), Clock()
    with Progress("checking 948 quads", stream=tty, clock=clock):
        clock.now += 3
    text = tty.getvalue()
    assert text.startswith("\rchecking 948 quads … 0 s so far")
    assert text.endswith("\rchecking 948 quads: done in 3.0 s\n")


def test_a_bulk_load_that_fails_halfway_says_what_the_store_holds(generated, tmp_path):
    broken = tmp_path / "broken.nq"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    store = tmp_path / "store"
    result = _run("load", "--no-validate", "--store", str(store), str(generated), str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr.splitlines()
    assert any(line.startswith("loading: stopped at 1 of 2 files after ") for line in err), err
    assert err[-1].startswith("Error: cannot parse broken.nq as nquads: ")
    assert err[-1].endswith(
        f"; {store} holds what came before it (1 file; bulk loading is not transactional): "
        "delete the store and load again"
    )
