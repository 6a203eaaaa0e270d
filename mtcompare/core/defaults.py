"""Defaults shared by the CLI and the core, importable without numpy or sacrebleu.

The metric tables that used to live here (labels, directions, display digits) belong to
the metrics themselves now: ask :mod:`mtcompare.metrics`. ``KNOWN_METRICS``,
``DEFAULT_METRICS``, ``LOWER_IS_BETTER``, ``METRIC_LABELS`` and ``format_score`` remain
as thin re-exports of that registry (built on first access) until the CLI and the views
import it directly.
"""

from __future__ import annotations

from typing import Any

#: Seed of the significance tests: sacrebleu's, so the resamples are the same ones.
DEFAULT_SEED = 12345


def __getattr__(name: str) -> Any:
    """The re-exported registry names (see the module docstring)."""
    from mtcompare import metrics

    if name == "KNOWN_METRICS":
        return metrics.known_metrics()
    if name == "DEFAULT_METRICS":
        return metrics.DEFAULT_METRICS
    if name == "LOWER_IS_BETTER":
        return frozenset(m for m in metrics.known_metrics() if not metrics.higher_is_better(m))
    if name == "METRIC_LABELS":
        return {m: metrics.label(m) for m in metrics.known_metrics()}
    if name == "format_score":
        return metrics.format_score
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
