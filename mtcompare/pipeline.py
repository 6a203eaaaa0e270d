"""The scoring run: read, segment, align, score, flag errors.

This is the Python API the CLI wraps: ``score(ref, hyps, ScoreOptions(...))`` returns a
:class:`~mtcompare.core.model.RunResult` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mtcompare import __version__
from mtcompare.alignment.monolingual import AlignConfig, align
from mtcompare.analysis.significance import (
    SignificanceConfig,
    comet_stats,
    run_significance,
    scorer_for,
)
from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult, SegmentPair, SystemResult
from mtcompare.core.textio import TextFile, read_text, text_lines
from mtcompare.metrics.base import DEFAULT_METRICS, SACREBLEU_METRICS, SegmentMetric, parse_metrics

if TYPE_CHECKING:
    from mtcompare.metrics.comet import CometStep

#: ``progress(stage, done, total)``: called as work advances, for a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass
class ScoreOptions:
    """What to compute; defaults are what ``mtcompare score`` does without options."""

    metrics: Sequence[str] = DEFAULT_METRICS
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
    #: Called with a one-line message for a non-fatal problem (e.g. COMET skipped).
    warn: Callable[[str], None] | None = None
    #: Paired significance tests and CIs (see mtcompare.analysis.significance).
    significance: SignificanceConfig = field(default_factory=SignificanceConfig)
    #: Flag errors (names, numbers, ...). False skips it: at WMT scale flagging costs
    #: several times the metrics; segments then have no errors and ``error_counts`` is {}.
    errors: bool = True


@dataclass
class Document:
    """An input version split into units: sentences (document mode) or lines."""

    file: TextFile
    units: list[str]


def load_document(path: str | Path, lines: bool, what: str) -> Document:
    file = read_text(path, what)
    if lines:
        return Document(file, text_lines(file.text))
    from mtcompare.segment import split_sentences  # pysbd: only documents are segmented

    return Document(file, split_sentences(file.text))


def system_names(paths: Sequence[str | Path], names: Sequence[str] | None) -> list[str]:
    """File stems, or the user's ``--name`` values; both must be unique."""
    if names:
        if len(names) != len(paths):
            raise InputError(f"got {len(names)} --name values for {len(paths)} MT files")
        result = list(names)
    else:
        result = [Path(p).stem for p in paths]
    dupes = sorted({n for n in result if result.count(n) > 1})
    if dupes:
        raise InputError(f"system names must be unique, repeated: {', '.join(dupes)} (use --name)")
    return result


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


def _warn(opts: ScoreOptions) -> Callable[[str], None]:
    import warnings

    return opts.warn or (lambda msg: warnings.warn(msg, stacklevel=3))


def apply_metric(
    metric: SegmentMetric, systems: Sequence[list[SegmentPair]]
) -> list[tuple[float, np.ndarray]]:
    """Corpus score and per-segment statistics of each system; fills ``segment.scores``.

    All systems' segments go to ``metric.stats`` in one call, so the numpy extraction
    runs once over the whole run (and is split over the cores once).
    """
    flat = [s for segments in systems for s in segments]
    stats = metric.stats([s.hyp for s in flat], [s.ref for s in flat])
    for seg, value in zip(flat, metric.sentence_scores(stats), strict=True):
        seg.scores[metric.name] = round(float(value), 4)
    parts = np.split(stats, np.cumsum([len(s) for s in systems])[:-1])
    return [(metric.corpus_score(part), part) for part in parts]


def read_docids(path: str | Path, n_lines: int) -> list[str]:
    ids = text_lines(read_text(path, "docids file").text)
    if len(ids) != n_lines:
        raise InputError(f"docids file {path} has {len(ids)} lines, the reference has {n_lines}")
    return ids


def score(
    ref_path: str | Path, hyp_paths: Sequence[str | Path], options: ScoreOptions | None = None
) -> RunResult:
    """Score every MT version in ``hyp_paths`` against the reference."""
    opts = options or ScoreOptions()
    metric_names = parse_metrics(opts.metrics)
    if not hyp_paths:
        raise InputError("no MT file given")
    names = system_names(hyp_paths, opts.names)
    report = opts.progress or (lambda stage, done, total: None)
    ref = load_document(ref_path, opts.lines, "reference")
    docids = read_docids(opts.docids, len(ref.units)) if opts.docids else None
    if docids is not None and not opts.lines:
        raise InputError("--docids needs --lines (in document mode each file is one document)")
    sig = opts.significance
    baseline_index = sig.check(names, opts.lines, docids is not None)
    sig_stats: dict[str, list[np.ndarray]] = {}
    metrics = [SACREBLEU_METRICS[n]() for n in metric_names if n in SACREBLEU_METRICS]
    comet = _prepare_comet(opts, ref) if "comet" in metric_names else None
    if "comet" in metric_names and comet is None:
        metric_names.remove("comet")

    systems: list[SystemResult] = []
    total = len(hyp_paths)
    for k, (name, path) in enumerate(zip(names, hyp_paths, strict=True)):
        report(f"{'reading' if opts.lines else 'aligning'} {name}", k, total)
        hyp = load_document(path, opts.lines, "MT file")
        if opts.lines:
            segments = pair_lines(ref, hyp)
        else:
            segments = pair_sentences(ref, hyp, opts.align_config)
            coverage = aligned_fraction(segments, len(ref.units))
            if coverage < MIN_COVERAGE:
                _warn(opts)(
                    f"{path}: only {coverage:.0%} of the reference sentences found a match; "
                    "is it a translation of the same article?"
                )
        if docids is not None:
            for seg in segments:
                seg.doc_id = docids[seg.ref_ids[0]]
        systems.append(
            SystemResult(
                name=name,
                path=str(path),
                corpus={},
                signatures={},
                segments=segments,
                sentences=len(hyp.units),
                sha256=hyp.file.sha256,
            )
        )
    doc_rows = _group_rows(docids) if docids is not None else {}
    for metric in metrics:
        report(f"scoring {metric.name}", total, total)
        results = apply_metric(metric, [s.segments for s in systems])
        sig_stats[metric.name] = [stats for _, stats in results]
        for system, (corpus, stats) in zip(systems, results, strict=True):
            system.corpus[metric.name] = corpus
            system.signatures[metric.name] = metric.signature()
            for doc, rows in doc_rows.items():
                system.doc_scores.setdefault(doc, {})[metric.name] = metric.corpus_score(
                    stats[rows]
                )
    if opts.errors:
        from mtcompare.checks import count_errors  # imported only when flagging (lexicons)
        from mtcompare.checks.flagging import flag_systems

        report("flagging errors", total, total)
        flag_systems([s.segments for s in systems])  # all systems at once: shared beads, cores
        for system in systems:
            system.error_counts = count_errors(system.segments)
    if comet is not None:
        comet.apply(systems, on_batch=lambda done, n: report("COMET", done, n))
    comparisons = []
    if sig.method != "none":
        report("significance", total, total)
        scorers = {m.name: scorer_for(m.name, m.corpus, exact=sig.method != "ar") for m in metrics}
        if "comet" in metric_names:
            sig_stats["comet"] = [comet_stats(s.segments) for s in systems]
            scorers["comet"] = scorer_for("comet")
        tested = run_significance(
            systems, sig_stats, scorers, len(ref.units), docids, sig, baseline_index
        )
        comparisons = tested.comparisons
    report("done", total, total)
    return RunResult(
        reference={"path": str(ref_path), "sentences": len(ref.units), "sha256": ref.file.sha256},
        systems=systems,
        mode="lines" if opts.lines else "document",
        metrics=metric_names,
        comparisons=comparisons,
        meta={
            "tool": "mtcompare",
            "version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "docids": str(opts.docids) if opts.docids else None,
            **({} if opts.errors else {"errors": "not checked"}),
            **({"comet": comet.meta()} if comet is not None else {}),
            **({"significance": tested.meta(names)} if sig.method != "none" else {}),
        },
        source=comet.source.describe() if comet is not None else None,
    )


def _prepare_comet(opts: ScoreOptions, ref: Document) -> CometStep | None:
    """COMET's model and source, checked before any alignment work; None if skipped."""
    from mtcompare.metrics.comet import NO_SOURCE_WARNING, CometMetric, CometStep

    metric = CometMetric(
        opts.comet_model,
        allow_download=opts.allow_download,
        batch_size=opts.batch_size,
        gpus=opts.gpus,
        progress=False,  # the run's own progress callback shows COMET batches
    )
    step = CometStep.prepare(
        metric, ref.units, lines=opts.lines, src_path=opts.src, src_from_ref=opts.comet_src_from_ref
    )
    if step is None:
        _warn(opts)(NO_SOURCE_WARNING)
    return step


def _group_rows(docids: Sequence[str]) -> dict[str, np.ndarray]:
    groups: dict[str, list[int]] = {}
    for i, doc in enumerate(docids):
        groups.setdefault(doc, []).append(i)
    return {doc: np.asarray(rows) for doc, rows in groups.items()}
