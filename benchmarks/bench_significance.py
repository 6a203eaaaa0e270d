"""Time `mtcompare score --significance` against sacrebleu's paired tests, side by side.

    python benchmarks/bench_significance.py [--pairs de-en,zh-en] [--tests bootstrap,ar]
                                            [--ar-trials 10000] [--repeat 1]

For each WMT22 language pair (all systems, reference A, line-aligned) and each test, runs
the two whole commands one after the other, as a user would:

    sacrebleu REF -i SYS... -m bleu chrf --paired-bs|--paired-ar -f text
    mtcompare score --lines -r REF SYS... -m bleu,chrf --significance bootstrap|ar

and prints the wall times of sacrebleu, of mtcompare with default flags (error flagging
included) and of mtcompare with ``--no-errors``, and sacrebleu's time divided by each
(the issue's target is 20x), then where mtcompare's time goes (in-process stage timings
for the same run). The machine is shared: each command runs ``--repeat`` times (default
2) and the best time counts; both tools are always measured in the same run.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WMT22 = REPO.parent / "shared" / "data" / "wmt22"


def files(pair: str) -> tuple[Path, list[Path]]:
    d = WMT22 / pair
    return d / f"generaltest2022.{pair}.ref.A.en", sorted(d.glob(f"generaltest2022.{pair}.hyp.*"))


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def commands(pair: str, test: str, trials: int) -> tuple[list[str], list[str]]:
    """sacrebleu's command and mtcompare's (default flags) for one pair and test."""
    ref, hyps = files(pair)
    n = trials if test == "ar" else 1000
    flag = ["--paired-ar", "--paired-ar-n", str(n)] if test == "ar" else ["--paired-bs"]
    sacre = [sys.executable, "-m", "sacrebleu", str(ref), "-i", *map(str, hyps)]
    sacre += ["-m", "bleu", "chrf", *flag, "-f", "text"]
    ours = [sys.executable, "-m", "mtcompare", "score", "--lines", "-r", str(ref)]
    ours += [*map(str, hyps), "-m", "bleu,chrf", "--significance", test, "--resamples", str(n)]
    ours += ["--no-save", "-q"]
    return sacre, ours


def stage_times(pair: str, test: str, trials: int) -> dict[str, float]:
    """Where the time of one in-process run goes (wrapped pipeline stages)."""
    import mtcompare.checks.flagging as flagging
    import mtcompare.pipeline as pipeline
    from mtcompare.analysis.significance import SignificanceConfig
    from mtcompare.metrics.base import SegmentMetric
    from mtcompare.render.table import print_table

    totals: collections.Counter[str] = collections.Counter()
    originals: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, attr: str, key: str) -> None:
        func: Callable[..., Any] = getattr(owner, attr)
        originals.append((owner, attr, func))

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                totals[key] += time.perf_counter() - start

        setattr(owner, attr, timed)

    wrap(pipeline, "load_document", "read + split lines")
    wrap(SegmentMetric, "stats", "sufficient statistics")
    wrap(SegmentMetric, "sentence_scores", "sentence scores")
    wrap(flagging, "flag_systems", "error categories (annotate)")
    wrap(pipeline, "run_significance", "significance tests")
    ref, hyps = files(pair)
    n = trials if test == "ar" else 1000
    start = time.perf_counter()
    try:
        run = pipeline.score(
            ref,
            hyps,
            pipeline.ScoreOptions(
                metrics=["bleu", "chrf"], lines=True, significance=SignificanceConfig(test, n)
            ),
        )
        total = time.perf_counter() - start
        from rich.console import Console

        with open("/dev/null", "w") as sink:
            t = time.perf_counter()
            print_table(run, Console(file=sink, width=100), segments=False)
            totals["table output"] += time.perf_counter() - t
    finally:
        for owner, attr, func in originals:
            setattr(owner, attr, func)
    totals["score() total"] = total
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="de-en,zh-en")
    parser.add_argument("--tests", default="bootstrap,ar")
    parser.add_argument("--ar-trials", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per command; best counts")
    parser.add_argument("--no-stages", action="store_true", help="skip the stage breakdown")
    args = parser.parse_args()
    print(
        f"{'pair':6} {'test':9} {'systems':>7} {'sacrebleu':>9} {'ours':>6} {'ratio':>6} "
        f"{'--no-errors':>11} {'ratio':>6}"
    )
    for pair in args.pairs.split(","):
        sacre_plain = [*commands(pair, "bootstrap", 0)[0][:-3], "-f", "text"]  # no paired test
        t_plain = min(wall(sacre_plain) for _ in range(args.repeat))
        for test in args.tests.split(","):
            sacre, ours = commands(pair, test, args.ar_trials)
            t_sacre = t_ours = t_fast = float("inf")
            for _ in range(args.repeat):  # interleaved: load from other jobs hits all three
                t_sacre = min(t_sacre, wall(sacre))
                t_ours = min(t_ours, wall(ours))
                t_fast = min(t_fast, wall([*ours, "--no-errors"]))
            n_sys = len(files(pair)[1])
            print(
                f"{pair:6} {test:9} {n_sys:7d} {t_sacre:8.2f}s {t_ours:5.2f}s "
                f"{t_sacre / t_ours:5.1f}x {t_fast:10.2f}s {t_sacre / t_fast:5.1f}x",
                flush=True,
            )
            if not args.no_stages:
                stages = stage_times(pair, test, args.ar_trials)
                for stage, seconds in stages.items():
                    print(f"    {stage:30} {seconds:6.2f} s")
                tests_only = t_sacre - t_plain
                ours_only = stages["significance tests"]
                print(
                    f"    tests only: sacrebleu {tests_only:.2f} s (paired run minus plain run "
                    f"{t_plain:.2f} s), mtcompare {ours_only:.2f} s: {tests_only / ours_only:.0f}x",
                    flush=True,
                )


if __name__ == "__main__":
    main()
