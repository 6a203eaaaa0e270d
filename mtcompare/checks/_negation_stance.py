"""Changes of stance between verbs of position: "be ahead of" vs "surpass".

"Macron could be ahead of Le Pen" states a lead; "Macron could surpass Le Pen" presupposes
that he trails now. No negation word differs, yet the claim is reversed. The two
presupposition classes are a data table (``stance.tsv``); members of one class are
paraphrases of each other (lead = be ahead, surpass = outstrip) and never flagged.
"""

from __future__ import annotations

from functools import cache

from mtcompare.checks._text import Words, stem
from mtcompare.checks.base import table
from mtcompare.core.model import ErrorFlag

_GAP = 10  # words allowed between the verb and the particle of a two-word member
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s"})


@cache
def _members(language: str) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Stemmed two-word and one-word members -> (class, what it says)."""
    pairs: dict[str, tuple[str, str]] = {}
    singles: dict[str, tuple[str, str]] = {}
    for member, cls, gloss in table(language, "stance"):
        key = " ".join(stem(w, language) for w in member.split())
        (pairs if " " in key else singles)[key] = (cls, gloss)
    return pairs, singles


@cache
def _seconds(language: str) -> frozenset[str]:
    return frozenset(k.split()[1] for k in _members(language)[0])


def stances(w: Words) -> dict[str, tuple[str, str]]:
    """Class -> (quoted words, what they say) of the first member of each class in ``w``."""
    pairs, singles = _members(w.language)
    stems, toks, low = w.stems, w.toks, w.low
    found: dict[str, tuple[str, str]] = {}
    used: set[int] = set()
    seconds = _seconds(w.language)
    for j in [j for j in range(1, len(stems)) if stems[j] in seconds]:
        for i in range(j - 1, max(-1, j - _GAP - 1), -1):  # "leaves his rivals behind"
            hit = pairs.get(f"{stems[i]} {stems[j]}")
            if hit and i not in used:
                used |= {i, j}
                quote = (
                    w.text[toks[i].start : toks[j].end]
                    if j == i + 1
                    else f"{toks[i].text} … {toks[j].text}"
                )
                found.setdefault(hit[0], (quote, hit[1]))
                break
    for i in [i for i, s in enumerate(stems) if s in singles]:
        hit = singles[stems[i]]
        if not hit or i in used or (i + 1 < len(low) and low[i + 1] == "to"):
            continue  # "lead to" is causation, not position
        first = i - 1 if i > 0 and low[i - 1] in _BE else i
        found.setdefault(hit[0], (w.text[toks[first].start : toks[i].end], hit[1]))
    return found


def stance_flags(ref: Words, hyp: Words) -> list[ErrorFlag]:
    """A flag when the reference uses one presupposition class only and the MT another."""
    r, h = ref.analysis(stances), hyp.analysis(stances)
    if len(r) != 1 or len(h) != 1 or r.keys() == h.keys():
        return []
    (rq, rg), (hq, hg) = next(iter(r.values())), next(iter(h.values()))
    detail = f"change of stance: '{rq}' {rg}, '{hq}' {hg}"
    return [ErrorFlag("negation", rq, hq, detail)]
