"""mtcompare.metrics._fast_stats gives the very integers of sacrebleu's own statistics."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from mtcompare.metrics._fast_stats import FastStats, _batch_13a
from mtcompare.metrics.bleu import BLEUMetric
from mtcompare.metrics.chrf import CHRFMetric

TRICKY = [
    ("", "A reference sentence."),
    ("A hypothesis.", ""),
    ("", ""),
    ("   ", "  \t "),
    ("x", "x"),
    ("ab", "abc"),
    ("aaaaaaa aaaa", "aaa aaaaaaaaaa"),
    ("the the the the the", "the the cat the"),
    ("Emoji 😀😀 ok 👍🏽", "Emoji 😀 ok 👍🏽!"),
    ("北京 说 中国 经济 增长 5.2%", "北京说，中国经济增长了5.2%。"),
    ("x" * 500 + " long", "x" * 400 + " long"),
    ("Price: 3,500.25 dollars -- a-b 1-2", "Price : 3,500.25 dollars - a - b 1 -2"),
    ("&quot;Hi&quot; &amp; &lt;b&gt; <skipped> end .", '"Hi" & <b> end.'),
    ("line-\nbreak\nhere", "linebreak here"),
    ("a.,b ,.c ..d 1.,2 .1, ,", "a. ,b , .c . .d 1.,2"),
    ("tabs\tand\u00a0nbsp\u2003em", "tabs and nbsp em"),
    ("trailing spaces   ", "  leading spaces"),
    ("{[(<>)]} `~@#$%^&*_+=|\\/?!;:'\"", "{ [ ( < > ) ] }"),
    ("ÄÖÜ äöü ß é ç", "äöü ÄÖÜ ss e c"),
    ("\ud800 lone surrogate", "lone surrogate"),
]


def sacre(metric, hyps, refs) -> np.ndarray:
    rows = metric._extract_corpus_statistics(hyps, [refs])
    return np.asarray(rows, dtype=np.float64).reshape(len(hyps), -1)


@pytest.mark.parametrize(
    "make", [BLEU, CHRF, lambda: BLEU(lowercase=True), lambda: CHRF(whitespace=True)]
)
def test_tricky_strings_equal_sacrebleu(make):
    hyps, refs = zip(*TRICKY, strict=True)
    ours = FastStats.for_metric(make()).stats(list(hyps), list(refs))
    np.testing.assert_array_equal(ours, sacre(make(), hyps, refs))


def test_random_strings_equal_sacrebleu():
    """Repetitive strings over a small alphabet: many repeated and clipped n-grams."""
    rng = random.Random(7)
    alphabet = "ab c.,-1&;é😀 "
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(600)]
    hyps, refs = texts[:300], texts[300:]
    refs[10:20] = refs[:10]  # repeated references
    for make in (BLEU, CHRF):
        ours = FastStats.for_metric(make()).stats(hyps, refs)
        np.testing.assert_array_equal(ours, sacre(make(), hyps, refs))


def test_batch_tokenizer_equals_13a_on_every_character():
    """The batched 13a tokenizer: each code point alone and in context, as Tokenizer13a."""
    tokenizer = Tokenizer13a()
    batch = _batch_13a(tokenizer)
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    lines = [f"a{c}b 1{c}2 {c}.{c},{c}" for c in chars[:2000]] + ["".join(chars[2000:70000])]
    assert batch(lines) == [tokenizer(line).split() for line in lines]


def test_only_supported_configurations():
    assert FastStats.for_metric(TER()) is None
    assert FastStats.for_metric(CHRF(word_order=2)) is None  # chrF++: sacrebleu's extraction
    assert _batch_13a(BLEU(tokenize="intl").tokenizer) is None


@pytest.mark.slow
@pytest.mark.parametrize(("pair", "n_systems"), [("de-en", 9), ("zh-en", 12)])
def test_wmt22_all_systems_equal_sacrebleu(wmt22_dir, pair, n_systems):
    d = wmt22_dir / pair
    refs = (d / f"generaltest2022.{pair}.ref.A.en").read_text(encoding="utf-8").splitlines()
    paths = sorted(d.glob(f"generaltest2022.{pair}.hyp.*"))
    assert len(paths) == n_systems
    bleu, chrf = BLEUMetric(), CHRFMetric()
    assert bleu._fast is not None and chrf._fast is not None
    for path in paths:
        hyps = path.read_text(encoding="utf-8").splitlines()
        for metric, reference in ((bleu, BLEU()), (chrf, CHRF())):
            np.testing.assert_array_equal(metric.stats(hyps, refs), sacre(reference, hyps, refs))


# -- sacrebleu internals that move: fall back, never crash, never differ -------------------

PAIRS = [
    *TRICKY,
    ("The council approved the budget on Monday.", "On Monday the council approved the budget."),
]


def test_13a_module_moved_falls_back_to_sacrebleus_tokenizer(monkeypatch):
    import sacrebleu.tokenizers.tokenizer_13a as module

    metric = BLEU()  # its tokenizer was built before the move
    monkeypatch.delattr(module, "Tokenizer13a")  # `from ... import Tokenizer13a` now fails
    assert _batch_13a(metric.tokenizer) is None
    fast = FastStats.for_metric(metric)
    assert fast is not None and fast._tokenize is None  # tokenised line by line by sacrebleu
    hyps, refs = zip(*PAIRS, strict=True)
    np.testing.assert_array_equal(fast.stats(list(hyps), list(refs)), sacre(metric, hyps, refs))


def test_13a_internals_moved_falls_back_to_sacrebleus_tokenizer():
    """sacrebleu keeps its regexes somewhere else: the tokenizer still works, our batch
    copy of it cannot read them."""
    metric = BLEU()
    inner = metric.tokenizer._post_tokenizer

    class Moved:  # what a refactored TokenizerRegexp might look like: no `_re`
        def __call__(self, line: str) -> str:
            return inner(line)

    metric.tokenizer._post_tokenizer = Moved()
    assert _batch_13a(metric.tokenizer) is None
    fast = FastStats.for_metric(metric)
    assert fast is not None
    hyps, refs = zip(*PAIRS, strict=True)
    np.testing.assert_array_equal(fast.stats(list(hyps), list(refs)), sacre(metric, hyps, refs))


def test_statistics_that_changed_shape_fall_back_to_sacrebleu(monkeypatch):
    """A sacrebleu whose chrF rows are laid out differently ([match, hyp, ref]): the fast
    path's probe disagrees, so the metric uses sacrebleu's own extraction."""
    original = CHRF._compute_segment_statistics

    def reordered(self, hyp, ref_kwargs):
        row = original(self, hyp, ref_kwargs)
        return [row[3 * k + j] for k in range(len(row) // 3) for j in (2, 0, 1)]

    monkeypatch.setattr(CHRF, "_compute_segment_statistics", reordered)
    assert FastStats.for_metric(CHRF()) is None
    metric = CHRFMetric()
    assert metric._fast is None
    hyps, refs = zip(*PAIRS, strict=True)
    np.testing.assert_array_equal(metric.stats(list(hyps), list(refs)), sacre(CHRF(), hyps, refs))


def test_an_internal_that_raises_means_no_fast_path(monkeypatch):
    """Any attribute the fast path reads going missing (here: the preprocessing step) is
    caught when the fast path is set up, not halfway through a run."""

    def gone(self, sent):
        raise AttributeError("'CHRF' object has no attribute '_preprocess_segment'")

    monkeypatch.setattr(FastStats, "_chrf_text", gone)
    assert FastStats.for_metric(CHRF()) is None
    assert CHRFMetric()._fast is None
