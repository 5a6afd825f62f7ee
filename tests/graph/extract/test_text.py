"""Sentences with offsets into the source, page furniture cut, language detected."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.extract.text import detect_language, read_document

from .conftest import eval_articles


@pytest.mark.parametrize("path", eval_articles(), ids=lambda p: p.name)
def test_every_sentence_is_the_source_text_at_its_offsets(path):
    text = path.read_text(encoding="utf-8")
    doc = read_document(text)
    assert doc.sentences
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert sentence.start <= token.start < token.end <= sentence.end


def test_the_page_after_the_article_is_cut():
    text = (
        "본문 첫 문장은 협약에 관한 것이다.\n\n목록 바로가기\n많이 본 뉴스\n"
        "1. 다른 기사가 26억 원을 말한다.\n"
    )
    doc = read_document(text, lang="ko")
    assert [s.text for s in doc.sentences] == ["본문 첫 문장은 협약에 관한 것이다."]
    assert doc.body_end == text.index("목록")


def test_a_lead_printed_twice_is_read_once():
    lead = "Kakao and Busan signed a memorandum of understanding on June 3, 2026 in Busan."
    doc = read_document(f"{lead}\n\n{lead}\n", lang="en")
    assert len(doc.sentences) == 1


def test_english_abbreviations_do_not_end_sentences():
    doc = read_document("Rep. Kim of the Democratic Party spoke. Kakao Corp. signed.", lang="en")
    assert [s.text for s in doc.sentences] == [
        "Rep. Kim of the Democratic Party spoke.",
        "Kakao Corp. signed.",
    ]


def test_the_language_is_detected():
    assert detect_language("경기도와 카카오가 협약을 맺었다. Kakao") == "ko"
    assert detect_language("Gyeonggi and Kakao signed an MOU (경기도).") == "en"


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_refused(text):
    with pytest.raises(InputError, match="empty"):
        read_document(text)


def test_an_unknown_language_is_refused():
    with pytest.raises(InputError, match="ko or en"):
        read_document("Bonjour", lang="fr")
