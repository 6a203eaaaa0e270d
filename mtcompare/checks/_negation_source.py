"""German negation cues of a pair's source sentence, as evidence for the negation check.

Counting cues across languages is only reliable for plain negation words (nicht, kein,
nie, ohne, weder ... noch once), so only those are counted, and only in a source that reads
as German (two frequent German function words, or one and an umlaut): any other source gives no
evidence. The lists are data files (``negation_source_de*.txt``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from mtcompare.checks.base import word_list


def _words_re(name: str) -> re.Pattern[str]:
    """The patterns of a data file as one whole-word, case-insensitive expression."""
    alts = "|".join(word_list("en", name))
    return re.compile(r"(?<![^\W\d_])(?:" + alts + r")(?![^\W\d_])", re.IGNORECASE)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    return (
        _words_re("negation_source_de"),
        _words_re("negation_source_de_affixes"),
        frozenset(word_list("en", "negation_source_de_markers")),
    )


class SourceCues(NamedTuple):
    """Negation cues of a German source, and its words with a negating affix (unweit,
    sieglos), which English may render with a negation word ("not far") or without ("near")."""

    cues: list[str]
    affixed: list[str]


def german_cues(text: str) -> SourceCues | None:
    """The negation cues of a German ``text`` (lower-cased, 'nicht nur' left out), or None
    when the text does not read as German (two frequent German words, or one and an umlaut)."""
    cue_re, affix_re, markers = _patterns()
    words = re.findall(r"[^\W\d_]+", text.lower())
    n_markers = sum(1 for w in set(words) if w in markers)
    if n_markers < 2 and not (n_markers and any(c in "äöüß" for c in text.lower())):
        return None
    out = []
    for m in cue_re.finditer(text):
        after = text[m.end() : m.end() + 5].lower()
        if m.group().lower() == "nicht" and after.strip().startswith("nur"):
            continue
        out.append(m.group().lower())
    return SourceCues(out, [m.group().lower() for m in affix_re.finditer(text)])
