"""bench/generate.py: synthetic graphs are valid, deterministic and of the size asked for."""

from __future__ import annotations

import collections
import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from bench.generate import generate
from graph.network.partners import partner_network
from graph.store.oxigraph import OxigraphStore
from graph.validation.shacl import validate

ROOT = Path(__file__).resolve().parents[2]
PARTY = "https://policygraph.example/ont#party"


@pytest.fixture(scope="module")
def nquads() -> str:
    out = io.StringIO()
    stats = generate(10_000, seed=1, out=out)
    assert stats.quads == out.getvalue().count("\n")
    return out.getvalue()


def test_passes_the_shapes_with_no_violation(nquads):
    report = validate(Dataset().parse(data=nquads, format="nquads"))
    assert report.counts()["violation"] == 0, report.to_text()


def test_same_seed_same_bytes_other_seed_other_graph(nquads):
    again, other = io.StringIO(), io.StringIO()
    generate(10_000, seed=1, out=again)
    generate(10_000, seed=2, out=other)
    assert again.getvalue() == nquads
    assert other.getvalue() != nquads


@pytest.mark.parametrize("target", [10_000, 50_000])
def test_quad_count_within_a_few_percent_of_the_target(target):
    out = io.StringIO()
    stats = generate(target, seed=7, out=out)
    store = ox.Store()
    store.load(input=out.getvalue(), format=ox.RdfFormat.N_QUADS)
    assert len(store) == stats.quads  # no quad written twice
    assert target <= stats.quads <= target * 1.03


def test_seed_layout_registry_metadata_and_one_graph_per_article(nquads):
    store = ox.Store()
    store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    articles = {g for g in graphs if "/graph/article/" in g}
    assert graphs - articles == {
        "https://policygraph.example/graph/registry",
        "https://policygraph.example/graph/metadata",
    }
    facts = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://policygraph.example/graph/metadata> "
        "{ ?a <https://policygraph.example/ont#factGraph> ?g } }"
    )
    assert int(next(iter(facts))["n"].value) == len(articles) > 50


def test_parties_heavy_tailed():
    out = io.StringIO()
    generate(100_000, seed=1, out=out)
    degree = collections.Counter(
        line.split(" ", 3)[2] for line in out.getvalue().splitlines() if f"<{PARTY}>" in line
    )
    counts = sorted(degree.values(), reverse=True)
    assert counts[0] >= 20 * counts[len(counts) // 2]  # a few hubs, many small players


def test_partner_network_sees_the_agreements(nquads):
    store = OxigraphStore()
    store.load(nquads.encode(), "nquads")
    network = partner_network(store)
    assert network.number_of_edges() > 100


def test_cli_writes_the_file(tmp_path):
    out = tmp_path / "g.nq"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--triples", "3e3", "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.read_text(encoding="utf-8").count("\n") >= 3000
    assert "quads" in proc.stderr
