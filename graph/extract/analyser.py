"""The Korean analyser: kiwipiepy with the model from the kiwipiepy-model package.

Kiwi splits Korean text into sentences and morphemes and tags proper nouns (``NNP``) — person,
place and organisation names alike — with the character offsets of each morpheme. The model
ships on PyPI with the package and is read from disk: nothing is downloaded at run time. It
takes about a second to load, so one analyser is shared by the process
(:func:`shared_analyser`) and is safe to use from several threads (Kiwi's own calls are).
docs/extract.md compares it with mecab-ko and its dictionary.
"""

from __future__ import annotations

import threading
from functools import cache

from .text import Token

__all__ = ["Analyser", "shared_analyser"]


class Analyser:
    """Sentences and morphemes of Korean text, with offsets."""

    def __init__(self) -> None:
        from kiwipiepy import Kiwi

        # The typo and multi-word dictionaries correct spelling; news copy needs neither, and
        # leaving them out halves the load time.
        self._kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        self._lock = threading.Lock()

    @staticmethod
    def _token(tok, offset: int) -> Token:
        return Token(tok.form, str(tok.tag).split("-")[0], offset + tok.start, offset + tok.end)

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """The morphemes of ``text``, their offsets shifted by ``offset``."""
        with self._lock:
            return [self._token(t, offset) for t in self._kiwi.tokenize(text)]

    def sentences(self, text: str, offset: int = 0) -> list[tuple[int, int, list[Token]]]:
        """(start, end) of each sentence in ``text`` and its morphemes (offsets + ``offset``)."""
        with self._lock:
            found = self._kiwi.split_into_sents(text, return_tokens=True)
        out = []
        for sent in found:
            start, end = sent.start, sent.end
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append((start, end, [self._token(t, offset) for t in sent.tokens or []]))
        return out


_lock = threading.Lock()


@cache
def _create() -> Analyser:
    return Analyser()


def shared_analyser() -> Analyser:
    """The process's analyser, loaded on first use."""
    with _lock:
        return _create()
