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
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mtcompare.alignment.worddiff import Marked, diff_words, flag_spans, marked_runs
from mtcompare.core.model import ErrorFlag, RunResult
from mtcompare.metrics import format_score, label
from mtcompare.render.options import RenderOptions
from mtcompare.render.review import RefGroup, ReviewPair, Version, review_groups, review_pairs
from mtcompare.render.sheet import sheet_text
from mtcompare.render.table import ids_text
from mtcompare.render.terminal import safe_text, visible

#: Terminal width from which the two sides are printed next to each other.
SIDE_BY_SIDE_WIDTH = 100

_STYLES = {"ref": "bold red", "hyp": "bold green"}
#: A flagged span on a terminal: underlined over the diff colours, so it stands apart
#: from ordinary edits; piped, it is wrapped in :data:`FLAG_MARKS` with its category.
FLAG_STYLE = "bold underline"
FLAG_MARKS = ("⟪", "⟫")
_DIFF_MARKS = (("[-", "-]"), ("{+", "+}"))


def pair_flags(errors: Sequence[ErrorFlag], vs_reference: bool = True) -> list[tuple[str, str]]:
    """The ``(ref, hyp)`` words of each flag to find in a diff; against another system
    the base side is not the reference, so only the MT words are looked for."""
    return [(e.ref if vs_reference else "", e.hyp) for e in errors]


def diff_texts(
    base: str, hyp: str, plain: bool, errors: Sequence[ErrorFlag] = (), vs_reference: bool = True
) -> tuple[Text, Text]:
    """Both sides with changed words highlighted (colour) or marked (plain), and the
    words a flag points at marked apart from them (:func:`flag_spans`); escaped."""
    if not base or not hyp:
        # An omitted or added sentence: the whole of it differs, markers add nothing.
        return safe_text(base), safe_text(hyp)
    ops = diff_words(base, hyp)
    spans = flag_spans(ops, pair_flags(errors, vs_reference))
    return tuple(  # type: ignore[return-value]
        _side_text(marked_runs(ops, spans, side), errors, side, plain) for side in (0, 1)
    )


def _side_text(runs: Sequence[Marked], errors: Sequence[ErrorFlag], side: int, plain: bool) -> Text:
    text = Text()
    opening, closing = _DIFF_MARKS[side]
    edit = _STYLES["hyp" if side else "ref"]
    for run in runs:
        flagged = run.flag is not None
        if flagged and plain:
            text.append(f"{FLAG_MARKS[0]}{visible(errors[run.flag].category)}: ")  # type: ignore[index]
        for part, changed in run.parts:
            style = " ".join(
                x for x in (edit if changed else "", FLAG_STYLE if flagged else "") if x
            )
            if changed and plain:
                lead = " " if part.startswith(" ") else ""
                text.append(f"{lead}{opening}{visible(part[len(lead) :])}{closing}")
            else:
                text.append(visible(part), style="" if plain else style)
        if flagged and plain:
            text.append(FLAG_MARKS[1])
    return text


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
        if pair.src:
            console.print(_labelled("SRC", pair.src))
        console.print(_sides(pair, plain, wide))
        if pair.errors:
            console.print(_badges(pair.errors))
    console.print(Text(f"{len(pairs)} of {total} pairs shown", style="dim"))


def _sides(pair: ReviewPair, plain: bool, wide: bool) -> Table:
    """The diffed base and MT, side by side when ``wide``; the other references (REF2 ...)
    under the reference, as the HTML report shows them."""
    left, right = diff_texts(pair.base, pair.hyp, plain, pair.errors, pair.base_label == "REF")
    absent_base = "(none: added in MT)" if pair.base_label == "REF" else "(no sentence)"
    left = _side(pair.base, left, absent_base)
    right = _side(pair.hyp, right, "(none: omitted in MT)")
    others = list(enumerate(pair.other_refs, 2))
    if wide:
        grid = Table.grid(expand=True, padding=(0, 2))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(safe_text(pair.base_label, "bold"), safe_text(pair.system, "bold"))
        grid.add_row(left, right)
        for k, other in others:
            grid.add_row(_labelled(f"REF{k}", other), "")
        return grid
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row("REF" if pair.base_label == "REF" else "BASE", left)
    for k, other in others:
        grid.add_row(f"REF{k}", safe_text(other, "dim"))
    grid.add_row("MT", right)
    return grid


def _labelled(name: str, text: str, style: str = "dim") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(name, safe_text(text, style))
    return grid


def _version_line(rank: int, version: Version, metrics: Sequence[str]) -> Text:
    head = Text(f"{rank}. ")
    head.append(visible(version.system), style="bold cyan")
    scores = [
        f"{visible(label(m))} {format_score(m, version.scores[m])}"
        for m in metrics
        if m in version.scores
    ]
    if scores:
        head.append("  " + " · ".join(scores), style="dim")
    return head


def print_groups(
    groups: Sequence[RefGroup], console: Console, metrics: Sequence[str], total: int
) -> None:
    """``diff --by-reference``: each reference group, then every system's version of it
    (best first), diffed against the reference, with its flags."""
    plain = console.no_color or console.color_system is None
    for group in groups:
        where = f"ref {ids_text(group.ref_ids)}" + (f"  {group.doc_id}" if group.doc_id else "")
        console.rule(safe_text(where, "bold"), align="left", characters="─")
        console.print(_labelled("REF", group.ref, ""))
        if group.src:
            console.print(_labelled("SRC", group.src))
        for rank, version in enumerate(group.versions, 1):
            console.print(_version_line(rank, version, metrics))
            if not version.hyp:
                mt = Text("(none: omitted in MT)", style="italic yellow")
            else:
                mt = diff_texts(group.ref, version.hyp, plain, version.errors)[1]
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row("  ", mt)
            console.print(grid)
            if version.errors:
                console.print(Padding(_badges(version.errors), (0, 0, 0, 3)))
    console.print(Text(f"{len(groups)} of {total} reference groups shown", style="dim"))


def draw_diff(run: RunResult, options: RenderOptions, console: Console) -> None:
    """The ``diff`` view: the pairs ``options.review`` selects (or, ``--by-reference``,
    its reference groups)."""
    if options.review.by_reference:
        groups, total = review_groups(run, options.review)
        print_groups(groups, console, run.metrics, total)
        return
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
