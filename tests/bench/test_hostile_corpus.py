"""bench/hostile_corpus.py: the corpus of bench/hostile.py builds, covers every class of attack
of issue 14, and names each case once (so a report line points at one request)."""

from __future__ import annotations

from collections import Counter

import bench.hostile_corpus as hc


def test_the_corpus_covers_every_class_and_names_each_case_once():
    targets = hc.Targets("http://127.0.0.1:9", "/tmp/canary.ttl", "/tmp/canary.fifo", "t", b"")
    cases = hc.corpus(targets)
    kinds = Counter(c.kind for c in cases)
    assert sorted(k.split()[0] for k in kinds) == [str(n) for n in range(1, 9)]
    assert all(n >= 5 for n in kinds.values()), kinds
    names = Counter((c.kind, c.name) for c in cases)
    assert [n for n, count in names.items() if count > 1] == []
    for case in cases:
        assert case.path.startswith("/") and case.method
        assert case.body is None or isinstance(case.body, bytes)
        assert case.expect in {"refuse", "answer"}
    # the canaries are aimed at in every form: http, file, pipe, parameter, body
    text = b"\n".join((c.path.encode() + (c.body or b"")) for c in cases)
    for target in (b"127.0.0.1:9", b"/tmp/canary.ttl", b"/tmp/canary.fifo", b"%2Ftmp%2Fcanary"):
        assert target in text
