"""Batch input against one CLI call per article: wall time, per-article cost, growth, memory.

Run:  python benchmarks/bench_batch.py [--sizes 50,100,200,400] [--jobs N] [--loop-articles K]

Articles are WMT22 documents (grouped by ``.docids``) written one paragraph per line
(devtools.articles), de-en and zh-en taken in turn (271 + 256 documents, so 400 articles
need both pairs), for ref.A and three engines: A = Online-A, B = Online-B, C = PROMT
(de-en) / Online-W (zh-en, which has no PROMT). Each size is scored in a fresh
interpreter, document mode, error flags on, ``-f json`` to a file, no store, as
``mtcompare score --ref ref/ A/ B/ C/``. The loop, one ``mtcompare score --ref ref/X.txt
A/X.txt B/X.txt C/X.txt`` per article, costs the same per article whatever the batch
size, so it is timed on ``--loop-articles`` articles spread over the whole set (de-en
and zh-en in turn) and extrapolated to each size (``--loop-articles 0``: every article
of every size, which takes long). Prints the wall time, the cost per article, the peak
RSS (of the largest process, forked workers included), the ratio batch / loop (target:
at most 1/10), and how the batch time grows: ratios between sizes and a least-squares
line ``time = start-up + cost x articles``.
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

from devtools.articles import write_articles  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "wmt22"
#: Engine folder -> WMT22 file suffix, per language pair.
PAIRS = {
    "de-en": {"ref": "ref.A.en", "A": "hyp.Online-A.en", "B": "hyp.Online-B.en",
              "C": "hyp.PROMT.en"},
    "zh-en": {"ref": "ref.A.en", "A": "hyp.Online-A.en", "B": "hyp.Online-B.en",
              "C": "hyp.Online-W.en"},
}  # fmt: skip
SYSTEMS = ["A", "B", "C"]


def write_pool(root: Path, n: int) -> list[str]:
    """Up to ``n`` articles, de-en and zh-en in turn, under ``root/<folder>/<pair>_<doc>.txt``."""
    per_pair = {}
    for pair, folders in PAIRS.items():
        staging = root / f".{pair}"
        docs = write_articles(DATA / pair, staging, n, folders, pair)
        per_pair[pair] = docs
        for folder in folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
            for doc in docs:
                (staging / folder / f"{doc}.txt").rename(root / folder / f"{pair}_{doc}.txt")
    mixed = [
        f"{pair}_{doc}"
        for k in range(n)
        for pair in PAIRS
        if k < len(per_pair[pair])
        for doc in [per_pair[pair][k]]
    ]
    return mixed[:n]


def subset(pool: Path, root: Path, articles: list[str]) -> None:
    """``root`` holds the folders of ``pool`` with only ``articles`` (symbolic links)."""
    for folder in ("ref", *SYSTEMS):
        (root / folder).mkdir(parents=True)
        for a in articles:
            (root / folder / f"{a}.txt").symlink_to(pool / folder / f"{a}.txt")


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


def loop_cost(pool: Path, articles: list[str], out: Path) -> tuple[float, float]:
    """Seconds per article and peak MiB of one CLI call per article."""
    names = [x for s in SYSTEMS for x in ("--name", s)]
    total, peak = 0.0, 0.0
    for a in articles:
        files = [str(pool / s / f"{a}.txt") for s in SYSTEMS]
        wall, mem = timed(["--ref", str(pool / "ref" / f"{a}.txt"), *files, *names], out)
        total += wall
        peak = max(peak, mem)
    return total / len(articles), peak


def fit(sizes: list[int], times: list[float]) -> tuple[float, float, float]:
    """Least squares ``time = a + b x size``: a, b and R²."""
    n = len(sizes)
    mx, my = sum(sizes) / n, sum(times) / n
    sxx = sum((x - mx) ** 2 for x in sizes)
    b = sum((x - mx) * (y - my) for x, y in zip(sizes, times, strict=True)) / sxx
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(sizes, times, strict=True))
    ss_tot = sum((y - my) ** 2 for y in times) or 1.0
    return a, b, 1 - ss_res / ss_tot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400")
    parser.add_argument("--jobs", type=int, default=None, help="batch --jobs (default: all)")
    parser.add_argument("--loop-articles", type=int, default=40)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    load = os.getloadavg()[0]
    print(f"WMT22 de-en + zh-en articles (in turn) x {len(SYSTEMS)} engines, cores: "
          f"{len(os.sched_getaffinity(0))}, load average {load:.1f}, "
          f"batch --jobs {args.jobs or 'all'}")  # fmt: skip
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        pool = Path(tmp) / "pool"
        every = write_pool(pool, max(sizes))
        out = Path(tmp) / "out.json"
        k = args.loop_articles
        sample = every[:: max(1, len(every) // k)][:k] if k else []
        if sample:
            per_call, loop_mem = loop_cost(pool, sample, out)
            print(f"loop: {1000 * per_call:.0f} ms per article (one CLI call each), measured on "
                  f"{len(sample)} articles spread over the {len(every)}, peak "
                  f"{loop_mem:.0f} MiB; extrapolated to each size")  # fmt: skip
        head = f"{'articles':>8} {'sents':>6} {'batch s':>8} {'ms/art':>7} {'MiB':>6} "
        print(head + f"{'loop s':>8} {'ms/art':>7} {'batch/loop':>10}")
        times = []
        for n in sizes:
            chosen = every[:n]
            root = Path(tmp) / f"n{n}"
            subset(pool, root, chosen)
            sents = sum(len((root / "ref" / f"{a}.txt").read_text().splitlines()) for a in chosen)
            batch, mem = timed(["--ref", str(root / "ref"), *(str(root / s) for s in SYSTEMS),
                                *extra], out)  # fmt: skip
            times.append(batch)
            loop = per_call * n if sample else loop_cost(root, chosen, out)[0] * n
            print(
                f"{n:>8} {sents:>6} {batch:>8.2f} {1000 * batch / n:>7.1f} {mem:>6.0f} "
                f"{loop:>8.1f} {1000 * loop / n:>7.0f} {batch / loop:>10.3f}"
            )
    ratios = ", ".join(
        f"{sizes[i + 1]}/{sizes[i]} articles: x{times[i + 1] / times[i]:.2f}"
        for i in range(len(sizes) - 1)
    )
    print(f"growth: {ratios}")
    if len(sizes) > 2:
        a, b, r2 = fit(sizes, times)
        print(f"fit: time = {a:.2f} s + {1000 * b:.1f} ms x articles (R² {r2:.3f})")


if __name__ == "__main__":
    main()
