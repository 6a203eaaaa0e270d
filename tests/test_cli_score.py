"""`mtcompare score` as a user runs it: formats, options and every bad-input case."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtcompare.cli.app import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_REF = REPO / "references" / "example.en.txt"
EXAMPLE_A = REPO / "examples" / "mt_a.txt"
EXAMPLE_B = REPO / "examples" / "mt_b.txt"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract_on_bundled_example(capsys):
    code, out, err = run_cli(
        capsys, "score", "--ref", EXAMPLE_REF, EXAMPLE_A, EXAMPLE_B, "-f", "json", "--no-save"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["reference"]["path"] == str(EXAMPLE_REF)
    assert data["reference"]["sentences"] == 11
    assert [s["name"] for s in data["systems"]] == ["mt_a", "mt_b"]
    a, b = data["systems"]
    assert set(a["corpus"]) == {"bleu", "chrf", "ter"}
    assert set(a["signatures"]) == {"bleu", "chrf", "ter"}
    for seg in a["segments"]:
        assert set(seg) >= {"ref_ids", "hyp_ids", "ref", "hyp", "scores", "errors"}
        assert set(seg["scores"]) == {"bleu", "chrf", "ter"}
    # mt_a runs the article together, drops the headline, the dateline junk and one
    # sentence, and adds a "Read more" line; mt_b splits one sentence in two.
    omitted = [s["ref"] for s in a["segments"] if not s["hyp_ids"]]
    assert (
        "Opponents warned that construction would disturb a nesting area for rare birds "
        "near the river mouth." in omitted
    )
    added = [s["hyp"] for s in a["segments"] if not s["ref_ids"]]
    assert added == ["Read more: our coverage of the port of Rotterdam."]
    assert any(s["hyp"] == "" and s["hyp_ids"] == [] for s in a["segments"])
    split = [s for s in b["segments"] if len(s["hyp_ids"]) == 2]
    assert len(split) == 1 and split[0]["ref"].startswith("ROTTERDAM – The city council")
    # The worse version scores worse on chrF and TER.
    assert a["corpus"]["chrf"] < b["corpus"]["chrf"]
    assert a["corpus"]["ter"] > b["corpus"]["ter"]
    categories = {e["category"] for s in a["segments"] for e in s["errors"]}
    assert {"names", "numbers", "negation", "omission", "addition"} <= categories


def test_table_fits_80_columns_and_shows_signatures(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run_cli(capsys, "score", "--ref", EXAMPLE_REF, EXAMPLE_A, "--no-save")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp" in out
    assert "Aligned segments: mt_a" in out


def test_tsv_and_output_file(capsys, tmp_path):
    target = tmp_path / "out.tsv"
    code, out, _ = run_cli(
        capsys, "score", "-r", EXAMPLE_REF, EXAMPLE_B, "-f", "tsv", "-o", target, "--no-save"
    )
    assert code == 0 and out == ""
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == [
        "system",
        "ref_ids",
        "hyp_ids",
        "bead",
        "bleu",
        "chrf",
        "ter",
        "errors",
        "ref",
        "hyp",
    ]
    assert all(len(r.split("\t")) == 10 for r in rows[1:])
    assert any(r.split("\t")[3] == "1-2" for r in rows[1:])


def test_names_metrics_and_lines_mode(capsys, tmp_path):
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    ref.write_text("the cat sat on the mat\na dog barked\n", encoding="utf-8")
    hyp.write_text("the cat sat on a mat\na dog barked\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys,
        "score",
        "-r",
        ref,
        hyp,
        "--lines",
        "-m",
        "chrf",
        "-n",
        "sys1",
        "-f",
        "json",
        "--no-save",
    )
    assert code == 0, err
    data = json.loads(out)
    system = data["systems"][0]
    assert system["name"] == "sys1" and list(system["corpus"]) == ["chrf"]
    assert [s["ref_ids"] for s in system["segments"]] == [[0], [1]]
    assert system["segments"][1]["scores"]["chrf"] == 100.0


def test_docids_give_per_document_scores(capsys, tmp_path):
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    ids = tmp_path / "ids.txt"
    ref.write_text("one two three four\nfive six seven\neight nine ten\n", encoding="utf-8")
    hyp.write_text("one two three four\nfive six eight\nnine ten\n", encoding="utf-8")
    ids.write_text("d1\nd2\nd2\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys, "score", "-r", ref, hyp, "--lines", "--docids", ids, "-f", "json", "--no-save"
    )
    assert code == 0, err
    docs = json.loads(out)["systems"][0]["doc_scores"]
    assert set(docs) == {"d1", "d2"}
    assert docs["d1"]["chrf"] == 100.0 and docs["d2"]["chrf"] < 100.0


def test_bom_and_windows_line_endings_read_correctly(capsys, tmp_path):
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    ref.write_bytes("\ufeffThe minister resigned.\r\nShe gave no reason.\r\n".encode())
    hyp.write_bytes(b"The minister resigned.\nShe gave no reason.\n")
    code, out, _ = run_cli(capsys, "score", "-r", ref, hyp, "-f", "json", "--no-save")
    assert code == 0
    system = json.loads(out)["systems"][0]
    assert round(system["corpus"]["bleu"], 9) == 100.0
    assert system["segments"][0]["ref"] == "The minister resigned."


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    good = tmp_path / "good.txt"
    good.write_text("A sentence.\nAnother one.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\t\n", encoding="utf-8")
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le président a démissionné.".encode("latin-1"))
    short = tmp_path / "short.txt"
    short.write_text("One line only.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    g, r = str(good), ["score", "--no-save", "--ref"]
    return {
        "missing": ([*r, g, str(missing)], f"MT file not found: {missing}"),
        "directory": ([*r, g, str(tmp_path)], "is a directory"),
        "empty": ([*r, g, str(empty)], f"MT file is empty: {empty}"),
        "whitespace": ([*r, str(blank), g], f"reference is empty: {blank}"),
        "binary": ([*r, g, str(binary)], "looks binary"),
        "non-utf8": ([*r, g, str(latin1)], "is not valid UTF-8 (bad byte at offset 5)"),
        "line counts": ([*r, g, str(short), "--lines"], "line counts differ"),
        "metric": ([*r, g, g, "-m", "bleu,meteor"], "unknown metric 'meteor'"),
        "format": ([*r, g, g, "-f", "xml"], "unknown --format value 'xml'"),
        "no ref": (["score", g], "Missing option '--ref'"),
        "names": ([*r, g, g, g, "-n", "x", "-n", "x"], "system names must be unique"),
        "docids without lines": ([*r, g, g, "--docids", g], "--docids needs --lines"),
        "output dir": ([*r, g, g, "-o", str(tmp_path / "nodir" / "x.txt")], "does not exist"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "whitespace",
        "binary",
        "non-utf8",
        "line counts",
        "metric",
        "format",
        "no ref",
        "names",
        "docids without lines",
        "output dir",
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("mtcompare: error: ")
    assert message in err
    assert "Traceback" not in err


def test_console_script_json_stdout_is_clean(tmp_path):
    """Run as a user would: the JSON on stdout parses, nothing else is mixed in."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mtcompare",
            "score",
            "-r",
            str(EXAMPLE_REF),
            str(EXAMPLE_A),
            "-f",
            "json",
            "--no-save",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["systems"][0]["name"] == "mt_a"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "mtcompare",
            "score",
            "-r",
            str(tmp_path / "nope.txt"),
            str(EXAMPLE_A),
            "--no-save",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "reference not found" in bad.stderr


def test_existing_output_file_survives_a_failed_run(capsys, tmp_path):
    target = tmp_path / "result.json"
    target.write_text('{"keep": true}', encoding="utf-8")
    code, _, _ = run_cli(
        capsys,
        "score",
        "-r",
        tmp_path / "missing.txt",
        EXAMPLE_A,
        "-f",
        "json",
        "-o",
        target,
        "--no-save",
    )
    assert code == 2
    assert target.read_text(encoding="utf-8") == '{"keep": true}'


def test_no_errors_skips_flagging_and_keeps_scores(capsys):
    args = ["score", "--ref", EXAMPLE_REF, EXAMPLE_A, EXAMPLE_B, "-f", "json", "--no-save"]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    flagged = json.loads(out)
    assert any(seg["errors"] for s in flagged["systems"] for seg in s["segments"])
    code, out, err = run_cli(capsys, *args, "--no-errors")
    assert code == 0, err
    skipped = json.loads(out)
    assert skipped["meta"]["errors"] == "not checked" and "errors" not in flagged["meta"]
    for full, fast in zip(flagged["systems"], skipped["systems"], strict=True):
        assert fast["error_counts"] == {}
        assert fast["corpus"] == full["corpus"]
        assert [g["errors"] for g in fast["segments"]] == [[] for _ in full["segments"]]
        assert [g["scores"] for g in fast["segments"]] == [g["scores"] for g in full["segments"]]
    code, out, err = run_cli(capsys, *args[:-3], "--no-save", "--no-errors", "--no-segments")
    assert code == 0, err
    row = next(line for line in out.splitlines() if "mt_a" in line and "│" in line)
    assert row.split("│")[-2].strip() == "-"  # errors not checked, not "0"


def test_comparable_article_is_warned_about_parallel_version_is_not(capsys, seeds_dir):
    """002-004 are other outlets' articles on the same story, not translations of 001."""
    ref = next(seeds_dir.glob("001_*.txt"))
    parallel = next(seeds_dir.glob("000_*.txt"))
    comparable = sorted(seeds_dir.glob("00[234]_*.txt"))
    code, out, err = run_cli(
        capsys, "score", "-r", ref, parallel, *comparable, "-f", "json", "--no-save"
    )
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("mtcompare: warning:")]
    assert len(warnings) == 3
    assert all(any(p.name in w for w in warnings) for p in comparable)
    assert parallel.name not in err
    json.loads(out)  # warnings never reach stdout
