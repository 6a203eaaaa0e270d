"""Internals the checks' speed rests on: tokens found without match objects, the garbage
collector paused only for a batch, the count-of-times forms in the one source parse."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from mtcompare.checks import annotate
from mtcompare.checks._gc import collector_paused
from mtcompare.checks._numbers_source import parse_source
from mtcompare.checks._text import WORD_RE, Token, tokens
from mtcompare.checks.negation import _grams
from mtcompare.checks.source import Source
from mtcompare.core.model import SegmentPair

_PIECES = ["U.S.", "didn't", "Pen’s", "é", "e\u0301", "_", "5km", "x", "ab", " ", ".", "'", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=12))
def test_tokens_are_the_word_matches_with_their_offsets(parts: list[str]) -> None:
    text = "".join(parts)
    expected = [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    assert tokens(text) == expected
    assert all(text[t.start : t.end] == t.text for t in tokens(text))


def test_the_collector_is_paused_for_a_batch_and_restored() -> None:
    was = gc.isenabled()
    try:
        for state in (True, False):
            gc.enable() if state else gc.disable()
            with collector_paused():
                assert not gc.isenabled()
            assert gc.isenabled() is state
        gc.enable()
        segs = [SegmentPair([0], [0], "He did not pay 5 euros.", "He paid 6 euros.")]
        annotate(segs)
        assert gc.isenabled() and {f.category for f in segs[0].errors} >= {"numbers"}
    finally:
        gc.enable() if was else gc.disable()


def test_the_source_parse_reads_count_of_times_forms() -> None:
    parsed = parse_source("Er traf 3-mal, in 90 Minuten")
    assert parsed.frequency == ((3.0, "3-mal"),)
    assert 90.0 in parsed.plain and 3.0 not in parsed.plain and 3.0 in parsed.values
    plain = parse_source("Zwei Maler kamen.")
    assert plain.frequency == () and plain.plain == frozenset() and 2.0 in plain.values


def test_one_parse_per_source_through_its_memo() -> None:
    src = Source("Sie wurde dreimal geimpft.")
    first = src.memo("numbers", parse_source)
    assert src.memo("numbers", parse_source) is first
    assert dict(first.frequency) == {3.0: "dreimal"}


def _grams_plainly(stems: list[str], skip: set[int]) -> dict[str, int]:
    """Stems and stem bigrams -> first token index, cue tokens left out: the plain loop."""
    first: dict[str, int] = {}
    for i, s in enumerate(stems):
        if i not in skip:
            first.setdefault(s, i)
            if i + 1 < len(stems) and i + 1 not in skip:
                first.setdefault(f"{s} {stems[i + 1]}", i)
    return first


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["not", "good", "bad", "go", "a"]), max_size=10),
    st.sets(st.integers(0, 9), max_size=3),
)
def test_negation_grams_keep_first_indexes_in_text_order(stems: list[str], skip: set[int]) -> None:
    grams, words = _grams(stems, skip)
    expected = _grams_plainly(stems, skip)
    assert list(grams.items()) == list(expected.items()) and words == set(stems)
