"""Is `mtcompare score`'s JSON the same as an older commit's? (a refactoring check)

    python devtools/same_output.py [--commit 8f970cc] [--pair de-en] [--tests bootstrap,ar]
                                   [--metrics bleu,chrf,ter] [--keep DIR]

Runs ``mtcompare score --lines -r REF SYS... -m METRICS --significance TEST -f json`` on
every system of a WMT22 pair twice, once with the package of ``--commit`` (exported with
``git archive`` into a temporary folder) and once with this checkout, and compares the
two JSON documents key by key. Ignored: ``meta.created`` (a timestamp) and the ``meta``
keys the older commit does not write (listed in the output). Prints every difference
and exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WMT22 = REPO.parent / "shared" / "data" / "wmt22"


def export(commit: str, into: Path) -> Path:
    """The package tree of ``commit`` (``git archive``), without touching the worktree."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(tree: Path, pair: str, metrics: str, test: str) -> dict[str, Any]:
    d = WMT22 / pair
    ref = d / f"generaltest2022.{pair}.ref.A.en"
    hyps = sorted(d.glob(f"generaltest2022.{pair}.hyp.*"))
    cmd = [sys.executable, "-m", "mtcompare", "score", "--lines", "-r", str(ref)]
    cmd += [*map(str, hyps), "-m", metrics, "--significance", test]
    cmd += ["-f", "json", "--no-save", "-q"]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tree)
    return json.loads(out.stdout)


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """Where two JSON values differ (exact equality, floats included)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            here = f"{path}.{key}" if path else key
            if key not in old or key not in new:
                out.append(f"{here}: only in {'new' if key in new else 'old'}")
            else:
                out += differences(old[key], new[key], here)
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path}: {len(old)} items vs {len(new)}"]
        return [
            d
            for k, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, f"{path}[{k}]")
        ]
    return [] if old == new and type(old) is type(new) else [f"{path}: {old!r} vs {new!r}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="8f970cc")
    parser.add_argument("--pair", default="de-en")
    parser.add_argument("--tests", default="bootstrap,ar")
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    parser.add_argument("--keep", type=Path, help="write both JSON outputs into this folder")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = export(args.commit, Path(tmp))
        for test in args.tests.split(","):
            old = run(old_tree, args.pair, args.metrics, test)
            new = run(REPO, args.pair, args.metrics, test)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for name, data in (("old", old), ("new", new)):
                    path = args.keep / f"{args.pair}.{test}.{name}.json"
                    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
            added = sorted(set(new["meta"]) - set(old["meta"]))
            for doc in (old, new):
                doc["meta"].pop("created", None)
                for key in added:
                    doc["meta"].pop(key, None)
            found = differences(old, new)
            systems = len(new["systems"])
            segments = sum(len(s["segments"]) for s in new["systems"])
            print(
                f"{args.pair} --significance {test}, {systems} systems, {segments} segments, "
                f"-m {args.metrics}: {'identical' if not found else f'{len(found)} differences'}"
                f" (ignored: meta.created; meta keys new in this checkout: {added or 'none'})"
            )
            for line in found[:50]:
                print(f"    {line}")
            failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
