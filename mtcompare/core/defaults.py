"""Names and defaults shared by the CLI and the core, importable without numpy or sacrebleu.

The CLI needs them to declare its options and to order tables; keeping them here lets
``mtcompare --help``, ``runs`` and ``report`` start without loading the scoring stack.
"""

from __future__ import annotations

#: Metrics ``--metrics`` accepts; ``comet`` needs the optional extra (see comet_metric).
KNOWN_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter", "comet")
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")
#: Metrics where a lower score is better (an error rate); every view orders by this.
LOWER_IS_BETTER: frozenset[str] = frozenset({"ter"})
#: Seed of the significance tests: sacrebleu's, so the resamples are the same ones.
DEFAULT_SEED = 12345
#: How each metric is named in tables and reports.
METRIC_LABELS: dict[str, str] = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER", "comet": "COMET"}


def format_score(metric: str, value: float | None, signed: bool = False) -> str:
    """A score as every view prints it: COMET to 4 decimals, the others to 2; None is "-"."""
    if value is None:
        return "-"
    digits = 4 if metric == "comet" else 2
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
