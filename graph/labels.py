"""Name normalisation for search, in Korean and English.

Two forms of a name:

- :func:`normalise`: Unicode NFKC (full-width ``ＫＡＫＡＯ`` and ``㈜`` become ``KAKAO`` and
  ``(주)``), case folded, whitespace collapsed. Two names whose normal forms differ only in
  spaces and punctuation are the same name written differently (an ``exact`` match).
- :func:`core`: the normal form without company-form markers (㈜, (주), 주식회사, (유), 유한회사,
  (재)/재단법인, (사)/사단법인; Corp., Corporation, Co., Ltd., Inc., Incorporated, Limited, LLC,
  PLC, Company), punctuation and spaces. Two names with the same core are variants of one
  name ("주식회사 카카오", "카카오", "Kakao Corp." and "kakao corp" share ``카카오`` / ``kakao``).

:func:`match` ranks how a query matches a name: exact > variant > prefix > contains.

Examples
--------
>>> normalise("  ＫＡＫＡＯ   Corp. ")
'kakao corp.'
>>> core("㈜카카오"), core("주식회사 카카오"), core("Kakao Corp."), core("kakao corp")
('카카오', '카카오', 'kakao', 'kakao')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MATCH_RANKS", "normalise", "core", "match"]

#: Kinds of match from the best to the weakest.
MATCH_RANKS = ("exact", "variant", "prefix", "contains")

# Korean markers are written anywhere, often with no space ("카카오㈜", "주식회사카카오");
# after NFKC, ㈜ is "(주)".
_KO_FORMS = re.compile(
    r"\((?:주|유|재|사|합|합자)\)|주식회사|유한책임회사|유한회사|재단법인|사단법인"
)
# English markers are whole words, with or without a dot, anywhere in the name.
_EN_FORMS = re.compile(
    r"\b(?:corporation|incorporated|company|limited|corp|co|ltd|inc|llc|plc)\b\.?",
)
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed and trimmed.

    >>> normalise("Gyeonggi\\u3000Province")
    'gyeonggi province'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def core(text: str) -> str:
    """The normal form without company-form markers, punctuation and spaces.

    A name made of a marker only (``"Corp."``) keeps its letters, so it is never empty unless
    the name has no letters at all.

    >>> core("LH Corp."), core("Gyeonggi-do"), core("Korea Land and Housing Corporation")
    ('lh', 'gyeonggido', 'korealandandhousing')
    >>> core("Corp.")
    'corp'
    """
    base = normalise(text)
    stripped = _NOT_WORD.sub("", _EN_FORMS.sub(" ", _KO_FORMS.sub(" ", base)))
    return stripped or _NOT_WORD.sub("", base)


def match(query: str, name: str) -> str | None:
    """How ``query`` matches ``name``: ``exact``, ``variant``, ``prefix``, ``contains`` or None.

    >>> [match(q, "Kakao") for q in ("KAKAO", "kakao corp", "kak", "aka", "naver")]
    ['exact', 'variant', 'prefix', 'contains', None]
    >>> match("kakao corp", "Kakao Corp."), match("gyeonggi do", "Gyeonggi-do")
    ('exact', 'exact')
    >>> match("카카오", "㈜카카오"), match("남양주", "남양주시")
    ('variant', 'prefix')
    """
    q_norm, n_norm = normalise(query), normalise(name)
    if not q_norm:
        return None
    if _NOT_WORD.sub("", q_norm) == _NOT_WORD.sub("", n_norm):
        return "exact"
    q_core, n_core = core(query), core(name)
    if not q_core:
        return None
    if q_core == n_core:
        return "variant"
    if n_core.startswith(q_core) or n_norm.startswith(q_norm):
        return "prefix"
    if q_core in n_core or q_norm in n_norm:
        return "contains"
    return None
