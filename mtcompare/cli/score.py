"""``mtcompare score``: segment, align and score MT versions, store the run, write it out.

Order matters for a user piping into ``head``: the run is stored and every file is
written before stdout gets anything, so a reader that stops early loses nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtcompare.cli.common import (
    COMET,
    INPUT,
    SIGNIFICANCE,
    DbOpt,
    ErrorsOnlyOpt,
    ExcelOpt,
    MinSeverityOpt,
    OptionalRefOpt,
    OutputOpt,
    RawOpt,
    ScoringArgs,
    SegmentsOpt,
    ShowAcceptedOpt,
    accepted_variants,
    check_choice,
    check_outputs,
    emit_run,
    is_stdout,
    open_store,
    references,
    score_batch_run,
    score_run,
    scoring_options,
)
from mtcompare.cli.runs import FAIL_ON, FailOnOpt, check_excel, gate_causes, report_gate
from mtcompare.core.cluster import scheduler_address
from mtcompare.core.errors import InputError
from mtcompare.render.options import RenderOptions
from mtcompare.render.registry import RUN_FORMATS

if TYPE_CHECKING:
    from mtcompare.batch import Batch
    from mtcompare.core.model import RunResult
    from mtcompare.store import Store

BatchHypsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="MT versions (text, HTML, DOCX, XLIFF, TMX; '-': stdin); with --ref DIR, "
        "one directory per system.",
        show_default=False,
    ),
]
ManifestOpt = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        help="Batch: TSV/CSV with columns article, system, path (reference: system 'ref', "
        "source: system 'src').",
    ),
]
SkipBadOpt = Annotated[
    bool, typer.Option("--skip-bad", help="Batch: skip bad files (listed on stderr), not fail.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Batch: processes (default: all cores; COMET on the CPU: 1 unless given).",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Batch: a Dask scheduler (tcp://HOST:PORT; default $MTCOMPARE_SCHEDULER) "
        "that aligns the articles and scores COMET (extra [dask]).",
    ),
]
PerArticleOpt = Annotated[
    bool,
    typer.Option(
        "--per-document",
        "--per-article",
        help="Table: per-document (per-article) scores, worst first; TSV: one row per "
        "document and system. Needs --docids or batch input.",
    ),
]
BaselineRunOpt = Annotated[
    str | None,
    typer.Option(
        "--baseline-run",
        help="Compare with this stored run (id, prefix, latest~N): regressions on stderr.",
    ),
]

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help=f"Output format: {', '.join(RUN_FORMATS)}.")
]


@scoring_options(INPUT, COMET, SIGNIFICANCE)
def score_cmd(
    scoring: ScoringArgs,
    hyps: BatchHypsArg = None,
    ref: OptionalRefOpt = None,
    manifest: ManifestOpt = None,
    skip_bad: SkipBadOpt = False,
    jobs: JobsOpt = None,
    scheduler: SchedulerOpt = None,
    per_article: PerArticleOpt = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    segments: SegmentsOpt = None,
    errors_only: ErrorsOnlyOpt = False,
    raw: RawOpt = False,
    min_severity: MinSeverityOpt = "check",
    show_accepted: ShowAcceptedOpt = False,
    no_save: Annotated[bool, typer.Option("--no-save", help="Do not store the run.")] = False,
    db: DbOpt = None,
    label: Annotated[str | None, typer.Option("--label", help="Label the stored run.")] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the HTML review report here ('-': stdout)."),
    ] = None,
    baseline_run: BaselineRunOpt = None,
    fail_on: FailOnOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Segment, align and score MT versions against a reference."""
    check_choice(fmt, RUN_FORMATS, "--format")
    check_excel(excel, fmt)
    check_gate(fail_on, baseline_run)
    batch = batch_input(manifest, ref, hyps or [], scoring)
    if per_article and batch is None and scoring.docids is None:
        raise InputError("--per-document needs document ids: --lines --docids FILE, or batch input")
    if batch is None:
        if skip_bad or jobs is not None or scheduler is not None:
            raise InputError(
                "--skip-bad, --jobs and --scheduler are for batch input (--ref DIR or --manifest)"
            )
        reference = references(ref or [])
    check_outputs(output=output, html=html)
    store = None if no_save else open_store(db)  # a bad --db fails now, not after the run
    if store is not None:
        store.check_writable()  # a read-only store too
    accepted = accepted_variants(store)
    baseline = None if baseline_run is None else load_baseline(db, baseline_run)
    if batch is None:
        run = score_run(reference, hyps or [], scoring, accepted)
    else:
        address = scheduler_address(scheduler)
        run = score_batch_run(batch, scoring, jobs, skip_bad, address, accepted)
    run_id = None
    try:
        run_id = save_scored(store, run, label)
        unsaved = None
    except InputError as exc:  # a full disk: the scored run is still written, then refused
        unsaved = exc
    options = RenderOptions(
        segments,
        errors_only,
        raw,
        min_severity=min_severity,
        per_article=per_article,
        show_accepted=show_accepted,
    )
    outputs = [(fmt, options, output)]
    if html is not None:
        shown = RenderOptions(min_severity=min_severity, show_accepted=show_accepted)
        outputs.insert(0, ("html", shown, html))
    for name, options, path in sorted(outputs, key=lambda o: is_stdout(o[2])):  # files first
        emit_run(name, run, options, path, excel=excel and name == "tsv")
    if unsaved is not None:
        raise unsaved
    if baseline is not None:
        check_baseline(baseline, run, run_id, fail=fail_on is not None)


def check_gate(fail_on: str | None, baseline_run: str | None) -> None:
    """``--fail-on`` needs a known value and a ``--baseline-run`` to compare with."""
    if fail_on is None:
        return
    check_choice(fail_on, FAIL_ON, "--fail-on")
    if baseline_run is None:
        raise InputError(
            "--fail-on needs --baseline-run RUN "
            "(or compare two stored runs: mtcompare runs compare OLD NEW --fail-on regression)"
        )


def load_baseline(db: str | None, ref: str) -> tuple[str, RunResult]:
    """``--baseline-run``: the stored run, read before any work (a bad id fails now)."""
    with open_store(db) as store:
        run_id = store.resolve(ref)
        return run_id, store.load(run_id)


def check_baseline(
    baseline: tuple[str, RunResult], run: RunResult, run_id: str | None, fail: bool
) -> None:
    """The gate of ``score --baseline-run``: the causes of a regression on stderr."""
    from mtcompare.analysis.runs_compare import compare_runs  # numpy: only to compare

    old_id, old = baseline
    result = compare_runs(old, run, old_id, run_id or "this run", top=0)
    if not (result.same_reference or fail):  # only --fail-on makes this an error
        print(
            f"mtcompare: note: run {old_id} scored another reference (or mode): "
            "no regression check",
            file=sys.stderr,
        )
        return
    report_gate(gate_causes(result, old, run), old_id, fail)


def batch_input(
    manifest: Path | None, ref: list[Path] | None, hyps: list[Path], scoring: ScoringArgs
) -> Batch | None:
    """The batch a ``--manifest`` or a ``--ref DIR`` describes; None for single-article input.

    Batch runs test significance on article units unless ``--bootstrap-unit`` says otherwise."""
    if manifest is None and not (ref and len(ref) == 1 and ref[0].is_dir()):
        if ref and len(ref) > 1 and any(r.is_dir() for r in ref):
            raise InputError("batch input (--ref DIR) takes one reference folder, not several")
        if not ref:
            raise InputError("Missing option '--ref' (or give --manifest FILE)")
        return None
    from mtcompare.batch import discover, read_manifest  # the scoring stack: only to score

    if manifest is not None:
        if ref or hyps or scoring.name or scoring.src:
            raise InputError(
                "--manifest lists every file and names the systems: "
                "give no --ref, --src, --name or MT arguments (sources: system 'src')"
            )
        batch = read_manifest(manifest)
    else:
        batch = discover(ref[0], hyps, scoring.name)  # type: ignore[index]
    if scoring.bootstrap_unit is None:
        scoring.bootstrap_unit = "document"
    return batch


def save_scored(store: Store | None, run: RunResult, label: str | None) -> str | None:
    """Save a scored run and say its id on stderr (stdout may carry the JSON)."""
    if store is None:
        return None
    with store:
        run_id = store.save(run, label=label)
    print(f"mtcompare: stored run {run_id} in {store.where}", file=sys.stderr)
    return run_id
