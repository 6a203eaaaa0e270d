"""Run store: time to save and reload a WMT22-scale run, and the store's size on disk.

Run:  python benchmarks/bench_store.py [--wmt DIR] [--db URL] [--repeat N] [--history N]

Scores WMT22 de-en ref.A against every system output with ``--lines`` and metrics
bleu,chrf (9 systems x 1,984 sentences; scoring time printed but not the point), then
saves the run N times into a fresh store (a temporary SQLite file unless ``--db`` names
another, e.g. a PostgreSQL server), reloads it, checks the reload rebuilds the same
JSON, and times list/trend queries on the stored history.

``--history N`` also fills a second store with N small runs (the repository's example,
2 systems x 3 metrics) and times listing, trend and export over that long history: the
cost of checking every value read back (a damaged row is an error naming its run).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from mtcompare import ScoreOptions, score
from mtcompare.render.table import to_json
from mtcompare.store import Store

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path, default=WMT)
    parser.add_argument("--db", help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--history", type=int, default=1000, help="small runs (0: skip)")
    args = parser.parse_args()

    ref = args.wmt / "generaltest2022.de-en.ref.A.en"
    hyps = sorted(args.wmt.glob("generaltest2022.de-en.hyp.*.en"))
    names = [p.name.split(".")[-2] for p in hyps]
    t0 = time.perf_counter()
    run = score(ref, hyps, ScoreOptions(lines=True, names=names, metrics=["bleu", "chrf"]))
    scored = time.perf_counter() - t0
    live_json = to_json(run)
    n_segments = sum(len(s.segments) for s in run.systems)
    print(f"run: {len(run.systems)} systems x {run.reference['sentences']} sentences "
          f"({n_segments} segments), JSON {len(live_json.encode()) / 1e6:.1f} MB, "
          f"scored in {scored:.1f} s")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        db = args.db or str(path)
        t0 = time.perf_counter()
        store = Store(db)
        opened = time.perf_counter() - t0
        with store:
            save_s, run_id = timed(lambda: store.save(run, label="bench"), args.repeat)
            load_s, loaded = timed(lambda: store.load(str(run_id)), args.repeat)
            assert to_json(loaded) == live_json, "reload differs from the live run"
            list_s, listed = timed(store.list_runs, args.repeat)
            trend_s, points = timed(
                lambda: store.points(system=names[0], metric="chrf"), args.repeat
            )
        print(f"store: {store.where}")
        print(f"  create store (schema):   {opened * 1000:8.1f} ms")
        print(f"  save run (median of {args.repeat}): {save_s * 1000:8.1f} ms")
        print(f"  reload run (median):     {load_s * 1000:8.1f} ms  (same JSON: yes)")
        print(f"  list {len(listed)} runs:            {list_s * 1000:8.1f} ms")  # type: ignore[arg-type]
        print(f"  trend of {len(points)} points:       {trend_s * 1000:8.1f} ms")  # type: ignore[arg-type]
        if not args.db:
            size = sum(f.stat().st_size for f in Path(tmp).glob("bench.sqlite*"))
            print(f"  on disk: {size / 1e6:.2f} MB for {args.repeat} runs, "
                  f"{size / args.repeat / 1e6:.2f} MB per run")  # fmt: skip
    if args.history:
        bench_history(args.history, args.repeat)


def bench_history(n: int, repeat: int) -> None:
    """List, trend and export over a long history of small runs."""
    small = score(REPO / "references" / "example.en.txt",
                  [REPO / "examples" / "mt_a.txt", REPO / "examples" / "mt_b.txt"])  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "history.sqlite")) as store:
        for k in range(n):
            store.save(small, label=f"r{k % 10}")
        list_s, listed = timed(store.list_runs, repeat)
        trend_s, points = timed(lambda: store.points(system="mt_a", metric="chrf"), repeat)
        export_s, rows = timed(store.points, repeat)
    print(f"history: {n} runs x 2 systems x 3 metrics")
    print(f"  list {len(listed)} runs:         {list_s * 1000:8.1f} ms")  # type: ignore[arg-type]
    print(f"  trend of {len(points)} points:    {trend_s * 1000:8.1f} ms")  # type: ignore[arg-type]
    print(f"  export {len(rows)} rows:      {export_s * 1000:8.1f} ms")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
