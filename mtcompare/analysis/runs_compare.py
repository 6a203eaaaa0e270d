"""Compare two runs: corpus deltas, paired significance, and the sentences that moved.

Significance is the paired bootstrap of ``score --significance`` on corpus scores,
offered only when both runs scored the same reference (same content hash, same mode).
Each metric rebuilds its statistics from the stored run (``Metric.stored_stats``: BLEU
and chrF from the texts, TER exactly from the sentence scores, COMET as the mean of its
sentence scores). Units are reference sentences, merged where either run's alignment
merged them, as in ``score``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from mtcompare import metrics as registry
from mtcompare.alignment.beads import group_segments
from mtcompare.analysis.significance import (
    ALPHA,
    DEFAULT_RESAMPLES,
    paired_bootstrap,
    unit_stats,
)
from mtcompare.core.defaults import DEFAULT_SEED
from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult, SegmentPair, SystemResult, group_scores
from mtcompare.metrics.base import MeanScorer, Metric

#: The same test as ``score --significance bootstrap``, so the two agree.
BOOTSTRAP_SAMPLES = DEFAULT_RESAMPLES["bootstrap"]
SEED = DEFAULT_SEED


@dataclass
class MetricDelta:
    """One system on one metric: old and new corpus score, and whether it is significant."""

    system: str
    metric: str
    old: float | None
    new: float | None
    delta: float | None
    #: True if the new score is better (direction-aware: lower TER is better).
    improved: bool | None
    p_value: float | None = None
    #: Mean sentence-score change, oriented so that positive means better.
    sentence_delta: float | None = None
    paired_units: int = 0
    #: False if the two runs' signatures of this metric differ (another tokenizer,
    #: another --lang, another COMET model): the scores are then not comparable and
    #: the difference is not tested.
    same_signature: bool = True

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA


@dataclass
class SentenceChange:
    """A reference sentence (or merged group) whose score or error flags changed."""

    system: str
    ref_ids: list[int]
    ref: str
    old_hyp: str
    new_hyp: str
    metric: str
    old_score: float | None
    new_score: float | None
    #: Oriented so that negative means worse.
    delta: float
    errors_added: list[str] = field(default_factory=list)
    errors_removed: list[str] = field(default_factory=list)

    @property
    def regression(self) -> bool:
        return self.delta < 0 or (self.delta == 0 and bool(self.errors_added))


@dataclass
class ArticleDelta:
    """One article (document) of one system on the sentence metric: old and new score,
    oriented delta (negative = worse)."""

    system: str
    article: str
    metric: str
    old: float
    new: float
    delta: float


@dataclass
class RunComparison:
    old_id: str
    new_id: str
    same_reference: bool
    deltas: list[MetricDelta]
    changes: list[SentenceChange]
    only_old: list[str]
    only_new: list[str]
    sentence_metric: str | None
    #: Per article, worst first: runs of several articles (batch runs, --docids).
    articles: list[ArticleDelta] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_id,
            "new": self.new_id,
            "same_reference": self.same_reference,
            "sentence_metric": self.sentence_metric,
            "systems_only_in_old": self.only_old,
            "systems_only_in_new": self.only_new,
            "deltas": [asdict(d) | {"significant": d.significant} for d in self.deltas],
            "changes": [asdict(c) | {"regression": c.regression} for c in self.changes],
            "articles": [asdict(a) for a in self.articles],
        }


def article_deltas(
    name: str, old: SystemResult, new: SystemResult, metric: str
) -> list[ArticleDelta]:
    """The articles both runs scored, worst change first (which articles got worse)."""
    out = []
    for doc in new.doc_scores.keys() & old.doc_scores.keys():
        o, n = old.doc_scores[doc].get(metric), new.doc_scores[doc].get(metric)
        if o is not None and n is not None:
            out.append(ArticleDelta(name, doc, metric, o, n, round(_orient(metric, n - o), 4)))
    return sorted(out, key=lambda a: (a.delta, a.article))


def _orient(metric: str, delta: float) -> float:
    return delta if registry.higher_is_better(metric) else -delta


@dataclass
class PairedUnit:
    """The beads of the old and the new run that cover the same reference sentences."""

    old: list[SegmentPair]
    new: list[SegmentPair]


def paired_units(old: SystemResult, new: SystemResult, n_ref: int) -> list[PairedUnit]:
    """Groups of beads (see :func:`mtcompare.alignment.beads.group_beads`) with reference
    sentences on both sides, in reference order."""
    groups = group_segments([old.segments, new.segments], n_ref)
    units = []
    for olds, news in zip(groups.members(0), groups.members(1), strict=True):
        a = [old.segments[b] for b in olds]
        b = [new.segments[b] for b in news]
        if any(s.ref_ids for s in a) and any(s.ref_ids for s in b):
            units.append(PairedUnit(a, b))
    return units


def sentence_p_value(
    old: np.ndarray, new: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = SEED
) -> float:
    """Paired bootstrap p-value of the mean sentence score, old vs new (same units, same
    order), with the procedure of :mod:`mtcompare.analysis.significance` (sacrebleu's)."""
    stats = [np.column_stack([x, np.ones_like(x)]) for x in (old, new)]
    result = paired_bootstrap(stats, MeanScorer("sentence"), samples, seed)
    return float(result.p_values[0, 1])


def corpus_p_values(
    old: SystemResult,
    new: SystemResult,
    metrics: list[Metric],
    n_ref: int,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = SEED,
) -> tuple[dict[str, float], int]:
    """Paired bootstrap p-value of each corpus score, old vs new, and the unit count."""
    groups = group_segments([old.segments, new.segments], n_ref)
    n_units, assign = groups.count, groups.assignment
    p_values = {}
    for metric in metrics:
        stats = [
            unit_stats(metric.stored_stats(system.segments), a, n_units)
            for system, a in zip((old, new), assign, strict=True)
        ]
        result = paired_bootstrap(stats, metric.scorer(), samples, seed)
        p_values[metric.name] = float(result.p_values[0, 1])
    return p_values, n_units


def _error_keys(seg: SegmentPair) -> Counter[str]:
    return Counter(e.category for e in seg.errors)


def _unit_errors_text(beads: list[SegmentPair], cats: Counter[str]) -> list[str]:
    left = Counter(cats)
    out = []
    for e in (e for b in beads for e in b.errors):
        if left[e.category] > 0:
            left[e.category] -= 1
            out.append(f"{e.category}: {e.detail}")
    return out


def _side_text(beads: list[SegmentPair], attr: str) -> str:
    return " ".join(t for t in (getattr(b, attr) for b in beads) if t)


def _unit_errors(beads: list[SegmentPair]) -> Counter[str]:
    return sum((_error_keys(b) for b in beads), Counter())


def sentence_changes(name: str, units: list[PairedUnit], metric: str) -> list[SentenceChange]:
    changes = []
    for unit in units:
        old = group_scores(unit.old).get(metric)
        new = group_scores(unit.new).get(metric)
        delta = 0.0 if old is None or new is None else _orient(metric, new - old)
        ka, kb = _unit_errors(unit.old), _unit_errors(unit.new)
        added, removed = kb - ka, ka - kb
        if delta == 0 and not added and not removed:
            continue
        refs = sorted({i for b in unit.old + unit.new for i in b.ref_ids})
        changes.append(
            SentenceChange(
                system=name,
                ref_ids=refs,
                ref=max(_side_text(unit.old, "ref"), _side_text(unit.new, "ref"), key=len),
                old_hyp=_side_text(unit.old, "hyp"),
                new_hyp=_side_text(unit.new, "hyp"),
                metric=metric,
                old_score=old,
                new_score=new,
                delta=round(delta, 4),
                errors_added=_unit_errors_text(unit.new, added),
                errors_removed=_unit_errors_text(unit.old, removed),
            )
        )
    return changes


def rank_changes(changes: list[SentenceChange], top: int) -> list[SentenceChange]:
    """Regressions first (biggest drop, then most new flags), then improvements."""
    worse = sorted(
        (c for c in changes if c.regression), key=lambda c: (c.delta, -len(c.errors_added))
    )
    better = sorted(
        (c for c in changes if not c.regression),
        key=lambda c: (-c.delta, -len(c.errors_removed)),
    )
    return worse[:top] + better[:top]


def compare_runs(
    old: RunResult,
    new: RunResult,
    old_id: str = "old",
    new_id: str = "new",
    top: int = 10,
    metric: str | None = None,
    samples: int = BOOTSTRAP_SAMPLES,
) -> RunComparison:
    language = run_language(new)
    same_ref = (
        old.mode == new.mode
        and bool(old.reference.get("sha256"))
        and old.reference.get("sha256") == new.reference.get("sha256")
        and run_language(old) == language
    )
    metrics = list(dict.fromkeys([*new.metrics, *old.metrics]))
    shared = [m for m in new.metrics if m in old.metrics]
    preferred = registry.SENTENCE_METRIC
    sentence_metric = metric or (
        preferred if preferred in shared else (shared[0] if shared else None)
    )
    old_by = {s.name: s for s in old.systems}
    new_by = {s.name: s for s in new.systems}
    n_ref = int(new.reference.get("sentences", 0))
    made = _MetricCache(language)
    deltas: list[MetricDelta] = []
    changes: list[SentenceChange] = []
    articles: list[ArticleDelta] = []
    for name in [s.name for s in new.systems if s.name in old_by]:
        a, b = old_by[name], new_by[name]
        if sentence_metric:
            articles += article_deltas(name, a, b, sentence_metric)
        units = paired_units(a, b, n_ref) if same_ref else []
        deltas += system_deltas(a, b, metrics, shared, units, n_ref, made, samples)
        if units and sentence_metric:
            changes += rank_changes(sentence_changes(name, units, sentence_metric), top)
    return RunComparison(
        old_id=old_id,
        new_id=new_id,
        same_reference=same_ref,
        deltas=deltas,
        changes=changes,
        only_old=[n for n in old_by if n not in new_by],
        only_new=[n for n in new_by if n not in old_by],
        sentence_metric=sentence_metric,
        articles=sorted(articles, key=lambda x: (x.delta, x.system, x.article)),
    )


def run_language(run: RunResult) -> str:
    """The target language a run was scored in (runs before ``--lang`` are English)."""
    return str(run.meta.get("language") or "en")


class _MetricCache(dict[str, Metric]):
    """The metrics a comparison tests, created once for the runs' language (their
    reference caches are shared by every system)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, name: str) -> Metric:
        self[name] = registry.create_for_language(name, self.language)
        return self[name]


def _settings(signature: str) -> str:
    """A signature without its ``version:`` field: a sacrebleu upgrade does not make two
    runs incomparable, another tokenizer, reference count or language does."""
    return "|".join(f for f in signature.split("|") if not f.startswith("version:"))


def _same_signatures(a: SystemResult, b: SystemResult, metrics: list[str]) -> set[str]:
    """The metrics whose signatures the two runs share (a run without signatures, stored
    before they were kept, is taken as the same)."""
    same = set()
    for m in metrics:
        x, y = a.signatures.get(m), b.signatures.get(m)
        if x is None or y is None or _settings(x) == _settings(y):
            same.add(m)
    return same


def system_deltas(
    a: SystemResult,
    b: SystemResult,
    metrics: list[str],
    shared: list[str],
    units: list[PairedUnit],
    n_ref: int,
    made: dict[str, Metric],
    samples: int = BOOTSTRAP_SAMPLES,
) -> list[MetricDelta]:
    """One system's old and new corpus score per metric, tested where both runs allow.

    A metric is tested when both runs scored the same reference, every unit has its
    sentence score on both sides and this version knows the metric.
    """
    p_values: dict[str, float] = {}
    mean_diff: dict[str, float] = {}
    n_units = 0
    scored = [(group_scores(u.old), group_scores(u.new)) for u in units]
    known = registry.known_metrics()
    same = _same_signatures(a, b, metrics)
    testable = [
        m for m in shared if m in known and m in same and all(m in x and m in y for x, y in scored)
    ]
    if units and testable:
        p_values, n_units = corpus_p_values(a, b, [made[m] for m in testable], n_ref, samples)
    for m in testable if units else []:
        x = np.array([old_s[m] for old_s, _ in scored], dtype=np.float64)
        y = np.array([new_s[m] for _, new_s in scored], dtype=np.float64)
        mean_diff[m] = float(_orient(m, (y - x).mean()))
    deltas = []
    for m in metrics:
        o, n = a.corpus.get(m), b.corpus.get(m)
        delta = None if o is None or n is None else n - o
        deltas.append(
            MetricDelta(
                system=a.name,
                metric=m,
                old=o,
                new=n,
                delta=delta,
                improved=None if not delta else _orient(m, delta) > 0,
                p_value=p_values.get(m),
                sentence_delta=mean_diff.get(m),
                paired_units=n_units if m in p_values else 0,
                same_signature=m in same,
            )
        )
    return deltas


# -- the gate (``--fail-on regression``) ---------------------------------------------------


def _confident(s: SystemResult) -> int:
    return sum(s.error_counts.values())


def _error_cause(name: str, old: SystemResult, new: SystemResult) -> str | None:
    """``mt_a: 3 more confident errors (25 -> 28: names +2, numbers +1)``, or None."""
    if not (old.error_counts and new.error_counts):
        return None  # one run did not check errors (--no-errors)
    before, after = _confident(old), _confident(new)
    if after <= before:
        return None
    cats = list(dict.fromkeys([*old.error_counts, *new.error_counts]))
    moved = [
        f"{c} {d:+d}"
        for c in cats
        if (d := new.error_counts.get(c, 0) - old.error_counts.get(c, 0))
    ]
    more = after - before
    noun = "error" if more == 1 else "errors"
    return f"{name}: {more} more confident {noun} ({before} -> {after}: {', '.join(moved)})"


def regressions(comparison: RunComparison, old: RunResult, new: RunResult) -> list[str]:
    """Why the new run is a regression of the old one, one line per cause: a system
    significantly worse (p < 0.05, the comparison's paired bootstrap; identical output
    has p = 1) on a metric, a system with more confident errors, a system of the old run
    missing from the new one. Empty: no regression. Runs of different references cannot
    be tested: an InputError."""
    if not comparison.same_reference:
        raise InputError(
            "--fail-on needs two runs of the same reference, mode and language: "
            f"{comparison.old_id} and {comparison.new_id} differ, so no difference can be tested"
        )
    if differ := sorted(
        {registry.label(d.metric) for d in comparison.deltas if not d.same_signature}
    ):
        raise InputError(
            f"--fail-on: the signatures of {', '.join(differ)} differ between runs "
            f"{comparison.old_id} and {comparison.new_id} (another tokenizer, --lang or model), "
            "so their scores are not comparable"
        )
    causes = []
    for d in comparison.deltas:
        if d.significant and d.improved is False:
            causes.append(
                f"{d.system}: {registry.label(d.metric)} significantly worse, "
                f"{registry.format_score(d.metric, d.old)} -> "
                f"{registry.format_score(d.metric, d.new)} "
                f"({registry.format_score(d.metric, d.delta, signed=True)}, p = {d.p_value:.3f})"
            )
    old_by = {s.name: s for s in old.systems}
    for s in new.systems:
        if s.name in old_by and (cause := _error_cause(s.name, old_by[s.name], s)):
            causes.append(cause)
    causes += [
        f"{n}: in run {comparison.old_id}, missing from the new run" for n in comparison.only_old
    ]
    return causes
