"""What the source sentence says about a name: which words it has that could spell one.

The source is in another language, so only names that survive translation are read:
Latin-script words (for German every noun is capitalised, so a source word alone does
not prove a name; a name the reference and the source share, or the MT and the source,
is the evidence), and for a source mostly in another script its words romanised
(``_names_translit``). Inflected source forms count (Weltmeisters, Leverkusener ~
Leverkusen); a word written in lower case (bringen) spells no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from Levenshtein import ratio

from mtcompare.checks._names_translit import romanised_words
from mtcompare.checks._text import fold, tokens

#: A source word may carry an inflection or derivation ending this long (Leverkusener).
_ENDING = 3


_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NON_LATIN_WORD = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class SourceNames:
    """What one source sentence can tell about names, read once per source.

    ``words``: every readable word (Latin-script ones, and for a source mostly in another
    script its words romanised), the trace of anything that survived translation.
    ``named``: those that may spell a name: Latin words written with a capital (a name is
    capitalised in every Latin-script language, so 'bringen' cannot attest 'Bring'), and
    romanised words (Han has no case). ``verbatim``: the capitalised Latin words alone,
    the only evidence exact enough to call the MT wrong; a romanisation is approximate
    (several systems, homophones), so it may corroborate a side but never convict one.
    """

    words: frozenset[str]
    named: frozenset[str]
    verbatim: frozenset[str]
    latin: bool
    romanised: frozenset[str] = frozenset()


def source_names(text: str) -> SourceNames:
    """``SourceNames`` of a source sentence (its words tokenised once)."""
    words, verbatim = set(), set()
    for t in tokens(text):
        if not _NON_LATIN_WORD.search(t.text):
            key = fold(t.text)
            words.add(key)
            if not t.text.islower():
                verbatim.add(key)
    latin = latin_source(text)
    if latin:
        return SourceNames(frozenset(words), frozenset(verbatim), frozenset(verbatim), latin)
    romanised = romanised_words(text)
    named = frozenset(verbatim | romanised)
    return SourceNames(frozenset(words | romanised), named, frozenset(verbatim), latin, romanised)


#: A romanised source word may end otherwise than the name by this many letters: the
#: source's case ending (Навального -> navalnogo for Navalny, Путина -> putina).
_CASE_ENDING = 4


def romanised_shows(keys: list[str], romanised: frozenset[str], skip: frozenset[str]) -> bool:
    """Every distinctive word of a name is a romanised source word up to a case ending:
    the same letters but for the last two of the name (Navalny ~ navalnogo), the rest of
    the source word an ending; a short word (Xi, Li) must be exact."""
    core = [k for k in keys if k not in skip and len(k) > 1]
    return bool(core) and all(_romanised_form(k, romanised) for k in core)


def _romanised_form(key: str, romanised: frozenset[str]) -> bool:
    if key in romanised:
        return True
    if len(key) < 5:
        return False
    stem = key[:-2]
    return any(w.startswith(stem) and len(w) - len(stem) <= _CASE_ENDING for w in romanised)


def latin_source(text: str) -> bool:
    """Most letters of the source are Latin: a name absent from it was translated, not
    transliterated (a Chinese source shows only the few names written in Latin letters)."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_LATIN.findall(text)) >= 0.5 * letters


def in_source(key: str, words: frozenset[str]) -> bool:
    """``key`` (a folded name word) is a source word, maybe with an ending."""
    if key in words:
        return True
    if len(key) < 4:
        return False
    return any(w.startswith(key) and len(w) - len(key) <= _ENDING for w in words)


def supported(keys: list[str], words: frozenset[str], skip: frozenset[str]) -> bool:
    """Every distinctive word of a name (not a particle or generic word) is in the source."""
    core = [k for k in keys if k not in skip and len(k) > 1]
    return bool(core) and all(in_source(k, words) for k in core)


def close_in_source(keys: list[str], words: frozenset[str]) -> float:
    """How near any word of the name comes to any source word (0..1)."""
    return max((ratio(k, w) for k in keys for w in words), default=0.0)
