"""How far a translator can trust the error flags on real MT output (WMT22).

Prints, on the hand-labelled de-en development set in tests/data:
* precision per category: flags whose labelled verdict is ``real`` over the labelled flags
  the tool raises now, for confident flags (severity ``error``) and for all flags; flags
  the labels do not cover are counted apart (they need labelling before they count);
* recall per category: real errors (the recall set plus flags labelled ``real``) that
  the tool flags now in the same category with an overlapping span, any severity; numbers
  again over value errors only and referent errors only (recall_dev_de-en.number-kinds.tsv:
  a value check can see a wrong number, qualifier, unit or rank, not a right number put
  to the wrong noun);
* flags per 100 segments of a second human translation (ref.B against ref.A) and of
  each MT system, news domain, de-en and zh-en (zh-en is never labelled: the unseen test);
* flagging time for the 9 de-en systems.

Labels (``label``): real = the MT gets the name/number/polarity wrong by the source and a
translator must fix it; ref = the MT is faithful, the reference departs from the source;
harmless = paraphrase, notation, localisation; bug = the tool misread the text.

Run from the repository root with ../shared beside it:  python benchmarks/bench_flags.py
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from mtcompare.checks import detect_pair_errors
from mtcompare.checks.flagging import flag_systems
from mtcompare.core.model import SegmentPair

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
WMT = REPO.parent / "shared" / "data" / "wmt22"
CATS = ("names", "numbers", "negation")


def lines(pair: str, name: str) -> list[str]:
    path = WMT / pair / f"generaltest2022.{pair}.{name}"
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def load(pattern: str) -> list[dict]:
    """Items of every file matching ``pattern`` (later labelling rounds add files)."""
    items = []
    for path in sorted(DATA.glob(pattern)):
        with path.open(encoding="utf-8") as fh:
            items += [json.loads(line) for line in fh if line.strip()]
    return items


def severity(flag) -> str:
    return getattr(flag, "severity", "error")


def words(text: str) -> set[str]:
    """The words of a span, without punctuation, quotes or symbols (“Tagesspiegel”, ®)."""
    return set(re.findall(r"\w+", text.lower()))


def overlaps(a: str, b: str) -> bool:
    """Spans point at the same words (or both are empty)."""
    if not a and not b:
        return True
    return bool(words(a) & words(b))


def same_flag(flag, item: dict, ref_key: str, hyp_key: str) -> bool:
    return flag.category == item["category"] and (
        (item[ref_key] and overlaps(flag.ref, item[ref_key]))
        or (item[hyp_key] and overlaps(flag.hyp, item[hyp_key]))
        or (not item[ref_key] and not item[hyp_key])
    )


def agreement(flag, item: dict) -> int:
    """How many of a label's two spans the flag's spans overlap: a flag that several
    labels of one pair match answers the one it agrees with most (the first on a tie)."""
    return sum(
        bool(item[key] and overlaps(text, item[key]))
        for text, key in ((flag.ref, "flag_ref"), (flag.hyp, "flag_hyp"))
    )


def current_flags(items: list[dict], with_source: bool) -> dict[tuple[str, int], list]:
    """Flags the tool raises now on every labelled pair (once per pair), with or without
    the German source as evidence."""
    out = {}
    for item in items:
        key = (item["system"], item["line"])
        if key not in out:
            src = item["src"] if with_source else None
            flags = detect_pair_errors(item["ref"], item["hyp"], src=src)
            out[key] = [f for f in flags if f.category in CATS]
    return out


def precision(dev: list[dict], flags: dict) -> None:
    print("precision on the labelled de-en development set (real / labelled flags raised now;")
    print("  unlabelled: other flags the tool raises now on the same pairs)")
    print(f"  {'category':<10}{'confident':>18}{'all':>18}{'unlabelled':>12}")
    by_pair: dict[tuple[str, int], list[dict]] = {}
    for item in dev:
        by_pair.setdefault((item["system"], item["line"]), []).append(item)
    tally: Counter[tuple[str, str, str]] = Counter()
    for key, labelled in by_pair.items():
        labels, raised = list(labelled), flags[key]
        for flag in raised:
            options = [x for x in labels if same_flag(flag, x, "flag_ref", "flag_hyp")]
            match = max(options, key=lambda x: agreement(flag, x), default=None)
            verdict = "unlabelled" if match is None else match["label"]
            if match is not None:
                labels.remove(match)  # one label answers one flag
            for level in ("all", "error") if severity(flag) == "error" else ("all",):
                tally[(flag.category, level, verdict)] += 1
    for cat in CATS:
        cells = []
        for level in ("error", "all"):
            n = sum(tally[(cat, level, v)] for v in ("real", "ref", "harmless", "bug"))
            real = tally[(cat, level, "real")]
            cells.append(f"{real / n:.2f} ({real}/{n})" if n else "- (0/0)")
        print(f"  {cat:<10}{cells[0]:>18}{cells[1]:>18}{tally[(cat, 'all', 'unlabelled')]:>12}")


def number_kinds() -> dict[str, str]:
    """Kind of each real number error (value | referent), by item id: a value check can
    see only the first (tests/data/recall_dev_de-en.number-kinds.tsv)."""
    path = DATA / "recall_dev_de-en.number-kinds.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: row[1] for row in rows if row and row[0]}


def _same_error(a: dict, b: dict) -> bool:
    """Two truth items name one error: same pair and category, overlapping spans (a flag
    labelled real that is also in the recall set counts once)."""
    return (a["system"], a["line"], a["category"]) == (b["system"], b["line"], b["category"]) and (
        (a["ref_span"] and b["ref_span"] and overlaps(a["ref_span"], b["ref_span"]))
        or (a["hyp_span"] and b["hyp_span"] and overlaps(a["hyp_span"], b["hyp_span"]))
    )


def recall(dev: list[dict], found: list[dict], flags: dict) -> None:
    print("recall of real errors (recall set + flags labelled real), any severity")
    labelled = [dict(x, ref_span=x["flag_ref"], hyp_span=x["flag_hyp"]) for x in dev]
    truth = list(found)
    for item in (x for x in labelled if x["label"] == "real"):
        if not any(_same_error(item, known) for known in found):
            truth.append(item)  # a flag labelled real that the recall set lacks
    kinds = number_kinds()
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in truth:
        cats = [item["category"]]
        if item["category"] == "numbers":
            cats.append(f"numbers/{kinds.get(item['id'], 'unclassified')}")
        raised = flags.get((item["system"], item["line"]), [])
        found_it = any(same_flag(f, item, "ref_span", "hyp_span") for f in raised)
        for cat in cats:
            total[cat] += 1
            hit[cat] += found_it
    for cat in CATS:
        n = total[cat]
        print(f"  {cat:<10}{(hit[cat] / n if n else 0):>8.2f} ({hit[cat]}/{n})")
    for kind in ("value", "referent", "unclassified"):
        n = total[f"numbers/{kind}"]
        if n:  # unclassified: a numbers item the kinds file lacks (add it there)
            share = hit[f"numbers/{kind}"]
            print(f"  numbers, {kind} errors only {share / n:.2f} ({share}/{n})")


def per_100(pair: str, domain: str = "news") -> None:
    doms = lines(pair, "domains")
    ref = lines(pair, "ref.A.en")
    src = lines(pair, f"src.{pair.split('-')[0]}")
    keep = [i for i, d in enumerate(doms) if d == domain]
    names = sorted(p.name.split(".hyp.")[1][:-3] for p in (WMT / pair).glob("*.hyp.*.en"))
    systems = ["ref.B", *names]
    rows = []
    for name in systems:
        hyp = lines(pair, name + ".en" if name == "ref.B" else f"hyp.{name}.en")
        segs = [SegmentPair([i], [i], ref[i], hyp[i], src=src[i]) for i in keep]
        flag_systems([segs], use_source=True)
        counts = Counter(f.category for s in segs for f in s.errors if f.category in CATS)
        conf = sum(
            1 for s in segs for f in s.errors if f.category in CATS and severity(f) == "error"
        )
        per_cat = {cat: 100 * counts[cat] / len(segs) for cat in CATS}
        rows.append((name, 100 * conf / len(segs), 100 * sum(counts.values()) / len(segs), per_cat))
    print(
        f"{pair} {domain} ({len(keep)} segments, with --src): "
        "name/number/negation flags per 100 segments (all flags split by category)"
    )
    for name, conf, total, per_cat in rows:
        split = "  ".join(f"{cat} {per_cat[cat]:5.1f}" for cat in CATS)
        print(f"  {name:<18} confident {conf:6.1f}   all {total:6.1f}   {split}")


def speed() -> None:
    ref = lines("de-en", "ref.A.en")
    systems = sorted(p.name.split(".hyp.")[1][:-3] for p in (WMT / "de-en").glob("*.hyp.*.en"))
    src = lines("de-en", "src.de")
    lists = [
        [
            SegmentPair([i], [i], r, h, src=src[i])
            for i, (r, h) in enumerate(zip(ref, lines("de-en", f"hyp.{s}.en"), strict=True))
        ]
        for s in systems
    ]
    start = time.perf_counter()
    flag_systems(lists, use_source=True)
    took = time.perf_counter() - start
    n = sum(len(x) for x in lists)
    print(
        f"flagging de-en, {len(systems)} systems, {n} pairs: {took:.2f} s ({n / took:,.0f} pairs/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-wmt", action="store_true", help="only the labelled sets")
    args = parser.parse_args()
    dev = load("flags_dev_de-en*.jsonl")
    found = load("recall_dev_de-en*.jsonl")
    print(f"development set: {len(dev)} labelled flags, {len(found)} recall items")
    print("labels:", dict(Counter(x["label"] for x in dev)))
    for with_source in (True, False):
        print(f"\n== {'with' if with_source else 'without'} the source")
        flags = current_flags(dev + found, with_source)
        precision(dev, flags)
        recall(dev, found, flags)
    print()
    if not args.no_wmt:
        for pair in ("de-en", "zh-en"):
            per_100(pair)
        speed()


if __name__ == "__main__":
    main()
