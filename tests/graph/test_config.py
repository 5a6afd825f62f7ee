from __future__ import annotations

import json
from dataclasses import fields

import pytest

from graph.config import Settings
from graph.errors import InputError


def test_defaults_serve_the_seed_graph_locally():
    s = Settings()
    assert (s.host, s.port, s.store, s.memory) == ("127.0.0.1", 8000, "oxigraph", False)


def test_every_setting_has_help_text():
    assert set(Settings.help()) == {f.name for f in fields(Settings)}
    assert all(len(text) > 10 for text in Settings.help().values())


def test_layers_file_then_environment(tmp_path):
    config = tmp_path / "pg.json"
    config.write_text(json.dumps({"port": 9001, "store_path": "/tmp/x"}))
    env = {"POLICYGRAPH_CONFIG": str(config), "POLICYGRAPH_PORT": "9002"}
    s = Settings.from_env(env)
    assert s.port == 9002  # environment over file
    assert s.store_path == "/tmp/x"  # file over defaults


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"POLICYGRAPH_PORT": "eighty"}, "port must be a whole number"),
        ({"POLICYGRAPH_MEMORY": "maybe"}, "memory must be true or false"),
    ],
)
def test_bad_values_are_named(env, message):
    with pytest.raises(InputError, match=message):
        Settings.from_env(env)


def test_unknown_setting_in_file_is_refused(tmp_path):
    config = tmp_path / "pg.json"
    config.write_text('{"prot": 1}')
    with pytest.raises(InputError, match="unknown setting.*prot"):
        Settings.from_file(config)
