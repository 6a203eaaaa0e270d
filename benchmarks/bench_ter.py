"""TER on the whole WMT22 test sets: mtcompare.metrics._fast_ter against sacrebleu, line by line.

    python benchmarks/bench_ter.py [--pairs de-en,zh-en] [--refs A] [--cli]

For every system and reference of each pair, computes each line's TER statistics (edits,
reference length) with sacrebleu (``TER._compute_segment_statistics``) and with
mtcompare.metrics._fast_ter, on one core each, checks that every row is identical and prints
the two times and their ratio. ``--cli`` also times the whole commands a user runs
(``sacrebleu REF -i SYS... -m ter`` and ``mtcompare score --lines -m ter --no-errors``,
which uses both cores), side by side.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from sacrebleu.metrics import TER

from mtcompare.metrics._fast_ter import segment_statistics

REPO = Path(__file__).resolve().parents[1]
WMT22 = REPO.parent / "shared" / "data" / "wmt22"


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def compare(ref: Path, hyp: Path) -> tuple[int, int, float, float]:
    """(lines, differing rows, sacrebleu seconds, mtcompare seconds) for one system."""
    metric = TER()
    refs, hyps = lines(ref), lines(hyp)
    infos = [metric._extract_reference_info([r]) for r in refs]
    words = [metric._preprocess_segment(h) for h in hyps]
    start = time.perf_counter()
    theirs = [metric._compute_segment_statistics(h, i) for h, i in zip(words, infos, strict=True)]
    t_theirs = time.perf_counter() - start
    start = time.perf_counter()
    ours = [
        segment_statistics(h.split(), i["ref_words"]) for h, i in zip(words, infos, strict=True)
    ]
    t_ours = time.perf_counter() - start
    return len(hyps), sum(a != b for a, b in zip(ours, theirs, strict=True)), t_theirs, t_ours


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="de-en,zh-en")
    parser.add_argument("--refs", default="A", help="references to use, e.g. A,B")
    parser.add_argument("--cli", action="store_true", help="also time the whole commands")
    args = parser.parse_args()
    print(
        f"{'pair':6} {'ref':3} {'systems':>7} {'lines':>6} {'differ':>6} "
        f"{'sacrebleu':>9} {'fast_ter':>8} {'ratio':>6}"
    )
    for pair in args.pairs.split(","):
        d = WMT22 / pair
        hyps = sorted(d.glob(f"generaltest2022.{pair}.hyp.*"))
        for k in args.refs.split(","):
            ref = d / f"generaltest2022.{pair}.ref.{k}.en"
            n = bad = 0
            t_theirs = t_ours = 0.0
            for hyp in hyps:
                rows, differ, a, b = compare(ref, hyp)
                n, bad, t_theirs, t_ours = n + rows, bad + differ, t_theirs + a, t_ours + b
            print(
                f"{pair:6} {k:3} {len(hyps):7d} {n:6d} {bad:6d} {t_theirs:8.1f}s "
                f"{t_ours:7.2f}s {t_theirs / t_ours:5.1f}x",
                flush=True,
            )
            if args.cli:
                sacre = [sys.executable, "-m", "sacrebleu", str(ref), "-i", *map(str, hyps)]
                ours = [sys.executable, "-m", "mtcompare", "score", "--lines", "-r", str(ref)]
                ours += [*map(str, hyps), "-m", "ter", "--no-errors", "--no-save", "-q"]
                t_sacre, t_cli = wall([*sacre, "-m", "ter"]), wall(ours)
                print(
                    f"    whole commands: sacrebleu -m ter {t_sacre:.1f}s, "
                    f"mtcompare score --lines -m ter {t_cli:.1f}s ({t_sacre / t_cli:.1f}x)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
