"""An article's text as sentences with character offsets into the source.

:func:`read_document` decides the language (by the share of Hangul letters unless told), cuts
the page furniture news sites wrap an article in (mail and print buttons, "most read" lists,
photo credits, copyright lines), and splits the body into sentences: Korean with kiwipiepy
(:mod:`graph.extract.analyser`), English with rules that know the abbreviations of the genre
("Rep.", "Corp.", "Co., Ltd."). Every :class:`Sentence` keeps ``start`` and ``end`` in the
source text, so that every item drawn from it can say exactly where it came from.

Examples
--------
>>> doc = read_document("Kakao Corp. signed an MOU on June 3. Rep. Kim attended.", lang="en")
>>> [(s.start, s.end, s.text) for s in doc.sentences]
[(0, 36, 'Kakao Corp. signed an MOU on June 3.'), (37, 55, 'Rep. Kim attended.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError

__all__ = [
    "Span",
    "Token",
    "Sentence",
    "Document",
    "HANGUL",
    "detect_language",
    "read_document",
]

HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")

#: A line at or after which a news page stops being the article.
_FOOTER = re.compile(
    r"^\s*(?:[•·▶■]\s*)?(?:목록\s*바로가기|많이\s*본\s*뉴스|최신\s*뉴스|이전\s*기사\s*보기|"
    r"다음\s*기사\s*보기|포토/영상|관련\s*기사|저작권자|무단\s*전재|ⓒ|©|Copyright\b|"
    r"All rights reserved|Related articles|Most read|Attachment:|모바일\s*버전)",
    re.IGNORECASE,
)
#: Lines that are page furniture, not text (buttons, empty image links, bare numbers).
_FURNITURE = re.compile(
    r"^\s*(?:기사\s*메일전송|기사수정|인쇄|공유|스크랩|글자\s*크기|!\[[^\]]*\]\([^)]*\)\s*\|?|"
    r"\d{1,3}|[|\s]+)\s*$"
)
#: A photo caption of a news page: a table row, or a line ending in a photo credit.
_CAPTION = re.compile(r"^\s*\|.*\|\s*$|(?:/\s*)?(?:Source|Photo|사진|자료)\s*[:=]\s*[^.]{2,40}$")

#: English abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "rep", "reps", "sen", "gov", "mr", "mrs", "ms", "dr", "prof", "pres", "gen", "lt", "col",
    "corp", "co", "inc", "ltd", "jr", "sr", "st", "no", "vs", "etc", "approx", "dept", "univ",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "e.g", "i.e", "a.m", "p.m",
}  # fmt: skip


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of the source text."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Token:
    """A morpheme (Korean) or a word (English) with its offsets in the source text."""

    form: str
    tag: str
    start: int
    end: int


@dataclass
class Sentence:
    """A sentence of the body: its text, offsets in the source and its tokens."""

    index: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    #: True for the headline and sub-headlines above the body.
    heading: bool = False

    def span(self, start: int, end: int) -> Span:
        """The span of sentence-relative characters ``start:end``, in source offsets."""
        return Span(self.start + start, self.start + end, self.text[start:end])


@dataclass
class Document:
    """The source text, its language, its lines of metadata and its sentences."""

    text: str
    lang: str
    sentences: list[Sentence]
    #: (start, end) of the lines above the body (headline, byline, dateline).
    header: list[Span]
    #: Where the article body ends in the source (the page furniture after it is ignored).
    body_end: int

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


def detect_language(text: str) -> str:
    """``ko`` when at least a fifth of the letters are Hangul, else ``en``.

    >>> detect_language("경기도는 Kakao와 협약을 맺었다"), detect_language("Gyeonggi and Kakao")
    ('ko', 'en')
    """
    hangul = len(HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return "ko" if hangul and hangul * 4 >= latin else "en"


def _lines(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append(Span(pos, pos + len(body), body))
        pos += len(line)
    return spans


def _trim(span: Span) -> Span | None:
    """The span without surrounding blanks, bullets and dashes; None if nothing is left."""
    m = re.search(r"[^\s•·\-–—□○※▴▶■\u00a0]", span.text)
    if not m:
        return None
    start = m.start()
    end = len(span.text.rstrip(" \t\u00a0"))
    return Span(span.start + start, span.start + end, span.text[start:end])


def _is_prose(line: Span) -> bool:
    """A body line: long, and ends like a sentence (a headline has no full stop)."""
    text = line.text.rstrip("\"'”’) ")
    return len(text) > 40 and text.endswith((".", "!", "?"))


def _english_breaks(text: str) -> list[int]:
    """Offsets (exclusive ends) where English sentences end in ``text``."""
    ends = []
    for m in re.finditer(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9가-힣□○※]|\s*$)", text):
        dot = m.start()
        word = re.search(r"([A-Za-z.]+)$", text[:dot])
        if text[dot] == "." and word:
            w = word.group(1).lower().rstrip(".")
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
        if text[dot] == "." and re.search(r"\d$", text[:dot]) and re.match(r"\.\d", text[dot:]):
            continue
        ends.append(m.end())
    return ends


def _split(text: str, offset: int, lang: str, analyser) -> list[tuple[int, int, list[Token]]]:
    """(start, end, tokens) of the sentences of one paragraph at ``offset`` in the source."""
    if lang == "ko" and HANGUL.search(text):
        return [(offset + s, offset + e, toks) for s, e, toks in analyser.sentences(text, offset)]
    out, start = [], 0
    for end in [*_english_breaks(text), len(text)]:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            s = start + lead
            e = start + len(piece.rstrip())
            out.append((offset + s, offset + e, _words(text[s:e], offset + s)))
        start = end
    return out


def _words(text: str, offset: int) -> list[Token]:
    return [
        Token(m.group(0), "W", offset + m.start(), offset + m.end())
        for m in re.finditer(r"[\w'’.&-]+|[^\w\s]", text)
    ]


def read_document(text: str, lang: str | None = None, *, analyser=None) -> Document:
    """Split ``text`` into the header lines and the body's sentences (offsets in ``text``).

    ``lang`` is ``ko`` or ``en``; by default it is detected. Korean needs ``analyser`` (an
    :class:`~graph.extract.analyser.Analyser`; the shared one by default).
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("the article text is empty")
    if lang is None:
        lang = detect_language(text)
    if lang not in ("ko", "en"):
        raise InputError(f"language {lang!r} is not supported: use ko or en", parameter="lang")
    if analyser is None and lang == "ko":
        from .analyser import shared_analyser

        analyser = shared_analyser()
    lines = [t for t in (_trim(s) for s in _lines(text)) if t is not None]
    body_end = len(text)
    kept: list[Span] = []
    for line in lines:
        if _FOOTER.search(line.text):
            body_end = line.start
            break
        if _FURNITURE.match(line.text) or _CAPTION.search(line.text):
            continue
        kept.append(line)
    first_prose = next((i for i, line in enumerate(kept) if _is_prose(line)), len(kept))
    header = kept[:first_prose]
    sentences: list[Sentence] = []
    for line in header:
        sentences.append(Sentence(len(sentences), line.start, line.end, line.text, heading=True))
    for line in kept[first_prose:]:
        for start, end, tokens in _split(line.text, line.start, lang, analyser):
            body = text[start:end]
            sentences.append(Sentence(len(sentences), start, end, body, tokens))
    for sentence in sentences:
        if sentence.heading and lang == "ko" and analyser is not None:
            sentence.tokens = analyser.tokens(sentence.text, sentence.start)
        elif sentence.heading:
            sentence.tokens = _words(sentence.text, sentence.start)
    return Document(text, lang, _dedupe(sentences), header, body_end)


def _dedupe(sentences: list[Sentence]) -> list[Sentence]:
    """Drop a sentence that repeats an earlier one word for word (pages often print the lead
    twice); the first keeps its offsets."""
    seen: set[str] = set()
    out = []
    for sentence in sentences:
        key = re.sub(r"\W+", "", sentence.text)
        if key in seen and len(key) > 20:
            continue
        seen.add(key)
        sentence.index = len(out)
        out.append(sentence)
    return out
