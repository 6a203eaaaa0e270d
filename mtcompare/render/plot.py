"""A metric over time for one system: the plot of ``mtcompare runs trend``.

Uses matplotlib's object API with the Agg canvas (no pyplot, no display, no global
backend switch), so it works on a headless CI machine and inside other programs.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from mtcompare.core.errors import InputError
from mtcompare.core.fileout import write_output
from mtcompare.core.model import CATEGORIES
from mtcompare.metrics import higher_is_better, label
from mtcompare.store.repository import ErrorPoint, ScorePoint

PLOT_FORMATS = ("png", "svg")


def plot_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise InputError(f"plot file must end in .png or .svg: {path}")
    return fmt


def _figure():  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _date_axis(ax, times: list[datetime]) -> None:  # type: ignore[no-untyped-def]
    """Dates on the x axis: a tick at each run when there are few (so runs minutes apart
    are not labelled in seconds), else matplotlib's date locator; day and time of day."""
    from matplotlib.dates import AutoDateLocator, DateFormatter

    span = (max(times) - min(times)).total_seconds() if times else 0.0
    fmt = "%Y-%m-%d" if span > 3 * 86400 else "%Y-%m-%d\n%H:%M"
    if len(set(times)) <= 12:
        ax.set_xticks(sorted(set(times)))
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=10))
    ax.xaxis.set_major_formatter(DateFormatter(fmt))
    ax.set_xlabel("run date (UTC)")
    for tick in ax.get_xticklabels():
        tick.set_rotation(30)
        tick.set_horizontalalignment("right")


def figure_bytes(fig, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    """The figure as PNG or SVG bytes (the server sends them; the CLI writes them)."""
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    return buf.getvalue()


def _save(fig, path: Path) -> None:  # type: ignore[no-untyped-def]
    write_output(path, figure_bytes(fig, plot_format(path)), "plot file")


def plot_trend(points: list[ScorePoint], system: str, metric: str, path: Path) -> None:
    """Write the trend of ``points`` (oldest first) as PNG or SVG, atomically."""
    plot_format(path)
    _save(trend_figure(points, system, metric), path)


def trend_figure(points: list[ScorePoint], system: str, metric: str):  # type: ignore[no-untyped-def]
    """The trend of ``points`` (oldest first): run dates on the x axis, the metric as
    tables name it (``chrF``, higher is better)."""
    times = [datetime.fromisoformat(p.created) for p in points]
    values = [float("nan") if p.value is None else p.value for p in points]
    fig, ax = _figure()
    if any(p.ci_low is not None for p in points):
        pairs = list(zip(values, points, strict=True))
        low = [v - (p.ci_low if p.ci_low is not None else v) for v, p in pairs]
        high = [(p.ci_high if p.ci_high is not None else v) - v for v, p in pairs]
        ax.errorbar(times, values, yerr=[low, high], marker="o", capsize=3)
    else:
        ax.plot(times, values, marker="o")
    for t, v, p in zip(times, values, points, strict=True):
        ax.annotate(
            p.label or p.run_id,
            (t, v),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    _date_axis(ax, times)
    name = label(metric)
    better = "higher" if higher_is_better(metric) else "lower"
    ax.set_title(f"{system}: {name} over time")
    ax.set_ylabel(f"{name} ({better} is better)")
    ax.grid(True, alpha=0.3)
    return fig


def plot_error_trend(points: list[ErrorPoint], system: str, path: Path) -> None:
    """Confident errors per category over the runs that checked errors: one line per
    category that ever had one, and the total."""
    plot_format(path)
    checked = [p for p in points if p.error_counts]
    if not checked:
        raise InputError(f"no stored run checked the errors of system {system!r}")
    times = [datetime.fromisoformat(p.created) for p in checked]
    fig, ax = _figure()
    for cat in CATEGORIES:
        counts = [p.error_counts.get(cat, 0) for p in checked]
        if any(counts):
            ax.plot(times, counts, marker="o", label=cat)
    totals = [sum(p.error_counts.get(c, 0) for c in CATEGORIES) for p in checked]
    ax.plot(times, totals, marker="s", color="black", linestyle="--", label="total")
    _date_axis(ax, times)
    ax.set_title(f"{system}: confident errors over time")
    ax.set_ylabel("confident errors (fewer is better)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    _save(fig, path)
