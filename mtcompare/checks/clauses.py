"""Whole clauses dropped from (omission) or added to (addition) an aligned pair.

Precision first: a clause is reported only when (1) it is a punctuation- or
conjunction-delimited chunk with at least four content words, (2) almost none of them
occur on the other side, (3) the rest of the sentence is well covered by the other side
(so the pair really is aligned), and (4) the other side is shorter by roughly the clause,
so a reworded clause of the same length is never mistaken for a missing one.

Even so, on real output a clause one side lacks is most often a paraphrase or a
reference that says more than the source (of 53 such flags on the 9 WMT22 de-en
systems, 7 were omissions by the source), so a clause flag is a ``check`` unless the
source confirms it by length (:func:`confirmed_by_source`, with the run's own
reference / source length ratio, :class:`~mtcompare.checks.source.LengthModel`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import compress

from mtcompare.checks._text import Words, mask, shorten, stopwords
from mtcompare.checks.base import Detection, word_list
from mtcompare.checks.source import Source, text_length
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
    stop = stopwords(w.language)
    keep = [len(low) > 2 and low not in stop for low in w.low]
    return [t.start for t in compress(w.toks, keep)], list(compress(w.stems, keep))


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
    if len(other_words) > len(total) - _SHORTER * _MIN_CONTENT:
        return []  # the other side is not short enough for any clause (the last test below)
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


_OTHER_LONGER = 0.3  # how far (share of the clause) the reference may be off the prediction


def confirmed_by_source(category: str, mt: str, ref: str, clause: str, src: Source | None) -> str:
    """Why the source confirms the MT omitted (or added) ``clause``, as evidence for the
    detail; "" when it does not or cannot (no source, no length model).

    Confirmed: the MT is shorter (longer) than the source predicts by the whole clause
    and by more than the run's usual spread, while the reference is not off the
    prediction the same way (else the reference, not the MT, departs from the source).
    """
    if src is None or src.lengths is None:
        return ""
    predicted = src.lengths.predict(src.text)
    sign = 1 if category == "omission" else -1
    mt_off = sign * (predicted - text_length(mt))
    ref_off = sign * (text_length(ref) - predicted)
    size = text_length(clause)
    if mt_off < max(size, src.lengths.spread * predicted):
        return ""
    if ref_off > _OTHER_LONGER * size:
        return ""
    return f"source: about {round(predicted)} characters expected, the MT has {text_length(mt)}"


def _clause_flag(category: str, clause: str, evidence: str) -> ErrorFlag:
    verb = "omitted" if category == "omission" else "added"
    detail = f"clause {verb}: '{shorten(clause)}'"
    ref, hyp = (clause, "") if category == "omission" else ("", clause)
    if evidence:
        return ErrorFlag(category, ref, hyp, f"{detail} ({evidence})")
    return ErrorFlag(category, ref, hyp, f"{detail} (or reworded)", severity="check")


def detect_clauses(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """Omitted/added clause flags, plus both texts with those clauses blanked out.

    The blanked texts let the other detectors skip names, numbers and negations that sit
    inside a dropped clause: the translator gets one flag for the clause, not four.
    """
    flags: list[ErrorFlag] = []
    om = missing_clauses(ref, hyp)
    ad = missing_clauses(hyp, ref)
    for s, e in om:
        clause = ref.text[s:e].strip(" ,;:.")
        evidence = confirmed_by_source("omission", hyp.text, ref.text, clause, src)
        flags.append(_clause_flag("omission", clause, evidence))
    for s, e in ad:
        clause = hyp.text[s:e].strip(" ,;:.")
        evidence = confirmed_by_source("addition", hyp.text, ref.text, clause, src)
        flags.append(_clause_flag("addition", clause, evidence))
    ref_kept = Words.of(mask(ref.text, om), ref.language) if om else ref
    hyp_kept = Words.of(mask(hyp.text, ad), hyp.language) if ad else hyp
    return Detection(flags, ref_kept, hyp_kept)


def detect(ref: Words, hyp: Words, src: Source | None = None) -> Detection:
    """``detect_clauses`` as a registered detector (severity ``error`` only where the
    source confirms the clause is missing, see the module doc)."""
    return detect_clauses(ref, hyp, src)
