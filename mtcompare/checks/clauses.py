"""Whole clauses dropped from (omission) or added to (addition) an aligned pair.

Precision first: a clause is reported only when (1) it is a punctuation- or
conjunction-delimited chunk with at least four content words, (2) almost none of them
occur on the other side, (3) the rest of the sentence is well covered by the other side
(so the pair really is aligned), and (4) the other side is shorter by roughly the clause,
so a reworded clause of the same length is never mistaken for a missing one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from mtcompare.checks._text import Words, mask, shorten, stopwords
from mtcompare.checks.base import Detection, word_list
from mtcompare.checks.source import Source
from mtcompare.core.model import ErrorFlag


@cache
def _boundary_re(language: str) -> re.Pattern[str]:
    """Chunk boundaries: punctuation, or a conjunction / relative word starting a clause."""
    openers = "|".join(map(re.escape, word_list(language, "clause_openers")))
    return re.compile(rf"[,;:()—–]|\s(?=(?:{openers})\s)", re.IGNORECASE)


_MIN_CONTENT = 4  # content words a clause needs before it can be reported
_MAX_FOUND = 0.2  # share of its content words the other side may still have
_MIN_REST = 0.6  # share of the remaining content the other side must cover
_SHORTER = 0.6  # the other side must be shorter by this share of the clause


def _content_tokens(w: Words) -> tuple[list[int], list[str]]:
    """Start offsets and stems of the content words of ``w`` (in text order)."""
    starts, stems = [], []
    stop = stopwords(w.language)
    for t, low, st in zip(w.toks, w.low, w.stems, strict=True):
        if len(low) > 2 and low not in stop:
            starts.append(t.start)
            stems.append(st)
    return starts, stems


def _content(w: Words, s: int = 0, e: int | None = None) -> list[str]:
    """Stems of the content words of ``w`` inside the character span ``s:e``."""
    starts, stems = w.analysis(_content_tokens)
    e = len(w.text) if e is None else e
    return stems[bisect_left(starts, s) : bisect_left(starts, e)]


def _chunks(text: str, language: str) -> list[tuple[int, int]]:
    """Character spans of clause-like chunks."""
    spans, start = [], 0
    for m in _boundary_re(language).finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip(' .!?"“”')]


def _found(words: list[str], other: set[str], prefixes: set[str]) -> int:
    """How many of ``words`` the other side has (same stem, or same 5-letter start)."""
    return sum(1 for w in words if w in other or (len(w) >= 5 and w[:5] in prefixes))


def _all_content(w: Words) -> list[str]:
    return _content(w)


def _content_index(w: Words) -> tuple[set[str], set[str]]:
    """Content stems of ``w`` and their 5-letter starts (what ``_found`` looks up)."""
    words = set(w.analysis(_all_content))
    return words, {x[:5] for x in words if len(x) >= 5}


def _chunk_content(w: Words) -> list[tuple[int, int, list[str]]]:
    return [(s, e, _content(w, s, e)) for s, e in _chunks(w.text, w.language)]


def missing_clauses(side: Words, other: Words) -> list[tuple[int, int]]:
    """Spans of ``side`` whose clause has no counterpart in ``other``."""
    total = side.analysis(_all_content)
    if len(total) < _MIN_CONTENT + 2:
        return []
    other_words = other.analysis(_all_content)
    other_set, prefixes = other.analysis(_content_index)
    chunked = side.analysis(_chunk_content)
    chunks = [(s, e) for s, e, _ in chunked]
    gone = []
    for _, _, words in chunked:
        gone.append(bool(words) and _found(words, other_set, prefixes) <= _MAX_FOUND * len(words))
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(chunks):
        if not gone[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(chunks) and gone[j + 1]:
            j += 1
        s, e = chunks[k][0], chunks[j][1]
        words = _content(side, s, e)
        rest = _content(side, 0, s) + _content(side, e)
        if (
            len(words) >= _MIN_CONTENT
            and len(rest) >= 3
            and _found(rest, other_set, prefixes) >= _MIN_REST * len(rest)
            and len(other_words) <= len(total) - _SHORTER * len(words)
        ):
            out.append((s, e))
        k = j + 1
    return out


def detect_clauses(ref: Words, hyp: Words) -> Detection:
    """Omitted/added clause flags, plus both texts with those clauses blanked out.

    The blanked texts let the other detectors skip names, numbers and negations that sit
    inside a dropped clause: the translator gets one flag for the clause, not four.
    """
    flags: list[ErrorFlag] = []
    om = missing_clauses(ref, hyp)
    ad = missing_clauses(hyp, ref)
    for s, e in om:
        clause = ref.text[s:e].strip(" ,;:.")
        flags.append(ErrorFlag("omission", clause, "", f"clause omitted: '{shorten(clause)}'"))
    for s, e in ad:
        clause = hyp.text[s:e].strip(" ,;:.")
        flags.append(ErrorFlag("addition", "", clause, f"clause added: '{shorten(clause)}'"))
    ref_kept = Words.of(mask(ref.text, om), ref.language) if om else ref
    hyp_kept = Words.of(mask(hyp.text, ad), hyp.language) if ad else hyp
    return Detection(flags, ref_kept, hyp_kept)


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``detect_clauses`` as a registered detector: a clause of four content words that
    the other side lacks while covering the rest is no paraphrase, so severity ``error``."""
    return detect_clauses(ref, hyp)
