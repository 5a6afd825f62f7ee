"""How good is ``policygraph extract``? Recall and precision per kind of fact, and the traps.

Usage::

    python bench/extract_quality.py                       # the evaluation set only
    python bench/extract_quality.py --seeds DIR           # and the seed articles in DIR
    POLICYGRAPH_SEED_TEXTS=DIR python bench/extract_quality.py

Two gold sets:

- ``tests/data/extract/*.txt``: short articles written for this benchmark (invented, in the
  genre of the seeds), each with ``<name>.gold.yaml``: the amounts, areas and dates an analyst
  would record, the organisations named, the agreements with their parties, the proposals,
  and the traps (``not_partner``: named near a site, never a party or developer;
  ``not_signatory``: attended, never a signatory; ``proposal_actors``: proposed something,
  never parties of an agreement about it).
- the three seed articles, whose texts are not in the project: give their folder with
  ``--seeds`` or ``POLICYGRAPH_SEED_TEXTS`` (files ``NNN_<hash>.txt``). Their gold is the
  curated fact sheet ``tests/data/factsheets/NNN.yaml``, read with the project's loader (it
  converts to exactly the curated graph). Dates the curators inferred (``certainty:
  inferred`` on the article or the entry) are not expected from the text.

Every article is extracted against the seed store's registry (the gazetteer a fresh
``policygraph build`` gives); ``--registry none`` uses the built-in public bodies only.

Values are compared as the quantity parser reads them (6천억 원 = KRW 600000000000), names by
:func:`graph.names.core`. A figure counts as found when some draft item carries it; review
notes are questions, not values, and are counted apart ("flagged"). Printed: recall and
precision per kind, on each set; the traps fallen into; the time to extract a 600-word article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.errors import InputError  # noqa: E402
from graph.extract import extract  # noqa: E402
from graph.factsheet.quantities import parse_amount, parse_area, parse_date, parse_year  # noqa: E402
from graph.factsheet.sheet import load_factsheet  # noqa: E402
from graph.names import core  # noqa: E402

EVAL_DIR = ROOT / "tests" / "data" / "extract"
FACTSHEETS = ROOT / "tests" / "data" / "factsheets"
KINDS = ("amounts", "dates", "areas", "stakeholders", "agreement parties", "proposals")
TARGETS = {
    "amounts": (0.9, 0.95), "dates": (0.9, 0.95), "areas": (0.9, 0.95),
    "stakeholders": (0.8, 0.9), "agreement parties": (0.8, 0.9),
}  # fmt: skip
_DATE_FIELDS = {
    "agreements": ("signed",),
    "projects": ("construction_start", "completion", "opening", "opened", "planned_year"),
    "initiatives": ("announced",),
    "events": ("date", "start"),
    "proposals": ("proposed",),
    "designations": ("date", "planned_year"),
    "budgets": ("fiscal_year",),
    "selections": ("date",),
}
#: Fields whose value is a year (read with parse_year: "FY2026", 2022).
_YEAR_FIELDS = ("fiscal_year", "planned_year")
_AMOUNT_FIELDS = {"agreements": "amount", "budgets": "amount", "projects": "total_investment"}
_AREA_SECTIONS = ("sites", "zones")


# --- facts -------------------------------------------------------------------------------------


@dataclass
class Facts:
    """One article's facts, comparable: values as parsed, organisations as sets of name keys."""

    amounts: set[tuple[str, str]] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    orgs: list[set[str]] = field(default_factory=list)
    agreements: list[list[set[str]]] = field(default_factory=list)
    signatories: list[set[str]] = field(default_factory=list)
    developers: list[set[str]] = field(default_factory=list)
    proposers: list[set[str]] = field(default_factory=list)
    not_partner: list[set[str]] = field(default_factory=list)
    not_signatory: list[set[str]] = field(default_factory=list)
    proposal_actors: list[set[str]] = field(default_factory=list)
    flagged: int = 0


def _amount(value: Any) -> tuple[str, str] | None:
    text = value["value"] if isinstance(value, dict) else value
    try:
        parsed = parse_amount(str(text))
    except InputError:
        return None
    return (format(parsed.value.normalize(), "f"), parsed.currency)


def _area(value: Any) -> str | None:
    try:
        return format(parse_area(str(value)).sqm.normalize(), "f")
    except InputError:
        return None


def _date(value: Any, year: bool = False) -> str | None:
    try:
        return (parse_year if year else parse_date)(value).lexical
    except InputError:
        return None


def _keys(names: Iterable[str]) -> set[str]:
    return {core(n) for n in names if n and core(n)}


def _entry_keys(entry: dict[str, Any]) -> set[str]:
    names = [entry.get("id", ""), *(entry.get("name") or {}).values()]
    variants = entry.get("variants") or []
    names += (
        [*variants.get("ko", []), *variants.get("en", [])]
        if isinstance(variants, dict)
        else variants
    )
    return _keys(names)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def sheet_facts(sheet: dict[str, Any], *, skip_inferred: bool = True) -> Facts:
    """Facts of a fact sheet (a curated one or a draft)."""
    facts = Facts()
    article = sheet.get("article", {})
    if "issued" in article and not (skip_inferred and article.get("certainty") == "inferred"):
        facts.dates.add(_date(article["issued"]) or "")
    for section, fields in _DATE_FIELDS.items():
        for entry in sheet.get(section, []):
            if skip_inferred and entry.get("certainty") == "inferred":
                continue
            for name in fields:
                if name in entry:
                    facts.dates.add(_date(entry[name], year=name in _YEAR_FIELDS) or "")
    for section, name in _AMOUNT_FIELDS.items():
        for entry in sheet.get(section, []):
            if name in entry and _amount(entry[name]):
                facts.amounts.add(_amount(entry[name]))  # type: ignore[arg-type]
    for section in _AREA_SECTIONS:
        for entry in sheet.get(section, []):
            if "area" in entry and _area(entry["area"]):
                facts.areas.add(_area(entry["area"]))  # type: ignore[arg-type]
    facts.dates.discard("")
    by_ref: dict[str, set[str]] = {}
    for section in ("stakeholders", "people"):
        for entry in sheet.get(section, []):
            keys = _entry_keys(entry)
            if entry.get("id"):
                kind = "org" if section == "stakeholders" else "person"
                by_ref[f"{kind}/{entry['id']}"] = keys
                by_ref[entry["id"]] = keys
            for key in keys:
                by_ref.setdefault(key, keys)
            if section == "stakeholders":
                facts.orgs.append(keys)

    def resolve(ref: str) -> set[str]:
        return by_ref.get(ref) or by_ref.get(core(ref)) or _keys([ref])

    signatories: set[str] = set()
    for entry in sheet.get("agreements", []):
        facts.agreements.append([resolve(r) for r in _as_list(entry.get("parties"))])
        for r in _as_list(entry.get("signatories")):
            facts.signatories.append(resolve(r))
            signatories |= resolve(r)
    for entry in sheet.get("projects", []):
        facts.developers += [resolve(r) for r in _as_list(entry.get("developers"))]
    for entry in sheet.get("proposals", []):
        facts.proposers += [resolve(r) for r in _as_list(entry.get("proposers"))]
        for key in ("proposers", "proposed_to"):
            facts.proposal_actors += [resolve(r) for r in _as_list(entry.get(key))]
    for entry in sheet.get("stakeholders", []):
        if entry.get("present_in"):
            facts.not_partner.append(_entry_keys(entry))
    for entry in sheet.get("events", []):
        for r in _as_list(entry.get("participants")):
            keys = resolve(r)
            if r.startswith("person/") or any(r == p.get("id") for p in sheet.get("people", [])):
                if not keys & signatories:
                    facts.not_signatory.append(keys)
    facts.flagged = len(sheet.get("review", []))
    return facts


def gold_facts(gold: dict[str, Any]) -> Facts:
    """Facts of a ``<name>.gold.yaml`` of the evaluation set."""
    facts = Facts()
    facts.amounts = {a for a in (_amount(v) for v in gold.get("amounts", [])) if a}
    facts.areas = {a for a in (_area(v) for v in gold.get("areas", [])) if a}
    facts.dates = {d for d in (_date(str(v)) for v in gold.get("dates", [])) if d}
    facts.orgs = [_keys(names) for names in gold.get("stakeholders", [])]

    def resolve(name: str) -> set[str]:
        for keys in facts.orgs:
            if core(name) in keys:
                return keys
        return _keys([name])

    for agreement in gold.get("agreements", []):
        facts.agreements.append([resolve(p) for p in agreement.get("parties", [])])
        facts.signatories += [_keys([s]) for s in agreement.get("signatories", [])]
    for proposal in gold.get("proposals", []):
        facts.proposers += [resolve(p) for p in proposal.get("proposers", [])]
    traps = gold.get("traps", {})
    facts.not_partner = [resolve(n) for n in traps.get("not_partner", [])]
    facts.not_signatory = [_keys([n]) for n in traps.get("not_signatory", [])]
    facts.proposal_actors = [resolve(n) for n in traps.get("proposal_actors", [])]
    return facts


# --- comparing -----------------------------------------------------------------------------------


@dataclass
class Count:
    found: int = 0  # gold facts the draft has
    gold: int = 0
    right: int = 0  # draft facts that are gold
    drafted: int = 0

    def add(self, other: Count) -> None:
        self.found += other.found
        self.gold += other.gold
        self.right += other.right
        self.drafted += other.drafted

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.right / self.drafted if self.drafted else None


def _sets(gold: set, draft: set) -> Count:
    return Count(len(gold & draft), len(gold), len(gold & draft), len(draft))


def _groups(gold: list[set[str]], draft: list[set[str]]) -> Count:
    found = sum(1 for g in gold if any(g & d for d in draft))
    right = sum(1 for d in draft if any(g & d for g in gold))
    return Count(found, len(gold), right, len(draft))


def _same_party_set(a: list[set[str]], b: list[set[str]]) -> bool:
    return (
        len(a) == len(b)
        and all(any(x & y for y in b) for x in a)
        and all(any(x & y for x in a) for y in b)
    )


def _agreements(gold: list[list[set[str]]], draft: list[list[set[str]]]) -> Count:
    found = sum(1 for g in gold if any(_same_party_set(g, d) for d in draft))
    right = sum(1 for d in draft if any(_same_party_set(g, d) for g in gold))
    return Count(found, len(gold), right, len(draft))


def _hits(groups: list[set[str]], pool: list[set[str]]) -> int:
    return sum(1 for g in groups if any(g & p for p in pool))


def compare(gold: Facts, draft: Facts) -> tuple[dict[str, Count], dict[str, int]]:
    counts = {
        "amounts": _sets(gold.amounts, draft.amounts),
        "dates": _sets(gold.dates, draft.dates),
        "areas": _sets(gold.areas, draft.areas),
        "stakeholders": _groups(gold.orgs, draft.orgs),
        "agreement parties": _agreements(gold.agreements, draft.agreements),
        "proposals": _groups(gold.proposers, draft.proposers),
    }
    partners = [p for parties in draft.agreements for p in parties] + draft.developers
    unmatched = [
        d for d in draft.agreements if not any(_same_party_set(g, d) for g in gold.agreements)
    ]
    traps = {
        "company near a site made a partner": _hits(gold.not_partner, partners),
        "attendee made a signatory": _hits(gold.not_signatory, draft.signatories),
        "proposal made an agreement": sum(
            1 for d in unmatched if any(p & a for p in d for a in gold.proposal_actors)
        ),
    }
    return counts, traps


# --- running -------------------------------------------------------------------------------------


def _registry(kind: str):
    if kind == "none":
        return None
    from graph.store.oxigraph import OxigraphStore
    from graph.store.seed import load_seed

    store = OxigraphStore()
    load_seed(store)
    return store


def evaluation_set(directory: Path) -> list[tuple[str, str, Facts]]:
    out = []
    for path in sorted(directory.glob("*.txt")):
        gold = yaml.safe_load(path.with_suffix(".gold.yaml").read_text(encoding="utf-8"))
        out.append((path.name, path.read_text(encoding="utf-8"), gold_facts(gold)))
    return out


def seed_set(directory: Path) -> list[tuple[str, str, Facts]]:
    out = []
    for path in sorted(directory.glob("[0-9][0-9][0-9]_*.txt")):
        sheet_path = FACTSHEETS / f"{path.name[:3]}.yaml"
        if not sheet_path.exists():
            continue
        sheet = load_factsheet(sheet_path).data
        out.append((path.name, path.read_text(encoding="utf-8"), sheet_facts(sheet)))
    if not out:
        raise SystemExit(f"no seed article NNN_*.txt with a fact sheet in {directory}")
    return out


def score(articles, registry) -> dict[str, Any]:
    totals = {k: Count() for k in KINDS}
    traps: dict[str, int] = {}
    flagged = 0
    per_article = []
    for name, text, gold in articles:
        draft = extract(text, registry=registry, source_file=name)
        facts = sheet_facts(draft.sheet, skip_inferred=False)
        counts, fallen = compare(gold, facts)
        for k, c in counts.items():
            totals[k].add(c)
        for k, v in fallen.items():
            traps[k] = traps.get(k, 0) + v
        flagged += facts.flagged
        per_article.append(
            {
                "article": name,
                "traps": fallen,
                **{k: [c.found, c.gold, c.right, c.drafted] for k, c in counts.items()},
            }
        )
    return {"totals": totals, "traps": traps, "flagged": flagged, "articles": per_article}


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def table(title: str, result: dict[str, Any]) -> str:
    lines = [
        f"### {title}",
        "",
        "| kind | recall | precision | found/gold | right/drafted | target |",
        "|---|---|---|---|---|---|",
    ]
    for kind, c in result["totals"].items():
        target = TARGETS.get(kind)
        goal = f"R ≥ {target[0]}, P ≥ {target[1]}" if target else "kept apart"
        lines.append(
            f"| {kind} | {_fmt(c.recall)} | {_fmt(c.precision)} | {c.found}/{c.gold} | "
            f"{c.right}/{c.drafted} | {goal} |"
        )
    lines.append("")
    lines.append("| trap | times fallen into |")
    lines.append("|---|---|")
    for trap, n in result["traps"].items():
        lines.append(f"| {trap} | {n} |")
    lines.append(f"\nreview notes written: {result['flagged']}")
    return "\n".join(lines)


def speed(registry, rounds: int = 5) -> dict[str, float]:
    """Seconds to extract a 600-word article (English words; Korean: 600 eojeol), warm and
    with the analyser's first load."""
    texts = {}
    for lang in ("ko", "en"):
        parts = [p.read_text(encoding="utf-8") for p in sorted(EVAL_DIR.glob(f"{lang}_*.txt"))]
        words = " ".join(parts).split()
        while len(words) < 600:
            words += words
        text = " ".join(words[:600])
        # keep sentences: cut at the last full stop
        texts[lang] = text[: text.rfind(".") + 1]
    out: dict[str, float] = {}
    # cold: a fresh interpreter, so the analyser's model is loaded as a first CLI run does
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
        "from graph.extract import extract; extract(sys.stdin.read(), lang='ko'); "
        "print(time.perf_counter() - t)"
    )
    cold = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)],
        input=texts["ko"],
        capture_output=True,
        text=True,
        check=True,
    )
    out["600-word ko article in a fresh process, model load included (s)"] = float(cold.stdout)
    extract("첫 문장이다.", lang="ko", registry=registry)
    for lang, text in texts.items():
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            extract(text, lang=lang, registry=registry)
            times.append(time.perf_counter() - t0)
        out[f"600-word {lang} article, analyser loaded, median of {rounds} (s)"] = (
            statistics.median(times)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seeds",
        metavar="DIR",
        default=os.environ.get("POLICYGRAPH_SEED_TEXTS"),
        help="folder of the seed article texts (NNN_<hash>.txt)",
    )
    parser.add_argument("--set", metavar="DIR", default=str(EVAL_DIR), help="evaluation set")
    parser.add_argument("--registry", choices=["seed", "none"], default="seed")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing")
    args = parser.parse_args(argv)
    registry = _registry(args.registry)
    results = {"evaluation set": score(evaluation_set(Path(args.set)), registry)}
    if args.seeds:
        results["seed articles"] = score(seed_set(Path(args.seeds)), registry)
    timing = {} if args.no_speed else speed(registry)
    if args.json:
        out = {name: {"totals": {k: vars(c) for k, c in r["totals"].items()}, "traps": r["traps"],
                      "flagged": r["flagged"], "articles": r["articles"]}
               for name, r in results.items()}  # fmt: skip
        print(json.dumps({**out, "timing": timing}, ensure_ascii=False, indent=2))
    else:
        for name, result in results.items():
            print(table(name, result))
            print()
        if not args.seeds:
            print("(seed articles not scored: give --seeds DIR or POLICYGRAPH_SEED_TEXTS)\n")
        for what, seconds in timing.items():
            print(f"{what}: {seconds:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
