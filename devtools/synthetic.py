"""Perturbed parallel documents with a known alignment, for tests and benchmarks.

Real line-aligned data (e.g. WMT test sets) is turned into the situation this tool is
for: the MT side drops, merges, splits and adds sentences, and the true beads are kept.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mtcompare.alignment.monolingual import Bead
from mtcompare.core.textio import read_text, text_lines


@dataclass(frozen=True)
class Perturbed:
    ref: list[str]
    hyp: list[str]
    truth: list[Bead]


def perturb(
    ref: Sequence[str],
    hyp: Sequence[str],
    *,
    seed: int = 1,
    drop: float = 0.03,
    merge: float = 0.05,
    split: float = 0.05,
    add: float = 0.03,
    junk: Sequence[str] = (),
) -> Perturbed:
    """Apply omissions, 2-1 merges, 1-2 splits and additions to line-aligned ``hyp``."""
    if len(ref) != len(hyp):
        raise ValueError("ref and hyp must be line-aligned")
    rng = random.Random(seed)
    out: list[str] = []
    truth: list[Bead] = []
    i = 0
    while i < len(ref):
        if junk and rng.random() < add:
            truth.append(Bead((), (len(out),)))
            out.append(rng.choice(junk))
        r = rng.random()
        if r < drop:
            truth.append(Bead((i,), ()))
            i += 1
        elif r < drop + merge and i + 1 < len(ref):
            truth.append(Bead((i, i + 1), (len(out),)))
            out.append(f"{hyp[i]} {hyp[i + 1]}")
            i += 2
        elif r < drop + merge + split and len(hyp[i].split()) >= 8:
            words = hyp[i].split()
            cut = len(words) // 2
            truth.append(Bead((i,), (len(out), len(out) + 1)))
            out.extend([" ".join(words[:cut]), " ".join(words[cut:])])
            i += 1
        else:
            truth.append(Bead((i,), (len(out),)))
            out.append(hyp[i])
            i += 1
    return Perturbed(list(ref), out, truth)


def bead_f1(predicted: Sequence[Bead], truth: Sequence[Bead]) -> float:
    """F1 of exactly recovered beads (the measure used by sentence-alignment papers)."""
    p, t = set(predicted), set(truth)
    hit = len(p & t)
    if not hit:
        return 0.0
    prec, rec = hit / len(p), hit / len(t)
    return 2 * prec * rec / (prec + rec)


def wmt22_long_document(wmt22_dir: Path, size: int, seed: int = 3) -> Perturbed:
    """A ``size``-sentence document with no boundaries, from the WMT22 test sets.

    Reference side: ref A, ref B and Online-W of de-en and zh-en, one after the other;
    MT side: another system's output of the same lines, perturbed by :func:`perturb`,
    with additions drawn from the lines past ``size``.
    """
    ref: list[str] = []
    hyp: list[str] = []
    for lp in ("de-en", "zh-en"):
        d = wmt22_dir / lp
        for r, h in (
            ("ref.A", "hyp.Online-B"),
            ("ref.B", "hyp.Online-A"),
            ("hyp.Online-W", "hyp.Online-G"),
        ):
            ref += text_lines(read_text(d / f"generaltest2022.{lp}.{r}.en").text)
            hyp += text_lines(read_text(d / f"generaltest2022.{lp}.{h}.en").text)
    if size > len(ref):
        raise ValueError(f"at most {len(ref)} sentences available")
    return perturb(ref[:size], hyp[:size], seed=seed, junk=ref[size:] or ref[:100])
