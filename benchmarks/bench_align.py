"""Alignment quality on real documents: link-F1 against the WMT22 line alignment.

Run:  python benchmarks/bench_align.py [--pairs de-en,zh-en] [--domain news]
                                       [--systems Online-A,JDExploreAcademy | all]
                                       [--long 11500] [--repeat 3]

Every WMT22 document of the domain is written as one paragraph (its lines joined with
spaces) for reference A and for the other version (reference B, Online-B), segmented
with ``split_sentences`` and aligned with ``align`` document by document, as
``mtcompare score`` does for one article. The WMT22 lines are line-aligned, so line i of
reference A and line i of the other version are a gold link, so a reference sentence
and an MT sentence are a gold link when they have characters of the same line (a
sentence glued across two lines links to both lines' sentences: segmentation is not
scored, only the alignment of its sentences). A bead links each of its reference
sentences to each of its MT sentences. Link precision, recall and F1 are over all
documents; also printed: the beads' shapes and the seconds spent aligning. The other
versions are reference B and Online-B, plus the MT systems ``--systems`` names (``all``:
every system of the pair), the guard against tuning the aligner to one system.

Then the speed on one long document: ``--long`` reference sentences (0: skip) of the
article pair of ``benchmarks/bench_long.py`` (WMT22 documents, one line each), read and
segmented as ``mtcompare score --ref REF MT`` does (not timed), then paired by
``pipeline.pair_sentences`` in this process: CPU seconds (all threads) and wall seconds,
best of ``--repeat``, the first call (fresh memory) apart.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from itertools import groupby
from pathlib import Path

from mtcompare.alignment.monolingual import align
from mtcompare.segment import split_sentences

WMT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wmt22"
if not WMT.is_dir():
    WMT = Path("/work/shared/data/wmt22")
OTHERS = ("ref.B.en", "hyp.Online-B.en")


def documents(pair: str, suffix: str, domain: str) -> list[list[str]]:
    d = WMT / pair
    ids = (d / f"generaltest2022.{pair}.docids").read_text(encoding="utf-8").splitlines()
    doms = (d / f"generaltest2022.{pair}.domains").read_text(encoding="utf-8").splitlines()
    lines = (d / f"generaltest2022.{pair}.{suffix}").read_text(encoding="utf-8").splitlines()
    rows = [(i, x) for i, dom, x in zip(ids, doms, lines, strict=True) if dom == domain]
    return [[x for _, x in group] for _, group in groupby(rows, key=lambda r: r[0])]


def sentence_lines(lines: list[str]) -> tuple[list[str], list[set[int]]]:
    """The sentences of the lines joined into one paragraph, and the lines each has
    visible characters of."""
    owner = [k for k, line in enumerate(lines) for c in line if not c.isspace()]
    sentences = split_sentences(" ".join(lines))
    out, pos = [], 0
    for s in sentences:
        size = sum(1 for c in s if not c.isspace())
        out.append(set(owner[pos : pos + size]))
        pos += size
    assert pos == len(owner), "segmentation lost characters"
    return sentences, out


def links(
    ref_lines: list[str], hyp_lines: list[str], stats: dict
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Predicted and gold sentence links of one document."""
    ref, ref_of = sentence_lines(ref_lines)
    hyp, hyp_of = sentence_lines(hyp_lines)
    t0 = time.perf_counter()
    beads = align(ref, hyp)
    stats["seconds"] += time.perf_counter() - t0
    stats["shapes"].update(f"{len(b.ref)}-{len(b.hyp)}" for b in beads)
    pred = {(i, j) for b in beads for i in b.ref for j in b.hyp}
    gold = {(i, j) for i, a in enumerate(ref_of) for j, b in enumerate(hyp_of) if a & b}
    return pred, gold


def others(pair: str, systems: str) -> list[str]:
    """Reference B, Online-B and the ``--systems`` of ``pair`` (file suffixes)."""
    if systems == "all":
        names = sorted(p.name.split(".hyp.")[1][:-3] for p in (WMT / pair).glob("*.hyp.*.en"))
    else:
        names = [s for s in systems.split(",") if s]
    extra = [f"hyp.{s}.en" for s in names if f"hyp.{s}.en" not in OTHERS]
    missing = [s for s in extra if not (WMT / pair / f"generaltest2022.{pair}.{s}").is_file()]
    if missing:
        raise SystemExit(f"bench_align: no {', '.join(missing)} for {pair}")
    return [*OTHERS, *extra]


def long_document(sentences: int, repeat: int) -> None:
    """Print the CPU and wall seconds of pairing one long article pair's sentences."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_long import article_documents

    from mtcompare import pipeline as P

    plan, ref, hyp = article_documents(sentences)
    runs = []
    for _ in range(1 + repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        beads = P.pair_sentences(ref, hyp, plan.opts.align_config)
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    best = min(runs[1:], default=runs[0])
    print(
        f"\none document: {len(ref.units)} reference and {len(hyp.units)} MT sentences, "
        f"{len(beads)} beads; pair_sentences CPU {best[0]:.2f} s, wall {best[1]:.2f} s "
        f"(best of {repeat}; first call CPU {runs[0][0]:.2f} s, wall {runs[0][1]:.2f} s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default="de-en,zh-en")
    ap.add_argument("--domain", default="news")
    ap.add_argument("--systems", default="", help="more MT systems, comma-separated, or all")
    ap.add_argument("--long", type=int, default=11500, help="sentences of the long document")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs on the long document")
    args = ap.parse_args()
    print(f"{'pair':<6} {'other':<22} {'docs':>4} {'lines':>5} {'P':>6} {'R':>6} {'F1':>6}  s")
    for pair in args.pairs.split(","):
        ref_docs = documents(pair, "ref.A.en", args.domain)
        for other in others(pair, args.systems):
            hyp_docs = documents(pair, other, args.domain)
            stats = {"seconds": 0.0, "shapes": Counter()}
            tp = n_pred = n_gold = 0
            for r, h in zip(ref_docs, hyp_docs, strict=True):
                pred, gold = links(r, h, stats)
                tp += len(pred & gold)
                n_pred += len(pred)
                n_gold += len(gold)
            p, rc = tp / n_pred, tp / n_gold
            f1 = 2 * p * rc / (p + rc)
            lines = sum(map(len, ref_docs))
            print(
                f"{pair:<6} {other:<22} {len(ref_docs):>4} {lines:>5} {p:6.4f} {rc:6.4f} "
                f"{f1:6.4f}  {stats['seconds']:.2f}"
            )
            shapes = ", ".join(f"{k}:{v}" for k, v in sorted(stats["shapes"].items()))
            print(f"       beads {shapes}")
    if args.long > 0:
        long_document(args.long, args.repeat)


if __name__ == "__main__":
    main()
