"""``policygraph serve`` listens only on loopback unless told ``--public`` (issue 14, item 8).

The refusals are checked through the CLI (and once through a real process); the accepted cases
replace waitress.serve with a recorder, so that no test ever listens on a public address.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server.cli import cli, is_loopback

PUBLIC_HOSTS = ["0.0.0.0", "::", "[::]", "", "192.0.2.10", "2001:db8::1", "10.1.2.3"]
LOOPBACK_HOSTS = ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]


@pytest.fixture
def served(monkeypatch):
    """Record what serve would hand waitress instead of listening."""
    import waitress

    calls: list[dict] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize("host", PUBLIC_HOSTS)
def test_a_public_host_is_refused_without_public(runner, served, host):
    result = runner.invoke(cli, ["serve", "--memory", "--host", host, "--port", "8131"])
    assert result.exit_code == 1, result.output
    assert "--public" in result.output and "POLICYGRAPH_PUBLIC" in result.output
    assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
    assert served == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_public_host_from_the_environment_is_refused_too(runner, served, host):
    result = runner.invoke(cli, ["serve", "--memory"], env={"POLICYGRAPH_HOST": host})
    assert result.exit_code == 1 and "POLICYGRAPH_HOST" in result.output
    assert served == []


@pytest.mark.parametrize(
    ("args", "env", "writes"),
    [
        (["--host", "0.0.0.0", "--public"], {}, "read-only"),
        (["--host", "::"], {"POLICYGRAPH_PUBLIC": "true"}, "read-only"),
        (["--host", "0.0.0.0", "--public"], {"POLICYGRAPH_WRITE_TOKEN": "t0k"}, "bearer token"),
    ],
)
def test_public_with_the_opt_in_warns_at_start_up(runner, served, args, env, writes):
    result = runner.invoke(cli, ["serve", "--memory", "--port", "8132", *args], env=env)
    assert result.exit_code == 0, result.output
    warning = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert len(warning) == 1
    assert args[1] in warning[0] and "8132" in warning[0] and writes in warning[0]
    assert served[0]["host"] == args[1]


@pytest.mark.parametrize("host", LOOPBACK_HOSTS)
def test_loopback_needs_no_opt_in_and_gives_no_warning(runner, served, host):
    result = runner.invoke(cli, ["serve", "--memory", "--host", host, "--port", "8133"])
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.output
    assert served[0]["host"] == host


def test_is_loopback():
    assert all(is_loopback(h) for h in LOOPBACK_HOSTS)
    assert not any(is_loopback(h) for h in PUBLIC_HOSTS)
    assert not is_loopback("no-such-host.invalid")


def test_a_real_serve_refuses_every_interface_and_opens_nothing(tmp_path):
    exe = Path(sys.executable).parent / "policygraph"
    store = tmp_path / "store"
    done = subprocess.run(
        [str(exe), "serve", "--store", str(store), "--host", "0.0.0.0", "--port", "8134"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: host 0.0.0.0") and "--public" in done.stderr
    assert not store.exists()  # refused before the store was opened
