"""Per-sentence error categories: names, numbers, negation, omission, addition.

``annotate`` fills ``SegmentPair.errors`` for every alignment bead and ``count_errors``
tabulates them; ``detect_pair_errors`` checks one aligned pair. All functions are pure
and offline (no models): rules over capitalisation, number parsing and a general
polarity lexicon, tuned for precision because every flag costs a translator a look.
"""

from __future__ import annotations

from mtcompare.checks._text import Words, shorten
from mtcompare.checks.clauses import detect_clauses
from mtcompare.checks.names import names_in
from mtcompare.checks.negation import negation_in
from mtcompare.checks.numbers import numbers_in
from mtcompare.core.model import CATEGORIES, ErrorFlag, SegmentPair

__all__ = ["CATEGORIES", "annotate", "count_errors", "detect_pair_errors"]


def detect_pair_errors(ref: str | Words, hyp: str | Words) -> list[ErrorFlag]:
    """Errors in one aligned pair (both sides non-empty), clause-level ones first."""
    rw = ref if isinstance(ref, Words) else Words.of(ref)
    hw = hyp if isinstance(hyp, Words) else Words.of(hyp)
    flags, ref_kept, hyp_kept = detect_clauses(rw, hw)
    flags += names_in(ref_kept, hyp_kept)
    flags += numbers_in(ref_kept, hyp_kept)
    flags += negation_in(ref_kept, hyp_kept)
    return flags


def annotate(segments: list[SegmentPair]) -> None:
    """Set ``errors`` on every bead: unmatched sentences are omissions/additions.

    Each distinct reference text is analysed once for the whole call (systems share the
    reference); MT texts rarely repeat across beads and are not kept.
    """
    refs: dict[str, Words] = {}
    for seg in segments:
        if not seg.hyp_ids and seg.ref_ids:
            seg.errors = [
                ErrorFlag("omission", seg.ref, "", f"sentence omitted: '{shorten(seg.ref)}'")
            ]
        elif not seg.ref_ids and seg.hyp_ids:
            seg.errors = [
                ErrorFlag("addition", "", seg.hyp, f"sentence added: '{shorten(seg.hyp)}'")
            ]
        elif seg.ref.strip() and seg.hyp.strip():
            rw = refs.get(seg.ref)
            if rw is None:
                rw = refs[seg.ref] = Words.of(seg.ref)
            seg.errors = detect_pair_errors(rw, seg.hyp)
        else:
            seg.errors = []


def count_errors(segments: list[SegmentPair]) -> dict[str, int]:
    """Flags per category over ``segments``; every category is present, 0 if none."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for seg in segments:
        for flag in seg.errors:
            counts[flag.category] = counts.get(flag.category, 0) + 1
    return counts
