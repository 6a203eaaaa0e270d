"""Two references on all WMT22 de-en systems, every line: mtcompare's BLEU, chrF and TER
against sacrebleu's ``corpus_*(hyp, [refA, refB])``, and both times.

    python benchmarks/check_multiref.py

Prints one row per system (mtcompare's and sacrebleu's scores, equal or not) and the
seconds each side took. sacrebleu's TER is the slow part (about 18 s a system).
"""

from __future__ import annotations

import time
from pathlib import Path

import sacrebleu

from mtcompare.pipeline import ScoreOptions, score

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22" / "de-en"


def main() -> None:
    ref_a = DATA / "generaltest2022.de-en.ref.A.en"
    ref_b = DATA / "generaltest2022.de-en.ref.B.en"
    hyps = sorted(DATA.glob("generaltest2022.de-en.hyp.*.en"))
    start = time.perf_counter()
    run = score([ref_a, ref_b], hyps, ScoreOptions(lines=True, errors=False))
    ours = time.perf_counter() - start
    read = lambda p: p.read_text(encoding="utf-8").split("\n")[:-1]  # noqa: E731
    refs = [read(ref_a), read(ref_b)]
    start, equal = time.perf_counter(), True
    for path, system in zip(hyps, run.systems, strict=True):
        hyp = read(path)
        theirs = {
            "bleu": sacrebleu.corpus_bleu(hyp, refs).score,
            "chrf": sacrebleu.corpus_chrf(hyp, refs).score,
            "ter": sacrebleu.corpus_ter(hyp, refs).score,
        }
        same = all(system.corpus[m] == v for m, v in theirs.items())
        equal &= same
        cells = " ".join(f"{m}={system.corpus[m]:.4f}/{v:.4f}" for m, v in theirs.items())
        print(f"{system.name:45} {cells} {'equal' if same else 'DIFFERENT'}")
    print(
        f"mtcompare {ours:.1f} s, sacrebleu {time.perf_counter() - start:.1f} s; all equal: {equal}"
    )
    print("signatures:", run.systems[0].signatures)


if __name__ == "__main__":
    main()
