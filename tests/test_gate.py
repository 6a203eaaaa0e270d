"""The regression gate (issue 15 item 9): ``runs compare OLD NEW --fail-on regression``
and ``score --baseline-run RUN --fail-on regression`` exit 1 on a regression, one stderr
line per cause, 0 otherwise, 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcompare.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "references" / "example.en.txt"
SRC = ROOT / "references" / "example.de.txt"
MT_A, MT_B = ROOT / "examples" / "mt_a.txt", ROOT / "examples" / "mt_b.txt"
LINES = 300


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _head(src: Path, dst: Path) -> Path:
    dst.write_text(
        "".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:LINES]), "utf-8"
    )
    return dst


@pytest.fixture(scope="module")
def wmt(wmt22_dir: Path, tmp_path_factory) -> dict[str, Path]:
    """The first 300 lines of WMT22 de-en: reference A, two systems far apart on chrF."""
    d, out = wmt22_dir / "de-en", tmp_path_factory.mktemp("wmt")
    names = {"ref": "ref.A", "good": "hyp.JDExploreAcademy", "bad": "hyp.LT22", "src": "src"}
    return {
        k: _head(d / f"generaltest2022.de-en.{v}.{'de' if k == 'src' else 'en'}", out / k)
        for k, v in names.items()
    }


def _score(capsys, ref: Path, hyp: Path, *extra: object) -> tuple[int, str, str]:
    return run_cli(capsys, "score", "-q", "--ref", ref, hyp, "-n", "engine", "-f", "json", *extra)


def _lines_score(capsys, wmt, which: str, *extra: object) -> tuple[int, str, str]:
    args = ("--lines", "-m", "chrf", "--no-errors", *extra)
    return _score(capsys, wmt["ref"], wmt[which], *args)


def test_significantly_worse_metric_fails_the_gate(capsys, wmt) -> None:
    assert _lines_score(capsys, wmt, "good")[0] == 0
    assert _lines_score(capsys, wmt, "bad")[0] == 0
    code, out, err = run_cli(capsys, "runs", "compare", "latest~1", "latest", "-f", "json")
    assert code == 0, err  # without --fail-on: no gate
    (delta,) = json.loads(out)["deltas"]
    assert delta["significant"] and delta["improved"] is False  # LT22 is far behind
    code, out, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--fail-on", "regression"
    )
    assert code == 1
    causes = [line for line in err.splitlines() if line.startswith("mtcompare: regression: ")]
    assert len(causes) == 1
    assert causes[0].startswith("mtcompare: regression: engine: chrF significantly worse, ")
    assert f"p = {delta['p_value']:.3f}" in causes[0]
    assert "Run " in out  # the comparison is still printed


def test_improvement_and_identical_runs_pass(capsys, wmt) -> None:
    assert _lines_score(capsys, wmt, "bad")[0] == 0
    assert _lines_score(capsys, wmt, "good")[0] == 0
    code, _, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--fail-on", "regression"
    )
    assert code == 0, err
    assert "no regression against run" in err and "regression: " not in err
    # a run against itself: identical output is never significantly different (p = 1)
    code, _, err = run_cli(capsys, "runs", "compare", "latest", "latest", "--fail-on", "regression")
    assert code == 0, err


def test_more_confident_errors_fail_the_gate_with_the_categories(capsys) -> None:
    code, fresh, _ = _score(capsys, REF, MT_B, "--src", SRC)
    assert code == 0
    code, worse, _ = _score(capsys, REF, MT_A, "--src", SRC)
    assert code == 0
    old = json.loads(fresh)["systems"][0]["error_counts"]
    new = json.loads(worse)["systems"][0]["error_counts"]
    assert sum(new.values()) > sum(old.values())
    code, _, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--fail-on", "regression"
    )
    assert code == 1
    line = next(x for x in err.splitlines() if "more confident errors" in x)
    more = sum(new.values()) - sum(old.values())
    assert line.startswith(f"mtcompare: regression: engine: {more} more confident errors")
    for cat in new:
        if new[cat] != old.get(cat, 0):
            assert f"{cat} {new[cat] - old.get(cat, 0):+d}" in line


def test_score_with_baseline_run_is_the_same_gate(capsys, wmt) -> None:
    code, _, err = _lines_score(capsys, wmt, "good")
    assert code == 0, err
    base = err.split("stored run ")[1].split()[0]
    code, out, err = _lines_score(
        capsys, wmt, "bad", "--baseline-run", base, "--fail-on", "regression"
    )
    assert code == 1
    assert json.loads(out)["systems"][0]["name"] == "engine"  # the output is still written
    assert "mtcompare: regression: engine: chrF significantly worse" in err
    assert "stored run" in err  # and the run is stored
    # --baseline-run alone reports, without failing
    code, _, err = _lines_score(capsys, wmt, "bad", "--baseline-run", base, "--no-save")
    assert code == 0 and "regression: engine: chrF" in err


def test_missing_system_is_a_cause(capsys, wmt) -> None:
    args = ["score", "-q", "--lines", "-m", "chrf", "--no-errors", "--ref", wmt["ref"]]
    both = [wmt["good"], wmt["bad"], "-n", "engine", "-n", "other"]
    assert run_cli(capsys, *args, *both)[0] == 0
    assert run_cli(capsys, *args, wmt["bad"], "-n", "other")[0] == 0
    code, _, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--fail-on", "regression"
    )
    assert code == 1
    causes = [line for line in err.splitlines() if "regression: " in line]
    assert len(causes) == 1 and "engine: in run " in causes[0]
    assert causes[0].endswith("missing from the new run")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["runs", "compare", "latest", "latest", "--fail-on", "worse"], "unknown --fail-on value"),
        (["runs", "compare", "nosuchrun", "latest", "--fail-on", "regression"], "no run"),
        (
            ["score", "--ref", REF, MT_A, "--fail-on", "regression"],
            "--fail-on needs --baseline-run",
        ),
        (["score", "--ref", REF, MT_A, "--baseline-run", "abcdef99"], "no run 'abcdef99'"),
    ],
)
def test_bad_input_exits_2(capsys, args, message) -> None:
    assert _score(capsys, REF, MT_A)[0] == 0  # a store with one run
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert "mtcompare: stored run" not in err  # refused before any work


def test_different_references_cannot_be_gated(capsys, wmt) -> None:
    assert _score(capsys, REF, MT_A)[0] == 0
    assert _lines_score(capsys, wmt, "good")[0] == 0
    code, out, err = run_cli(
        capsys, "runs", "compare", "latest~1", "latest", "--fail-on", "regression"
    )
    assert code == 2 and "--fail-on needs two runs of the same reference" in err
    assert out == ""


def test_score_baseline_of_another_reference(capsys, wmt) -> None:
    code, _, err = _score(capsys, REF, MT_A)
    base = err.split("stored run ")[1].split()[0]
    code, out, err = _lines_score(capsys, wmt, "good", "--baseline-run", base)
    assert code == 0 and "scored another reference (or mode): no regression check" in err
    code, out, err = _lines_score(
        capsys, wmt, "good", "--baseline-run", base, "--fail-on", "regression"
    )
    assert code == 2 and "--fail-on needs two runs of the same reference" in err
    assert json.loads(out)["systems"]  # the run was still written (and stored) first
