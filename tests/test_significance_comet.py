"""COMET in the significance tests: segment scores resampled as ``[sum, count]`` units."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from mtcompare.analysis.significance import SignificanceConfig
from mtcompare.pipeline import ScoreOptions, score

pytestmark = [
    pytest.mark.comet,
    pytest.mark.skipif(importlib.util.find_spec("comet") is None, reason="needs the [comet] extra"),
]


@pytest.fixture(scope="module")
def tiny_comet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_comet import build_comet_checkpoint

    return build_comet_checkpoint(tmp_path_factory.mktemp("tiny_comet_sig"))


def test_comet_is_tested_like_the_other_metrics(seed_ref, seed_hyp, tiny_comet) -> None:
    config = SignificanceConfig("bootstrap", resamples=300)
    run = score(
        seed_ref,
        [seed_hyp, seed_ref],
        ScoreOptions(
            metrics=["bleu", "comet"],
            comet_model=str(tiny_comet),
            comet_src_from_ref=True,
            significance=config,
        ),
    )
    assert "comet" in run.metrics
    comparisons = {c.metric: c for c in run.comparisons}
    assert set(comparisons) == {"bleu", "comet"}
    for k, system in enumerate(run.systems):
        scores = [s.scores["comet"] for s in system.segments if "comet" in s.scores]
        low, high = system.corpus_ci["comet"]
        assert low <= float(np.mean(scores)) <= high
        # the resampled corpus score is the plain mean of segment scores
        assert system.corpus["comet"] == pytest.approx(np.mean(scores), abs=1e-5)
        if k == 1:
            expected = system.corpus["comet"] - run.systems[0].corpus["comet"]
            assert comparisons["comet"].delta == pytest.approx(expected, abs=1e-5)
