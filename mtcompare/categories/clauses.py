"""Whole clauses dropped from (omission) or added to (addition) an aligned pair.

Precision first: a clause is reported only when (1) it is a punctuation- or
conjunction-delimited chunk with at least four content words, (2) almost none of them
occur on the other side, (3) the rest of the sentence is well covered by the other side
(so the pair really is aligned), and (4) the other side is shorter by roughly the clause,
so a reworded clause of the same length is never mistaken for a missing one.
"""

from __future__ import annotations

import re

from ..model import ErrorFlag
from ._text import STOPWORDS, fold, mask, shorten, stem, tokens

#: Chunk boundaries: punctuation, or a conjunction / relative word starting a clause.
_BOUNDARY_RE = re.compile(
    r"[,;:()—–]|\s(?=(?:and|but|while|whereas|although|though|because|which|who|whose|"
    r"where|when|after|before|since|unless|until|if|so)\s)",
    re.IGNORECASE,
)
_MIN_CONTENT = 4  # content words a clause needs before it can be reported
_MAX_FOUND = 0.25  # share of its content words the other side may still have
_MIN_REST = 0.5  # share of the remaining content the other side must cover
_SHORTER = 0.6  # the other side must be shorter by this share of the clause


def _content(text: str) -> list[str]:
    return [
        stem(t.text)
        for t in tokens(text)
        if len(t.text) > 2 and fold(t.text) not in STOPWORDS and not t.text[0].isdigit()
    ]


def _chunks(text: str) -> list[tuple[int, int]]:
    """Character spans of clause-like chunks."""
    spans, start = [], 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip(' .!?"“”')]


def _found(words: list[str], other: set[str]) -> int:
    """How many of ``words`` the other side has (same stem, or same 5-letter start)."""
    prefixes = {w[:5] for w in other if len(w) >= 5}
    return sum(1 for w in words if w in other or (len(w) >= 5 and w[:5] in prefixes))


def missing_clauses(text: str, other: str) -> list[tuple[int, int]]:
    """Spans of ``text`` whose clause has no counterpart in ``other``."""
    other_words = _content(other)
    other_set = set(other_words)
    total = _content(text)
    if len(total) < _MIN_CONTENT + 2:
        return []
    chunks = _chunks(text)
    gone = []
    for s, e in chunks:
        words = _content(text[s:e])
        gone.append(bool(words) and _found(words, other_set) <= _MAX_FOUND * len(words))
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
        words = _content(text[s:e])
        rest = _content(text[:s] + " " + text[e:])
        if (
            len(words) >= _MIN_CONTENT
            and rest
            and _found(rest, other_set) >= _MIN_REST * len(rest)
            and len(other_words) <= len(total) - _SHORTER * len(words)
        ):
            out.append((s, e))
        k = j + 1
    return out


def detect_clauses(ref: str, hyp: str) -> tuple[list[ErrorFlag], str, str]:
    """Omitted/added clause flags, plus both texts with those clauses blanked out.

    The blanked texts let the other detectors skip names, numbers and negations that sit
    inside a dropped clause: the translator gets one flag for the clause, not four.
    """
    flags: list[ErrorFlag] = []
    om = missing_clauses(ref, hyp)
    ad = missing_clauses(hyp, ref)
    for s, e in om:
        clause = ref[s:e].strip(" ,;:.")
        flags.append(ErrorFlag("omission", clause, "", f"clause omitted: '{shorten(clause)}'"))
    for s, e in ad:
        clause = hyp[s:e].strip(" ,;:.")
        flags.append(ErrorFlag("addition", "", clause, f"clause added: '{shorten(clause)}'"))
    return flags, mask(ref, om), mask(hyp, ad)
