"""CPU seconds of the error flags (``flag_systems``, one process, workers off) on real text.

Run:  python benchmarks/bench_flag_speed.py [--repeat 3] [--inputs long,de-en,zh-en]
      [--dump DIR]

Inputs:
* ``long``: the article pair of ``benchmarks/bench_long.py`` (``article_pair(11500)``,
  11,503 reference sentences) in document mode, segmented and aligned as
  ``mtcompare score`` does (``pipeline.plan_run`` / ``load_inputs`` / ``load_document``
  / ``pair_sentences``; not timed), then its beads flagged;
* ``de-en`` / ``zh-en``: every WMT22 system line by line against ref.A, with the source
  (``use_source=True``, as ``--src`` gives it) and without.

Prints, per input, the pairs, the best CPU seconds of ``--repeat`` runs, ms per pair and
a digest of every flag (category, severity, detail, spans of each bead's ``errors``): two
versions of the checks flag identically when their digests agree. ``--dump DIR`` also
writes the flags, one bead a line, to DIR/<input>.txt (to diff where digests differ).
Run it with PYTHONPATH set to the tree to measure.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import mtcompare.core.parallel as parallel

parallel.available_cores = lambda: 1  # CPU seconds of this one process

from mtcompare.checks.flagging import flag_systems  # noqa: E402
from mtcompare.core.model import SegmentPair  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_long import WMT, article_documents  # noqa: E402


def lines(pair: str, name: str) -> list[str]:
    return (WMT / pair / f"generaltest2022.{pair}.{name}").read_text("utf-8").split("\n")[:-1]


def long_beads() -> Callable[[], list[list[SegmentPair]]]:
    """The article pair's beads, as ``mtcompare score --ref REF MT`` pairs them."""
    from mtcompare import pipeline as P

    plan, ref, hyp = article_documents(11500)
    beads = P.pair_sentences(ref, hyp, plan.opts.align_config)
    texts = [(s.ref_ids, s.hyp_ids, s.ref, s.hyp) for s in beads]
    return lambda: [[SegmentPair(list(r), list(h), rt, ht) for r, h, rt, ht in texts]]


def wmt_systems(pair: str) -> Callable[[], list[list[SegmentPair]]]:
    """Every system of ``pair`` line by line against ref.A, each line with its source."""
    ref, src = lines(pair, "ref.A.en"), lines(pair, f"src.{pair.split('-')[0]}")
    names = sorted(p.name.split(".hyp.")[1][:-3] for p in (WMT / pair).glob("*.hyp.*.en"))
    hyps = [lines(pair, f"hyp.{name}.en") for name in names]
    return lambda: [
        [
            SegmentPair([i], [i], r, h, src=src[i])
            for i, (r, h) in enumerate(zip(ref, hs, strict=True))
        ]
        for hs in hyps
    ]


def flag_lines(lists: list[list[SegmentPair]]) -> list[str]:
    return [
        repr([(e.category, e.severity, e.detail, e.ref, e.hyp) for e in seg.errors])
        for segs in lists
        for seg in segs
    ]


def measure(name: str, build: Callable, use_source: bool, repeat: int, dump: Path | None) -> None:
    best = float("inf")
    for _ in range(repeat):
        lists = build()
        start = time.process_time()
        flag_systems(lists, use_source=use_source)
        best = min(best, time.process_time() - start)
    flagged = flag_lines(lists)
    digest = hashlib.sha256("\n".join(flagged).encode()).hexdigest()[:16]
    if dump is not None:
        (dump / f"{name}.txt").write_text("\n".join(flagged) + "\n", "utf-8")
    n = len(flagged)
    print(f"{name:<14} {n:>7,} {best:>8.2f} {1000 * best / n:>8.3f}  {digest}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--inputs", default="long,de-en,zh-en")
    ap.add_argument("--dump", type=Path, default=None)
    args = ap.parse_args()
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
    flag_systems([[SegmentPair([0], [0], "Not 5 cats.", "No 6 cats.")]])  # word lists loaded
    print(f"best of {args.repeat}; CPU seconds of flag_systems, one process")
    print(f"{'input':<14} {'pairs':>7} {'cpu s':>8} {'ms/pair':>8}  flags digest")
    for which in args.inputs.split(","):
        if which == "long":
            measure("long", long_beads(), False, args.repeat, args.dump)
            continue
        build = wmt_systems(which)
        for use_source in (True, False):
            name = f"{which}.{'src' if use_source else 'nosrc'}"
            measure(name, build, use_source, args.repeat, args.dump)


if __name__ == "__main__":
    main()
