"""Scores equal sacrebleu's to the last digit: API on the same pairs, CLI on WMT22."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from mtcompare import ScoreOptions, score
from mtcompare.core.errors import InputError
from mtcompare.metrics import parse_metrics
from mtcompare.metrics.bleu import BLEUMetric
from mtcompare.metrics.chrf import CHRFMetric
from mtcompare.metrics.ter import TERMetric

HYPS = [
    "The council approved the budget on Monday.",
    "Taxes will rise by two percent.",
    "",
    "An added sentence nobody asked for.",
]
REFS = [
    "On Monday the council approved the budget.",
    "Taxes will go up by 2 percent next year.",
    "The mayor said there was no other choice.",
    "",
]


@pytest.mark.parametrize(
    ("ours", "theirs", "sentence"),
    [
        (BLEUMetric, BLEU(), BLEU(effective_order=True)),
        (CHRFMetric, CHRF(), CHRF()),
        (TERMetric, TER(), TER()),
    ],
)
def test_corpus_and_sentence_scores_equal_sacrebleu(ours, theirs, sentence):
    metric = ours()
    stats = metric.stats(HYPS, REFS)
    assert metric.corpus_score(stats) == theirs.corpus_score(HYPS, [REFS]).score
    expected = [sentence.sentence_score(h, [r]).score for h, r in zip(HYPS, REFS, strict=True)]
    assert metric.sentence_scores(stats).tolist() == expected
    assert metric.signature() == theirs.get_signature().format()


def test_parse_metrics():
    assert parse_metrics("BLEU, chrf,bleu") == ["bleu", "chrf"]
    with pytest.raises(InputError, match="unknown metric 'meteor'"):
        parse_metrics("bleu,meteor")


def test_document_mode_corpus_equals_sacrebleu_on_aligned_pairs(seed_ref, seed_hyp):
    run = score(seed_ref, [seed_hyp], ScoreOptions())
    system = run.systems[0]
    hyps = [s.hyp for s in system.segments]
    refs = [s.ref for s in system.segments]
    assert system.corpus["bleu"] == BLEU().corpus_score(hyps, [refs]).score
    assert system.corpus["chrf"] == CHRF().corpus_score(hyps, [refs]).score
    assert system.corpus["ter"] == TER().corpus_score(hyps, [refs]).score
    assert system.signatures["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")


@pytest.mark.slow
def test_lines_mode_equals_sacrebleu_cli_on_wmt22_de_en(wmt22_dir):
    d = wmt22_dir / "de-en"
    ref = d / "generaltest2022.de-en.ref.A.en"
    hyps = sorted(d.glob("generaltest2022.de-en.hyp.*.en"))
    assert len(hyps) == 9
    run = score(ref, hyps, ScoreOptions(metrics=["bleu", "chrf"], lines=True))
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "sacrebleu",
            str(ref),
            "-i",
            *map(str, hyps),
            "-m",
            "bleu",
            "chrf",
            "-b",
            "-w",
            "4",
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = {row["system"]: row for row in json.loads(cli.stdout)}
    for system in run.systems:
        row = expected[system.path]
        assert f"{system.corpus['bleu']:.4f}" == row["BLEU"]
        assert f"{system.corpus['chrf']:.4f}" == row["chrF2"]
        assert len(system.segments) == 1984
