"""Opposite number qualifiers belong to the numbers check, not to negation.

"Fewer than 50" vs "More than 50" and "over 10" vs "under 10" reverse a quantity, which
the numbers check reports as a qualifier change; flagging the same words again as a
negation flip would count one difference twice. A flip is a qualifier when, on both
sides, the flipped word is part of a number-qualifier phrase (``qualifiers.tsv``) that a
number (digits or a number word) follows.
"""

from __future__ import annotations

import re
from functools import cache

from mtcompare.checks.base import table


@cache
def _qualifier_re(language: str) -> re.Pattern[str]:
    """Any qualifier phrase followed by a number, as one case-insensitive expression."""
    phrases = sorted((row[1] for row in table(language, "qualifiers")), key=len, reverse=True)
    numbers = [row[0] for row in table(language, "units")] + [
        row[0] for row in table(language, "scales")
    ]
    alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    nums = "|".join(map(re.escape, sorted(numbers, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alts})\s+(?:[$€£¥]?\d|(?:{nums})(?!\w))", re.IGNORECASE)


def qualifies_number(text: str, word: str, language: str) -> bool:
    """``word`` (as quoted from ``text``) lies inside a qualifier phrase before a number."""
    if not word:
        return False
    for m in _qualifier_re(language).finditer(text):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", m.group(), re.IGNORECASE):
            return True
    return False


def number_qualifier_flip(ref: str, ref_word: str, hyp: str, hyp_word: str, language: str) -> bool:
    """Both words of a flip qualify a number: a change the numbers check reports."""
    return qualifies_number(ref, ref_word, language) and qualifies_number(hyp, hyp_word, language)


def in_qualifier(text: str, start: int, language: str) -> bool:
    """The character at ``start`` lies in a qualifier phrase before a number ("not more
    than 50", "no fewer than ten"): a bound the numbers check reads, no negation."""
    return any(m.start() <= start < m.end() for m in _qualifier_re(language).finditer(text))
