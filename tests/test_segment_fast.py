"""mtcompare._pysbd_fast gives exactly pysbd's English results: generated text rich in
abbreviations, case-folding traps, quotes, lists, numbers and line breaks, and real
WMT22 lines; and the facts about Python's case folding it relies on."""

from __future__ import annotations

import re
import sys

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysbd.languages import LANGUAGE_CODES
from pysbd.lists_item_replacer import ListItemReplacer

from mtcompare import _pysbd_fast as fast
from mtcompare import segment

ENGLISH = LANGUAGE_CODES["en"]
ABBREVIATIONS = ENGLISH.Abbreviation.ABBREVIATIONS


def _every_character() -> str:
    return "".join(map(chr, range(sys.maxunicode + 1)))


def test_the_folding_characters_are_all_there() -> None:
    """The only non-ASCII characters IGNORECASE matches to an ASCII letter, and the only
    characters str.lower() turns into ASCII or changes the length of, are the four the
    fast path sends to pysbd's own code; no character becomes or stops being a space."""
    chars = _every_character()
    folding = set(re.findall(r"(?i)[a-z]", chars)) - set("abcdefghijklmnopqrstuvwxyz")
    folding -= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert folding == set(fast._FOLDS_TO_ASCII)
    lowered = {c for c in chars if len(c.lower()) != 1 or (not c.isascii() and c.lower().isascii())}
    assert lowered <= folding
    assert all(c.lower().isspace() == c.isspace() for c in chars if not c.isascii() or c.isspace())
    spaces = re.findall(r"\s", chars)
    assert spaces == [c for c in chars if c.isspace()]


def _pysbd(text: str) -> list[str]:
    return pysbd.Segmenter(language="en", clean=False).processor(text).process()


def _ours(text: str) -> list[str]:
    return fast.FastSegmenter().processor(text).process()


def _case(word: str, flips: list[bool]) -> str:
    return "".join(
        c.upper() if f else c for c, f in zip(word, flips + [False] * len(word), strict=False)
    )


_WORDS = st.sampled_from(
    [
        "the", "he", "said", "Island", "this", "miss", "Minnesota", "Co", "Inc", "etc",
        "U.S", "e.g", "i.e", "Ph.D", "I", "I'm", "I'll", "A", "The", "However", "5", "10",
        "2020", "3.5", "(", ")", "(a)", "b)", "(iv)", "1.", "2.", "a.", "b.", "ii.", "-",
        "⁃", "•", '"', "“", "”", "'", "‘", "’", "«", "»", "!", "?", "...", ":", ",", "♨",
        "☝", "∯", "ȸ", "{mr}", "{no} ", "\u0130s", "\u0131s", "\u017ft", "\u212ay", "%",
        "$", "Σ", "ΣΑΣ", "p.m", "a.m", "No", "Nos", "pp", "Art", "Fig", "St", "Mt",
    ]
)  # fmt: skip
_ABBREVIATION = st.builds(
    _case, st.sampled_from(ABBREVIATIONS), st.lists(st.booleans(), max_size=6)
)
_SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", "\r", "\t", "\xa0", ""])
_STOP = st.sampled_from(["", "", ".", ".", ". ", ".\n", "..", ".:", ".-", ".,", ".?", "!"])
_TOKEN = st.one_of(
    st.tuples(_ABBREVIATION, _STOP).map("".join),
    st.tuples(_WORDS, _STOP).map("".join),
    st.text(alphabet="aBzZ.  \n()1'\"ſıİK", max_size=4),
)
_TEXT = st.lists(st.tuples(_TOKEN, _SPACE).map("".join), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_fast_segmenter_gives_pysbds_sentences(text: str) -> None:
    assert _ours(text) == _pysbd(text)
    original = pysbd.Segmenter(language="en", clean=False)
    assert fast.FastSegmenter().segment(text) == original.segment(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_abbreviation_pass_is_pysbds(text: str) -> None:
    """One line at a time, as pysbd's replace() hands them over."""
    for line in text.replace("\n", "\r").splitlines(True):
        want = ENGLISH.AbbreviationReplacer(line, ENGLISH).search_for_abbreviations_in_string(line)
        ours = fast.FastAbbreviationReplacer(line, ENGLISH)
        assert ours.search_for_abbreviations_in_string(line) == want, line


_LIST_TOKEN = st.sampled_from(
    [
        "1.", "2.", "3.", "9.", "10.", "11.", "0.", "123.", "a.", "b.", "c.", "A.", "i.",
        "ii.", "iii.", "iv.", "v.", "x.", "(a)", "(b)", "(c)", "a)", "b)", "(i)", "(ii)",
        "(iii)", "iv)", "(xviii)", "(xix)", "1)", "2)", "3)", "(1)", "-1.", "-2.", "⁃2.",
        "s-3.)", "4.)", "♨", "☝", "for", "word", "Word", "The", "x", "٣.", "٤.", ".", ")",
    ]
)  # fmt: skip
_LIST_TEXT = st.lists(
    st.tuples(_LIST_TOKEN, st.sampled_from([" ", " ", "\n", "\r", "", "  "])).map("".join),
    max_size=16,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_TEXT, _LIST_TEXT))
def test_list_pass_is_pysbds(text: str) -> None:
    assert fast.add_line_break(text) == ListItemReplacer(text).add_line_break()


@pytest.mark.parametrize(
    "text",
    [
        "a. one b. two c. three",
        "(a) one (b) two (c) three",
        "(i) one (ii) two (iii) three",
        "1. one 2. two 3. three",
        "1) one 2) two 3) three",
        "Symbols ♨ and ☝ are pysbd's markers",
    ],
)
def test_lists_pysbd_finds_are_found(text: str) -> None:
    """Texts pysbd's list pass changes, each through a different step."""
    want = ListItemReplacer(text).add_line_break()
    assert want != text
    assert fast.add_line_break(text) == want


#: The conditions of ``_MAY_LIST`` written plainly (leading look-behinds).
_MAY_LIST_PLAIN = re.compile(
    r"[♨☝]|(?<!\S)[a-z]\.|(?<![^\s\-⁃])\d{1,2}\.[\s)]|\d\)\s|(?<![^\s(])(?:[a-z]|[ivx]{2,5})\)"
)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aivxz()[].123٣-⁃ \n\t♨☝", max_size=14))
def test_list_prefilter_is_its_plain_form(text: str) -> None:
    assert bool(fast._MAY_LIST.search(text)) == bool(_MAY_LIST_PLAIN.search(text))


def test_roman_numerals_of_pysbds_lists_have_five_letters_at_most() -> None:
    assert max(map(len, ListItemReplacer.ROMAN_NUMERALS)) == 5
    assert set("".join(ListItemReplacer.ROMAN_NUMERALS)) == set("ivx")


@pytest.mark.parametrize(
    "text",
    [
        "He met Mr. Smith. Then he left.",
        "The U.S. Army is here. It is not.",
        "\u0130s no. 5 here? \u212aelvin st. John's.",
        "She said {mr} Mr. Jones was there.",
        "1. First item. 2. Second item. 3. Third.",
        "a. one b. two c. three",
        "(i) one (ii) two (iii) three",
        "(xvii) one (xviii) two (xix) three (xxiii) four",
        "x. one xi. two - 1. three ⁃2. four s-3.) five 12) six 13) seven",
        "Items: 1) one 2) two 3) three",
        "Is it? is. IS. iS. Ill. ILL. ill. Miss. MISS. miss. e.g. E.G. e g. i.e. I.E.",
        "The co. Co. CO. cO. inc. Inc. INC. etc. Etc.. Art. 5 art. (5) No. 7 p. 10 pp. (3)",
        "Gen. Smith and Sen. Jones, Dr. Who and Prof. X met St. Louis's mayor at 5 p.m. Monday.",
    ],
)
def test_examples_give_pysbds_sentences(text: str) -> None:
    assert _ours(text) == _pysbd(text)


def test_real_lines_give_pysbds_sentences(wmt22_dir) -> None:
    """Every WMT22 de-en reference A line: the same sentences, and pysbd's list pass
    really is skipped on most of them (measured: it runs on 28 of 1,984)."""
    path = wmt22_dir / "de-en" / "generaltest2022.de-en.ref.A.en"
    lines = path.read_text(encoding="utf-8").splitlines()
    listed = 0
    for line in lines:
        assert _ours(line) == _pysbd(line), line
        listed += fast._MAY_LIST.search(line) is not None
    assert len(lines) > 1900 and listed < 100, listed


def test_only_english_uses_the_fast_segmenter() -> None:
    assert isinstance(segment._segmenter("en"), fast.FastSegmenter)
    assert not isinstance(segment._segmenter("de"), fast.FastSegmenter)
