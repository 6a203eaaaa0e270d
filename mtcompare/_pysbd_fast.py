"""pysbd's English segmenter with its abbreviation and list passes made cheap, same output.

pysbd's ``AbbreviationReplacer.search_for_abbreviations_in_string`` builds regex
strings per abbreviation per line and per match: ``(?:^|\\s)X`` under IGNORECASE (a scan
the regex engine cannot speed up with a literal prefix), then one ``re.sub`` over the
line for every word that starts with an abbreviation (" is" dozens of times a line),
and so many pattern strings that Python's 512-entry regex cache keeps recompiling them.
:class:`FastSegmenter` is used only by :mod:`mtcompare.segment` (pysbd itself is left
alone) and gives the same sentences because, for an abbreviation of ASCII letters:

- the words it matches are found in the lowered line with a literal search and a
  look-behind for the whitespace (``X(?<!\\S X)``): the same positions, as long as the
  line holds none of the four characters Python's IGNORECASE folds onto an ASCII letter
  (``_FOLDS_TO_ASCII``; with one, pysbd's own code runs) and ``str.lower`` then keeps
  every position and maps no other character onto an ASCII letter or a space;
- pysbd's earlier replacements only turn ``.`` into ``∯``, which is neither a letter
  nor a space, so the lowered original line still tells where the words are;
- each of pysbd's three replacements of a period after a word ``a`` only turns ``.``
  into ``∯`` and can only match fewer places after such a change, never new ones: run
  again with the same ``a`` it changes nothing, so each distinct ``a`` runs once, and
  not at all when ``a.`` is not in the line;
- every pattern is compiled once (pysbd's own pattern strings, kept unescaped where
  pysbd leaves them so).

Abbreviations with a ``.`` (``e.g``, ``u.s``: a wildcard in pysbd's pattern) and lines
with a folding character go through pysbd's own code for that abbreviation or line.

pysbd's list pass (``ListItemReplacer.add_line_break``: eight scans with patterns that
start with look-behinds) is skipped when the text holds nothing any of its patterns
needs (``_MAY_LIST``), and otherwise runs step by step, each step only when its own
pattern can match (``_ListItems``). On the 11,500-sentence article pair of
benchmarks/bench_long.py, English segmentation takes 60% less CPU
(benchmarks/bench_segment.py).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pysbd
from pysbd.languages import LANGUAGE_CODES
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Text

_ENGLISH = LANGUAGE_CODES["en"]
#: The non-ASCII characters IGNORECASE matches to an ASCII letter (İ ı ſ and the Kelvin
#: sign; tests/test_segment_fast.py checks every code point).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_LETTERS = re.compile(r"[a-z]+")
#: What each of ListItemReplacer.add_line_break's steps needs to find before it changes
#: anything (a superset: each of pysbd's list patterns implies one of these): its marker
#: characters; a letter and a period after a space ("a."); one or two digits and a
#: period before a space or ")", after a space, "-" or "⁃" ("2. "); a digit, ")" and a
#: space; a letter or a roman numeral of pysbd's list (5 letters at most) closing a
#: bracket after a space or "(" ("(b)", "iv)"). Each branch starts with a literal
#: character (the regex engine then skips to them): 17 times faster than the same
#: conditions written with leading look-behinds.
_MAY_LIST = re.compile(
    r"♨|☝"
    r"|\.(?:(?<=(?<!\S)[a-z]\.)|(?=[\s)])(?:(?<=(?<![^\s\-⁃])\d\.)|(?<=(?<![^\s\-⁃])\d\d\.)))"
    r"|\)(?:(?=\s)(?<=\d\))|(?<=(?<![^\s(])[a-z]\))|(?<=(?<![^\s(])[ivx]{2}\))"
    r"|(?<=(?<![^\s(])[ivx]{3}\))|(?<=(?<![^\s(])[ivx]{4}\))|(?<=(?<![^\s(])[ivx]{5}\)))"
)


#: What each step of add_line_break needs in the text it is given before it can change
#: anything (its pattern's matches, filtered to pysbd's alphabet: a single letter, or a
#: roman numeral of 1 to 5 letters i, v, x), each branch starting with a literal.
_LATIN_PERIOD = re.compile(r"\.(?<=(?<!\S)[a-z]\.)")
_LATIN_PAREN = re.compile(r"\)(?<=(?<![^\s(])[a-z]\))")
_ROMAN_PERIOD = re.compile(r"\.(?<=(?<!\S)[ivx]\.)")
_ROMAN_PAREN = re.compile(
    r"\)(?:(?<=(?<![^\s(])[ivx]\))|(?<=(?<![^\s(])[ivx]{2}\))|(?<=(?<![^\s(])[ivx]{3}\))"
    r"|(?<=(?<![^\s(])[ivx]{4}\))|(?<=(?<![^\s(])[ivx]{5}\)))"
)
_NUMBERED_PERIOD = re.compile(r"♨|\.(?=[\s)])(?:(?<=(?<![^\s\-⁃])\d\.)|(?<=(?<![^\s\-⁃])\d\d\.))")
_NUMBERED_PAREN = re.compile(r"☝|\)(?=\s)(?<=\d\))")


class _ListItems(ListItemReplacer):
    """pysbd's list pass with each step run only when its pattern can match."""

    def add_line_break(self) -> str:
        for pattern, parens, roman in (
            (_LATIN_PERIOD, False, False),
            (_LATIN_PAREN, True, False),
            (_ROMAN_PERIOD, False, True),
            (_ROMAN_PAREN, True, True),
        ):
            if pattern.search(self.text):
                regex = (
                    self.ALPHABETICAL_LIST_WITH_PARENS
                    if parens
                    else self.ALPHABETICAL_LIST_WITH_PERIODS
                )
                self.iterate_alphabet_array(regex, parens=parens, roman_numeral=roman)
        if _NUMBERED_PERIOD.search(self.text):
            self.format_numbered_list_with_periods()
        if _NUMBERED_PAREN.search(self.text):
            self.format_numbered_list_with_parens()
        return self.text


def add_line_break(text: str) -> str:
    """``ListItemReplacer(text).add_line_break()``, skipped where it cannot find a list
    and run step by step where it can."""
    return _ListItems(text).add_line_break() if _MAY_LIST.search(text) else text


@cache
def _word_pattern(stripped: str) -> re.Pattern[str]:
    """``stripped`` at the start of the text or after whitespace, in lowered text."""
    return re.compile(rf"{stripped}(?<![^\s]{stripped})")


@cache
def _start_pattern(stripped: str) -> re.Pattern[str]:
    """pysbd's pattern for ``stripped`` at a word start (unescaped: ``.`` is a wildcard)."""
    return re.compile(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE)


@cache
def _next_char_pattern(stripped: str) -> re.Pattern[str]:
    """pysbd's ``next_word_start`` (literal braces included)."""
    return re.compile(r"(?<={" + str(re.escape(stripped)) + "} ).{1}")


@lru_cache(maxsize=4096)  # one per case variant of an abbreviation met ("Mr", "MR")
def _period_pattern(kind: str, abbr: str) -> re.Pattern[str]:
    """The pattern of pysbd's replace_prepositive_abbr, replace_pre_number_abbr or
    AbbreviationReplacer.replace_period_of_abbr for ``abbr``, as pysbd spells it."""
    if kind == "prepositive":
        return re.compile(rf"(?<=\s{abbr})\.(?=(\s|:\d+))")
    if kind == "number":
        return re.compile(rf"(?<=\s{abbr})\.(?=(\s\d|\s+\())")
    return re.compile(
        rf"(?<=\s{re.escape(abbr)})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
    )


@cache
def _kinds() -> dict[str, str]:
    """Which replacement each English abbreviation gets (pysbd's order of tests)."""
    abbr = _ENGLISH.Abbreviation
    kinds: dict[str, str] = {}
    for word in abbr.ABBREVIATIONS:
        key = word.strip().lower()
        if key in abbr.PREPOSITIVE_ABBREVIATIONS:
            kinds[word.strip()] = "prepositive"
        elif key in abbr.NUMBER_ABBREVIATIONS:
            kinds[word.strip()] = "number"
        else:
            kinds[word.strip()] = "period"
    return kinds


class FastAbbreviationReplacer(_ENGLISH.AbbreviationReplacer):
    """English pysbd abbreviation replacement, the hot loop re-implemented exactly."""

    def search_for_abbreviations_in_string(self, text: str) -> str:
        if any(c in text for c in _FOLDS_TO_ASCII):
            return super().search_for_abbreviations_in_string(text)
        lowered = text.lower()
        kinds = _kinds()
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            if not _LETTERS.fullmatch(stripped):
                text = self._as_pysbd(text, stripped)
                continue
            starts = [m.start() for m in _word_pattern(stripped).finditer(lowered)]
            if not starts:
                continue
            chars = _next_char_pattern(stripped).findall(text) if "{" in text else []
            kind = kinds[stripped]
            size = len(stripped)
            done: set[str] = set()
            for ind, start in enumerate(starts):
                word = text[start : start + size]
                if word in done:
                    continue
                char = chars[ind] if ind < len(chars) else ""
                if str(char).isupper() and kind != "prepositive":
                    continue
                done.add(word)
                if word + "." in text:
                    text = _period_pattern(kind, word).sub("∯", " " + text)[1:]
        return text

    def _as_pysbd(self, text: str, stripped: str) -> str:
        """pysbd's loop body for one abbreviation (its patterns compiled once)."""
        abbrev_match = _start_pattern(stripped).findall(text)
        if not abbrev_match:
            return text
        char_array = _next_char_pattern(stripped).findall(text)
        for ind, match in enumerate(abbrev_match):
            text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class FastProcessor(Processor):
    def process(self) -> str | list[str]:
        """pysbd's ``Processor.process``, its list pass through :func:`add_line_break`."""
        if not self.text:
            return self.text
        self.text = add_line_break(self.text.replace("\n", "\r"))
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = Text(self.text).apply(
            self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
            self.lang.GeoLocationRule,
            self.lang.FileFormatRule,
        )
        return self.split_into_segments()


class FastEnglish(_ENGLISH):
    """pysbd's English with the fast processor and abbreviation replacer."""

    Processor = FastProcessor
    AbbreviationReplacer = FastAbbreviationReplacer


class FastSegmenter(pysbd.Segmenter):
    """``pysbd.Segmenter(language="en", clean=False)`` reading :class:`FastEnglish`
    (pysbd's Segmenter.processor takes the language's own Processor)."""

    def __init__(self) -> None:
        super().__init__(language="en", clean=False)
        self.language_module = FastEnglish
