"""The query worker pool: answers, errors with their context, data versions, time limits."""

from __future__ import annotations

import os
import signal
import time

import pytest

from graph.errors import InputError, LimitExceeded, QueryTimeout, StoreUnavailable
from graph.query.execution import QueryRequest, evaluate
from graph.query.workers import QueryPool
from graph.store.oxigraph import OxigraphStore

COUNT = QueryRequest("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", formats={"solutions": "tsv"})
SLOW = QueryRequest(
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }",
    formats={"solutions": "tsv"},
)


N = 200  # triples; the five-way product has 200^5 = 3.2e11 rows


def _count(pool) -> int:
    body = pool.run(COUNT, 10).body.decode()
    return int(body.splitlines()[1].split("^^")[0].strip('"'))


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    st = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    numbers = " , ".join(str(i) for i in range(N))
    st.update(f"INSERT DATA {{ GRAPH <urn:g> {{ <urn:a> <urn:p> {numbers} }} }}")
    yield st
    st.close()


def test_workers_follow_the_data_version(store):
    with QueryPool(store, size=2) as pool:
        assert _count(pool) == N
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> 9 } }")
        assert [_count(pool) for _ in range(4)] == [N + 1] * 4  # every worker reloaded


def test_errors_come_back_with_their_context(store):
    with QueryPool(store, size=1) as pool:
        with pytest.raises(InputError, match="syntax error"):
            pool.run(QueryRequest("SELECT * {", formats={"solutions": "tsv"}), 10)
        rows = QueryRequest("SELECT * { ?s ?p ?o }", formats={"solutions": "tsv"}, max_rows=3)
        with pytest.raises(LimitExceeded) as raised:
            pool.run(rows, 10)
        assert raised.value.context == {"limit": "max_result_rows", "value": 3}
        assert _count(pool) == N  # the same worker goes on serving


def test_timeout_replaces_the_worker(store):
    with QueryPool(store, size=1) as pool:
        _count(pool)
        (old,) = pool.pids()
        with pytest.raises(QueryTimeout) as raised:
            pool.run(SLOW, 0.5)
        assert raised.value.context["limit"] == "query_timeout"
        assert pool.timeouts == 1
        (new,) = pool.pids()
        assert new != old
        assert _count(pool) == N


def test_a_query_the_engine_cannot_evaluate_is_an_input_error(store):
    unknown = QueryRequest(
        "SELECT (<urn:no-such-function>(1) AS ?x) {}", formats={"solutions": "tsv"}
    )
    with QueryPool(store, size=1) as pool:
        with pytest.raises(InputError, match="cannot be evaluated"):
            pool.run(unknown, 10)


def test_waiting_for_a_busy_pool_counts_against_the_limit(store):
    import threading

    with QueryPool(store, size=1) as pool:
        _count(pool)
        slow = threading.Thread(target=lambda: pytest.raises(QueryTimeout, pool.run, SLOW, 1.5))
        slow.start()
        try:
            with pytest.raises(QueryTimeout, match="busy"):
                pool.run(COUNT, 0.3)
        finally:
            slow.join()
        assert _count(pool) == N


def _nice_values(pid: int) -> set[int]:
    """The nice value of every thread of process ``pid`` (field 19 of /proc/<pid>/task/*/stat)."""
    import os

    values = set()
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/stat") as stat:
            values.add(int(stat.read().rsplit(")", 1)[1].split()[16]))
    return values


def test_a_long_query_lowers_the_priority_of_every_thread_of_its_worker(store):
    import threading

    with QueryPool(store, size=1, renice_after=0.05) as pool:
        _count(pool)  # the worker's engine threads exist now
        (pid,) = pool.pids()
        slow = threading.Thread(target=lambda: pytest.raises(QueryTimeout, pool.run, SLOW, 3))
        slow.start()
        try:
            seen: set[int] = set()
            for _ in range(200):  # until the pool reniced the worker (or the query ended)
                seen = _nice_values(pid)
                if seen == {19}:
                    break
                time.sleep(0.01)
            assert seen == {19}  # every thread, the engine's included
        finally:
            slow.join()


def test_after_a_long_query_every_worker_has_its_priority_back(store):
    long_query = QueryRequest(
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . VALUES ?k { 1 2 3 4 5 6 7 8 9 10 } }",
        formats={"solutions": "tsv"},
    )
    with QueryPool(store, size=2, renice_after=0.01) as pool:
        body = pool.run(long_query, 60).body.decode()
        assert int(body.splitlines()[1].split("^^")[0].strip('"')) == N * N * 10
        # restored in place (where the OS allows) or replaced by a fresh worker (in the
        # background): either way the pool is whole again, every worker at normal priority
        for _ in range(3000):
            if len(pool.pids()) == 2:
                break
            time.sleep(0.01)
        pids = pool.pids()
        assert len(pids) == 2
        assert all(_nice_values(pid) == {0} for pid in pids)
        assert _count(pool) == N


def test_an_answer_bigger_than_a_pipe_comes_back_whole_and_a_dead_worker_is_replaced(tmp_path):
    """Answers are framed over pipes: one of megabytes is read whole; a worker killed while idle
    is reported and replaced, and the next query is answered."""
    st = OxigraphStore(tmp_path / "store")
    rows = "\n".join(f'<urn:s{i}> <urn:p> "{"x" * 200}{i}" .' for i in range(20_000))
    st.load(rows, "ntriples")
    query = QueryRequest("SELECT ?s ?o { ?s ?p ?o }", formats={"solutions": "json"})
    try:
        with QueryPool(st, size=1) as pool:
            answer = pool.run(query, 30)
            assert len(answer.body) > 4 << 20 and answer.rows == 20_000
            assert answer.body == evaluate(st, query).body
            (pid,) = pool.pids()
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
            with pytest.raises(StoreUnavailable):
                pool.run(COUNT, 10)
            assert _count(pool) == 20_000 and pool.pids() != [pid]
    finally:
        st.close()


def test_workers_run_this_checkouts_code_whatever_the_working_directory(tmp_path, monkeypatch):
    """A directory holding another ``graph`` package (another checkout) is not what a worker
    imports: ``python -c`` puts the working directory first on its path."""
    decoy = tmp_path / "graph" / "query"
    decoy.mkdir(parents=True)
    (tmp_path / "graph" / "__init__.py").write_text("raise SystemExit(3)\n")
    (decoy / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    st = OxigraphStore()
    st.load("<urn:a> <urn:p> 1 .", "turtle")
    try:
        with QueryPool(st, size=1) as pool:
            assert _count(pool) == 1
    finally:
        st.close()
