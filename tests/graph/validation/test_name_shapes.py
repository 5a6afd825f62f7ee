"""ontology/shapes/names.ttl: names that hide, reverse or fake text are refused, naming the name
and the character; look-alike letters mixed in a word are a warning (issue 14, item 8)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.iris import PG
from graph.validation.shacl import validate

NODE = URIRef("https://policygraph.example/id/org/x")


def _report(name: str, *, kind=PG.Company, prop=SKOS.altLabel, lang="en"):
    g = Graph()
    g.add((NODE, RDF.type, kind))
    for label in (Literal("엑스", lang="ko"), Literal("X", lang="en")):
        g.add((NODE, SKOS.prefLabel, label))
        g.add((NODE, RDFS.label, label))
    if kind == PG.Company:
        g.add((NODE, PG.publicEnterprise, Literal(False)))
    g.add((NODE, prop, Literal(name, lang=lang)))
    return validate(g, lang="en")


def _names(report):
    return [r for r in report.results if r.rule_id.startswith("name-")]


REFUSED = [
    # (name, what the English message must say)
    ("Ka\u202ekao", ['"Ka[U+202E]kao"', "invisible character"]),
    ("Kakao\u202d", ["[U+202D]"]),
    ("\u2066Kakao\u2069", ["[U+2066]"]),
    ("Ka\u200bkao", ["[U+200B]"]),
    ("Ka\u200dkao", ["[U+200D]"]),
    ("\ufeffKakao", ["[U+FEFF]"]),
    ("Ka\u00adkao", ["[U+00AD]"]),
    ("\u3164", ["[U+3164]"]),
    ("카\u115f카오", ["[U+115F]"]),
    ("Ka\U000e0041kao", ["a tag character", "%F3%A0%81%81"]),
    ("Kakao\x07", ['"Kakao[U+0007]"', "control character U+0007"]),
    ("Ka\x00kao", ["U+0000"]),
    ("Ka\nkao", ["U+000A"]),
    ("Ka\tkao", ["U+0009"]),
    ("Ka\x7fkao", ["U+007F"]),
    ("Ka\x85kao", ["U+0085"]),
    ("Ka\u2028kao", ["U+2028"]),
    ("\u0301\u0308", ["no letter or digit", "%CC%81%CC%88"]),
    ("---", ["no letter or digit"]),
    ("", ["no letter or digit"]),
    ("\u110f\u1161\u110f\u1161\u110b\u1169", ["decomposed", "%E1%84%8F", "NFC"]),
    ("Cafe\u0301", ["decomposed", "e%CC%81"]),
]


@pytest.mark.parametrize(("name", "says"), REFUSED, ids=[ascii(n) for n, _ in REFUSED])
def test_a_bad_name_is_a_violation_naming_the_name_and_the_character(name, says):
    report = _report(name)
    (result,) = _names(report)
    assert (result.rule_id, result.severity, result.focus) == (
        "name-characters",
        "violation",
        str(NODE),
    )
    assert not report.conforms
    assert result.value == name and result.path == str(SKOS.altLabel)
    for part in says:
        assert part in result.message, result.message
    # the message never carries the raw invisible character (it would garble the message)
    assert not any(ch in result.message for ch in "\u202e\u202d\u2066\u200b\ufeff\x00\x07\n")
    ko = result.in_language("ko").message
    assert ko.startswith("이름 ") and ko != result.message


@pytest.mark.parametrize("prop", [SKOS.prefLabel, SKOS.altLabel, RDFS.label])
@pytest.mark.parametrize("kind", [PG.Company, PG.Government, PG.Person, PG.Site, PG.Project])
def test_every_name_property_of_every_named_class(prop, kind):
    results = _names(_report("Ka\u202ekao", kind=kind, prop=prop))
    assert [r.rule_id for r in results] == ["name-characters"]


LOOKALIKES = ["\u041aakao", "Kaka\u043e", "Nav\u0435r", "S\u0430msung Electronics", "\u0391pple"]


@pytest.mark.parametrize("name", LOOKALIKES, ids=ascii)
def test_mixed_scripts_in_a_word_are_a_warning(name):
    report = _report(name)
    (result,) = _names(report)
    assert (result.rule_id, result.severity) == ("name-mixed-script", "warning")
    assert result.value == name and "Cyrillic" in result.message
    assert report.conforms  # a warning does not refuse


GOOD = [
    "Kakao Corp.",
    "㈜카카오",
    "주식회사 카카오",
    "LG전자",
    "SK하이닉스",
    "KT&G",
    "Société Générale",  # composed (NFC)
    "Москва",
    "Ελληνική Δημοκρατία",
    "Moscow (Москва)",  # two scripts, but not within one word
    "北京市",
    "株式会社カカオ",
    "AI-Hub 2.0",
    "ＫＡＫＡＯ",
    "O'Neil",
]


@pytest.mark.parametrize("name", GOOD)
def test_good_names_give_no_result(name):
    assert _names(_report(name)) == []


def test_untyped_data_in_other_vocabularies_is_not_checked():
    g = Graph()
    g.add((URIRef("urn:x"), SKOS.prefLabel, Literal("Ka\u202ekao")))
    assert validate(g).results == []
