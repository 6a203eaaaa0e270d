"""mtcompare: compare machine translations of news articles.

Python API::

    from mtcompare import score, ScoreOptions
    run = score("reference.txt", ["mt_a.txt", "mt_b.txt"], ScoreOptions(metrics=["bleu", "chrf"]))
    run.systems[0].corpus["bleu"]
"""

__version__ = "0.1.0"

from .align import AlignConfig, Bead, align
from .exceptions import InputError
from .model import CATEGORIES, Comparison, ErrorFlag, RunResult, SegmentPair, SystemResult
from .pipeline import ScoreOptions, score

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
    """``split_sentences`` on first use: pysbd is not needed for line-aligned files."""
    if name == "split_sentences":
        from .segment import split_sentences

        return split_sentences
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
