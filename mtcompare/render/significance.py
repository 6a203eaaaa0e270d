"""Ranking tables of a run with significance tests (``--significance``).

Built from the run's JSON-level fields only (``corpus``, ``corpus_ci``, ``comparisons``,
``meta.significance``), so a stored run renders the same as a fresh one.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from mtcompare.core.model import RunResult
from mtcompare.metrics import format_score, higher_is_better, label
from mtcompare.render.terminal import safe_text

#: How the best score of a metric stands out in the tables (the corpus table's too).
BEST_STYLE = "bold green"


def ranking_rows(run: RunResult, metric: str) -> list[dict[str, object]]:
    """Systems best first with score, CI, delta and p-value against the baseline, cluster."""
    sig = run.meta.get("significance") or {}
    baseline = sig.get("baseline")
    alpha = float(sig.get("alpha", 0.05))
    clusters = (sig.get("clusters") or {}).get(metric, {})
    tests = {c.system: c for c in run.comparisons if c.metric == metric}
    rows = []
    for s in run.systems:
        if s.corpus.get(metric) is None:  # not scored, or not computable (null)
            continue
        test = tests.get(s.name)
        rows.append(
            {
                "system": s.name,
                "score": s.corpus[metric],
                "ci": s.corpus_ci.get(metric),
                "delta": test.delta if test else None,
                "p_value": test.p_value if test else None,
                "significant": bool(test and test.p_value < alpha),
                "baseline": s.name == baseline,
                "cluster": clusters.get(s.name),
            }
        )
    sign = -1 if higher_is_better(metric) else 1
    rows.sort(key=lambda r: sign * float(r["score"]))  # type: ignore[arg-type]
    return rows


def ranking_table(run: RunResult, metric: str) -> Table:
    sig = run.meta.get("significance") or {}
    method = {"bootstrap": "paired bootstrap", "ar": "approximate randomization"}.get(
        sig.get("method", ""), sig.get("method", "")
    )
    arrow = "↑" if higher_is_better(metric) else "↓"
    title = (
        f"{label(metric)}{arrow} ranking: {method}, "
        f"{sig.get('resamples')} {'trials' if sig.get('method') == 'ar' else 'resamples'} "
        f"over {sig.get('units')} {sig.get('unit')}s, "
        f"seed {sig.get('seed')}"
    )
    table = Table(title=safe_text(title), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("System", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)  # numbers never wrap or cut
    table.add_column("95% CI", justify="right", no_wrap=True)
    table.add_column("Δ base", justify="right", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    rows = ranking_rows(run, metric)
    top = rows[0]["score"] if rows else None
    for r in rows:
        ci = r["ci"]
        # the top cluster (or, without clusters, the best score) stands out
        best = r["cluster"] == 1 if r["cluster"] is not None else r["score"] == top
        delta, p = r["delta"], r["p_value"]
        table.add_row(
            str(r["cluster"] or ""),
            safe_text(str(r["system"]) + (" (baseline)" if r["baseline"] else "")),
            Text(
                format_score(metric, float(r["score"])),  # type: ignore[arg-type]
                style=BEST_STYLE if best else "",
            ),
            f"{format_score(metric, ci[0])}–{format_score(metric, ci[1])}" if ci else "-",  # type: ignore[index]
            format_score(metric, delta, signed=True),  # type: ignore[arg-type]
            "-" if p is None else f"{float(p):.4f}" + (" *" if r["significant"] else "  "),  # type: ignore[arg-type]
        )
    table.caption = (
        f"# = cluster (systems not significantly different from the cluster's best); "
        f"* = p < {sig.get('alpha', 0.05)} vs the baseline"
    )
    table.caption_justify = "left"
    return table


def ranking_tables(run: RunResult) -> list[Table]:
    """One ranking table per tested metric; none without ``--significance``."""
    if not (run.meta.get("significance") and run.comparisons):
        return []
    return [
        ranking_table(run, m) for m in run.metrics if any(c.metric == m for c in run.comparisons)
    ]
