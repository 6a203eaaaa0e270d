"""Paired significance tests and confidence intervals from per-unit sufficient statistics.

Every metric here is a function of *summed* per-unit statistics (BLEU n-gram counts,
chrF character n-gram counts, TER edits and reference length, COMET score sum and
count), so a resample is a matrix product ``counts @ stats`` and the scores of all
resamples come out of one vectorised stats->score function; text is never rescored.

The procedures replicate ``sacrebleu.significance`` (v2.x) so the numbers agree with
``sacrebleu --paired-bs`` / ``--paired-ar``:

* bootstrap: ``default_rng(seed).choice(n, (S, n))`` indices, shared by every system;
  p-value ``(#{|d*| - mean|d*| > |d|} + 1) / (S + 1)``; CI from the order statistics
  ``n // 40`` and ``n - n // 40 - 1`` of the resampled scores (sacrebleu prints their
  half-width around the bootstrap mean; we keep the two bounds).
* approximate randomization: ``default_rng(seed).integers(2, (S, n), dtype=bool)``
  swap masks; p-value ``(#{|a* - b*| > |d|} + 1) / (S + 1)``.

With the same seed (default 12345, sacrebleu's) the resamples are the very same ones,
so p-values agree exactly up to sacrebleu's float32 arithmetic in the bootstrap.
Differences from sacrebleu: the bootstrap tests every pair of systems (for the
clusters; a pair costs one vector subtraction), AR the baseline pairs plus the pairs the
clusters need, and the AR run also gets bootstrap CIs (sacrebleu's default is none).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from mtcompare.alignment.beads import group_beads
from mtcompare.core.defaults import DEFAULT_SEED
from mtcompare.core.errors import InputError
from mtcompare.core.model import Comparison, SegmentPair, SystemResult

METHODS: tuple[str, ...] = ("none", "bootstrap", "ar")
UNITS: tuple[str, ...] = ("segment", "document")
DEFAULT_RESAMPLES = {"bootstrap": 1000, "ar": 10000}
#: Bootstrap resamples used for the confidence intervals of an AR run.
AR_CI_RESAMPLES = 1000
ALPHA = 0.05
_LOG_ZERO = -9999999999.0  # sacrebleu's my_log(0)
_FLOAT32_EXACT = 2**24  # integer sums below this are exact in float32
_PAIRS_PER_BLOCK = 8  # AR: system pairs scored together (bounds memory to S x 8 x k)


class VectorScorer(Protocol):
    """Scores rows of summed statistics: ``(..., k) -> (...)``."""

    name: str
    higher_is_better: bool

    def scores(self, stats: np.ndarray) -> np.ndarray: ...


def _libm(func: Callable[[float], float]) -> Callable[[np.ndarray], np.ndarray]:
    ufunc = np.frompyfunc(func, 1, 1)
    return lambda x: np.asarray(ufunc(x), dtype=np.float64)


class BLEUScorer:
    """sacrebleu's ``BLEU.compute_bleu`` over many rows at once (same operation order)."""

    name = "bleu"
    higher_is_better = True

    def __init__(
        self,
        max_ngram_order: int = 4,
        smooth_method: str = "exp",
        smooth_value: float | None = None,
        effective_order: bool = False,
        exact: bool = True,
    ) -> None:
        """``exact``: libm ``log``/``exp`` per element, bit-identical to sacrebleu; numpy's
        SIMD versions are ~6x faster but differ by one ulp in about 20% of values."""
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

    def scores(self, stats: np.ndarray) -> np.ndarray:
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
            precisions = np.zeros(correct.shape)
            smooth = np.ones(sys_len.shape)
            alive = np.ones(sys_len.shape, dtype=bool)  # no `break` yet
            eff = np.full(sys_len.shape, n)
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
                    zero_prec = np.zeros(sys_len.shape)
                prec = np.where(zero, zero_prec, 100.0 * correct[..., i] / total[..., i])
                precisions[..., i] = np.where(alive, prec, 0.0)
            logs = np.where(precisions > 0, self._log(np.where(precisions > 0, precisions, 1)), 0)
            logs = np.where(precisions == 0, _LOG_ZERO, logs)
            acc = np.zeros(sys_len.shape)
            for i in range(n):  # Python's left-to-right sum over precisions[:eff]
                acc = np.where(i < eff, acc + logs[..., i], acc)
            score = bp * self._exp(acc / eff)
        any_correct = (stats[..., 2 : 2 + n] != 0).any(axis=-1)
        return np.where(any_correct, score, 0.0)


class CHRFScorer:
    """sacrebleu's ``CHRF._compute_f_score`` (per-order averaged P and R, then F-beta)."""

    name = "chrf"
    higher_is_better = True

    def __init__(
        self, char_order: int = 6, word_order: int = 0, beta: int = 2, eps_smoothing: bool = False
    ) -> None:
        self.order = char_order + word_order
        self.beta = beta
        self.eps_smoothing = eps_smoothing

    def scores(self, stats: np.ndarray) -> np.ndarray:
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


class TERScorer:
    """sacrebleu's ``TER._compute_score_from_stats``: 100 * edits / reference length."""

    name = "ter"
    higher_is_better = False

    def scores(self, stats: np.ndarray) -> np.ndarray:
        stats = np.asarray(stats, dtype=np.float64)
        edits, ref_len = stats[..., 0], stats[..., 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref_len > 0, edits / ref_len, np.where(edits > 0, 1.0, 0.0))
        return 100 * ratio


class MeanScorer:
    """A corpus score that is the mean of segment scores (COMET): stats ``[sum, count]``."""

    higher_is_better = True

    def __init__(self, name: str = "comet") -> None:
        self.name = name

    def scores(self, stats: np.ndarray) -> np.ndarray:
        stats = np.asarray(stats, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(stats[..., 1] > 0, stats[..., 0] / stats[..., 1], np.nan)


def scorer_for(name: str, metric: object | None = None, exact: bool = True) -> VectorScorer:
    """The vectorised scorer matching a configured sacrebleu metric (or COMET's mean)."""
    if name == "bleu":
        return BLEUScorer(
            getattr(metric, "max_ngram_order", 4),
            getattr(metric, "smooth_method", "exp"),
            getattr(metric, "smooth_value", None),
            getattr(metric, "effective_order", False),
            exact=exact,
        )
    if name == "chrf":
        return CHRFScorer(
            getattr(metric, "char_order", 6),
            getattr(metric, "word_order", 0),
            getattr(metric, "beta", 2),
            getattr(metric, "eps_smoothing", False),
        )
    if name == "ter":
        return TERScorer()
    return MeanScorer(name)


# -- units -------------------------------------------------------------------------------


def unit_stats(stats: np.ndarray, assignment: np.ndarray, n_units: int) -> np.ndarray:
    """Sum the rows of ``stats`` (one per bead) into one row per unit."""
    out = np.zeros((n_units, stats.shape[1]))
    np.add.at(out, assignment, stats)
    return out


# -- resampling --------------------------------------------------------------------------


def bootstrap_counts(n_units: int, n_samples: int, seed: int | None) -> np.ndarray:
    """``(n_samples, n_units)`` multiplicities: how often each unit is drawn per resample.

    Draws the same indices as sacrebleu (``rng.choice(n, (S, n))``) for the same seed.
    """
    rng = np.random.default_rng(seed)
    idx = rng.choice(n_units, size=(n_samples, n_units), replace=True)
    flat = idx + (np.arange(n_samples) * n_units)[:, None]
    return np.bincount(flat.ravel(), minlength=n_samples * n_units).reshape(n_samples, n_units)


def ar_masks(n_units: int, n_samples: int, seed: int | None) -> np.ndarray:
    """``(n_samples, n_units)`` booleans: True where the two systems swap a unit's output."""
    rng = np.random.default_rng(seed)
    return rng.integers(2, size=(n_samples, n_units), dtype=bool)


def _matmul(weights: np.ndarray, stats: np.ndarray, block: int = 2000) -> np.ndarray:
    """``weights @ stats`` in row blocks; float32 when integer sums stay exact in float32."""
    exact32 = (
        np.all(stats == np.round(stats))
        and np.abs(stats).sum(axis=0).max(initial=0) * max(1, int(weights.max(initial=1)))
        < _FLOAT32_EXACT
    )
    dtype = np.float32 if exact32 else np.float64
    right = stats.astype(dtype)
    out = np.empty((weights.shape[0], stats.shape[1]))
    for start in range(0, weights.shape[0], block):
        out[start : start + block] = weights[start : start + block].astype(dtype) @ right
    return out


def percentile_ci(samples: np.ndarray) -> tuple[float, float]:
    """95% interval from sacrebleu's order statistics (``n // 40`` from each end)."""
    ordered = np.sort(samples)
    lower = len(ordered) // 40
    return float(ordered[lower]), float(ordered[len(ordered) - lower - 1])


def p_value(null_stats: np.ndarray, observed: float) -> float:
    """sacrebleu's ``_compute_p_value``: ``(#{stat > observed} + 1) / (n + 1)``."""
    return (int(np.sum(null_stats > observed)) + 1) / (len(null_stats) + 1)


@dataclass
class MetricSignificance:
    """One metric's test over all systems: pairwise p-values, CIs, clusters."""

    metric: str
    higher_is_better: bool
    scores: np.ndarray  # (m,) actual corpus scores from the unit statistics
    ci: np.ndarray  # (m, 2) 95% bootstrap interval
    boot_mean: np.ndarray  # (m,) mean of the bootstrap scores (sacrebleu's "true mean")
    p_values: np.ndarray  # (m, m) symmetric, diagonal 1; NaN where AR did not test
    clusters: list[int] = field(default_factory=list)  # per system, 1 = best


def _bootstrap_scores(
    stats: Sequence[np.ndarray], scorer: VectorScorer, counts: np.ndarray
) -> np.ndarray:
    """``(S, m)`` scores of every system on every resample (one matrix product)."""
    k = stats[0].shape[1]
    sums = _matmul(counts, np.hstack(stats))
    return scorer.scores(sums.reshape(len(counts), len(stats), k))


def _ci_and_mean(boot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ci = np.array([percentile_ci(boot[:, s]) for s in range(boot.shape[1])])
    return ci, boot.mean(axis=0)


def paired_bootstrap(
    stats: Sequence[np.ndarray], scorer: VectorScorer, n_samples: int, seed: int | None
) -> MetricSignificance:
    """Paired bootstrap resampling over units (rows of each ``stats[s]``), all pairs."""
    counts = bootstrap_counts(len(stats[0]), n_samples, seed)
    boot = _bootstrap_scores(stats, scorer, counts)
    actual = scorer.scores(np.array([s.sum(axis=0) for s in stats]))
    m = len(stats)
    p = np.ones((m, m))
    for i in range(m):
        for j in range(i + 1, m):
            diffs = np.abs(boot[:, i] - boot[:, j])
            p[i, j] = p[j, i] = p_value(diffs - diffs.mean(), abs(actual[i] - actual[j]))
    ci, mean = _ci_and_mean(boot)
    return _finish(scorer, actual, ci, mean, p)


def approximate_randomization(
    stats: Sequence[np.ndarray],
    scorer: VectorScorer,
    n_samples: int,
    seed: int | None,
    ci_samples: int = AR_CI_RESAMPLES,
    baseline: int = 0,
) -> MetricSignificance:
    """Paired approximate randomization (swap each unit's outputs with p = 1/2).

    ``masks @ stats[s]`` is computed once per system; a pair's shuffled pseudo-systems
    are then ``A = M s_i + (T_j - M s_j)`` and ``B = T_i + T_j - A``. A pair costs
    ``n_samples`` scorings, so only the pairs the output needs are tested: the baseline
    against every system and each system against its cluster's head (at most
    ``2 (m - 1)`` of the ``m (m - 1) / 2``); the other p-values stay NaN.
    """
    masks = ar_masks(len(stats[0]), n_samples, seed)
    m, k = len(stats), stats[0].shape[1]
    swapped = _matmul(masks, np.hstack(stats)).reshape(n_samples, m, k)
    totals = np.array([s.sum(axis=0) for s in stats])
    actual = scorer.scores(totals)
    p = np.full((m, m), np.nan)
    np.fill_diagonal(p, 1.0)

    def test(pairs: list[tuple[int, int]]) -> None:
        for start in range(0, len(pairs), _PAIRS_PER_BLOCK):  # a block's pairs at once
            block = np.array(pairs[start : start + _PAIRS_PER_BLOCK])
            i, j = block[:, 0], block[:, 1]
            a = swapped[:, i] + totals[j] - swapped[:, j]  # (S, pairs, k)
            b = totals[i] + totals[j] - a
            null = np.abs(scorer.scores(a) - scorer.scores(b))
            for col, (x, y) in enumerate(zip(i, j, strict=True)):
                p[x, y] = p[y, x] = p_value(null[:, col], abs(actual[x] - actual[y]))

    def p_of(i: int, j: int) -> float:
        if np.isnan(p[i, j]):
            test([(i, j)])
        return float(p[i, j])

    test([(baseline, s) for s in range(m) if s != baseline])
    boot = _bootstrap_scores(stats, scorer, bootstrap_counts(len(stats[0]), ci_samples, seed))
    ci, mean = _ci_and_mean(boot)
    return _finish(scorer, actual, ci, mean, p, p_of)


def _finish(
    scorer: VectorScorer,
    actual: np.ndarray,
    ci: np.ndarray,
    mean: np.ndarray,
    p: np.ndarray,
    p_of: Callable[[int, int], float] | None = None,
) -> MetricSignificance:
    """The result, clustered from ``p`` (or ``p_of``, which fills ``p`` as it tests)."""
    result = MetricSignificance(scorer.name, scorer.higher_is_better, actual, ci, mean, p)
    result.clusters = clusters(actual, p if p_of is None else p_of, scorer.higher_is_better)
    return result


def clusters(
    scores: np.ndarray,
    p_values: np.ndarray | Callable[[int, int], float],
    higher_is_better: bool,
    alpha: float = ALPHA,
) -> list[int]:
    """Cluster number per system (1 = best), contiguous in rank order.

    Walking down the ranking, a system opens a new cluster when it is significantly
    different from the system that opened the current one; so every member of a cluster
    is indistinguishable from its head (a simple, deterministic rule; members need not
    be indistinguishable from each other). ``p_values`` is a matrix or a function
    ``(i, j) -> p`` (AR tests a pair only when the walk asks for it).
    """
    p_of = p_values if callable(p_values) else (lambda i, j: float(p_values[i, j]))
    order = np.argsort(-scores if higher_is_better else scores, kind="stable")
    result = [0] * len(scores)
    head, number = int(order[0]), 1
    for idx in order:
        if int(idx) != head and p_of(head, int(idx)) < alpha:
            head, number = int(idx), number + 1
        result[int(idx)] = number
    return result


# -- the run-level entry point -----------------------------------------------------------


@dataclass
class SignificanceConfig:
    """What ``--significance``, ``--resamples``, ``--seed``, ``--baseline`` and
    ``--bootstrap-unit`` ask for."""

    method: str = "none"
    resamples: int | None = None
    seed: int = DEFAULT_SEED
    baseline: str | None = None
    unit: str = "segment"

    @property
    def n_samples(self) -> int:
        return self.resamples or DEFAULT_RESAMPLES.get(self.method, 1000)

    def check(self, names: Sequence[str], lines: bool, docids: bool) -> int:
        """Validate against the run; returns the baseline index. Raises InputError."""
        if self.method not in METHODS:
            raise InputError(
                f"unknown --significance value {self.method!r} (choose from: {', '.join(METHODS)})"
            )
        if self.unit not in UNITS:
            raise InputError(
                f"unknown --bootstrap-unit value {self.unit!r} (choose from: {', '.join(UNITS)})"
            )
        if self.resamples is not None and self.resamples < 1:
            raise InputError(f"--resamples must be at least 1, got {self.resamples}")
        if self.baseline is not None and self.baseline not in names:
            raise InputError(f"unknown --baseline {self.baseline!r} (systems: {', '.join(names)})")
        if self.method == "none":
            return 0
        if len(names) < 2:
            raise InputError("--significance compares systems: give at least two MT files")
        if self.unit == "document" and not (lines and docids):
            raise InputError(
                "--bootstrap-unit document needs --lines and --docids "
                "(in document mode the whole input is one document)"
            )
        return 0 if self.baseline is None else list(names).index(self.baseline)


@dataclass
class SignificanceResult:
    """Everything the run records: baseline comparisons, per-metric tests, CIs."""

    baseline: str
    method: str
    n_samples: int
    seed: int
    unit: str
    n_units: int
    metrics: dict[str, MetricSignificance]
    comparisons: list[Comparison]

    def corpus_ci(self, system_index: int) -> dict[str, list[float]]:
        return {
            m: [round(float(v), 6) for v in t.ci[system_index]] for m, t in self.metrics.items()
        }

    def meta(self, names: Sequence[str]) -> dict[str, object]:
        return {
            "method": self.method,
            "resamples": self.n_samples,
            "seed": self.seed,
            "unit": self.unit,
            "units": self.n_units,
            "baseline": self.baseline,
            "alpha": ALPHA,
            "clusters": {
                m: dict(zip(names, t.clusters, strict=True)) for m, t in self.metrics.items()
            },
            "bootstrap_mean": {
                m: dict(zip(names, (round(float(v), 6) for v in t.boot_mean), strict=True))
                for m, t in self.metrics.items()
            },
        }


def compare_systems(
    names: Sequence[str],
    unit_stats_by_metric: dict[str, list[np.ndarray]],
    scorers: dict[str, VectorScorer],
    config: SignificanceConfig,
    baseline_index: int,
) -> SignificanceResult:
    """Run the configured test for every metric on per-unit statistics.

    ``unit_stats_by_metric[metric][s]`` is an ``(n_units, k)`` array for system ``s``;
    every system must have the same units (see :func:`mtcompare.alignment.beads.group_beads`).
    """
    tests: dict[str, MetricSignificance] = {}
    comparisons: list[Comparison] = []
    n_units = 0
    for metric, stats in unit_stats_by_metric.items():
        n_units = len(stats[0])
        if any(len(s) != n_units for s in stats):
            raise ValueError(f"{metric}: systems do not share the same units")
        scorer = scorers[metric]
        if config.method == "ar":
            test = approximate_randomization(
                stats, scorer, config.n_samples, config.seed, baseline=baseline_index
            )
        else:
            test = paired_bootstrap(stats, scorer, config.n_samples, config.seed)
        tests[metric] = test
        b = baseline_index
        for s, name in enumerate(names):
            if s == b:
                continue
            comparisons.append(
                Comparison(
                    baseline=names[b],
                    system=name,
                    metric=metric,
                    delta=round(float(test.scores[s] - test.scores[b]), 6),
                    p_value=round(float(test.p_values[b, s]), 6),
                    method=config.method,
                )
            )
    return SignificanceResult(
        names[baseline_index],
        config.method,
        config.n_samples,
        config.seed,
        config.unit,
        n_units,
        tests,
        comparisons,
    )


def comet_stats(segments: Sequence[SegmentPair], name: str = "comet") -> np.ndarray:
    """``[score, 1]`` per bead that has a COMET score, ``[0, 0]`` otherwise (additions)."""
    return np.array(
        [[seg.scores[name], 1.0] if name in seg.scores else [0.0, 0.0] for seg in segments]
    ).reshape(-1, 2)


def base_units(n_ref: int, docids: Sequence[str] | None, unit: str) -> np.ndarray:
    """Each reference sentence (line) is its own unit, or with ``unit == "document"`` its
    document's (document ids need not be contiguous)."""
    if unit != "document" or docids is None:
        return np.arange(n_ref)
    index: dict[str, int] = {}
    return np.array([index.setdefault(d, len(index)) for d in docids])


def run_significance(
    systems: Sequence[SystemResult],
    stats_by_metric: dict[str, list[np.ndarray]],
    scorers: dict[str, VectorScorer],
    n_ref: int,
    docids: Sequence[str] | None,
    config: SignificanceConfig,
    baseline_index: int,
) -> SignificanceResult:
    """Map every system's bead statistics onto shared units, test, and fill ``corpus_ci``.

    ``stats_by_metric[metric][s]`` has one row per bead of ``systems[s].segments``.
    """
    base = base_units(n_ref, docids, config.unit)
    beads = [[seg.ref_ids for seg in s.segments] for s in systems]
    if config.unit == "document":
        n_units, assign = int(base.max()) + 1, [base[[ids[0] for ids in b]] for b in beads]
    else:
        groups = group_beads(beads, n_ref, base)
        n_units, assign = groups.count, groups.assignment
    per_unit = {
        metric: [unit_stats(st, a, n_units) for st, a in zip(stats, assign, strict=True)]
        for metric, stats in stats_by_metric.items()
    }
    result = compare_systems([s.name for s in systems], per_unit, scorers, config, baseline_index)
    for k, system in enumerate(systems):
        system.corpus_ci.update(result.corpus_ci(k))
    return result
