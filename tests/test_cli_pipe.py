"""``mtcompare ... | head -1``: the reader stops early, nothing is lost and nothing is noisy.

Real pipes to a real ``head`` (output from WMT22 de-en, two systems, far larger than a
pipe's buffer; the table is written piece by piece, so a write after ``head`` exits
fails with EPIPE), and to ``true``, which closes the pipe before anything is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def piped_to(reader: list[str], args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run mtcompare into ``reader``; mtcompare's exit code, reader's output, its stderr."""
    producer = subprocess.Popen(
        [sys.executable, "-m", "mtcompare", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    head = subprocess.Popen(reader, stdin=producer.stdout, stdout=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()  # only head holds the read end now
    first, _ = head.communicate(timeout=300)
    err = producer.stderr.read().decode("utf-8")
    producer.stderr.close()
    return producer.wait(timeout=300), first.decode("utf-8"), err


@pytest.fixture()
def wmt_args(wmt22_dir: Path) -> list[str]:
    pair = wmt22_dir / "de-en"
    ref = pair / "generaltest2022.de-en.ref.A.en"
    hyps = sorted(pair.glob("generaltest2022.de-en.hyp.*.en"))[:2]
    return ["score", "--ref", str(ref), *map(str, hyps), "--lines", "-q", "--no-errors"]


HEAD, TRUE = ["head", "-1"], ["true"]


@pytest.mark.parametrize(
    ("reader", "fmt", "first"),
    [
        (HEAD, "table", "JDExploreAcademy scores better than LT22"),
        (HEAD, "tsv", "system\tref_ids"),
        (TRUE, "tsv", ""),
    ],  # the table opens with the verdict
)
def test_closed_stdout_keeps_the_run_and_the_report(
    tmp_path: Path, wmt_args: list[str], reader: list[str], fmt: str, first: str
) -> None:
    db = tmp_path / "runs.sqlite"
    env = dict(os.environ, PYTHONPATH=str(REPO), MTCOMPARE_DB=f"sqlite:///{db}")
    report = tmp_path / "report.html"
    extra = ["--segments"] if fmt == "table" else []
    code, line, err = piped_to(reader, [*wmt_args, "-f", fmt, *extra, "--html", str(report)], env)
    assert line.startswith(first)
    assert code == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.startswith("mtcompare: stored run ") and err.count("\n") == 1
    assert report.read_text("utf-8").rstrip().endswith("</html>")
    listed = subprocess.run(
        [sys.executable, "-m", "mtcompare", "runs", "list", "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    (run,) = json.loads(listed.stdout)
    assert len(run["systems"]) == 2
    # and a stored run's views stop as quietly
    code, line, err = piped_to(reader, ["runs", "show", "latest", "-f", fmt, *extra], env)
    assert code == 0 and line.startswith(first) and err == ""
