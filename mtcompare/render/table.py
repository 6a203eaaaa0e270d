"""Output formats of a run: rich table (terminal), JSON (the contract), TSV (spreadsheets)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcompare.analysis.verdict import verdict
from mtcompare.core.errors import InputError
from mtcompare.core.model import CATEGORIES, RunResult, SegmentPair, SystemResult
from mtcompare.metrics import format_score, higher_is_better, label, sentence_metric
from mtcompare.render import jsonout
from mtcompare.render.boxed import Boxed, Column, Piece, boxed
from mtcompare.render.options import RenderOptions
from mtcompare.render.sheet import sheet_text
from mtcompare.render.significance import BEST_STYLE, ranking_tables
from mtcompare.render.terminal import safe_text, visible


def to_json(run: RunResult) -> str:
    """The JSON contract (README "Output formats"), strict JSON with a final newline."""
    return jsonout.dumps(run.to_dict()) + "\n"


def json_text(run: RunResult, options: RenderOptions) -> str:
    return to_json(run)


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def to_tsv(run: RunResult, raw: bool = False) -> str:
    """One row per aligned segment, with a header; tabs and newlines in text become
    spaces, so each segment is one line. A run with document ids (``--docids``, batch)
    gets a last column ``doc_id``."""
    metrics = run.metrics
    docs = any(seg.doc_id is not None for s in run.systems for seg in s.segments)
    head = ["system", "ref_ids", "hyp_ids", "bead", *metrics, "errors", "ref", "hyp"]
    rows = [
        [
            system.name,
            ",".join(map(str, seg.ref_ids)),
            ",".join(map(str, seg.hyp_ids)),
            seg.kind,
            *(format_score(m, seg.scores.get(m)) for m in metrics),
            ",".join(e.category for e in seg.errors),
            _one_line(seg.ref),
            _one_line(seg.hyp),
            *([seg.doc_id or ""] if docs else []),
        ]
        for system in run.systems
        for seg in system.segments
    ]
    return sheet_text(head + (["doc_id"] if docs else []), rows, "tsv", raw)


def tsv_text(run: RunResult, options: RenderOptions) -> str:
    """``-f tsv``: the segments, or with ``--per-document`` the documents' scores."""
    if options.per_article:
        if not any(s.doc_scores for s in run.systems):
            raise InputError("--per-document needs a run with document ids (--docids, batch input)")
        return documents_tsv(run, options.raw)
    return to_tsv(run, options.raw)


def arrow(metric: str) -> str:
    return "↑" if higher_is_better(metric) else "↓"


def _counts(counts: dict[str, int], total: bool = False) -> str:
    """``name:2 numb:1`` (``total``: ``3``); ``0`` when none, ``-`` when the run did not
    check."""
    if total and counts:
        return str(sum(counts.get(c, 0) for c in CATEGORIES))
    text = " ".join(f"{c[:4]}:{counts[c]}" for c in CATEGORIES if counts.get(c))
    return text or ("0" if counts else "-")


def best_systems(systems: Sequence[SystemResult], metric: str) -> set[str]:
    """The systems with the best corpus score on ``metric`` (ties: all of them)."""
    return _best_of({s.name: s.corpus.get(metric) for s in systems}, metric)


def _score_cell(metric: str, value: float | None, best: bool) -> Text:
    return Text(format_score(metric, value), style=BEST_STYLE if best else "")


def _min_width(lines: Sequence[str], no_wrap: bool) -> int:
    """The narrowest a column can be without breaking a number: its longest line when it
    may not wrap, else its longest word."""
    if no_wrap:
        return max((len(x) for x in lines), default=0)
    return max((len(w) for x in lines for w in x.split()), default=0)


def _fits(columns: Sequence[tuple[Sequence[str], bool]], width: int | None) -> bool:
    """Whether a table of these columns (cell lines, no_wrap) fits ``width`` columns:
    rich's box adds three characters per column and one; a folding System column
    needs 6."""
    if width is None:
        return True
    need = sum(6 if i == 0 else _min_width(c, w) for i, (c, w) in enumerate(columns))
    return need + 3 * len(columns) + 1 <= width


def corpus_table(run: RunResult, width: int | None = None) -> Table:
    """Per-system corpus scores (with CIs when present) and error counts; the best score
    of each metric in bold green. A CI sits on its own line under its score, and no
    number is ever wrapped or cut: when the table would not fit ``width`` columns (an
    80-column terminal), the CIs are left to the ranking tables, then the error counts
    shrink to totals."""
    has_checks = any(s.check_counts for s in run.systems)
    has_ci = any(s.corpus_ci for s in run.systems)
    for cis, totals in ((has_ci, False), (False, False), (False, True)):
        columns = _corpus_columns(run, cis, totals, has_checks)
        if _fits(columns, width):
            break
    best = {m: best_systems(run.systems, m) for m in run.metrics}
    title = safe_text(f"Corpus scores vs {run.reference.get('path', '?')}")
    table = Table(title=title, title_justify="left")
    table.add_column("System", overflow="fold", min_width=6)
    for m in run.metrics:
        table.add_column(safe_text(f"{label(m)}{arrow(m)}"), justify="right", no_wrap=True)
    table.add_column("Errors", justify="right")
    if has_checks:
        table.add_column("Checks", justify="right")
    for s in run.systems:
        cells: list[str | Text] = []
        for m in run.metrics:
            cell = _score_cell(m, s.corpus.get(m), s.name in best[m])
            ci = s.corpus_ci.get(m)
            if ci and cis:
                cell.append("\n" + _ci_text(m, ci), style="dim")
            cells.append(cell)
        cells.append(_counts(s.error_counts, totals))
        if has_checks:
            cells.append(_counts(s.check_counts, totals))
        table.add_row(safe_text(s.name), *cells)
    notes = []
    if has_ci and not cis:
        notes.append("95% CIs: in the rankings below")
    if totals:
        notes.append("Errors/Checks: totals (per category: -f json or a wider terminal)")
    if notes:
        table.caption, table.caption_justify = "; ".join(notes), "left"
    return table


def _ci_text(metric: str, ci: Sequence[float]) -> str:
    return f"{format_score(metric, ci[0])}–{format_score(metric, ci[1])}"


def _corpus_columns(
    run: RunResult, cis: bool, totals: bool, checks: bool
) -> list[tuple[list[str], bool]]:
    """The corpus table's cells as text lines per column (and whether it may not wrap)."""
    columns = [([s.name for s in run.systems] + ["System"], False)]
    for m in run.metrics:
        lines = [f"{label(m)}{arrow(m)}"]
        for s in run.systems:
            lines.append(format_score(m, s.corpus.get(m)))
            if cis and s.corpus_ci.get(m):
                lines.append(_ci_text(m, s.corpus_ci[m]))
        columns.append((lines, True))
    columns.append(([_counts(s.error_counts, totals) for s in run.systems] + ["Errors"], False))
    if checks:
        columns.append(([_counts(s.check_counts, totals) for s in run.systems] + ["Checks"], False))
    return columns


def document_rows(run: RunResult) -> list[tuple[str, SystemResult, dict[str, float]]]:
    """(document, system, its scores) for every document of the run, worst document first:
    documents ordered by their lowest score on the run's ranking metric (the first of
    chrF, BLEU, COMET, TER it has, oriented), systems in run order within one."""
    metric = sentence_metric(run.metrics)
    docs: dict[str, None] = {}
    for s in run.systems:
        docs.update(dict.fromkeys(s.doc_scores))

    def worst(doc: str) -> float:
        values = [s.doc_scores.get(doc, {}).get(metric or "") for s in run.systems]
        known = [v for v in values if v is not None]
        if not known:
            return float("inf")
        sign = 1.0 if metric is None or higher_is_better(metric) else -1.0
        return min(sign * v for v in known)

    ordered = sorted(docs, key=worst)  # stable: run order among equal documents
    return [(d, s, s.doc_scores.get(d, {})) for d in ordered for s in run.systems]


def article_table(run: RunResult) -> Table:
    """Per-document (per-article, ``doc_scores``) scores: one row per document and system,
    worst document first; the best system of each document in bold green."""
    metric = sentence_metric(run.metrics)
    unit = "article" if "articles" in run.meta else "document"  # batch runs: articles
    title = f"Per-{unit} scores" + (f" (worst {label(metric)} first)" if metric else "")
    table = Table(title=title, title_justify="left")
    table.add_column("Document", overflow="fold")
    table.add_column("System", overflow="fold")
    for m in run.metrics:
        table.add_column(safe_text(f"{label(m)}{arrow(m)}"), justify="right", no_wrap=True)
    rows = document_rows(run)
    for k in range(0, len(rows), len(run.systems)):
        group = rows[k : k + len(run.systems)]
        doc = group[0][0]
        best = {m: _best_of({s.name: sc.get(m) for _, s, sc in group}, m) for m in run.metrics}
        for i, (_, s, scores) in enumerate(group):
            table.add_row(
                safe_text(doc) if i == 0 else "",
                safe_text(s.name),
                *(_score_cell(m, scores.get(m), s.name in best[m]) for m in run.metrics),
                end_section=i == len(group) - 1,
            )
    return table


def _best_of(values: dict[str, float | None], metric: str) -> set[str]:
    """The keys with the best value; none when fewer than two have one, so a lone
    system is never "best"."""
    known = {k: v for k, v in values.items() if v is not None}
    if len(known) < 2:
        return set()
    pick = max if higher_is_better(metric) else min
    best = pick(known.values())
    return {k for k, v in known.items() if v == best}


def documents_tsv(run: RunResult, raw: bool = False) -> str:
    """``-f tsv --per-document``: one row per document and system, worst document first,
    with the document's confident error count (``-`` when the run did not check)."""
    confident: dict[tuple[str, str | None], int] = {}
    for s in run.systems:
        for g in s.segments:
            n = sum(1 for e in g.errors if e.severity == "error" and e.category in CATEGORIES)
            confident[s.name, g.doc_id] = confident.get((s.name, g.doc_id), 0) + n
    head = ["doc_id", "system", *run.metrics, "errors"]
    rows = [
        [
            doc,
            s.name,
            *(format_score(m, scores.get(m)) for m in run.metrics),
            confident.get((s.name, doc), 0) if s.error_counts else "-",
        ]
        for doc, s, scores in document_rows(run)
    ]
    return sheet_text(head, rows, "tsv", raw)


def segment_table(
    run: RunResult, system_index: int, errors_only: bool = False, width: int = 100
) -> Boxed:
    """Aligned pairs of one system: ids, sentence scores and the two texts with their
    flags, box-drawn by :func:`mtcompare.render.boxed.boxed` (rich's Table took 10 s for
    2,000 pairs) to ``width`` columns."""
    s = run.systems[system_index]
    segs = [g for g in s.segments if g.errors or not errors_only]
    ids = [(ids_text(g.ref_ids), ids_text(g.hyp_ids)) for g in segs]
    scores = [[format_score(m, g.scores.get(m)) for m in run.metrics] for g in segs]
    columns = [
        Column("Ref", max((len(r) for r, _ in ids), default=0)),
        Column("MT", max((len(h) for _, h in ids), default=0)),
        *(
            Column(visible(label(m)), max((len(x[k]) for x in scores), default=0))
            for k, m in enumerate(run.metrics)
        ),
    ]
    rows = [
        ([*pair, *cells], _segment_paragraphs(g))
        for g, pair, cells in zip(segs, ids, scores, strict=True)
    ]
    return boxed(visible(f"Aligned segments: {s.name}"), columns, "Reference / MT", rows, width)


def _shown(text: str) -> str:
    """``visible(text)``, without its translation when there is nothing to escape."""
    return text if text.isascii() and text.isprintable() else visible(text)


def _segment_paragraphs(seg: SegmentPair) -> list[list[Piece]]:
    """The text cell of a pair: ``R:`` reference, ``M:`` MT, one line per flag."""
    paragraphs = [
        [
            Piece("R: ", "bold"),
            Piece(_shown(seg.ref), "")
            if seg.ref
            else Piece("(none: added in MT)", "italic yellow"),
        ],
        [
            Piece("M: ", "bold"),
            Piece(_shown(seg.hyp), "") if seg.hyp else Piece("(none: omitted in MT)", "italic red"),
        ],
    ]
    for e in seg.errors:
        mark = "" if e.severity == "error" else "?"  # ?: a difference to check
        paragraphs.append(
            [Piece(f"[{_shown(e.category)}{mark}] ", "bold magenta"), Piece(_shown(e.detail))]
        )
    return paragraphs


def ids_text(ids: Sequence[int]) -> str:
    """Sentence ids as the views print them: ``3``, ``3-4`` for a merge, ``-`` for none."""
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


def checks_note(run: RunResult) -> str | None:
    """Which error checks the run ran, when not all of them did (``--no-errors``, or a
    ``--lang`` without word lists); None when every category was checked."""
    meta = run.meta or {}
    ran = meta.get("checks")
    if not isinstance(ran, dict):
        return "not run (--no-errors)" if meta.get("errors") else None
    if all(v == "all" for v in ran.values()):
        return None
    done = ", ".join(f"{k} ({v})" for k, v in ran.items())
    missing = [c for c in CATEGORIES if c not in ran]
    lang = meta.get("language", "en")
    rest = f"; not run: {', '.join(missing)} (no word lists for --lang {lang})" if missing else ""
    return f"{done}{rest}"


def signatures_text(run: RunResult) -> Text:
    """One line per metric: the sacrebleu (or COMET) signature that makes scores
    reproducible; then which error checks ran, if not all."""
    text = Text("Signatures\n", style="dim")
    for k, v in run_signatures(run).items():
        text.append(visible(f"  {label(k):<6}{v}\n"), style="dim")
    if note := checks_note(run):
        text.append(visible(f"error checks: {note}") + "\n", style="dim")
    return text


#: A word of the verdict, a parenthesised group kept whole: ``chrF (+2.15, p = 0.003)``
#: never puts ``p =`` and its value, or a category and its count, on different lines.
_ATOM = re.compile(r"(?:\([^()]*\)|[^\s(])+|\(")


def verdict_text(run: RunResult, width: int | None = None) -> Text:
    """The verdict (mtcompare.analysis.verdict) as the table view's first lines, wrapped
    to ``width`` between groups, never inside one (unless a group is wider than that)."""
    text = visible(verdict(run).text)
    if width is None:
        return Text(text, style="bold")
    lines: list[str] = []
    for atom in _ATOM.findall(text):
        pieces = [atom] if cell_len(atom) <= width else atom.split(" ")
        for piece in pieces:
            if lines and cell_len(lines[-1]) + 1 + cell_len(piece) <= width:
                lines[-1] += " " + piece
            else:
                lines.append(piece)
    return Text("\n".join(lines), style="bold")


def print_table(
    run: RunResult,
    console: Console,
    segments: bool = True,
    errors_only: bool = False,
    per_article: bool = False,
) -> None:
    console.print(verdict_text(run, console.width), soft_wrap=True)
    console.print(corpus_table(run, console.width))
    if per_article and any(s.doc_scores for s in run.systems):
        console.print(article_table(run))
    for ranking in ranking_tables(run):
        console.print(ranking)
    console.print(signatures_text(run), soft_wrap=True)
    if segments:
        for k in range(len(run.systems)):
            console.print(segment_table(run, k, errors_only, console.width), soft_wrap=True, end="")


def draw_table(run: RunResult, options: RenderOptions, console: Console) -> None:
    """The ``table`` view. Segments default to on, except for line-aligned and batch runs
    (thousands of lines); ``errors_only`` always lists the flagged ones."""
    default = run.mode != "lines" and "articles" not in run.meta
    segments = options.segments if options.segments is not None else default
    print_table(
        run, console, segments or options.errors_only, options.errors_only, options.per_article
    )
