"""The review views of a run: aligned pairs with word-level differences, and the flag export.

Pairs are shown side by side on a wide terminal and stacked on a narrow one or when
piped. Without colour (not a terminal, or ``NO_COLOR``) changed words are marked the way
``git diff --word-diff`` does, ``[-reference-]`` and ``{+MT+}``, so the plain text still
shows every difference. The flag export is one row per error flag for a spreadsheet.
Which pairs are shown is decided by :mod:`mtcompare.render.review`, not here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.alignment.worddiff import diff_words
from mtcompare.core.model import ErrorFlag, RunResult
from mtcompare.metrics import format_score, label
from mtcompare.render.options import RenderOptions
from mtcompare.render.review import ReviewPair, review_pairs
from mtcompare.render.sheet import sheet_text
from mtcompare.render.table import ids_text
from mtcompare.render.terminal import safe_text, visible

#: Terminal width from which the two sides are printed next to each other.
SIDE_BY_SIDE_WIDTH = 100

_STYLES = {"ref": "bold red", "hyp": "bold green"}


def diff_texts(base: str, hyp: str, plain: bool) -> tuple[Text, Text]:
    """Both sides with changed words highlighted (colour) or marked (plain), escaped."""
    left, right = Text(), Text()
    if not base or not hyp:
        # An omitted or added sentence: the whole of it differs, markers add nothing.
        return safe_text(base), safe_text(hyp)
    for op in diff_words(base, hyp):
        if op.tag == "equal":
            left.append(visible(op.ref_text))
            right.append(visible(op.hyp_text))
            continue
        for text, pieces, style, (opening, closing) in (
            (left, op.ref_pieces, _STYLES["ref"], ("[-", "-]")),
            (right, op.hyp_pieces, _STYLES["hyp"], ("{+", "+}")),
        ):
            if not pieces:
                continue
            lead = " " if pieces[0].startswith(" ") else ""
            body = visible("".join(pieces)[len(lead) :])
            text.append(lead)
            text.append(f"{opening}{body}{closing}" if plain else body, style=style)
    return left, right


def _side(text: str, diffed: Text, missing: str) -> Text:
    return diffed if text else Text(missing, style="italic yellow")


def _header(pair: ReviewPair, metrics: Sequence[str]) -> Text:
    head = Text()
    head.append(visible(pair.system), style="bold cyan")
    base = "ref" if pair.base_label == "REF" else visible(pair.base_label)
    head.append(f"  {base} {ids_text(pair.base_ids)} ↔ mt {ids_text(pair.hyp_ids)} ({pair.kind})")
    if pair.base_label != "REF":
        head.append(f"  ref {ids_text(pair.ref_ids)}", style="dim")
    scores = [
        f"{visible(label(m))} {format_score(m, pair.scores[m])}"
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
        sure = e.severity == "error"
        style = "bold white on magenta" if sure else "bold magenta"
        text.append(f" {visible(e.category)}{'' if sure else '?'} ", style=style)
        text.append(f" {visible(e.detail)}")
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
        base_label = pair.base_label
        if wide:
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(safe_text(base_label, "bold"), safe_text(pair.system, "bold"))
            grid.add_row(left, right)
            console.print(grid)
        else:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            grid.add_row("REF" if base_label == "REF" else "BASE", left)
            grid.add_row("MT", right)
            console.print(grid)
        if pair.errors:
            console.print(_badges(pair.errors))
    console.print(Text(f"{len(pairs)} of {total} pairs shown", style="dim"))


def draw_diff(run: RunResult, options: RenderOptions, console: Console) -> None:
    """The ``diff`` view: the pairs ``options.review`` selects."""
    selection = review_pairs(run, options.review)
    print_pairs(selection.pairs, console, run.metrics, selection.total)


# --- export ---------------------------------------------------------------------------

FLAG_COLUMNS = ("system", "ref_id", "hyp_id", "bead", "category", "ref_span", "hyp_span", "detail")


def export_flags(
    pairs: Sequence[ReviewPair],
    metrics: Sequence[str],
    fmt: str,
    categories: Sequence[str] = (),
    raw: bool = False,
) -> str:
    """One row per error flag (UTF-8, header first), for review in a spreadsheet."""
    wanted = set(categories)
    rows = [
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
        for p in pairs
        for e in p.errors
        if not wanted or e.category in wanted
    ]
    return sheet_text([*FLAG_COLUMNS, *metrics, "ref", "hyp"], rows, fmt, raw)


def flags_tsv(run: RunResult, options: RenderOptions) -> str:
    return _flags(run, options, "tsv")


def flags_csv(run: RunResult, options: RenderOptions) -> str:
    return _flags(run, options, "csv")


def _flags(run: RunResult, options: RenderOptions, fmt: str) -> str:
    selection = review_pairs(run, options.review)
    return export_flags(selection.pairs, run.metrics, fmt, options.review.categories, options.raw)
