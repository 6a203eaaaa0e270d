"""Segment the seeds and WMT22 texts and write the sentences, to prove a change keeps them.

Run:  PYTHONPATH=<checkout> python devtools/segment_dump.py OUT.json [--long N]
      python devtools/segment_dump.py --compare A.json B.json

Texts: the five seed articles; every English WMT22 de-en/zh-en file (references and
systems) with each document's lines joined into one paragraph; the same files with
each line a paragraph; and ``--long`` files (default 4) joined whole into one paragraph
of about 200 KB (slow before the pre-split: pysbd's time grows with the square of the
paragraph). Only ``split_sentences(text)`` is called, so an older checkout runs it too.
"""

from __future__ import annotations

import argparse
import json
import time
from itertools import groupby
from pathlib import Path

from mtcompare.segment import split_sentences

ROOT = Path("/work/shared")
LONG = (
    "de-en/generaltest2022.de-en.ref.A.en",
    "zh-en/generaltest2022.zh-en.ref.A.en",
    "de-en/generaltest2022.de-en.hyp.Online-B.en",
    "zh-en/generaltest2022.zh-en.hyp.Online-B.en",
)


def texts(root: Path, long: int) -> dict[str, str]:
    """Name -> text to segment (see the module docstring)."""
    out = {f"seed/{p.name}": p.read_text(encoding="utf-8") for p in sorted(root.glob("seeds/*"))}
    for lp in ("de-en", "zh-en"):
        d = root / "data" / "wmt22" / lp
        docids = (d / f"generaltest2022.{lp}.docids").read_text(encoding="utf-8").splitlines()
        for path in sorted(d.glob("*.en")):
            lines = path.read_text(encoding="utf-8").splitlines()
            docs = groupby(zip(docids, lines, strict=True), key=lambda x: x[0])
            joined = [" ".join(line for _, line in group) for _, group in docs]
            out[f"docs/{lp}/{path.name}"] = "\n".join(joined)
            out[f"lines/{lp}/{path.name}"] = "\n".join(lines)
    for name in LONG[:long]:
        lines = (root / "data" / "wmt22" / name).read_text(encoding="utf-8").splitlines()
        out[f"long/{name}"] = " ".join(lines)
    return out


def dump(out: Path, long: int) -> None:
    result, times = {}, {}
    for name, text in texts(ROOT, long).items():
        t0 = time.perf_counter()
        result[name] = split_sentences(text)
        times[name] = time.perf_counter() - t0
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    for kind in ("seed", "docs", "lines", "long"):
        names = [n for n in result if n.startswith(kind + "/")]
        sents = sum(len(result[n]) for n in names)
        took = sum(times[n] for n in names)
        print(f"{kind}: {len(names)} texts, {sents} sentences, {took:.1f} s")


def compare(a: Path, b: Path) -> None:
    ra = json.loads(a.read_text(encoding="utf-8"))
    rb = json.loads(b.read_text(encoding="utf-8"))
    for name in ra.keys() & rb.keys():
        if ra[name] != rb[name]:
            sa, sb = set(ra[name]), set(rb[name])
            print(f"DIFFER {name}: {len(ra[name])} vs {len(rb[name])} sentences")
            for s in list(sa - sb)[:3]:
                print("  only A:", s[:200])
            for s in list(sb - sa)[:3]:
                print("  only B:", s[:200])
    same = sum(ra[n] == rb[n] for n in ra.keys() & rb.keys())
    sents = sum(len(ra[n]) for n in ra.keys() & rb.keys())
    print(f"{same} of {len(ra.keys() & rb.keys())} texts ({sents} sentences) identical")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--long", type=int, default=len(LONG), help="whole files as one paragraph")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.out:
        dump(args.out, args.long)
    else:
        ap.error("give OUT or --compare A B")


if __name__ == "__main__":
    main()
