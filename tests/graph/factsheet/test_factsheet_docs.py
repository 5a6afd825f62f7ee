"""docs/factsheets.md: its complete example converts and conforms; every field is documented."""

from __future__ import annotations

import re
from pathlib import Path

from graph.factsheet.fields import ARTICLE_FIELDS, SECTIONS
from graph.factsheet.sheet import convert_factsheet
from graph.iris import PGID
from graph.write.ingest import ingest

DOC = Path(__file__).resolve().parents[3] / "docs" / "factsheets.md"


def _example() -> str:
    return re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)[1]


def test_the_documented_example_converts_and_conforms(seed_store):
    conversion = convert_factsheet(_example(), registry=seed_store)
    assert conversion.matched == {"stakeholders[0]": str(PGID["org/kakao"])}
    assert sorted(conversion.new) == sorted(
        str(PGID[p]) for p in ("org/haenam-energy", "person/hong-ye-si", "place/haenam")
    )
    report = ingest(seed_store, conversion.dataset, dry_run=True).report  # a dry run of ingest
    assert report.counts()["violation"] == 0, report.to_dict("en")


def test_every_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    fields = {name for s in SECTIONS.values() for name in s.fields} | set(ARTICLE_FIELDS)
    missing = sorted(f for f in fields | set(SECTIONS) if f"`{f}`" not in text)
    assert missing == []
