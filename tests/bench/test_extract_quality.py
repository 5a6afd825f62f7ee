"""The extraction scorer compares facts as the quantity parser reads them and names by their
normal form, and counts the traps."""

from __future__ import annotations

from bench import extract_quality as quality


def test_values_compare_as_parsed():
    gold = quality.gold_facts(
        {"amounts": ["6천억 원"], "areas": ["약 3만4천㎡"], "dates": ["2026"]}
    )
    draft = quality.sheet_facts({
        "article": {"title": {"ko": "t"}},
        "projects": [{"name": {"ko": "p", "en": "p"}, "total_investment": "KRW 600bn",
                      "construction_start": "2026년"}],
        "sites": [{"name": {"ko": "s", "en": "s"}, "area": "34,000 m2"}],
    })  # fmt: skip
    counts, _ = quality.compare(gold, draft)
    assert (counts["amounts"].recall, counts["areas"].recall, counts["dates"].recall) == (1, 1, 1)


def test_traps_are_counted():
    gold = quality.gold_facts({
        "stakeholders": [["가나"], ["다라"], ["인근화학"]],
        "agreements": [{"parties": ["가나", "다라"]}],
        "traps": {"not_partner": ["인근화학"], "not_signatory": ["홍길동"],
                  "proposal_actors": ["마바"]},
    })  # fmt: skip
    draft = quality.sheet_facts({
        "article": {"title": {"ko": "t"}},
        "stakeholders": [{"id": "a", "name": {"ko": "가나", "en": "A"}},
                         {"id": "b", "name": {"ko": "인근화학", "en": "B"}},
                         {"id": "c", "name": {"ko": "마바", "en": "C"}}],
        "people": [{"id": "h", "name": {"ko": "홍길동", "en": "Hong"}}],
        "agreements": [{"parties": ["a", "b"], "signatories": ["h"]}, {"parties": ["c", "a"]}],
    })  # fmt: skip
    counts, traps = quality.compare(gold, draft)
    assert counts["agreement parties"].found == 0
    assert traps == {
        "company near a site made a partner": 1,
        "attendee made a signatory": 1,
        "proposal made an agreement": 1,
    }


def test_the_evaluation_set_has_gold_for_every_article():
    articles = quality.evaluation_set(quality.EVAL_DIR)
    assert len(articles) >= 6
    assert {name[:2] for name, _, _ in articles} == {"ko", "en"}
