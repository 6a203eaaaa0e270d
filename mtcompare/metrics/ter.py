"""TER (sacrebleu's): edit statistics, vectorised score, the segment length limit.

Statistics per segment: ``[edits, reference length]``; the corpus score is sacrebleu's
score of their sum (100 x edits / length). The shift search runs in
mtcompare.metrics._fast_ter (the same integers, several times faster) unless that
module no longer reproduces sacrebleu, in which case sacrebleu's own search is used.

TER's search keeps a full edit matrix per candidate shift, so time and memory grow
with the square of the segment length: measured on WMT22 text, 1,000 words take about
20 MB and 7 s per segment, 4,000 words 260 MB and 3 minutes (sacrebleu's own search:
140 MB and 28 s at 1,000 words); since the candidates that need the beam's matrix are
filled together with numpy, 1,000 words of WMT22 de-en with the MT 40 words out of step
take 1.3 s (12.7 s before). A segment longer than :data:`MAX_WORDS` on either side is
refused with an InputError naming it; the longest WMT22 line has 250 words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from mtcompare.core.errors import InputError
from mtcompare.metrics.base import RefSide, Scorer, SegmentMetric, Where, ref_side

if TYPE_CHECKING:
    import numpy as np

    from mtcompare.core.model import SegmentPair

#: Most words a TER segment may have on either side (see the module docstring).
MAX_WORDS = 1000

#: Pairs with shifts, repeats and empty sides, to check the fast search against sacrebleu.
_PROBE = (
    ("the cat sat on the mat today", "today the cat sat on the mat"),
    ("a b c d e f a b c", "c b a f e d c b a"),
    ("he said that it was not true , he said", "it was not true , he said"),
    ("", "a reference"),
    ("an addition", ""),
)


class TERScorer(Scorer):
    """sacrebleu's ``TER._compute_score_from_stats``: 100 * edits / reference length."""

    @classmethod
    def from_sacrebleu(
        cls, metric: Any, name: str = "ter", higher_is_better: bool = False, exact: bool = True
    ) -> TERScorer:
        return cls(name, higher_is_better)

    def scores(self, stats: np.ndarray) -> np.ndarray:
        import numpy as np

        stats = np.asarray(stats, dtype=np.float64)
        edits, ref_len = stats[..., 0], stats[..., 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref_len > 0, edits / ref_len, np.where(edits > 0, 1.0, 0.0))
        return 100 * ratio


@cache
def _fast_search() -> Callable[[Sequence[str], Sequence[Sequence[str]]], list[float]] | None:
    """mtcompare.metrics._fast_ter's ``segment_statistics`` if it gives sacrebleu's rows on
    :data:`_PROBE`, else None (it follows sacrebleu's lib_ter internals, which may move)."""
    from sacrebleu.metrics import TER

    try:
        from mtcompare.metrics._fast_ter import segment_statistics

        metric = TER()
        for hyp, ref in _PROBE:
            info = metric._extract_reference_info([ref])
            theirs = metric._compute_segment_statistics(hyp, info)
            if list(segment_statistics(hyp.split(), info["ref_words"])) != list(theirs):
                return None
    except (ImportError, AttributeError, TypeError, ValueError, KeyError):
        return None
    return segment_statistics


class TERMetric(SegmentMetric):
    """sacrebleu's TER; ``options`` are ``sacrebleu.metrics.TER``'s."""

    name = "ter"
    label = "TER"
    higher_is_better = False
    scorer_class = TERScorer
    parallel_min = 200  # ~0.3 ms a segment: a fork (~20 ms) pays from a few hundred

    def __init__(self, **options: Any) -> None:
        from sacrebleu.metrics import TER

        super().__init__(TER(**options))

    def _check(self, pairs: Sequence[tuple[str, RefSide]], where: Where | None) -> None:
        """Refuse a segment over :data:`MAX_WORDS` words before any search starts."""
        tokenize = self.corpus._preprocess_segment
        for i, (hyp, ref) in enumerate(pairs):
            ref_words = max((len(w) for w in self._ref_info[ref]["ref_words"]), default=0)
            for side, n in (("MT", len(tokenize(hyp).split())), ("reference", ref_words)):
                if n > MAX_WORDS:
                    place = where(i) if where is not None else f"segment {i + 1}"
                    raise InputError(
                        f"TER: {place} has {n:,} {side} words, more than TER's limit of "
                        f"{MAX_WORDS:,} a segment (its cost grows with the square of the "
                        "length); split the segment or score without TER (-m bleu,chrf)"
                    )

    def _pair_stats(self, pairs: Sequence[tuple[str, RefSide]]) -> list[list[float]]:
        """sacrebleu's TER rows (several references: fewest edits, mean length), with its
        shift search run by mtcompare.metrics._fast_ter."""
        search = _fast_search()
        if search is None:
            return super()._pair_stats(pairs)
        metric = self.corpus
        return [
            search(metric._preprocess_segment(h).split(), self._ref_info[r]["ref_words"])
            for h, r in pairs
        ]

    def stored_stats(self, segments: Sequence[SegmentPair]) -> np.ndarray:
        """sacrebleu's TER statistics [edits, ref_len] from stored sentence TER scores.

        The edit count is a whole number, so ``score * ref_len / 100`` rounds back to it
        exactly (``ref_len``: the mean length over the references, as sacrebleu's); with an
        empty reference every MT word is an insertion.
        """
        import numpy as np

        tokenize = self.corpus._preprocess_segment
        rows = []
        for seg in segments:
            side = ref_side(seg)
            texts = [side] if isinstance(side, str) else [r for r in side if r is not None]
            ref_len = sum(len(tokenize(r).split()) for r in texts) / len(texts)
            if ref_len:
                edits = round(seg.scores[self.name] * ref_len / 100)
            else:
                edits = len(tokenize(seg.hyp).split())
            rows.append([float(edits), float(ref_len)])
        return np.array(rows).reshape(-1, 2)
