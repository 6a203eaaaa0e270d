"""Start-up of the commands that do not score: wall time and the heavy modules imported.

Run:  python benchmarks/bench_startup.py [--tree DIR] [--repeat 7]

Each command runs ``--repeat`` times in a fresh interpreter (``python -m mtcompare``
with PYTHONPATH set to ``--tree``, default this checkout, so another checkout can be
measured for a before/after); prints the best and median wall time, and, from one
``-X importtime`` run, the cumulative import time of ``mtcompare.cli`` and whether numpy,
sacrebleu, rapidfuzz or sqlalchemy were imported at all.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "sacrebleu", "rapidfuzz", "sqlalchemy")


def commands(db: str) -> dict[str, list[str]]:
    return {
        "--help": ["--help"],
        "score --help": ["score", "--help"],
        "runs list": ["runs", "list", "--db", db],
    }


def wall(args: list[str], env: dict[str, str], cwd: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mtcompare", *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            check=False,
        )
        times.append(time.perf_counter() - t0)
    return times


def imports(args: list[str], env: dict[str, str], cwd: str) -> tuple[float, list[str]]:
    """Cumulative import time of mtcompare.cli (ms) and the heavy modules imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mtcompare", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    cli_ms, heavy = 0.0, []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3:
            continue
        name = parts[2].strip()
        if name == "mtcompare.cli":
            cli_ms = int(parts[1]) / 1000
        if name in HEAVY:
            heavy.append(name)
    return cli_ms, heavy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, default=REPO, help="checkout to measure")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "runs.sqlite")
        print(f"tree {args.tree.resolve()}, {args.repeat} runs each")
        for label, argv in commands(db).items():
            times = wall(argv, env, tmp, args.repeat)  # not cwd: python -m puts it first
            cli_ms, heavy = imports(argv, env, tmp)
            print(
                f"  {label:<14} best {min(times):.3f} s, median {statistics.median(times):.3f} s;"
                f" import mtcompare.cli {cli_ms:.0f} ms; heavy: {', '.join(heavy) or 'none'}"
            )


if __name__ == "__main__":
    main()
