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
