"""One long article pair in document mode against ``sacrebleu -m bleu chrf`` on its lines.

Run:  python benchmarks/bench_long.py [--sizes 500,2000,5000,11500] [--repeat 2]

The article pair is built from WMT22 documents written as paragraphs (each document's
lines joined into one line): de-en then zh-en documents, reference A against Online-B,
then reference B against Online-A, then A against Online-W, ... until the reference has
the wanted number of sentences (as ``mtcompare.segment`` splits it; counted before the
timing). Each size is timed in fresh interpreters, best of ``--repeat``:

* ``mtcompare score --ref REF MT -f json --no-save -q`` (document mode: segmented,
  aligned, BLEU/chrF/TER, error flags, JSON written);
* ``sacrebleu REF_LINES -i MT_LINES -m bleu chrf`` on the same documents line-aligned;
* the stages of the first in one process, parallel work switched off (metrics and
  word lists loaded before the clock starts): segmentation of both sides, alignment,
  each metric, the error flags and the JSON rendering; then the flags of the same text
  line-aligned (as ``--lines`` pairs it), to compare the cost of a pair.

Prints wall and CPU seconds (CPU: user + system of the command and its worker
processes), the growth exponent k of time ~ sentences^k against the previous size (1 =
linear) and the ratios mtcompare / sacrebleu, of wall time (the target is at most 2) and
of CPU time (steadier when other jobs share the machine); then the stages' CPU seconds
and their k.
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


def article_documents(sentences: int):
    """``article_pair(sentences)`` as ``mtcompare score --ref REF MT`` reads it, each side
    written one document a line: (the run's plan, reference Document, MT Document)."""
    from mtcompare import pipeline as P

    ref_docs, hyp_docs = article_pair(sentences)
    with tempfile.TemporaryDirectory() as tmp:
        ref, mt = str(Path(tmp) / "ref.txt"), str(Path(tmp) / "mt.txt")
        for path, docs in ((ref, ref_docs), (mt, hyp_docs)):
            Path(path).write_text("\n".join(" ".join(d) for d in docs) + "\n", "utf-8")
        plan = P.plan_run([mt], P.ScoreOptions(), ref_paths=[ref])
        inputs = P.load_inputs(plan, [ref], [mt])
        return plan, inputs.ref, P.load_document(mt, "MT file", plan.reading)


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
import json, sys, time
from pathlib import Path
import mtcompare.core.parallel as parallel
parallel.available_cores = lambda: 1  # the stages' CPU seconds in this one process
from mtcompare import pipeline as P
from mtcompare.cli.common import emit_run
from mtcompare.core.model import SystemResult
from mtcompare.render.options import RenderOptions
ref_path, mt_path, out = sys.argv[1:4]
t, clock = {}, [time.process_time()]
def tick(k):
    now = time.process_time()
    t[k] = t.get(k, 0.0) + now - clock[0]
    clock[0] = now
from mtcompare.checks.flagging import flag_systems
from mtcompare.core.model import SegmentPair
plan = P.plan_run([mt_path], P.ScoreOptions(), ref_paths=[ref_path])
flag_systems([[SegmentPair([0], [0], "Not 5 cats.", "No 6 cats.")]])  # word lists loaded
clock[0] = time.process_time()
inputs = P.load_inputs(plan, [ref_path], [mt_path])
hyp = P.load_document(mt_path, "MT file", plan.reading)
tick("segment")
segments = P.pair_sentences(inputs.ref, hyp, plan.opts.align_config)
system = SystemResult("mt", mt_path, {}, {}, segments, len(hyp.units), hyp.file.sha256)
tick("align")
for metric in plan.metrics:
    P.apply_metric(plan, metric, [system])
    tick(metric.name)
P.flag_errors(plan, inputs, [system])
tick("flags")
emit_run("json", P.assemble(plan, inputs, ref_path, [system], None), RenderOptions(), Path(out))
tick("render")
# the same text line-aligned, flagged as --lines would: is a document's bead dearer?
lines = [Path(p).read_text(encoding="utf-8").splitlines() for p in sys.argv[4:6]]
pairs = [SegmentPair([i], [i], r, h) for i, (r, h) in enumerate(zip(*lines, strict=True))]
clock[0] = time.process_time()
flag_systems([pairs])
tick("flags_lines")
t["beads"], t["line_pairs"] = len(segments), len(pairs)
print(json.dumps(t))
"""
#: The stage columns: CPU seconds of each in one process (workers switched off).
STAGE_NAMES = ("segment", "align", "bleu", "chrf", "ter", "flags", "render")


def stages(files: dict[str, Path], out: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    paths = [str(files[k]) for k in ("ref", "mt", "ref_lines", "mt_lines")]
    done = subprocess.run(
        [sys.executable, "-c", STAGES, *paths[:2], str(out), *paths[2:]],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def growth(prev: tuple[int, float] | None, n: int, dt: float) -> str:
    """k of dt ~ n^k against the previous size (1 = linear)."""
    if prev is None or prev[0] == n or prev[1] <= 0 or dt <= 0:
        return "   -"
    return f"{math.log(dt / prev[1]) / math.log(n / prev[0]):4.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000,11500")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}; best of {args.repeat}; seconds")
    head = f"{'sents':>6} {'lines':>6} | {'ours':>6} {'cpu':>6} {'k':>4} {'k cpu':>5}"
    print(head + f" | {'sacre':>6} {'cpu':>6} {'k':>4} {'k cpu':>5} | {'wall x':>6} {'cpu x':>5}")
    prev: dict[str, tuple[int, float]] = {}
    breakdown = []
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
            st = stages(files, root / "stages.json")
            sents = json.loads((root / "o").read_text())["reference"]["sentences"]
        lines = sum(map(len, ref_docs))
        figures = {"wall": m[0], "cpu": m[1], "s_wall": s[0], "s_cpu": s[1], **st}
        figures["stages"] = sum(st[k] for k in STAGE_NAMES)
        per_bead = 1000 * st["flags"] / st["beads"]
        per_line = 1000 * st["flags_lines"] / st["line_pairs"]
        k = {key: growth(prev.get(key), sents, value) for key, value in figures.items()}
        print(
            f"{sents:>6} {lines:>6} | {m[0]:>6.2f} {m[1]:>6.2f} {k['wall']} {k['cpu']:>5} | "
            f"{s[0]:>6.2f} {s[1]:>6.2f} {k['s_wall']} {k['s_cpu']:>5} | "
            f"{m[0] / s[0]:>6.2f} {m[1] / s[1]:>5.2f}"
        )
        breakdown.append((sents, figures, k, per_bead, per_line))
        prev = {key: (sents, value) for key, value in figures.items()}
    print("\nstages, CPU seconds in one process (k: growth against the previous size);")
    print("flags ms/pair: a document's bead, and a line pair of the same text line-aligned")
    names = (*STAGE_NAMES, "stages")
    print(f"{'sents':>6} " + " ".join(f"{n:>12}" for n in names) + "  ms/bead ms/line")
    for sents, figures, k, per_bead, per_line in breakdown:
        cells = " ".join(f"{figures[name]:>6.2f} {k[name]:>5}" for name in names)
        print(f"{sents:>6} {cells}  {per_bead:>7.2f} {per_line:>7.2f}")


if __name__ == "__main__":
    main()
