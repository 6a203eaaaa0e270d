"""The numbers check for a language without word lists: numbers written with digits.

Every language's text can carry numbers in digits (``1.200``, ``3,5``, ``2022年``,
full-width ``２０２２``), and a number the MT changed is the costliest error a reader
does not see. Without the language's number words, units and scales (which only the
English checks have, see ``mtcompare.checks.numbers``) only the digits are compared:
separators are dropped (``1.200`` = ``1,200`` = ``1200``: decimal and group marks
differ between languages, so ``1,5`` = ``15`` too, a miss rather than a false flag).
Pure functions over plain strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from mtcompare.checks._text import sentence_errors
from mtcompare.core.model import ErrorFlag, SegmentPair

#: Digits with the separators numbers are written with inside them (not at either end).
_NUMBER = re.compile(r"\d(?:[\d.,'’\u00a0\u202f]*\d)?")


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` as ASCII digit strings, in order, separators dropped."""
    out = []
    for match in _NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in match.group() if c.isdigit())
        out.append(digits.lstrip("0") or "0")
    return out


def digit_flags(ref: str, hyp: str) -> list[ErrorFlag]:
    """Numbers that differ: a changed one (one side's number where the other has another)
    is an ``error``; one only missing or only added is a ``check``."""
    want, got = Counter(numbers(ref)), Counter(numbers(hyp))
    missing = list((want - got).elements())
    extra = list((got - want).elements())
    flags = [
        ErrorFlag("numbers", m, e, f"number {m} vs {e}", "error")
        for m, e in zip(missing, extra, strict=False)
    ]
    flags += [
        ErrorFlag("numbers", m, "", f"number {m} missing in the MT", "check")
        for m in missing[len(extra) :]
    ]
    flags += [
        ErrorFlag("numbers", "", e, f"number {e} not in the reference", "check")
        for e in extra[len(missing) :]
    ]
    return flags


def annotate_digits(segments: list[SegmentPair]) -> None:
    """``errors`` of every bead: whole omitted and added sentences, and digit numbers."""
    for seg in segments:
        seg.errors = sentence_errors(seg) or digit_flags(seg.ref, seg.hyp)
