"""Views of review decisions and accepted variants (``mtcompare review ...``).

Every text from the store passes :func:`~mtcompare.render.terminal.safe_text` on a
terminal and :func:`~mtcompare.render.sheet.sheet_text` in a sheet (no formulas).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from mtcompare.render import jsonout
from mtcompare.render.sheet import sheet_text
from mtcompare.render.terminal import safe_text
from mtcompare.review.model import Decision, Variant
from mtcompare.review.stats import StatRow

DECISION_COLUMNS = (
    "run_id", "flag_id", "system", "category", "severity", "flag_ref", "flag_hyp", "detail",
    "decision", "note", "reviewer", "created", "ref", "hyp",
)  # fmt: skip


def _precision(row: StatRow) -> str:
    return "-" if row.precision is None else f"{row.precision:.2f}"


def draw_stats(console: Console, rows: Sequence[StatRow]) -> None:
    """The measured precision of each check, from what reviewers decided."""
    if not rows:
        console.print("No decisions recorded yet (review flags in: mtcompare serve).")
        return
    table = Table(title="Review decisions", title_justify="left")
    for col in ("Category", "Severity", "System"):
        table.add_column(col)
    for col in ("Confirmed", "False alarm", "Unsure", "Precision"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(
            safe_text(r.category), safe_text(r.severity), safe_text(r.system),
            str(r.confirmed), str(r.false_alarm), str(r.unsure), _precision(r),
        )  # fmt: skip
    console.print(table)


def stats_json(rows: Sequence[StatRow]) -> str:
    data = [dict(vars(r), precision=r.precision) for r in rows]
    return jsonout.dumps(data) + "\n"


def decisions_json(decisions: Sequence[Decision]) -> str:
    return jsonout.dumps([vars(d) for d in decisions]) + "\n"


def decisions_sheet(decisions: Sequence[Decision], fmt: str) -> str:
    rows = ([getattr(d, c) for c in DECISION_COLUMNS] for d in decisions)
    return sheet_text(DECISION_COLUMNS, rows, fmt)


def variants_json(variants: Sequence[Variant]) -> str:
    return jsonout.dumps([vars(v) for v in variants]) + "\n"


def draw_variants(console: Console, variants: Sequence[Variant]) -> None:
    if not variants:
        console.print("No accepted variants (add one: mtcompare review variants add).")
        return
    table = Table(title="Accepted variants", title_justify="left")
    for col in ("#", "Category", "Reference", "MT", "Note", "Since"):
        table.add_column(col, overflow="fold")
    for v in variants:
        table.add_row(
            str(v.id), safe_text(v.category), safe_text(v.ref), safe_text(v.hyp),
            safe_text(v.note), safe_text(v.created[:10]),
        )  # fmt: skip
    console.print(table)
