"""docs/notebook.md runs: its Python blocks, in order, as one script against a real server
(matplotlib without a display), print what an analyst expects and save the drawing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

DOC = Path(__file__).resolve().parents[2] / "docs" / "notebook.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_doc_has_the_whole_session():
    script = "\n".join(BLOCKS)
    for step in ("SPARQLWrapper", "pd.DataFrame", "node_link_graph", "savefig"):
        assert step in script
    assert 'ENDPOINT = "http://127.0.0.1:8000"' in script


def test_the_notebook_session_runs(launch_server, tmp_path):
    server = launch_server()
    script = "\n".join(BLOCKS).replace('"http://127.0.0.1:8000"', repr(server.base))
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error::DeprecationWarning"}
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert re.search(r"Kakao\s+카카오", out), out  # the DataFrame of companies
    assert re.search(r"Company\s+\d+", out), out  # counts by type, from CSV
    error = "400 SPARQL syntax error in the query: undefined prefix 'pg' at line 1, column 24"
    assert error in out, out
    assert re.search(r"\d+ stakeholders, \d+ partnerships", out), out
    png = tmp_path / "partners.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
