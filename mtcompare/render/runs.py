"""Views of the run store (``runs list``, ``runs compare``, ``runs trend``, ``runs export``).

Each builds its output from what the store or the comparison returned; every text that
came from a user or an MT file goes through :mod:`mtcompare.render.terminal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.core.model import CATEGORIES
from mtcompare.metrics import format_score, label
from mtcompare.render import jsonout
from mtcompare.render.sheet import sheet_text
from mtcompare.render.terminal import safe_text, visible

if TYPE_CHECKING:
    from mtcompare.analysis.runs_compare import ArticleDelta, RunComparison, SentenceChange
    from mtcompare.store import ErrorPoint, RunInfo, ScorePoint


def _when(created: str) -> str:
    return created.replace("T", " ").removesuffix("+00:00")


def json_lines(data: Any) -> str:
    return jsonout.dumps(data) + "\n"


def draw_run_list(
    console: Console, runs: Sequence[RunInfo], where: str, system: str | None = None
) -> None:
    """Stored runs, newest first: a row per system with its corpus scores."""
    metrics = list(dict.fromkeys(m for r in runs for s in r.systems for m in s.corpus))
    table = Table(title=safe_text(f"Runs in {where}"), title_justify="left")
    for col in ("ID", "Created (UTC)", "Label", "System"):
        table.add_column(col, overflow="fold", no_wrap=col in ("ID", "Created (UTC)"))
    for m in metrics:
        table.add_column(safe_text(label(m)), justify="right", no_wrap=True)
    for r in runs:
        head: list[str | Text] = [safe_text(r.run_id), _when(r.created), safe_text(r.label or "")]
        for s in r.systems:
            if system is not None and s.name != system:
                continue
            table.add_row(
                *head, safe_text(s.name), *(format_score(m, s.corpus.get(m)) for m in metrics)
            )
            head = ["", "", ""]
    console.print(table)


def draw_comparison(console: Console, result: RunComparison) -> None:
    """Per system and metric: old, new, delta, significance; then the sentences that moved."""
    table = Table(title=safe_text(f"Run {result.old_id} -> {result.new_id}"), title_justify="left")
    for col, just in (
        ("System", "left"),
        ("Metric", "left"),
        ("Old", "right"),
        ("New", "right"),
        ("Delta", "right"),
        ("p", "right"),
        ("", "left"),
    ):
        table.add_column(col, justify=just, no_wrap=just == "right")  # type: ignore[arg-type]
    for d in result.deltas:
        style = "" if d.improved is None else ("green" if d.improved else "red")
        verdict = ""
        if d.p_value is not None:
            verdict = ("better" if d.improved else "worse") if d.significant else "n.s."
        elif not d.same_signature:
            verdict = "signatures differ"
        table.add_row(
            safe_text(d.system),
            safe_text(label(d.metric)),
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
        notes.append(
            "different references (or modes or languages): no significance, no sentence changes"
        )
    if differ := sorted({label(d.metric) for d in result.deltas if not d.same_signature}):
        notes.append(
            f"signatures differ ({', '.join(differ)}): another tokenizer, --lang or model, "
            "so those scores are not comparable and not tested"
        )
    if result.only_old:
        notes.append(f"only in {result.old_id}: {', '.join(result.only_old)}")
    if result.only_new:
        notes.append(f"only in {result.new_id}: {', '.join(result.only_new)}")
    console.print(safe_text("\n".join(notes), style="dim"))
    worse = [a for a in result.articles if a.delta < 0]
    if worse:
        _draw_articles(console, worse[:10], len(worse))
    if result.changes:
        _draw_changes(console, result.changes, result.sentence_metric or "")


def _draw_articles(console: Console, worse: Sequence[ArticleDelta], total: int) -> None:
    """The articles that got worse, worst first (runs of several articles)."""
    name = visible(label(worse[0].metric))
    title = Text(f"Articles that got worse ({name}; {len(worse)} of {total} shown)")
    table = Table(title=title, title_justify="left")
    for col in ("System", "Article", "Old", "New", f"Δ{name}"):
        table.add_column(Text(col), justify="left" if col in ("System", "Article") else "right")
    for a in worse:
        table.add_row(
            safe_text(a.system),
            safe_text(a.article),
            format_score(a.metric, a.old),
            format_score(a.metric, a.new),
            Text(format_score(a.metric, a.delta, signed=True), style="red"),
        )
    console.print(table)


def _draw_changes(console: Console, changes: Sequence[SentenceChange], metric: str) -> None:
    name = visible(label(metric))
    table = Table(
        title=Text(f"Sentences that changed most ({name}, regressions first)"),
        title_justify="left",
        show_lines=True,
    )
    table.add_column("System", overflow="fold")
    table.add_column("Ref", justify="right", no_wrap=True)
    table.add_column(Text(f"Δ{name}"), justify="right", no_wrap=True)
    table.add_column("Reference / old MT / new MT", ratio=1, overflow="fold")
    for c in changes:
        text = Text()
        text.append("R: ", style="bold")
        text.append(visible(c.ref) or "(none)")
        text.append("\n-: ", style="bold red")
        text.append(visible(c.old_hyp) or "(omitted)")
        text.append("\n+: ", style="bold green")
        text.append(visible(c.new_hyp) or "(omitted)")
        for e in c.errors_added:
            text.append(f"\nnew flag {visible(e)}", style="magenta")
        for e in c.errors_removed:
            text.append(f"\nfixed {visible(e)}", style="cyan")
        ids = ",".join(map(str, c.ref_ids))
        delta = Text(
            f"{format_score(metric, c.old_score)}→{format_score(metric, c.new_score)}",
            style="red" if c.regression else "green",
        )
        table.add_row(safe_text(c.system), ids, delta, text)
    console.print(table)


def trend_rows(points: Sequence[ScorePoint]) -> list[dict[str, Any]]:
    """``runs trend -f json``: one object per stored score, oldest first."""
    return [
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


def draw_trend(console: Console, points: Sequence[ScorePoint], system: str, metric: str) -> None:
    """One system's corpus score per stored run, with the change from the run before."""
    name = label(metric)
    table = Table(title=safe_text(f"{system}: {name} over time"), title_justify="left")
    for col in ("ID", "Created (UTC)", "Label", name, "Δ prev", "Reference"):
        numeric = col in (name, "Δ prev")  # never wrapped: a CI goes on its own line
        table.add_column(
            safe_text(col),
            justify="right" if numeric else "left",
            no_wrap=numeric or col in ("ID", "Created (UTC)"),  # nor ids and dates
        )
    prev: float | None = None
    for p in points:
        value = format_score(metric, p.value)
        if p.ci_low is not None and p.ci_high is not None:
            value += f"\n{format_score(metric, p.ci_low)}–{format_score(metric, p.ci_high)}"
        delta = None if prev is None or p.value is None else p.value - prev
        ref = f"{Path(p.reference_path or '').name} {(p.reference_sha256 or '')[:8]}"
        table.add_row(
            safe_text(p.run_id),
            _when(p.created),
            safe_text(p.label or ""),
            value,  # our own digits: highlighted as before
            format_score(metric, delta, signed=True),
            safe_text(ref),
        )
        prev = p.value
    console.print(table)


EXPORT_COLUMNS = (
    "run_id", "created", "label", "tool_version", "reference_path", "reference_sha256",
    "system", "system_path", "system_sha256", "metric", "value", "ci_low", "ci_high",
    "signature",
)  # fmt: skip


#: The flag count columns of ``runs export -f csv``, after EXPORT_COLUMNS.
ERROR_COLUMNS = tuple(f"errors_{c}" for c in CATEGORIES) + tuple(f"checks_{c}" for c in CATEGORIES)


def export_csv(
    points: Sequence[ScorePoint],
    raw: bool = False,
    errors: Sequence[ErrorPoint] = (),
) -> str:
    """``runs export``: a row per run, system and metric (the ScorePoint fields in order),
    then the system's confident (``errors_*``) and to-check (``checks_*``) flag counts in
    that run; empty cells when the run did not check errors."""
    counts = {(e.run_id, e.system): e for e in errors}

    def flags(p: ScorePoint) -> list[object]:
        e = counts.get((p.run_id, p.system))
        if e is None or not e.error_counts:
            return [None] * len(ERROR_COLUMNS)
        return [e.error_counts.get(c, 0) for c in CATEGORIES] + [
            e.check_counts.get(c, 0) for c in CATEGORIES
        ]

    rows = ([*vars(p).values(), *flags(p)] for p in points)
    return sheet_text((*EXPORT_COLUMNS, *ERROR_COLUMNS), rows, "csv", raw)


def error_trend_rows(points: Sequence[ErrorPoint]) -> list[dict[str, Any]]:
    """``runs trend --errors -f json``: one object per run, oldest first."""
    return [
        {
            "id": p.run_id,
            "created": p.created,
            "label": p.label,
            "error_counts": p.error_counts if p.error_counts else None,
            "check_counts": p.check_counts if p.error_counts else None,
        }
        for p in points
    ]


def draw_error_trend(console: Console, points: Sequence[ErrorPoint], system: str) -> None:
    """One system's confident errors per stored run (per category, as the corpus table
    writes them), the total and its change from the run before; ``-`` where a run did
    not check errors. Ids, dates and counts never wrap (80 columns)."""
    table = Table(title=safe_text(f"{system}: confident errors over time"), title_justify="left")
    table.add_column("ID", no_wrap=True)
    table.add_column("Created (UTC)", no_wrap=True)
    table.add_column("Label", overflow="fold")
    table.add_column("Errors", justify="right")
    for col in ("Total", "Δ prev"):
        table.add_column(col, justify="right", no_wrap=True)
    prev: int | None = None
    for p in points:
        if p.error_counts:
            total = sum(p.error_counts.get(c, 0) for c in CATEGORIES)
            shown = " ".join(
                f"{c[:4]}:{p.error_counts[c]}" for c in CATEGORIES if p.error_counts.get(c)
            )
            cells = [shown or "0", str(total), "-" if prev is None else f"{total - prev:+d}"]
            prev = total
        else:
            cells = ["-", "-", "-"]
        table.add_row(safe_text(p.run_id), _when(p.created)[:16], safe_text(p.label or ""), *cells)
    console.print(table)
