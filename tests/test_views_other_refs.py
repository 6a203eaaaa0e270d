"""A run with ``--ref`` repeated shows the other references beside each pair: in
``diff`` (a ``REF2`` line) and in the HTML report (a ``REF2`` block under the reference),
so a translator can see whether a second human translation agrees with the MT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.browser import have_browser, launched
from mtcompare.cli.app import main
from mtcompare.core.model import RunResult
from mtcompare.render.html import report_data

LINES = 12


def _head(src: Path, dst: Path) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)[:LINES]
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def two_ref_run(wmt22_dir: Path, tmp_path_factory) -> tuple[Path, list[str], list[str]]:
    d, out = wmt22_dir / "de-en", tmp_path_factory.mktemp("refs")
    files = {
        k: _head(d / f"generaltest2022.de-en.{v}.en", out / f"{k}.txt")
        for k, v in (("ref_a", "ref.A"), ("ref_b", "ref.B"), ("online_b", "hyp.Online-B"))
    }
    run = out / "run.json"
    args = ["score", "--ref", files["ref_a"], "--ref", files["ref_b"], files["online_b"]]
    assert main([*map(str, args), "--lines", "-f", "json", "-o", run, "--no-save", "-q"]) == 0
    ref_b = files["ref_b"].read_text(encoding="utf-8").splitlines()
    ref_a = files["ref_a"].read_text(encoding="utf-8").splitlines()
    return run, ref_a, ref_b


def test_diff_shows_each_pairs_second_reference(two_ref_run, capsys) -> None:
    run, _, ref_b = two_ref_run
    capsys.readouterr()
    assert main(["diff", str(run)]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = [line.split("REF2", 1)[1].strip() for line in lines if line.startswith("REF2")]
    assert len(shown) == LINES
    for text, expected in zip(shown, ref_b, strict=True):
        assert expected.startswith(text.split()[0])  # each pair's own line of ref.B


def test_diff_puts_the_second_reference_under_the_first(two_ref_run, capsys) -> None:
    """As in the HTML report: REF, then REF2, then the MT (narrow terminal layout)."""
    run, _, _ = two_ref_run
    capsys.readouterr()
    assert main(["diff", str(run)]) == 0
    labels = [
        line.split()[0]
        for line in capsys.readouterr().out.splitlines()
        if line.split() and line.split()[0] in ("REF", "REF2", "MT")
    ]
    assert labels[:6] == ["REF", "REF2", "MT"] * 2
    assert labels.count("REF2") == LINES


def test_report_rows_carry_the_other_references(two_ref_run) -> None:
    run, _, ref_b = two_ref_run
    data = report_data(RunResult.from_dict(json.loads(run.read_text(encoding="utf-8"))))
    assert data["otherRefs"] == [[line] for line in ref_b]
    single = RunResult.from_dict(json.loads(run.read_text(encoding="utf-8")))
    for seg in single.systems[0].segments:
        seg.other_refs = []
    assert report_data(single)["otherRefs"] == []  # one reference: nothing added


@pytest.mark.browser
@pytest.mark.skipif(not have_browser(), reason="needs Debian chromium and playwright")
def test_report_page_shows_ref2_under_the_reference(two_ref_run, tmp_path) -> None:
    run, _, ref_b = two_ref_run
    page_path = tmp_path / "report.html"
    assert main(["report", str(run), "-o", str(page_path)]) == 0
    with launched() as browser:
        page = browser.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        first = page.locator("#rows tr[data-pos]").first.locator(".ref-other")
        assert first.locator(".lbl").inner_text() == "REF2"
        assert first.inner_text().removeprefix("REF2").strip() == ref_b[0]
        page.close()
