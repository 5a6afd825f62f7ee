"""Whole articles into drafts: behaviour pinned on small cases written for these tests (the
quality targets live in bench/extract_quality.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from graph.extract import extract, strip_draft
from graph.factsheet.fields import SCHEMA_PATH
from graph.factsheet.sheet import convert_factsheet, load_factsheet
from graph.write.ingest import ingest

from .conftest import eval_articles

SIGNING = """경기도, 카카오와 남양주에 데이터센터 짓는다
  • 한지후 기자
  • 등록 2025-03-06 10:00

경기도는 3월 5일 박철수 경기도지사와 오민지 ㈜카카오 대표, \
한상우 남양주시장, 이도윤 LH 사장이 참석한 가운데 데이터센터 건립 투자협약을 체결했다고 밝혔다.

협약에 따라 카카오는 왕숙지구 내 약 3만4천㎡ 부지에 총 6천억 원을 들여 데이터센터를 구축하며, \
2026년 착공, 2029년 준공을 목표로 한다.
"""

GARBLED = """Announcement of the Hwaseong test district plan

The Hwaseong test district (3 million m275) will be designated as a special zone.
The riverside block (80 mXNUMX) will follow in XNUMX.
"""


def _parties(sheet):
    (agreement,) = sheet["agreements"]
    return sorted(p.rsplit("/", 1)[-1] for p in agreement["parties"])


@pytest.fixture(scope="module")
def signing(seeded):
    return extract(SIGNING, registry=seeded).sheet


def test_the_parties_of_a_signing_are_the_attendees_organisations(signing):
    assert _parties(signing) == ["gyeonggi-province", "kakao", "lh", "namyangju-city"]
    (agreement,) = signing["agreements"]
    assert agreement["type"] == "investment-agreement"
    assert agreement["signed"] == "2025-03-05"


def test_attendees_are_participants_and_questions_never_signatories(signing):
    (agreement,) = signing["agreements"]
    assert "signatories" not in agreement
    (event,) = signing["events"]
    assert len(event["participants"]) == 4
    notes = [n for n in signing["review"] if n["kind"] == "attendee-or-signatory"]
    assert sorted(n["text"] for n in notes) == ["박철수", "오민지", "이도윤", "한상우"]
    assert all(n["item"] == "agreements[0]" for n in notes)


def test_amount_area_and_years_of_the_project(signing):
    (project,) = signing["projects"]
    assert (project["construction_start"], project["completion"]) == ("2026", "2029")
    assert project["total_investment"] == "총 6천억 원"
    assert project["developers"] == "org/kakao"
    (site,) = signing["sites"]
    assert site["area"] == "약 3만4천㎡"
    assert project["site"] == site["id"]


def test_people_get_posts_and_suggested_romanisations(signing):
    people = {p["name"]["ko"]: p for p in signing["people"]}
    governor = people["박철수"]
    assert governor["name"]["en"] == "Park Cheol-su"
    assert "name.en" in governor["suggested"]
    (post,) = governor["posts"]
    assert post["in"] == "org/gyeonggi-province"
    assert post["role"] == {"ko": "경기도지사", "en": "Governor of Gyeonggi Province"}
    assert people["한지후"]["name"]["en"] == "Han Ji-hu"
    assert signing["article"]["author"] == "한지후"


def test_without_a_registry_the_same_parties_are_proposed_as_new():
    sheet = extract(SIGNING).sheet
    assert [s["name"]["ko"] for s in sheet["stakeholders"]][:4] == [
        "경기도", "카카오", "남양주시", "LH"
    ]  # fmt: skip
    assert len(sheet["agreements"][0]["parties"]) == 4
    kakao = next(s for s in sheet["stakeholders"] if s["name"]["ko"] == "카카오")
    assert kakao["name"]["en"] == "Kakao" and kakao["suggested"] == ["name.en"]


def test_every_span_is_the_text_at_its_offsets(signing):
    def spans(node):
        if isinstance(node, dict):
            if {"start", "end"} <= node.keys() and ("text" in node or "sentence" in node):
                yield node
            for value in node.values():
                yield from spans(value)
        elif isinstance(node, list):
            for value in node:
                yield from spans(value)

    found = list(spans(signing))
    assert len(found) > 20
    for node in found:
        assert SIGNING[node["start"] : node["end"]] == node.get("text", node.get("sentence"))


def test_garbled_figures_are_never_values():
    draft = extract(GARBLED, lang="en")
    text = json.dumps(draft.sheet, ensure_ascii=False)
    for section in ("sites", "zones"):
        assert all("area" not in e for e in draft.sheet.get(section, []))
    garbled = [n["text"] for n in draft.sheet["review"] if n["kind"] == "garbled-figure"]
    assert garbled == ["3 million m275", "80 mXNUMX", "XNUMX"]
    assert draft.sheet["article"]["translation"] is True
    assert '"area"' not in text


def _sheet(name, seeded):
    path = next(p for p in eval_articles() if p.name == name)
    return extract(path.read_text(encoding="utf-8"), registry=seeded, source_file=name).sheet


def test_a_company_near_the_site_is_no_partner(seeded):
    sheet = _sheet("ko_haenam_mou.txt", seeded)
    names = {s["id"]: s["name"]["ko"] for s in sheet["stakeholders"]}
    assert "대한케미칼" in names.values()
    (agreement,) = sheet["agreements"]
    partners = agreement["parties"] + [d for p in sheet["projects"] for d in [p.get("developers")]]
    assert all(names.get(str(p).rsplit("/", 1)[-1]) != "대한케미칼" for p in partners)


def test_an_attendee_who_did_not_sign_is_no_signatory(seeded):
    sheet = _sheet("ko_haenam_mou.txt", seeded)
    people = {p["id"]: p["name"]["ko"] for p in sheet["people"]}
    (agreement,) = sheet["agreements"]
    assert sorted(people[s] for s in agreement["signatories"]) == ["김영호", "명현수", "윤태경"]
    (event,) = sheet["events"]
    assert [people[p] for p in event["participants"]] == ["최민수"]


def test_a_proposal_is_never_an_agreement(seeded):
    sheet = _sheet("ko_ulsan_proposal.txt", seeded)
    assert "agreements" not in sheet
    assert {p["proposers"] for p in sheet["proposals"]} == {"han-seo-jin"}
    assert any(n["kind"] == "proposed-agreement" for n in sheet["review"])


def test_a_reported_result_is_no_investment(seeded):
    sheet = _sheet("ko_wonju_project.txt", seeded)
    assert [p["total_investment"] for p in sheet["projects"]] == ["총 8천억 원"]
    (note,) = [n for n in sheet["review"] if n["kind"] == "outcome-not-plan"]
    assert note["text"] == "2,300억 원"


def test_budgets_have_funder_amount_year_and_stage(seeded):
    sheet = _sheet("en_incheon_budget.txt", seeded)
    budgets = {b["amount"]: b for b in sheet["budgets"]}
    city = budgets["12 billion won"]
    assert (city["funder"], city["fiscal_year"], city["stage"]) == (
        "incheon-metropolitan-city", "2026", "approved"
    )  # fmt: skip
    ministry = budgets["3.5 billion won"]
    assert (ministry["fiscal_year"], ministry["stage"]) == ("2026", "requested")


def test_a_designation_names_its_authority_and_applicant(seeded):
    sheet = _sheet("en_osong_designation.txt", seeded)
    (designation,) = sheet["designations"]
    assert designation["authority"] == "org/ministry-of-smes-and-startups"
    assert designation["status"] == "designated"
    assert designation["date"] == "2025-11-20"


@pytest.mark.parametrize("path", eval_articles(), ids=lambda p: p.name)
def test_drafts_validate_convert_and_pass_a_dry_run(path, seeded):
    draft = extract(path.read_text(encoding="utf-8"), registry=seeded, source_file=path.name)
    for text in (draft.to_yaml(), yaml.safe_dump(strip_draft(draft.sheet), allow_unicode=True)):
        sheet = load_factsheet(text)
        conversion = convert_factsheet(sheet, registry=seeded, name=path.name)
        summary = ingest(seeded, conversion.dataset, None, dry_run=True)
        assert summary.dry_run and summary.report.conforms


def test_json_drafts_check_against_the_schema(seeded):
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for path in eval_articles():
        draft = extract(path.read_text(encoding="utf-8"), registry=seeded)
        jsonschema.validate(json.loads(draft.to_json()), schema)


def test_registry_entries_are_matched_not_duplicated(seeded):
    sheet = _sheet("en_busan_mou.txt", seeded)
    conversion = convert_factsheet(yaml.safe_dump(sheet, allow_unicode=True), registry=seeded)
    matched = set(conversion.matched.values())
    assert {"https://policygraph.example/id/org/kakao",
            "https://policygraph.example/id/org/lh"} <= matched  # fmt: skip
    assert not any(iri.endswith(("/org/kakao-2", "/org/lh-2")) for iri in conversion.new)


def test_strip_draft_leaves_a_plain_fact_sheet(signing):
    plain = strip_draft(signing)
    assert "review" not in plain and "extraction" not in plain
    text = json.dumps(plain, ensure_ascii=False)
    assert '"evidence"' not in text and '"suggested"' not in text


def test_nothing_is_downloaded_at_run_time(tmp_path):
    """The Korean model and every name list come from installed packages: with sockets
    refused, extraction still works (a fresh interpreter, so that nothing is preloaded)."""
    script = tmp_path / "offline.py"
    script.write_text(
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network is off in this test')\n"
        "class Refusing(socket.socket):\n"
        "    connect = connect_ex = sendto = refuse\n"
        "socket.socket = Refusing\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from graph.extract import extract\n"
        f"draft = extract({SIGNING!r})\n"
        "print(len(draft.sheet['agreements'][0]['parties']))\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"


def test_an_unnamed_consortium_is_named_after_its_purpose_and_questioned():
    text = (
        "A private consortium has shortlisted Muan and two other counties for a national AI "
        "data center, officials said on Tuesday."
    )
    sheet = extract(text, lang="en").sheet
    (consortium,) = [s for s in sheet["stakeholders"] if s["type"] == "consortium"]
    assert consortium["name"]["en"] == "Private consortium for the national AI data center"
    assert consortium["evidence"][0]["spans"][0]["text"] == "private consortium"
    (note,) = [n for n in sheet["review"] if n["kind"] == "unnamed-organisation"]
    assert note["text"] == "private consortium"
    for vague in (
        "A private consortium won the bid after a long review of the offers in the city.",
        "A consortium led by Naver won the bid for the national AI data center this year.",
    ):
        sheet = extract(vague, lang="en").sheet
        assert not any(s["type"] == "consortium" for s in sheet.get("stakeholders", []))


def test_every_id_another_article_uses_gets_its_own_note(seeded):
    text = (
        "Seoul Metropolitan Government said the 'AI Support Center' will open in 2027, while "
        "the 'AI Yangjae Hub' will be rebuilt in 2028."
    )
    notes = [n["note"] for n in extract(text, registry=seeded).sheet["review"]
             if n["kind"] == "existing-id"]  # fmt: skip
    assert len(notes) == 2
    assert any("project/ai-support-center" in n for n in notes)
    assert any("project/ai-yangjae-hub" in n for n in notes)
