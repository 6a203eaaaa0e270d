"""Defaults shared by the CLI and the core, importable without numpy or sacrebleu.

A metric's facts (label, direction, digits) belong to the metric: ask
:mod:`mtcompare.metrics`.
"""

from __future__ import annotations

#: Seed of the significance tests: sacrebleu's, so the resamples are the same ones.
DEFAULT_SEED = 12345
