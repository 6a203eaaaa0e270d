"""How long the terminal table view takes against the scoring it shows.

Run:  python benchmarks/bench_render.py [--wmt DIR] [--repeat 3]

Three runs: the bundled example article (two versions, all pairs listed), one WMT22
de-en system (1,984 line pairs, error flags on) and that system's pairs repeated six
times (11,904 pairs: a long document). For each, the time to score (the Python API,
``score``), and to draw the table view (``-f table --segments``) into a 100-column
plain console: with the aligned-pair list laid out by ``mtcompare.render.boxed`` (now)
and by rich's Table (before; the old ``segment_table`` is kept below for the measure).
Best of ``--repeat``; the machine is shared, so figures move by about 10%.
"""

from __future__ import annotations

import argparse
import copy
import io
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.core.model import RunResult
from mtcompare.metrics import format_score, label
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.render import table as view
from mtcompare.render.terminal import safe_text, visible

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def rich_segment_table(run: RunResult, k: int) -> Table:
    """The aligned-pair list as it was drawn before (rich Table, show_lines)."""
    s = run.systems[k]
    table = Table(title=safe_text(f"Aligned segments: {s.name}"), title_justify="left")
    table.show_lines = True
    table.add_column("Ref", justify="right", no_wrap=True)
    table.add_column("MT", justify="right", no_wrap=True)
    for m in run.metrics:
        table.add_column(safe_text(label(m)), justify="right", no_wrap=True)
    table.add_column("Reference / MT", ratio=1, overflow="fold")
    for seg in s.segments:
        text = Text()
        text.append("R: ", style="bold")
        text.append(visible(seg.ref) or "(none: added in MT)")
        text.append("\nM: ", style="bold")
        text.append(visible(seg.hyp) or "(none: omitted in MT)")
        for e in seg.errors:
            text.append(f"\n[{visible(e.category)}] ", style="bold magenta")
            text.append(visible(e.detail))
        table.add_row(
            view.ids_text(seg.ref_ids),
            view.ids_text(seg.hyp_ids),
            *(format_score(m, seg.scores.get(m)) for m in run.metrics),
            text,
        )
    return table


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def draw(run: RunResult, old: bool) -> int:
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None, highlight=False)
    if old:
        view.print_table(run, console, segments=False)
        for k in range(len(run.systems)):
            console.print(rich_segment_table(run, k))
    else:
        view.print_table(run, console, segments=True)
    return len(buf.getvalue())


def tiled(run: RunResult, times: int) -> RunResult:
    """One system's pairs repeated: a long document of the same text."""
    big = copy.deepcopy(run)
    s = big.systems[0]
    s.segments = [copy.copy(g) for _ in range(times) for g in s.segments]
    big.systems = [s]
    return big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wmt", type=Path, default=WMT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ref = REPO / "references" / "example.en.txt"
    example = [REPO / "examples" / "mt_a.txt", REPO / "examples" / "mt_b.txt"]
    opts = ScoreOptions(src=REPO / "references" / "example.de.txt")
    d = args.wmt
    wmt_opts = ScoreOptions(lines=True, src=d / "generaltest2022.de-en.src.de")
    wmt_ref = d / "generaltest2022.de-en.ref.A.en"
    wmt_hyp = [d / "generaltest2022.de-en.hyp.JDExploreAcademy.en"]
    cases = [
        ("example article", lambda: score(ref, example, opts)),
        ("WMT22 de-en, 1 system", lambda: score(wmt_ref, wmt_hyp, wmt_opts)),
    ]
    print(f"{'run':<26} {'pairs':>6} {'score':>8} {'rich Table':>11} {'boxed':>8} "
          f"{'speed-up':>8} {'share before':>12} {'share now':>9}")  # fmt: skip
    scored = {}
    for name, make in cases:
        t_score = best(lambda n=name, f=make: scored.__setitem__(n, f()), args.repeat)
        runs = [(name, scored[name], t_score)]
        if name.startswith("WMT"):
            runs.append(("WMT22 de-en x6 (1 doc)", tiled(scored[name], 6), 6 * t_score))
        for shown, run, t in runs:
            pairs = sum(len(s.segments) for s in run.systems)
            old = best(lambda run=run: draw(run, True), max(1, args.repeat - 2))
            new = best(lambda run=run: draw(run, False), args.repeat)
            print(
                f"{shown:<26} {pairs:>6} {t:>7.2f}s {old:>10.2f}s {new:>7.2f}s "
                f"{old / new:>7.1f}x {old / (t + old):>11.0%} {new / (t + new):>9.0%}"
            )
    print("(x6: the score time is six times the one-system run's, an estimate)")


if __name__ == "__main__":
    main()
