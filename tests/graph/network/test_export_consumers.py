"""Every network export is opened by a program that is not networkx.

GraphML by python-igraph, DOT by Graphviz ``dot`` (Debian package ``graphviz``), Cytoscape.js
JSON by cytoscape.js under node, GEXF 1.3 by graphology-gexf under node (no package ships the
GEXF 1.3 XSD, and the tests reach no network but the package registries), CSV by the standard
csv reader. Each reader's counts and attributes are compared with the partner network's.

The tools are installed by the fixtures themselves: ``dot`` with apt-get when it is missing,
the npm packages into ``tests/.node/`` (git-ignored). A tool that cannot be installed fails the
test with the reason; it is never skipped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from graph.iris import PGID
from graph.network.export import SEPARATOR, export_network
from graph.network.metrics import METRICS, store_metrics
from graph.network.partners import partner_network
from graph.ontology import term_label

KAKAO = str(PGID["org/kakao"])
KIM = str(PGID["person/kim-dong-yeon"])
HUB = str(PGID["agreement/namyangju-ai-digital-hub-investment"])
NODE_DIR = Path(__file__).resolve().parents[2] / ".node"
JS = Path(__file__).resolve().parents[1] / "js"
#: npm packages the node readers need (major versions pinned).
NODE_PACKAGES = {"cytoscape": "3", "graphology": "0.26", "graphology-gexf": "0.13"}


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)


def _apt_install(package: str, command: str) -> str:
    """The path of ``command``, installing the Debian ``package`` first if it is missing."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and _run(["sudo", "-n", "true"]).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        pytest.fail(
            f"`{command}` is missing and cannot be installed here (not root, no password-less "
            f"sudo): install the Debian package {package} (apt-get install {package})"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*prefix, "apt-get", "install", "-y", "--no-install-recommends", package]
    result = _run(install, env=env)
    if result.returncode != 0:  # a stale package list: refresh it once and retry
        _run([*prefix, "apt-get", "update"], env=env)
        result = _run(install, env=env)
    found = shutil.which(command)
    if not found:
        pytest.fail(
            f"could not install the Debian package {package} for `{command}`:\n"
            + result.stdout[-2000:]
            + result.stderr[-2000:]
        )
    return found


@pytest.fixture(scope="session")
def dot() -> str:
    return _apt_install("graphviz", "dot")


@pytest.fixture(scope="session")
def node() -> str:
    """``node`` with the reader packages installed under tests/.node/."""
    node = _apt_install("nodejs", "node")
    missing = [p for p in NODE_PACKAGES if not (NODE_DIR / "node_modules" / p).is_dir()]
    if missing:
        npm = _apt_install("npm", "npm")
        NODE_DIR.mkdir(exist_ok=True)
        specs = [f"{p}@{NODE_PACKAGES[p]}" for p in NODE_PACKAGES]
        result = _run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR)]
            + specs
        )
        if result.returncode != 0:
            pytest.fail(f"npm install {' '.join(specs)} failed:\n{result.stderr[-3000:]}")
    return node


def _node_json(node: str, script: str, path: Path, node_id: str) -> dict:
    env = {**os.environ, "NODE_PATH": str(NODE_DIR / "node_modules")}
    result = _run([node, str(JS / script), str(path), node_id], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _write(tmp_path: Path, store, fmt: str, **kwargs) -> Path:
    path = tmp_path / f"network.{fmt}"
    path.write_bytes(export_network(store, fmt, **kwargs))
    return path


def _expected_edges(g, node_id: str) -> dict[str, dict]:
    """The partner network's edges at ``node_id`` as the flat formats write them."""
    out = {}
    for other in g[node_id]:
        data = g.edges[node_id, other]
        out[other] = {
            "weight": data["weight"],
            "kinds": SEPARATOR.join(data["kinds"]),
            "articles": SEPARATOR.join(data["articles"]),
            "relationships": SEPARATOR.join(data["relationships"]),
            "first": data["first"],
        }
    return out


def _metrics(attrs: dict) -> dict:
    """A reader's metric values as numbers and booleans, whatever type it read them as."""
    out = {}
    for key in METRICS:
        value = attrs[key]
        if isinstance(value, str):
            value = value == "true" if value in ("true", "false") else float(value)
        out[key] = value if isinstance(value, bool) else pytest.approx(float(value))
    return out


def _assert_kakaos_metrics(store, attrs: dict) -> None:
    expected = store_metrics(store)[KAKAO]
    assert _metrics(attrs) == expected
    assert expected["degree"] == 3  # the three other parties of the Namyangju agreement


def _edges_as_read(edges: list[dict], node_id: str) -> dict[str, dict]:
    """A reader's edges at ``node_id`` (with source and target) in the form of _expected_edges."""
    keys = ("kinds", "articles", "relationships", "first")
    return {
        (e["target"] if e["source"] == node_id else e["source"]): {
            "weight": int(e["weight"]),
            **{k: e[k] for k in keys},
        }
        for e in edges
    }


def test_igraph_reads_the_graphml(seed_store, tmp_path):
    import igraph

    g = partner_network(seed_store)
    ig = igraph.Graph.Read_GraphML(str(_write(tmp_path, seed_store, "graphml")))
    assert (ig.vcount(), ig.ecount(), ig.is_directed()) == (len(g), g.number_of_edges(), False)
    kakao = ig.vs.find(id=KAKAO)
    assert kakao["label_ko"] == g.nodes[KAKAO]["label_ko"] == "카카오"
    assert kakao["type"] == "Company"
    _assert_kakaos_metrics(seed_store, kakao.attributes())
    edges = [
        {"source": ig.vs[e.source]["id"], "target": ig.vs[e.target]["id"], **e.attributes()}
        for e in ig.es[ig.incident(kakao)]
    ]
    assert _edges_as_read(edges, KAKAO) == _expected_edges(g, KAKAO)


def test_graphviz_dot_renders_the_dot_to_svg(seed_store, tmp_path, dot):
    g = partner_network(seed_store)
    path = _write(tmp_path, seed_store, "dot")
    svg = _run([dot, "-Tsvg", str(path)])
    assert svg.returncode == 0, svg.stderr
    ns = {"svg": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(svg.stdout)
    nodes = root.findall(".//svg:g[@class='node']", ns)
    edges = root.findall(".//svg:g[@class='edge']", ns)
    assert (len(nodes), len(edges)) == (len(g), g.number_of_edges())
    titles = {n.find("svg:title", ns).text: n for n in nodes}
    assert set(titles) == set(g)  # the IRIs stay whole node names
    kakao_text = [t.text for t in titles[KAKAO].iter("{http://www.w3.org/2000/svg}text")]
    assert kakao_text == ["Kakao"]

    # Graphviz's own reading of every attribute, through its JSON output
    parsed = json.loads(_run([dot, "-Tjson0", str(path)]).stdout)
    objects = {o["name"]: o for o in parsed["objects"]}
    assert objects[KAKAO]["label_ko"] == "카카오"
    _assert_kakaos_metrics(seed_store, objects[KAKAO])
    by_id = {o["_gvid"]: o["name"] for o in parsed["objects"]}
    edges = [{"source": by_id[e["tail"]], "target": by_id[e["head"]], **e} for e in parsed["edges"]]
    kakaos = [e for e in edges if KAKAO in (e["source"], e["target"])]
    assert _edges_as_read(kakaos, KAKAO) == _expected_edges(g, KAKAO)


def test_cytoscape_js_loads_the_cytoscape_json(seed_store, tmp_path, node):
    g = partner_network(seed_store)
    out = _node_json(node, "read_cytoscape.js", _write(tmp_path, seed_store, "cytoscape"), KAKAO)
    assert (out["nodes"], out["edges"]) == (len(g), g.number_of_edges())
    assert out["node"]["label_ko"] == "카카오"
    assert out["node"]["label_en"] == out["node"]["name"] == "Kakao"
    _assert_kakaos_metrics(seed_store, out["node"])
    assert _edges_as_read(out["edges_of_node"], KAKAO) == _expected_edges(g, KAKAO)


def test_graphology_reads_the_gexf(seed_store, tmp_path, node):
    g = partner_network(seed_store)
    path = _write(tmp_path, seed_store, "gexf")
    root = ET.parse(path).getroot()
    assert (root.tag, root.get("version")) == ("{http://gexf.net/1.3}gexf", "1.3")
    out = _node_json(node, "read_gexf.js", path, KAKAO)
    assert (out["type"], out["nodes"], out["edges"]) == ("undirected", len(g), g.number_of_edges())
    assert out["node"]["label_ko"] == "카카오"
    assert out["node"]["label"] == "Kakao"
    _assert_kakaos_metrics(seed_store, out["node"])
    assert _edges_as_read(out["edges_of_node"], KAKAO) == _expected_edges(g, KAKAO)


def test_the_people_layer_reaches_every_reader(seed_store, tmp_path, node):
    g = partner_network(seed_store, people=True)
    out = _node_json(node, "read_gexf.js", _write(tmp_path, seed_store, "gexf", people=True), KIM)
    assert (out["nodes"], out["edges"]) == (len(g), g.number_of_edges())
    assert out["node"]["type"] == "Person"
    assert out["node"]["label_ko"] == g.nodes[KIM]["label_ko"]
    assert out["node"]["degree"] == g.degree(KIM) > 0  # metrics of the network with people


def test_csv_zip_opens_with_the_csv_reader(seed_store):
    g = partner_network(seed_store)
    with zipfile.ZipFile(io.BytesIO(export_network(seed_store, "csv"))) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(zf.read("edges.csv").decode("utf-8"))))
    assert (len(nodes), len(edges)) == (len(g), g.number_of_edges())
    kakao = next(n for n in nodes if n["id"] == KAKAO)
    assert (kakao["label_ko"], kakao["label_en"], kakao["type"]) == ("카카오", "Kakao", "Company")
    _assert_kakaos_metrics(seed_store, kakao)
    kakaos = [e for e in edges if KAKAO in (e["source"], e["target"])]
    assert _edges_as_read(kakaos, KAKAO) == _expected_edges(g, KAKAO)
    assert not any("None" in row.values() for row in nodes + edges)


def test_the_typed_graph_reaches_igraph_graphology_and_dot(seed_store, tmp_path, node, dot):
    import igraph

    from graph.network.typed import typed_network

    g = typed_network(seed_store)
    hub = str(PGID["agreement/namyangju-ai-digital-hub-investment"])
    ig = igraph.Graph.Read_GraphML(str(_write(tmp_path, seed_store, "graphml", typed=True)))
    assert (ig.vcount(), ig.ecount(), ig.is_directed()) == (len(g), g.number_of_edges(), True)
    assert ig.vs.find(id=hub)["amount"] == 600_000_000_000
    out = _node_json(node, "read_gexf.js", _write(tmp_path, seed_store, "gexf", typed=True), hub)
    assert (out["type"], out["nodes"], out["edges"]) == ("directed", len(g), g.number_of_edges())
    assert {e["target"] for e in out["edges_of_node"] if e["kinds"] == "party"} == {
        v for v in g.successors(hub) if g.edges[hub, v]["kinds"] == ["party"]
    }
    svg = _run([dot, "-Tsvg", str(_write(tmp_path, seed_store, "dot", typed=True))])
    assert svg.returncode == 0, svg.stderr
    assert svg.stdout.count('class="edge"') == g.number_of_edges()


# --- Cytoscape JSON through cy.json(), the documented way to load one ----------------------


@pytest.mark.parametrize(
    ("variant", "node_id"),
    [({}, KAKAO), ({"people": True}, KIM), ({"typed": True}, HUB), ({"lang": "ko"}, KAKAO)],
)
def test_cytoscape_js_restores_the_json_with_cy_json(seed_store, tmp_path, node, variant, node_id):
    from graph.network.typed import typed_network

    typed = variant.get("typed", False)
    g = typed_network(seed_store) if typed else partner_network(seed_store, **_people(variant))
    path = _write(tmp_path, seed_store, "cytoscape", **variant)
    out = _node_json(node, "read_cytoscape_json.js", path, node_id)
    assert out["warnings"] == []  # e.g. "cy.json() cannot handle elements without an ID"
    for restored in (out["first"], out["again"]):  # the file, then cy.json()'s own output
        assert (restored["nodes"], restored["edges"]) == (len(g), g.number_of_edges())
        attrs = restored["node"]
        assert (attrs["label_ko"], attrs["label_en"]) == (
            g.nodes[node_id]["label_ko"],
            g.nodes[node_id]["label_en"],
        )
        shown = attrs["label_ko"] if variant.get("lang") == "ko" else attrs["label_en"]
        assert attrs["name"] == attrs["label"] == shown
        assert len(restored["edges_of_node"]) == g.degree(node_id) > 0
        assert all(e["id"].startswith("e") for e in restored["edges_of_node"])
        assert restored["data"]["separator"] == SEPARATOR
        assert restored["data"]["lang"] == variant.get("lang", "en")
    if not typed:
        assert _edges_as_read(out["again"]["edges_of_node"], node_id) == _expected_edges(g, node_id)
    if variant == {}:
        _assert_kakaos_metrics(seed_store, out["again"]["node"])


def _people(variant: dict) -> dict:
    return {"people": True} if variant.get("people") else {}


# --- GEXF dynamics read by graphology ------------------------------------------------------


def test_graphology_reads_the_dynamic_gexf_with_its_dates(seed_store, tmp_path, node):
    g = partner_network(seed_store)
    path = _write(tmp_path, seed_store, "gexf")
    graph_element = ET.parse(path).getroot().find("{http://gexf.net/1.3}graph")
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    out = _node_json(node, "read_gexf.js", path, KAKAO)
    assert (out["nodes"], out["edges"]) == (len(g), g.number_of_edges())
    for edge in out["edges_of_node"]:  # the dates as written (their precision) survive
        data = g.edges[edge["source"], edge["target"]]
        assert (edge["first"], edge["last"]) == (data["first"], data["last"])


# --- DOT: a drawing a person can read ---------------------------------------------------------

ENGINES = ("dot", "neato", "sfdp")


def _layout(dot: str, engine: str, path: Path) -> dict:
    """Graphviz's own layout of the file with ``engine``: the bounding box and every node."""
    result = _run([dot, f"-K{engine}", "-Tjson0", str(path)])
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def _boxes(layout: dict) -> list[tuple[float, float, float, float]]:
    """Each node's box (x0, y0, x1, y1) in points."""
    boxes = []
    for o in layout["objects"]:
        if "pos" in o and "width" in o:
            x, y = map(float, o["pos"].split(","))
            w, h = float(o["width"]) * 72, float(o["height"]) * 72
            boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return boxes


def _overlaps(boxes, slack: float = 2.0) -> int:
    """How many pairs of node boxes overlap by more than ``slack`` points each way."""
    return sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("variant", [{}, {"typed": True}, {"people": True}, {"lang": "ko"}])
def test_the_dot_drawing_is_square_ish_compact_and_without_overlaps(
    seed_store, tmp_path, dot, engine, variant
):
    from graph.network.typed import typed_network

    g = (
        typed_network(seed_store)
        if variant.get("typed")
        else partner_network(seed_store, **_people(variant))
    )
    layout = _layout(dot, engine, _write(tmp_path, seed_store, "dot", **variant))
    boxes = _boxes(layout)
    assert len(boxes) == len(g)
    x0, y0, x1, y1 = map(float, layout["bb"].split(","))
    width, height = x1 - x0, y1 - y0
    # no strip: before, dot drew the 16 isolated nodes in one row (6,025 x 347 px, 17.9:1)
    assert max(width, height) <= 3 * min(width, height), (width, height)
    # compact: the drawing is at most 30 times the area its nodes cover (before, sfdp left
    # the typed graph 97% empty)
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes)
    assert width * height <= 30 * covered, (width, height, covered)
    # readable: no node drawn over another (before, neato overlapped labels)
    assert _overlaps(boxes) == 0


def test_the_dot_drawing_shows_types_and_korean_labels(seed_store, tmp_path, dot):
    g = partner_network(seed_store)
    path = _write(tmp_path, seed_store, "dot", lang="ko")
    svg = _run([dot, "-Tsvg", str(path)])
    assert svg.returncode == 0, svg.stderr
    root = ET.fromstring(svg.stdout)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    nodes = {n.find("svg:title", ns).text: n for n in root.findall(".//svg:g[@class='node']", ns)}
    assert [t.text for t in nodes[KAKAO].iter("{http://www.w3.org/2000/svg}text")] == ["카카오"]
    fills = {}
    for iri, element in nodes.items():
        shape = next(
            e
            for e in element.iter()
            if e.tag.rsplit("}", 1)[1] in ("ellipse", "polygon", "path")
            and e.get("fill") not in (None, "none")
        )
        fills.setdefault(g.nodes[iri]["type"], set()).add(shape.get("fill"))
    assert all(len(f) == 1 for f in fills.values())  # one colour per type...
    assert len({f for fs in fills.values() for f in fs}) == len(fills)  # ...each its own
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for kind in fills:  # the legend names every type drawn, in Korean
        assert any(t and t.startswith(term_label(kind, "ko")) for t in texts), kind
    assert "Noto Sans CJK KR" in svg.stdout  # a font with Hangul is asked for
    # thicker edges for more relationships, as Graphviz reads the pen widths
    widths = {}
    for edge in _layout(dot, "dot", path)["edges"]:
        widths.setdefault(int(edge["weight"]), set()).add(float(edge["penwidth"]))
    assert len(widths) > 1  # the seed has edges of weight 1 and 2
    ordered = [widths[w] for w in sorted(widths)]
    assert all(max(a) < min(b) for a, b in zip(ordered, ordered[1:], strict=False))


def test_any_name_stays_one_node_label_in_dot(empty_store, tmp_path, dot):
    names = ['Evil" ] ; "x" [label="hi', "<B>bold</B>", "back\\slash \\N", "two\nlines", "{a|b}"]
    triples = " ".join(
        f"<urn:n{i}> a pg:Company ; skos:prefLabel {json.dumps(n)}@en ."
        for i, n in enumerate(names)
    )
    empty_store.update(
        "PREFIX pg: <https://policygraph.example/ont#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"INSERT DATA {{ GRAPH <urn:g> {{ {triples} }} }}"
    )
    path = _write(tmp_path, empty_store, "dot")
    objects = {o["name"]: o for o in _layout(dot, "neato", path)["objects"] if "label_en" in o}
    assert {o["label_en"] for o in objects.values()} == set(names)
    assert len(objects) == len(names)
    svg = ET.fromstring(_run([dot, "-Tsvg", str(path)]).stdout)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    drawn = {
        n.find("svg:title", ns).text: [t.text for t in n.iter(f"{{{ns['svg']}}}text")]
        for n in svg.findall(".//svg:g[@class='node']", ns)
    }
    assert drawn["urn:n1"] == ["<B>bold</B>"]  # text, not an HTML-like label
    assert drawn["urn:n3"] == ["two lines"]  # re-wrapped at spaces: short enough for one line
