"""`runs compare` p-values are the corpus-level paired bootstrap of `score --significance`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mtcompare import RunResult, ScoreOptions, score
from mtcompare.analysis.runs_compare import compare_runs
from mtcompare.cli.app import main
from mtcompare.metrics.ter import TERMetric

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"


def test_ter_statistics_recovered_from_sentence_scores_equal_sacrebleu(seed_ref, seed_hyp):
    system = score(seed_ref, [seed_hyp], ScoreOptions(metrics=["ter"])).systems[0]
    expected = TERMetric().stats([s.hyp for s in system.segments], [s.ref for s in system.segments])
    assert np.array_equal(TERMetric().stored_stats(system.segments), expected)


def test_compare_p_values_equal_score_significance_for_the_same_pair(capsys):
    """Run 1 scores mt_a as "engine", run 2 scores mt_b as "engine": comparing the runs
    must give the p-values `score --significance bootstrap` gives for mt_a vs mt_b."""
    old = score(REF, [MT_A], ScoreOptions(names=["engine"]))
    new = score(REF, [MT_B], ScoreOptions(names=["engine"]))
    result = compare_runs(old, new)
    code = main(
        [
            "score",
            "-r",
            str(REF),
            str(MT_A),
            str(MT_B),
            "--significance",
            "bootstrap",
            "-f",
            "json",
            "--no-save",
        ]
    )
    assert code == 0
    both = RunResult.from_dict(json.loads(capsys.readouterr().out))
    expected = {c.metric: c.p_value for c in both.comparisons}
    got = {d.metric: d.p_value for d in result.deltas}
    assert set(expected) == {"bleu", "chrf", "ter"}
    for metric, p in expected.items():
        assert got[metric] == pytest.approx(p, abs=1e-6)
    assert {d.paired_units for d in result.deltas} == {both.meta["significance"]["units"]}
