"""The hostile corpus (tests/hostile.py) through ``policygraph ingest FILE...`` and
``policygraph validate FILE...`` on an on-disk store.

Each command runs once over every file of the corpus (both go on past a rejected file): exit
status 1, one ``rejected:`` line per file naming the problem (no traceback, no internal detail),
the store unchanged, the tripwires untouched."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store.oxigraph import OxigraphStore
from tests.checked import assert_plain, state, tripwires
from tests.hostile import EXTENSIONS, SETTINGS, article_cases

CASES = article_cases()
ENV = {f"POLICYGRAPH_{name.upper()}": str(value) for name, value in SETTINGS.items()}


def _state(path: str):
    store = OxigraphStore(path)
    try:
        return state(store)
    finally:
        store.close()


@pytest.fixture(scope="module", params=["ingest", "validate"])
def run(request, tmp_path_factory):
    """The command run over every file of the corpus: (outcome, lines by file, states)."""
    root = tmp_path_factory.mktemp(request.param)
    store = str(root / "store")
    assert CliRunner().invoke(cli, ["build", "--store", store]).exit_code == 0
    before = _state(store)
    with tripwires(root) as wires:
        files = {}
        for i, case in enumerate(CASES):
            path = root / f"case-{i:03d}{EXTENSIONS[case.fmt]}"
            path.write_bytes(case.body_for(wires.url, wires.file_url))
            files[case.id] = path
        result = CliRunner().invoke(
            cli, [request.param, "--store", store, *map(str, files.values())], env=ENV
        )
        wires.assert_untouched()
    lines: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        name, _, rest = line.partition(": ")
        lines.setdefault(name, []).append(rest)
    return (
        result,
        {case: lines.get(str(path), []) for case, path in files.items()},
        (
            before,
            _state(store),
        ),
    )


def test_the_command_fails_cleanly_and_changes_nothing(run):
    result, _, (before, after) = run
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert f"{len(CASES)} of {len(CASES)} file(s) rejected" in result.stderr or (
        "rejected" in result.stdout
    )
    assert after == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_file_is_rejected_naming_the_problem(run, case):
    _, lines, _ = run
    assert len(lines[case.id]) == 1, lines[case.id]
    line = lines[case.id][0]
    assert line.startswith("rejected: "), line
    message = line.removeprefix("rejected: ")
    assert_plain(message)
    for word in case.words:
        assert word in message, (word, message)
