"""Sentence splitting time against paragraph size, before and after the windowed pysbd.

Run:  python benchmarks/bench_segment.py [--budget SECONDS] [--max-kb KB] [--long N]

First (``--long``, 0 skips it) the article pair of benchmarks/bench_long.py with N
reference sentences, each document one paragraph: CPU seconds of ``split_sentences`` on
each side with pysbd's own English Segmenter and list pass ("pysbd", the code before
mtcompare._pysbd_fast) and as shipped ("fast"), best of ``--repeat``, and the number of
sentences that differ between the two (must be 0).

One paragraph of 10 KB ... 2 MB is made from the WMT22 de-en references (joined with
spaces, repeated as needed), with punctuation and with every . ! ? removed. "before" is
the b26f0df code path (pysbd's ``Segmenter.segment`` on the whole paragraph, then the
same repairs), run only while its predicted time (the last measured one times the
observed growth) stays under ``--budget``; "after" is ``split_sentences``. Each row
prints seconds, µs per character and the growth exponent k of time ~ size^k against the
previous row (1 = linear, 2 = quadratic).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from pathlib import Path
from unittest import mock

import pysbd
from pysbd.lists_item_replacer import ListItemReplacer

from mtcompare import segment
from mtcompare.segment import split_sentences

WMT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wmt22" / "de-en"
if not WMT.is_dir():
    WMT = Path("/work/shared/data/wmt22/de-en")
SIZES_KB = (10, 20, 50, 100, 200, 500, 1000, 2000)
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[a-z]")


def before(text: str) -> list[str]:
    """b26f0df's split_sentences on a one-paragraph text (its missing-space repair and
    lower-case merge are cheap and left out: pysbd is the cost)."""
    seg = pysbd.Segmenter(language="en", clean=False)
    merged: list[str] = []
    for piece in (s.strip() for s in seg.segment(text.strip()) if s.strip()):
        if merged and _STARTS_LOWER.match(piece):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def paragraph(base: str, kb: int) -> str:
    text = (base + " ") * (kb * 1000 // len(base) + 1)
    return text[: kb * 1000].rsplit(" ", 1)[0]


def timed(func, text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = len(func(text))
    return time.perf_counter() - t0, n


def growth(prev: tuple[int, float] | None, kb: int, dt: float) -> str:
    if prev is None or prev[1] <= 0:
        return "   -"
    return f"{math.log(dt / prev[1]) / math.log(kb / prev[0]):4.2f}"


def run(label: str, base: str, budget: float, max_kb: int) -> None:
    print(f"\n{label}")
    print(
        f"  {'size':>7} | {'before s':>9} {'µs/ch':>6} {'k':>4} {'sents':>6} |"
        f" {'after s':>8} {'µs/ch':>6} {'k':>4} {'sents':>6}"
    )
    prev_b: tuple[int, float] | None = None
    prev_a: tuple[int, float] | None = None
    k_b = 2.0  # assumed growth until two points are measured
    for kb in (s for s in SIZES_KB if s <= max_kb):
        text = paragraph(base, kb)
        cells = ""
        predicted = prev_b[1] * (kb / prev_b[0]) ** k_b if prev_b else 0.0
        if predicted <= budget:
            dt, n = timed(before, text)
            g = growth(prev_b, kb, dt)
            if prev_b:
                k_b = max(1.0, math.log(dt / prev_b[1]) / math.log(kb / prev_b[0]))
            cells = f"{dt:9.2f} {dt / len(text) * 1e6:6.1f} {g} {n:6d}"
            prev_b = (kb, dt)
        else:
            cells = f"{'~' + format(predicted, '.0f'):>9} {'':6} {'':>4} {'skip':>6}"
        dt, n = timed(split_sentences, text)
        g = growth(prev_a, kb, dt)
        prev_a = (kb, dt)
        print(f"  {kb:5d}KB | {cells} | {dt:8.2f} {dt / len(text) * 1e6:6.1f} {g} {n:6d}")


def with_pysbd(text: str) -> list[str]:
    """split_sentences with pysbd's own Segmenter and list pass (no fast path)."""
    seg = pysbd.Segmenter(language="en", clean=False)
    with (
        mock.patch.object(segment, "_segmenter", lambda language: seg),
        mock.patch.object(
            segment, "add_line_break", lambda t: ListItemReplacer(t).add_line_break()
        ),
    ):
        return split_sentences(text)


def cpu(func, text: str, repeat: int) -> tuple[float, list[str]]:
    best, out = math.inf, []
    for _ in range(repeat):
        t0 = time.process_time()
        out = func(text)
        best = min(best, time.process_time() - t0)
    return best, out


def run_long(sentences: int, repeat: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_long import article_pair

    ref, hyp = article_pair(sentences)
    print(f"bench_long's article pair ({sentences} reference sentences), CPU s, best of {repeat}")
    print(
        f"  {'side':4} {'chars':>9} {'sents':>6} | {'pysbd s':>8} {'fast s':>7} {'saved':>6} | diff"
    )
    split_sentences("Warm up. The word lists are loaded.")
    for side, docs in (("ref", ref), ("mt", hyp)):
        text = "\n".join(" ".join(doc) for doc in docs)
        t_old, old = cpu(with_pysbd, text, repeat)
        t_new, new = cpu(split_sentences, text, repeat)
        differ = sum(a != b for a, b in zip(old, new, strict=False)) + abs(len(old) - len(new))
        print(
            f"  {side:4} {len(text):9d} {len(new):6d} | {t_old:8.2f} {t_new:7.2f}"
            f" {1 - t_new / t_old:6.0%} | {differ}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", type=float, default=60.0, help="max predicted s per 'before'")
    ap.add_argument("--max-kb", type=int, default=2000)
    ap.add_argument("--long", type=int, default=11500, help="bench_long sentences (0: skip)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of --long, best taken")
    args = ap.parse_args()
    if args.long:
        run_long(args.long, args.repeat)
    if args.max_kb <= 0:
        return
    refs = (WMT / "generaltest2022.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    base = " ".join(refs)
    run("WMT22 de-en references as one paragraph", base, args.budget, args.max_kb)
    no_punct = " ".join(re.sub(r"[.!?]", "", base).split())
    run("the same without . ! ?", no_punct, args.budget, args.max_kb)
    print("\n~N: 'before' skipped, N = its predicted seconds from the growth measured so far")


if __name__ == "__main__":
    main()
