"""``serve --fronts N``: how many front processes, and where they cannot run (server/cli.py)."""

from __future__ import annotations

import pytest

from server.cli import cli


@pytest.fixture
def served(monkeypatch):
    """Record what serve would hand waitress instead of listening."""
    import waitress

    calls: list[dict] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize(
    ("args", "env", "said"),
    [
        (["--fronts", "-1"], {}, "must be 0 or more"),
        ([], {"POLICYGRAPH_FRONTS": "two"}, "setting fronts must be a whole number, not 'two'"),
        ([], {"POLICYGRAPH_FRONTS": "-2"}, "must be 0 or more"),
        (["--fronts", "2", "--front-server", "nginx"], {}, "'nginx' is not one of"),
        (
            ["--fronts", "2"],
            {"POLICYGRAPH_FRONT_SERVER": "nginx"},
            "'nginx' is not a front server: waitress or granian",
        ),
    ],
)
def test_a_bad_front_count_is_refused_before_anything_starts(runner, served, args, env, said):
    result = runner.invoke(cli, ["serve", "--memory", "--port", "8134", *args], env=env)
    assert result.exit_code in (1, 2), result.output
    assert said in result.output and served == []


def test_an_in_memory_store_is_served_by_one_process_and_says_so(runner, served):
    result = runner.invoke(cli, ["serve", "--memory", "--port", "8135", "--fronts", "2"])
    assert result.exit_code == 0, result.output
    assert "--fronts needs an on-disk store" in result.output
    assert served and served[0]["port"] == 8135  # waitress on the port itself, no fronts


def test_one_process_by_default_on_an_on_disk_store(runner, served, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYGRAPH_FRONTS", raising=False)
    store = str(tmp_path / "store")
    result = runner.invoke(cli, ["serve", "--store", store, "--port", "8136"])
    assert result.exit_code == 0, result.output
    assert served[0]["port"] == 8136 and "unix_socket" not in served[0]


def test_granian_fronts_without_granian_installed_are_refused_in_one_line(
    runner, served, tmp_path, monkeypatch
):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "granian" else real(name, *a)
    )
    store = str(tmp_path / "store")
    args = ["--store", store, "--port", "8137", "--fronts", "2", "--front-server", "granian"]
    result = runner.invoke(cli, ["serve", *args])
    assert result.exit_code == 1, result.output
    assert "pip install granian" in result.output and served == []
