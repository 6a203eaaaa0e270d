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


# -- a metric owns its scorer ------------------------------------------------------------------


class CHRFPlusPlus(CHRFMetric):
    """chrF++ as a user would add it: a chrF subclass with word bigrams."""

    name = "chrf++"

    def __init__(self) -> None:
        super().__init__(word_order=2)


def test_chrf_plus_plus_subclass_scores_as_sacrebleu(wmt22_dir):
    """Its scorer follows its sacrebleu configuration (the name-based lookup gave a
    subclass a mean of the statistics: sentence chrF 1.12 where sacrebleu says 72.66)."""
    d = wmt22_dir / "de-en"
    refs = (d / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()[:200]
    hyps = (d / "generaltest2022.de-en.hyp.Online-B.en").read_text(encoding="utf-8")
    hyps = hyps.splitlines()[:200]
    hyps, refs = [*HYPS, *hyps], [*REFS, *refs]
    metric, theirs = CHRFPlusPlus(), CHRF(word_order=2)
    stats = metric.stats(hyps, refs)
    expected = [theirs.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)]
    assert metric.sentence_scores(stats).tolist() == expected
    assert metric.corpus_score(stats) == theirs.corpus_score(hyps, [refs]).score
    scorer = metric.scorer()
    assert scorer.name == "chrf++"
    assert scorer.scores(stats.sum(axis=0)) == pytest.approx(metric.corpus_score(stats), abs=1e-9)
    assert metric.signature() == theirs.get_signature().format()


def test_a_sacrebleu_metric_without_its_scorer_is_refused():
    from mtcompare.metrics.base import SegmentMetric

    class Unscored(SegmentMetric):
        name = "chrf++"

        def __init__(self) -> None:
            super().__init__(CHRF(word_order=2))

    with pytest.raises(NotImplementedError, match="no vectorised scorer"):
        Unscored()


# -- TER's segment length limit -----------------------------------------------------------------


def _long_line(n: int) -> str:
    return " ".join(f"word{i % 97}" for i in range(n))


def test_ter_limit_names_the_line_and_the_limit(tmp_path, capsys):
    from mtcompare.cli.app import main
    from mtcompare.metrics.ter import MAX_WORDS

    assert MAX_WORDS == 1000
    ref, hyp = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref.write_text(f"A short line.\n{_long_line(MAX_WORDS)}\nThe end.\n", encoding="utf-8")
    hyp.write_text(f"A short line.\n{_long_line(MAX_WORDS)}\nThe end.\n", encoding="utf-8")
    run = score(ref, [hyp], ScoreOptions(lines=True, metrics=["ter"], errors=False))
    assert run.systems[0].corpus["ter"] == 0.0  # at the limit: scored
    hyp.write_text(f"A short line.\n{_long_line(MAX_WORDS + 1)}\nThe end.\n", encoding="utf-8")
    args = ["score", "--lines", "-r", str(ref), str(hyp), "-m", "bleu,ter", "--no-save", "-q"]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"line 2 of {hyp}" in err and "1,001 MT words" in err and "limit of 1,000" in err
    # the other metrics take the line
    run = score(ref, [hyp], ScoreOptions(lines=True, metrics=["bleu", "chrf"], errors=False))
    assert run.systems[0].corpus["bleu"] > 90


def test_ter_limit_on_the_reference_side_in_document_mode(tmp_path):
    ref, hyp = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref.write_text(f"A short sentence.\n{_long_line(1500)}\n", encoding="utf-8")
    hyp.write_text("A short sentence.\nSomething else entirely.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        score(ref, [hyp], ScoreOptions(metrics=["ter"], errors=False))
    message = str(err.value)
    assert "1,500 reference words" in message and str(hyp) in message
    assert "reference sentence(s) 2" in message
