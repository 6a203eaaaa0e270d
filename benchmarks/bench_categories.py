"""Error-category detectors: quality on the challenge sets and speed on WMT22 de-en.

Run:  python benchmarks/bench_categories.py [--wmt DIR] [--show-mistakes]

Prints per-category precision / recall / F1 and the clean-pair false-positive rate on
the tuning set (tests/data/challenge_set.jsonl) and on the held-out set written before
any tuning (tests/data/challenge_heldout.jsonl), then annotation throughput on the WMT22
de-en reference against every system output (line-aligned 1-1 pairs), with the flags
raised per category so a change in over-flagging on real data shows up.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from mtcompare.checks import annotate, count_errors

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # devtools/: not installed
from devtools.flag_eval import load_items, score
from mtcompare.core.model import CATEGORIES, SegmentPair

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def report_set(path: Path, show_mistakes: bool) -> None:
    items = load_items(path)
    res = score(items)
    print(f"\n{path.name}: {len(items)} pairs ({res['clean']} clean)")
    print(f"  {'category':<10} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>4}")
    for cat, f in res["categories"].items():
        print(
            f"  {cat:<10} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} {f['support']:4d}"
        )
    print(f"  overall precision {res['precision']:.3f}")
    print(f"  clean pairs flagged: {res['clean_fp_rate']:.1%}")
    if show_mistakes:
        for m in res["mistakes"]:
            print(f"    [{m['expected']}] {m['ref']!r} -> {m['hyp']!r}: {m['flags']}")


def report_wmt(wmt: Path) -> None:
    refs = (wmt / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    systems = sorted(wmt.glob("generaltest2022.de-en.hyp.*.en"))
    if not systems:
        print(f"\nno system outputs under {wmt}")
        return
    total_pairs, total_time = 0, 0.0
    totals: Counter[str] = Counter()
    print(f"\nWMT22 de-en: ref.A vs {len(systems)} systems")
    for path in systems:
        hyps = path.read_text(encoding="utf-8").splitlines()
        segs = [
            SegmentPair([i], [i], r, h) for i, (r, h) in enumerate(zip(refs, hyps, strict=True))
        ]
        t0 = time.perf_counter()
        annotate(segs)
        dt = time.perf_counter() - t0
        counts = count_errors(segs)
        flagged = sum(bool(s.errors) for s in segs)
        total_pairs += len(segs)
        total_time += dt
        totals.update(counts)
        name = path.name.split(".hyp.")[1].removesuffix(".en")
        print(
            f"  {name:<18} {len(segs) / dt:7.0f} pairs/s  flagged {flagged / len(segs):5.1%}  "
            + " ".join(f"{c}={counts[c]}" for c in CATEGORIES)
        )
    print(
        f"  total: {total_pairs} pairs in {total_time:.2f} s = {total_pairs / total_time:.0f}"
        " pairs/s; flags " + " ".join(f"{c}={totals[c]}" for c in CATEGORIES)
    )
    # As a run flags them: all systems in one call, each reference sentence analysed once.
    together = [
        SegmentPair([i], [i], r, h)
        for path in systems
        for i, (r, h) in enumerate(
            zip(refs, path.read_text(encoding="utf-8").splitlines(), strict=True)
        )
    ]
    t0 = time.perf_counter()
    annotate(together)
    dt = time.perf_counter() - t0
    print(
        f"  all systems in one annotate call (shared reference side): {len(together)} pairs"
        f" in {dt:.2f} s = {len(together) / dt:.0f} pairs/s on one core"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wmt", type=Path, default=WMT, help="WMT22 de-en folder")
    ap.add_argument("--show-mistakes", action="store_true", help="list misclassified pairs")
    args = ap.parse_args()
    for name in ("challenge_set.jsonl", "challenge_heldout.jsonl"):
        report_set(DATA / name, args.show_mistakes)
    if (args.wmt / "generaltest2022.de-en.ref.A.en").exists():
        report_wmt(args.wmt)
    else:
        print(f"\nWMT22 data not found at {args.wmt}: throughput skipped")


if __name__ == "__main__":
    main()
