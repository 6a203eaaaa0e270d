"""Romanised words of a source in another script, so a romanised name can be read from it.

A translator writes a Chinese, Russian or Greek name in Latin letters by transliteration
(Xi Jinping for 习近平, Navalny for Навальный); ``anyascii`` (a kept, table-driven
transliterator) gives the same letters back from the source closely enough to match.
Scripts written without spaces whose characters are syllables (Han, Hangul) are read as
runs of syllables: every run of up to ``_MAX_SYLLABLES`` adjacent characters is a
candidate word (习近平 -> xi, jin, ping, xijin, jinping, xijinping), since a romanised name
joins or splits syllables as its convention does (Xi Jinping, Kim Jong-un). A foreign name
written phonetically (拜登 for Biden) cannot be read back: it stays unfindable.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from mtcompare.checks._text import fold, tokens

#: A name is at most this many syllables joined (Ouyang, Jinping, Jong-un).
_MAX_SYLLABLES = 4

# Han ideographs (with extension A and compatibility forms) and Hangul syllables: one
# character, one syllable.
_SYLLABIC = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_NOT_LETTER = re.compile(r"[^a-z]")


def _latin(text: str) -> str:
    """``text`` in lower-case ASCII letters only (Naval'nyy -> navalnyy)."""
    return _NOT_LETTER.sub("", anyascii(text).lower())


def _syllable_words(run: str) -> set[str]:
    """Every join of up to ``_MAX_SYLLABLES`` adjacent syllables of a Han/Hangul run."""
    syllables = [_latin(c) for c in run]
    out = set()
    for i in range(len(syllables)):
        for j in range(i + 1, min(i + _MAX_SYLLABLES, len(syllables)) + 1):
            out.add("".join(syllables[i:j]))
    return out


def romanised_words(text: str) -> frozenset[str]:
    """Folded romanised forms of the source's non-Latin words (its Latin words are read
    as they are, by ``_names_source``)."""
    out: set[str] = set()
    for run in _SYLLABIC.findall(text):
        out |= _syllable_words(run)
    rest = _SYLLABIC.sub(" ", text)
    for t in tokens(rest):
        if _NON_LATIN.search(t.text):
            out.add(fold(_latin(t.text)))
    out.discard("")
    return frozenset(out)
