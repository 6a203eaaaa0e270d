"""``mtcompare runs ...``: list, show, compare, plot and export stored runs.

Registered on the main app in :mod:`mtcompare.cli.app`; the store is opened per command
from ``--db``, ``$MTCOMPARE_DB`` or ``results/mtcompare.sqlite``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.core.defaults import METRIC_LABELS, format_score
from mtcompare.core.errors import InputError

runs_app = typer.Typer(
    name="runs",
    help="List, show, compare, plot, export and delete stored runs.",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store URL or path (default: $MTCOMPARE_DB or results/mtcompare.sqlite)."
    ),
]
LIST_FORMATS = ("table", "json")
EXPORT_FORMATS = ("csv", "json")


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from mtcompare.store import Store

    return Store(db)


def _cli():  # type: ignore[no-untyped-def]
    """The main CLI module, imported late: it imports this module to register it."""
    from mtcompare.cli import app as cli

    return cli


@runs_app.command("list")
def list_cmd(
    db: DbOption = None,
    label: Annotated[str | None, typer.Option("--label", help="Only runs with this label.")] = None,
    system: Annotated[
        str | None, typer.Option("--system", help="Only runs that scored this system.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N runs.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Stored runs, newest first."""
    _cli().check_choice(fmt, LIST_FORMATS, "--format")
    with _store(db) as store:
        runs = store.list_runs(label=label, system=system, limit=limit)
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in runs], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    metrics = list(dict.fromkeys(m for r in runs for s in r.systems for m in s.corpus))
    table = Table(title=f"Runs in {store.where}", title_justify="left")
    for col in ("ID", "Created (UTC)", "Label", "System"):
        table.add_column(col, overflow="fold")
    for m in metrics:
        table.add_column(METRIC_LABELS.get(m, m), justify="right")
    for r in runs:
        created = r.created.replace("T", " ").removesuffix("+00:00")
        head = [r.run_id, created, r.label or ""]
        for s in r.systems:
            if system is not None and s.name != system:
                continue
            table.add_row(*head, s.name, *(format_score(m, s.corpus.get(m)) for m in metrics))
            head = ["", "", ""]
    Console().print(table)
    if not runs:
        print("no runs stored", file=sys.stderr)


@runs_app.command("show")
def show_cmd(
    run: Annotated[str, typer.Argument(help="Run id (a unique prefix, or latest, latest~1).")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or tsv.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    segments: Annotated[
        bool | None,
        typer.Option("--segments/--no-segments", help="Table: list aligned segments."),
    ] = None,
    errors_only: Annotated[
        bool, typer.Option("--errors-only", help="Table: list only flagged segments.")
    ] = False,
) -> None:
    """One stored run, rebuilt from the store as `mtcompare score` showed it."""
    from mtcompare.render.table import FORMATS

    cli = _cli()
    cli.check_choice(fmt, FORMATS, "--format")
    with _store(db) as store:
        result = store.load(run)
    cli.render(result, fmt, output, segments, errors_only)


@runs_app.command("compare")
def compare_cmd(
    run_a: Annotated[str, typer.Argument(help="The old run.")],
    run_b: Annotated[str, typer.Argument(help="The new run.")],
    db: DbOption = None,
    metric: Annotated[
        str | None,
        typer.Option("--metric", help="Metric ranking changed sentences (default chrf)."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="Changed sentences per system and direction.")
    ] = 5,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Per system and metric: old, new, delta, significance; then the sentences that moved."""
    from mtcompare.analysis.runs_compare import compare_runs

    _cli().check_choice(fmt, LIST_FORMATS, "--format")
    with _store(db) as store:
        id_a, id_b = store.resolve(run_a), store.resolve(run_b)
        old, new = store.load(id_a), store.load(id_b)
    if metric is not None and metric not in old.metrics + new.metrics:
        raise InputError(f"--metric {metric!r} was not scored in these runs")
    result = compare_runs(old, new, id_a, id_b, top=top, metric=metric)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    table = Table(title=f"Run {id_a} -> {id_b}", title_justify="left")
    for col, just in (
        ("System", "left"),
        ("Metric", "left"),
        ("Old", "right"),
        ("New", "right"),
        ("Delta", "right"),
        ("p", "right"),
        ("", "left"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for d in result.deltas:
        style = "" if d.improved is None else ("green" if d.improved else "red")
        verdict = ""
        if d.p_value is not None:
            verdict = ("better" if d.improved else "worse") if d.significant else "n.s."
        table.add_row(
            d.system,
            METRIC_LABELS.get(d.metric, d.metric),
            format_score(d.metric, d.old),
            format_score(d.metric, d.new),
            Text(format_score(d.metric, d.delta, signed=True), style=style),
            "-" if d.p_value is None else f"{d.p_value:.3f}",
            verdict,
        )
    console.print(table)
    notes = []
    if result.same_reference:
        notes.append(
            "p: paired bootstrap (1000 resamples, mtcompare.analysis.significance) of the mean "
            "sentence score over the same reference sentences; n.s. = not significant at 0.05"
        )
    else:
        notes.append("different references (or modes): no significance, no sentence changes")
    if result.only_old:
        notes.append(f"only in {id_a}: {', '.join(result.only_old)}")
    if result.only_new:
        notes.append(f"only in {id_b}: {', '.join(result.only_new)}")
    console.print(Text("\n".join(notes), style="dim"))
    if result.changes:
        _print_changes(console, result.changes, result.sentence_metric or "")


def _print_changes(console: Console, changes: list, metric: str) -> None:  # type: ignore[type-arg]
    label = METRIC_LABELS.get(metric, metric)
    table = Table(
        title=f"Sentences that changed most ({label}, regressions first)",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("System", overflow="fold")
    table.add_column("Ref", justify="right", no_wrap=True)
    table.add_column(f"Δ{label}", justify="right", no_wrap=True)
    table.add_column("Reference / old MT / new MT", ratio=1, overflow="fold")
    for c in changes:
        text = Text()
        text.append("R: ", style="bold")
        text.append(c.ref or "(none)")
        text.append("\n-: ", style="bold red")
        text.append(c.old_hyp or "(omitted)")
        text.append("\n+: ", style="bold green")
        text.append(c.new_hyp or "(omitted)")
        for e in c.errors_added:
            text.append(f"\nnew flag {e}", style="magenta")
        for e in c.errors_removed:
            text.append(f"\nfixed {e}", style="cyan")
        ids = ",".join(map(str, c.ref_ids))
        delta = Text(
            f"{format_score(metric, c.old_score)}→{format_score(metric, c.new_score)}",
            style="red" if c.regression else "green",
        )
        table.add_row(c.system, ids, delta, text)
    console.print(table)


@runs_app.command("trend")
def trend_cmd(
    system: Annotated[str, typer.Option("--system", "-s", help="System name.")],
    metric: Annotated[str, typer.Option("--metric", "-m", help="Metric, e.g. chrf.")] = "chrf",
    db: DbOption = None,
    label: Annotated[str | None, typer.Option("--label", help="Only runs with this label.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Plot file (.png or .svg).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One system's corpus score over time: the numbers, and a plot with -o."""
    from mtcompare.render.plot import plot_format, plot_trend

    _cli().check_choice(fmt, LIST_FORMATS, "--format")
    if output is not None:
        plot_format(output)
    with _store(db) as store:
        points = store.points(system=system, metric=metric, label=label)
    if not points:
        raise InputError(f"no stored {metric} scores for system {system!r} in {store.where}")
    if fmt == "json":
        rows = [
            {
                "id": p.run_id,
                "created": p.created,
                "label": p.label,
                "value": p.value,
                "ci": [p.ci_low, p.ci_high] if p.ci_low is not None else None,
                "reference_sha256": p.reference_sha256,
                "system_sha256": p.system_sha256,
            }
            for p in points
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        label = METRIC_LABELS.get(metric, metric)
        table = Table(title=f"{system}: {label} over time", title_justify="left")
        for col in ("ID", "Created (UTC)", "Label", label, "Δ prev", "Reference"):
            table.add_column(col, justify="right" if col in (label, "Δ prev") else "left")
        prev: float | None = None
        for p in points:
            value = format_score(metric, p.value)
            if p.ci_low is not None and p.ci_high is not None:
                value += f" [{format_score(metric, p.ci_low)}, {format_score(metric, p.ci_high)}]"
            delta = None if prev is None or p.value is None else p.value - prev
            created = p.created.replace("T", " ").removesuffix("+00:00")
            ref = f"{Path(p.reference_path or '').name} {(p.reference_sha256 or '')[:8]}"
            table.add_row(
                p.run_id,
                created,
                p.label or "",
                value,
                format_score(metric, delta, signed=True),
                ref,
            )
            prev = p.value
        Console().print(table)
        if len({p.reference_sha256 for p in points}) > 1:
            print("note: these runs scored different references", file=sys.stderr)
    if output is not None:
        plot_trend(points, system, metric, output)
        print(f"mtcompare: plot written to {output}", file=sys.stderr)


EXPORT_COLUMNS = (
    "run_id", "created", "label", "tool_version", "reference_path", "reference_sha256",
    "system", "system_path", "system_sha256", "metric", "value", "ci_low", "ci_high",
    "signature",
)  # fmt: skip


@runs_app.command("export")
def export_cmd(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    label: Annotated[str | None, typer.Option("--label", help="Only runs with this label.")] = None,
    system: Annotated[str | None, typer.Option("--system", help="Only this system.")] = None,
) -> None:
    """Corpus scores as CSV (a row per run, system and metric), or whole runs as JSON."""
    _cli().check_choice(fmt, EXPORT_FORMATS, "--format")
    with _store(db) as store:
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(EXPORT_COLUMNS)
            for p in store.points(system=system, label=label):
                writer.writerow(["" if v is None else v for v in vars(p).values()])
            text = buf.getvalue()
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
            text = json.dumps({"runs": runs}, ensure_ascii=False, indent=2) + "\n"
    _cli().emit(text, output)


@runs_app.command("delete")
def delete_cmd(
    run: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Delete one stored run."""
    with _store(db) as store:
        run_id = store.delete(run)
    print(f"mtcompare: deleted run {run_id}", file=sys.stderr)


def open_for_score(db: str | None, no_save: bool):  # type: ignore[no-untyped-def]
    """The store ``mtcompare score`` will save into, opened before scoring so a bad
    ``--db`` fails at once rather than after a long run; None with ``--no-save``."""
    return None if no_save else _store(db)


def save_scored(store, run, label: str | None) -> None:  # type: ignore[no-untyped-def]
    """Save a scored run and say its id on stderr (stdout may carry the JSON)."""
    if store is None:
        return
    with store:
        run_id = store.save(run, label=label)
    print(f"mtcompare: stored run {run_id} in {store.where}", file=sys.stderr)
