"""The metric registry: every view asks it about a metric, never spells the rule itself.

Import-light (no numpy, no sacrebleu): tables, ``runs`` and ``report`` only need a
metric's label, direction and display format.
"""

from __future__ import annotations

from mtcompare.core import defaults as _d

DEFAULT_METRICS: tuple[str, ...] = _d.DEFAULT_METRICS


def known_metrics() -> tuple[str, ...]:
    """Names ``--metrics`` accepts, in display order."""
    return _d.KNOWN_METRICS


def label(name: str) -> str:
    """How tables and reports name the metric (``chrF``)."""
    return _d.METRIC_LABELS.get(name, name)


def higher_is_better(name: str) -> bool:
    """False for error rates (TER); every ranking and delta is oriented by this."""
    return name not in _d.LOWER_IS_BETTER


def format_score(name: str, value: float | None, signed: bool = False) -> str:
    """A score as every view prints it (the metric's own digits); None is ``-``."""
    return _d.format_score(name, value, signed)


def chart_scale(name: str) -> tuple[float, float]:
    """Axis range of the metric's sentence scores in charts (COMET 0-1, the others 0-100)."""
    return (0.0, 1.0) if name == "comet" else (0.0, 100.0)
