"""The scoring run, in stages: plan -> load -> pair -> score -> flag -> test -> assemble.

This is the Python API the CLI wraps: ``score(ref, hyps, ScoreOptions(...))`` returns a
:class:`~mtcompare.core.model.RunResult` and writes nothing. Every option and option
combination is checked (:func:`plan_run`) before a file is read; every metric, COMET
included, goes through the same scoring stage (:func:`score_metrics`), asked for its
statistics, scores and signature through :class:`mtcompare.metrics.base.Metric`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from mtcompare import metrics as registry
from mtcompare.alignment.monolingual import AlignConfig, align
from mtcompare.alignment.source import SourceSide, source_side
from mtcompare.analysis.significance import (
    SignificanceConfig,
    SignificanceResult,
    run_significance,
)
from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult, SegmentPair, SystemResult
from mtcompare.core.options import InputMode, input_mode
from mtcompare.core.textio import TextFile, read_text, text_lines
from mtcompare.core.version import __version__
from mtcompare.metrics import DEFAULT_METRICS
from mtcompare.metrics.base import Metric

#: ``progress(stage, done, total)``: called as work advances, for a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass
class ScoreOptions:
    """What to compute; defaults are what ``mtcompare score`` does without options."""

    metrics: Sequence[str] = DEFAULT_METRICS
    #: The older spelling of ``mode="lines"`` (still accepted).
    lines: bool = False
    names: Sequence[str] | None = None
    docids: str | Path | None = None
    align_config: AlignConfig = field(default_factory=AlignConfig)
    progress: Progress | None = None
    # COMET (optional extra): see mtcompare.metrics.comet.
    src: str | Path | None = None
    comet_model: str = "Unbabel/wmt22-comet-da"
    comet_src_from_ref: bool = False
    allow_download: bool = False
    gpus: int | None = None
    batch_size: int = 16
    #: Called with a one-line message for a non-fatal problem (e.g. a low coverage).
    warn: Callable[[str], None] | None = None
    #: Paired significance tests and CIs (see mtcompare.analysis.significance).
    significance: SignificanceConfig = field(default_factory=SignificanceConfig)
    #: Flag errors (names, numbers, ...). False skips it: at WMT scale flagging costs
    #: several times the metrics; segments then have no errors and ``error_counts`` is {}.
    errors: bool = True
    #: How the inputs are read (see mtcompare.core.options); None: from ``lines``.
    mode: InputMode | None = None
    #: Language of the reference and MT (sentence splitting, error flags).
    language: str = "en"
    #: Batch input (mtcompare.batch): processes for reading and aligning the articles
    #: (None: all cores), and whether a bad file is skipped (warned) instead of failing.
    jobs: int | None = None
    skip_bad: bool = False
    #: Batch: a Dask scheduler (``tcp://host:port``) that pairs the articles (see
    #: mtcompare.core.cluster); None runs on this machine's cores.
    scheduler: str | None = None


@dataclass
class Document:
    """An input version split into units: sentences (document mode) or lines."""

    file: TextFile
    units: list[str]


def load_document(path: str | Path, mode: InputMode, what: str, language: str = "en") -> Document:
    file = read_text(path, what)
    if mode == "lines":
        return Document(file, text_lines(file.text))
    from mtcompare.segment import split_sentences  # pysbd: only documents are segmented

    return Document(file, split_sentences(file.text, language))


def system_names(paths: Sequence[str | Path], names: Sequence[str] | None) -> list[str]:
    """File stems, or the user's ``--name`` values; both must be unique."""
    if names:
        if len(names) != len(paths):
            raise InputError(f"got {len(names)} --name values for {len(paths)} MT files")
        result = list(names)
    else:
        result = [Path(p).stem for p in paths]
    check_unique(result)
    return result


def check_unique(names: Sequence[str]) -> None:
    """System names must be unique (a run, a table, the store key them by name)."""
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"system names must be unique, repeated: {', '.join(dupes)} (use --name)")


def pair_lines(ref: Document, hyp: Document) -> list[SegmentPair]:
    if len(hyp.units) != len(ref.units):
        raise InputError(
            f"line counts differ: {hyp.file.path} has {len(hyp.units)} lines, "
            f"reference {ref.file.path} has {len(ref.units)} (--lines needs line-aligned files)"
        )
    return [
        SegmentPair([i], [i], r, h)
        for i, (r, h) in enumerate(zip(ref.units, hyp.units, strict=True))
    ]


def pair_sentences(ref: Document, hyp: Document, config: AlignConfig) -> list[SegmentPair]:
    beads = align(ref.units, hyp.units, config)
    return [
        SegmentPair(
            list(b.ref),
            list(b.hyp),
            " ".join(ref.units[i] for i in b.ref),
            " ".join(hyp.units[j] for j in b.hyp),
        )
        for b in beads
    ]


#: Below this share of reference sentences in match beads, a version is probably not a
#: translation of the reference (another outlet's article on the same story scores ~35%).
MIN_COVERAGE = 0.5


def aligned_fraction(segments: Sequence[SegmentPair], n_ref: int) -> float:
    """Share of reference sentences aligned to some MT sentence (not omitted)."""
    matched = sum(len(s.ref_ids) for s in segments if s.ref_ids and s.hyp_ids)
    return matched / n_ref if n_ref else 0.0


def coverage_warning(segments: Sequence[SegmentPair], n_ref: int, path: str | Path) -> str | None:
    """The warning for an aligned version that is probably not a translation of the
    reference (see :data:`MIN_COVERAGE`), or None."""
    coverage = aligned_fraction(segments, n_ref)
    if coverage >= MIN_COVERAGE:
        return None
    return (
        f"{path}: only {coverage:.0%} of the reference sentences found a match; "
        "is it a translation of the same article?"
    )


def _warn(opts: ScoreOptions) -> Callable[[str], None]:
    import warnings

    return opts.warn or (lambda msg: warnings.warn(msg, stacklevel=4))  # score()'s caller


def read_docids(path: str | Path, n_lines: int) -> list[str]:
    ids = text_lines(read_text(path, "docids file").text)
    if len(ids) != n_lines:
        raise InputError(f"docids file {path} has {len(ids)} lines, the reference has {n_lines}")
    return ids


# -- plan: every option checked before a file is read -------------------------------------


@dataclass
class Plan:
    """A checked run: mode, system names, configured metrics, the baseline."""

    opts: ScoreOptions
    mode: InputMode
    names: list[str]
    metrics: list[Metric]
    baseline: int

    def report(self, stage: str, done: int, total: int) -> None:
        if self.opts.progress is not None:
            self.opts.progress(stage, done, total)


def plan_run(hyp_paths: Sequence[str | Path], opts: ScoreOptions, articles: bool = False) -> Plan:
    """Check the options and their combinations, create the metrics and let each fail
    fast (a COMET model that is not available), all before any input is read.
    ``articles``: a batch run, whose articles are the documents (mtcompare.batch)."""
    mode = input_mode(opts.mode, opts.lines)
    metric_names = registry.parse_metrics(opts.metrics)
    if not hyp_paths:
        raise InputError("no MT file given")
    names = system_names(hyp_paths, opts.names)
    if opts.docids and mode != "lines":
        raise InputError("--docids needs --lines (in document mode each file is one document)")
    if opts.jobs is not None and opts.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {opts.jobs}")
    baseline = opts.significance.check(names, mode, bool(opts.docids) or articles)
    metrics = [registry.create(n, opts) for n in metric_names]
    for metric in metrics:
        if metric.needs_source and opts.src is None and not opts.comet_src_from_ref:
            raise InputError(
                f"{metric.label} needs the source text: pass --src FILE "
                "(or --comet-src-from-ref to use the reference as source)"
            )
    for metric in metrics:
        metric.prepare()
    return Plan(opts, mode, names, metrics, baseline)


# -- load: the reference, its document ids, the source -----------------------------------


@dataclass
class Inputs:
    """What every system is paired with."""

    ref: Document
    docids: list[str] | None
    source: SourceSide | None


def load_inputs(plan: Plan, ref_path: str | Path) -> Inputs:
    opts = plan.opts
    ref = load_document(ref_path, plan.mode, "reference", opts.language)
    docids = read_docids(opts.docids, len(ref.units)) if opts.docids else None
    source = None
    if opts.src is not None or any(m.needs_source for m in plan.metrics):  # COMET, checks
        file = read_text(opts.src, "source file") if opts.src is not None else None
        source = source_side(file, ref.units, plan.mode)
        give_source(plan, source)
    return Inputs(ref, docids, source)


def give_source(plan: Plan, source: SourceSide) -> None:
    """The run's source, to the metrics that score it (COMET)."""
    for metric in plan.metrics:
        if metric.needs_source:
            metric.use_source(source)


# -- pair: one system's beads -------------------------------------------------------------


def read_and_pair(
    ref: Document, path: str | Path, mode: InputMode, language: str, config: AlignConfig
) -> tuple[list[SegmentPair], Document]:
    """Read one MT version and pair it with the reference: line by line, or aligned."""
    hyp = load_document(path, mode, "MT file", language)
    if mode == "lines":
        return pair_lines(ref, hyp), hyp
    return pair_sentences(ref, hyp, config), hyp


def pair_system(plan: Plan, inputs: Inputs, name: str, path: str | Path) -> SystemResult:
    """Read one MT version and pair it with the reference (lines, or aligned sentences)."""
    opts, ref = plan.opts, inputs.ref
    segments, hyp = read_and_pair(ref, path, plan.mode, opts.language, opts.align_config)
    if plan.mode != "lines" and (warning := coverage_warning(segments, len(ref.units), path)):
        _warn(opts)(warning)
    for seg in segments:
        if inputs.docids is not None:
            seg.doc_id = inputs.docids[seg.ref_ids[0]]
        if inputs.source is not None and seg.ref_ids:
            seg.src = inputs.source.for_segment(seg.ref_ids, seg.ref)
    return SystemResult(
        name=name,
        path=str(path),
        corpus={},
        signatures={},
        segments=segments,
        sentences=len(hyp.units),
        sha256=hyp.file.sha256,
    )


# -- score: every metric the same way ------------------------------------------------------


#: A metric and its statistics: one array per system, one row per bead.
Scored = tuple[Metric, list[np.ndarray]]


def _where(plan: Plan, systems: Sequence[SystemResult]) -> Callable[[int], str]:
    """Names bead ``i`` of all systems' beads taken in order, for an error message."""
    located = [(s, seg) for s in systems for seg in s.segments]

    def numbers(ids: Sequence[int]) -> str:
        return ",".join(str(k + 1) for k in ids) or "none"

    def where(i: int) -> str:
        system, seg = located[i]
        if plan.mode == "lines":
            return f"line {seg.ref_ids[0] + 1} of {system.path}"
        return (
            f"{system.path}, the segment of reference sentence(s) {numbers(seg.ref_ids)} "
            f"and MT sentence(s) {numbers(seg.hyp_ids)}"
        )

    return where


def apply_metric(plan: Plan, metric: Metric, systems: Sequence[SystemResult]) -> Scored:
    """Score all systems on one metric: sentence, corpus and document scores, signature."""
    total = len(systems)
    plan.report(f"scoring {metric.name}", total, total)
    per_system = metric.run_stats(
        [s.segments for s in systems],
        where=_where(plan, systems),
        progress=lambda done, n: plan.report(f"scoring {metric.name}", done, n),
    )
    signature = metric.signature()
    for system, stats in zip(systems, per_system, strict=True):
        values = metric.sentence_scores(stats).tolist()
        for seg, value in zip(system.segments, values, strict=True):
            if not math.isnan(value):  # a bead the metric does not score (COMET: additions)
                seg.scores[metric.name] = round(value, metric.sentence_digits)
        system.corpus[metric.name] = metric.corpus_score(stats)
        system.signatures[metric.name] = signature
        for doc, rows in _doc_rows(system.segments).items():
            system.doc_scores.setdefault(doc, {})[metric.name] = metric.corpus_score(stats[rows])
    return metric, per_system


def _doc_rows(segments: Sequence[SegmentPair]) -> dict[str, np.ndarray]:
    """Bead indices per document id, in order of first appearance (``--docids`` runs)."""
    groups: dict[str, list[int]] = {}
    for i, seg in enumerate(segments):
        if seg.doc_id is not None:
            groups.setdefault(seg.doc_id, []).append(i)
    return {doc: np.asarray(rows) for doc, rows in groups.items()}


def score_metrics(plan: Plan, systems: Sequence[SystemResult]) -> list[Scored]:
    return [apply_metric(plan, metric, systems) for metric in plan.metrics]


# -- flag, test ----------------------------------------------------------------------------


def flag_errors(plan: Plan, inputs: Inputs, systems: Sequence[SystemResult]) -> None:
    """Error flags and their counts (all systems at once: shared beads, all cores); the
    user's source text, when given, is evidence for the checks (the reference standing in
    for it, ``--comet-src-from-ref``, is not)."""
    from mtcompare.checks import count_errors  # imported only when flagging (lexicons)
    from mtcompare.checks.flagging import flag_systems

    total = len(systems)
    plan.report("flagging errors", total, total)
    use_source = inputs.source is not None and inputs.source.kind == "file"
    flag_systems(
        [s.segments for s in systems],
        workers=plan.opts.jobs,
        language=plan.opts.language,
        use_source=use_source,
    )
    for system in systems:
        system.error_counts = count_errors(system.segments, "error")
        system.check_counts = count_errors(system.segments, "check")


def paired_tests(
    plan: Plan, inputs: Inputs, systems: Sequence[SystemResult], scored: Sequence[Scored]
) -> SignificanceResult:
    """Paired tests of every metric; fills each system's ``corpus_ci``."""
    sig = plan.opts.significance
    plan.report("significance", len(systems), len(systems))
    exact = sig.method != "ar"  # AR scores 10,000 trials: numpy's log/exp, within an ulp
    tests = [(metric.scorer(exact=exact), stats) for metric, stats in scored]
    n_ref = len(inputs.ref.units)
    return run_significance(systems, tests, n_ref, inputs.docids, sig, plan.baseline)


# -- the run ---------------------------------------------------------------------------------


def score(
    ref_path: str | Path, hyp_paths: Sequence[str | Path], options: ScoreOptions | None = None
) -> RunResult:
    """Score every MT version in ``hyp_paths`` against the reference."""
    opts = options or ScoreOptions()
    plan = plan_run(hyp_paths, opts)
    inputs = load_inputs(plan, ref_path)
    systems = []
    for k, (name, path) in enumerate(zip(plan.names, hyp_paths, strict=True)):
        plan.report(
            f"{'reading' if plan.mode == 'lines' else 'aligning'} {name}", k, len(plan.names)
        )
        systems.append(pair_system(plan, inputs, name, path))
    scored = score_metrics(plan, systems)
    if opts.errors:
        flag_errors(plan, inputs, systems)
    tested = None
    if opts.significance.method != "none":
        tested = paired_tests(plan, inputs, systems, scored)
    plan.report("done", len(systems), len(systems))
    return assemble(plan, inputs, ref_path, systems, tested)


def assemble(
    plan: Plan,
    inputs: Inputs,
    ref_path: str | Path,
    systems: list[SystemResult],
    tested: SignificanceResult | None,
) -> RunResult:
    opts, ref = plan.opts, inputs.ref
    metric_meta = {m.name: meta for m in plan.metrics if (meta := m.meta()) is not None}
    return RunResult(
        reference={"path": str(ref_path), "sentences": len(ref.units), "sha256": ref.file.sha256},
        systems=systems,
        mode=plan.mode,
        metrics=[m.name for m in plan.metrics],
        comparisons=tested.comparisons if tested is not None else [],
        meta={
            "tool": "mtcompare",
            "version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "docids": str(opts.docids) if opts.docids else None,
            "language": opts.language,
            **({} if opts.errors else {"errors": "not checked"}),
            **metric_meta,
            **({"significance": tested.meta(plan.names)} if tested is not None else {}),
        },
        source=inputs.source.describe() if inputs.source is not None else None,
    )
