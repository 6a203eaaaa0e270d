"""How a run reads its inputs: the input mode, an explicit value checked once.

Import-light (the CLI declares its options from here without loading the scoring stack).
"""

from __future__ import annotations

from typing import Literal, get_args

from mtcompare.core.errors import InputError

#: ``document``: each file is an article, segmented into sentences and aligned;
#: ``lines``: line-aligned files, line i against line i (sacrebleu's convention).
InputMode = Literal["document", "lines"]
INPUT_MODES: tuple[str, ...] = get_args(InputMode)


def input_mode(mode: str | None, lines: bool = False) -> InputMode:
    """The checked mode; ``mode=None`` takes it from the older ``lines`` flag."""
    if mode is None:
        return "lines" if lines else "document"
    if mode not in INPUT_MODES:
        raise InputError(f"unknown input mode {mode!r} (choose from: {', '.join(INPUT_MODES)})")
    if lines and mode != "lines":
        raise InputError(f"lines=True contradicts mode={mode!r}")
    return mode  # type: ignore[return-value]
