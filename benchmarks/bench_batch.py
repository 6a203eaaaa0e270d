"""Batch input against one CLI call per article: wall time, per-article cost, peak memory.

Run:  python benchmarks/bench_batch.py [--sizes 50,100,200] [--jobs N] [--pair-dir DIR]

The first N WMT22 de-en documents (grouped by ``.docids``) are written as articles, one
paragraph per line, for ref.A and three systems (devtools.articles). Each size is scored
twice in fresh interpreters, document mode, error flags on, ``-f json`` to a file, no
store: once as ``mtcompare score --ref ref/ A/ B/ C/`` (batch) and once as a loop of one
``mtcompare score --ref ref/X.txt A/X.txt B/X.txt C/X.txt`` per article. Prints the wall
time, the cost per article, the peak RSS (of the largest process, forked workers
included) and the ratio batch / loop (target: at most 1/10).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from devtools.articles import DE_EN, write_articles  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "wmt22" / "de-en"
SYSTEMS = [k for k in DE_EN if k != "ref"]


def timed(args: list[str], out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``mtcompare`` call in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q", "-f", "json"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "-o", str(out), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}: {proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def measure(root: Path, docs: list[str], jobs: int | None) -> dict[str, float]:
    out = root / "out.json"
    extra = ["--jobs", str(jobs)] if jobs else []
    dirs = [str(root / s) for s in SYSTEMS]
    batch, batch_mem = timed(["--ref", str(root / "ref"), *dirs, *extra], out)
    names = [x for s in SYSTEMS for x in ("--name", s)]
    loop, loop_mem = 0.0, 0.0
    for doc in docs:
        files = [str(root / s / f"{doc}.txt") for s in SYSTEMS]
        wall, mem = timed(["--ref", str(root / "ref" / f"{doc}.txt"), *files, *names], out)
        loop += wall
        loop_mem = max(loop_mem, mem)
    return {"batch": batch, "batch_mem": batch_mem, "loop": loop, "loop_mem": loop_mem}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200")
    parser.add_argument("--jobs", type=int, default=None, help="batch --jobs (default: all)")
    parser.add_argument("--pair-dir", type=Path, default=DATA)
    args = parser.parse_args()
    print(f"WMT22 de-en articles x {len(SYSTEMS)} systems ({', '.join(SYSTEMS)}), cores: "
          f"{len(os.sched_getaffinity(0))}, batch --jobs {args.jobs or 'all'}")  # fmt: skip
    head = f"{'articles':>8} {'sents':>6} {'batch s':>8} {'ms/art':>7} {'MiB':>6} "
    print(head + f"{'loop s':>8} {'ms/art':>7} {'MiB':>6} {'batch/loop':>10}")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            docs = write_articles(args.pair_dir, root, n)
            sents = sum(len((root / "ref" / f"{d}.txt").read_text().splitlines()) for d in docs)
            r = measure(root, docs, args.jobs)
        print(
            f"{len(docs):>8} {sents:>6} {r['batch']:>8.2f} {1000 * r['batch'] / n:>7.1f} "
            f"{r['batch_mem']:>6.0f} {r['loop']:>8.2f} {1000 * r['loop'] / n:>7.1f} "
            f"{r['loop_mem']:>6.0f} {r['batch'] / r['loop']:>10.3f}"
        )


if __name__ == "__main__":
    main()
