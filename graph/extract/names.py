"""Suggested names in the other language, always marked as suggested in the draft.

English names of Korean people follow the Revised Romanization syllable by syllable
(korean-romanizer, which applies the official rules) with the customary spelling of the
surname (김 → Kim, 이 → Lee) and a hyphen in the given name, as Korean newspapers print them:
``김동연`` → ``Kim Dong-yeon``. Places are romanised whole (``남양주`` → ``Namyangju``). Names
of projects and agreements are put into English word by word from a small glossary, the
rest romanised. Korean for an English name is not guessed: the English is repeated, marked.

Examples
--------
>>> person_en("김동연"), person_en("정진욱"), place_en("남양주")
('Kim Dong-yeon', 'Jung Jin-uk', 'Namyangju')
>>> name_en("남양주 AI 디지털 허브")
'Namyangju AI Digital Hub'
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import GLOSSARY, SURNAMES

__all__ = ["romanise", "person_en", "place_en", "name_en", "government_en"]

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")


@cache
def romanise(text: str) -> str:
    """Revised Romanization of Hangul in ``text`` (lower case; other characters kept)."""
    from korean_romanizer.romanizer import Romanizer

    return _HANGUL_RUN.sub(lambda m: Romanizer(m.group(0)).romanize(), text)


def _syllables(text: str) -> str:
    return "-".join(romanise(s) for s in text)


def person_en(name: str) -> str:
    """``김동연`` → ``Kim Dong-yeon`` (a two-syllable surname only for four-syllable names)."""
    name = name.strip()
    surname = name[:2] if len(name) >= 4 and name[:2] in SURNAMES else name[:1]
    given = name[len(surname) :]
    family = SURNAMES.get(surname) or romanise(surname).capitalize()
    return f"{family} {_syllables(given).capitalize()}".strip()


def place_en(name: str) -> str:
    """``남양주`` → ``Namyangju``."""
    return " ".join(w.capitalize() for w in romanise(name).split())


_GOV_ENDINGS = {"시": "City", "군": "County", "구": "District", "도": "Province"}


def government_en(name: str) -> str:
    """``해남군`` → ``Haenam County``, ``남양주시`` → ``Namyangju City``, ``해남군의회`` →
    ``Haenam County Council``."""
    if name.endswith("의회") and len(name) > 3:
        return f"{government_en(name[:-2])} Council"
    ending = _GOV_ENDINGS.get(name[-1:])
    if ending and len(name) > 2:
        return f"{place_en(name[:-1])} {ending}"
    return place_en(name)


def _word_en(word: str) -> str:
    if not _HANGUL_RUN.search(word):
        return word
    out, rest = [], word
    while rest:
        for size in range(len(rest), 0, -1):
            if rest[:size] in GLOSSARY:
                out.append(GLOSSARY[rest[:size]])
                rest = rest[size:]
                break
        else:
            m = re.match(r"[\uac00-\ud7a3]+?(?=" + "|".join(map(re.escape, GLOSSARY)) + "|$)", rest)
            chunk = m.group(0) if m and m.group(0) else rest[:1]
            out.append(place_en(chunk) if _HANGUL_RUN.search(chunk) else chunk)
            rest = rest[len(chunk) :]
    return " ".join(out)


def name_en(name: str) -> str:
    """A suggested English name: glossary words translated, the rest romanised, title case."""
    words = [_word_en(w) for w in re.split(r"[\s·]+", name.strip()) if w]
    text = " ".join(w for w in words if w)
    return " ".join(
        w if w.isupper() or not w[:1].isalpha() else w[:1].upper() + w[1:] for w in text.split()
    )
