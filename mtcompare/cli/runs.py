"""``mtcompare runs ...``: list, show, compare, plot, export and delete stored runs.

The store is opened per command from ``--db``, ``$MTCOMPARE_DB`` or
``results/mtcompare.sqlite``; the views are in :mod:`mtcompare.render.runs` and, for a
whole run, the renderer registry.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtcompare.cli.common import (
    DbOpt,
    ErrorsOnlyOpt,
    ExcelOpt,
    MinSeverityOpt,
    OutputOpt,
    RawOpt,
    SegmentsOpt,
    ShowAcceptedOpt,
    check_choice,
    check_outputs,
    emit,
    emit_console,
    emit_run,
    message_line,
    open_store,
)
from mtcompare.core.errors import InputError
from mtcompare.metrics import SENTENCE_METRIC
from mtcompare.render import jsonout
from mtcompare.render import runs as views
from mtcompare.render.options import RenderOptions
from mtcompare.render.registry import RUN_FORMATS
from mtcompare.render.sheet import excel_text

if TYPE_CHECKING:
    from mtcompare.analysis.runs_compare import RunComparison
    from mtcompare.core.model import RunResult

runs_app = typer.Typer(
    name="runs",
    help="List, show, compare, plot, export and delete stored runs.",
    no_args_is_help=True,
)

LIST_FORMATS = ("table", "json")
#: What ``--fail-on`` accepts (``runs compare``, ``score --baseline-run``).
FAIL_ON = ("regression",)
FailOnOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        help="regression: exit 1 when a system got significantly worse (p < 0.05) on a "
        "metric, gained confident errors or is missing; one stderr line per cause.",
    ),
]
EXPORT_FORMATS = ("csv", "json")
ListFormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
LabelFilterOpt = Annotated[str | None, typer.Option("--label", help="Only runs with this label.")]


@runs_app.command("list")
def list_cmd(
    db: DbOpt = None,
    label: LabelFilterOpt = None,
    system: Annotated[
        str | None, typer.Option("--system", help="Only runs that scored this system.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N runs.")] = None,
    fmt: ListFormatOpt = "table",
) -> None:
    """Stored runs, newest first."""
    check_choice(fmt, LIST_FORMATS, "--format")
    with open_store(db) as store:
        runs = store.list_runs(label=label, system=system, limit=limit)
    if fmt == "json":
        emit(views.json_lines([r.to_dict() for r in runs]), None)
        return
    emit_console(lambda console: views.draw_run_list(console, runs, store.where, system))
    if not runs:
        print("no runs stored", file=sys.stderr)


@runs_app.command("show")
def show_cmd(
    run: Annotated[str, typer.Argument(help="Run id (a unique prefix, or latest, latest~1).")],
    db: DbOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output format: {', '.join(RUN_FORMATS)}.")
    ] = "table",
    output: OutputOpt = None,
    segments: SegmentsOpt = None,
    errors_only: ErrorsOnlyOpt = False,
    raw: RawOpt = False,
    min_severity: MinSeverityOpt = "check",
    show_accepted: ShowAcceptedOpt = False,
    per_document: Annotated[
        bool,
        typer.Option("--per-document", "--per-article", help="Per-document scores (table, TSV)."),
    ] = False,
    excel: ExcelOpt = False,
) -> None:
    """One stored run, rebuilt from the store as `mtcompare score` showed it."""
    check_choice(fmt, RUN_FORMATS, "--format")
    check_excel(excel, fmt)
    check_outputs(output=output)
    from mtcompare.store import reviews

    with open_store(db) as store:
        result = store.load(run)
        found = reviews.decisions(store, [run]) if fmt == "json" else []
    if per_document and not any(s.doc_scores for s in result.systems):
        raise InputError(f"--per-document: run {run} has no document ids")
    if found:  # -f json: the run's JSON as score printed it, and what reviewers decided
        data = {**result.to_dict(), "decisions": [vars(d) for d in found]}
        emit(jsonout.dumps(data) + "\n", output)
        return
    options = RenderOptions(
        segments,
        errors_only,
        raw,
        min_severity=min_severity,
        per_article=per_document,
        show_accepted=show_accepted,
    )
    emit_run(fmt, result, options, output, excel=excel)


def check_excel(excel: bool, fmt: str) -> None:
    """``--excel`` is for the spreadsheet format of ``score``/``runs show``: TSV."""
    if excel and fmt != "tsv":
        raise InputError("--excel is for spreadsheet output: give --format tsv")


@runs_app.command("compare")
def compare_cmd(
    run_a: Annotated[str, typer.Argument(help="The old run.")],
    run_b: Annotated[str, typer.Argument(help="The new run.")],
    db: DbOpt = None,
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            help=f"Metric ranking changed sentences (default {SENTENCE_METRIC}).",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="Changed sentences per system and direction.")
    ] = 5,
    fmt: ListFormatOpt = "table",
    fail_on: FailOnOpt = None,
) -> None:
    """Per system and metric: old, new, delta, significance; then the sentences that moved.
    With --fail-on regression, a gate: exit 1 if the new run is a regression."""
    from mtcompare.analysis.runs_compare import compare_runs  # numpy: only to compare

    check_choice(fmt, LIST_FORMATS, "--format")
    if fail_on is not None:
        check_choice(fail_on, FAIL_ON, "--fail-on")
    if top < 0:
        raise InputError(f"--top must be 0 or more, got {top}")
    with open_store(db) as store:
        id_a, id_b = store.resolve(run_a), store.resolve(run_b)
        old, new = store.load(id_a), store.load(id_b)
    if metric is not None and metric not in old.metrics + new.metrics:
        raise InputError(f"--metric {metric!r} was not scored in these runs")
    old_names, new_names = [s.name for s in old.systems], [s.name for s in new.systems]
    if not set(old_names) & set(new_names):
        raise InputError(
            f"runs {id_a} and {id_b} have no system in common "
            f"({', '.join(old_names)} vs {', '.join(new_names)}): nothing to compare"
        )
    result = compare_runs(old, new, id_a, id_b, top=top, metric=metric)
    if fail_on is not None:
        causes = gate_causes(result, old, new)  # a refused gate fails before any output
    if fmt == "json":
        emit(views.json_lines(result.to_dict()), None)
    else:
        emit_console(lambda console: views.draw_comparison(console, result))
    if fail_on is not None:
        report_gate(causes, id_a, fail=True)


def gate_causes(result: RunComparison, old: RunResult, new: RunResult) -> list[str]:
    from mtcompare.analysis.runs_compare import regressions

    return regressions(result, old, new)


def report_gate(causes: list[str], baseline: str, fail: bool) -> None:
    """One stderr line per cause of a regression against run ``baseline``; exit 1 when
    there is one and ``fail`` (``--fail-on regression``)."""
    for cause in causes:
        print(f"mtcompare: regression: {message_line(cause)}", file=sys.stderr)
    if not causes:
        print(f"mtcompare: no regression against run {baseline}", file=sys.stderr)
    elif fail:
        raise typer.Exit(1)


@runs_app.command("trend")
def trend_cmd(
    system: Annotated[str, typer.Option("--system", "-s", help="System name.")],
    metric: Annotated[str, typer.Option("--metric", "-m", help="Metric.")] = SENTENCE_METRIC,
    db: DbOpt = None,
    label: LabelFilterOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Plot file (.png or .svg).")
    ] = None,
    fmt: ListFormatOpt = "table",
    errors: Annotated[
        bool,
        typer.Option("--errors", help="Confident errors per category instead of a metric."),
    ] = False,
) -> None:
    """One system's corpus score (or, with --errors, its confident errors per category)
    over time: the numbers, and a plot with run dates on the x axis with -o."""
    from mtcompare.render.plot import plot_format  # matplotlib: only to plot

    check_choice(fmt, LIST_FORMATS, "--format")
    if output is not None:
        plot_format(output)
        check_outputs(plot=output)
    if errors:
        _error_trend(system, db, label, output, fmt)
        return
    from mtcompare.render.plot import plot_trend

    with open_store(db) as store:
        points = store.points(system=system, metric=metric, label=label)
    if not points:
        raise InputError(f"no stored {metric} scores for system {system!r} in {store.where}")
    if output is not None:  # the file first: a closed stdout must not lose it
        plot_trend(points, system, metric, output)
        print(f"mtcompare: plot written to {output}", file=sys.stderr)
    if fmt == "json":
        emit(views.json_lines(views.trend_rows(points)), None)
    else:
        emit_console(lambda console: views.draw_trend(console, points, system, metric))
        if len({p.reference_sha256 for p in points}) > 1:
            print("note: these runs scored different references", file=sys.stderr)


def _error_trend(
    system: str, db: str | None, label: str | None, output: Path | None, fmt: str
) -> None:
    """``runs trend --errors``: confident errors per category, per stored run."""
    from mtcompare.render.plot import plot_error_trend

    with open_store(db) as store:
        points = store.error_points(system=system, label=label)
    if not points:
        raise InputError(f"no stored runs of system {system!r} in {store.where}")
    if output is not None:
        plot_error_trend(points, system, output)
        print(f"mtcompare: plot written to {output}", file=sys.stderr)
    if fmt == "json":
        emit(views.json_lines(views.error_trend_rows(points)), None)
    else:
        emit_console(lambda console: views.draw_error_trend(console, points, system))


@runs_app.command("export")
def export_cmd(
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "csv",
    output: OutputOpt = None,
    label: LabelFilterOpt = None,
    system: Annotated[str | None, typer.Option("--system", help="Only this system.")] = None,
    raw: RawOpt = False,
    excel: ExcelOpt = False,
) -> None:
    """Corpus scores and flag counts as CSV (a row per run, system and metric), or whole
    runs as JSON."""
    check_choice(fmt, EXPORT_FORMATS, "--format")
    check_outputs(output=output)
    if excel and fmt != "csv":
        raise InputError("--excel is for CSV: give --format csv")
    with open_store(db) as store:
        if fmt == "csv":
            text = views.export_csv(
                store.points(system=system, label=label),
                raw,
                store.error_points(system=system, label=label),
            )
        else:
            infos = list(reversed(store.list_runs(label=label, system=system)))
            runs = [
                {
                    "id": i.run_id,
                    "created": i.created,
                    "label": i.label,
                    "run": store.load_dict(i.run_id),
                }
                for i in infos
            ]
            text = views.json_lines({"runs": runs})
    emit(excel_text(text) if excel else text, output)


@runs_app.command("delete")
def delete_cmd(
    run: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")],
    db: DbOpt = None,
) -> None:
    """Delete one stored run."""
    with open_store(db) as store:
        run_id = store.delete(run)
    print(f"mtcompare: deleted run {run_id}", file=sys.stderr)
