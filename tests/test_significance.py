"""Significance tests: vectorised scorers, sacrebleu equivalence, units, CLI errors."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from mtcompare.alignment.beads import group_beads
from mtcompare.analysis.significance import (
    SignificanceConfig,
    approximate_randomization,
    bootstrap_counts,
    clusters,
    paired_bootstrap,
)
from mtcompare.checks import annotate
from mtcompare.checks.flagging import flag_systems
from mtcompare.cli.app import main
from mtcompare.core.model import SegmentPair
from mtcompare.core.names import short_names
from mtcompare.core.parallel import split_map
from mtcompare.metrics.bleu import BLEUMetric, BLEUScorer
from mtcompare.metrics.chrf import CHRFMetric, CHRFScorer
from mtcompare.metrics.ter import TERMetric, TERScorer
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.segment import split_sentences

SYSTEMS = (
    "JDExploreAcademy",
    "LT22",
    "Lan-Bridge",
    "Online-A",
    "Online-B",
    "Online-G",
    "Online-W",
    "Online-Y",
    "PROMT",
)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def deen(wmt22_dir: Path) -> tuple[Path, list[Path]]:
    d = wmt22_dir / "de-en"
    ref = d / "generaltest2022.de-en.ref.A.en"
    return ref, [d / f"generaltest2022.de-en.hyp.{s}.en" for s in SYSTEMS]


# -- stats -> score functions ----------------------------------------------------------


@pytest.mark.parametrize(
    "metric",
    [
        BLEU(),
        BLEU(effective_order=True),
        BLEU(smooth_method="floor"),
        BLEU(smooth_method="add-k"),
        BLEU(smooth_method="none"),
        CHRF(),
        CHRF(word_order=2),
        TER(),
    ],
    ids=["bleu", "bleu-eff", "bleu-floor", "bleu-addk", "bleu-none", "chrf", "chrf++", "ter"],
)
def test_vectorised_scores_equal_sacrebleu_exactly(metric, deen) -> None:
    ref, hyps = deen
    n = 60 if isinstance(metric, TER) else 400
    refs, hyp = _lines(ref)[:n], _lines(hyps[1])[:n]
    stats = np.asarray(metric._extract_corpus_statistics(hyp, [refs]), dtype=np.float64)
    rng = np.random.default_rng(3)
    # single segments (zeros, short ones) and random resample sums
    rows = np.vstack([stats, rng.multinomial(n, np.full(n, 1 / n), size=200) @ stats])
    scorer = {BLEU: BLEUScorer, CHRF: CHRFScorer, TER: TERScorer}[type(metric)]
    ours = scorer.from_sacrebleu(metric).scores(rows)
    theirs = [
        metric._compute_score_from_stats([int(v) if float(v).is_integer() else v for v in r]).score
        for r in rows
    ]
    assert ours.tolist() == theirs  # bit-identical, not approximately


def test_fast_bleu_math_is_within_an_ulp(deen) -> None:
    ref, hyps = deen
    metric = BLEU()
    stats = np.asarray(
        metric._extract_corpus_statistics(_lines(hyps[0])[:300], [_lines(ref)[:300]]), float
    )
    rows = bootstrap_counts(300, 100, 1) @ stats
    exact = BLEUScorer.from_sacrebleu(metric).scores(rows)
    fast = BLEUScorer.from_sacrebleu(metric, exact=False).scores(rows)
    np.testing.assert_allclose(fast, exact, rtol=1e-13, atol=0)


def test_metric_statistics_and_sentence_scores_equal_sacrebleu(deen) -> None:
    ref, hyps = deen
    refs = _lines(ref)[:450]
    for cls, n in ((BLEUMetric, 450), (CHRFMetric, 450), (TERMetric, 40)):
        ours = cls()
        for path in hyps[:2]:  # second system reuses the cached reference side
            hyp = _lines(path)[:n]
            stats = ours.stats(hyp, refs[:n])
            plain = cls().corpus._extract_corpus_statistics(hyp, [refs[:n]])
            assert stats.tolist() == np.asarray(plain, float).tolist()
            by_row = [ours._score(ours.sentence, row) for row in stats]
            assert ours.sentence_scores(stats).tolist() == by_row


def test_split_map_keeps_order_and_values() -> None:
    def square(items):
        return [x * x for x in items]

    items = list(range(1001))
    assert split_map(square, items, workers=2, min_items=10) == square(items)
    assert split_map(square, items[:5], workers=2, min_items=10) == square(items[:5])


def test_flag_systems_equals_annotating_each_system(deen) -> None:
    ref, hyps = deen
    refs = _lines(ref)[:250]

    def beads(path: Path) -> list[SegmentPair]:
        hyp = _lines(path)[: len(refs)]
        segs = [SegmentPair([i], [i], r, h) for i, (r, h) in enumerate(zip(refs, hyp, strict=True))]
        return [
            *segs,
            SegmentPair([], [250], "", "An added line."),
            SegmentPair([9], [], refs[9], ""),
        ]

    expected = []
    for path in hyps[:3]:
        segs = beads(path)
        annotate(segs)
        expected.append([s.errors for s in segs])
    systems = [beads(path) for path in hyps[:3]]
    flag_systems(systems, workers=2)
    assert [[s.errors for s in segs] for segs in systems] == expected
    assert any(s.errors for s in systems[0])


def test_identical_bead_is_never_flagged(deen, seed_ref, seed_hyp) -> None:
    """Why flag_systems may skip ``annotate`` for a bead whose MT text equals its reference."""
    ref, hyps = deen
    sentences = _lines(ref)[:400] + _lines(hyps[0])[:400]
    for path in (seed_ref, seed_hyp):
        sentences += [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    beads = [SegmentPair([i], [i], s, s) for i, s in enumerate(sentences)]
    annotate(beads)
    assert [b.errors for b in beads] == [[] for _ in beads]


# -- equivalence with sacrebleu's paired tests --------------------------------------------


@pytest.fixture(scope="module")
def deen_stats(deen) -> dict[str, tuple[object, list[np.ndarray]]]:
    ref, hyps = deen
    refs = _lines(ref)
    out: dict[str, tuple[object, list[np.ndarray]]] = {}
    for cls in (BLEUMetric, CHRFMetric):
        metric = cls()
        out[metric.name] = (metric.scorer(), [metric.stats(_lines(h), refs) for h in hyps])
    return out


def _sacrebleu_paired(deen, test_type: str, n: int):
    ref, hyps = deen
    refs = _lines(ref)
    metrics = {"BLEU": BLEU(), "chrF2": CHRF()}
    for m in metrics.values():
        m._ref_cache = m._cache_references([refs])
    named = [(s, _lines(h)) for s, h in zip(SYSTEMS, hyps, strict=True)]
    _, results = PairedTest(named, metrics, None, test_type=test_type, n_samples=n)()
    return {"bleu": results["BLEU"], "chrf": results["chrF2"]}


@pytest.mark.slow
def test_paired_bootstrap_matches_sacrebleu(deen, deen_stats) -> None:
    theirs = _sacrebleu_paired(deen, "bs", 1000)
    for metric, (scorer, stats) in deen_stats.items():
        ours = paired_bootstrap(stats, scorer, 1000, 12345)
        other_seed = paired_bootstrap(stats, scorer, 1000, 2024)
        for s in range(len(SYSTEMS)):
            res = theirs[metric][s]
            assert ours.scores[s] == pytest.approx(res.score, abs=1e-9)
            # same seed -> same resamples: sacrebleu's float32 sums are the only difference
            assert ours.boot_mean[s] == pytest.approx(res.mean, abs=1e-4)
            low, high = ours.ci[s]
            assert (high - low) / 2 == pytest.approx(res.ci, abs=1e-4)
            assert low <= ours.scores[s] <= high
            if s == 0:
                continue
            assert ours.p_values[0, s] == pytest.approx(res.p_value, abs=1e-9)
            assert (ours.p_values[0, s] < 0.05) == (res.p_value < 0.05)
            # another seed: within sampling noise (binomial s.e. of a p-value, 1000 draws)
            p = res.p_value
            noise = 4 * max(np.sqrt(p * (1 - p) / 1000), 1 / 1000)
            assert abs(other_seed.p_values[0, s] - p) <= noise
            assert other_seed.ci[s] == pytest.approx(ours.ci[s], abs=0.25)


@pytest.mark.slow
def test_approximate_randomization_matches_sacrebleu(deen, deen_stats) -> None:
    theirs = _sacrebleu_paired(deen, "ar", 1000)
    for metric, (scorer, stats) in deen_stats.items():
        ours = approximate_randomization(stats, scorer, 1000, 12345)
        for s in range(1, len(SYSTEMS)):
            res = theirs[metric][s]
            assert ours.p_values[0, s] == pytest.approx(res.p_value, abs=1e-9)
            assert (ours.p_values[0, s] < 0.05) == (res.p_value < 0.05)


@pytest.mark.slow
def test_cli_bootstrap_json_agrees_with_sacrebleu_cli(deen, tmp_path) -> None:
    """The whole command, as a user runs it, against sacrebleu's own CLI output."""
    import subprocess
    import sys

    ref, hyps = deen
    out = tmp_path / "run.json"
    args = ["score", "--lines", "-r", str(ref), *map(str, hyps[:4]), "-m", "bleu,chrf"]
    args += ["--significance", "bootstrap", "-f", "json", "-o", str(out), "--no-save", "-q"]
    assert main(args) == 0
    run = json.loads(out.read_text())
    command = [sys.executable, "-m", "sacrebleu", str(ref), "-i", *map(str, hyps[:4])]
    # Text output: sacrebleu's own "-f json" for paired tests fails under numpy 2
    # (float32 is not JSON serializable), so parse its table, printed to 4 decimals.
    sb = subprocess.run(
        [*command, "-m", "bleu", "chrf", "--paired-bs", "-f", "text", "-w", "4"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = _sacrebleu_paired_table(sb.stdout)
    got = {(c["system"], c["metric"]): c["p_value"] for c in run["comparisons"]}
    assert len(got) == 2 * 3 and len(rows) == 3
    short = dict(zip(map(str, hyps[:4]), short_names(hyps[:4]), strict=True))
    for path, cells in rows.items():
        name = short[path]  # default names drop the parts all file names share
        system = next(s for s in run["systems"] if s["name"] == name)
        for metric, (ci, p) in zip(("bleu", "chrf"), cells, strict=True):
            assert got[(name, metric)] == pytest.approx(p, abs=1e-3)
            low, high = system["corpus_ci"][metric]
            assert (high - low) / 2 == pytest.approx(ci, abs=0.01)


def _sacrebleu_paired_table(text: str) -> dict[str, list[tuple[float, float]]]:
    """System path -> [(CI half-width, p-value)] per metric, from sacrebleu's text table."""
    rows: dict[str, list[tuple[float, float]]] = {}
    lines = [line for line in text.splitlines() if line.startswith("│")]
    for line, below in itertools.pairwise(lines):
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0].startswith(("System", "Baseline:")) or not cells[0]:
            continue
        pvals = [c.strip() for c in below.strip("│").split("│")][1:]
        cis = [float(re.search(r"± ([0-9.]+)\)", c).group(1)) for c in cells[1:]]
        ps = [float(re.search(r"p = ([0-9.]+)", c).group(1)) for c in pvals]
        rows[cells[0]] = list(zip(cis, ps, strict=True))
    return rows


# -- reproducibility, clusters --------------------------------------------------------------


def test_seed_reproducible_and_matters(deen) -> None:
    ref, hyps = deen
    refs = _lines(ref)[:300]
    metric = CHRFMetric()
    stats = [metric.stats(_lines(h)[:300], refs) for h in hyps[:3]]
    scorer = metric.scorer()
    a = paired_bootstrap(stats, scorer, 200, 7)
    b = paired_bootstrap(stats, scorer, 200, 7)
    c = paired_bootstrap(stats, scorer, 200, 8)
    assert np.array_equal(a.p_values, b.p_values) and np.array_equal(a.ci, b.ci)
    assert not np.array_equal(a.ci, c.ci)
    r1 = approximate_randomization(stats, scorer, 300, 7)
    r2 = approximate_randomization(stats, scorer, 300, 7)
    assert np.array_equal(r1.p_values, r2.p_values, equal_nan=True)


def test_ar_tests_only_needed_pairs_and_clusters_as_if_all_were_tested(deen) -> None:
    """AR tests the baseline pairs and the cluster walk's pairs, no more; the clusters
    equal those from the full matrix (each row taken from a run with that baseline)."""
    ref, hyps = deen
    refs = _lines(ref)[:400]
    metric = BLEUMetric()
    stats = [metric.stats(_lines(h)[:400], refs) for h in hyps[:6]]
    scorer = metric.scorer()
    runs = [approximate_randomization(stats, scorer, 500, 3, baseline=b) for b in range(6)]
    full = np.array([run.p_values[b] for b, run in enumerate(runs)])
    assert np.allclose(full, full.T)
    tested = np.count_nonzero(~np.isnan(runs[0].p_values[np.triu_indices(6, k=1)]))
    assert 5 <= tested <= 10 < 15  # baseline pairs plus at most 5 walk pairs, not all 15
    for run in runs:
        assert run.clusters == clusters(run.scores, full, higher_is_better=True)
        known = ~np.isnan(run.p_values)
        assert np.array_equal(run.p_values[known], full[known])


def test_clusters_follow_ranking_and_significance() -> None:
    scores = np.array([30.0, 35.0, 34.9, 20.0])
    p = np.array(
        [
            [1.0, 0.001, 0.01, 0.001],
            [0.001, 1.0, 0.6, 0.001],
            [0.01, 0.6, 1.0, 0.001],
            [0.001, 0.001, 0.001, 1.0],
        ]
    )
    assert clusters(scores, p, higher_is_better=True) == [2, 1, 1, 3]
    # lower is better (TER): the order reverses
    assert clusters(scores, p, higher_is_better=False) == [2, 3, 3, 1]


# -- units ------------------------------------------------------------------------------------


def _derived_version(text: str) -> str:
    """Another MT version: two sentences merged into one, one dropped, one added, so
    its beads differ from the other version's."""
    sents = split_sentences(text)
    sents[1] = sents[1].rstrip(".") + ", and " + sents[2][0].lower() + sents[2][1:]
    del sents[2]
    del sents[5]
    sents.insert(4, "Subscribe to our newsletter for more stories like this one.")
    return "\n".join(sents) + "\n"


def test_document_mode_units_shared_across_systems(seed_ref, seed_hyp, tmp_path) -> None:
    second = tmp_path / "derived.txt"
    second.write_text(_derived_version(seed_hyp.read_text(encoding="utf-8")), encoding="utf-8")
    config = SignificanceConfig("bootstrap", resamples=200)
    run = score(
        seed_ref,
        [seed_hyp, second, seed_ref],
        ScoreOptions(metrics=["bleu", "chrf", "ter"], significance=config),
    )
    sig = run.meta["significance"]
    n_ref = run.reference["sentences"]
    assert 0 < sig["units"] < n_ref  # merged beads merge their reference sentences
    beads = [[seg.ref_ids for seg in s.segments] for s in run.systems]
    groups = group_beads(beads, n_ref)
    n_units, assign = groups.count, groups.assignment
    assert n_units == sig["units"]
    kinds = {seg.kind for seg in run.systems[1].segments}
    assert {"0-1", "2-1", "1-0"} <= kinds  # the derived version adds, merges and omits
    for system, units in zip(run.systems, assign, strict=True):
        assert sorted(set(units.tolist())) == list(range(n_units))  # every unit, every system
        # a unit never splits a bead: its reference sentences are contiguous and whole
        for seg, u in zip(system.segments, units, strict=True):
            for other_seg, v in zip(system.segments, units, strict=True):
                if seg.ref_ids and other_seg.ref_ids and u != v:
                    assert not set(seg.ref_ids) & set(other_seg.ref_ids)
    # the reference scored against itself is perfect, and significantly better
    assert run.systems[2].corpus["bleu"] == pytest.approx(100.0)
    worse = {(c.system, c.metric): c for c in run.comparisons}
    assert worse[(run.systems[2].name, "bleu")].p_value < 0.05
    for system in run.systems:
        low, high = system.corpus_ci["chrf"]
        assert low <= system.corpus["chrf"] + 1e-6 and system.corpus["chrf"] - 1e-6 <= high


def test_document_bootstrap_over_docids(deen, tmp_path) -> None:
    ref, hyps = deen
    n = 150
    docids = _lines(ref.parent / "generaltest2022.de-en.docids")[:n]
    files = []
    for path in (ref, *hyps[:3]):
        out = tmp_path / path.name
        out.write_text("\n".join(_lines(path)[:n]) + "\n", encoding="utf-8")
        files.append(out)
    ids = tmp_path / "docids"
    ids.write_text("\n".join(docids) + "\n", encoding="utf-8")
    config = SignificanceConfig("bootstrap", resamples=300, unit="document")
    run = score(
        files[0],
        files[1:],
        ScoreOptions(metrics=["bleu"], lines=True, docids=ids, significance=config),
    )
    assert run.meta["significance"]["units"] == len(set(docids))
    assert len(run.comparisons) == 2
    seg_run = score(
        files[0],
        files[1:],
        ScoreOptions(metrics=["bleu"], lines=True, significance=SignificanceConfig("bootstrap")),
    )
    # fewer, larger units: a wider interval for the same corpus score
    doc_ci, seg_ci = run.systems[0].corpus_ci["bleu"], seg_run.systems[0].corpus_ci["bleu"]
    assert doc_ci[1] - doc_ci[0] > seg_ci[1] - seg_ci[0]


# -- output and bad input via the CLI ----------------------------------------------------------


def test_cli_json_and_table(seed_ref, seed_hyp, tmp_path, capsys) -> None:
    out = tmp_path / "run.json"
    common = ["score", "-r", str(seed_ref), str(seed_hyp), str(seed_ref), "-m", "bleu,chrf"]
    common += ["--no-save", "-q", "--significance", "ar", "--resamples", "500"]
    assert main([*common, "-f", "json", "-o", str(out), "--baseline", seed_ref.stem]) == 0
    data = json.loads(out.read_text())
    assert {c["baseline"] for c in data["comparisons"]} == {seed_ref.stem}
    assert {(c["system"], c["metric"]) for c in data["comparisons"]} == {
        (seed_hyp.stem, "bleu"),
        (seed_hyp.stem, "chrf"),
    }
    for c in data["comparisons"]:
        assert set(c) >= {"baseline", "system", "metric", "delta", "p_value"}
        assert c["delta"] < 0 and c["p_value"] < 0.05
    assert set(data["systems"][0]["corpus_ci"]) == {"bleu", "chrf"}
    assert main([*common, "--no-segments"]) == 0
    text = capsys.readouterr().out
    assert "BLEU↑ ranking: approximate randomization, 500 trials" in text
    assert "(baseline)" in text and " *" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--baseline", "nosuch"], "unknown --baseline 'nosuch'"),
        (["--resamples", "0"], "--resamples must be at least 1"),
        (["--significance", "maybe"], "unknown --significance value"),
        (["--bootstrap-unit", "document"], "--bootstrap-unit document needs --lines"),
    ],
)
def test_cli_bad_significance_options(seed_ref, seed_hyp, capsys, extra, message) -> None:
    args = ["score", "-r", str(seed_ref), str(seed_hyp), str(seed_ref), "--no-save", "-q"]
    args += ["--significance", "bootstrap", *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_single_system_with_significance(seed_ref, seed_hyp, capsys) -> None:
    args = ["score", "-r", str(seed_ref), str(seed_hyp), "--significance", "ar", "--no-save"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "at least two MT files" in err and err.count("\n") == 1


# -- no observed difference: p = 1 ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["bootstrap", "ar"])
def test_identical_outputs_are_never_significant(deen, tmp_path, capsys, method) -> None:
    """``score --ref R M M -n a -n b``: sacrebleu's estimators say p = 1/(S+1) = 0.001 and
    the two copies land in different clusters; with no observed difference p is 1."""
    ref, hyps = deen
    files = []
    for path in (ref, hyps[4], hyps[0]):
        out = tmp_path / path.name
        out.write_text("\n".join(_lines(path)[:300]) + "\n", encoding="utf-8")
        files.append(out)
    r, m, other = files
    args = ["score", "--lines", "-r", str(r), str(m), str(m), str(other), "-n", "a", "-n", "b"]
    args += ["-n", "c", "-m", "bleu,chrf,ter", "--significance", method, "--resamples", "1000"]
    assert main([*args, "-f", "json", "--no-save", "-q", "--no-errors"]) == 0
    run = json.loads(capsys.readouterr().out)
    tests = {(c["system"], c["metric"]): c for c in run["comparisons"]}
    clusters = run["meta"]["significance"]["clusters"]
    for metric in ("bleu", "chrf", "ter"):
        assert tests[("b", metric)]["delta"] == 0.0
        assert tests[("b", metric)]["p_value"] == 1.0
        assert clusters[metric]["a"] == clusters[metric]["b"]
        assert tests[("c", metric)]["p_value"] < 1.0  # a real difference is still tested
    assert main([*args, "--no-save", "-q", "--no-errors", "--no-segments"]) == 0
    table = capsys.readouterr().out
    rows = [line for line in table.splitlines() if " b " in line and "+0.00" in line]
    assert len(rows) == 3 and all("1.0000" in row and "*" not in row for row in rows)


def test_equal_scores_get_p_1_in_both_tests(deen) -> None:
    ref, hyps = deen
    refs = _lines(ref)[:200]
    metric = CHRFMetric()
    stats = [metric.stats(_lines(h)[:200], refs) for h in (hyps[2], hyps[2], hyps[5])]
    for test in (paired_bootstrap, approximate_randomization):
        result = test(stats, metric.scorer(), 500, 7)
        assert result.p_values[0, 1] == result.p_values[1, 0] == 1.0
        assert result.clusters[0] == result.clusters[1]
        assert result.p_values[0, 2] < 1.0


def test_runs_compare_of_a_run_with_itself_finds_nothing(seed_ref, seed_hyp) -> None:
    from mtcompare.analysis.runs_compare import compare_runs, sentence_p_value

    run = score(seed_ref, [seed_hyp], ScoreOptions())
    result = compare_runs(run, run)
    assert result.same_reference and result.changes == []
    assert {d.metric for d in result.deltas} == {"bleu", "chrf", "ter"}
    for delta in result.deltas:
        assert delta.delta == 0 and delta.p_value == 1.0
        assert not delta.significant and delta.improved is None
    scores = np.array([s.scores["chrf"] for s in run.systems[0].segments])
    assert sentence_p_value(scores, scores) == 1.0
