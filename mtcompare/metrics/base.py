"""BLEU, chrF and TER through sacrebleu, from per-segment sufficient statistics.

Every metric is computed once per segment as sacrebleu's own sufficient statistics; the
corpus score is sacrebleu's score of their column sum (exactly what ``corpus_score``
does, so scores are identical to the digit), sentence scores are the same statistics row
by row, and significance tests resample rows without touching text again.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric as SacreMetric

from mtcompare.core.defaults import DEFAULT_METRICS as DEFAULT_METRICS  # re-exported
from mtcompare.core.defaults import KNOWN_METRICS
from mtcompare.core.defaults import LOWER_IS_BETTER as LOWER_IS_BETTER  # re-exported
from mtcompare.core.errors import InputError
from mtcompare.metrics._fast_stats import FastStats

try:  # fast_ter follows sacrebleu's lib_ter internals; if they move, use sacrebleu's TER
    from mtcompare.metrics._fast_ter import segment_statistics
except ImportError:  # pragma: no cover - depends on the installed sacrebleu
    segment_statistics = None
from mtcompare.analysis.significance import scorer_for
from mtcompare.core.parallel import split_map


class SegmentMetric:
    """A sacrebleu metric with corpus and sentence scores from shared statistics.

    ``corpus`` is configured as sacrebleu's defaults for corpus scoring; ``sentence`` is
    the variant sacrebleu recommends per sentence (BLEU with effective order).
    """

    name: str = ""
    #: Below this many segments statistics are computed in this process only.
    parallel_min: int = 400
    #: The same for the numpy extraction (BLEU, chrF): ~40 us per segment, so a fork
    #: (~20 ms) pays only for thousands of segments.
    fast_min: int = 2500

    def __init__(self, corpus: SacreMetric, sentence: SacreMetric | None = None) -> None:
        self.corpus = corpus
        self.sentence = sentence or corpus
        #: Reference string -> sacrebleu's cached reference side (tokens, n-grams).
        self._ref_info: dict[str, Any] = {}
        #: (hyp, ref) -> statistics row: systems often agree on a segment (29% of WMT22
        #: de-en lines repeat another system's), and the row depends on the pair only.
        self._pair_rows: dict[tuple[str, str], Sequence[float]] = {}
        self._sentence_scorer = scorer_for(self.name, self.sentence)
        #: numpy extraction with sacrebleu's exact integers (BLEU, chrF), else None.
        self._fast = FastStats.for_metric(corpus)

    def signature(self) -> str:
        return self.corpus.get_signature().format()

    def stats(self, hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
        """One row of sufficient statistics per (hyp, ref) pair, as sacrebleu computes them.

        The reference side is prepared once per distinct reference string and each
        distinct (hyp, ref) pair scored once, both kept for the next systems. BLEU and
        chrF are extracted for all pairs at once with numpy (mtcompare.metrics._fast_stats, same
        integers), other metrics with sacrebleu; large inputs are split across the cores
        (see mtcompare.core.parallel).
        """
        if not hyps:
            return np.zeros((0, 0))
        pairs = list(zip(hyps, refs, strict=True))
        todo = [p for p in dict.fromkeys(pairs) if p not in self._pair_rows]
        if self._fast is not None:
            self.corpus.num_refs = 1  # what sacrebleu's _cache_references sets (signature)
        if todo and self._fast is not None:
            self._fast.prepare(refs)  # before forking: the workers inherit the reference side
            rows = split_map(partial(self._fast_rows, refs), todo, min_items=self.fast_min)
            self._pair_rows.update(zip(todo, rows, strict=True))
        elif todo:
            missing = [r for r in dict.fromkeys(refs) if r not in self._ref_info]
            if missing:
                infos = self.corpus._cache_references([missing])
                self._ref_info.update(zip(missing, infos, strict=True))
            rows = split_map(self._pair_stats, todo, min_items=self.parallel_min)
            self._pair_rows.update(zip(todo, rows, strict=True))
        return np.asarray([self._pair_rows[p] for p in pairs], dtype=np.float64)

    def _fast_rows(
        self, universe: Sequence[str], pairs: Sequence[tuple[str, str]]
    ) -> list[list[float]]:
        assert self._fast is not None
        hyps, refs = [h for h, _ in pairs], [r for _, r in pairs]
        return self._fast.stats(hyps, refs, universe).tolist()

    def _pair_stats(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        metric = self.corpus
        return [
            metric._compute_segment_statistics(metric._preprocess_segment(h), self._ref_info[r])
            for h, r in pairs
        ]

    def corpus_score(self, stats: np.ndarray) -> float:
        """Score of a set of segments given their statistics (rows are summed)."""
        return float(self._score(self.corpus, stats.sum(axis=0)))

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        """Each row's score, vectorised (bit-identical to sacrebleu's, see significance)."""
        if len(stats) == 0:
            return np.zeros(0)
        return self._sentence_scorer.scores(stats)

    @staticmethod
    def _score(metric: SacreMetric, row: np.ndarray) -> float:
        values = [int(v) if float(v).is_integer() else float(v) for v in row]
        return metric._compute_score_from_stats(values).score


class BLEUMetric(SegmentMetric):
    name = "bleu"

    def __init__(self) -> None:
        super().__init__(BLEU(), BLEU(effective_order=True))


class CHRFMetric(SegmentMetric):
    name = "chrf"

    def __init__(self) -> None:
        super().__init__(CHRF())


class TERMetric(SegmentMetric):
    name = "ter"
    parallel_min = 200  # ~0.3 ms a segment: a fork (~20 ms) pays from a few hundred

    def __init__(self) -> None:
        super().__init__(TER())

    def _pair_stats(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """sacrebleu's TER rows, with its shift search run by mtcompare.metrics._fast_ter."""
        if segment_statistics is None:
            return super()._pair_stats(pairs)
        metric = self.corpus
        return [
            segment_statistics(
                metric._preprocess_segment(h).split(), self._ref_info[r]["ref_words"]
            )
            for h, r in pairs
        ]


#: Metric name -> class; ``comet`` is provided by the optional extra (see comet_metric).
SACREBLEU_METRICS: dict[str, type[SegmentMetric]] = {
    "bleu": BLEUMetric,
    "chrf": CHRFMetric,
    "ter": TERMetric,
}


def parse_metrics(spec: str | Sequence[str]) -> list[str]:
    """``"bleu,chrf"`` -> ``["bleu", "chrf"]``; unknown names are an InputError."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [s.strip().lower() for s in items if s.strip()]
    if not names:
        raise InputError("no metric given (choose from: " + ", ".join(KNOWN_METRICS) + ")")
    for name in names:
        if name not in KNOWN_METRICS:
            raise InputError(f"unknown metric {name!r} (choose from: {', '.join(KNOWN_METRICS)})")
    return list(dict.fromkeys(names))
