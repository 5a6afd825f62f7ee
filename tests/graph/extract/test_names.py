"""Suggested names in the other language (korean-romanizer and the customary surnames)."""

from __future__ import annotations

import pytest

from graph.extract.names import government_en, name_en, person_en, place_en


@pytest.mark.parametrize(
    ("ko", "en"),
    [("김동연", "Kim Dong-yeon"), ("정진욱", "Jung Jin-uk"), ("이한준", "Lee Han-jun"),
     ("남궁민수", "Namgung Min-su")],
)  # fmt: skip
def test_person_names_follow_the_revised_romanization_with_customary_surnames(ko, en):
    assert person_en(ko) == en


def test_places_and_governments():
    assert place_en("남양주") == "Namyangju"
    assert government_en("해남군") == "Haenam County"
    assert government_en("해남군의회") == "Haenam County Council"


def test_names_of_things_are_translated_word_by_word():
    assert name_en("남양주 AI 디지털 허브") == "Namyangju AI Digital Hub"
    assert name_en("누리클라우드") == "Nuri Cloud"
