"""German negation cues of a pair's source sentence, as evidence for the negation check.

Counting cues across languages is only reliable for plain negation words (nicht, kein,
nie, ohne, weder ... noch once), so only those are counted, and only in a source that reads
as German (``reads_as_german``): any other source gives no evidence, and the check then acts
as without a source (it never takes a source it cannot read for one without negations).
The lists are data files (``negation_source_de*.txt``).
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
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str]]:
    return (
        _words_re("negation_source_de"),
        _words_re("negation_source_de_affixes"),
        frozenset(word_list("en", "negation_source_de_markers")),
        frozenset(word_list("en", "negation_source_de_shared")),
    )


#: Endings of German words no related language shares (Dutch -heid/-lijk/-ing, Danish and
#: Swedish -hed/-het/-lig/-ning): Regierung, Möglichkeit, Gesellschaft, natürlich, typisch.
_GERMAN_ENDING = re.compile(r"(?:ung|ungen|keit|heit|schaft|lich|liche[nmrs]?|isch|ische[nmrs]?)$")


def reads_as_german(text: str) -> bool:
    """The text reads as German: two signs of it among frequent German function words
    (``negation_source_de_markers.txt``), an umlaut and a German word ending, of which one
    no related language shares (a marker not in ``negation_source_de_shared.txt``, the
    ending, or ß): Dutch "die", Danish "den" or Swedish "man" and "ä" are no evidence."""
    _, _, markers, shared = _patterns()
    low = text.lower()
    words = set(re.findall(r"[^\W\d_]+", low))
    found = words & markers
    ending = any(_GERMAN_ENDING.search(w) for w in words if len(w) > 6)
    if not (found - shared or ending or "ß" in low):
        return False
    return len(found) + ending + any(c in "äöüß" for c in low) >= 2


class SourceCues(NamedTuple):
    """Negation cues of a German source, and its words with a negating affix (unweit,
    sieglos), which English may render with a negation word ("not far") or without ("near")."""

    cues: list[str]
    affixed: list[str]


def german_cues(text: str) -> SourceCues | None:
    """The negation cues of a German ``text`` (lower-cased, 'nicht nur' left out), or None
    when the text does not read as German (``reads_as_german``)."""
    cue_re, affix_re, _, _ = _patterns()
    if not reads_as_german(text):
        return None
    out = []
    for m in cue_re.finditer(text):
        after = text[m.end() : m.end() + 5].lower()
        if m.group().lower() == "nicht" and after.strip().startswith("nur"):
            continue
        out.append(m.group().lower())
    return SourceCues(out, [m.group().lower() for m in affix_re.finditer(text)])
