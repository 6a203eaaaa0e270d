"""Flag every WMT22 line pair and write the flags, to prove a refactoring changes none.

Run:  PYTHONPATH=<checkout> python devtools/flag_dump.py OUT.jsonl [--repeat N]
      python devtools/flag_dump.py --compare A.jsonl B.jsonl

Pairs: WMT22 de-en and zh-en ref.A against every system (40,356 pairs) and against
ref.B (3,859), annotated as a run does (one ``annotate`` call per language pair, so the
reference side is shared). Each output line is one pair: its set, system, line and the
(category, ref, hyp, detail) of every flag. Only ``annotate`` and ``SegmentPair`` are
used, so the script runs unchanged on an older checkout (the baseline). ``--repeat``
times the annotation N times and prints the best wall and CPU time per pair (the
machine is shared: compare runs interleaved).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mtcompare.checks import annotate
from mtcompare.core.model import SegmentPair

WMT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wmt22"
if not WMT.is_dir():
    WMT = Path("/work/shared/data/wmt22")


def pairs(wmt: Path) -> dict[str, list[tuple[str, SegmentPair]]]:
    """Per language pair: (system, bead) for ref.A against every system and ref.B."""
    out: dict[str, list[tuple[str, SegmentPair]]] = {}
    for lp in ("de-en", "zh-en"):
        d = wmt / lp
        refs = (d / f"generaltest2022.{lp}.ref.A.en").read_text(encoding="utf-8").splitlines()
        others = sorted(d.glob(f"generaltest2022.{lp}.hyp.*.en"))
        others.append(d / f"generaltest2022.{lp}.ref.B.en")
        beads = []
        for path in others:
            name = path.name.split(f"{lp}.")[1].removesuffix(".en")
            hyps = path.read_text(encoding="utf-8").splitlines()
            for i, (r, h) in enumerate(zip(refs, hyps, strict=True)):
                beads.append((name, SegmentPair([i], [i], r, h)))
        out[lp] = beads
    return out


def dump(out: Path, repeat: int) -> None:
    sets = pairs(WMT)
    n = sum(len(b) for b in sets.values())
    best = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for beads in sets.values():
            annotate([seg for _, seg in beads])
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    flags = 0
    with out.open("w", encoding="utf-8") as fh:
        for lp, beads in sets.items():
            for name, seg in beads:
                rows = [[f.category, f.ref, f.hyp, f.detail] for f in seg.errors]
                flags += len(rows)
                line = {"set": lp, "system": name, "line": seg.ref_ids[0], "flags": rows}
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(
        f"{n} pairs, {flags} flags; annotate best of {repeat}: {best:.2f} s"
        f" = {best / n * 1e6:.1f} µs/pair (CPU {cpu / n * 1e6:.1f} µs/pair)"
    )


def compare(a: Path, b: Path) -> None:
    la = a.read_text(encoding="utf-8").splitlines()
    lb = b.read_text(encoding="utf-8").splitlines()
    differ = [k for k, (x, y) in enumerate(zip(la, lb, strict=True)) if x != y]
    flags = sum(len(json.loads(x)["flags"]) for x in la)
    system_pairs = sum(json.loads(x)["system"] != "ref.B" for x in la)
    print(
        f"{len(la)} pairs ({system_pairs} ref.A-vs-system, {len(la) - system_pairs}"
        f" ref.A-vs-ref.B), {flags} flags; pairs whose flags differ: {len(differ)}"
    )
    for k in differ[:10]:
        print("  A:", la[k], "\n  B:", lb[k])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.out:
        dump(args.out, args.repeat)
    else:
        ap.error("give OUT or --compare A B")


if __name__ == "__main__":
    main()
