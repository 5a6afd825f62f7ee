"""The network exports read back, one reader per format, as the tests compare them.

GEXF and GraphML by networkx's readers, Cytoscape and node-link JSON by ``json``, the CSV zip
by ``csv``; DOT by a small reader of the statements ``graph.network.dot`` writes (node and edge
lines
with ``key=value`` attributes; Graphviz itself reads the files in test_export_consumers.py).
Each gives nodes as ``{id: attributes}`` and edges as a list of attribute dicts with
``source`` and ``target``; values stay as the format holds them (DOT and CSV: strings).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

import networkx as nx

_DOT_STRING = r'"(?:[^"\\]|\\.)*"'
_DOT_NODE = re.compile(rf"^({_DOT_STRING}) \[(.*)\];$")
_DOT_EDGE = re.compile(rf"^({_DOT_STRING}) -[->] ({_DOT_STRING}) \[(.*)\];$")
_DOT_ATTR = re.compile(rf'(\w+)=({_DOT_STRING}|<.*?>|[^,\s"]+)')


_ESCSTRINGS = {"label", "tooltip"}  # Graphviz reads \n, \\ and \" in these; in others only \"


def _dot_value(text: str, key: str = "") -> str:
    if not text.startswith('"'):
        return text
    if key in _ESCSTRINGS:
        return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text[1:-1])
    return text[1:-1].replace('\\"', '"')


def _dot(data: bytes) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    for line in data.decode("utf-8").splitlines():
        if m := _DOT_EDGE.match(line):
            attrs = {k: _dot_value(v, k) for k, v in _DOT_ATTR.findall(m[3])}
            edges.append({**attrs, "source": _dot_value(m[1]), "target": _dot_value(m[2])})
        elif m := _DOT_NODE.match(line):
            nodes[_dot_value(m[1])] = {k: _dot_value(v, k) for k, v in _DOT_ATTR.findall(m[2])}
    return nodes, edges


def _networkx(g: nx.Graph) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    edges = [{**d, "source": u, "target": v} for u, v, d in g.edges(data=True)]
    return {n: dict(d) for n, d in g.nodes(data=True)}, edges


def read(fmt: str, data: bytes) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """``(nodes, edges)`` of an export in ``fmt`` (a name of
    graph.network.export.NETWORK_FORMATS)."""
    if fmt == "gexf":
        return _networkx(nx.read_gexf(io.BytesIO(data), version="1.3"))
    if fmt == "graphml":
        return _networkx(nx.read_graphml(io.BytesIO(data)))
    if fmt == "dot":
        return _dot(data)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            rows = {n: zf.read(n).decode("utf-8") for n in ("nodes.csv", "edges.csv")}
        nodes = {r["id"]: r for r in csv.DictReader(io.StringIO(rows["nodes.csv"]))}
        return nodes, list(csv.DictReader(io.StringIO(rows["edges.csv"])))
    doc = json.loads(data)
    if fmt == "cytoscape":
        nodes = {e["data"]["id"]: e["data"] for e in doc["elements"]["nodes"]}
        return nodes, [e["data"] for e in doc["elements"]["edges"]]
    return {n["id"]: n for n in doc["nodes"]}, doc["links"]
