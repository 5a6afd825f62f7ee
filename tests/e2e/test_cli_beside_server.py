"""The command line beside a real ``policygraph serve`` that holds the store's lock.

Reads (query, export, validate) open the store read-only and give the server's answers; writes
(ingest, delete) go through the server with the write token, or stop with one plain line that
names the lock, the server and the ways out (as build and load always do while it runs).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import threading
import urllib.parse
from pathlib import Path

import networkx as nx
import pytest

from .conftest import POLICYGRAPH, free_port, http

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "e2e-cli-token-5f"
VALID = ROOT / "tests" / "data" / "ingest-valid"
ARTICLE = "a1b2c3d4e5f60718"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PARTNERS = (
    "PREFIX pg: <https://policygraph.example/ont#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?a ?p WHERE { ?a a pg:Agreement ; pg:party ?p } ORDER BY ?a ?p"
)


def cli(*args: str, token: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run the installed ``policygraph`` as a user would (no terminal: plain progress lines)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("POLICYGRAPH_")}
    if token is not None:
        environ["POLICYGRAPH_WRITE_TOKEN"] = token
    environ.update(env)
    return subprocess.run(
        [str(POLICYGRAPH), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-beside") / "store"
    built = cli("build", "--store", str(path))
    assert built.returncode == 0, built.stderr
    return path


@pytest.fixture(scope="module")
def server(launch_server, store):
    return launch_server(store=store, write_token=TOKEN)


def sparql_csv(server, query: str) -> list[list[str]]:
    url = f"{server.base}/sparql?query={urllib.parse.quote(query)}"
    status, _, body = http(url, headers={"Accept": "text/csv"})
    assert status == 200, body
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


def health(server) -> dict:
    status, _, body = http(server.base + "/health")
    assert status == 200
    return json.loads(body)


def plain_error(result: subprocess.CompletedProcess) -> str:
    """The one error line of a failed command (exit status 1, no traceback)."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.rstrip().endswith(errors[0])
    return errors[0]


def test_the_runtime_file_names_the_server_and_never_the_token(server, store):
    info = json.loads((store / "server.json").read_text(encoding="utf-8"))
    assert info["url"] == server.base + "/"
    assert info["pid"] == server.process.pid
    assert TOKEN not in (store / "server.json").read_text(encoding="utf-8")


def test_query_reads_the_served_store_and_says_which_data(server, store):
    for query in (COUNT, PARTNERS):
        result = cli("query", "--store", str(store), "--format", "csv", query)
        assert result.returncode == 0, result.stderr
        assert list(csv.reader(io.StringIO(result.stdout))) == sparql_csv(server, query)
    version = health(server)["data_version"]
    assert f"reading {store} (data version {version}, " in result.stderr
    assert f"served by {server.base}/" in result.stderr


def test_export_gives_the_servers_network(server, store, tmp_path):
    out = tmp_path / "network.graphml"
    result = cli("export", "--store", str(store), "--format", "graphml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    status, _, body = http(server.base + "/export/network.graphml")
    assert status == 200
    mine, theirs = nx.read_graphml(out), nx.read_graphml(io.BytesIO(body))
    assert sorted(mine.nodes(data=True)) == sorted(theirs.nodes(data=True))
    assert sorted(mine.edges(data=True)) == sorted(theirs.edges(data=True))


def test_validate_a_file_as_the_server_would(server, store):
    doc = VALID / "kakao-mou.trig"
    result = cli("validate", "--store", str(store), "--format", "json", str(doc))
    assert result.returncode == 0, result.stderr
    mine = json.loads(result.stdout)["summary"]
    status, _, body = http(
        server.base + "/api/validate",
        method="POST",
        data=doc.read_bytes(),
        headers={"Content-Type": "application/trig", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 200, body
    theirs = json.loads(body)
    for key in ("article_id", "created", "replaced", "triples_added", "counts"):
        assert mine[key] == theirs[key], key


def test_validate_the_whole_served_store(server, store):
    result = cli("validate", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout and f"served by {server.base}/" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", str(VALID / "kakao-mou.ttl")],
        ["delete", ARTICLE],
        ["build"],
        ["build", "--force"],
        ["load", str(ROOT / "graph" / "data" / "000_86ffe20fc9bd53a8.trig")],
    ],
    ids=["ingest", "delete", "build", "build-force", "load"],
)
def test_writes_without_a_token_say_plainly_how(server, store, args):
    before = health(server)
    error = plain_error(cli(*args, "--store", str(store)))
    assert f"{store} is locked" in error
    assert f"the policygraph server at {server.base}/" in error
    assert "Stop the server" in error and "POLICYGRAPH_WRITE_TOKEN" in error
    assert health(server)["triples"] == before["triples"]
    assert (store / "oxigraph").is_dir()  # build --force deleted nothing


def test_a_second_server_on_the_store_says_which_one_holds_it(server, store):
    error = plain_error(cli("serve", "--store", str(store), "--port", str(free_port())))
    assert error == (
        f"Error: {store} is locked: the policygraph server at {server.base}/ "
        f"(pid {server.process.pid}) is serving it. Use that server, or stop it before serving "
        "the store"
    )


def test_build_if_missing_beside_the_server_does_nothing(server, store):
    result = cli("build", "--store", str(store), "--if-missing")
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout and server.base in result.stdout


def test_ingest_and_delete_go_through_the_server_with_the_token(server, store, tmp_path):
    before = health(server)
    added = cli("ingest", "--store", str(store), str(VALID / "kakao-mou.ttl"), token=TOKEN)
    assert added.returncode == 0, added.stderr
    assert f"created article {ARTICLE}: +43 -0 quads" in added.stdout
    assert f"served by {server.base}/: writing through it" in added.stderr
    after = health(server)
    assert after["triples"] == before["triples"] + 43
    # The CLI's next read sees the write, at the server's data version.
    count = cli("query", "--store", str(store), "--format", "csv", COUNT)
    assert count.stdout.split() == ["n", str(after["triples"])]
    assert f"data version {after['data_version']}," in count.stderr
    # The same article in another format, with the token from a file: unchanged, not a copy.
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    nquads = str(VALID / "kakao-mou.nq")
    again = cli("ingest", "--store", str(store), "--token-file", str(token_file), nquads)
    assert again.returncode == 0, again.stderr
    assert f"unchanged article {ARTICLE}: +0 -0 quads" in again.stdout
    deleted = cli("delete", "--store", str(store), ARTICLE, token=TOKEN)
    assert deleted.returncode == 0, deleted.stderr
    assert f"deleted article {ARTICLE}: -43 quads" in deleted.stdout
    assert health(server)["triples"] == before["triples"]


def test_server_url_and_refusals(server, store):
    url = server.base + "/"
    doc = str(VALID / "kakao-mou.jsonld")
    wrong = plain_error(cli("ingest", "--server", url, doc, token="not-the-token"))
    assert "refused the write: the bearer token is not the configured write token" in wrong
    assert not_in_log(server, "not-the-token") and not_in_log(server, TOKEN)
    for command in (["ingest", doc], ["delete", ARTICLE]):
        missing = plain_error(cli(command[0], "--server", url, command[1]))
        assert f"writing through {url} needs its write token" in missing
    ok = cli("ingest", "--server", url, doc, token=TOKEN)
    assert ok.returncode == 0 and f"created article {ARTICLE}" in ok.stdout, ok.stderr
    gone = cli("delete", "--server", url, ARTICLE, token=TOKEN)
    assert gone.returncode == 0, gone.stderr
    nowhere = plain_error(cli("delete", "--server", "http://127.0.0.1:9/", ARTICLE, token=TOKEN))
    assert "cannot reach the policygraph server at http://127.0.0.1:9/" in nowhere


def not_in_log(server, secret: str) -> bool:
    return secret not in server.log_text()


def test_reads_beside_a_server_that_is_writing(server, store):
    """Queries keep answering while the server writes (each read is a fresh read-only view)."""
    doc = (VALID / "kakao-mou.trig").read_bytes()
    headers = {"Content-Type": "application/trig", "Authorization": f"Bearer {TOKEN}"}
    stop = threading.Event()
    writes: list[int] = []

    def write() -> None:
        while not stop.is_set():
            writes.append(http(server.base + "/api/articles", method="POST", data=doc,
                               headers=headers)[0])  # fmt: skip
            writes.append(http(f"{server.base}/api/articles/{ARTICLE}", method="DELETE",
                               headers=headers)[0])  # fmt: skip

    writer = threading.Thread(target=write)
    writer.start()
    try:
        answers = [cli("query", "--store", str(store), "--format", "csv", COUNT) for _ in range(4)]
    finally:
        stop.set()
        writer.join()
    assert all(a.returncode == 0 for a in answers), [a.stderr for a in answers]
    base = health(server)["triples"]
    assert {int(a.stdout.split()[1]) for a in answers} <= {base, base + 43}
    assert writes and set(writes) <= {200, 201}


def test_a_file_the_server_rejects_reads_as_a_local_rejection(server, store, tmp_path):
    bad = ROOT / "tests" / "data" / "ingest-invalid" / "amount-negative.trig"
    local_store = tmp_path / "local"
    assert cli("build", "--store", str(local_store)).returncode == 0
    local = cli("ingest", "--store", str(local_store), str(bad))
    good = str(VALID / "kakao-mou.ttl")
    remote = cli("ingest", "--store", str(store), str(bad), good, token=TOKEN)
    assert local.returncode == remote.returncode == 1
    assert f"{bad}: rejected: " in remote.stdout
    violations = [line for line in local.stdout.splitlines() if line.startswith("    [")]
    assert violations and "[amount-value]" in violations[0]
    assert [line for line in remote.stdout.splitlines() if line.startswith("    [")] == violations
    assert f"created article {ARTICLE}" in remote.stdout  # it went on past the rejected file
    assert cli("delete", "--store", str(store), ARTICLE, token=TOKEN).returncode == 0


def test_extract_matches_against_the_served_store(server, store, tmp_path):
    # the registry is read-only beside the server: no lock error, Kakao is the served one
    article = ROOT / "tests" / "data" / "extract" / "en_busan_mou.txt"
    out = tmp_path / "draft.yaml"
    result = cli("extract", "--store", str(store), "-o", str(out), str(article))
    assert result.returncode == 0, result.stderr
    assert "LOCK" not in result.stderr
    assert f"reading {store}" in result.stderr
    assert "- id: kakao\n" in out.read_text(encoding="utf-8")  # Kakao, by its id
