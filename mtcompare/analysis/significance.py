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
And a pair whose observed difference is exactly 0 gets p = 1 in both tests, so it never
splits a cluster nor reads as better or worse. sacrebleu's estimators give identical
outputs ``1 / (S + 1)``: every resampled or shuffled difference is 0 as well, none
exceeds the observed 0, and the two copies came out "significant at p = 0.001".

The stats -> score functions are the metrics' own (``Metric.scorer``, in
mtcompare.metrics): this module works on any metric through its statistics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from mtcompare.alignment.beads import assign_units, group_beads
from mtcompare.core.defaults import DEFAULT_SEED
from mtcompare.core.errors import InputError
from mtcompare.core.model import Comparison, SystemResult
from mtcompare.core.options import InputMode
from mtcompare.metrics.base import VectorScorer

METHODS: tuple[str, ...] = ("none", "bootstrap", "ar")
UNITS: tuple[str, ...] = ("segment", "document")
DEFAULT_RESAMPLES = {"bootstrap": 1000, "ar": 10000}
#: Bootstrap resamples used for the confidence intervals of an AR run.
AR_CI_RESAMPLES = 1000
ALPHA = 0.05
_FLOAT32_EXACT = 2**24  # integer sums below this are exact in float32
_PAIRS_PER_BLOCK = 8  # AR: system pairs scored together (bounds memory to S x 8 x k)


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
            if actual[i] == actual[j]:
                continue  # no observed difference: p = 1 (see the module docstring)
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
                observed = abs(actual[x] - actual[y])
                p[x, y] = p[y, x] = p_value(null[:, col], observed) if observed else 1.0

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

    def check(self, names: Sequence[str], mode: InputMode, docids: bool) -> int:
        """Validate against the run; returns the baseline index. Raises InputError.

        ``docids``: the run has document ids (``--lines --docids``, or batch articles)."""
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
        if self.unit == "document" and not docids:
            raise InputError(
                "--bootstrap-unit document needs --lines and --docids, or batch input "
                "(in single-file document mode the whole input is one document)"
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


#: One metric's input to the tests: its vectorised scorer (which carries the metric's
#: name and direction) and one statistics array per system.
MetricStats = tuple[VectorScorer, list[np.ndarray]]


def compare_systems(
    names: Sequence[str],
    unit_stats_by_metric: Sequence[MetricStats],
    config: SignificanceConfig,
    baseline_index: int,
) -> SignificanceResult:
    """Run the configured test for every metric on per-unit statistics.

    Each ``stats[s]`` is an ``(n_units, k)`` array for system ``s``; every system must
    have the same units (see :func:`mtcompare.alignment.beads.group_beads`).
    """
    tests: dict[str, MetricSignificance] = {}
    comparisons: list[Comparison] = []
    n_units = 0
    for scorer, stats in unit_stats_by_metric:
        n_units = len(stats[0])
        if any(len(s) != n_units for s in stats):
            raise ValueError(f"{scorer.name}: systems do not share the same units")
        if config.method == "ar":
            test = approximate_randomization(
                stats, scorer, config.n_samples, config.seed, baseline=baseline_index
            )
        else:
            test = paired_bootstrap(stats, scorer, config.n_samples, config.seed)
        tests[scorer.name] = test
        comparisons += _baseline_comparisons(names, test, baseline_index, config.method)
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


def _baseline_comparisons(
    names: Sequence[str], test: MetricSignificance, b: int, method: str
) -> list[Comparison]:
    """Every system against the baseline ``b`` on one metric."""
    return [
        Comparison(
            baseline=names[b],
            system=name,
            metric=test.metric,
            delta=round(float(test.scores[s] - test.scores[b]), 6),
            p_value=round(float(test.p_values[b, s]), 6),
            method=method,
        )
        for s, name in enumerate(names)
        if s != b
    ]


def base_units(n_ref: int, docids: Sequence[str] | None, unit: str) -> np.ndarray:
    """Each reference sentence (line) is its own unit, or with ``unit == "document"`` its
    document's (document ids need not be contiguous)."""
    if unit != "document" or docids is None:
        return np.arange(n_ref)
    index: dict[str, int] = {}
    return np.array([index.setdefault(d, len(index)) for d in docids])


def run_significance(
    systems: Sequence[SystemResult],
    stats_by_metric: Sequence[MetricStats],
    n_ref: int,
    docids: Sequence[str] | None,
    config: SignificanceConfig,
    baseline_index: int,
) -> SignificanceResult:
    """Map every system's bead statistics onto shared units, test, and fill ``corpus_ci``.

    Each metric's ``stats[s]`` has one row per bead of ``systems[s].segments``.
    """
    base = base_units(n_ref, docids, config.unit)
    beads = [[seg.ref_ids for seg in s.segments] for s in systems]
    if config.unit == "document":
        n_units, assign = int(base.max()) + 1, [assign_units(b, base) for b in beads]
    else:
        groups = group_beads(beads, n_ref, base)
        n_units, assign = groups.count, groups.assignment
    per_unit = [
        (scorer, [unit_stats(st, a, n_units) for st, a in zip(stats, assign, strict=True)])
        for scorer, stats in stats_by_metric
    ]
    result = compare_systems([s.name for s in systems], per_unit, config, baseline_index)
    for k, system in enumerate(systems):
        system.corpus_ci.update(result.corpus_ci(k))
    return result
