"""bench/report.py: issue 20's lines from a scale's results, whichever servers ran."""

from __future__ import annotations

from bench.report import issue20_lines


def _row(query: str, server: str, qps: float, p99: float = 1.0) -> dict:
    return {"query": query, "clients": 4, "server": server, "qps": qps, "p99_ms": p99}


def test_ratios_per_query_heavy_and_cached():
    queries = []
    for q, pg, ox in [
        ("label_exact", 100, 1000),
        ("label_contains", 10, 10),
        ("partners", 50, 100),
    ]:
        queries += [_row(q, "policygraph", pg), _row(q, "oxigraph", ox)]
        queries += [_row(q, "policygraph+cache", 2000, p99=60 if q == "partners" else 5)]
    rest = {"profile": {"available": True, "cold_ms": 3.0, "c4": {"p50_ms": 1, "p99_ms": 120}}}
    lines = issue20_lines({"queries": queries, "rest": rest})
    text = "\n".join(lines)
    assert "label_exact 0.10, label_contains 1.00, partners 0.50" in text
    assert "lowest label_exact 0.10" in text
    assert "heavy geometric mean 1.00, lowest 1.00" in text  # label_contains is the only heavy one
    assert "cached / best of oxigraph: geometric mean" in text
    assert "worst p99 partners 60.0 ms" in text
    assert "REST profile: p99 120.0 ms (<= 100)" in text


def test_only_policygraph_ran():
    queries = [_row("label_exact", "policygraph", 100)]
    rest = {"network": {"available": True, "cold_ms": 20.0, "c4": {"p50_ms": 1, "p99_ms": 9}}}
    lines = issue20_lines({"queries": queries, "rest": rest})
    assert lines == [
        "issue 20 at 4 clients:",
        "  REST network: p99 9.0 ms (<= 50), cold 20 ms (<= 1000)",
    ]
