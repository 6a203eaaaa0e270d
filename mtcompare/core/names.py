"""Default system names: what tells the MT files apart, not what they share.

WMT-style files carry the test set, the language pair and the role in every name
(``generaltest2022.de-en.hyp.JDExploreAcademy.en``); a table column full of that hides
the one part that differs. Names are cut at dots only, so ``mt_a``/``mt_b`` and
``Online-A``/``Online-B`` stay whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def _common_prefix(lists: Sequence[Sequence[str]]) -> int:
    """How many leading parts all of ``lists`` share."""
    n = 0
    for parts in zip(*lists, strict=False):
        if len(set(parts)) > 1:
            break
        n += 1
    return n


def short_names(paths: Sequence[str | Path]) -> list[str]:
    """The file names without the dot-separated parts every one of them shares at the
    start and at the end (``generaltest2022.de-en.hyp.LT22.en`` -> ``LT22``), each name
    keeping at least one part; the file stems when that leaves an empty name, and for a
    single file. Distinct file names give distinct short names."""
    stems = [Path(p).stem for p in paths]
    if len(paths) < 2:
        return stems
    tokens = [Path(p).name.split(".") for p in paths]
    if len({tuple(t) for t in tokens}) < len(tokens):
        return stems  # the same file name twice: the caller refuses the repeat
    shortest = min(len(t) for t in tokens)
    head = min(_common_prefix(tokens), shortest - 1)
    tail = min(_common_prefix([t[::-1] for t in tokens]), shortest - 1 - head)
    names = [".".join(t[head : len(t) - tail]) for t in tokens]
    if not all(names) or len(set(names)) < len(names):
        return stems
    return names
