"""System-level agreement of each metric with the official WMT22 human scores.

    python benchmarks/bench_human_correlation.py [--pairs de-en,zh-en] [--metrics bleu,chrf,ter]
                                                 [--comet]

For every language pair, scores each system in ``human_scores.tsv`` (``HUMAN-B`` is
reference B, scored against reference A like the MT systems) with mtcompare's corpus
scores, and prints the Pearson r and Kendall tau-b between the metric and the human
``da_z`` score, with and without ``HUMAN-B``. TER is lower-is-better, so it is negated
before correlating: a good metric has positive figures everywhere. ``--comet`` adds
COMET when a model is available offline (skipped with a message otherwise).
"""

from __future__ import annotations

import argparse
import csv
import itertools
from pathlib import Path

import numpy as np

from mtcompare.core.errors import InputError
from mtcompare.metrics import higher_is_better
from mtcompare.pipeline import ScoreOptions, score

REPO = Path(__file__).resolve().parents[1]
WMT22 = REPO.parent / "shared" / "data" / "wmt22"


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b (ties in either variable handled as scipy's default does)."""
    concordant = discordant = ties_x = ties_y = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            ties_x += 1
        elif dy == 0:
            ties_y += 1
        elif dx == dy:
            concordant += 1
        else:
            discordant += 1
    denom = np.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return float((concordant - discordant) / denom) if denom else float("nan")


def human_scores(pair: str) -> dict[str, float]:
    with open(WMT22 / pair / "human_scores.tsv", encoding="utf-8") as f:
        return {row["system"]: float(row["da_z"]) for row in csv.DictReader(f, delimiter="\t")}


def system_file(pair: str, system: str) -> Path:
    d = WMT22 / pair
    if system == "HUMAN-B":
        return d / f"generaltest2022.{pair}.ref.B.en"
    return d / f"generaltest2022.{pair}.hyp.{system}.en"


def metric_scores(pair: str, systems: list[str], metrics: list[str]) -> dict[str, np.ndarray]:
    ref = WMT22 / pair / f"generaltest2022.{pair}.ref.A.en"
    src = WMT22 / pair / f"generaltest2022.{pair}.src.{pair.split('-')[0]}"
    opts = ScoreOptions(metrics=metrics, lines=True, names=systems, src=src)
    run = score(ref, [system_file(pair, s) for s in systems], opts)
    return {m: np.array([s.corpus[m] for s in run.systems]) for m in run.metrics}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="de-en,zh-en")
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    parser.add_argument("--comet", action="store_true", help="also COMET, if available offline")
    args = parser.parse_args()
    metrics = args.metrics.split(",") + (["comet"] if args.comet else [])
    print(f"{'pair':6} {'metric':6} {'n':>3} {'pearson':>8} {'kendall':>8}   without HUMAN-B")
    for pair in args.pairs.split(","):
        human = human_scores(pair)
        systems = [s for s in human if system_file(pair, s).exists()]
        scores = metric_scores(pair, systems, [m for m in metrics if m != "comet"])
        if "comet" in metrics:
            try:
                scores.update(metric_scores(pair, systems, ["comet"]))
            except InputError as exc:
                print(f"{pair}: COMET skipped: {exc}")
        y = np.array([human[s] for s in systems])
        mt = np.array([s != "HUMAN-B" for s in systems])
        for metric in metrics:
            if metric not in scores:
                print(f"{pair:6} {metric:6} skipped (not available)")
                continue
            x = scores[metric] * (1 if higher_is_better(metric) else -1)
            r_all, t_all = pearson(x, y), kendall_tau_b(x, y)
            r_mt, t_mt = pearson(x[mt], y[mt]), kendall_tau_b(x[mt], y[mt])
            print(
                f"{pair:6} {metric:6} {len(x):3d} {r_all:8.3f} {t_all:8.3f}"
                f"   n={mt.sum():2d} {r_mt:6.3f} {t_mt:6.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
