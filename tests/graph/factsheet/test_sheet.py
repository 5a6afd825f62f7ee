"""Fact sheets: seed articles round-trip, the schema is current, bad sheets say what is wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from rdflib import RDF, SKOS, Dataset, Literal
from rdflib.compare import isomorphic

from graph.errors import InputError, ValidationFailed
from graph.factsheet.fields import SCHEMA_PATH, SECTIONS, concepts, write_schema
from graph.factsheet.sheet import convert_factsheet, is_factsheet, load_factsheet
from graph.iris import METADATA_GRAPH, PG, PGID, REGISTRY_GRAPH, article_graph
from graph.names import RegistryIndex
from graph.store.seed import seed_files
from graph.write.ingest import ingest

DATA = Path(__file__).resolve().parents[2] / "data"
SHEETS = sorted((DATA / "factsheets").glob("*.yaml"))
INVALID = sorted((DATA / "factsheets-invalid").iterdir())
JSON_EXPECT = {
    "bad-json.factsheet.json": "not JSON: Expecting property name enclosed in double quotes at "
    "line 1, column 66",
    "json-unknown-field.factsheet.json": "article: unknown field ('headline' was unexpected)",
}


def _seed(number: str) -> Dataset:
    path = next(p for p in seed_files() if p.name.startswith(number + "_"))
    return Dataset().parse(path, format="trig")


def _graphs(ds: Dataset) -> dict[str, set]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def test_there_is_one_sheet_per_seed_article():
    assert [p.stem for p in SHEETS] == [p.name[:3] for p in seed_files()]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_seed_sheet_converts_to_the_curated_seed_graphs(sheet):
    """Each named graph (registry, metadata, article facts) is isomorphic to the seed file's."""
    conversion = convert_factsheet(sheet)
    mine, seed = _graphs(conversion.dataset), _graphs(_seed(sheet.stem))
    assert sorted(mine) == sorted(seed)
    for name, graph in seed.items():
        assert isomorphic(mine[name], graph), name
    assert conversion.matched == {}
    assert len(conversion.new) == len(set(seed[str(REGISTRY_GRAPH)].subjects(RDF.type)))


def test_seed_sheets_converted_against_the_seed_registry_add_nothing_to_it(seed_store):
    for sheet in SHEETS:
        conversion = convert_factsheet(sheet, registry=seed_store)
        assert conversion.new == []
        assert len(conversion.dataset.graph(REGISTRY_GRAPH)) == 0
        facts = _graphs(conversion.dataset)
        seed = _graphs(_seed(sheet.stem))
        for name in facts:
            assert isomorphic(facts[name], seed[name]), name


def test_the_schema_file_is_generated_from_the_field_table():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == write_schema(), (
        "regenerate: python -c 'from graph.factsheet.fields import write_schema; "
        'open("ontology/factsheet.schema.json", "w").write(write_schema())\''
    )


def test_schema_enums_are_the_vocabulary_concepts():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    entry = schema["properties"]["budgets"]["items"]["properties"]
    assert entry["stage"]["enum"] == list(concepts("budget-stage"))
    assert "allocated" in entry["stage"]["enum"]
    # review and extraction: the optional top-level fields of a draft (docs/extract.md);
    # keep_spans: keep the drafts' evidence offsets as Web Annotation provenance
    assert set(schema["properties"]) == {"article", *SECTIONS, "review", "extraction", "keep_spans"}


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_example_sheets_validate_against_the_schema(sheet):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load_factsheet(sheet).data, schema, jsonschema.Draft202012Validator)


def _expectations(path: Path) -> list[str]:
    if path.name in JSON_EXPECT:
        return [JSON_EXPECT[path.name]]
    text = path.read_bytes().decode("utf-8", errors="replace")
    return re.findall(r"^# expect: (.+)$", text, re.MULTILINE)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_broken_sheet_is_refused_with_a_message_naming_the_problem(path, seed_store):
    expected = _expectations(path)
    assert expected, f"{path.name} needs a '# expect: ...' line"
    with pytest.raises(InputError) as info:
        convert_factsheet(path, registry=seed_store)
    for text in expected:
        assert text in str(info.value)


def test_structurally_broken_sheets_fail_the_schema_too():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("unknown-field", "unknown-stakeholder-type", "name-without-language",
                 "missing-title", "negative-rate", "quantity-without-unit"):  # fmt: skip
        data = load_factsheet(DATA / "factsheets-invalid" / f"{name}.yaml").data
        assert not validator.is_valid(data), name


NEW_ARTICLE = """
article:
  title: {ko: "카카오, 광주에 AI 데이터센터", en: Kakao picks Gwangju for an AI data centre}
  issued: 2026.03.02
  language: ko
stakeholders:
  - name: {ko: ㈜카카오, en: Kakao Corp.}
    type: company
  - name: {ko: 데모 에너지, en: "Demo Energy Co., Ltd."}
    type: company
    public_enterprise: false
agreements:
  - name: {ko: 광주 AI 데이터센터 협약, en: Gwangju AI data centre agreement}
    type: memorandum-of-understanding
    parties: [카카오, 광주시, Demo Energy]
    signed: March 2, 2026
    amount: 1조 5천억원
"""


def test_a_new_article_about_kakao_links_to_the_registry_kakao(seed_store):
    conversion = convert_factsheet(NEW_ARTICLE, registry=seed_store)
    kakao, gwangju = PGID["org/kakao"], PGID["org/gwangju-metropolitan-city"]
    assert conversion.matched == {"stakeholders[0]": str(kakao)}
    assert conversion.new == [str(PGID["org/demo-energy-co-ltd"])]
    registry = conversion.dataset.graph(REGISTRY_GRAPH)
    assert set(registry.subjects()) == {PGID["org/demo-energy-co-ltd"]}
    facts = conversion.dataset.graph(article_graph(conversion.article_id))
    agreement = PGID["agreement/gwangju-ai-data-centre-agreement"]
    assert set(facts.objects(agreement, PG.party)) == {
        kakao,
        gwangju,
        PGID["org/demo-energy-co-ltd"],
    }
    assert str(facts.value(agreement, PG.signedOn)) == "2026-03-02"
    amount = facts.value(agreement, PG.amount)
    assert str(facts.value(amount, PG.statedAs)) == "1조 5천억원"
    # A dry run of ingest against the seed store: the article conforms to the shapes.
    report = ingest(seed_store, conversion.dataset, dry_run=True).report
    assert report.counts()["violation"] == 0, report.to_dict("en")


def test_a_new_stakeholder_whose_slug_is_taken_gets_a_new_iri():
    index = RegistryIndex()
    index.add(PGID["org/demo"], "Demo Holdings")
    sheet = (
        "article: {title: {en: t}}\nstakeholders:\n  - {name: {ko: 데모, en: Demo}, type: company}"
    )
    conversion = convert_factsheet(sheet, registry=index)
    assert conversion.new == [str(PGID["org/demo-2"])]


def test_json_sheet_converts_like_the_yaml_one(tmp_path):
    data = load_factsheet(SHEETS[0]).data
    path = tmp_path / "000.factsheet.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert is_factsheet(path.name)
    from_json = convert_factsheet(path).dataset
    from_yaml = convert_factsheet(SHEETS[0]).dataset
    for name, graph in _graphs(from_yaml).items():
        assert isomorphic(graph, _graphs(from_json)[name])


def test_article_id_is_derived_when_not_given():
    sheet = "article: {title: {en: A new one}, issued: 2026-01-05}"
    first = convert_factsheet(sheet, name="a.yaml")
    assert re.fullmatch(r"[0-9a-f]{16}", first.article_id)
    assert convert_factsheet(sheet, name="a.yaml").article_id == first.article_id
    meta = first.dataset.graph(METADATA_GRAPH)
    assert str(meta.value(PGID[f"article/{first.article_id}"], PG.sourceFile)) == "a.yaml"


def test_variants_without_language_are_tagged_by_script():
    sheet = (
        "article: {title: {en: t}}\nstakeholders:\n"
        "  - {name: {ko: 카카오, en: Kakao}, type: company, variants: [㈜카카오, Kakao Corp.]}"
    )
    registry = convert_factsheet(sheet).dataset.graph(REGISTRY_GRAPH)
    assert set(registry.objects(PGID["org/kakao"], SKOS.altLabel)) == {
        Literal("㈜카카오", lang="ko"),
        Literal("Kakao Corp.", lang="en"),
    }


@pytest.mark.parametrize("sheet", SHEETS[:1], ids=lambda p: p.stem)
def test_a_sheet_missing_any_one_line_converts_or_says_why(sheet):
    """Robustness: whichever line is dropped, the answer is a dataset or an InputError."""
    lines = sheet.read_text(encoding="utf-8").splitlines()
    outcomes = {"ok": 0, "refused": 0}
    for i in range(0, len(lines), 3):  # every third line keeps the suite quick
        text = "\n".join(lines[:i] + lines[i + 1 :])
        try:
            convert_factsheet(text)
            outcomes["ok"] += 1
        except InputError as exc:
            assert str(exc)
            outcomes["refused"] += 1
    assert outcomes["ok"] and outcomes["refused"]


SHACL_INVALID = sorted((DATA / "factsheets-shacl-invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", SHACL_INVALID, ids=lambda p: p.stem)
def test_a_sheet_that_reads_but_breaks_a_shape_fails_validation(path, seed_store):
    """The conversion does not judge facts: the shapes do, as for any other document."""
    rule = re.search(r"^# expect-rule: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)[1]
    conversion = convert_factsheet(path, registry=seed_store)
    with pytest.raises(ValidationFailed) as info:
        ingest(seed_store, conversion.dataset, dry_run=True)
    violations = {r.rule_id for r in info.value.report.results if r.severity == "violation"}
    assert violations == {rule}


def test_a_matched_person_keeps_the_registry_slug_for_default_post_ids(seed_store):
    sheet = """
article: {title: {en: t}}
people:
  - name: {ko: 김동연 지사, en: Governor Kim Dong-yeon}
    variants: [김동연]
    posts: [{in: 경기도, role: {ko: 경기도지사, en: Governor}}]
"""
    conversion = convert_factsheet(sheet, registry=seed_store)
    assert conversion.matched == {"people[0]": str(PGID["person/kim-dong-yeon"])}
    facts = conversion.dataset.graph(article_graph(conversion.article_id))
    post = PGID["post/gyeonggi-province-governor-kim-dong-yeon"]
    assert facts.value(post, PG.heldBy) == PGID["person/kim-dong-yeon"]
    assert facts.value(post, PG.postIn) == PGID["org/gyeonggi-province"]
