"""mtcompare: compare machine translations of news articles.

Python API::

    from mtcompare import score, ScoreOptions
    run = score("reference.txt", ["mt_a.txt", "mt_b.txt"], ScoreOptions(metrics=["bleu", "chrf"]))
    run.systems[0].corpus["bleu"]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from mtcompare.core.errors import InputError
from mtcompare.core.model import (
    CATEGORIES,
    Comparison,
    ErrorFlag,
    RunResult,
    SegmentPair,
    SystemResult,
)
from mtcompare.core.version import __version__

if TYPE_CHECKING:
    from mtcompare.alignment.monolingual import AlignConfig, Bead, align
    from mtcompare.pipeline import ScoreOptions, score
    from mtcompare.segment import split_sentences

#: Public names loaded on first use, so that ``import mtcompare`` (and every CLI command
#: that does not score, such as ``--help`` or ``runs list``) skips numpy, sacrebleu and
#: pysbd.
_LAZY = {
    "AlignConfig": ".alignment.monolingual",
    "Bead": ".alignment.monolingual",
    "align": ".alignment.monolingual",
    "ScoreOptions": ".pipeline",
    "score": ".pipeline",
    "split_sentences": ".segment",
}

__all__ = [
    "CATEGORIES",
    "AlignConfig",
    "Bead",
    "Comparison",
    "ErrorFlag",
    "InputError",
    "RunResult",
    "ScoreOptions",
    "SegmentPair",
    "SystemResult",
    "__version__",
    "align",
    "score",
    "split_sentences",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
