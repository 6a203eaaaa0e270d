"""Scoring the detectors on a challenge set of minimal pairs (used by tests and benchmarks).

Each item has ``ref``, ``hyp`` and ``expected``: one category, or ``"clean"`` for a
meaning-preserving paraphrase. A category is *predicted* for an item when at least one
flag of that category is raised, so precision counts items, not flags.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mtcompare.checks import detect_pair_errors
from mtcompare.core.model import CATEGORIES


def load_items(path: Path) -> list[dict[str, Any]]:
    """Items of a JSONL challenge file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(items: list[dict[str, Any]], language: str = "en") -> dict[str, Any]:
    """Per-category precision/recall/F1, clean false-positive rate, and the misses."""
    stats = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    clean = clean_flagged = 0
    mistakes: list[dict[str, Any]] = []
    for item in items:
        flags = detect_pair_errors(item["ref"], item["hyp"], language)
        predicted = {f.category for f in flags}
        expected = item["expected"]
        if expected == "clean":
            clean += 1
            clean_flagged += bool(predicted)
        for c in CATEGORIES:
            if c in predicted and c == expected:
                stats[c]["tp"] += 1
            elif c in predicted:
                stats[c]["fp"] += 1
            elif c == expected:
                stats[c]["fn"] += 1
        if predicted != ({expected} - {"clean"}):
            mistakes.append({**item, "flags": [f.detail for f in flags]})
    per_cat = {}
    for c, s in stats.items():
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_cat[c] = {"precision": p, "recall": r, "f1": f1, "support": s["tp"] + s["fn"]}
    tp = sum(s["tp"] for s in stats.values())
    fp = sum(s["fp"] for s in stats.values())
    return {
        "categories": per_cat,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "clean": clean,
        "clean_fp_rate": clean_flagged / clean if clean else 0.0,
        "mistakes": mistakes,
    }
