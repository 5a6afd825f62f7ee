"""``policygraph extract``: a draft from an article file; one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from graph.cli import cli

ARTICLES = Path(__file__).resolve().parent / "data" / "extract"


def test_extract_writes_a_yaml_draft(runner, tmp_path):
    out = tmp_path / "draft.yaml"
    result = runner.invoke(
        cli, ["extract", "--memory", str(ARTICLES / "ko_haenam_mou.txt"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["article"]["source_file"] == "ko_haenam_mou.txt"
    assert len(draft["agreements"][0]["parties"]) == 3
    assert "review note(s)" in result.stderr


def test_extract_to_json_on_standard_output(runner):
    result = runner.invoke(
        cli, ["extract", "--memory", "--format", "json", str(ARTICLES / "en_osong_designation.txt")]
    )
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["designations"][0]["status"] == "designated"


def test_extract_without_a_store_uses_the_seed_registry(runner, tmp_path):
    result = runner.invoke(
        cli, ["extract", "--store", str(tmp_path / "none"), str(ARTICLES / "en_busan_mou.txt")]
    )
    assert result.exit_code == 0, result.output
    assert "org/kakao" in yaml.safe_load(result.stdout)["agreements"][0]["parties"]
    assert not (tmp_path / "none").exists()


def test_extract_refuses_empty_and_non_utf8_files(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--memory", str(empty)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: the article text is empty"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    result = runner.invoke(cli, ["extract", "--memory", str(binary)])
    assert result.exit_code == 1
    assert "is not UTF-8 text" in result.output
