"""The registry as gazetteer: names and variants found in sentences, new organisations by
the endings of their names."""

from __future__ import annotations

from graph.extract.gazetteer import Gazetteer, contained, new_organisations
from graph.extract.text import read_document


def _scan(gazetteer, text, lang):
    sentence = read_document(text, lang=lang).sentences[0]
    return sentence, gazetteer.scan(sentence)


def test_registry_names_and_variants_are_found(seeded):
    gazetteer = Gazetteer.from_store(seeded)
    _, found = _scan(gazetteer, "정신아 ㈜카카오 대표와 이한준 LH 사장이 서명했다.", "ko")
    by_text = {m.span.text: m.entry.iri for m in found}
    assert by_text["㈜카카오"].endswith("/org/kakao")
    assert by_text["LH"].endswith("/org/lh")
    assert by_text["정신아"].endswith("/person/chung-shin-a")


def test_english_variants_with_company_forms(seeded):
    gazetteer = Gazetteer.from_store(seeded)
    _, found = _scan(gazetteer, "Kakao Corp. and LH Corp. signed it.", "en")
    assert [(m.span.text, m.entry.iri.rsplit("/", 1)[-1]) for m in found] == [
        ("Kakao Corp.", "kakao"),
        ("LH Corp.", "lh"),
    ]


def test_a_latin_name_ends_at_a_word_boundary(seeded):
    gazetteer = Gazetteer.from_store(seeded)
    _, found = _scan(gazetteer, "The LHC and KTX lines were discussed.", "en")
    assert found == []


def test_public_bodies_are_known_without_a_registry():
    _, found = _scan(Gazetteer.empty(), "과학기술정보통신부는 예산을 편성했다.", "ko")
    (mention,) = found
    assert (mention.entry.iri, mention.entry.en) == (None, "Ministry of Science and ICT")


def test_new_organisations_by_their_endings():
    sentence, found = _scan(
        Gazetteer.empty(), "해남군과 한빛데이터㈜는 해남군청에서 협약을 맺었다.", "ko"
    )
    new = new_organisations(sentence, "ko", found)
    assert [(m.span.text, m.type) for m in new] == [
        ("해남군", "government"),
        ("한빛데이터㈜", "company"),
        ("해남군", "government"),
    ]


def test_a_district_name_is_not_a_government():
    sentence, found = _scan(Gazetteer.empty(), "왕숙지구에 허브를 짓는다.", "ko")
    assert new_organisations(sentence, "ko", found) == []


def test_english_organisations_in_one_run_are_split():
    text = "North Chungcheong Province and Cheongju City signed it with Daon Chips Co., Ltd. today."
    sentence, found = _scan(Gazetteer.empty(), text, "en")
    names = [m.span.text for m in found + new_organisations(sentence, "en", found)]
    assert sorted(names) == ["Cheongju City", "Daon Chips Co., Ltd.", "North Chungcheong Province"]


def test_fuzzy_matching_finds_a_near_spelling(seeded):
    gazetteer = Gazetteer.from_store(seeded)
    found = gazetteer.fuzzy("Korea Land and Housng Corporation", "org")
    assert found is not None and found[0].iri.endswith("/org/lh")
    assert gazetteer.fuzzy("Korea Water Resources Corporation", "org") is None


def _new(text, lang="en"):
    sentence, found = _scan(Gazetteer.empty(), text, lang)
    return [(m.span.text, m.type, m.level) for m in new_organisations(sentence, lang, found)]


def test_a_name_beside_a_known_one_in_a_run_is_found():
    text = "Busan Metropolitan City and Korea Land and Housing Corporation signed it on Friday."
    assert _new(text) == [("Korea Land and Housing Corporation", "company", None)]


def test_an_assembly_committee_is_a_legislative_committee():
    text = "The National Assembly's Special Committee on Budget and Accounts met on November 7."
    assert _new(text) == [
        ("Special Committee on Budget and Accounts", "government", "legislative-committee")
    ]


def test_companies_named_as_examples_are_companies():
    text = (
        "Research centres of large companies such as Hanbit Soft, Mirae Labs and DK Chem sit here."
    )
    assert [n for n, t, _ in _new(text) if t == "company"] == [
        "Hanbit Soft",
        "Mirae Labs",
        "DK Chem",
    ]
    assert _new("The hub hosts companies including AI-related software makers.") == []
    korean = "판교에는 한빛소프트·미래랩·DK켐 등 대기업 연구소가 모여 있어 협력이 쉽다."
    assert [n for n, t, _ in _new(korean, "ko")] == ["한빛소프트", "미래랩", "DK켐"]


def test_the_other_side_of_an_agreement_is_an_organisation():
    text = "The city completed a land exchange with the Hanul Farmers Union last week."
    assert _new(text) == [("Hanul Farmers Union", "company", None)]
    korean = "강원도는 지난달 Nuvia와 데이터센터 냉각 기술 실증을 위한 업무협약을 맺었다."
    assert _new(korean, "ko") == [("Nuvia", "company", None)]
    assert _new("정부는 지역과 함께 협약 내용을 점검했다.", "ko") == []


def test_a_gu_district_is_its_government_except_in_an_address():
    assert _new("The application was filed by Mapo-gu with the ministry.") == [
        ("Mapo-gu", "government", "district")
    ]
    assert _new("The centre opens at 12 Worldcup-ro, Mapo-gu, next spring.") == []


def test_a_latin_company_name_of_two_words_in_korean_text():
    korean = "충청북도는 이날 Blue Harbor Energy와 수소 저장 실증을 위한 업무협약을 맺었다."
    assert _new(korean, "ko") == [("Blue Harbor Energy", "company", None)]


def test_a_longer_name_made_of_a_known_one_is_another_organisation():
    for text, name, kind in [
        ("전북연구원이 새 용역을 맡았다고 밝혔다.", "전북연구원", "research-body"),
        ("경기도의회는 예산안을 의결했다고 밝혔다.", "경기도의회", "government"),
    ]:
        sentence, found = _scan(Gazetteer.empty(), text, "ko")
        new = new_organisations(sentence, "ko", found)
        assert [(m.span.text, m.type) for m in new] == [(name, kind)]
        assert [m.span.text for m in contained(found, new)] == [found[0].span.text]


def test_common_nouns_with_a_company_ending_are_no_companies():
    text = "도는 재생에너지로 움직이는 단지에 한라케미칼 연구소를 유치했다고 밝혔다."
    assert [n for n, _, _ in _new(text, "ko")] == ["한라케미칼"]
    quoted = "전라북도는 '새만금 AI 그린데이터 전략'을 공개했다고 밝혔다."
    assert _new(quoted, "ko") == []
