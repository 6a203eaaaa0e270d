"""What a metric is: its facts (class attributes) and its sufficient statistics (methods).

Every metric's corpus score is a function of the column sums of per-segment sufficient
statistics (BLEU's n-gram counts, chrF's character n-gram counts, TER's edits and
reference length, COMET's score sum and count). Everything else is built on that one
interface: a sentence score is a row scored alone, a document score a subset of rows,
the significance tests resample rows (mtcompare.analysis.significance, through the
metric's vectorised :meth:`Metric.scorer`), and ``runs compare`` rebuilds the rows of a
stored run (:meth:`Metric.stored_stats`). Nothing outside a metric's module knows how
the metric is computed.

Import-light: numpy and sacrebleu are imported inside the methods that use them, so the
registry (:mod:`mtcompare.metrics`) reads a metric's label, direction and digits for the
views without loading the scoring stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    import numpy as np
    from sacrebleu.metrics.base import Metric as SacreMetric

    from mtcompare.alignment.source import SourceSide
    from mtcompare.core.model import SegmentPair
    from mtcompare.metrics._fast_stats import FastStats

#: ``progress(done, total)`` while a metric scores (COMET's batches).
ProgressHook = Callable[[int, int], None]
#: Describes row ``i`` of the statistics for an error message (``line 17 of mt.txt``).
Where = Callable[[int], str]


class VectorScorer(Protocol):
    """Scores rows of summed statistics, ``(..., k) -> (...)``, for the significance tests."""

    name: str
    higher_is_better: bool

    def scores(self, stats: np.ndarray) -> np.ndarray: ...


class Scorer:
    """Base of the vectorised stats -> score functions: the metric's name and direction."""

    def __init__(self, name: str, higher_is_better: bool = True) -> None:
        self.name = name
        self.higher_is_better = higher_is_better


class MeanScorer(Scorer):
    """A corpus score that is the mean of segment scores (COMET): rows ``[sum, count]``."""

    def scores(self, stats: np.ndarray) -> np.ndarray:
        import numpy as np

        stats = np.asarray(stats, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(stats[..., 1] > 0, stats[..., 0] / stats[..., 1], np.nan)


def split_rows(stats: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """``stats`` cut into consecutive parts of ``sizes`` rows (one part per system)."""
    import numpy as np

    return np.split(stats, np.cumsum(sizes)[:-1]) if sizes else []


#: A bead's reference side: its text, or with several references the tuple of their texts
#: (None: that reference has no counterpart for the bead; sacrebleu leaves it out).
RefSide = str | tuple[str | None, ...]


def ref_side(seg: SegmentPair) -> RefSide:
    """What a bead is scored against: the reference, or all references (``--ref`` twice)."""
    return (seg.ref, *seg.other_refs) if seg.other_refs else seg.ref


class Metric:
    """One metric. Subclasses set the class attributes and implement the statistics.

    The class attributes are what the views need (the registry reads them without
    creating an instance); an instance scores.
    """

    #: The name ``--metrics`` accepts and the JSON uses as key.
    name: ClassVar[str] = ""
    #: How tables and reports name it.
    label: ClassVar[str] = ""
    #: False for error rates (TER): every ranking, delta and cluster is oriented by this.
    higher_is_better: ClassVar[bool] = True
    #: Decimals every view prints (corpus and sentence scores).
    digits: ClassVar[int] = 2
    #: Decimals the stored sentence scores keep.
    sentence_digits: ClassVar[int] = 4
    #: Axis range of its sentence scores in charts.
    chart_scale: ClassVar[tuple[float, float]] = (0.0, 100.0)
    #: True if it scores (source, MT, reference) triples: the run then needs a source.
    needs_source: ClassVar[bool] = False

    source: SourceSide | None = None

    @classmethod
    def format_score(cls, value: float | None, signed: bool = False) -> str:
        """A score as every view prints it; None is ``-``."""
        if value is None:
            return "-"
        return f"{value:+.{cls.digits}f}" if signed else f"{value:.{cls.digits}f}"

    @classmethod
    def from_options(cls, options: Any) -> Metric:
        """The metric configured by a run's ``ScoreOptions`` (most metrics need none)."""
        return cls()

    @classmethod
    def for_language(cls, language: str) -> Metric:
        """The metric as a run in target ``language`` configured it, to rebuild a stored
        run's statistics (``runs compare``); most metrics do not depend on it."""
        return cls()

    def prepare(self) -> None:
        """Fail fast: raise InputError for anything that would fail later (a missing
        model), before any file is read or aligned."""

    def use_source(self, source: SourceSide) -> None:
        """The run's source side, for a metric that ``needs_source``."""
        self.source = source

    def run_stats(
        self,
        systems: Sequence[Sequence[SegmentPair]],
        where: Where | None = None,
        progress: ProgressHook | None = None,
    ) -> list[np.ndarray]:
        """One statistics array per system, one row per bead, in bead order.

        ``where(i)`` names the ``i``-th bead of all systems taken in order (errors).
        """
        raise NotImplementedError

    def corpus_score(self, stats: np.ndarray) -> float:
        """Score of a set of beads given their statistics (rows are summed)."""
        raise NotImplementedError

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        """Each row's score; NaN where a row has no score (a bead COMET cannot score)."""
        raise NotImplementedError

    def scorer(self, exact: bool = True) -> VectorScorer:
        """The vectorised corpus score over rows of summed statistics (significance).

        ``exact``: bit-identical to the metric's own arithmetic (else faster, within an
        ulp). A metric without one cannot be tested: it raises, never falls back.
        """
        raise NotImplementedError(f"metric {self.name!r} has no vectorised scorer")

    def signature(self) -> str:
        """The reproducibility string (sacrebleu's, or COMET's model and hash)."""
        raise NotImplementedError

    def stored_stats(self, segments: Sequence[SegmentPair]) -> np.ndarray:
        """The rows of :meth:`run_stats` rebuilt from a stored run's beads (texts and
        sentence scores), for ``runs compare``."""
        raise NotImplementedError

    def meta(self) -> dict[str, Any] | None:
        """What the run records about this metric beyond its signature (COMET's model)."""
        return None


def _texts(ref: RefSide) -> list[str]:
    """The reference texts of a bead, the missing ones left out (sacrebleu's rule)."""
    return [ref] if isinstance(ref, str) else [r for r in ref if r is not None]


def _count(ref: RefSide) -> int:
    return 1 if isinstance(ref, str) else sum(r is not None for r in ref)


class SegmentMetric(Metric):
    """A sacrebleu metric with corpus and sentence scores from shared statistics.

    ``corpus`` is configured as sacrebleu's defaults for corpus scoring; ``sentence`` is
    the variant sacrebleu recommends per sentence (BLEU with effective order). A
    subclass names its vectorised scorer (``scorer_class``) and, optionally, an exact
    fast extraction (:meth:`_fast_path`).
    """

    #: The vectorised scorer: a class with ``from_sacrebleu(metric, name=, higher_is_better=,
    #: exact=)``. Required: without it the metric could be neither sentence-scored nor tested.
    scorer_class: ClassVar[Any] = None
    #: Below this many segments statistics are computed in this process only.
    parallel_min: ClassVar[int] = 400
    #: The same for the numpy extraction (BLEU, chrF): ~40 us per segment, so a fork
    #: (~20 ms) pays only for thousands of segments.
    fast_min: ClassVar[int] = 2500

    #: The target language (``--lang``): the signature names it unless it is English.
    language: str = "en"

    @classmethod
    def from_options(cls, options: Any) -> Metric:
        """Configured for the run's language (``ScoreOptions.language``)."""
        return cls.for_language(getattr(options, "language", "en") or "en")

    @classmethod
    def for_language(cls, language: str) -> Metric:
        """Configured as sacrebleu's CLI configures a metric for a target language
        (:meth:`language_options`)."""
        metric = cls(**cls.language_options(language))
        metric.language = language
        return metric

    @classmethod
    def language_options(cls, language: str) -> dict[str, Any]:
        """sacrebleu options for target ``language`` (none: chrF and TER ignore it)."""
        return {}

    def __init__(self, corpus: SacreMetric, sentence: SacreMetric | None = None) -> None:
        if self.scorer_class is None:
            raise NotImplementedError(
                f"{type(self).__name__} ({self.name!r}) has no vectorised scorer: "
                "set scorer_class (see mtcompare.metrics.chrf)"
            )
        self.corpus = corpus
        self.sentence = sentence or corpus
        #: Reference string -> sacrebleu's cached reference side (tokens, n-grams).
        self._ref_info: dict[str, Any] = {}
        #: (hyp, ref) -> statistics row: systems often agree on a segment (29% of WMT22
        #: de-en lines repeat another system's), and the row depends on the pair only.
        self._pair_rows: dict[tuple[str, str], Sequence[float]] = {}
        self._sentence_scorer = self._vector_scorer(self.sentence, exact=True)
        #: numpy extraction with sacrebleu's exact integers (BLEU, chrF), else None.
        self._fast = self._fast_path()

    def _fast_path(self) -> FastStats | None:
        return None

    def _vector_scorer(self, metric: SacreMetric, exact: bool) -> VectorScorer:
        return self.scorer_class.from_sacrebleu(
            metric, name=self.name, higher_is_better=self.higher_is_better, exact=exact
        )

    def scorer(self, exact: bool = True) -> VectorScorer:
        return self._vector_scorer(self.corpus, exact)

    def signature(self) -> str:
        """sacrebleu's signature, plus ``|lang:xx`` for a target language other than
        English (so runs in other languages are not taken for comparable ones)."""
        sig = self.corpus.get_signature().format()
        return sig if self.language == "en" else f"{sig}|lang:{self.language}"

    def run_stats(
        self,
        systems: Sequence[Sequence[SegmentPair]],
        where: Where | None = None,
        progress: ProgressHook | None = None,
    ) -> list[np.ndarray]:
        """All systems' beads go to :meth:`stats` in one call, so the numpy extraction
        runs once over the whole run (and is split over the cores once)."""
        flat = [s for segments in systems for s in segments]
        stats = self.stats([s.hyp for s in flat], [ref_side(s) for s in flat], where)
        return split_rows(stats, [len(s) for s in systems])

    def stored_stats(self, segments: Sequence[SegmentPair]) -> np.ndarray:
        """Recomputed from the stored texts (the statistics are a function of them)."""
        return self.stats([s.hyp for s in segments], [ref_side(s) for s in segments])

    def stats(
        self, hyps: Sequence[str], refs: Sequence[RefSide], where: Where | None = None
    ) -> np.ndarray:
        """One row of sufficient statistics per (hyp, ref) pair, as sacrebleu computes them.

        The reference side is prepared once per distinct reference string and each
        distinct (hyp, ref) pair scored once, both kept for the next systems. BLEU and
        chrF are extracted for all pairs at once with numpy (mtcompare.metrics._fast_stats,
        same integers), other metrics with sacrebleu; large inputs are split across the
        cores (see mtcompare.core.parallel). Several references per pair (tuples, see
        :data:`RefSide`) are sacrebleu's multi-reference statistics, always extracted by
        sacrebleu itself (the numpy extraction takes one reference per pair).
        """
        import numpy as np

        from mtcompare.core.parallel import split_map

        if not hyps:
            return np.zeros((0, 0))
        pairs = list(zip(hyps, refs, strict=True))
        todo = [p for p in dict.fromkeys(pairs) if p not in self._pair_rows]
        multi = any(isinstance(r, tuple) for r in refs)
        # what sacrebleu's _cache_references sets: the signature's nrefs (-1: "var")
        counts = {_count(r) for r in refs}
        self.corpus.num_refs = counts.pop() if len(counts) == 1 else -1
        if todo and self._fast is not None and not multi:
            self._fast.prepare(refs)  # before forking: the workers inherit the reference side
            rows = split_map(partial(self._fast_rows, refs), todo, min_items=self.fast_min)
            self._pair_rows.update(zip(todo, rows, strict=True))
        elif todo:
            missing = [r for r in dict.fromkeys(refs) if r not in self._ref_info]
            if missing:
                metric = self.corpus
                infos = [
                    metric._extract_reference_info(
                        [metric._preprocess_segment(x) for x in _texts(r)]
                    )
                    for r in missing
                ]
                self._ref_info.update(zip(missing, infos, strict=True))
            self._check(pairs, where)
            rows = split_map(self._pair_stats, todo, min_items=self.parallel_min)
            self._pair_rows.update(zip(todo, rows, strict=True))
        return np.asarray([self._pair_rows[p] for p in pairs], dtype=np.float64)

    def _check(self, pairs: Sequence[tuple[str, RefSide]], where: Where | None) -> None:
        """Refuse pairs the extraction cannot take (InputError naming ``where(i)``)."""

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
        return float(self._score(self.corpus, stats.sum(axis=0)))

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        """Each row's score, vectorised (bit-identical to sacrebleu's sentence_score)."""
        import numpy as np

        if len(stats) == 0:
            return np.zeros(0)
        return self._sentence_scorer.scores(stats)

    @staticmethod
    def _score(metric: SacreMetric, row: np.ndarray) -> float:
        values = [int(v) if float(v).is_integer() else float(v) for v in row]
        return metric._compute_score_from_stats(values).score
