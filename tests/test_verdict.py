"""The computed verdict (issue 15 item 1): hand-built runs with known answers, and real runs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mtcompare.analysis.significance import SignificanceConfig
from mtcompare.analysis.verdict import Verdict, verdict
from mtcompare.core.model import Comparison, RunResult, SystemResult
from mtcompare.pipeline import ScoreOptions, score

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "references" / "example.en.txt"
SRC = ROOT / "references" / "example.de.txt"
MT = [ROOT / "examples" / "mt_a.txt", ROOT / "examples" / "mt_b.txt"]


def _system(name: str, corpus: dict[str, float], errors: dict[str, int] | None = None, ci=None):
    return SystemResult(
        name=name,
        path=f"{name}.txt",
        corpus=corpus,
        signatures={},
        segments=[],
        error_counts=errors or {},
        corpus_ci=ci or {},
    )


def _run(systems, comparisons=(), significance=None) -> RunResult:
    meta = {"significance": significance} if significance else {}
    return RunResult(
        reference={"path": "ref.txt"},
        systems=list(systems),
        metrics=["bleu", "chrf", "ter"],
        comparisons=list(comparisons),
        meta=meta,
    )


A_ERRORS = {"names": 6, "numbers": 2, "negation": 1, "omission": 0, "addition": 0}
B_ERRORS = {"names": 1, "numbers": 0, "negation": 0, "omission": 0, "addition": 0}


def test_two_systems_tested_names_winner_delta_ci_p_and_errors() -> None:
    a = _system("mt_a", {"bleu": 30.0, "chrf": 55.0, "ter": 60.0}, A_ERRORS)
    b = _system(
        "mt_b",
        {"bleu": 30.5, "chrf": 57.1, "ter": 58.0},
        B_ERRORS,
        ci={"chrf": [56.3, 57.9]},
    )
    tests = [
        Comparison("mt_a", "mt_b", "chrf", 2.1, 0.003),
        Comparison("mt_a", "mt_b", "bleu", 0.5, 0.4),
        Comparison("mt_a", "mt_b", "ter", -2.0, 0.01),
    ]
    sig = {"baseline": "mt_a", "alpha": 0.05, "clusters": {}}
    v = verdict(_run([a, b], tests, sig))
    assert isinstance(v, Verdict) and len(v.sentences) == 2
    assert v.sentences[0] == (
        "mt_b is better than mt_a on chrF (+2.10, p = 0.003; 57.10, 95% CI 56.30–57.90) "
        "and TER (-2.00, p = 0.010); no significant difference on BLEU (+0.50, p = 0.400)."
    )
    # 9 - 1 = 8 fewer: names 5, numbers 2, negation 1
    assert v.sentences[1] == (
        "mt_b has 8 fewer confident errors than mt_a (names 5, numbers 2, negation 1)."
    )
    assert v.text == " ".join(v.sentences)


def test_significantly_worse_metric_is_said_with_but() -> None:
    a = _system("old", {"bleu": 40.0, "chrf": 60.0, "ter": 50.0})
    b = _system("new", {"bleu": 38.0, "chrf": 62.0, "ter": 50.0})
    tests = [
        Comparison("old", "new", "chrf", 2.0, 0.0005),
        Comparison("old", "new", "bleu", -2.0, 0.02),
        Comparison("old", "new", "ter", 0.0, 1.0),
    ]
    v = verdict(_run([a, b], tests, {"baseline": "old", "alpha": 0.05}))
    first = v.sentences[0]
    assert first.startswith("new is better than old on chrF (+2.00, p < 0.001)")
    assert "but worse on BLEU (-2.00, p = 0.020)" in first
    assert "no significant difference on TER (+0.00, p = 1.000)" in first
    assert v.sentences[1] == "Errors were not checked."


def test_untested_difference_says_untested() -> None:
    a = _system("mt_a", {"bleu": 72.3, "chrf": 78.1, "ter": 28.9}, A_ERRORS)
    b = _system("mt_b", {"bleu": 63.1, "chrf": 80.2, "ter": 21.4}, B_ERRORS)
    first = verdict(_run([a, b])).sentences[0]
    assert first.startswith("mt_b scores better than mt_a on chrF (+2.10) and TER (-7.50)")
    assert "worse on BLEU (-9.20)" in first
    assert "untested" in first and "p =" not in first


def test_no_significant_difference_is_not_called_better() -> None:
    a = _system("a", {"bleu": 30.0, "chrf": 55.0, "ter": 60.0})
    b = _system("b", {"bleu": 30.2, "chrf": 55.4, "ter": 59.0})
    tests = [Comparison("a", "b", m, 0.1, 0.3) for m in ("bleu", "chrf", "ter")]
    first = verdict(_run([a, b], tests, {"baseline": "a"})).sentences[0]
    assert "better" not in first and "not significant" in first


def test_more_errors_with_mixed_categories_are_signed() -> None:
    a = _system("a", {"chrf": 50.0}, {"names": 1, "numbers": 3})
    b = _system("b", {"chrf": 52.0}, {"names": 4, "numbers": 2})
    errors = verdict(_run([a, b])).sentences[1]
    assert errors == "b has 2 more confident errors than a (names +3, numbers -1)."


def test_three_systems_name_the_top_cluster() -> None:
    systems = [
        _system("x", {"bleu": 30.0, "chrf": 55.0, "ter": 60.0}, {"names": 3}),
        _system("y", {"bleu": 31.0, "chrf": 58.0, "ter": 57.0}, {"names": 1}),
        _system("z", {"bleu": 29.0, "chrf": 57.5, "ter": 58.0}, {"names": 2, "numbers": 5}),
    ]
    clusters = {
        "chrf": {"y": 1, "z": 1, "x": 2},
        "bleu": {"y": 1, "x": 2, "z": 2},
        "ter": {"x": 1, "y": 1, "z": 1},
    }
    tests = [Comparison("x", s, m, 0.0, 0.01) for s in ("y", "z") for m in clusters]
    v = verdict(_run(systems, tests, {"baseline": "x", "clusters": clusters}))
    first = v.sentences[0]
    assert first.startswith(
        "Top cluster on chrF: y (58.00) and z (57.50), not significantly different"
    )
    assert "top cluster on BLEU: y (31.00) alone, significantly ahead of x" in first
    assert "on TER all 3 systems form one cluster" in first
    assert v.sentences[1] == (
        "Fewest confident errors: y (1: names 1); most: z (7: names 2, numbers 5)."
    )


def test_three_systems_untested_name_the_best() -> None:
    systems = [
        _system("x", {"bleu": 30.0, "chrf": 55.0, "ter": 60.0}),
        _system("y", {"bleu": 31.0, "chrf": 58.0, "ter": 57.0}),
        _system("z", {"bleu": 29.0, "chrf": 57.5, "ter": 56.0}),
    ]
    first = verdict(_run(systems)).sentences[0]
    assert first.startswith("Best on chrF: y (58.00), next z (57.50)")
    assert "best on TER: z (56.00), next y (57.00)" in first
    assert "untested" in first


def test_one_system_gets_its_scores_in_one_sentence() -> None:
    s = _system("solo", {"bleu": 33.7, "chrf": 58.55, "ter": 50.0}, {"names": 2, "omission": 1})
    v = verdict(_run([s]))
    assert v.sentences == (
        "solo scores chrF 58.55, BLEU 33.70 and TER 50.00 "
        "and has 3 confident errors (names 2, omission 1).",
    )


def test_verdict_is_frozen() -> None:
    v = verdict(_run([_system("solo", {"chrf": 1.0})]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.sentences = ()  # type: ignore[misc]


def test_real_example_run_with_bootstrap() -> None:
    """The bundled example: the verdict agrees with the run's own p-values and counts."""
    run = score(
        REF, MT, ScoreOptions(src=SRC, significance=SignificanceConfig("bootstrap", seed=1))
    )
    v = verdict(run)
    significant = [c for c in run.comparisons if c.p_value < 0.05]
    assert ("not significant" in v.sentences[0]) == (not significant)
    total = {s.name: sum(s.error_counts.values()) for s in run.systems}
    fewer = abs(total["mt_a"] - total["mt_b"])
    best = min(total, key=total.get)
    worst = max(total, key=total.get)
    assert v.sentences[1].startswith(f"{best} has {fewer} fewer confident errors than {worst}")


def test_real_wmt_lines_run_three_systems(wmt22_dir: Path) -> None:
    d = wmt22_dir / "de-en"
    hyps = [d / f"generaltest2022.de-en.hyp.{s}.en" for s in ("JDExploreAcademy", "LT22", "PROMT")]
    run = score(
        d / "generaltest2022.de-en.ref.A.en",
        hyps,
        ScoreOptions(
            lines=True,
            metrics=["chrf"],
            errors=False,
            names=["jd", "lt22", "promt"],
            significance=SignificanceConfig("bootstrap"),
        ),
    )
    top = [n for n, c in run.meta["significance"]["clusters"]["chrf"].items() if c == 1]
    first = verdict(run).sentences[0]
    assert first.startswith("Top cluster on chrF: ")
    for name in top:
        assert f"{name} (" in first
    assert "lt22 (" not in first  # LT22 is far behind on chrF
