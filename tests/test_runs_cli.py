"""``runs trend`` (dates, metric names, error counts), ``runs export`` (error counts,
``--excel``), ``report RUN_ID`` (issue 15 item 8)."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.core.model import CATEGORIES, RunResult
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.store import Store

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "references" / "example.en.txt"
SRC = ROOT / "references" / "example.de.txt"
MT_A, MT_B = ROOT / "examples" / "mt_a.txt", ROOT / "examples" / "mt_b.txt"
DAYS = ["2026-03-02T09:15:00+00:00", "2026-03-09T09:15:00+00:00", "2026-03-16T09:15:00+00:00"]


def cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def engine_runs() -> list[RunResult]:
    """Three nightly runs of one engine, a week apart: the worse version, the better one,
    and one without error checking."""
    worse = score(REF, [MT_A], ScoreOptions(src=SRC, names=["engine"]))
    better = score(REF, [MT_B], ScoreOptions(src=SRC, names=["engine"]))
    unchecked = score(REF, [MT_B], ScoreOptions(names=["engine"], errors=False))
    runs = [copy.deepcopy(r) for r in (worse, better, unchecked)]
    for run, day in zip(runs, DAYS, strict=True):
        run.meta["created"] = day
    return runs


@pytest.fixture
def store(engine_runs, tmp_path) -> tuple[str, list[str]]:
    db = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    with Store(db) as s:
        ids = [s.save(r, label=f"night{k}") for k, r in enumerate(engine_runs)]
    return db, ids


def test_trend_errors_table_and_json(capsys, store, engine_runs) -> None:
    db, ids = store
    code, out, err = cli(
        capsys, "runs", "trend", "-s", "engine", "--errors", "--db", db, "-f", "json"
    )
    assert code == 0, err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ids
    for row, run in zip(rows[:2], engine_runs[:2], strict=True):
        assert row["error_counts"] == run.systems[0].error_counts
    assert rows[2]["error_counts"] is None  # not checked, not "0"
    code, out, err = cli(capsys, "runs", "trend", "-s", "engine", "--errors", "--db", db)
    assert code == 0, err
    assert "engine: confident errors over time" in out
    totals = [sum(r.systems[0].error_counts.values()) for r in engine_runs[:2]]
    assert f"{totals[1] - totals[0]:+d}" in out  # the change from the run before


def test_trend_plots_have_dates_and_readable_names(capsys, store, tmp_path) -> None:
    db, _ = store
    svg = tmp_path / "chrf.svg"
    code, _, err = cli(capsys, "runs", "trend", "-s", "engine", "--db", db, "-o", svg)
    assert code == 0 and f"plot written to {svg}" in err
    text = svg.read_text("utf-8")
    for day in DAYS:  # a tick per run, labelled with its date
        assert day[:10] in text
    assert "chrF (higher is better)" in text and "run date (UTC)" in text
    ter = tmp_path / "ter.svg"
    assert cli(capsys, "runs", "trend", "-s", "engine", "-m", "ter", "--db", db, "-o", ter)[0] == 0
    assert "TER (lower is better)" in ter.read_text("utf-8")
    errors = tmp_path / "errors.svg"
    code, _, err = cli(
        capsys, "runs", "trend", "-s", "engine", "--errors", "--db", db, "-o", errors
    )
    assert code == 0, err
    text = errors.read_text("utf-8")
    assert "confident errors over time" in text and "total" in text
    assert "names" in text  # the worse run has name errors


def test_trend_errors_of_an_unknown_system(capsys, store) -> None:
    db, _ = store
    code, _, err = cli(capsys, "runs", "trend", "-s", "nobody", "--errors", "--db", db)
    assert code == 2 and "no stored runs of system 'nobody'" in err


def test_export_has_error_counts_and_excel_bom(capsys, store, engine_runs, tmp_path) -> None:
    db, ids = store
    target = tmp_path / "scores.csv"
    assert cli(capsys, "runs", "export", "--db", db, "-o", target)[0] == 0
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    for run_id, run in zip(ids, engine_runs, strict=True):
        row = next(r for r in rows if r["run_id"] == run_id and r["metric"] == "chrf")
        counts = run.systems[0].error_counts
        for c in CATEGORIES:
            expected = str(counts.get(c, 0)) if counts else ""
            assert row[f"errors_{c}"] == expected
            checks = run.systems[0].check_counts
            assert row[f"checks_{c}"] == (str(checks.get(c, 0)) if counts else "")
    excel = tmp_path / "excel.csv"
    assert cli(capsys, "runs", "export", "--db", db, "--excel", "-o", excel)[0] == 0
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:] == raw
    assert list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")))) == rows
    code, _, err = cli(capsys, "runs", "export", "--db", db, "--excel", "-f", "json")
    assert code == 2 and "--excel is for CSV" in err


def test_score_and_show_tsv_take_excel(capsys, store, tmp_path) -> None:
    db, ids = store
    plain = tmp_path / "plain.tsv"
    excel = tmp_path / "excel.tsv"
    assert cli(capsys, "runs", "show", ids[0], "--db", db, "-f", "tsv", "-o", plain)[0] == 0
    args = ("runs", "show", ids[0], "--db", db, "-f", "tsv", "--excel", "-o", excel)
    assert cli(capsys, *args)[0] == 0
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    out = tmp_path / "fresh.tsv"
    args = ("score", "--no-save", "--ref", REF, MT_A, "-f", "tsv", "--excel", "-o", out)
    assert cli(capsys, *args)[0] == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsystem\tref_ids")
    code, _, err = cli(capsys, "score", "--no-save", "--ref", REF, MT_A, "--excel")
    assert code == 2 and "--excel is for spreadsheet output" in err


def test_report_takes_a_run_id_and_says_where(capsys, store, tmp_path, monkeypatch) -> None:
    db, ids = store
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, "report", ids[1][:5], "--db", db)
    assert code == 0, err
    page = tmp_path / f"run-{ids[1]}.html"
    assert err.strip() == f"mtcompare: report written to {page.name}"
    assert page.read_text("utf-8").rstrip().endswith("</html>")
    code, _, err = cli(capsys, "report", "latest", "--db", db, "-o", "last.html")
    assert code == 0 and "report written to last.html" in err
    # a saved JSON result, as before, now also says where
    result = tmp_path / "run.json"
    assert cli(capsys, "runs", "show", ids[0], "--db", db, "-f", "json", "-o", result)[0] == 0
    code, _, err = cli(capsys, "report", result)
    assert code == 0 and "report written to" in err and (tmp_path / "run.html").exists()
    code, _, err = cli(capsys, "report", "abcdef12", "--db", db)
    assert code == 2 and "no run 'abcdef12'" in err
    code, _, err = cli(capsys, "report", "missing.json")
    assert code == 2 and "missing.json" in err
    assert not (tmp_path / "results").exists()  # a file name never opens a run store
    assert sorted(os.listdir(tmp_path)) == [
        "last.html",
        page.name,
        "run.html",
        "run.json",
        "runs.sqlite",
    ]
