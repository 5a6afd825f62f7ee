"""The registry as gazetteer: names and variants found in sentences, new organisations by
the endings of their names."""

from __future__ import annotations

from graph.extract.gazetteer import Gazetteer, new_organisations
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
