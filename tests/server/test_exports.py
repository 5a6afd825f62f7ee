"""/export: network and RDF downloads with their media types, file names and errors."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.config import Settings
from graph.formats import RDF_FORMATS
from graph.network.export import NETWORK_FORMATS, SEPARATOR
from graph.network.partners import partner_network
from server import create_app

from ..graph.readers import read

NETWORK = [
    ("gexf", "application/gexf+xml; charset=utf-8", "policygraph-network.gexf"),
    ("graphml", "application/graphml+xml; charset=utf-8", "policygraph-network.graphml"),
    ("cyjs", "application/json", "policygraph-network.cyjs"),
    ("cytoscape.json", "application/json", "policygraph-network.cyjs"),
    ("json", "application/json", "policygraph-network.json"),
    ("dot", "text/vnd.graphviz; charset=utf-8", "policygraph-network.dot"),
    ("zip", "application/zip", "policygraph-network.zip"),
]
RDF = [
    ("trig", "application/trig; charset=utf-8", "policygraph.trig"),
    ("nq", "application/n-quads; charset=utf-8", "policygraph.nq"),
    ("ttl", "text/turtle; charset=utf-8", "policygraph.ttl"),
    ("jsonld", "application/ld+json; charset=utf-8", "policygraph.jsonld"),
]


def _nodes_in(ext: str, body: bytes) -> int:
    """How many nodes the body holds, read the way its format is read."""
    if ext in ("gexf", "graphml"):
        root = ET.fromstring(body)
        return sum(1 for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "node")
    if ext == "zip":
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            return len(zf.read("nodes.csv").decode().splitlines()) - 1
    if ext == "dot":
        lines = body.decode().splitlines()
        return sum(1 for line in lines if line.startswith('"https:') and " -- " not in line)
    data = json.loads(body)
    return len(data["elements"]["nodes"] if "elements" in data else data["nodes"])


def _download(client, url: str, content_type: str, filename: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    return response


@pytest.mark.parametrize(("ext", "content_type", "filename"), NETWORK)
def test_network_download(client, seed_store, ext, content_type, filename):
    response = _download(client, f"/export/network.{ext}", content_type, filename)
    assert _nodes_in(ext, response.data) == len(partner_network(seed_store))


def test_parameters_reach_the_export_and_the_file_name(client, seed_store):
    response = client.get("/export/network.json?as_of=2025-01-01&people=true")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=policygraph-network-people-2025-01-01.json"
    )
    g = partner_network(seed_store, as_of="2025-01-01", people=True)
    data = response.get_json()
    assert (len(data["nodes"]), len(data["links"])) == (len(g), g.number_of_edges())


@pytest.mark.parametrize(("ext", "content_type", "filename"), RDF)
def test_rdf_download(client, seed_store, ext, content_type, filename):
    response = _download(client, f"/export/rdf.{ext}", content_type, filename)
    fmt = next(f for f in RDF_FORMATS if f.extension == ext)
    parsed = list(ox.parse(response.data, format=fmt.native))
    if fmt.dataset:
        assert len(parsed) == len(seed_store)
        assert {q.graph_name.value for q in parsed} == set(seed_store.named_graphs())
    else:
        assert 0 < len(parsed) <= len(seed_store)


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/export/network.xlsx", [f.name for f in NETWORK_FORMATS]),
        ("/export/network", ["/export/network.gexf", "/export/rdf.trig"]),
        ("/export/nodes.csv", ["/export/network.zip"]),
        ("/export/rdf.n3", [".trig", ".nq", ".ttl", ".jsonld"]),
    ],
)
def test_an_unknown_format_is_404_naming_the_known_ones(client, url, names):
    response = client.get(url)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    for name in names:
        assert name in text


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("as_of=2025", "as_of"), ("as_of=June", "as_of"), ("people=maybe", "people")],
)
def test_a_bad_parameter_is_400_naming_it(client, query, parameter):
    response = client.get(f"/export/network.gexf?{query}")
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith(parameter)


def test_the_index_lists_every_format_with_a_working_url(client):
    index = client.get("/export/").get_json()
    assert len(index["network"]) == len(NETWORK_FORMATS)
    assert len(index["rdf"]) == len(RDF_FORMATS)
    for entry in index["network"] + index["rdf"]:
        response = client.get(entry["url"])
        assert response.status_code == 200, entry
        assert response.mimetype == entry["media_type"]


def test_etag_answers_304_until_the_next_write(empty_store):
    client = create_app(Settings(memory=True), store=empty_store).test_client()
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> { <urn:a> a pg:Company . } }"""
    )
    first = client.get("/export/network.gexf")
    etag = first.headers["ETag"]
    assert client.get("/export/network.gexf", headers={"If-None-Match": etag}).status_code == 304
    other = client.get("/export/network.graphml", headers={"If-None-Match": etag})
    assert other.status_code == 200
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        INSERT DATA { GRAPH <urn:g> { <urn:b> a pg:Company . } }"""
    )
    again = client.get("/export/network.gexf", headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert again.headers["ETag"] != etag
    assert _nodes_in("gexf", again.data) == 2


def test_the_readme_export_examples_answer(client):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{SEPARATOR}`" in readme  # the separator the README documents is the one used
    urls = re.findall(r"curl [^\n]*'http://127\.0\.0\.1:8000(/export/[^']+)'", readme)
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")


def test_the_typed_graph_over_http(client):
    response = client.get("/export/network.graphml?typed=true")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=policygraph-typed.graphml"
    )
    assert b'edgedefault="directed"' in response.data
    refused = client.get("/export/network.graphml?typed=true&as_of=2025-01-01")
    assert refused.status_code == 400


def test_the_openapi_document_names_exactly_the_served_formats(client):
    from server.api import openapi_document

    paths = openapi_document()["paths"]
    documented = {
        kind: paths[f"/export/{kind}.{{ext}}"]["get"]["parameters"][0]["schema"]["enum"]
        for kind in ("network", "rdf")
    }
    assert set(documented["network"]) >= {f.extension for f in NETWORK_FORMATS}
    assert set(documented["rdf"]) == {f.extension for f in RDF_FORMATS}
    for kind, extensions in documented.items():
        for ext in extensions:
            assert client.get(f"/export/{kind}.{ext}").status_code == 200, ext


# --- lang: the labels shown, from ?lang= or Accept-Language ------------------------------

KAKAO = "https://policygraph.example/id/org/kakao"


@pytest.mark.parametrize("fmt", NETWORK_FORMATS, ids=lambda f: f.extension)
@pytest.mark.parametrize(
    ("query", "headers", "shown", "suffix"),
    [
        ("?lang=ko", {}, "카카오", "-ko"),
        ("?lang=en", {"Accept-Language": "ko"}, "Kakao", ""),  # the parameter wins
        ("", {"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}, "카카오", "-ko"),
        ("", {"Accept-Language": "en-GB"}, "Kakao", ""),
        ("", {}, "Kakao", ""),
    ],
)
def test_every_network_format_shows_labels_in_the_language_asked(
    client, fmt, query, headers, shown, suffix
):
    response = client.get(f"/export/network.{fmt.extension}{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=policygraph-network{suffix}.{fmt.extension}"
    )
    assert "Accept-Language" in response.headers["Vary"]
    nodes, _ = read(fmt.name, response.data)
    assert nodes[KAKAO]["label"] == shown
    assert (nodes[KAKAO]["label_ko"], nodes[KAKAO]["label_en"]) == ("카카오", "Kakao")


def test_each_language_has_its_own_etag(client):
    ko = client.get("/export/network.gexf?lang=ko")
    en = client.get("/export/network.gexf?lang=en")
    assert ko.headers["ETag"] != en.headers["ETag"]
    again = client.get(
        "/export/network.gexf?lang=en", headers={"If-None-Match": ko.headers["ETag"]}
    )
    assert again.status_code == 200
    same = client.get("/export/network.gexf?lang=ko", headers={"If-None-Match": ko.headers["ETag"]})
    assert same.status_code == 304 and "Accept-Language" in same.headers["Vary"]


@pytest.mark.parametrize("bad", ["fr", "KO", "korean", ""])
def test_an_unknown_language_is_400_naming_lang(client, bad):
    response = client.get(f"/export/network.dot?lang={bad}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    if bad:
        assert text.startswith("lang") and "en, ko" in text and repr(bad) in text
    else:  # an empty parameter is refused like every other one (server/params.py)
        assert "parameter lang is empty" in text


def test_an_unknown_accept_language_falls_back_to_english(client):
    response = client.get("/export/network.json", headers={"Accept-Language": "fr, de;q=0.5"})
    assert response.status_code == 200
    nodes, _ = read("node-link", response.data)
    assert nodes[KAKAO]["label"] == "Kakao"
