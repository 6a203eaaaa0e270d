"""Polarity lexicon of a language: pairs of opposite word groups, and negating prefixes.

The words are in ``data/<language>/antonyms.tsv``, ``negation_prefixes.txt`` and
``prefix_false_friends.txt`` (the first explains the format); here they are stemmed
with ``_text.stem`` once per language and indexed for the negation detector.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from mtcompare.checks._text import stem
from mtcompare.checks.base import table, word_list


@dataclass(frozen=True)
class Lexicon:
    """One language's polarity lexicon, stemmed."""

    #: (positive pole, negative pole) as sets of stems or stem bigrams.
    antonym_pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    #: Prefixes that negate a word (likely/unlikely, legal/illegal, agree/disagree).
    neg_prefixes: tuple[str, ...]
    #: Stems of words that look like prefix + word but are not its negation.
    prefix_false_friends: frozenset[str]


def _pole(members: str, language: str) -> frozenset[str]:
    words = (m.split() for m in members.split(","))
    return frozenset(" ".join(stem(w, language) for w in member) for member in words)


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language`` (read and stemmed on first use)."""
    return Lexicon(
        tuple((_pole(a, language), _pole(b, language)) for a, b in table(language, "antonyms")),
        word_list(language, "negation_prefixes"),
        frozenset(stem(w, language) for w in word_list(language, "prefix_false_friends")),
    )
