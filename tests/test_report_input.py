"""``report`` / ``diff RESULT.json`` on hostile or broken JSON: one line, exit 2, never a
traceback; and the JSON the tool writes is strict (no NaN/Infinity), so the page and
other readers always parse it."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from mtcompare import score
from mtcompare.cli.app import main
from mtcompare.core.model import RunResult
from mtcompare.render.html import build_report
from mtcompare.render.table import to_json
from mtcompare.store import Store

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
DATA_BLOCK = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    return json.loads(to_json(score(REF, [MT_A])))


def strict_loads(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with the field at dotted ``path`` (ints index lists) replaced."""
    out = copy.deepcopy(data)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = out
    for p in parents:
        node = node[p]
    node[last] = value
    return out


WRONG_TYPES = [
    ("systems", "x", "systems: expected an array"),
    ("systems.0.segments.0.scores.bleu", "high", "scores.bleu: expected a finite number"),
    ("systems.0.segments.0.ref_ids", [99999], "ref_ids[0]: expected an integer from 0 to 10"),
    ("systems.0.segments.0.ref_ids", [True], "ref_ids[0]: expected an integer"),
    ("systems.0.segments.0.hyp", None, "hyp: expected a string, got null"),
    ("systems.0.segments.0.errors", [{"category": 1}], "errors[0].category: expected a string"),
    ("systems.0.corpus_ci", {"bleu": [1]}, "corpus_ci.bleu: expected [low, high]"),
    ("systems.0.error_counts", {"names": "2"}, "error_counts.names: expected an integer"),
    ("systems.0.name", 5, "systems[0].name: expected a string, got a number"),
    ("systems.0.corpus.bleu", 10**400, "corpus.bleu: expected a finite number"),
    ("metrics", [1], "metrics[0]: expected a string"),
    ("meta", [], "meta: expected an object, got an array"),
    ("meta.significance", {"alpha": "x"}, "meta.significance.alpha"),
    ("reference.sentences", -1, "reference.sentences: expected an integer"),
]


@pytest.mark.parametrize(("path", "value", "message"), WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_wrong_types(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    good: dict[str, Any],
    path: str,
    value: Any,
    message: str,
) -> None:
    bad = _set(good, path, value)
    check_refused(capsys, tmp_path, json.dumps(bad), message)


def _malformed(good: dict[str, Any]) -> dict[str, tuple[str, str]]:
    text = json.dumps(good)
    return {
        "array": ("[" + text + "]", "the document: expected an object, got an array"),
        "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "nesting past the limit": (
            json.dumps(_set(good, "meta.x", json.loads("[" * 70 + "]" * 70))),
            "nested more than 64 levels",
        ),
        "lone surrogate": (
            text.replace('"hyp": "', '"hyp": "\\ud800', 1),
            "lone surrogate",
        ),
        "NaN": (text.replace('"bleu": ', '"bleu": NaN, "x": ', 1), "NaN is not JSON"),
        "Infinity": (text.replace('"chrf": ', '"chrf": -Infinity, "x": ', 1), "-Infinity"),
        "huge integer": (
            text.replace('"sentences": ', '"sentences": 1' + "0" * 5000 + ', "x": ', 1),
            "unreadable value",
        ),
        "truncated": (text[: len(text) // 2], "is not JSON"),
    }


@pytest.mark.parametrize(
    "case",
    ["array", "deep nesting", "nesting past the limit", "lone surrogate", "NaN", "Infinity",
     "huge integer", "truncated"],
)  # fmt: skip
def test_malformed_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: dict[str, Any], case: str
) -> None:
    content, message = _malformed(good)[case]
    check_refused(capsys, tmp_path, content, message)


def check_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8", errors="surrogatepass")
    out_html = tmp_path / "x.html"
    for args in (["report", str(path), "-o", str(out_html)], ["diff", str(path)]):
        code = main(args)
        out, err = capsys.readouterr()
        assert code == 2 and out == "", (args, err)
        assert err.count("\n") == 1 and err.startswith("mtcompare: error: result file"), err
        assert message in err and str(path) in err
        assert "Traceback" not in err
    assert not out_html.exists()


def test_valid_file_still_renders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: dict[str, Any]
) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps(good), "utf-8")
    assert main(["report", str(path)]) == 0
    assert (tmp_path / "run.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert main(["diff", str(path), "-c", "numbers"]) == 0
    assert "numbers" in capsys.readouterr().out


# --- what the tool writes ---------------------------------------------------------------


@pytest.fixture()
def nan_run(good: dict[str, Any]) -> RunResult:
    """A run with scores that could not be computed (NaN, infinity)."""
    run = RunResult.from_dict(good)
    run.systems[0].corpus["bleu"] = math.nan
    run.systems[0].corpus_ci["chrf"] = [-math.inf, math.inf]
    run.systems[0].segments[0].scores["ter"] = math.nan
    return run


def test_json_output_is_strict_with_null_for_nan(nan_run: RunResult) -> None:
    data = strict_loads(to_json(nan_run))
    system = data["systems"][0]
    assert system["corpus"]["bleu"] is None and system["corpus_ci"]["chrf"] == [None, None]
    assert system["segments"][0]["scores"]["ter"] is None
    assert system["corpus"]["chrf"] == nan_run.systems[0].corpus["chrf"]  # the rest as it was


def test_report_page_data_is_strict(nan_run: RunResult) -> None:
    page = build_report(nan_run)
    data = strict_loads(DATA_BLOCK.search(page).group(1))
    assert data["rows"][0][4][data["metrics"].index("ter")] is None
    assert "NaN" not in page


def test_stored_nan_comes_back_as_null(
    capsys: pytest.CaptureFixture[str], nan_run: RunResult, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    with Store(db) as store:
        store.save(nan_run)
    for args in (["runs", "show", "latest", "-f", "json"], ["runs", "export", "-f", "json"]):
        assert main([*args, "--db", db]) == 0
        strict_loads(capsys.readouterr().out)
    assert main(["runs", "show", "latest", "-f", "html", "--db", db]) == 0
    strict_loads(DATA_BLOCK.search(capsys.readouterr().out).group(1))
