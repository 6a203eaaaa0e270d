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
    HypsArg,
    MinSeverityOpt,
    OutputOpt,
    RawOpt,
    RefOpt,
    ScoringArgs,
    SegmentsOpt,
    check_choice,
    check_outputs,
    emit_run,
    is_stdout,
    open_store,
    score_run,
    scoring_options,
    single_ref,
)
from mtcompare.core.errors import InputError
from mtcompare.render.options import RenderOptions
from mtcompare.render.registry import RUN_FORMATS

if TYPE_CHECKING:
    from mtcompare.core.model import RunResult
    from mtcompare.store import Store

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help=f"Output format: {', '.join(RUN_FORMATS)}.")
]


@scoring_options(INPUT, COMET, SIGNIFICANCE)
def score_cmd(
    scoring: ScoringArgs,
    hyps: HypsArg,
    ref: RefOpt,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    segments: SegmentsOpt = None,
    errors_only: ErrorsOnlyOpt = False,
    raw: RawOpt = False,
    min_severity: MinSeverityOpt = "check",
    no_save: Annotated[bool, typer.Option("--no-save", help="Do not store the run.")] = False,
    db: DbOpt = None,
    label: Annotated[str | None, typer.Option("--label", help="Label the stored run.")] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the HTML review report here ('-': stdout)."),
    ] = None,
) -> None:
    """Segment, align and score MT versions against a reference."""
    check_choice(fmt, RUN_FORMATS, "--format")
    reference = single_ref(ref)
    check_outputs(output=output, html=html)
    store = None if no_save else open_store(db)  # a bad --db fails now, not after the run
    if store is not None:
        store.check_writable()  # a read-only store too
    run = score_run(reference, hyps, scoring)
    try:
        save_scored(store, run, label)
        unsaved = None
    except InputError as exc:  # a full disk: the scored run is still written, then refused
        unsaved = exc
    options = RenderOptions(segments, errors_only, raw, min_severity=min_severity)
    outputs = [(fmt, options, output)]
    if html is not None:
        outputs.insert(0, ("html", RenderOptions(min_severity=min_severity), html))
    for name, options, path in sorted(outputs, key=lambda o: is_stdout(o[2])):  # files first
        emit_run(name, run, options, path)
    if unsaved is not None:
        raise unsaved


def save_scored(store: Store | None, run: RunResult, label: str | None) -> None:
    """Save a scored run and say its id on stderr (stdout may carry the JSON)."""
    if store is None:
        return
    with store:
        run_id = store.save(run, label=label)
    print(f"mtcompare: stored run {run_id} in {store.where}", file=sys.stderr)
