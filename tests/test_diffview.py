"""``mtcompare diff`` / ``report`` / ``score --html`` through the CLI entry point."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.core.model import ErrorFlag, RunResult, SegmentPair, SystemResult
from mtcompare.render.html import build_report, script_json
from mtcompare.render.resultfile import load_result
from mtcompare.render.review import filter_pairs, pairs_vs_reference

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m")
HOSTILE = 'Le Pen said <script>alert(1)</script> and <img src=x onerror="window.__pwned=1"> today.'


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide colour and width themselves, whatever the developer's shell says."""
    for var in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "80")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def seed_args(seed_ref: Path, seed_hyp: Path) -> list[str]:
    return ["diff", "--ref", str(seed_ref), str(seed_hyp), "-q", "--name", "mt"]


def test_plain_output_marks_changed_words(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path
) -> None:
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp))
    assert code == 0
    assert not ANSI_COLOUR.search(out)
    assert "[-Emmanuel-]" in out and "{+Emanuel+}" in out
    assert "(none: omitted in MT)" in out
    assert " names?  name 'Emmanuel Macron' vs 'Emanuel Macron'" in out  # ?: a check
    # Narrow (80 columns): the sides are stacked, each line labelled.
    assert re.search(r"^REF .*\n(?: {4}.*\n)*MT  ", out, re.M)
    assert re.search(r"^(\d+) of \1 pairs shown$", out, re.M)


def test_wide_terminal_is_side_by_side_in_colour(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_ref: Path,
    seed_hyp: Path,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "140")
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "-c", "numbers")
    assert code == 0
    assert ANSI_COLOUR.search(out)
    assert "[-" not in out  # colour carries the difference, no markers
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert re.search(r"^REF {20,}mt\s*$", plain, re.M)  # one header row for both columns


def test_no_color_drops_colour_but_keeps_markers(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_ref: Path,
    seed_hyp: Path,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp))
    assert code == 0
    assert not ANSI_COLOUR.search(out)
    assert "[-Emmanuel-]" in out


def test_category_filter(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path
) -> None:
    _, everything, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp))
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "--category", "numbers")
    assert code == 0
    shown = int(re.search(r"^(\d+) of (\d+) pairs shown", out, re.M).group(1))
    total = int(re.search(r"^(\d+) of (\d+) pairs shown", everything, re.M).group(1))
    assert 0 < shown < total
    assert out.count(" numbers") >= shown
    assert " omission " not in out


def test_unknown_category_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path
) -> None:
    code, out, err = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "--category", "grammar")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown --category value 'grammar'" in err


@pytest.mark.parametrize("bad", [["--system", "nope"], ["--worst", "0"], ["--by", "comet"]])
def test_bad_filter_values(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path, bad: list[str]
) -> None:
    extra = bad if bad[0] != "--by" else ["--worst", "2", *bad]
    code, _, err = run_cli(capsys, *seed_args(seed_ref, seed_hyp), *extra)
    assert code == 2 and err.startswith("mtcompare: error:") and err.count("\n") == 1


@pytest.mark.parametrize(("metric", "label"), [("chrf", "chrF"), ("ter", "TER")])
def test_worst_orders_by_metric(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path, metric: str, label: str
) -> None:
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "--worst", "6", "--by", metric)
    assert code == 0
    values = [float(v) for v in re.findall(rf"{label} (\d+\.\d+)", out)]
    assert len(values) == 6
    # Worst first: lowest chrF, highest TER.
    assert values == sorted(values, reverse=(metric == "ter"))


def test_filter_pairs_worst_puts_missing_scores_last() -> None:
    segs = [
        SegmentPair([0], [0], "a", "a", {"chrf": 80.0}),
        SegmentPair([1], [1], "b", "c", {}),
        SegmentPair([2], [2], "d", "e", {"chrf": 10.0}),
    ]
    system = SystemResult("s", "s.txt", {}, {}, segs)
    worst = filter_pairs(pairs_vs_reference([system]), worst=3, by="chrf")
    assert [p.base_ids for p in worst] == [[2], [0], [1]]


def test_export_csv_one_row_per_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_ref: Path, seed_hyp: Path
) -> None:
    out_file = tmp_path / "flags.csv"
    code, out, _ = run_cli(
        capsys, *seed_args(seed_ref, seed_hyp), "--format", "csv", "-o", str(out_file)
    )
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(out_file.read_text("utf-8"))))
    assert list(rows[0])[:8] == [
        "system", "ref_id", "hyp_id", "bead", "category", "ref_span", "hyp_span", "detail",
    ]  # fmt: skip
    assert {"bleu", "chrf", "ter", "ref", "hyp"} <= set(rows[0])
    run = json.loads(_score_json(capsys, seed_ref, seed_hyp))
    system = run["systems"][0]  # every flag, confident or to check, is one row
    assert len(rows) == sum(system["error_counts"].values()) + sum(system["check_counts"].values())
    names = [r for r in rows if r["category"] == "names"]
    assert any(r["ref_span"] and r["hyp_span"] and "Macron" in r["detail"] for r in names)
    omitted = [r for r in rows if r["category"] == "omission"]
    assert omitted and all(r["hyp_id"] == "" and r["bead"] == "1-0" for r in omitted)


def test_export_tsv_with_category_filter(
    capsys: pytest.CaptureFixture[str], seed_ref: Path, seed_hyp: Path
) -> None:
    code, out, _ = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "-f", "tsv", "-c", "names")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t"))
    assert rows and {r["category"] for r in rows} == {"names"}


def _score_json(capsys: pytest.CaptureFixture[str], ref: Path, *hyps: Path) -> str:
    code, out, _ = run_cli(
        capsys, "score", "--ref", str(ref), *map(str, hyps), "-q", "--no-save", "-f", "json"
    )
    assert code == 0
    return out


def test_against_diffs_system_vs_system(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_ref: Path, seed_hyp: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        seed_hyp.read_text("utf-8").replace("Emanuel Macron", "Emmanuel Macron"), "utf-8"
    )
    args = ["diff", "--ref", str(seed_ref), str(seed_hyp), str(other), "-q", "-n", "a", "-n", "b"]
    code, out, _ = run_cli(capsys, *args, "--against", "a")
    assert code == 0
    assert "[-Emanuel-]" in out and "{+Emmanuel+}" in out
    assert re.search(r"^b  a \S+ ↔ mt", out, re.M)
    code, _, err = run_cli(capsys, *args, "--against", "c")
    assert code == 2 and "unknown --system 'c'" in err
    code, _, err = run_cli(capsys, *seed_args(seed_ref, seed_hyp), "--against", "mt")
    assert code == 2 and "two or more" in err


# --- HTML report ---------------------------------------------------------------------


def test_score_html_and_report_from_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_ref: Path, seed_hyp: Path
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(seed_hyp.read_text("utf-8") + "\n" + HOSTILE + "\n", "utf-8")
    html_path, json_path = tmp_path / "r.html", tmp_path / "r.json"
    code, _, _ = run_cli(
        capsys,
        "score", "--ref", str(seed_ref), str(hostile), "-q", "--no-save",
        "-f", "json", "-o", str(json_path), "--html", str(html_path),
    )  # fmt: skip
    assert code == 0
    page = html_path.read_text("utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    code, _, _ = run_cli(capsys, "report", str(json_path), "-o", str(tmp_path / "again.html"))
    assert code == 0
    again = (tmp_path / "again.html").read_text("utf-8")
    assert again == build_report(load_result(json_path))
    assert '"systems":["hostile"]' in again


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not JSON"),
        ('{"systems": []}', "not an mtcompare score result"),
        ('{"reference": {}, "systems": [{"name": "x"}]}', "not an mtcompare score result"),
        ("[1, 2]", "not an mtcompare score result"),
        (
            '{"reference": {}, "systems": [{"name": "x", "path": "p", "corpus": {}, '
            '"segments": [{"ref_ids": ["a"], "hyp_ids": [], "ref": "r", "hyp": ""}]}]}',
            "not an mtcompare score result",
        ),
    ],
)
def test_report_rejects_bad_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    code, _, err = run_cli(capsys, "report", str(path), "-o", str(tmp_path / "x.html"))
    assert code == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_report_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "report", str(tmp_path / "none.json"))
    assert code == 2 and "not found" in err


def test_script_json_cannot_break_out_of_its_block() -> None:
    data = {"t": "</script><script>alert(1)</script><!-- & \u2028"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_report_marks_ci_and_escapes_names() -> None:
    seg = SegmentPair(
        [0], [0], "a <marquee>", "a <blink>", {"chrf": 50.0}, [ErrorFlag("names", "", "", "x")]
    )
    system = SystemResult(
        "<sys>", "p", {"chrf": 50.0}, {"chrf": "sig"}, [seg], corpus_ci={"chrf": [40.0, 60.0]}
    )
    page = build_report(RunResult({"path": "ref.txt"}, [system], metrics=["chrf"]))
    assert "[40.00, 60.00]" in page
    assert "<sys>" not in page and "&lt;sys&gt;" in page
    assert "<marquee>" not in page and "<blink>" not in page
