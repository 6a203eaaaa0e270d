"""The metric registry: every view and stage asks a metric, never spells its rules itself.

Each metric is one class in one module (:mod:`mtcompare.metrics.bleu`, ``chrf``, ``ter``,
``comet``, on :class:`mtcompare.metrics.base.Metric`); this registry maps names to those
classes, loading a module on first use. Adding a metric is one module plus one line in
:data:`_CLASSES`.

Import-light (no numpy, no sacrebleu, no torch): tables, ``runs`` and ``report`` only
need a metric's label, direction and display format, which are class attributes.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mtcompare.core.errors import InputError

if TYPE_CHECKING:
    from mtcompare.metrics.base import Metric

#: Metric name -> ``module:Class`` under mtcompare.metrics, in display order.
_CLASSES: dict[str, str] = {
    "bleu": "bleu:BLEUMetric",
    "chrf": "chrf:CHRFMetric",
    "ter": "ter:TERMetric",
    "comet": "comet:CometMetric",  # needs the optional extra to score
}
#: What ``mtcompare score`` computes without ``--metrics``.
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")
#: Sentence scores views rank and chart by, best first: the first one a run has.
SENTENCE_PREFERENCE: tuple[str, ...] = ("chrf", "bleu", "comet", "ter")
#: The sentence score ``runs compare`` and ``diff --by`` rank by, when a run has it.
SENTENCE_METRIC = SENTENCE_PREFERENCE[0]


def sentence_metric(metrics: Sequence[str]) -> str | None:
    """The sentence score to rank or chart ``metrics`` by (None if there is none)."""
    return next((m for m in SENTENCE_PREFERENCE if m in metrics), metrics[0] if metrics else None)


def known_metrics() -> tuple[str, ...]:
    """Names ``--metrics`` accepts, in display order."""
    return tuple(_CLASSES)


def metric_class(name: str) -> type[Metric]:
    """The class of a metric name; an unknown name is an InputError."""
    try:
        module, cls = _CLASSES[name].split(":")
    except KeyError:
        raise InputError(
            f"unknown metric {name!r} (choose from: {', '.join(known_metrics())})"
        ) from None
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


def create(name: str, options: Any = None) -> Metric:
    """A metric ready to score, configured by a run's ``ScoreOptions`` if given."""
    cls = metric_class(name)
    return cls() if options is None else cls.from_options(options)


def create_for_language(name: str, language: str) -> Metric:
    """A metric as a run in target ``language`` had it (to rebuild a stored run's
    statistics: BLEU's tokenizer depends on the language)."""
    return metric_class(name).for_language(language)


def parse_metrics(spec: str | Sequence[str]) -> list[str]:
    """``"bleu,chrf"`` -> ``["bleu", "chrf"]``; unknown names are an InputError."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [s.strip().lower() for s in items if s.strip()]
    if not names:
        raise InputError("no metric given (choose from: " + ", ".join(known_metrics()) + ")")
    for name in names:
        metric_class(name)
    return list(dict.fromkeys(names))


def _facts(name: str) -> type[Metric]:
    """The class holding a metric's facts; for a name this version does not know (a run
    stored by another version) the defaults of the base class."""
    if name in _CLASSES:
        return metric_class(name)
    from mtcompare.metrics.base import Metric

    return Metric


def label(name: str) -> str:
    """How tables and reports name the metric (``chrF``)."""
    return _facts(name).label or name


def higher_is_better(name: str) -> bool:
    """False for error rates (TER); every ranking and delta is oriented by this."""
    return _facts(name).higher_is_better


def format_score(name: str, value: float | None, signed: bool = False) -> str:
    """A score as every view prints it (the metric's own digits); None is ``-``."""
    return _facts(name).format_score(value, signed)


def chart_scale(name: str) -> tuple[float, float]:
    """Axis range of the metric's sentence scores in charts (COMET 0-1, the others 0-100)."""
    return _facts(name).chart_scale
