"""One long article pair in document mode against ``sacrebleu -m bleu chrf`` on its lines.

Run:  python benchmarks/bench_long.py [--sizes 500,2000,5000,11500] [--repeat 2]

The article pair is built from WMT22 documents written as paragraphs (each document's
lines joined into one line): de-en then zh-en documents, reference A against Online-B,
then reference B against Online-A, then A against Online-W, ... until the reference has
the wanted number of sentences (as ``mtcompare.segment`` splits it; counted before the
timing). Each size is timed in fresh interpreters, best of ``--repeat``:

* ``mtcompare score --ref REF MT -f json --no-save -q`` (document mode: segmented,
  aligned, BLEU/chrF/TER, error flags), and its stages in one process (segmentation of
  both sides, alignment, metrics, flags);
* ``sacrebleu REF_LINES -i MT_LINES -m bleu chrf`` on the same documents line-aligned.

Prints wall and CPU seconds (CPU: user + system of the command and its worker
processes; the stages are CPU seconds in one process), the growth exponent k of wall
time ~ sentences^k against the previous size (1 = linear) and the ratios mtcompare /
sacrebleu, of wall time (the target is at most 2) and of CPU time (steadier when other
jobs share the machine).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22"
if not WMT.is_dir():
    WMT = Path("/work/shared/data/wmt22")
#: (reference, MT) file suffixes, cycled: a reference never meets the same MT twice.
CYCLE = (("ref.A.en", "hyp.Online-B.en"), ("ref.B.en", "hyp.Online-A.en"),
         ("ref.A.en", "hyp.Online-W.en"), ("ref.B.en", "hyp.Online-Y.en"))  # fmt: skip


def documents(pair: str, suffix: str) -> list[list[str]]:
    """The lines of every document of one WMT22 file, in file order."""
    d = WMT / pair
    ids = (d / f"generaltest2022.{pair}.docids").read_text(encoding="utf-8").splitlines()
    lines = (d / f"generaltest2022.{pair}.{suffix}").read_text(encoding="utf-8").splitlines()
    rows = zip(ids, lines, strict=True)
    return [[line for _, line in group] for _, group in groupby(rows, key=lambda r: r[0])]


def article_pair(sentences: int) -> tuple[list[list[str]], list[list[str]]]:
    """Reference and MT documents (lists of lines) whose reference has ``sentences``
    sentences or a few more (whole documents are added)."""
    from mtcompare.segment import split_sentences

    ref: list[list[str]] = []
    hyp: list[list[str]] = []
    count = 0
    for k in range(100):
        ref_suffix, hyp_suffix = CYCLE[k % len(CYCLE)]
        for pair in ("de-en", "zh-en"):
            docs = zip(documents(pair, ref_suffix), documents(pair, hyp_suffix), strict=True)
            for r, h in docs:
                if count >= sentences:
                    return ref, hyp
                ref.append(r)
                hyp.append(h)
                count += len(split_sentences(" ".join(r)))
    return ref, hyp


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, its worker processes included)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


STAGES = """
import sys, time, json
from mtcompare.segment import split_sentences
from mtcompare.alignment.monolingual import align
t = {}
def tick(k, t0):
    t[k] = time.process_time() - t0
    return time.process_time()
ref_text, hyp_text = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
t0 = time.process_time()
ref = split_sentences(ref_text); hyp = split_sentences(hyp_text)
t0 = tick("segment", t0)
beads = align(ref, hyp)
t0 = tick("align", t0)
print(json.dumps(t))
"""


def stages(ref: Path, hyp: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", STAGES, str(ref), str(hyp)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def growth(prev: tuple[int, float] | None, n: int, dt: float) -> str:
    if prev is None:
        return "   -"
    return f"{math.log(dt / prev[1]) / math.log(n / prev[0]):4.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000,11500")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}; best of {args.repeat}; seconds")
    head = (
        f"{'sents':>6} {'lines':>6} {'segment':>8} {'align':>6} | {'ours':>6} {'cpu':>6} {'k':>4}"
    )
    print(head + f" | {'sacre':>6} {'cpu':>6} {'k':>4} | {'wall x':>6} {'cpu x':>5}")
    prev_m = prev_s = None
    for n in (int(x) for x in args.sizes.split(",")):
        ref_docs, hyp_docs = article_pair(n)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            files = {}
            for name, docs in (("ref", ref_docs), ("mt", hyp_docs)):
                files[name] = root / f"{name}.txt"
                files[name].write_text("\n".join(" ".join(d) for d in docs) + "\n", "utf-8")
                files[name + "_lines"] = root / f"{name}.lines"
                files[name + "_lines"].write_text("\n".join(x for d in docs for x in d) + "\n")
            ours = [sys.executable, "-m", "mtcompare", "score", "--ref", str(files["ref"])]
            ours += [str(files["mt"]), "-f", "json", "--no-save", "-q", "-o", str(root / "o")]
            theirs = [sys.executable, "-m", "sacrebleu", str(files["ref_lines"])]
            theirs += ["-i", str(files["mt_lines"]), "-m", "bleu", "chrf"]
            m = min((run(ours) for _ in range(args.repeat)), key=lambda x: x[0])
            s = min((run(theirs) for _ in range(args.repeat)), key=lambda x: x[0])
            st = stages(files["ref"], files["mt"])
            sents = json.loads((root / "o").read_text())["reference"]["sentences"]
        lines = sum(map(len, ref_docs))
        print(
            f"{sents:>6} {lines:>6} {st['segment']:>8.2f} {st['align']:>6.2f} | {m[0]:>6.2f} "
            f"{m[1]:>6.2f} {growth(prev_m, sents, m[0])} | {s[0]:>6.2f} {s[1]:>6.2f} "
            f"{growth(prev_s, sents, s[0])} | {m[0] / s[0]:>6.2f} {m[1] / s[1]:>5.2f}"
        )
        prev_m, prev_s = (sents, m[0]), (sents, s[0])


if __name__ == "__main__":
    main()
