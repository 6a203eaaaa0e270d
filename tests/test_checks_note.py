"""Every view says which error checks a run ran when not all did (issue 17: "the output
says which checks ran"): a target language without word lists, or --no-errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcompare.cli.app import main

LINES = 20


@pytest.fixture(scope="module")
def german(wmt22_dir: Path, tmp_path_factory) -> tuple[Path, Path]:
    """A German target: the WMT22 de-en source as reference, an edited copy as MT."""
    src = wmt22_dir / "de-en" / "generaltest2022.de-en.src.de"
    lines = src.read_text(encoding="utf-8").splitlines()[:LINES]
    out = tmp_path_factory.mktemp("de")
    (out / "ref.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited = [line.replace(" nicht", "") for line in lines]
    (out / "mt.txt").write_text("\n".join(edited) + "\n", encoding="utf-8")
    return out / "ref.txt", out / "mt.txt"


def _run(capsys, *args: object) -> str:
    assert main([*map(str, args)]) == 0
    return capsys.readouterr().out


def test_german_run_names_the_checks_in_table_json_and_report(german, capsys, tmp_path):
    ref, mt = german
    base = ("score", "--ref", ref, mt, "--lines", "--lang", "de", "--no-save")
    table = " ".join(_run(capsys, *base).split())
    assert "error checks: numbers (numbers written with digits)" in table
    assert "not run: names, negation (no word lists for --lang de)" in table
    run = tmp_path / "run.json"
    _run(capsys, *base, "-f", "json", "-o", run)
    assert set(json.loads(run.read_text(encoding="utf-8"))["meta"]["checks"]) == {
        "numbers", "omission", "addition"
    }  # fmt: skip
    assert main(["report", str(run), "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<dt>Language</dt><dd>de</dd>" in page
    assert "<dt>Checks</dt><dd>numbers (numbers written with digits)" in page


def test_english_run_has_no_note_and_no_errors_says_so(german, capsys):
    ref, mt = german
    english = _run(capsys, "score", "--ref", ref, mt, "--lines", "--no-save")
    assert "error checks:" not in english  # every check ran
    unchecked = _run(capsys, "score", "--ref", ref, mt, "--lines", "--no-errors", "--no-save")
    assert "error checks: not run (--no-errors)" in unchecked
