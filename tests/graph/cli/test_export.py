"""``policygraph export``: network and RDF files, standard output, CSV into a directory, errors."""

from __future__ import annotations

import io
import json
import zipfile

import pyoxigraph as ox
import pytest

from graph.formats import RDF_FORMATS
from graph.network.export import NETWORK_FORMATS, export_network
from graph.network.partners import partner_network
from server.cli import cli
from tests.graph.readers import read


def test_help(runner):
    result = runner.invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "--format" in result.output and "--as-of" in result.output


def test_gexf_to_a_file(runner, tmp_path, seed_store):
    out = tmp_path / "net.gexf"
    result = runner.invoke(cli, ["export", "--memory", "--format", "gexf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    assert out.read_bytes().startswith(b"<?xml")
    assert b'label="Kakao"' in out.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_node_link_to_stdout_with_as_of_and_people(runner, seed_store):
    args = ["export", "--memory", "--format", "node-link", "--as-of", "2025-01-01", "--people"]
    result = runner.invoke(cli, [*args, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout_bytes)
    g = partner_network(seed_store, as_of="2025-01-01", people=True)
    assert (len(data["nodes"]), len(data["links"])) == (len(g), g.number_of_edges())


def test_csv_as_a_zip_file_or_into_a_directory(runner, tmp_path, seed_store):
    zipped = tmp_path / "net.zip"
    assert (
        runner.invoke(cli, ["export", "--memory", "--format", "csv", "-o", str(zipped)]).exit_code
        == 0
    )
    assert zipped.read_bytes() == export_network(seed_store, "csv")
    folder = tmp_path / "csv"
    folder.mkdir()
    result = runner.invoke(cli, ["export", "--memory", "--format", "csv", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(zipped) as zf:
        for name in ("nodes.csv", "edges.csv"):
            assert (folder / name).read_bytes() == zf.read(name)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_rdf_dump_keeps_the_graphs(runner, seed_store, fmt):
    result = runner.invoke(cli, ["export", "--memory", "--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    native = next(f.native for f in RDF_FORMATS if f.name == fmt)
    quads = list(ox.parse(result.stdout_bytes, format=native))
    assert len(quads) == len(seed_store)
    assert {q.graph_name.value for q in quads} == set(seed_store.named_graphs())


def test_an_unknown_format_lists_the_choices(runner):
    result = runner.invoke(cli, ["export", "--memory", "--format", "xlsx", "-o", "-"])
    assert result.exit_code == 2
    for fmt in [*NETWORK_FORMATS, *RDF_FORMATS]:
        assert f"'{fmt.name}'" in result.output


@pytest.mark.parametrize(
    ("alias", "name"),
    [("cyjs", "cytoscape"), ("ZIP", "csv"), ("gv", "dot"), ("ttl", "turtle"), ("nq", "nquads")],
)
def test_the_extensions_the_http_route_takes_are_formats_too(runner, seed_store, alias, name):
    by_alias = runner.invoke(cli, ["export", "--memory", "--format", alias, "-o", "-"])
    by_name = runner.invoke(cli, ["export", "--memory", "--format", name, "-o", "-"])
    assert by_alias.exit_code == 0, by_alias.output
    assert by_alias.stdout_bytes == by_name.stdout_bytes
    assert by_alias.stdout_bytes


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "gexf", "--as-of", "2025"], 1, "as_of must be a date"),
        (["--format", "trig", "--people"], 2, "network formats only"),
        (["--format", "trig", "--lang", "ko"], 2, "network formats only"),
        (["--format", "dot", "--lang", "fr"], 2, "'fr' is not one of 'en', 'ko'"),
        (["--format", "dot", "-o", "/nonexistent-dir/x.dot"], 1, "cannot write /nonexistent-dir"),
    ],
)
def test_errors_are_one_clear_line(runner, args, code, message):
    result = runner.invoke(
        cli, ["export", "--memory", *args, *([] if "-o" in args else ["-o", "-"])]
    )
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_zip_is_the_same_bytes_every_time(seed_store):
    first = export_network(seed_store, "csv")
    assert export_network(seed_store, "csv") == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.testzip() is None


def test_typed_graph(runner, seed_store):
    from graph.network.typed import typed_network

    result = runner.invoke(
        cli, ["export", "--memory", "--format", "node-link", "--typed", "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout_bytes)
    assert data["directed"] is True and len(data["nodes"]) == len(typed_network(seed_store))


def test_an_empty_store_is_an_error_not_an_empty_file(runner, tmp_path):
    out = tmp_path / "net.gexf"
    args = ["export", "--store", str(tmp_path / "store"), "--format", "gexf", "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert "holds no data" in result.output and "policygraph build" in result.output
    assert not out.exists()


@pytest.mark.parametrize("fmt", [f.name for f in NETWORK_FORMATS])
@pytest.mark.parametrize(("lang", "shown"), [("ko", "카카오"), ("KO", "카카오"), ("en", "Kakao")])
def test_lang_chooses_the_labels_shown(runner, seed_store, fmt, lang, shown):
    result = runner.invoke(cli, ["export", "--memory", "--format", fmt, "--lang", lang, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == export_network(seed_store, fmt, lang=lang.lower())
    nodes, _ = read(fmt, result.stdout_bytes)
    kakao = nodes["https://policygraph.example/id/org/kakao"]
    assert (kakao["label"], kakao["label_ko"], kakao["label_en"]) == (shown, "카카오", "Kakao")
