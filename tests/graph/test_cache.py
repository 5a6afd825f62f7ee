"""graph.cache.ResultCache: bounded, least recently used first out, one data version at a time."""

from __future__ import annotations

import pytest

from graph.cache import CachedAnswer, ResultCache


def _entry(n: int) -> CachedAnswer:
    return CachedAnswer(b"x" * n, "t", 1)


def test_off_when_the_budget_is_zero():
    cache = ResultCache(0)
    cache.put("q", _entry(1), version=0)
    assert not cache.enabled and cache.get("q", version=0) is None


def test_least_recently_used_goes_first_within_the_budget():
    cache = ResultCache(1000)  # entries of 101 bytes: 9 fit
    for i in range(9):
        cache.put(i, _entry(100), version=3)
    assert cache.get(0, version=3) is not None  # 0 is now the most recently used
    cache.put(9, _entry(100), version=3)
    assert cache.get(1, version=3) is None  # the least recently used went
    assert cache.get(0, version=3) is not None and cache.get(9, version=3) is not None
    assert cache.stats()["bytes"] == 909


def test_an_answer_bigger_than_an_eighth_of_the_budget_is_not_kept():
    cache = ResultCache(800)
    cache.put("big", _entry(100), version=0)
    assert cache.get("big", version=0) is None


@pytest.mark.parametrize("later", [1, 5])
def test_a_new_version_drops_every_older_answer_and_older_versions_are_ignored(later):
    cache = ResultCache(1 << 20)
    cache.put("q", _entry(1), version=0)
    assert cache.get("q", version=later) is None
    cache.put("q", CachedAnswer(b"new", "t"), version=later)
    cache.put("q", CachedAnswer(b"stale", "t"), version=0)  # computed before the write: not kept
    assert cache.get("q", version=0) is None
    assert cache.get("q", version=later) == CachedAnswer(b"new", "t")
    assert cache.stats() == {"entries": 1, "bytes": 4, "hits": 1, "misses": 2}
