"""Time segmentation, alignment and scoring on the seeds, WMT22 de-en and a 10k document.

Run from the repository root with ../shared beside it:  python benchmarks/bench_pipeline.py
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from mtcompare import ScoreOptions, align, metrics, score, split_sentences

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # devtools/: not installed
from devtools.synthetic import bead_f1, wmt22_long_document
from mtcompare.core.textio import read_text, text_lines

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WMT = SHARED / "data" / "wmt22"


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"  {label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def seeds() -> None:
    print("seeds (001 = reference, 000 = MT)")
    ref_path = next((SHARED / "seeds").glob("001_*.txt"))
    hyp_path = next((SHARED / "seeds").glob("000_*.txt"))
    ref_text, hyp_text = ref_path.read_text("utf-8"), hyp_path.read_text("utf-8")
    split_sentences("warm up.")
    ref = timed("segment reference", split_sentences, ref_text)
    hyp = timed("segment MT", split_sentences, hyp_text)
    beads = timed("align", align, ref, hyp)
    print(f"  {len(ref)} ref / {len(hyp)} MT sentences, {len(beads)} beads")
    run = timed("full score (bleu,chrf,ter + errors)", score, ref_path, [hyp_path])
    print(f"  corpus {run.systems[0].corpus}")


def wmt_lines() -> None:
    d = WMT / "de-en"
    ref = d / "generaltest2022.de-en.ref.A.en"
    hyps = sorted(d.glob("generaltest2022.de-en.hyp.*.en"))
    print(f"WMT22 de-en --lines: {len(hyps)} systems x 1984 lines")
    ref_lines = text_lines(read_text(ref).text)
    hyp_lines = text_lines(read_text(hyps[0]).text)
    for name in metrics.DEFAULT_METRICS:
        metric = metrics.create(name)
        stats = timed(f"{name}: statistics, one system", metric.stats, hyp_lines, ref_lines)
        timed(f"{name}: sentence scores, one system", metric.sentence_scores, stats)
    timed(
        "full score, bleu+chrf, all systems",
        score,
        ref,
        hyps,
        ScoreOptions(metrics=["bleu", "chrf"], lines=True),
    )
    timed(
        "full score, default metrics + errors, all",
        score,
        ref,
        hyps,
        ScoreOptions(lines=True),
    )


def synthetic(n: int) -> None:
    print("synthetic document, no boundaries (drops, merges, splits, additions)")
    for size in (n // 4, n // 2, n):
        case = wmt22_long_document(WMT, size)
        tracemalloc.start()
        start = time.perf_counter()
        beads = align(case.ref, case.hyp)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(
            f"  {size:>6} x {len(case.hyp):>6} sentences: align {elapsed:7.2f} s, "
            f"peak {peak:6.0f} MB, bead F1 {bead_f1(beads, case.truth):.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000, help="synthetic document size")
    args = parser.parse_args()
    seeds()
    wmt_lines()
    synthetic(args.size)


if __name__ == "__main__":
    main()
