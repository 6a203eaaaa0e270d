"""HTML pages of the review server; every stored text passes through ``html.escape``.

The run page is the static report (:func:`mtcompare.render.html.build_report`) in review
mode; the store views reuse the terminal renderers through rich's HTML export, which
escapes every text, so the browser shows what ``mtcompare runs ...`` prints.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlencode

from rich.console import Console

from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult
from mtcompare.metrics import SENTENCE_METRIC, format_score, label
from mtcompare.store import RunInfo, ScorePoint, Store

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#fafbfc}
nav{background:#1d2430;padding:.6em 1em}nav a{color:#fff;margin-right:1.2em;text-decoration:none}
main{padding:1em;max-width:1400px}table{border-collapse:collapse;width:100%}
.scroll{overflow-x:auto}td,th{border-bottom:1px solid #dde;padding:.35em .6em;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}pre{overflow-x:auto;font-size:13px}
form label{margin-right:1em}.error{color:#a10}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def shell(title: str, body: str) -> str:
    """A page of the server: same header and style everywhere, no script."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        '<nav><a href="/">Runs</a><a href="/compare">Compare</a><a href="/trend">Trend</a></nav>'
        f"<main><h1>{_e(title)}</h1>{body}</main></body></html>"
    )


def error_page(message: str) -> str:
    return shell("mtcompare", f'<p class="error">{_e(message)}</p>')


def runs_page(runs: Sequence[RunInfo]) -> str:
    """Every stored run, newest first: a row per system with its corpus scores."""
    metrics = list(dict.fromkeys(m for r in runs for s in r.systems for m in s.corpus))
    head = "".join(f"<th>{_e(h)}</th>" for h in ("Run", "Created (UTC)", "Label", "System"))
    head += "".join(f'<th class="num">{_e(label(m))}</th>' for m in metrics)
    rows = []
    for r in runs:
        link = f'<a href="/runs/{quote(r.run_id)}">{_e(r.run_id)}</a>'
        for k, s in enumerate(r.systems):
            lead = [link, _e(r.created[:19]), _e(r.label or "")] if k == 0 else ["", "", ""]
            cells = [*lead, _e(s.name)]
            cells += [f'<td class="num">{_e(format_score(m, s.corpus.get(m)))}' for m in metrics]
            rows.append("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}" for c in cells))
    table = f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
    empty = "<p>No runs stored yet: <code>mtcompare score</code> stores every run.</p>"
    return shell("Runs", table + "</tbody></table></div>" if runs else empty)


def run_page(run_id: str, run: RunResult) -> str:
    """The report of one run in review mode, with no decision yet: a server builds it once
    per run and fills in the decisions per request (:func:`with_decisions`)."""
    from mtcompare.render.html import build_report

    review = {"runId": run_id, "canDecide": True, "decisions": {}}
    return build_report(run, title=f"mtcompare review: run {run_id}", review=review)


def with_decisions(page: str, run_id: str, decided: dict[str, list[str]]) -> str:
    """``page`` (from :func:`run_page`) showing ``decided``: only its review block changes."""
    from mtcompare.render.html import script_json

    start = page.index(REVIEW_BLOCK) + len(REVIEW_BLOCK)
    end = page.index("</script>", start)
    review = {"runId": run_id, "canDecide": True, "decisions": decided}
    return page[:start] + script_json(review) + page[end:]


REVIEW_BLOCK = '<script type="application/json" id="review-data">'


def console_html(draw: Callable[[Console], None]) -> str:
    """What a terminal renderer draws, as escaped HTML (rich's export, inline styles)."""
    console = Console(record=True, width=140, file=io.StringIO(), color_system="truecolor")
    draw(console)
    return console.export_html(inline_styles=True, code_format="<pre>{code}</pre>")


def _form(fields: Sequence[tuple[str, str]]) -> str:
    inputs = "".join(
        f'<label>{_e(name)} <input name="{_e(name)}" value="{_e(value)}"></label>'
        for name, value in fields
    )
    return f'<form method="get">{inputs}<button type="submit">Show</button></form>'


def compare_page(store: Store, old: str, new: str) -> str:
    """``runs compare OLD NEW`` in the browser."""
    from mtcompare.analysis.runs_compare import compare_runs
    from mtcompare.render.runs import draw_comparison

    form = _form([("old", old), ("new", new)])
    if not (old and new):
        return shell("Compare two runs", form + "<p>Give two run ids (or latest~1, latest).</p>")
    id_a, id_b = store.resolve(old), store.resolve(new)
    a, b = store.load(id_a), store.load(id_b)
    if not {s.name for s in a.systems} & {s.name for s in b.systems}:
        raise InputError(f"runs {id_a} and {id_b} have no system in common: nothing to compare")
    result = compare_runs(a, b, id_a, id_b)
    return shell(f"Run {id_a} → {id_b}", form + console_html(lambda c: draw_comparison(c, result)))


def _points(store: Store, system: str, metric: str) -> list[ScorePoint]:
    points = store.points(system=system, metric=metric)
    if not points:
        raise InputError(f"no stored scores for system {system!r} and metric {metric!r}")
    return points


def trend_page(store: Store, system: str, metric: str) -> str:
    """``runs trend`` in the browser: the points of one system and metric."""
    from mtcompare.render.runs import draw_trend

    metric = metric or SENTENCE_METRIC
    form = _form([("system", system), ("metric", metric)])
    if not system:
        names = sorted({s.name for r in store.list_runs() for s in r.systems})
        listed = ", ".join(f"<code>{_e(n)}</code>" for n in names) or "none yet"
        return shell("Trend", form + f"<p>Systems in the store: {listed}</p>")
    points = _points(store, system, metric)
    body = console_html(lambda c: draw_trend(c, points, system, metric))
    query = urlencode({"system": system, "metric": metric})
    plot = f'<p><img src="/trend.svg?{_e(query)}" alt="trend plot" style="max-width:100%"></p>'
    return shell(f"Trend: {system}, {label(metric)}", form + plot + body)


def trend_svg(store: Store, system: str, metric: str) -> bytes:
    """The plot of ``runs trend -o plot.svg``, for the trend page."""
    from mtcompare.render.plot import figure_bytes, trend_figure

    metric = metric or SENTENCE_METRIC
    return figure_bytes(trend_figure(_points(store, system, metric), system, metric), "svg")
