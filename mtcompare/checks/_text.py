"""Small text helpers shared by the detectors: tokens with offsets, folding, crude lemmas.

Everything here is cheap: the detectors run on every aligned pair of every system, so a
WMT test set (9 systems x 2000 pairs) must annotate in seconds. The few word lists
(stop words, irregular forms) are data files per language, read once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from typing import Any, NamedTuple, TypeVar

from mtcompare.checks.base import table, word_list
from mtcompare.core.model import ErrorFlag, SegmentPair

#: Letters with inner apostrophes ("didn't", "Pen's"), or a dotted acronym ("U.S.").
WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")


@cache
def stopwords(language: str) -> frozenset[str]:
    """Function words and frequent sentence openers: never content, never names."""
    return frozenset(word_list(language, "stopwords"))


class Token(NamedTuple):
    """A word with its character span in the original text."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words of ``text`` with offsets, so flags can quote the original spelling."""
    return _tokens(text, WORD_RE.findall(text))


_new_token = partial(tuple.__new__, Token)  # Token(...) without its Python-level __new__


def _tokens(text: str, words: list[str]) -> list[Token]:
    """The tokens of ``words``, ``WORD_RE.findall(text)``. Cheaper than match objects: a
    word starts with a letter and every letter of ``text`` is in a word, so a word's
    first occurrence after the previous one's end is where it was matched."""
    out = []
    pos = 0
    find = text.find
    for word in words:
        start = find(word, pos)
        pos = start + len(word)
        out.append(_new_token((word, start, pos)))
    return out


T = TypeVar("T")
_MISSING = object()


@dataclass(frozen=True)
class Words:
    """One side of a pair, tokenised once and shared by all detectors (speed).

    Each detector's own analysis of the side (name mentions, quantities, negation cues,
    clause chunks) is memoised on it by ``analysis``, so when ``annotate`` hands the same
    ``Words`` to every pair that shares a text (a reference sentence against nine
    systems), that side is analysed once.
    """

    text: str
    toks: list[Token]
    low: list[str]
    stems: list[str]
    language: str = "en"
    _memo: dict[Callable[[Any], Any], Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str, language: str = "en") -> Words:
        """``text`` tokenised, folded and stemmed (``language`` must be supported)."""
        words = WORD_RE.findall(text)
        low = list(map(fold, words))
        return cls(text, _tokens(text, words), low, list(map(stemmer(language), low)), language)

    def analysis(self, compute: Callable[[Words], T]) -> T:
        """``compute(self)``, computed once per ``Words``; callers must not mutate it."""
        found = self._memo.get(compute, _MISSING)
        if found is _MISSING:
            found = self._memo[compute] = compute(self)
        return found


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Case-, accent-, dot- and possessive-insensitive key: Mélenchon == melenchon, U.S. == us."""
    if word.isalpha() and word.isascii():
        return word.lower()
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.casefold().replace("’", "'").replace(".", "")
    if word.endswith("'s"):
        word = word[:-2]
    return word.rstrip("'")


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """``stem`` of an already folded word, memoised, for ``language``."""
    irregular = dict(table(language, "irregular"))

    @lru_cache(maxsize=1 << 16)
    def stem_folded(w: str) -> str:
        w = irregular.get(w, w)
        if len(w) <= 3:
            return w
        if w.endswith("ies") or w.endswith("ied"):
            return w[:-3] + "y"
        for suf in ("ing", "ed"):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                w = w[: -len(suf)]
                if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "aeiosl":
                    w = w[:-1]
                return w.rstrip("e")
        if w.endswith("es") and len(w) > 4:
            return w[:-2].rstrip("e")
        if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            return w[:-1].rstrip("e")
        return w.rstrip("e") if len(w) > 3 else w

    return stem_folded


def stem(word: str, language: str = "en") -> str:
    """Crude lemma: enough to equate rose/rises/rising or approved/approve, not a linguist."""
    return stemmer(language)(fold(word))


def shorten(text: str, limit: int = 80) -> str:
    """A quote short enough for a table cell."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def window(text: str, start: int, end: int, before: int = 1, after: int = 1) -> str:
    """The span ``start:end`` widened by a few words on each side, for readable quotes."""
    left = text[:start].split()
    right = text[end:].split()
    parts = [*(left[len(left) - before :] if before else []), text[start:end], *right[:after]]
    return " ".join(p for p in parts if p).strip(" ,;:")


def locate(snippet: str, text: str) -> str:
    """The part of ``text`` that best matches ``snippet`` (for the other side of a flag)."""
    if not snippet or not text:
        return ""
    from rapidfuzz import fuzz  # only for a flag's quote: keeps ``mtcompare.checks`` light

    al = fuzz.partial_ratio_alignment(snippet, text)
    if al is None or al.score < 50:
        return ""
    start, end = al.dest_start, al.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(" ,;:.")


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out ``spans`` (same length, so offsets stay valid) for downstream detectors."""
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def sentence_errors(seg: SegmentPair) -> list[ErrorFlag] | None:
    """The flag of a whole omitted (1-0) or added (0-1) sentence; None for other beads.
    Every language has this check: it needs no word lists."""
    if not seg.hyp_ids and seg.ref_ids:
        return [ErrorFlag("omission", seg.ref, "", f"sentence omitted: '{shorten(seg.ref)}'")]
    if not seg.ref_ids and seg.hyp_ids:
        return [ErrorFlag("addition", "", seg.hyp, f"sentence added: '{shorten(seg.hyp)}'")]
    return None
