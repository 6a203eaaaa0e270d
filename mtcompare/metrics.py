"""BLEU, chrF and TER through sacrebleu, from per-segment sufficient statistics.

Every metric is computed once per segment as sacrebleu's own sufficient statistics; the
corpus score is sacrebleu's score of their column sum (exactly what ``corpus_score``
does, so scores are identical to the digit), sentence scores are the same statistics row
by row, and significance tests resample rows without touching text again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric as SacreMetric

from .exceptions import InputError


class SegmentMetric:
    """A sacrebleu metric with corpus and sentence scores from shared statistics.

    ``corpus`` is configured as sacrebleu's defaults for corpus scoring; ``sentence`` is
    the variant sacrebleu recommends per sentence (BLEU with effective order).
    """

    name: str = ""
    higher_is_better: bool = True

    def __init__(self, corpus: SacreMetric, sentence: SacreMetric | None = None) -> None:
        self.corpus = corpus
        self.sentence = sentence or corpus

    def signature(self) -> str:
        return self.corpus.get_signature().format()

    def sentence_signature(self) -> str:
        return self.sentence.get_signature().format()

    def stats(self, hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
        """One row of sufficient statistics per (hyp, ref) pair."""
        if not hyps:
            return np.zeros((0, 0))
        rows = self.corpus._extract_corpus_statistics(list(hyps), [list(refs)])
        return np.asarray(rows, dtype=np.float64)

    def corpus_score(self, stats: np.ndarray) -> float:
        """Score of a set of segments given their statistics (rows are summed)."""
        return float(self._score(self.corpus, stats.sum(axis=0)))

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        return np.array([self._score(self.sentence, row) for row in stats], dtype=np.float64)

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
    higher_is_better = False

    def __init__(self) -> None:
        super().__init__(TER())


#: Metric name -> class; ``comet`` is provided by the optional extra (see comet_metric).
SACREBLEU_METRICS: dict[str, type[SegmentMetric]] = {
    "bleu": BLEUMetric,
    "chrf": CHRFMetric,
    "ter": TERMetric,
}
KNOWN_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter", "comet")
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")


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
