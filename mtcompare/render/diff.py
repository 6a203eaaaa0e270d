"""``mtcompare diff``: aligned pairs with word-level differences, for a translator's review.

Pairs are shown side by side on a wide terminal and stacked on a narrow one or when
piped. Without colour (not a terminal, or ``NO_COLOR``) changed words are marked the way
``git diff --word-diff`` does, ``[-reference-]`` and ``{+MT+}``, so the plain text still
shows every difference. ``--format tsv|csv`` exports one row per error flag instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.alignment.beads import group_segments
from mtcompare.alignment.worddiff import diff_words
from mtcompare.cli.common import (
    DEFAULT_METRICS_SPEC,
    HypsArg,
    LinesOpt,
    MetricsOpt,
    NameOpt,
    RefOpt,
)
from mtcompare.core.defaults import LOWER_IS_BETTER, METRIC_LABELS, format_score
from mtcompare.core.errors import InputError
from mtcompare.core.model import (
    CATEGORIES,
    ErrorFlag,
    RunResult,
    SystemResult,
    group_scores,
)
from mtcompare.render.table import _ids

#: Terminal width from which the two sides are printed next to each other.
SIDE_BY_SIDE_WIDTH = 100
DIFF_FORMATS: tuple[str, ...] = ("text", "tsv", "csv")


@dataclass
class ReviewPair:
    """One unit of review: a base text (reference, or another system) against an MT text."""

    system: str
    base_label: str
    base_ids: list[int]
    hyp_ids: list[int]
    base: str
    hyp: str
    scores: dict[str, float] = field(default_factory=dict)
    errors: list[ErrorFlag] = field(default_factory=list)
    ref_ids: list[int] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return f"{len(self.base_ids)}-{len(self.hyp_ids)}"


def select_systems(run: RunResult, names: Sequence[str] | None) -> list[SystemResult]:
    """The systems named by ``--system`` (all if none); an unknown name is an input error."""
    if not names:
        return list(run.systems)
    known = {s.name: s for s in run.systems}
    missing = [n for n in names if n not in known]
    if missing:
        raise InputError(
            f"unknown --system {missing[0]!r} (systems: {', '.join(s.name for s in run.systems)})"
        )
    return [known[n] for n in names]


def pairs_vs_reference(systems: Sequence[SystemResult]) -> list[ReviewPair]:
    return [
        ReviewPair(
            system=s.name,
            base_label="REF",
            base_ids=list(seg.ref_ids),
            hyp_ids=list(seg.hyp_ids),
            base=seg.ref,
            hyp=seg.hyp,
            scores=dict(seg.scores),
            errors=list(seg.errors),
            ref_ids=list(seg.ref_ids),
        )
        for s in systems
        for seg in s.segments
    ]


def pairs_vs_system(
    run: RunResult, against: str, systems: Sequence[SystemResult]
) -> list[ReviewPair]:
    """Every selected system diffed against system ``against``, matched by reference ids.

    Scores and error flags stay those of the MT side against the reference, so a
    translator comparing two engines still sees which of them is wrong.
    """
    if len(run.systems) < 2:
        raise InputError("--against needs two or more MT files")
    base = select_systems(run, [against])[0]
    pairs = []
    for s in systems:
        if s.name == base.name:
            continue
        groups = group_segments([base.segments, s.segments], run.reference.get("sentences", 0))
        for olds, news in zip(groups.members(0), groups.members(1), strict=True):
            base_beads = [base.segments[b] for b in olds]
            hyp_beads = [s.segments[b] for b in news]
            ref_ids = sorted({r for b in base_beads + hyp_beads for r in b.ref_ids})
            pairs.append(
                ReviewPair(
                    system=s.name,
                    base_label=base.name,
                    base_ids=[i for b in base_beads for i in b.hyp_ids],
                    hyp_ids=[i for b in hyp_beads for i in b.hyp_ids],
                    base=" ".join(b.hyp for b in base_beads if b.hyp),
                    hyp=" ".join(b.hyp for b in hyp_beads if b.hyp),
                    scores=group_scores(hyp_beads),
                    errors=[e for b in hyp_beads for e in b.errors],
                    ref_ids=ref_ids,
                )
            )
    if not pairs:
        raise InputError(f"nothing to compare against {against!r}: select another --system")
    return pairs


def check_categories(categories: Sequence[str] | None) -> list[str]:
    for c in categories or ():
        if c not in CATEGORIES:
            raise InputError(
                f"unknown --category value {c!r} (choose from: {', '.join(CATEGORIES)})"
            )
    return list(categories or ())


def filter_pairs(
    pairs: list[ReviewPair],
    categories: Sequence[str] = (),
    worst: int | None = None,
    by: str = "chrf",
) -> list[ReviewPair]:
    """Pairs with a flag in ``categories`` (any pair if none), then the ``worst`` N by ``by``.

    Worst means lowest score, highest for TER; pairs without that score sort last.
    """
    if categories:
        wanted = set(categories)
        pairs = [p for p in pairs if any(e.category in wanted for e in p.errors)]
    if worst is not None:
        sign = -1.0 if by in LOWER_IS_BETTER else 1.0
        ranked = sorted(
            pairs,
            key=lambda p: (by not in p.scores, sign * p.scores.get(by, 0.0)),
        )
        pairs = ranked[: max(worst, 0)]
    return pairs


# --- terminal rendering -------------------------------------------------------------

_STYLES = {"ref": "bold red", "hyp": "bold green"}


def diff_texts(base: str, hyp: str, plain: bool) -> tuple[Text, Text]:
    """Both sides with changed words highlighted (colour) or marked (plain)."""
    left, right = Text(), Text()
    if not base or not hyp:
        # An omitted or added sentence: the whole of it differs, markers add nothing.
        return Text(base), Text(hyp)
    for op in diff_words(base, hyp):
        if op.tag == "equal":
            left.append(op.ref_text)
            right.append(op.hyp_text)
            continue
        for text, pieces, style, (opening, closing) in (
            (left, op.ref_pieces, _STYLES["ref"], ("[-", "-]")),
            (right, op.hyp_pieces, _STYLES["hyp"], ("{+", "+}")),
        ):
            if not pieces:
                continue
            lead = " " if pieces[0].startswith(" ") else ""
            body = "".join(pieces)[len(lead) :]
            text.append(lead)
            text.append(f"{opening}{body}{closing}" if plain else body, style=style)
    return left, right


def _side(text: str, diffed: Text, missing: str) -> Text:
    return diffed if text else Text(missing, style="italic yellow")


def _header(pair: ReviewPair, metrics: Sequence[str]) -> Text:
    head = Text()
    head.append(pair.system, style="bold cyan")
    base = "ref" if pair.base_label == "REF" else pair.base_label
    head.append(f"  {base} {_ids(pair.base_ids)} ↔ mt {_ids(pair.hyp_ids)} ({pair.kind})")
    if pair.base_label != "REF":
        head.append(f"  ref {_ids(pair.ref_ids)}", style="dim")
    scores = [
        f"{METRIC_LABELS.get(m, m)} {format_score(m, pair.scores[m])}"
        for m in metrics
        if m in pair.scores
    ]
    if scores:
        head.append("  " + " · ".join(scores), style="dim" if not pair.errors else "")
    return head


def _badges(errors: Sequence[ErrorFlag]) -> Text:
    text = Text()
    for k, e in enumerate(errors):
        if k:
            text.append("\n")
        text.append(f" {e.category} ", style="bold white on magenta")
        text.append(f" {e.detail}")
    return text


def print_pairs(
    pairs: Sequence[ReviewPair], console: Console, metrics: Sequence[str], total: int
) -> None:
    """Each pair as a header, the two diffed sides and its error badges."""
    plain = console.no_color or console.color_system is None
    wide = console.width >= SIDE_BY_SIDE_WIDTH
    for pair in pairs:
        console.rule(_header(pair, metrics), align="left", characters="─")
        left, right = diff_texts(pair.base, pair.hyp, plain)
        absent_base = "(none: added in MT)" if pair.base_label == "REF" else "(no sentence)"
        left = _side(pair.base, left, absent_base)
        right = _side(pair.hyp, right, "(none: omitted in MT)")
        label = pair.base_label
        if wide:
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(Text(label, style="bold"), Text(pair.system, style="bold"))
            grid.add_row(left, right)
            console.print(grid)
        else:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            grid.add_row("REF" if label == "REF" else "BASE", left)
            grid.add_row("MT", right)
            console.print(grid)
        if pair.errors:
            console.print(_badges(pair.errors))
    console.print(Text(f"{len(pairs)} of {total} pairs shown", style="dim"))


# --- export ---------------------------------------------------------------------------


def export_flags(
    pairs: Sequence[ReviewPair], metrics: Sequence[str], fmt: str, categories: Sequence[str] = ()
) -> str:
    """One row per error flag (UTF-8, header first), for review in a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(
        [
            "system",
            "ref_id",
            "hyp_id",
            "bead",
            "category",
            "ref_span",
            "hyp_span",
            "detail",
            *metrics,
            "ref",
            "hyp",
        ]
    )
    wanted = set(categories)
    for p in pairs:
        for e in p.errors:
            if wanted and e.category not in wanted:
                continue
            writer.writerow(
                [
                    p.system,
                    ",".join(map(str, p.base_ids)),
                    ",".join(map(str, p.hyp_ids)),
                    p.kind,
                    e.category,
                    e.ref,
                    e.hyp,
                    e.detail,
                    *(format_score(m, p.scores.get(m)) if m in p.scores else "" for m in metrics),
                    p.base,
                    p.hyp,
                ]
            )
    return buf.getvalue()


# --- commands -------------------------------------------------------------------------


def diff_cmd(
    hyps: HypsArg,
    ref: RefOpt,
    name: NameOpt = None,
    lines: LinesOpt = False,
    metrics: MetricsOpt = DEFAULT_METRICS_SPEC,
    category: Annotated[
        list[str] | None,
        typer.Option("--category", "-c", help=f"Only pairs flagged: {', '.join(CATEGORIES)}."),
    ] = None,
    worst: Annotated[
        int | None, typer.Option("--worst", help="Only the N pairs with the worst scores.")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Metric for --worst (default chrf).")] = "chrf",
    system: Annotated[
        list[str] | None, typer.Option("--system", "-s", help="Only this system (repeatable).")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option("--against", help="Diff the systems against this system, not the reference."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, or tsv/csv: one row per error flag.")
    ] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Show aligned pairs with word-level differences, error badges and sentence scores."""
    from mtcompare.cli.app import ProgressBar, check_choice, emit
    from mtcompare.pipeline import ScoreOptions, score

    check_choice(fmt, DIFF_FORMATS, "--format")
    categories = check_categories(category)
    if worst is not None and worst < 1:
        raise InputError(f"--worst must be a positive number, got {worst}")
    if against is not None and fmt != "text":
        raise InputError("--against shows a diff; it cannot be exported with --format tsv/csv")
    with ProgressBar(quiet) as bar:
        run = score(ref, hyps, ScoreOptions(metrics=metrics, lines=lines, names=name, progress=bar))
    if worst is not None and by not in run.metrics:
        raise InputError(
            f"--by {by!r} is not a computed metric (metrics: {', '.join(run.metrics)})"
        )
    systems = select_systems(run, system)
    pairs = pairs_vs_system(run, against, systems) if against else pairs_vs_reference(systems)
    total = len(pairs)
    shown = filter_pairs(pairs, categories, worst, by)
    if fmt != "text":
        emit(export_flags(shown, run.metrics, fmt, categories), output)
    elif output is None:
        print_pairs(shown, Console(highlight=False), run.metrics, total)
    else:
        buf = io.StringIO()
        console = Console(file=buf, width=SIDE_BY_SIDE_WIDTH, color_system=None, highlight=False)
        print_pairs(shown, console, run.metrics, total)
        emit(buf.getvalue(), output)
