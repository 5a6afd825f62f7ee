"""The walls behind the request checks: even a request the checks never saw cannot reach the
network through Oxigraph or rdflib, nor read a file, and deep recursion does not crash."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest
import rdflib

from graph.errors import InputError
from graph.query.outbound import allowing
from graph.query.sandbox import NETWORK_FILTER, run_native
from tests.hostile_sparql import traps


@pytest.fixture
def trap(tmp_path):
    with traps(tmp_path) as found:
        yield found


def test_this_machine_has_the_network_filter():
    # policygraph's CI and the supported platforms are Linux on x86-64 or ARM64
    assert NETWORK_FILTER


def test_the_trap_sees_oxigraph_when_it_runs_unguarded(trap):
    """Sanity: Oxigraph's own HTTP client does connect from an ordinary thread."""
    with pytest.raises(Exception):  # noqa: B017 (the listener closes without an answer)
        ox.Store().update(f"LOAD <{trap.url}/x.ttl>")
    assert trap.connections


@pytest.mark.parametrize(
    "sparql",
    [
        "LOAD <{u}/x.ttl>",
        "LOAD SILENT <{u}/x.ttl> INTO GRAPH <urn:g>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }}",
    ],
)
def test_oxigraph_updates_in_the_engine_threads_reach_nothing(trap, sparql):
    store = ox.Store()

    def run():
        try:
            store.update(sparql.format(u=trap.url))
        except (OSError, RuntimeError) as exc:
            return exc

    run_native(run)
    assert trap.untouched() and len(store) == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * {{ SERVICE SILENT <{u}/sparql> {{ ?s ?p ?o }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE <{u}/> {{ ?s ?p ?o }} }} }}",
    ],
)
def test_oxigraph_queries_in_the_engine_threads_reach_nothing(trap, query):
    def run():
        try:
            result = ox.Store().query(query.format(u=trap.url))
            return list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
        except (OSError, RuntimeError) as exc:
            return exc

    run_native(run)
    assert trap.untouched()


def test_a_thread_allowed_the_network_reaches_it(trap):
    def run():
        try:
            ox.Store().update(f"LOAD <{trap.url}/x.ttl>")
        except (OSError, RuntimeError, SyntaxError):
            pass

    run_native(run, network=True)
    assert trap.connections


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * {{ SERVICE <{u}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * {{ BIND(<{u}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{u}/x.ttl> FROM NAMED <{f}> {{ ?s ?p ?o }}",
    ],
)
def test_rdflib_queries_anywhere_in_the_process_reach_nothing(trap, sparql):
    """rdflib's own query engine (not the endpoint's path) is guarded where it connects."""
    try:
        list(rdflib.Dataset().query(sparql.format(u=trap.url, f=trap.file_iri)))
    except InputError as exc:
        assert "service_allow" in str(exc)
    assert trap.untouched()


@pytest.mark.parametrize(
    "update",
    ["LOAD <{u}/x.ttl>", "LOAD <{f}> INTO GRAPH <urn:g>", "LOAD SILENT <{u}/x.ttl>"],
)
def test_rdflib_updates_anywhere_in_the_process_reach_nothing(trap, update):
    graph = rdflib.Dataset()
    try:
        graph.update(update.format(u=trap.url, f=trap.file_iri))
    except InputError as exc:
        assert "LOAD (fetching a document)" in str(exc) and "not allowed" in str(exc)
    else:
        assert "SILENT" in update  # rdflib skips a failed SILENT operation
    assert trap.untouched() and len(graph) == 0


def test_rdflib_reaches_only_what_the_caller_allowed(trap):
    with allowing([f"{trap.url}/other"]), pytest.raises(InputError, match="not in the setting"):
        rdflib.Dataset().update(f"LOAD <{trap.url}/x.ttl>")
    assert trap.untouched()


DEEP = "ASK { BIND(true AS ?o) FILTER(" + "&&".join(["?o"] * 12_000) + ") }"


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300
    )


def test_deep_recursion_crashes_a_normal_stack_but_not_the_engine_threads():
    """Sanity and proof: 12,000 chained && overflow an 8 MiB stack (the process dies), and
    evaluate in the engine's threads."""
    plain = _run(f"import pyoxigraph as ox; ox.Store().query({DEEP!r})")
    assert plain.returncode < 0, plain  # killed by a signal (SIGSEGV)
    deep = _run(
        f"""
        import pyoxigraph as ox
        from graph.query.sandbox import run_native
        print(run_native(lambda: bool(ox.Store().query({DEEP!r}))))
        """
    )
    assert deep.returncode == 0 and deep.stdout.strip() == "True", deep.stderr
