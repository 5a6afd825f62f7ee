"""The dependency direction server -> graph -> ontology holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]


def test_graph_never_imports_flask():
    """Every module of graph/, imported in a fresh interpreter, brings in no HTTP layer."""
    code = (
        "import importlib, pkgutil, sys, graph\n"
        "names = [m.name for m in pkgutil.walk_packages(graph.__path__, 'graph.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "assert len(names) > 60, names\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'server'}]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


#: Cycles left on purpose, each with why. graph/extract/ is changed on its own branch at the
#: time of the regrouping: text.py imports the analyser lazily, inside a function, and the
#: analyser imports text.py's Token; that branch breaks it (Token in a module of its own).
KNOWN_CYCLES = [["graph.extract.analyser", "graph.extract.text"]]


def test_no_import_cycle_in_graph():
    """The import graph of graph/ (every import, also inside functions) has no cycle."""
    graph = grimp.build_graph("graph")
    imports = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported == "graph" or imported.startswith("graph.")
    )
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert [c for c in cycles if c not in KNOWN_CYCLES] == []


def test_the_layers_of_graph_hold():
    """.importlinter's contracts (the layers of graph/, no HTTP in graph/) are kept."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ontology_holds_no_python():
    assert not list((ROOT / "ontology").rglob("*.py"))


def test_os_environ_read_only_in_config():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in [*ROOT.joinpath("graph").rglob("*.py"), *ROOT.joinpath("server").rglob("*.py")]
        if "os.environ" in p.read_text(encoding="utf-8") and p.name != "config.py"
    ]
    assert offenders == []


def test_rdflib_sparql_parsed_only_under_the_parser_lock():
    """rdflib's SPARQL parser is not thread-safe on its first parses: every parse goes through
    graph/query/rdfparse.py, which holds one lock (its docstring says what went wrong)."""
    names = ("parseQuery", "parseUpdate", "prepareQuery", "prepareUpdate", "sparql import parser")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in [*ROOT.joinpath("graph").rglob("*.py"), *ROOT.joinpath("server").rglob("*.py")]
        if p.name != "rdfparse.py" and any(n in p.read_text(encoding="utf-8") for n in names)
    ]
    assert offenders == []
