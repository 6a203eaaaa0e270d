"""Output formats of a run: rich table (terminal), JSON (the contract), TSV (spreadsheets)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.core.defaults import LOWER_IS_BETTER, METRIC_LABELS, format_score
from mtcompare.core.model import CATEGORIES, RunResult
from mtcompare.render.significance import ranking_tables

FORMATS: tuple[str, ...] = ("table", "json", "tsv")


def to_json(run: RunResult) -> str:
    return json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def to_tsv(run: RunResult) -> str:
    """One row per aligned segment, with a header; tabs and newlines in text become spaces."""
    metrics = run.metrics
    head = ["system", "ref_ids", "hyp_ids", "bead", *metrics, "errors", "ref", "hyp"]
    rows = ["\t".join(head)]
    for system in run.systems:
        for seg in system.segments:
            errors = ",".join(e.category for e in seg.errors)
            rows.append(
                "\t".join(
                    [
                        system.name,
                        ",".join(map(str, seg.ref_ids)),
                        ",".join(map(str, seg.hyp_ids)),
                        seg.kind,
                        *(format_score(m, seg.scores.get(m)) for m in metrics),
                        errors,
                        _clean(seg.ref),
                        _clean(seg.hyp),
                    ]
                )
            )
    return "\n".join(rows) + "\n"


def corpus_table(run: RunResult) -> Table:
    """Per-system corpus scores (with CIs when present) and error counts."""
    table = Table(title=f"Corpus scores vs {run.reference['path']}", title_justify="left")
    table.add_column("System", overflow="fold")
    for m in run.metrics:
        arrow = "↓" if m in LOWER_IS_BETTER else "↑"
        table.add_column(f"{METRIC_LABELS.get(m, m)}{arrow}", justify="right")
    table.add_column("Errors", justify="right")
    for s in run.systems:
        cells = []
        for m in run.metrics:
            cell = format_score(m, s.corpus.get(m))
            ci = s.corpus_ci.get(m)
            if ci:
                cell += f"\n[{format_score(m, ci[0])}, {format_score(m, ci[1])}]"
            cells.append(cell)
        counts = s.error_counts
        errors = " ".join(f"{c[:4]}:{counts[c]}" for c in CATEGORIES if counts.get(c))
        table.add_row(s.name, *cells, errors or ("0" if counts else "-"))  # -: not checked
    return table


def segment_table(run: RunResult, system_index: int, errors_only: bool = False) -> Table:
    """Aligned pairs of one system: ids, sentence scores and the two texts."""
    s = run.systems[system_index]
    table = Table(title=f"Aligned segments: {s.name}", title_justify="left", show_lines=True)
    table.add_column("Ref", justify="right", no_wrap=True)
    table.add_column("MT", justify="right", no_wrap=True)
    for m in run.metrics:
        table.add_column(METRIC_LABELS.get(m, m), justify="right", no_wrap=True)
    table.add_column("Reference / MT", ratio=1, overflow="fold")
    for seg in s.segments:
        if errors_only and not seg.errors:
            continue
        text = Text()
        text.append("R: ", style="bold")
        text.append(seg.ref or "(none: added in MT)", style="" if seg.ref else "italic yellow")
        text.append("\nM: ", style="bold")
        text.append(seg.hyp or "(none: omitted in MT)", style="" if seg.hyp else "italic red")
        for e in seg.errors:
            text.append(f"\n[{e.category}] ", style="bold magenta")
            text.append(e.detail)
        table.add_row(
            _ids(seg.ref_ids),
            _ids(seg.hyp_ids),
            *(format_score(m, seg.scores.get(m)) for m in run.metrics),
            text,
        )
    return table


def _ids(ids: Sequence[int]) -> str:
    if not ids:
        return "-"
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def run_signatures(run: RunResult) -> dict[str, str]:
    """Metric -> signature, the first system's that has one (all systems share it)."""
    seen: dict[str, str] = {}
    for s in run.systems:
        for k, v in s.signatures.items():
            seen.setdefault(k, v)
    return seen


def signatures_text(run: RunResult) -> Text:
    """One line per metric: the sacrebleu (or COMET) signature that makes scores reproducible."""
    text = Text("Signatures\n", style="dim")
    for k, v in run_signatures(run).items():
        text.append(f"  {METRIC_LABELS.get(k, k):<6}{v}\n", style="dim")
    return text


def print_table(
    run: RunResult, console: Console, segments: bool = True, errors_only: bool = False
) -> None:
    console.print(corpus_table(run))
    for ranking in ranking_tables(run):
        console.print(ranking)
    console.print(signatures_text(run), soft_wrap=True)
    if segments:
        for k in range(len(run.systems)):
            console.print(segment_table(run, k, errors_only=errors_only))
