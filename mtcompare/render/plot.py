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
from mtcompare.store.repository import ScorePoint

PLOT_FORMATS = ("png", "svg")


def plot_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise InputError(f"plot file must end in .png or .svg: {path}")
    return fmt


def plot_trend(points: list[ScorePoint], system: str, metric: str, path: Path) -> None:
    """Write the trend of ``points`` (oldest first) as PNG or SVG, atomically."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    fmt = plot_format(path)
    times = [datetime.fromisoformat(p.created) for p in points]
    values = [float("nan") if p.value is None else p.value for p in points]
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
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
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_title(f"{system}: {metric}")
    ax.set_ylabel(metric)
    ax.grid(True, alpha=0.3)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    write_output(path, buf.getvalue(), "plot file")
