"""The scoring run, in stages: plan -> load -> pair -> score -> flag -> test -> assemble.

This is the Python API the CLI wraps: ``score(ref, hyps, ScoreOptions(...))`` returns a
:class:`~mtcompare.core.model.RunResult` and writes nothing. Every option and option
combination is checked (:func:`plan_run`) before a file is read; every metric, COMET
included, goes through the same scoring stage (:func:`score_metrics`), asked for its
statistics, scores and signature through :class:`mtcompare.metrics.base.Metric`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
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
from mtcompare.core.model import (
    REFERENCE_NOTE,
    ErrorFlag,
    RunResult,
    SegmentPair,
    SystemResult,
)
from mtcompare.core.names import short_names
from mtcompare.core.options import InputMode, input_mode
from mtcompare.core.textio import TextFile, is_stdin, read_text, text_lines
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
    #: The input format for every file (mtcompare.readers.FORMATS); None: detected.
    format_in: str | None = None
    #: HTML: read all visible text, not only the article trafilatura finds.
    keep_boilerplate: bool = False
    #: Take the source from a bilingual input (XLIFF/TMX: the reference's, else the first
    #: MT file's source segments); without ``--src`` it is taken anyway when there is one.
    src_from_file: bool = False
    #: Batch input (mtcompare.batch): processes for reading and aligning the articles
    #: (None: all cores), and whether a bad file is skipped (warned) instead of failing.
    jobs: int | None = None
    skip_bad: bool = False
    #: Batch: a Dask scheduler (``tcp://host:port``) that pairs the articles (see
    #: mtcompare.core.cluster); None runs on this machine's cores.
    scheduler: str | None = None
    #: Variants the project accepted (``mtcompare.review.model.Variant.key``): matching
    #: flags are marked ``accepted`` and not counted.
    accepted_variants: frozenset[tuple[str, str, str]] = frozenset()


@dataclass
class Document:
    """An input version split into units: sentences (document mode) or lines."""

    file: TextFile
    units: list[str]
    #: A bilingual file's (XLIFF, TMX) source segments, one per unit; None for others.
    sources: list[str] | None = None


@dataclass(frozen=True)
class Reading:
    """How a run reads each of its files: line by line or as a document, in which target
    language, and in which format (``format_in`` overrides the detection; HTML keeps its
    boilerplate on request). One value for the reference, every MT file and every
    article of a batch, which a worker process or a Dask worker can be given as is."""

    mode: InputMode
    language: str = "en"
    format_in: str | None = None
    keep_boilerplate: bool = False


def load_document(path: str | Path, what: str, reading: Reading) -> Document:
    """Read ``path`` in its format (mtcompare.readers) and split it: into lines (a unit
    of XLIFF/TMX each), or sentences (document mode)."""
    from mtcompare.readers import read_input

    read = read_input(path, what, reading.format_in, reading.keep_boilerplate)
    language = reading.language
    if reading.mode == "lines":
        units = read.content.units
        return Document(
            read.file,
            units if units is not None else text_lines(read.file.text),
            read.content.sources,
        )
    return Document(read.file, segment_document(read.file.text, language), read.content.sources)


#: Paragraphs a process is given at least when a document is segmented on several cores:
#: a fork costs about what segmenting a hundred news paragraphs does.
SEGMENT_PARALLEL_MIN = 100


def segment_document(text: str, language: str = "en") -> list[str]:
    """``mtcompare.segment.split_sentences(text, language)``, a long document's
    paragraphs split over the cores (not from a worker process: batch mode already runs
    one article per core). split_sentences cuts each paragraph on its own, so the
    sentences are the same, in the same order."""
    import multiprocessing as mp

    from mtcompare.segment import split_paragraphs, split_sentences  # pysbd: documents only

    paragraphs = split_paragraphs(text)
    if mp.parent_process() is not None or len(paragraphs) < 2 * SEGMENT_PARALLEL_MIN:
        return split_sentences(text, language)
    split_sentences("", language)  # an unknown language: its InputError, from here
    from mtcompare.core.parallel import split_map

    work = partial(_split_paragraphs, language=language)
    parts = split_map(work, paragraphs, min_items=SEGMENT_PARALLEL_MIN)
    return [sentence for part in parts for sentence in part]


def _split_paragraphs(paragraphs: Sequence[str], language: str) -> list[list[str]]:
    from mtcompare.segment import split_sentences

    return [split_sentences(p, language) for p in paragraphs]


def system_names(paths: Sequence[str | Path], names: Sequence[str] | None) -> list[str]:
    """The user's ``--name`` values, or short names of the files (the parts of their
    names they do not all share: :func:`mtcompare.core.names.short_names`); both must be
    unique."""
    if names:
        if len(names) != len(paths):
            raise InputError(f"got {len(names)} --name values for {len(paths)} MT files")
        result = list(names)
    else:
        short = short_names(paths)
        result = ["stdin" if is_stdin(p) else n for p, n in zip(paths, short, strict=True)]
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


def check_stdin(paths: Sequence[str | Path | None]) -> None:
    """Standard input (``-``) can be read once: as one MT file, or the reference."""
    if sum(is_stdin(p) for p in paths) > 1:
        raise InputError(
            "'-' (standard input) is given more than once; stdin can be read only once: "
            "use it for one MT file or the reference"
        )


def check_lang(language: str, mode: InputMode) -> str:
    """A language code as sacrebleu and pysbd name languages (``en``, ``de``, ``zh``);
    document mode also needs pysbd's sentence splitter for it."""
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise InputError(f"--lang must be a language code such as en, de or zh, got {language!r}")
    if mode == "document":
        from pysbd.languages import LANGUAGE_CODES

        if language not in LANGUAGE_CODES:
            raise InputError(
                f"--lang {language}: no sentence splitter for it (pysbd has "
                f"{', '.join(sorted(LANGUAGE_CODES))}); give line-aligned files with --lines"
            )
    return language


def ref_list(ref_path: str | Path | Sequence[str | Path]) -> list[str | Path]:
    """The references of a run: one path, or several (the first drives everything)."""
    refs = [ref_path] if isinstance(ref_path, str | Path) else list(ref_path)
    if not refs:
        raise InputError("no reference given")
    return refs


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

    @property
    def reading(self) -> Reading:
        opts = self.opts
        return Reading(self.mode, opts.language, opts.format_in, opts.keep_boilerplate)


def plan_run(
    hyp_paths: Sequence[str | Path],
    opts: ScoreOptions,
    articles: bool = False,
    ref_paths: Sequence[str | Path] = (),
) -> Plan:
    """Check the options and their combinations, create the metrics and let each fail
    fast (a COMET model that is not available), all before any input is read.
    ``articles``: a batch run, whose articles are the documents (mtcompare.batch);
    ``ref_paths``: the references (checked with the MT files: stdin read once only)."""
    mode = input_mode(opts.mode, opts.lines)
    metric_names = registry.parse_metrics(opts.metrics)
    if not hyp_paths:
        raise InputError("no MT file given")
    check_stdin([*ref_paths, *hyp_paths, opts.src, opts.docids])
    check_lang(opts.language, mode)
    if opts.errors and (ran := checks_run(opts.language)) == DIGITS_ONLY:
        _warn(opts)(
            f"--lang {opts.language}: the error checks run only on "
            + ", ".join(f"{k} ({v})" for k, v in ran.items())
            + "; names, negation and clauses need word lists (English only)"
        )
    names = system_names(hyp_paths, opts.names)
    if opts.docids and mode != "lines":
        raise InputError("--docids needs --lines (in document mode each file is one document)")
    if opts.jobs is not None and opts.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {opts.jobs}")
    baseline = opts.significance.check(names, mode, bool(opts.docids) or articles)
    metrics = [registry.create(n, opts) for n in metric_names]
    from mtcompare.readers import BILINGUAL, extension_format

    if opts.src is not None and opts.src_from_file:
        raise InputError("--src and --src-from-file both give the source: choose one")
    bilingual = opts.src_from_file or any(
        extension_format(p) in BILINGUAL for p in [*ref_paths, *hyp_paths]
    )
    for metric in metrics:
        if (
            metric.needs_source
            and opts.src is None
            and not opts.comet_src_from_ref
            and not bilingual
        ):
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
    #: The second, third, ... references (``--ref`` repeated), and for document mode each
    #: one's sentences per first-reference sentence (the first reference drives alignment).
    others: list[Document] = field(default_factory=list)
    other_maps: list[dict[int, tuple[int, ...]]] = field(default_factory=list)


def load_inputs(
    plan: Plan, ref_path: str | Path | Sequence[str | Path], hyp_paths: Sequence[str | Path] = ()
) -> Inputs:
    """The references, document ids and source; ``hyp_paths``: MT files whose source
    segments (XLIFF/TMX) may serve as the source when the references have none."""
    opts = plan.opts
    first, *rest = ref_list(ref_path)
    ref = _load(plan, first, "reference")
    others = [_load(plan, p, "reference") for p in rest]
    maps = [_other_map(plan, ref, other) for other in others]
    docids = read_docids(opts.docids, len(ref.units)) if opts.docids else None
    file = _source_file(plan, ref, hyp_paths)
    source = None
    if file is not None or any(m.needs_source for m in plan.metrics):  # COMET, checks
        if file is None and not opts.comet_src_from_ref:
            raise InputError(
                "no input has source segments: pass --src FILE (or --comet-src-from-ref)"
            )
        try:
            source = source_side(file, ref.units, plan.mode)
        except InputError as exc:
            asked = opts.src is not None or opts.src_from_file
            if asked or any(m.needs_source for m in plan.metrics):
                raise
            _warn(opts)(f"the source segments of {file.path} are not used: {exc}")
            source = None
        if source is not None:
            give_source(plan, source)
    return Inputs(ref, docids, source, others, maps)


def _load(plan: Plan, path: str | Path, what: str) -> Document:
    return load_document(path, what, plan.reading)


def _source_file(plan: Plan, ref: Document, hyp_paths: Sequence[str | Path]) -> TextFile | None:
    """``--src``, else a bilingual input's source segments (the reference's, else the first
    such MT file's; stdin is not read twice); with ``--src-from-file`` one must exist."""
    opts = plan.opts
    if opts.src is not None:
        from mtcompare.readers import read_input

        return read_input(opts.src, "source file").file
    found = ref if ref.sources is not None else None
    for path in hyp_paths if found is None else ():
        from mtcompare.readers import BILINGUAL, extension_format

        if not is_stdin(path) and (
            extension_format(path) in BILINGUAL or opts.format_in in BILINGUAL
        ):
            doc = _load(plan, path, "MT file")
            if doc.sources is not None:
                found = doc
                break
    if found is None:
        if opts.src_from_file:
            raise InputError(
                "--src-from-file: no input has source segments (XLIFF or TMX files have them)"
            )
        return None
    text = "\n".join(found.sources or []) + "\n"
    return TextFile(found.file.path, text, found.file.sha256)


def _other_map(plan: Plan, ref: Document, other: Document) -> dict[int, tuple[int, ...]]:
    """First-reference sentence -> the other reference's sentences aligned to it: line i
    with ``--lines``; in document mode the beads of aligning it to the first reference
    (every first-reference sentence of a bead maps to all its sentences)."""
    if plan.mode == "lines":
        if len(other.units) != len(ref.units):
            raise InputError(
                f"line counts differ: reference {other.file.path} has {len(other.units)} "
                f"lines, the first reference {ref.file.path} has {len(ref.units)}"
            )
        return {i: (i,) for i in range(len(ref.units))}
    beads = align(ref.units, other.units, plan.opts.align_config)
    return {i: tuple(b.hyp) for b in beads if b.hyp for i in b.ref}


def other_references(inputs: Inputs, segments: Sequence[SegmentPair]) -> None:
    """Give each bead the other references' texts for its reference sentences. An other
    reference's sentence goes to the first bead that covers it (never counted twice); a
    bead left without any gets None (scored without that reference, as sacrebleu does
    with a missing one); an added MT sentence gets "" (no reference has it)."""
    for other, mapping in zip(inputs.others, inputs.other_maps, strict=True):
        used: set[int] = set()
        for seg in segments:
            if not seg.ref_ids:
                seg.other_refs.append("")
                continue
            ids = [j for i in seg.ref_ids for j in mapping.get(i, ()) if j not in used]
            ids = list(dict.fromkeys(ids))
            used.update(ids)
            seg.other_refs.append(" ".join(other.units[j] for j in ids) if ids else None)


def give_source(plan: Plan, source: SourceSide) -> None:
    """The run's source, to the metrics that score it (COMET)."""
    for metric in plan.metrics:
        if metric.needs_source:
            metric.use_source(source)


# -- pair: one system's beads -------------------------------------------------------------


def read_and_pair(
    ref: Document, path: str | Path, reading: Reading, config: AlignConfig
) -> tuple[list[SegmentPair], Document]:
    """Read one MT version and pair it with the reference: line by line, or aligned."""
    hyp = load_document(path, "MT file", reading)
    if reading.mode == "lines":
        return pair_lines(ref, hyp), hyp
    return pair_sentences(ref, hyp, config), hyp


def pair_system(plan: Plan, inputs: Inputs, name: str, path: str | Path) -> SystemResult:
    """Read one MT version and pair it with the reference (lines, or aligned sentences)."""
    opts, ref = plan.opts, inputs.ref
    segments, hyp = read_and_pair(ref, path, plan.reading, opts.align_config)
    if plan.mode != "lines" and (warning := coverage_warning(segments, len(ref.units), path)):
        _warn(opts)(warning)
    other_references(inputs, segments)
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

    total = len(systems)
    plan.report("flagging errors", total, total)
    use_source = inputs.source is not None and inputs.source.kind == "file"
    flag_beads(plan, [s.segments for s in systems], use_source)
    if inputs.others:
        keep_disputed(plan, systems, use_source)
    if plan.opts.accepted_variants:
        from mtcompare.review.model import accept

        for system in systems:
            accept(system.segments, plan.opts.accepted_variants)
    for system in systems:
        system.error_counts = count_errors(system.segments, "error")
        system.check_counts = count_errors(system.segments, "check")


#: What the checks of a language without word lists compare (mtcompare.checks.digits).
DIGITS_ONLY = {
    "numbers": "numbers written with digits",
    "omission": "whole sentences",
    "addition": "whole sentences",
}


def checks_run(language: str) -> dict[str, str]:
    """Category -> what its check covers in ``language``: every check where the language
    has word lists (mtcompare/checks/data/<language>), else :data:`DIGITS_ONLY`."""
    from mtcompare.checks.base import category_info, supported_languages

    if language in supported_languages():
        return {c.name: "all" for c in category_info()}
    return dict(DIGITS_ONLY)


def flag_beads(
    plan: Plan, segment_lists: Sequence[Sequence[SegmentPair]], use_source: bool
) -> None:
    """Set ``errors`` on every bead with the checks the run's language has."""
    language = plan.opts.language
    if checks_run(language) == DIGITS_ONLY:
        from mtcompare.checks.digits import annotate_digits

        for segments in segment_lists:
            annotate_digits(list(segments))
        return
    from mtcompare.checks.flagging import flag_systems

    flag_systems(segment_lists, workers=plan.opts.jobs, language=language, use_source=use_source)


def keep_disputed(plan: Plan, systems: Sequence[SystemResult], use_source: bool) -> None:
    """With several references, keep a flag (raised against the first) only if every
    other reference differs from the MT in the same way: the same category at the same MT
    text. A difference another reference shares with the MT is a legitimate variant, not
    an MT error. An other reference without a counterpart for the bead (None) agrees with
    an omission and is no evidence on anything else."""
    flagged = [seg for s in systems for seg in s.segments if seg.errors and seg.other_refs]
    alts = [
        [
            None
            if other is None or not other.strip()  # an empty line (--lines): no counterpart
            else SegmentPair(seg.ref_ids, seg.hyp_ids, other, seg.hyp, src=seg.src)
            for other in seg.other_refs
        ]
        for seg in flagged
    ]
    flag_beads(plan, [[a for a in row if a is not None] for row in alts], use_source)
    for seg, row in zip(flagged, alts, strict=True):
        seg.errors = [f for f in seg.errors if all(_shares(f, alt) for alt in row)]


def _shares(flag: ErrorFlag, alt: SegmentPair | None) -> bool:
    """Whether the other reference's bead ``alt`` differs from the MT as ``flag`` says."""
    if flag.category == REFERENCE_NOTE:
        return True
    if alt is None:
        return flag.category != "omission"
    return any(g.category == flag.category and g.hyp == flag.hyp for g in alt.errors)


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
    ref_path: str | Path | Sequence[str | Path],
    hyp_paths: Sequence[str | Path],
    options: ScoreOptions | None = None,
) -> RunResult:
    """Score every MT version in ``hyp_paths`` against the reference (or references: a
    sequence of paths, sacrebleu's multi-reference scores; the first drives the rest)."""
    opts = options or ScoreOptions()
    refs = ref_list(ref_path)
    plan = plan_run(hyp_paths, opts, ref_paths=refs)
    inputs = load_inputs(plan, refs, hyp_paths)
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
    return assemble(plan, inputs, refs[0], systems, tested)


def assemble(
    plan: Plan,
    inputs: Inputs,
    ref_path: str | Path,
    systems: list[SystemResult],
    tested: SignificanceResult | None,
) -> RunResult:
    opts, ref = plan.opts, inputs.ref
    metric_meta = {m.name: meta for m in plan.metrics if (meta := m.meta()) is not None}
    reference = {"path": str(ref_path), "sentences": len(ref.units), "sha256": ref.file.sha256}
    if inputs.others:  # several references: the first stays the run's "reference"
        reference["paths"] = [reference["path"], *(d.file.path for d in inputs.others)]
        reference["others"] = [
            {"path": d.file.path, "sentences": len(d.units), "sha256": d.file.sha256}
            for d in inputs.others
        ]
    return RunResult(
        reference=reference,
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
            **({"checks": checks_run(opts.language)} if opts.errors else {"errors": "not checked"}),
            **metric_meta,
            **({"significance": tested.meta(plan.names)} if tested is not None else {}),
        },
        source=inputs.source.describe() if inputs.source is not None else None,
    )
