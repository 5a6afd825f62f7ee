"""The dependency direction server -> graph -> ontology holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_graph_never_imports_flask():
    code = (
        "import sys, graph, graph.cli, graph.query.sparql, graph.query.service, graph.store.seed, "
        "graph.validation\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'server'}]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_ontology_holds_no_python():
    assert not list((ROOT / "ontology").rglob("*.py"))


def test_os_environ_read_only_in_config():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in [*ROOT.joinpath("graph").rglob("*.py"), *ROOT.joinpath("server").rglob("*.py")]
        if "os.environ" in p.read_text(encoding="utf-8") and p.name != "config.py"
    ]
    assert offenders == []
