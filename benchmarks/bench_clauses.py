"""How far the clause omission/addition flags can be trusted on real output (WMT22).

Prints
* precision of the clause flags labelled in tests/data/clauses_dev_de-en.jsonl (the 9
  WMT22 de-en systems and ref.B against ref.A, labelled by reading the German source),
  confident (severity ``error``) and all, with the run's length model;
* clause flags per 100 segments, confident and all, for ref.B and each system, with
  ``--src``, every domain of de-en and zh-en (zh-en is never labelled: the unseen test).

Run from the repository root with ../shared beside it:  python benchmarks/bench_clauses.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from mtcompare.checks import detect_pair_errors
from mtcompare.checks.flagging import flag_systems
from mtcompare.checks.source import Source, length_model
from mtcompare.core.model import SegmentPair

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22"
CLAUSE = ("omission", "addition")


def lines(pair: str, name: str) -> list[str]:
    return (WMT / pair / f"generaltest2022.{pair}.{name}").read_text("utf-8").split("\n")[:-1]


def labelled_precision() -> None:
    rows = [json.loads(x) for x in (REPO / "tests" / "data" / "clauses_dev_de-en.jsonl").open()]
    model = length_model(zip(lines("de-en", "src.de"), lines("de-en", "ref.A.en"), strict=True))
    tally: Counter[tuple[str, str]] = Counter()
    for row in rows:
        flags = detect_pair_errors(row["ref"], row["hyp"], src=Source(row["src"], model))
        for flag in (f for f in flags if f.category == row["category"]):
            for level in ("all", "error") if flag.severity == "error" else ("all",):
                tally[(level, row["label"])] += 1
    print(f"labelled de-en clause flags: {len(rows)} ({Counter(r['label'] for r in rows)})")
    for level in ("error", "all"):
        n = sum(v for (lv, _), v in tally.items() if lv == level)
        real = tally[(level, "real")]
        print(f"  {'confident' if level == 'error' else 'all':<10} {real / n:.2f} ({real}/{n})")


def per_100(pair: str) -> None:
    src_lang = pair.split("-")[0]
    src, ref = lines(pair, f"src.{src_lang}"), lines(pair, "ref.A.en")
    names = [
        "ref.B",
        *sorted(p.name.split(".hyp.")[1][:-3] for p in (WMT / pair).glob("*.hyp.*.en")),
    ]
    systems = []
    for name in names:
        hyp = lines(pair, f"{name}.en" if name == "ref.B" else f"hyp.{name}.en")
        systems.append(
            [
                SegmentPair([k], [k], r, h, src=s)
                for k, (s, r, h) in enumerate(zip(src, ref, hyp, strict=True))
            ]
        )
    flag_systems(systems, use_source=True)
    print(f"{pair} ({len(ref)} segments, all domains, --src): clause flags per 100 segments")
    for name, segs in zip(names, systems, strict=True):
        c = Counter(f.severity for s in segs for f in s.errors if f.category in CLAUSE)
        sure, every = 100 * c["error"] / len(segs), 100 * c.total() / len(segs)
        print(f"  {name:<18} confident {sure:5.2f}   all {every:5.2f}")


def main() -> None:
    labelled_precision()
    for pair in ("de-en", "zh-en"):
        per_100(pair)


if __name__ == "__main__":
    main()
