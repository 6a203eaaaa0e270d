"""The metric registry, the run's option checks and the COMET install hint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtcompare import metrics
from mtcompare.cli.app import main
from mtcompare.core.errors import InputError
from mtcompare.metrics.base import Metric
from mtcompare.pipeline import ScoreOptions, score

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"

# -- the registry ---------------------------------------------------------------------------


def test_views_get_the_facts_without_loading_the_scoring_stack() -> None:
    """What tables and ``runs`` ask (labels, directions, digits) imports no numpy,
    sacrebleu or torch: start-up of ``--help`` and ``runs list`` stays light."""
    code = """
import sys
import mtcompare.metrics as m
facts = [(m.label(n), m.higher_is_better(n), m.format_score(n, 0.5), m.chart_scale(n))
         for n in m.known_metrics()]
print(sorted(k for k in ("numpy", "sacrebleu", "torch", "comet") if k in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_facts_of_each_metric() -> None:
    assert metrics.known_metrics() == ("bleu", "chrf", "ter", "comet")
    assert metrics.DEFAULT_METRICS == ("bleu", "chrf", "ter")
    assert [metrics.label(n) for n in metrics.known_metrics()] == ["BLEU", "chrF", "TER", "COMET"]
    assert [metrics.higher_is_better(n) for n in metrics.known_metrics()] == [
        True,
        True,
        False,
        True,
    ]
    assert metrics.format_score("bleu", 34.5678) == "34.57"
    assert metrics.format_score("ter", -1.5, signed=True) == "-1.50"
    assert metrics.format_score("comet", 0.812345) == "0.8123"
    assert metrics.format_score("comet", 0.01, signed=True) == "+0.0100"
    assert metrics.format_score("chrf", None) == "-"
    assert metrics.chart_scale("comet") == (0.0, 1.0)
    assert metrics.chart_scale("ter") == (0.0, 100.0)


def test_names_a_stored_run_may_have_that_this_version_does_not_know() -> None:
    assert metrics.label("meteor") == "meteor"
    assert metrics.higher_is_better("meteor") is True
    assert metrics.format_score("meteor", 1.0) == "1.00"
    with pytest.raises(InputError, match="unknown metric 'meteor'"):
        metrics.create("meteor")


def test_every_metric_is_created_by_name_and_a_metric_without_a_scorer_raises() -> None:
    for name in metrics.known_metrics():
        metric = metrics.create(name)
        assert isinstance(metric, Metric) and metric.name == name
        assert metric.scorer().name == name
        assert metric.scorer().higher_is_better == metrics.higher_is_better(name)

    class NoScorer(Metric):
        name = "none"

    with pytest.raises(NotImplementedError, match="no vectorised scorer"):
        NoScorer().scorer()


# -- option checks, before any input is read ---------------------------------------------------


def test_docids_without_lines_is_refused_before_reading(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no-such-reference.txt"  # never read: the options fail first
    args = ["score", "-r", str(missing), str(MT_A), "--docids", str(tmp_path / "ids"), "--no-save"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--docids needs --lines" in err and err.count("\n") == 1
    assert "not found" not in err


def test_comet_without_a_source_is_exit_2_before_reading(tmp_path: Path, capsys) -> None:
    """The README's promise: no --src and no --comet-src-from-ref is an error, not a run
    that silently drops COMET. Checked before the model or any file is touched."""
    missing = tmp_path / "no-such-reference.txt"
    args = ["score", "-r", str(missing), str(MT_A), "-m", "bleu,comet", "--no-save", "-q"]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "COMET needs the source text" in err and "--src" in err
    assert "--comet-src-from-ref" in err and "not found" not in err


def test_input_mode_is_an_explicit_value(tmp_path: Path) -> None:
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    ref.write_text("The cat sat on the mat. It was happy.\nA second line.\n", encoding="utf-8")
    hyp.write_text("The cat sat on a mat. It was glad.\nA second line.\n", encoding="utf-8")
    by_flag = score(ref, [hyp], ScoreOptions(lines=True, errors=False))
    by_mode = score(ref, [hyp], ScoreOptions(mode="lines", errors=False))
    assert by_flag.mode == by_mode.mode == "lines"
    assert len(by_mode.systems[0].segments) == 2  # lines, not the three sentences
    assert by_flag.systems[0].corpus == by_mode.systems[0].corpus
    document = score(ref, [hyp], ScoreOptions(mode="document", errors=False))
    assert document.mode == "document" and len(document.systems[0].segments) == 3
    with pytest.raises(InputError, match="unknown input mode 'batch'"):
        score(ref, [hyp], ScoreOptions(mode="batch"))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="contradicts"):
        score(ref, [hyp], ScoreOptions(lines=True, mode="document"))


def test_run_records_its_language(capsys) -> None:
    assert main(["score", "-r", str(REF), str(MT_A), "-f", "json", "--no-save", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["language"] == "en"


# -- COMET's install hint ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direct_url", "editable"),
    [
        ('{"dir_info": {"editable": true}, "url": "file:///home/me/mtcompare"}', True),
        ('{"dir_info": {}, "url": "file:///home/me/mtcompare"}', False),  # pip install .
        ('{"archive_info": {"hash": "sha256=ab"}, "url": "https://x/mtcompare.whl"}', False),
        (None, False),  # installed from an index: no direct_url.json
        ("not json", False),
    ],
)
def test_editable_install_is_read_from_pep_610_direct_url(direct_url, editable) -> None:
    from mtcompare.metrics.comet import is_editable

    assert is_editable(direct_url) is editable


@pytest.mark.parametrize(
    ("from_source", "hint"),
    [(True, "pip install -e '.[comet]'"), (False, "pip install 'mtcompare[comet]'")],
)
def test_install_hint_follows_the_install(monkeypatch, from_source, hint) -> None:
    import mtcompare.metrics.comet as comet_module

    monkeypatch.setattr(comet_module, "_from_source", lambda: from_source)
    assert comet_module.install_hint().startswith(hint)
