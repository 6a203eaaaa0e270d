"""Polarity lexicon of a language: pairs of opposite word groups, and negating prefixes.

The words are in ``data/<language>/antonyms.tsv``, ``negation_prefixes.txt`` and
``prefix_false_friends.txt`` (the first explains the format), plus WordNet's direct
antonyms (``antonyms_wordnet.tsv``, derived by devtools/derive_antonyms.py); here they are
stemmed with ``_text.stem`` once per language and indexed for the negation detector.
WordNet pairs are taken for adjectives, adverbs and verbs only (noun antonyms such as
man/woman are not polarity) and never for the particles listed in
``antonyms_wordnet_skip.txt`` (in/out, on/off).
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
    #: WordNet antonyms, stemmed: stem (or stem bigram) -> the stems of its antonyms.
    wordnet: dict[str, frozenset[str]]
    #: Stems of words with a negating prefix whose base is their WordNet antonym
    #: (impossible, unable, dishonest): a negation that no negation word shows.
    affixed: frozenset[str]


def _pole(members: str, language: str) -> frozenset[str]:
    words = (m.split() for m in members.split(","))
    return frozenset(" ".join(stem(w, language) for w in member) for member in words)


def _wordnet(language: str) -> dict[str, frozenset[str]]:
    """Stemmed WordNet antonyms of ``language`` (empty when it has no such table)."""
    try:
        rows = table(language, "antonyms_wordnet")
    except FileNotFoundError:
        return {}
    skip = set(word_list(language, "antonyms_wordnet_skip"))
    out: dict[str, set[str]] = {}
    for a, b, pos in rows:
        if pos == "n" or a in skip or b in skip:
            continue
        if a.count(" ") > 1 or b.count(" ") > 1:
            continue
        sa, sb = (" ".join(stem(x, language) for x in w.split()) for w in (a, b))
        if sa != sb:
            out.setdefault(sa, set()).add(sb)
            out.setdefault(sb, set()).add(sa)
    return {k: frozenset(v) for k, v in out.items()}


def _affixed(wordnet: dict[str, frozenset[str]], prefixes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        w
        for w, opposites in wordnet.items()
        for p in prefixes
        if w[len(p) :] in opposites and w.startswith(p)
    )


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language`` (read and stemmed on first use)."""
    prefixes = word_list(language, "negation_prefixes")
    wordnet = _wordnet(language)
    return Lexicon(
        tuple((_pole(a, language), _pole(b, language)) for a, b in table(language, "antonyms")),
        prefixes,
        frozenset(stem(w, language) for w in word_list(language, "prefix_false_friends")),
        wordnet,
        _affixed(wordnet, prefixes),
    )
