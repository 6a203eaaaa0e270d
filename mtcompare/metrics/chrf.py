"""chrF (sacrebleu's: character 6-grams, beta 2): statistics, vectorised score.

Statistics per segment: ``[hyp, ref, match]`` counts per n-gram order (character orders,
then word orders for chrF++); the corpus score is sacrebleu's score of their sum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtcompare.metrics.base import Scorer, SegmentMetric

if TYPE_CHECKING:
    import numpy as np

    from mtcompare.metrics._fast_stats import FastStats


class CHRFScorer(Scorer):
    """sacrebleu's ``CHRF._compute_f_score`` (per-order averaged P and R, then F-beta)."""

    def __init__(
        self,
        name: str = "chrf",
        higher_is_better: bool = True,
        char_order: int = 6,
        word_order: int = 0,
        beta: int = 2,
        eps_smoothing: bool = False,
    ) -> None:
        super().__init__(name, higher_is_better)
        self.order = char_order + word_order
        self.beta = beta
        self.eps_smoothing = eps_smoothing

    @classmethod
    def from_sacrebleu(
        cls, metric: Any, name: str = "chrf", higher_is_better: bool = True, exact: bool = True
    ) -> CHRFScorer:
        """The scorer of a configured ``sacrebleu.metrics.CHRF`` (chrF++ included)."""
        return cls(
            name,
            higher_is_better,
            metric.char_order,
            metric.word_order,
            metric.beta,
            metric.eps_smoothing,
        )

    def scores(self, stats: np.ndarray) -> np.ndarray:
        import numpy as np

        stats = np.asarray(stats, dtype=np.float64)
        eps = 1e-16
        factor = self.beta**2
        shape = stats.shape[:-1]
        score = np.zeros(shape)
        avg_prec, avg_rec = np.zeros(shape), np.zeros(shape)
        eff = np.zeros(shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            for i in range(self.order):
                n_hyp, n_ref, n_match = (stats[..., 3 * i + j] for j in range(3))
                prec = np.where(n_hyp > 0, n_match / n_hyp, eps)
                rec = np.where(n_ref > 0, n_match / n_ref, eps)
                denom = factor * prec + rec
                score += np.where(denom > 0, (1 + factor) * prec * rec / denom, eps)
                both = (n_hyp > 0) & (n_ref > 0)
                avg_prec = np.where(both, avg_prec + prec, avg_prec)
                avg_rec = np.where(both, avg_rec + rec, avg_rec)
                eff += both
            if self.eps_smoothing:
                return 100 * score / self.order
            avg_prec = np.where(eff > 0, avg_prec / eff, 0.0)
            avg_rec = np.where(eff > 0, avg_rec / eff, 0.0)
            f = (1 + factor) * avg_prec * avg_rec
            f = f / ((factor * avg_prec) + avg_rec)
        return np.where(avg_prec + avg_rec != 0, 100 * f, 0.0)


class CHRFMetric(SegmentMetric):
    """sacrebleu's chrF; ``options`` are ``sacrebleu.metrics.CHRF``'s (``word_order=2``
    is chrF++, scored by sacrebleu's extraction: the numpy one covers characters only)."""

    name = "chrf"
    label = "chrF"
    scorer_class = CHRFScorer

    def __init__(self, **options: Any) -> None:
        from sacrebleu.metrics import CHRF

        super().__init__(CHRF(**options))

    def _fast_path(self) -> FastStats | None:
        from mtcompare.metrics._fast_stats import FastStats

        return FastStats.for_metric(self.corpus)
