"""The CLI's shape: no import cycles, light start-up, options declared and mapped once,
and every renderer reachable from every command for fresh, stored and saved runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.cli.common import ScoringArgs

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "mtcompare"
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"


@pytest.mark.parametrize("args", [["--help"], ["score", "--help"], ["runs", "list"]])
def test_commands_that_do_not_score_skip_the_scoring_stack(tmp_path: Path, args: list[str]) -> None:
    code = (
        "import sys; from mtcompare.cli import main; rc = main(sys.argv[1:]); "
        "heavy = [m for m in ('numpy', 'sacrebleu', 'rapidfuzz', 'pysbd') if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), MTCOMPARE_DB=f"sqlite:///{tmp_path / 'db'}")
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_options_map_once_onto_score_options() -> None:
    from mtcompare.analysis.significance import SignificanceConfig
    from mtcompare.pipeline import ScoreOptions

    unset = ScoringArgs().score_options(None)
    default = ScoreOptions()
    for name in ("comet_model", "batch_size", "gpus", "src", "lines", "errors", "docids"):
        assert getattr(unset, name) == getattr(default, name), name  # defaults from one place
    assert unset.metrics == ",".join(default.metrics)
    assert unset.significance == SignificanceConfig()
    given = ScoringArgs(
        name=["a"], metrics="chrf", comet_model="m", batch_size=4, no_errors=True,
        significance="bootstrap", seed=7, bootstrap_unit="document",
    ).score_options(None)  # fmt: skip
    assert (given.names, given.metrics, given.comet_model, given.batch_size) == (
        ["a"],
        "chrf",
        "m",
        4,
    )
    assert given.errors is False
    assert (given.significance.method, given.significance.seed) == ("bootstrap", 7)
    assert given.significance.unit == "document"


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_takes_the_comet_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "diff", "-r", REF, MT_A, "-m", "bleu,comet", "--src", REF, "-q")
    assert code == 2 and err.count("\n") == 1  # no COMET extra or no model: a clean error
    assert "No such option" not in err and "COMET" in err
    code, _, err = cli(capsys, "diff", "-r", REF, MT_A, "-m", "bleu,comet", "-q")
    if code == 0:  # COMET installed: skipped without a source, with a warning of ours
        assert err.startswith("mtcompare: warning: COMET skipped") and "UserWarning" not in err
    else:
        assert "UserWarning" not in err and err.startswith("mtcompare: error:")


def test_every_command_renders_every_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["-r", REF, MT_A, MT_B, "-q"]
    report = tmp_path / "report.html"
    saved = tmp_path / "run.json"
    assert cli(capsys, "score", *args, "--html", report, "-f", "json", "-o", saved)[0] == 0
    run = json.loads(saved.read_text("utf-8"))
    code, page, _ = cli(capsys, "runs", "show", "latest", "-f", "html")
    assert code == 0 and page == report.read_text("utf-8")  # same run, same page
    assert cli(capsys, "score", *args, "--no-save", "-f", "html", "-o", tmp_path / "f.html")[0] == 0
    assert (tmp_path / "f.html").read_text("utf-8").count('"systems":["mt_a","mt_b"]') == 1
    _, fresh_tsv, _ = cli(capsys, "score", *args, "--no-save", "-f", "tsv")
    _, stored_tsv, _ = cli(capsys, "runs", "show", "latest", "-f", "tsv")
    assert stored_tsv == fresh_tsv and len(stored_tsv.splitlines()) == 1 + sum(
        len(s["segments"]) for s in run["systems"]
    )
    _, fresh, _ = cli(capsys, "diff", *args, "-c", "numbers")
    for source in (["--run", "latest"], [saved]):
        code, shown, err = cli(capsys, "diff", *source, "-c", "numbers")
        assert code == 0 and shown == fresh, err
    _, fresh_csv, _ = cli(capsys, "diff", *args, "-f", "csv")
    assert cli(capsys, "diff", saved, "-f", "csv")[1] == fresh_csv
    code, shown, _ = cli(capsys, "runs", "show", "latest", "-f", "diff")
    assert code == 0 and shown.rstrip().endswith(f"{len(fresh_tsv.splitlines()) - 1} pairs shown")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--run", "latest", "-m", "chrf"], "-m needs --ref"),
        (["diff", "--run", "latest", MT_A], "give no MT files"),
        (["diff", "-r", REF, MT_A, "--run", "latest"], "cannot be combined with --ref"),
        (["diff", MT_A, MT_B], "diff needs --ref REFERENCE and MT files"),
        (["score", "-r", "-", "-r", "-", MT_A], "is given more than once"),
        (["diff", "-r", REF, "-", "-"], "is given more than once"),
        (["score", "-r", REF, MT_A, "-f", "xml"], "unknown --format value 'xml'"),
        (["runs", "show", "latest", "-f", "csv"], "unknown --format value 'csv'"),
    ],
)
def test_source_and_option_errors(
    capsys: pytest.CaptureFixture[str], args: list[object], message: str
) -> None:
    assert cli(capsys, "score", "-r", REF, MT_A, "-q")[0] == 0
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err


def test_runs_compare_refusals(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "score", "-r", REF, MT_A, "-q")[0] == 0
    assert cli(capsys, "score", "-r", REF, MT_B, "-q")[0] == 0
    code, out, err = cli(capsys, "runs", "compare", "latest~1", "latest")
    assert code == 2 and out == "" and "have no system in common (mt_a vs mt_b)" in err
    assert cli(capsys, "score", "-r", REF, MT_A, "-q")[0] == 0
    code, _, err = cli(capsys, "runs", "compare", "latest~2", "latest", "--top", "-1")
    assert code == 2 and "--top must be 0 or more, got -1" in err
    code, out, _ = cli(capsys, "runs", "compare", "latest~2", "latest", "--top", "0", "-f", "json")
    assert code == 0 and json.loads(out)["changes"] == []
