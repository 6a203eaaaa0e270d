"""The source sentence of a pair, as evidence for the checks.

When the user gives the source (``--src``), a difference between reference and MT can be
decided by it: a number or name the source has and the MT lacks is an error; one where
the MT agrees with the source and the reference does not is a note on the reference, not
an MT error. The source is in another language than both sides, so only what survives
translation is read from it (digits, numerals, Latin-script names); each detector parses
what it needs and keeps it here, once per source sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Source:
    """One source sentence (or the sources of a merged bead), with per-detector memos."""

    __slots__ = ("_memo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[str], Any]) -> Any:
        """``compute(self.text)``, computed once per source and ``key``."""
        if key not in self._memo:
            self._memo[key] = compute(self.text)
        return self._memo[key]

    def __repr__(self) -> str:
        return f"Source({self.text!r})"
