"""mtcompare.metrics._fast_ter gives sacrebleu's TER edit counts exactly, including where the
beam binds, ties abound and the candidate cap stops the search."""

from __future__ import annotations

import random

import Levenshtein
import pytest
from sacrebleu.metrics import TER, lib_ter
from sacrebleu.metrics.lib_ter import BeamEditDistance, _perform_shift

from mtcompare.metrics._fast_ter import _ShiftSearch, segment_statistics, translation_edit_rate


def _words(rng: random.Random, vocab: int, n: int) -> list[str]:
    return [f"w{rng.randrange(vocab)}" for _ in range(n)]


def test_small_vocabularies_with_many_ties():
    """Two to ten distinct words: many equally cheap alignments and shifts."""
    rng = random.Random(7)
    for _ in range(500):
        vocab = rng.choice([2, 3, 5, 10])
        hyp, ref = _words(rng, vocab, rng.randrange(30)), _words(rng, vocab, rng.randrange(30))
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)


def test_long_sentences_where_the_beam_changes_the_distance():
    """Hypotheses missing the first 10-45 words: sacrebleu's beam distance exceeds the true
    edit distance in some, and those are reproduced, not the true distance."""
    rng = random.Random(11)
    binding = 0
    for k in range(40):
        ref = _words(rng, rng.choice([5, 50, 500]), rng.randrange(30, 70))
        hyp = ref[rng.randrange(10, 45) :] + _words(rng, 50, rng.randrange(20))
        if k % 3 == 0:
            rng.shuffle(hyp)
        binding += BeamEditDistance(ref)(hyp)[0] != Levenshtein.distance(hyp, ref)
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)
    assert binding >= 5  # the case this test is about does occur


def test_the_shift_candidate_cap(monkeypatch):
    """A long two-word sentence exhausts sacrebleu's 1000 candidates: same result."""
    seen: list[int] = []
    real_shift = lib_ter._shift

    def counting_shift(*args):
        result = real_shift(*args)
        seen.append(result[2])
        return result

    monkeypatch.setattr(lib_ter, "_shift", counting_shift)
    rng = random.Random(3)
    hyp, ref = _words(rng, 2, 70), _words(rng, 2, 70)
    expected = lib_ter.translation_edit_rate(hyp, ref)
    assert max(seen) >= 1000
    assert translation_edit_rate(hyp, ref) == expected


@pytest.mark.parametrize(
    ("hyp", "ref"),
    [("", ""), ("", "a b c"), ("a b c", ""), ("a b c", "a b c"), ("c b a", "a b c")],
)
def test_edge_cases(hyp, ref):
    assert translation_edit_rate(hyp.split(), ref.split()) == lib_ter.translation_edit_rate(
        hyp.split(), ref.split()
    )


@pytest.mark.parametrize("pair", ["de-en", "zh-en"])
def test_real_wmt22_lines_equal_sacrebleu(wmt22_dir, pair):
    """Every 24th line of two systems against both references (the whole sets are
    compared in benchmarks/bench_ter.py)."""
    d = wmt22_dir / pair
    metric = TER()
    refs = [
        (d / f"generaltest2022.{pair}.ref.{k}.en").read_text(encoding="utf-8").splitlines()
        for k in "AB"
    ]
    for path in sorted(d.glob(f"generaltest2022.{pair}.hyp.*"))[:2]:
        hyps = path.read_text(encoding="utf-8").splitlines()
        for i in range(0, len(hyps), 24):
            info = metric._extract_reference_info([r[i] for r in refs])
            words = metric._preprocess_segment(hyps[i]).split()
            expected = metric._compute_segment_statistics(metric._preprocess_segment(hyps[i]), info)
            assert segment_statistics(words, info["ref_words"]) == expected


def test_batched_beam_distances_equal_sacrebleu_beam(monkeypatch):
    """Candidates whose beam distance exceeds the edit distance are filled together with
    numpy from the rows they share with the current hypothesis (row 0 included): the
    distances are sacrebleu's beam distances, and whole searches that take that path give
    sacrebleu's edit counts."""
    rng = random.Random(5)
    for k in range(12):
        ref = [rng.randrange(40) for _ in range(rng.randrange(60, 130))]
        if k % 2:  # the reference without its first words
            hyp = ref[rng.randrange(15, 45) :] + [rng.randrange(40) for _ in range(30)]
        else:  # twice as long: the beam's rows are narrower than the reference
            hyp = [rng.randrange(40) for _ in range(2 * len(ref))]
        search = _ShiftSearch(ref, len(hyp))
        search.best_shift(hyp, 0)  # the current matrix: hyp's
        shifts = [(rng.randrange(len(hyp) - 4), rng.randrange(1, 4)) for _ in range(12)]
        candidates = [
            _perform_shift(hyp, start, length, rng.choice([0, rng.randrange(len(hyp) - length)]))
            for start, length in shifts
        ]
        expected = [BeamEditDistance(ref)(c)[0] for c in candidates]
        assert search._numpy_fill(candidates) == expected
    calls = []
    real = _ShiftSearch._numpy_fill
    monkeypatch.setattr(
        _ShiftSearch, "_numpy_fill", lambda self, hyps: calls.append(len(hyps)) or real(self, hyps)
    )
    for _ in range(3):
        ref = _words(rng, 30, rng.randrange(90, 120))
        hyp = ref[rng.randrange(30, 50) :] + _words(rng, 30, rng.randrange(30))
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)
    assert calls  # the searches did take the batched path
