"""Word-level diff: tokens, edit runs, and the compact form the HTML report embeds."""

from __future__ import annotations

import pytest

from mtcompare.alignment.worddiff import changed_fraction, compact, diff_words, pieces, tokens


def test_tokens_keep_numbers_and_contractions_whole() -> None:
    assert tokens("On April 24th, 12,000 people (2.5%) didn’t vote.") == [
        "On", "April", "24th", ",", "12,000", "people", "(", "2.5", "%", ")", "didn’t", "vote", ".",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Le Pen, 53, said: “No.”", "  spaced\tout \n text ", "NATO-Russia rapprochement!", ""],
)
def test_pieces_join_back_to_the_text_with_normalised_spaces(text: str) -> None:
    assert "".join(pieces(text)) == " ".join(text.split())


def test_identical_sentences_are_one_equal_run() -> None:
    ops = diff_words("Macron won the vote.", "Macron won the vote.")
    assert [op.tag for op in ops] == ["equal"]
    assert changed_fraction(ops) == 0.0


def test_substitution_is_a_replace_of_just_that_token() -> None:
    ops = diff_words("The firm hired 12,000 workers.", "The firm hired 1,200 workers.")
    assert [(op.tag, op.ref, op.hyp) for op in ops if op.tag != "equal"] == [
        ("replace", ["12,000"], ["1,200"])
    ]


def test_insertion_and_deletion() -> None:
    ops = diff_words("He did not resign.", "He did resign today.")
    changes = [(op.tag, op.ref, op.hyp) for op in ops if op.tag != "equal"]
    assert changes == [("delete", ["not"], []), ("insert", [], ["today"])]


def test_adjacent_changes_merge_into_one_replace() -> None:
    """Levenshtein gives replace+delete for 'be ahead of' -> 'surpass'; a reader wants one."""
    ops = diff_words("Macron could be ahead of Le Pen", "Macron could surpass Le Pen")
    changes = [(op.tag, op.ref_text, op.hyp_text) for op in ops if op.tag != "equal"]
    assert changes == [("replace", " be ahead of", " surpass")]


def test_empty_side() -> None:
    assert [op.tag for op in diff_words("", "Added sentence.")] == ["insert"]
    assert [op.tag for op in diff_words("Omitted one.", "")] == ["delete"]
    assert diff_words("", "") == []
    assert changed_fraction(diff_words("a b", "c d")) == 1.0


@pytest.mark.parametrize(
    ("ref", "hyp"),
    [
        ("Predictions that President Emmanuel Macron could be ahead.", "Emanuel Macron leads."),
        ("", "<script>alert(1)</script>"),
        ("Price: $2.5 billion.", "Price : $2.5 million ."),
    ],
)
def test_compact_form_carries_both_texts(ref: str, hyp: str) -> None:
    ref_text = hyp_text = ""
    for op in compact(diff_words(ref, hyp)):
        if isinstance(op, str):
            ref_text, hyp_text = ref_text + op, hyp_text + op
        else:
            ref_text, hyp_text = ref_text + op[0], hyp_text + op[1]
    assert ref_text == " ".join(ref.split())
    assert hyp_text == " ".join(hyp.split())


def test_compact_marks_spacing_only_differences_as_equal() -> None:
    ops = compact(diff_words("Price: 5", "Price : 5"))
    assert ops == ["Price", [":", " :", "="], " 5"]
