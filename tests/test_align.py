"""Sentence alignment: the seed structure, bead shapes, WMT22 perturbations, scale."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devtools.synthetic import bead_f1, perturb, wmt22_long_document
from mtcompare.alignment import monolingual
from mtcompare.alignment.monolingual import Bead, align
from mtcompare.core.textio import read_text, text_lines
from mtcompare.segment import split_sentences


@pytest.fixture(scope="module")
def seed_beads(seed_ref, seed_hyp):
    ref = split_sentences(seed_ref.read_text(encoding="utf-8"))
    hyp = split_sentences(seed_hyp.read_text(encoding="utf-8"))
    return ref, hyp, align(ref, hyp)


def _bead_with_hyp(beads, hyp, prefix):
    return next(b for b in beads if any(hyp[j].startswith(prefix) for j in b.hyp))


def test_beads_cover_both_sides_in_order(seed_beads):
    ref, hyp, beads = seed_beads
    assert [i for b in beads for i in b.ref] == list(range(len(ref)))
    assert [j for b in beads for j in b.hyp] == list(range(len(hyp)))


def test_seed_merged_headline_aligns_two_reference_sentences_to_one(seed_beads):
    ref, hyp, beads = seed_beads
    bead = _bead_with_hyp(beads, hyp, "Russia threatens nuclear shipment")
    assert len(bead.ref) == 2 and len(bead.hyp) == 1
    assert ref[bead.ref[0]].startswith("Russia threatens to transfer nuclear weapons")
    assert ref[bead.ref[1]].startswith("French presidential candidates from both")


def test_seed_page_junk_aligns_to_nothing(seed_beads):
    ref, _, beads = seed_beads
    omitted = {ref[i] for b in beads if not b.hyp for i in b.ref}
    assert "United states" in omitted
    assert "Substitute while the actions of the article are loading" in omitted


def test_seed_parallel_sentences_align_one_to_one(seed_beads):
    ref, hyp, beads = seed_beads
    for prefix in (
        "Will France elect",
        "Predictions that President",
        "In a 2019 interview",
        "“I think NATO has just",
    ):
        bead = _bead_with_hyp(beads, hyp, prefix)
        assert len(bead.ref) == 1 and ref[bead.ref[0]].startswith(prefix[:12])


def test_split_and_merge_and_added_sentence():
    ref = [
        "The council approved the budget on Monday after a long debate.",
        "Taxes will rise by two percent next year.",
        "The mayor said the city had no other choice.",
        "Opposition parties called the plan unfair to families.",
    ]
    hyp = [
        "Read our live blog for updates.",
        "On Monday the council approved the budget.",
        "This followed a long debate.",
        "Taxes will go up by two percent next year, and the mayor said the city had no choice.",
        "Opposition parties called the plan unfair to families.",
    ]
    assert align(ref, hyp) == [
        Bead((), (0,)),
        Bead((0,), (1, 2)),
        Bead((1, 2), (3,)),
        Bead((3,), (4,)),
    ]


_LONG = (
    "The regional government announced on Tuesday that it would spend three billion "
    "euros on new railway lines, rebuild forty stations across the northern provinces, "
    "hire two thousand additional train drivers before the end of the decade and cut "
    "ticket prices for students and pensioners by half from next spring."
)
_SPLIT = [
    "The regional government announced on Tuesday that it would spend three billion euros "
    "on new railway lines.",
    "It will also rebuild forty stations across the northern provinces.",
    "Two thousand additional train drivers will be hired before the end of the decade.",
    "Ticket prices for students and pensioners will be cut by half from next spring.",
]
_AROUND = (
    ["Opposition parties welcomed the plan but asked how it would be paid for."],
    ["Critics said the money would be better spent on buses in rural areas."],
)


def test_one_sentence_split_into_four_is_a_1_4_bead_and_back():
    before, after = _AROUND
    assert align([*before, _LONG, *after], [*before, *_SPLIT, *after]) == [
        Bead((0,), (0,)),
        Bead((1,), (1, 2, 3, 4)),
        Bead((2,), (5,)),
    ]
    assert align([*before, *_SPLIT, *after], [*before, _LONG, *after]) == [
        Bead((0,), (0,)),
        Bead((1, 2, 3, 4), (1,)),
        Bead((5,), (2,)),
    ]


def test_page_junk_next_to_a_split_is_not_absorbed():
    before, after = _AROUND
    junk = "Subscribe to our newsletter for daily updates"
    beads = align([*before, _LONG, *after], [*before, *_SPLIT, junk, *after])
    assert Bead((), (5,)) in beads and Bead((1,), (1, 2, 3, 4)) in beads


_LAW = (
    "The new law requires every school to publish its exam results, to hire a nurse and to "
    "offer free lunches to pupils whose parents earn little."
)
_LAW_PIECES = [
    "Under the new law each school must publish exam results and hire a nurse.",
    "Free lunches for pupils from low-income families.",
]
_UNIONS = (
    "Teachers' unions said the schools had not been asked and that the law came without money."
)
_UNIONS_MT = (
    "The teachers' unions said the schools were not consulted and that the law brought no money."
)


def test_a_short_piece_of_a_split_sentence_joins_its_bead():
    """An MT engine cut the sentence in two and the second piece paraphrases its end: too
    unlike the whole sentence for a 1-2 merge, but its words are in it and the MT side is
    too short without it. Between two beads it joins the one whose sentence it is from."""
    before, after = _AROUND
    assert align([*before, _LAW, _UNIONS, *after], [*before, *_LAW_PIECES, _UNIONS_MT, *after]) == [
        Bead((0,), (0,)),
        Bead((1,), (1, 2)),
        Bead((2,), (3,)),
        Bead((3,), (4,)),
    ]
    # The reference cut in two, the MT whole: the reference piece joins the same way.
    assert align([*before, *_LAW_PIECES, *after], [*before, _LAW, *after]) == [
        Bead((0,), (0,)),
        Bead((1, 2), (1,)),
        Bead((3,), (2,)),
    ]


def test_junk_and_omissions_next_to_a_bead_stay_unmatched():
    """Page junk shares no words with the neighbouring sentence, though the MT side would
    fit the reference's length better with it; an omitted reference sentence shares words
    with its neighbour's translation, which is whole without it."""
    before, after = _AROUND
    short_mt = "Each school must publish exam results, hire a nurse and offer free lunches."
    junk = "Read more: the best deals of the week."
    beads = align([*before, _LAW, *after], [*before, short_mt, junk, *after])
    assert Bead((1,), (1,)) in beads and Bead((), (2,)) in beads
    opened = "The mayor opened the new bridge over the river on Monday morning."
    cost = "The bridge over the river cost the city four million euros."
    mt = "On Monday morning the mayor opened the new bridge over the river."
    beads = align([*before, opened, cost, *after], [*before, mt, *after])
    assert Bead((1,), (1,)) in beads and Bead((2,), ()) in beads


def test_a_sentence_reworded_in_place_is_one_bead_not_an_omission_and_an_addition():
    """Nothing in common but the place and the length: "There were injuries." and
    "People got hurt." between the same two translated sentences are one translation."""
    before, after = _AROUND
    ref = [*before, "The bus left the road near the village.", "There were injuries.", *after]
    hyp = [*before, "The bus left the road near the village.", "People got hurt.", *after]
    assert Bead((2,), (2,)) in align(ref, hyp)
    # Not when only one side has a leftover there, or the lengths are far apart.
    assert Bead((2,), ()) in align(ref, [*hyp[:2], *after])
    long_mt = "Several passengers, among them two children, were taken to the hospital in town."
    beads = align(ref, [*hyp[:2], "Ok.", *after])
    assert Bead((2,), ()) in beads and Bead((), (2,)) in beads
    assert Bead((2,), (2,)) in align(ref, [*hyp[:2], long_mt[:40], *after])


def test_leftovers_pair_in_order_only_when_each_side_has_as_many():
    lens = ([20.0, 20.0, 20.0], [20.0, 20.0, 20.0])
    config = monolingual.AlignConfig()
    run = [Bead((0,), ()), Bead((1,), ()), Bead((), (0,)), Bead((), (1,))]
    assert monolingual._paired(run, lens, config) == [Bead((0,), (0,)), Bead((1,), (1,))]
    uneven = [Bead((0,), ()), Bead((1,), ()), Bead((), (0,))]
    assert monolingual._paired(uneven, lens, config) == uneven


def test_a_boundary_piece_moves_to_the_bead_it_is_from():
    """The programme's beads, handed the first piece of the next sentence's translation to
    the sentence before it: the piece moves to the bead whose reference holds its words,
    which also evens both beads' lengths. Pieces that fit where they are stay."""
    before, after = _AROUND
    ref = [*before, _UNIONS, _LAW, *after]
    hyp = [*before, _UNIONS_MT, *_LAW_PIECES, *after]
    vecs = monolingual._vectorize(ref, hyp, monolingual.AlignConfig())
    lens = ([float(len(s)) for s in ref], [float(len(s)) for s in hyp])
    right = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2, 3)), Bead((3,), (4,))]
    wrong = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,)), Bead((3,), (4,))]
    config = monolingual.AlignConfig()
    assert monolingual._shift_boundaries(wrong, vecs, lens, config) == right
    assert monolingual._shift_boundaries(right, vecs, lens, config) == right


def test_quotation_across_lines_aligns_sentence_by_sentence():
    """The reference keeps a three-sentence quotation in one paragraph, the MT breaks it
    across lines: both are split into the quotation's sentences, which align 1-1."""
    ref = split_sentences(
        "But a call changed his mind: “I was deeply touched when I learned that an old "
        "school friend was fighting for his life. He was fighting a severe Covid infection "
        "and had been on a ventilator for three weeks. He didn't ask why.” Then he posted "
        "the photo."
    )
    hyp = split_sentences(
        'But a call last week changed his mind: "I was deeply saddened to learn that an '
        "old school friend of mine is fighting for his life.\nHe is fighting a severe Covid "
        'disease and has been on a ventilator for three weeks.\nHe did not ask why." '
        "Then he published the photo."
    )
    assert len(ref) == len(hyp) == 4
    assert align(ref, hyp) == [Bead((i,), (i,)) for i in range(4)]


_WORDS = st.sampled_from(
    [
        "the",
        "council",
        "budget",
        "taxes",
        "rise",
        "mayor",
        "city",
        "plan",
        "unfair",
        "families",
        "bridge",
        "vote",
        "euros",
        "minister",
        "said",
        "on",
        "Monday",
        "river",
        "school",
        "photo",
        "war",
        "peace",
        "treaty",
        "nuclear",
    ]
)
_SENTENCES = st.lists(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join), max_size=14)


@settings(max_examples=60, deadline=None)
@given(_SENTENCES, _SENTENCES)
def test_beads_cover_every_sentence_once_in_order(ref, hyp):
    beads = align(ref, hyp)
    assert [i for b in beads for i in b.ref] == list(range(len(ref)))
    assert [j for b in beads for j in b.hyp] == list(range(len(hyp)))
    assert all(b.ref or b.hyp for b in beads)


def test_empty_sides():
    assert align([], ["a b"]) == [Bead((), (0,))]
    assert align(["a b"], []) == [Bead((0,), ())]


def _wmt_lines(wmt22_dir, name):
    return text_lines(read_text(wmt22_dir / "de-en" / f"generaltest2022.de-en.{name}").text)


def test_wmt22_perturbed_alignment_recovers_true_beads(wmt22_dir):
    ref = _wmt_lines(wmt22_dir, "ref.A.en")[:600]
    hyp = _wmt_lines(wmt22_dir, "hyp.Online-W.en")[:600]
    junk = _wmt_lines(wmt22_dir, "ref.B.en")[1000:1400]
    case = perturb(ref, hyp, seed=7, junk=junk)
    assert sum(1 for b in case.truth if len(b.ref) != 1 or len(b.hyp) != 1) > 40
    assert bead_f1(align(case.ref, case.hyp), case.truth) > 0.93


@pytest.mark.slow
def test_ten_thousand_sentences_align_in_a_band(wmt22_dir):
    """No document boundaries: the banded search keeps memory far below n*m cells."""
    case = wmt22_long_document(wmt22_dir, 10000)
    tracemalloc.start()
    beads = align(case.ref, case.hyp)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert bead_f1(beads, case.truth) > 0.9
    # A full n*m float64 score matrix alone would take 800 MB.
    assert peak < 800e6 / 2
