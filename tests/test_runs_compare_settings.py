"""`runs compare` rebuilds a run's statistics as the run computed them: in the run's
target language (BLEU's tokenizer), and only between runs whose metric settings agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcompare import RunResult, ScoreOptions, score
from mtcompare.analysis.runs_compare import compare_runs, regressions
from mtcompare.cli.app import main
from mtcompare.core.errors import InputError
from mtcompare.metrics import create_for_language

LINES = 80


def _edited(lines: list[str], every: int) -> str:
    """Each line with every ``every``-th character dropped: an MT of a Chinese text."""
    return "".join("".join(c for i, c in enumerate(s) if i % every) + "\n" for s in lines)


@pytest.fixture(scope="module")
def chinese(wmt22_dir: Path, tmp_path_factory) -> dict[str, Path]:
    """A Chinese target: the WMT22 zh-en source as reference, two edited versions as MT."""
    src = wmt22_dir / "zh-en" / "generaltest2022.zh-en.src.zh"
    lines = src.read_text(encoding="utf-8").splitlines()[:LINES]
    out = tmp_path_factory.mktemp("zh")
    (out / "ref.txt").write_text("".join(s + "\n" for s in lines), encoding="utf-8")
    (out / "mt_a.txt").write_text(_edited(lines, 9), encoding="utf-8")
    (out / "mt_b.txt").write_text(_edited(lines, 4), encoding="utf-8")
    return {p.stem: p for p in out.iterdir()}


def _opts(**kw) -> ScoreOptions:
    return ScoreOptions(mode="lines", language="zh", errors=False, names=["engine"], **kw)


def test_compare_of_chinese_runs_equals_score_significance(chinese, capsys) -> None:
    """The p-values equal those `score --significance bootstrap --lang zh` gives for the
    same two versions: the comparison tokenizes BLEU as the runs did (tok:zh)."""
    old = score(chinese["ref"], [chinese["mt_a"]], _opts())
    new = score(chinese["ref"], [chinese["mt_b"]], _opts())
    assert "tok:zh" in old.systems[0].signatures["bleu"]
    result = compare_runs(old, new)
    args = ["score", "-r", chinese["ref"], chinese["mt_a"], chinese["mt_b"], "--lines"]
    args += ["--lang", "zh", "--no-errors", "--significance", "bootstrap", "-f", "json"]
    assert main([*map(str, args), "--no-save"]) == 0
    both = RunResult.from_dict(json.loads(capsys.readouterr().out))
    expected = {c.metric: c.p_value for c in both.comparisons}
    got = {d.metric: d.p_value for d in result.deltas}
    assert set(expected) == {"bleu", "chrf", "ter"}
    for metric, p in expected.items():
        assert got[metric] == pytest.approx(p, abs=1e-6), metric


def test_rebuilt_statistics_reproduce_the_stored_corpus_bleu(chinese) -> None:
    run = score(chinese["ref"], [chinese["mt_b"]], _opts(metrics=["bleu"]))
    system = run.systems[0]
    metric = create_for_language("bleu", "zh")
    stats = metric.stored_stats(system.segments).sum(axis=0, keepdims=True)
    assert metric.scorer().scores(stats)[0] == pytest.approx(system.corpus["bleu"], abs=1e-9)
    english = create_for_language("bleu", "en")  # 13a splits no Chinese words
    stats = english.stored_stats(system.segments).sum(axis=0, keepdims=True)
    assert english.scorer().scores(stats)[0] != pytest.approx(system.corpus["bleu"], abs=0.5)


def test_runs_of_other_languages_or_settings_are_not_tested(chinese) -> None:
    zh = score(chinese["ref"], [chinese["mt_a"]], _opts())
    en = score(
        chinese["ref"],
        [chinese["mt_b"]],
        ScoreOptions(mode="lines", errors=False, names=["engine"]),
    )
    result = compare_runs(zh, en)
    assert not result.same_reference  # same file, another language: no paired test
    assert all(d.p_value is None for d in result.deltas)
    by = {d.metric: d.same_signature for d in result.deltas}
    assert by == {"bleu": False, "chrf": False, "ter": False}  # each signature says lang:zh
    with pytest.raises(InputError, match="same reference, mode and language"):
        regressions(result, zh, en)


def test_a_sacrebleu_upgrade_alone_keeps_runs_comparable(chinese) -> None:
    old = score(chinese["ref"], [chinese["mt_a"]], _opts(metrics=["bleu"]))
    new = score(chinese["ref"], [chinese["mt_b"]], _opts(metrics=["bleu"]))
    sig = old.systems[0].signatures["bleu"]
    old.systems[0].signatures["bleu"] = sig.replace("version:", "version:0.")
    result = compare_runs(old, new)
    (delta,) = result.deltas
    assert delta.same_signature and delta.p_value is not None


def test_gate_refuses_scores_of_other_settings(chinese) -> None:
    """Two runs of the same reference and language whose BLEU settings differ (a stored
    run of another reference count): the gate refuses instead of passing silently."""
    old = score(chinese["ref"], [chinese["mt_a"]], _opts(metrics=["bleu"]))
    new = score(chinese["ref"], [chinese["mt_b"]], _opts(metrics=["bleu"]))
    old.systems[0].signatures["bleu"] = (
        old.systems[0].signatures["bleu"].replace("nrefs:1", "nrefs:2")
    )
    result = compare_runs(old, new)
    (delta,) = result.deltas
    assert not delta.same_signature and delta.p_value is None
    with pytest.raises(InputError, match="signatures of BLEU differ"):
        regressions(result, old, new)
