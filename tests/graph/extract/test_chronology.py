"""A plan's chronology: when projects opened or will open, when plans were announced, when
studies are to be done — read from the text, the interpretations of damaged dates asked in
review notes (articles written for these tests)."""

from __future__ import annotations

import pytest

from graph.extract import extract

#: A machine-translated city release: years written '25, or left bare ("in 20"), a month and
#: year that reads like a day ("in March 19"), a year that lost a digit ("in 8.").
RELEASE = """Daegu announces the Suseong AI valley plan

□ The Daegu Metropolitan Government announced the 'Suseong AI Valley Plan', which adds a \
second campus to the district.
□ After unveiling the 'Daegu Data Strategy' in March 19, the city widened its data \
programmes and looked at the valley again in 8.
□ The 'Suseong Data Center' will be built in '25, after the opening of 'Suseong AI Hub' in 20.
○ The 'Suseong AI Campus' will be opened in '28 on the former bus depot site.
□ The Daegu Policy Institute is to carry out the related study in 26.
○ Its findings go to the city council in the spring.
"""

KO_PLAN = """부산시, 'AI 데이터 허브 육성 전략' 발표
등록 2025-04-09 10:00
강하늘 기자

부산시는 4월 8일 시청에서 'AI 데이터 허브 육성 전략'을 발표하고 지역 기업 지원을 늘리겠다고 밝혔다.
해당 연구용역은 2026년 부산연구원이 수행할 예정이며, 결과는 같은 해 말에 공개된다.
충청남도는 2024년 3월 서해안 수소 배관망 활용 방안을 연구하기 시작했다고 덧붙였다.
"""


@pytest.fixture(scope="module")
def release():
    return extract(RELEASE, lang="en").sheet


@pytest.fixture(scope="module")
def ko_plan():
    return extract(KO_PLAN).sheet


def _by_name(sheet, section):
    return {e["name"]["en"]: e for e in sheet.get(section, [])}


def _notes(sheet, kind):
    return [n for n in sheet["review"] if n["kind"] == kind]


def test_each_project_of_a_sentence_takes_the_dates_that_follow_it(release):
    projects = _by_name(release, "projects")
    hub, centre = projects["Suseong AI Hub"], projects["Suseong Data Center"]
    assert (hub.get("opened"), hub["status"]) == ("2020", "operating")
    assert "opening" not in hub and "completion" not in hub
    assert centre.get("completion") == "2025" and "opened" not in centre
    assert centre["status"] == "planned"


def test_a_project_that_will_be_opened_has_not_opened(release):
    campus = _by_name(release, "projects")["Suseong AI Campus"]
    assert (campus.get("opening"), campus["status"]) == ("2028", "planned")
    assert "opened" not in campus


def test_a_plan_announced_is_an_initiative_with_its_leader_and_date(release):
    plans = _by_name(release, "initiatives")
    assert set(plans) == {"Suseong AI Valley Plan", "Daegu Data Strategy"}
    assert all(p["led_by"] == "daegu-metropolitan-government" for p in plans.values())
    assert "announced" not in plans["Suseong AI Valley Plan"]  # no date, none inferred
    assert plans["Daegu Data Strategy"]["announced"] == "2019-03"


def test_interpreted_dates_are_asked_and_lower_the_confidence(release):
    notes = {n["text"]: n for n in _notes(release, "date-reading")}
    assert set(notes) == {"March 19", "20", "26"}
    assert (notes["March 19"]["item"], notes["March 19"]["field"]) == (
        "initiatives[1]", "announced"
    )  # fmt: skip
    assert notes["20"]["field"] == "opened"
    hub = _by_name(release, "projects")["Suseong AI Hub"]
    assert max(e["confidence"] for e in hub["evidence"]) <= 0.6
    centre = _by_name(release, "projects")["Suseong Data Center"]
    assert 0.6 < centre["evidence"][0]["confidence"] <= 0.85  # '25: a two-digit year, no note


def test_a_year_that_lost_a_digit_is_flagged_never_read(release):
    (note,) = _notes(release, "garbled-date")
    assert RELEASE[note["start"] : note["end"]] == "8"
    dates = [
        v for e in release["projects"] + release["initiatives"] for k, v in e.items()
        if k in ("opened", "opening", "completion", "announced", "planned_year")
    ]  # fmt: skip
    assert "2008" not in dates and not any(str(d).startswith("2008") for d in dates)


def test_a_study_to_be_done_is_a_study_project_with_its_year(release):
    (study,) = [p for p in release["projects"] if p.get("study")]
    assert (study["planned_year"], study["developers"]) == ("2026", "daegu-policy-institute")
    assert "facility" not in study
    (note,) = _notes(release, "study-name")
    assert note["text"] == "related study"
    assert study["name"]["en"] == "Suseong AI Campus study"  # after the sentence before
    assert {"name.ko", "name.en"} <= set(study["suggested"])
    institute = _by_name(release, "stakeholders")["Daegu Policy Institute"]
    assert institute["type"] == "research-body"


def test_a_service_is_a_study_only_when_a_research_body_does_it():
    text = (
        "Jeju Special Self-Governing Province said the airport shuttle service will be "
        "implemented by Jeju Bus Co., Ltd. in 2026 on two routes."
    )
    sheet = extract(text, lang="en").sheet
    assert not any(p.get("study") for p in sheet.get("projects", []))


def test_korean_plan_study_and_study_begun(ko_plan):
    (plan,) = ko_plan["initiatives"]
    assert plan["name"]["ko"] == "AI 데이터 허브 육성 전략"
    assert (plan["led_by"], plan["announced"]) == ("busan-metropolitan-city", "2025-04-08")
    assert not any(p["name"]["ko"].startswith("AI 데이터 허브") and not p.get("study")
                   for p in ko_plan.get("projects", []))  # fmt: skip
    (study,) = ko_plan["projects"]
    assert study["name"]["ko"] == "AI 데이터 허브 육성 전략 연구용역"
    assert (study["study"], study["planned_year"]) == (True, "2026")
    assert study["developers"] == "busan-research-institute"
    (begun,) = ko_plan["events"]
    assert (begun["start"], begun["participants"]) == ("2024-03", ["south-chungcheong-province"])


def test_a_date_no_item_takes_is_reported():
    text = (
        "Incheon Metropolitan City held a briefing on the cluster on May 2, 2025, and the "
        "council debated it at length afterwards."
    )
    sheet = extract(text, lang="en").sheet
    (note,) = _notes(sheet, "unattached-date")
    assert note["text"] == "May 2, 2025"


def test_a_date_put_first_in_its_clause_belongs_to_the_project_after_it():
    text = (
        "After the opening of 'Gimhae AI Hub' in '21, the city will build the 'Gimhae Data "
        "Center' by '24, and in '27 the 'Gimhae AI Campus' opens near the station."
    )
    projects = _by_name(extract(text, lang="en").sheet, "projects")
    assert projects["Gimhae AI Hub"]["opened"] == "2021"
    assert projects["Gimhae Data Center"]["completion"] == "2024"
    assert "opening" not in projects["Gimhae Data Center"]
    assert projects["Gimhae AI Campus"]["opening"] == "2027"


def test_a_plan_named_before_announced_is_an_initiative():
    text = (
        "The district plan builds on the 'Ulsan Hydrogen City Vision' announced in June 2019, "
        "which first named the port as a test site."
    )
    (plan,) = extract(text, lang="en").sheet["initiatives"]
    assert (plan["name"]["en"], plan["announced"]) == ("Ulsan Hydrogen City Vision", "2019-06")


def test_a_korean_facility_opened_in_a_month_is_operating():
    text = "앞서 경상북도는 2022년 11월 구미에 '경북 AI 창업허브'를 개관했다고 도 관계자가 밝혔다."
    (hub,) = extract(text).sheet["projects"]
    assert (hub["opened"], hub["status"]) == ("2022-11", "operating")


def test_each_clause_of_a_sentence_gives_its_own_study():
    text = (
        "강원특별자치도는 데이터센터 냉각 기술을 지원하겠다고 8월 25일 밝혔다.\n"
        "도는 2025년 3월 바닷물을 서버 냉각에 쓰는 방안을 검토하는 연구에 착수했으며, "
        "후속 연구용역은 2026년 강원연구원이 수행할 예정이다."
    )
    sheet = extract(text).sheet
    names = {s["id"]: s["name"]["ko"] for s in sheet.get("stakeholders", [])}
    (begun,) = sheet["events"]
    assert begun["start"] == "2025-03"
    assert [names[p] for p in begun["participants"]] == ["강원특별자치도"]  # "도는": the province
    (study,) = sheet["projects"]
    assert (study["planned_year"], names[study["developers"]]) == ("2026", "강원연구원")


def test_a_plan_with_a_target_year_in_its_name_is_announced_on_the_day_given():
    text = (
        'Gumi City on October 2, 2025 unveiled the "Gumi Smart Factory Roadmap 2030", which '
        'builds on the "Gumi Digital Strategy" it first announced in May 2022.'
    )
    plans = _by_name(extract(text, lang="en").sheet, "initiatives")
    assert plans["Gumi Smart Factory Roadmap 2030"]["announced"] == "2025-10-02"
    assert plans["Gumi Digital Strategy"]["announced"] == "2022-05"


def test_a_study_named_by_what_it_is_about_needs_no_referent():
    text = (
        "Sejong City said a feasibility study for a second civic data hub will be carried out "
        "by the Sejong Policy Institute in 2026."
    )
    sheet = extract(text, lang="en").sheet
    (study,) = sheet["projects"]
    assert study["name"]["en"] == "feasibility study for a second civic data hub"
    assert study["planned_year"] == "2026" and study["study"] is True
    assert not _notes(sheet, "study-name")


def test_the_city_that_signs_is_the_city_the_article_is_about():
    text = (
        "Changwon City said on Monday it would expand its robot test bed.\n"
        "The same day, the city signed a memorandum of understanding with Orbis Motion, "
        "a robotics start-up, to test delivery robots in the test bed."
    )
    sheet = extract(text, lang="en").sheet
    (agreement,) = sheet["agreements"]
    names = {s["id"]: s["name"]["en"] for s in sheet["stakeholders"]}
    assert sorted(names[p] for p in agreement["parties"]) == ["Changwon City", "Orbis Motion"]
    (note,) = _notes(sheet, "party-from-context")
    assert note["text"] == "city"
