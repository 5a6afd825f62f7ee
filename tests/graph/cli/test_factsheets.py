"""policygraph ingest / validate with fact sheets (.yaml, .yml, .factsheet.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.cli import cli
from graph.factsheet.sheet import load_factsheet
from graph.store.oxigraph import OxigraphStore

DATA = Path(__file__).resolve().parents[2] / "data"
SEED_SHEET = DATA / "factsheets" / "001.yaml"
BAD_AMOUNT = DATA / "factsheets-invalid" / "amount-no-currency.yaml"
BAD_JSON = DATA / "factsheets-invalid" / "bad-json.factsheet.json"
DOC = Path(__file__).resolve().parents[3] / "docs" / "factsheets.md"


@pytest.fixture
def store_dir(runner, tmp_path) -> str:
    path = str(tmp_path / "store")
    assert runner.invoke(cli, ["build", "--store", path]).exit_code == 0
    return path


def _size(path: str) -> int:
    store = OxigraphStore(path)
    try:
        return len(store)
    finally:
        store.close()


@pytest.fixture
def example(tmp_path) -> tuple[Path, Path]:
    """The documented example as a .yml file and as a .factsheet.json file."""
    text = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)[1]
    yml = tmp_path / "004.yml"
    yml.write_text(text, encoding="utf-8")
    data = load_factsheet(yml).data
    data["article"]["id"] = "example-json"
    as_json = tmp_path / "005.factsheet.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return yml, as_json


def test_ingest_fact_sheets_goes_on_past_bad_ones(runner, store_dir, example):
    yml, as_json = example
    before = _size(store_dir)
    files = [str(SEED_SHEET), str(BAD_AMOUNT), str(yml), str(BAD_JSON), str(as_json)]
    result = runner.invoke(cli, ["ingest", "--store", store_dir, *files])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"{SEED_SHEET}: unchanged article 9ae9a84f0b3031d7: +0 -0 quads" in out
    assert f"{BAD_AMOUNT}: rejected: agreements[0].amount (line 13): cannot read an amount" in out
    assert re.search(rf"{yml}: created article [0-9a-f]{{16}}: \+111 -0 quads, 2 new", out)
    assert f"{BAD_JSON}: rejected: not JSON: Expecting property name" in out
    # The JSON copy names the same new stakeholders, which the YAML one has just added.
    assert f"{as_json}: created article example-json: +" in out and "0 new stakeholder" in out
    assert "2 of 5 file(s) rejected" in result.stderr
    assert _size(store_dir) > before


def test_validate_a_fact_sheet_is_a_dry_run(runner, store_dir, example):
    yml, _ = example
    before = _size(store_dir)
    result = runner.invoke(cli, ["validate", "--store", store_dir, "--format", "json", str(yml)])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert outcome["ok"] and outcome["summary"]["dry_run"]
    assert len(outcome["summary"]["new_stakeholders"]) == 2  # and a region, not a stakeholder
    assert _size(store_dir) == before


# --- the article's id comes from the article, whatever the route -------------------------------

TOKEN = "factsheet-route-token"
SHEET = """article:
  title: {ko: "카카오·광주, AI 데이터센터 협약", en: Kakao and Gwangju sign a data centre MOU}
  issued: 2026-03-02
  language: ko
  publisher: 예시일보
stakeholders:
  - {name: {ko: 카카오, en: Kakao}, type: company}
  - name: {ko: 광주광역시, en: Gwangju Metropolitan City}
    type: government
    level: metropolitan-city
agreements:
  - name: {ko: 광주 AI 데이터센터 협약, en: Gwangju AI data centre MOU}
    parties: [카카오, 광주광역시]
    signed: 2026-03-02
"""


def _http(store_dir: str):
    """A test client of the app over the on-disk store (the CLI's store, opened by the app)."""
    from graph.config import Settings
    from server import create_app

    store = OxigraphStore(store_dir)
    app = create_app(Settings(memory=True), store=store, write_token=TOKEN)
    app.config["TESTING"] = True
    return store, app.test_client()


def _post(client, body: bytes, filename: str | None = None):
    headers = {"Content-Type": "application/yaml", "Authorization": f"Bearer {TOKEN}"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return client.post("/api/articles", data=body, headers=headers)


def _source_file(store_dir: str, article_id: str) -> str:
    store = OxigraphStore(store_dir)
    try:
        rows = list(
            store.query(
                "SELECT ?f WHERE { <https://policygraph.example/id/article/"
                f"{article_id}> <https://policygraph.example/ont#sourceFile> ?f }}"
            )
        )
    finally:
        store.close()
    return rows[0]["f"].value


def test_every_route_gives_the_same_article_id_and_replaces(runner, store_dir, tmp_path):
    first = tmp_path / "gwangju.yaml"
    first.write_text(SHEET, encoding="utf-8")
    added = runner.invoke(cli, ["ingest", "--store", store_dir, str(first)])
    assert added.exit_code == 0, added.output
    article_id = re.search(r"created article ([0-9a-f]{16}):", added.stdout)[1]
    assert _source_file(store_dir, article_id) == "gwangju.yaml"

    # Over HTTP: the same id; 200 with replaced, not 201 and a copy.
    store, client = _http(store_dir)
    try:
        version = store.data_version
        same = _post(client, SHEET.encode("utf-8"), filename="gwangju.yaml")
        assert same.status_code == 200, same.get_json()
        body = same.get_json()
        assert (body["article_id"], body["created"], body["replaced"]) == (article_id, False, True)
        assert body["previous_data_version"] == version and body["triples_added"] == 0
        # Only the base name of a sent file name is kept.
        sent = _post(client, SHEET.encode("utf-8"), filename="../../elsewhere/gwangju.yaml")
        assert sent.status_code == 200 and sent.get_json()["triples_added"] == 0
        # Without a file name, the sheet's default source_file is made from its id.
        nameless = _post(client, SHEET.encode("utf-8")).get_json()
        assert (nameless["article_id"], nameless["replaced"]) == (article_id, True)
        assert (nameless["triples_added"], nameless["triples_removed"]) == (1, 1)
    finally:
        store.close()
    assert _source_file(store_dir, article_id) == f"{article_id}.factsheet.yaml"

    # A renamed copy, with white space and case changed in the title: replaced, same id.
    renamed = tmp_path / "copy of the sheet.yml"
    renamed.write_text(
        SHEET.replace("en: Kakao and Gwangju", "en: KAKAO  and Gwangju").replace(
            '"카카오·광주, AI', '"카카오·광주,   AI'
        ),
        encoding="utf-8",
    )
    again = runner.invoke(cli, ["ingest", "--store", store_dir, str(renamed)])
    assert again.exit_code == 0, again.output
    assert f"{renamed}: replaced article {article_id}: +" in again.stdout

    # The same facts as JSON, with the date spelt another way.
    data = load_factsheet(first).data
    data["article"]["issued"] = "2026년 3월 2일"
    as_json = tmp_path / "gwangju.factsheet.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from_json = runner.invoke(cli, ["ingest", "--store", store_dir, str(as_json)])
    assert from_json.exit_code == 0, from_json.output
    assert f"replaced article {article_id}" in from_json.stdout
    # One article, not four.
    titles = runner.invoke(
        cli,
        [
            "query",
            "--store",
            store_dir,
            "--format",
            "tsv",
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a <http://purl.org/dc/terms/publisher> "
            '"예시일보" }',
        ],
    )
    assert titles.stdout.split() == ["?n", "1"]


def test_the_url_identifies_the_article(runner, store_dir, tmp_path):
    def sheet(url: str, title: str) -> Path:
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.yaml"
        text = SHEET.replace("  publisher: 예시일보\n", f"  publisher: 예시일보\n  url: {url}\n")
        path.write_text(text.replace("Kakao and Gwangju sign", title), encoding="utf-8")
        return path

    first = sheet("https://news.example/articles/42", "Kakao and Gwangju sign")
    result = runner.invoke(cli, ["ingest", "--store", store_dir, str(first)])
    assert result.exit_code == 0, result.output
    article_id = re.search(r"created article ([0-9a-f]{16}):", result.stdout)[1]
    # A corrected headline at the same address (with a tracking parameter, www., http, a
    # trailing slash) is the same article; another address is another article.
    same_url = "http://www.news.example/articles/42/?utm_source=feed#top"
    same = sheet(same_url, "Kakao with Gwangju sign")
    other = sheet("https://news.example/articles/43", "Kakao and Gwangju sign")
    result = runner.invoke(cli, ["ingest", "--store", store_dir, str(same), str(other)])
    assert result.exit_code == 0, result.output
    assert f"{same}: replaced article {article_id}" in result.stdout
    assert re.search(rf"{other}: created article (?!{article_id})[0-9a-f]{{16}}", result.stdout)
    store = OxigraphStore(store_dir)
    try:
        url = "<https://schema.org/url>"
        ask = f"ASK {{ <https://policygraph.example/id/article/{article_id}> {url} ?u }}"
        assert bool(store.query(ask))
    finally:
        store.close()


def test_another_publisher_or_an_explicit_id_is_another_article(tmp_path):
    from graph.factsheet.sheet import convert_factsheet

    base = convert_factsheet(SHEET).article_id
    assert convert_factsheet(SHEET, name="renamed.yaml").article_id == base
    assert convert_factsheet(SHEET.replace("예시일보", "다른일보")).article_id != base
    next_day = SHEET.replace("2026-03-02\n  language", "2026-03-03\n  language")
    assert convert_factsheet(next_day).article_id != base
    explicit = SHEET.replace("article:\n", "article:\n  id: my-article\n")
    assert convert_factsheet(explicit).article_id == "my-article"


def test_a_url_that_is_not_a_web_address_is_refused(runner, store_dir, tmp_path):
    path = tmp_path / "bad-url.yaml"
    path.write_text(SHEET.replace("  publisher: 예시일보\n", "  url: ftp://x/1\n"), "utf-8")
    result = runner.invoke(cli, ["ingest", "--store", store_dir, str(path)])
    assert result.exit_code == 1
    assert "article.url (line 5): 'ftp://x/1' is not a web address" in result.stdout
