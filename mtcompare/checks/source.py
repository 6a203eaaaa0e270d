"""The source sentence of a pair, as evidence for the checks.

When the user gives the source (``--src``), a difference between reference and MT can be
decided by it: a number or name the source has and the MT lacks is an error; one where
the MT agrees with the source and the reference does not is a note on the reference, not
an MT error. The source is in another language than both sides, so only what survives
translation is read from it (digits, numerals, Latin-script names); each detector parses
what it needs and keeps it here, once per source sentence.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: Fewer (source, reference) pairs than this give no length model: too few to trust.
MIN_LENGTH_PAIRS = 8


def text_length(text: str) -> int:
    """Characters other than white space: a length that means the same in every script
    (a Chinese sentence has no spaces to count words by)."""
    return len(text) - sum(map(str.isspace, text))


@dataclass(frozen=True)
class LengthModel:
    """How long a faithful translation of a source sentence is, learnt from the run's own
    reference: the median length ratio reference / source, and its usual relative spread
    (the scaled median absolute deviation)."""

    ratio: float
    spread: float

    def predict(self, source: str) -> float:
        return self.ratio * text_length(source)


def length_model(pairs: Iterable[tuple[str, str]]) -> LengthModel | None:
    """The model from (source, reference) sentence pairs; None for too few pairs."""
    ratios = [text_length(ref) / n for src, ref in pairs if (n := text_length(src)) and ref.strip()]
    if len(ratios) < MIN_LENGTH_PAIRS:
        return None
    ratio = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r / ratio - 1) for r in ratios)
    return LengthModel(ratio, spread)


class Source:
    """One source sentence (or the sources of a merged bead), with per-detector memos,
    and the run's length model if there is one (see :func:`length_model`)."""

    __slots__ = ("_memo", "lengths", "text")

    def __init__(self, text: str, lengths: LengthModel | None = None) -> None:
        self.text = text
        self.lengths = lengths
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[str], Any]) -> Any:
        """``compute(self.text)``, computed once per source and ``key``."""
        if key not in self._memo:
            self._memo[key] = compute(self.text)
        return self._memo[key]

    def __repr__(self) -> str:
        return f"Source({self.text!r})"
