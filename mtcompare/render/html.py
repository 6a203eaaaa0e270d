"""A self-contained HTML review report of a run: one file, opens from disk, no network.

Static parts (run metadata, per-system table, SVG charts) are rendered here with every
input text passed through :func:`html.escape`. The aligned pairs travel as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as
``\\u003c`` etc., so no input text can close the block; the page script builds the rows
with ``textContent`` only. A Content-Security-Policy allows just that one script (by
hash) and no connections, as a second wall should an escape ever be missed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import statistics
from importlib import resources
from pathlib import Path
from typing import Any

from mtcompare.alignment.worddiff import DiffOp, compact, diff_words, flag_spans, span_offsets
from mtcompare.analysis.verdict import verdict
from mtcompare.checks.base import category_info
from mtcompare.core.errors import InputError
from mtcompare.core.fileout import write_output
from mtcompare.core.model import CATEGORIES, RunResult, SegmentPair
from mtcompare.metrics import (
    chart_scale,
    format_score,
    higher_is_better,
    label,
    sentence_metric,
)
from mtcompare.render import jsonout
from mtcompare.render.diff import pair_flags
from mtcompare.render.options import RenderOptions
from mtcompare.render.review import Version, reference_groups
from mtcompare.render.significance import ranking_rows
from mtcompare.render.table import arrow, checks_note, run_signatures
from mtcompare.review.model import flag_id

_PLACEHOLDER = re.compile(r"<!--@(\w+)-->")
#: Category colours, from each category's own definition (badges read them as CSS vars).
CATEGORY_COLOURS = {c.name: c.colour for c in category_info()}
#: ... and their display labels ("Names"), from the same definitions.
CATEGORY_LABELS = {c.name: c.label for c in category_info()}


def _category_css() -> str:
    """``--<category>`` colour variables for report.css."""
    return ":root { " + " ".join(f"--{n}: {c};" for n, c in CATEGORY_COLOURS.items()) + " }\n"


def _asset(name: str) -> str:
    return resources.files("mtcompare.render").joinpath("assets", name).read_text("utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: ``</script>``, ``<!--`` and entities cannot occur."""
    text = jsonout.dumps(data, indent=None, compact=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def report_data(run: RunResult) -> dict[str, Any]:
    """The rows the page script renders: one per aligned pair, the diff carrying both texts.
    Each flag carries its id (:func:`mtcompare.review.model.flag_id`)."""
    metrics = list(run.metrics)
    articles = list(dict.fromkeys(g.doc_id for s in run.systems for g in s.segments if g.doc_id))
    article_index = {a: k for k, a in enumerate(articles)}
    rows, sources, others, spans = [], [], [], []
    for k, system in enumerate(run.systems):
        for gi, seg in enumerate(system.segments):
            ops = diff_words(seg.ref, seg.hyp)
            rows.append(_row(k, gi, seg, ops, metrics, article_index))
            sources.append(seg.src)
            others.append([r for r in seg.other_refs if r])
            marked = _spans(ops, seg)
            if marked:
                spans.append([len(rows) - 1, *marked])
    return {
        "metrics": metrics,
        "labels": [label(m) for m in metrics],
        "lowerBetter": [not higher_is_better(m) for m in metrics],
        "digits": [_digits(m) for m in metrics],
        "categories": list(CATEGORIES),
        "categoryLabels": [CATEGORY_LABELS[c] for c in CATEGORIES],
        "systems": [s.name for s in run.systems],
        "articles": articles,  # batch runs, --docids: the article selector's options
        "rows": rows,
        # --src: the source of each row (else empty); the flagged spans of flagged rows
        "sources": sources if any(sources) else [],
        # --ref repeated: the other references of each row (else empty)
        "otherRefs": others if any(others) else [],
        "spans": spans,
        "groups": _groups(run, metrics),
        "docs": [
            [doc, k, [scores.get(m) for m in metrics]]
            for k, s in enumerate(run.systems)
            for doc, scores in s.doc_scores.items()
        ],
        "rankBy": metrics.index(sentence_metric(metrics)) if metrics else -1,
    }


def _row(
    k: int,
    gi: int,
    seg: SegmentPair,
    ops: list[DiffOp],
    metrics: list[str],
    index: dict[str, int],
) -> list[Any]:
    """One pair: system, ids, compact diff, scores, flags (each with its id and whether
    it is an accepted variant), article."""
    return [
        k,
        seg.ref_ids,
        seg.hyp_ids,
        compact(ops),
        [seg.scores.get(m) for m in metrics],
        [
            [e.category, e.ref, e.hyp, e.detail, e.severity, flag_id(k, gi, fi), e.accepted]
            for fi, e in enumerate(seg.errors)
        ],
        index.get(seg.doc_id, -1) if seg.doc_id else -1,
    ]


def _spans(ops: list[DiffOp], seg: SegmentPair) -> list[list[list[int]]]:
    """The words the pair's flags point at (``worddiff.flag_spans``, as the terminal
    diff marks them) as character offsets ``[start, end, flag]`` into each side's text;
    empty when no flag's words are found."""
    if not (seg.errors and seg.ref and seg.hyp):
        return []
    spans = flag_spans(ops, pair_flags(seg.errors))
    return [span_offsets(ops, spans, side) for side in (0, 1)] if spans else []


def _groups(run: RunResult, metrics: list[str]) -> list[Any]:
    """By-reference view: per reference group, ``[ref_ids, *versions best first]`` (rows
    as in ``rows``, which say the system)."""
    by = sentence_metric(metrics)
    if by is None or not run.systems:
        return []
    try:
        groups = reference_groups(run, by, run.systems)
    except InputError:  # no bead covers a reference sentence: nothing to group
        return []
    offsets, total = [], 0
    for s in run.systems:
        offsets.append(total)
        total += len(s.segments)
    return [
        [g.ref_ids, *(_version(v, offsets[v.index], metrics) for v in g.versions)] for g in groups
    ]


def _version(v: Version, offset: int, metrics: list[str]) -> int | list[Any]:
    """A version of one bead is its row's index; of several, ``[rows, mean scores]``."""
    rows = [offset + b for b in v.beads]
    return rows[0] if len(rows) == 1 else [rows, [v.scores.get(m) for m in metrics]]


def _digits(metric: str) -> int:
    """Decimals the views print for ``metric``, so the page formats as the terminal does."""
    return len(format_score(metric, 0.0).partition(".")[2])


# --- static parts ---------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def header_html(run: RunResult) -> str:
    """Run metadata and the metric signatures (one per metric, as in the table output)."""
    meta = run.meta or {}
    ref = run.reference or {}
    facts = [
        ("Reference", f"{ref.get('path', '?')} ({ref.get('sentences', '?')} sentences)"),
        ("Mode", "line-aligned (--lines)" if run.mode == "lines" else "document (aligned)"),
        ("Systems", str(len(run.systems))),
        ("Metrics", ", ".join(label(m) for m in run.metrics)),
        ("Created", str(meta.get("created", "?"))),
        ("Tool", f"{meta.get('tool', 'mtcompare')} {meta.get('version', '')}".strip()),
    ]
    if ref.get("sha256"):
        facts.append(("Reference sha256", str(ref["sha256"])[:16] + "…"))
    if run.source:
        facts.append(("Source", str(run.source.get("path") or run.source)))
    if meta.get("language", "en") != "en":
        facts.append(("Language", str(meta["language"])))
    if note := checks_note(run):
        facts.append(("Checks", note))
    signatures = run_signatures(run)
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    sigs = "".join(
        f"<li><b>{_e(label(m))}</b> <code>{_e(sig)}</code></li>" for m, sig in signatures.items()
    )
    return f'<dl class="facts">{dl}</dl><ul class="sigs">{sigs}</ul>'


def systems_html(run: RunResult) -> str:
    """Corpus scores (with confidence intervals when present) and error counts per system."""
    head = "".join(f"<th class=num>{_e(label(m))}{arrow(m)}</th>" for m in run.metrics)
    head += "".join(
        f'<th class="num cat"><span class="dot" style="background:{CATEGORY_COLOURS[c]}">'
        f"</span>{_e(CATEGORY_LABELS[c])}</th>"
        for c in CATEGORIES
    )
    body = []
    best = best_scores(run)
    for s in run.systems:
        cells = []
        for m in run.metrics:
            cell = _e(format_score(m, s.corpus.get(m)))
            if m in best and s.corpus.get(m) == best[m]:
                cell = f'<strong class="best" title="best {_e(label(m))}">{cell}</strong>'
            ci = s.corpus_ci.get(m)
            if ci:
                low, high = (_e(format_score(m, v)) for v in ci)
                cell += f"<br><small>[{low}, {high}]</small>"
            cells.append(f"<td class=num>{cell}</td>")
        counts = s.error_counts
        checks = s.check_counts
        cells += [
            f"<td class=num>{int(counts.get(c, 0))}"
            + (f' <small title="to check">+{int(checks[c])}</small>' if checks.get(c) else "")
            + "</td>"
            for c in CATEGORIES
        ]
        body.append(
            f'<tr><th scope=row title="{_e(s.path)}">{_e(s.name)}</th>'
            f"<td class=num>{len(s.segments)}</td>{''.join(cells)}</tr>"
        )
    return (
        f'<div class="scroll"><table class="systems"><thead><tr><th>System</th>'
        f"<th class=num>Pairs</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def best_scores(run: RunResult) -> dict[str, float]:
    """Per metric the best corpus score of the run (highest, lowest for an error rate),
    for metrics where the systems differ; ties are all best."""
    best = {}
    for m in run.metrics:
        values = [float(s.corpus[m]) for s in run.systems if s.corpus.get(m) is not None]
        if len(set(values)) > 1:
            best[m] = max(values) if higher_is_better(m) else min(values)
    return best


def verdict_html(run: RunResult) -> str:
    """The verdict (mtcompare.analysis.verdict), one element per sentence."""
    sentences = " ".join(f"<span>{_e(t)}</span>" for t in verdict(run).sentences)
    return f'<p class="verdict" data-verdict>{sentences}</p>'


def significance_html(run: RunResult) -> str:
    """Per tested metric: systems best first with CI, delta and p against the baseline,
    and cluster, read from the run's JSON fields as the terminal's ranking tables are."""
    sig = run.meta.get("significance") or {}
    tested = [m for m in run.metrics if any(c.metric == m for c in run.comparisons)]
    if not (sig and tested):
        return ""
    method = {"bootstrap": "paired bootstrap", "ar": "approximate randomization"}.get(
        str(sig.get("method", "")), str(sig.get("method", ""))
    )
    alpha = float(sig.get("alpha", 0.05))
    trials = "trials" if sig.get("method") == "ar" else "resamples"
    how = (
        f"{method}, {sig.get('resamples')} {trials} over {sig.get('units')} "
        f"{sig.get('unit')}s, seed {sig.get('seed')}; baseline {sig.get('baseline')}; "
        f"* p < {alpha:g}; # = cluster (systems not significantly different from its best)"
    )
    tables = "".join(_ranking_html(run, m) for m in tested)
    return (
        '<section class="significance" data-significance><h2>Significance</h2>'
        f'<p class="how">{_e(how)}</p><div class="rankings">{tables}</div></section>'
    )


def _ranking_html(run: RunResult, metric: str) -> str:
    head = "".join(
        f"<th{' class=num' if k != 1 else ''}>{h}</th>"
        for k, h in enumerate(["#", "System", "Score", "95% CI", "Δ baseline", "p"])
    )
    body = []
    for r in ranking_rows(run, metric):
        ci, delta, p = r["ci"], r["delta"], r["p_value"]
        name = _e(r["system"]) + (" <small>(baseline)</small>" if r["baseline"] else "")
        cells = [
            _e(r["cluster"] or ""),
            name,
            _e(format_score(metric, float(r["score"]))),  # type: ignore[arg-type]
            "–".join(_e(format_score(metric, v)) for v in ci) if ci else "–",  # type: ignore[union-attr]
            "–" if delta is None else _e(format_score(metric, delta, signed=True)),  # type: ignore[arg-type]
            "–" if p is None else _e(f"{float(p):.4f}") + (" *" if r["significant"] else ""),  # type: ignore[arg-type]
        ]
        row = "".join(f"<td{' class=num' if k != 1 else ''}>{c}</td>" for k, c in enumerate(cells))
        cls = ' class="sig"' if r["significant"] else ""
        body.append(f'<tr{cls} data-cluster="{_e(r["cluster"] or "")}">{row}</tr>')
    return (
        f'<div class="scroll"><table class="ranking" data-metric="{_e(metric)}">'
        f"<caption>{_e(label(metric))}{arrow(metric)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _chart_metric(run: RunResult) -> str | None:
    return sentence_metric(run.metrics)


def distribution_svg(run: RunResult, bins: int = 20) -> str:
    """Small-multiple histograms of one sentence score per system, with the median marked."""
    metric = _chart_metric(run)
    if metric is None:
        return ""
    low, top = chart_scale(metric)
    span = (top - low) or 1.0

    def share(v: float) -> float:  # position on the axis, 0..1 (clamped: never inf)
        return min(max((v - low) / span, 0.0), 1.0)

    label_w, bar_w, row_h, gap = 170, 14, 34, 10
    width = label_w + bins * bar_w + 70
    height = 28 + len(run.systems) * (row_h + gap) + 18
    metric_label = _e(label(metric))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>Sentence {metric_label} per system</title>",
        f'<text x="0" y="14" class="ct">Sentence {metric_label} distribution (median ▲)</text>',
    ]
    for k, s in enumerate(run.systems):
        values = [g.scores[metric] for g in s.segments if g.scores.get(metric) is not None]
        counts = [0] * bins
        for v in values:
            counts[min(bins - 1, int(share(v) * bins))] += 1
        peak = max(counts) or 1
        y0 = 28 + k * (row_h + gap)
        short = s.name if len(s.name) <= 24 else s.name[:23] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y0 + row_h - 10}" text-anchor="end" class="cl">'
            f"<title>{_e(s.name)}</title>{_e(short)}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y0}" width="{bins * bar_w}" height="{row_h}" class="bg"/>'
        )
        for b, c in enumerate(counts):
            if not c:
                continue
            h = max(1.0, c / peak * (row_h - 2))
            parts.append(
                f'<rect x="{label_w + b * bar_w + 1}" y="{y0 + row_h - h:.1f}" '
                f'width="{bar_w - 2}" height="{h:.1f}" class="bar"><title>'
                f"{metric_label} {low + b * span / bins:g}–{low + (b + 1) * span / bins:g}: "
                f"{c} pairs</title></rect>"
            )
        if values:
            med = statistics.median(values)
            x = label_w + share(med) * bins * bar_w
            parts.append(
                f'<path d="M{x:.1f},{y0 + row_h + 1} l-4,7 h8 z" class="med">'
                f"<title>median {_e(format_score(metric, med))}</title></path>"
            )
            parts.append(
                f'<text x="{label_w + bins * bar_w + 8}" y="{y0 + row_h - 10}" class="cv">'
                f"{_e(format_score(metric, med))}</text>"
            )
    axis_y = height - 4
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * bins * bar_w
        parts.append(
            f'<text x="{x:.0f}" y="{axis_y}" text-anchor="middle" class="ax">'
            f"{low + tick * span:g}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def categories_svg(run: RunResult) -> str:
    """Flags per category and system as stacked horizontal bars."""
    label_w, bar_max, row_h, gap = 170, 300, 18, 8
    totals = [sum(s.error_counts.get(c, 0) for c in CATEGORIES) for s in run.systems]
    peak = max(totals, default=0) or 1
    width = label_w + bar_max + 60
    height = 28 + len(run.systems) * (row_h + gap) + 24
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        "<title>Error flags per category</title>",
        '<text x="0" y="14" class="ct">Error flags per category</text>',
    ]
    for k, (s, total) in enumerate(zip(run.systems, totals, strict=True)):
        y0 = 28 + k * (row_h + gap)
        name = s.name if len(s.name) <= 24 else s.name[:23] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y0 + row_h - 4}" text-anchor="end" class="cl">'
            f"<title>{_e(s.name)}</title>{_e(name)}</text>"
        )
        x = float(label_w)
        for c in CATEGORIES:
            n = s.error_counts.get(c, 0)
            if not n:
                continue
            w = n / peak * bar_max
            parts.append(
                f'<rect x="{x:.1f}" y="{y0}" width="{w:.1f}" height="{row_h}" '
                f'fill="{CATEGORY_COLOURS[c]}"><title>{_e(s.name)}: {n} {_e(c)}</title></rect>'
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y0 + row_h - 4}" class="cv">{total}</text>')
    legend_y = height - 6
    x = float(label_w)
    for c in CATEGORIES:
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{CATEGORY_COLOURS[c]}"/><text x="{x + 14:.0f}" y="{legend_y}" class="ax">'
            f"{_e(CATEGORY_LABELS[c])}</text>"
        )
        x += 24 + 7 * len(c)
    parts.append("</svg>")
    return "".join(parts)


def review_csp(can_decide: bool = False) -> str:
    """The page's Content-Security-Policy: its one script (by hash), and no connection
    at all unless it is a review page that posts decisions to its own server."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    connect = "connect-src 'self'; " if can_decide else ""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"{connect}script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def build_report(
    run: RunResult, title: str | None = None, review: dict[str, Any] | None = None
) -> str:
    """The whole HTML document as a string.

    ``review`` is what a page built from a stored run adds, in a JSON block of its own
    (so a server can swap it without rebuilding the rest): the run id, whether the page
    may post decisions, and each flag's newest decision (``{flag_id: [decision,
    reviewer, note]}``)."""
    script = _asset("report.js")
    csp = review_csp(bool(review and review.get("canDecide")))
    ref_name = Path(str(run.reference.get("path", "reference"))).name
    parts = {
        "CSP": _e(csp),
        "TITLE": _e(title or f"mtcompare review: {ref_name}"),
        "CSS": _category_css() + _asset("report.css"),
        "HEADER": header_html(run),
        "VERDICT": verdict_html(run),
        "SYSTEMS": systems_html(run),
        "SIGNIFICANCE": significance_html(run),
        "CHARTS": distribution_svg(run) + categories_svg(run),
        "DATA": script_json(report_data(run)),
        "REVIEW": script_json(review),
        "JS": script,
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("report.html"))


def html_text(run: RunResult, options: RenderOptions) -> str:
    if options.decisions is None:
        return build_report(run)
    review = {"runId": None, "canDecide": False, "decisions": options.decisions}
    return build_report(run, review=review)


def write_report(run: RunResult, path: str | Path) -> None:
    """The report of ``run`` written to ``path`` (see :mod:`mtcompare.core.fileout`)."""
    write_output(path, build_report(run), "HTML report")
