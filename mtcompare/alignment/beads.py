"""The one grouping of alignment beads across systems or runs.

Two alignments of the same reference can cut it differently: one system merges reference
sentences 3 and 4 into a 2-1 bead, another translates them as two 1-1 beads. Anything that
compares beads across alignments (significance units, ``diff --against``, ``runs
compare``) needs groups that cover the same reference sentences in every alignment, and
they must all use the same groups, or the same run gets different answers in different
views. A group is the smallest run of consecutive reference sentences that no bead of any
alignment crosses; a bead without reference sentences (an MT addition) belongs to the
group of the bead before it in its alignment (the next one when it comes first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mtcompare.core.errors import InputError
from mtcompare.core.model import SegmentPair


@dataclass(frozen=True)
class BeadGroups:
    """Groups of beads shared by several alignments of one reference.

    ``assignment[a][b]`` is the group of bead ``b`` of alignment ``a``; ``ref_start`` and
    ``ref_end`` give each group's reference sentences as the range ``[start, end)``. Every
    reference sentence lies in exactly one group, and so does every bead.
    """

    assignment: list[np.ndarray]
    ref_start: np.ndarray
    ref_end: np.ndarray

    @property
    def count(self) -> int:
        return len(self.ref_start)

    def members(self, alignment: int) -> list[list[int]]:
        """Per group, the indices of the beads of ``alignment`` in it (in bead order)."""
        out: list[list[int]] = [[] for _ in range(self.count)]
        for b, g in enumerate(self.assignment[alignment]):
            out[int(g)].append(b)
        return out


def group_beads(
    alignments: Sequence[Sequence[Sequence[int]]],
    n_ref: int,
    unit_of_ref: Sequence[int] | np.ndarray | None = None,
) -> BeadGroups:
    """Group the beads of ``alignments`` (each a list of beads' reference ids).

    ``unit_of_ref`` gives each reference sentence a base unit that a group may not split
    (its document, for document-level units); by default each sentence is its own.
    Raises InputError when an alignment has no bead with a reference sentence.
    """
    base = np.arange(n_ref) if unit_of_ref is None else np.asarray(unit_of_ref)
    if len(base) != n_ref:
        raise ValueError(f"unit_of_ref has {len(base)} entries for {n_ref} reference sentences")
    cut = np.ones(n_ref, dtype=bool)  # cut[i]: a group starts at reference sentence i
    cut[1:] = base[1:] != base[:-1]
    for beads in alignments:
        for ids in beads:
            if len(ids) > 1:
                cut[min(ids) + 1 : max(ids) + 1] = False
    group_of_ref = np.cumsum(cut) - 1
    starts = np.flatnonzero(cut)
    ends = np.append(starts[1:], n_ref)
    assignment = [assign_units(beads, group_of_ref) for beads in alignments]
    return BeadGroups(assignment, starts, ends)


def group_segments(
    segment_lists: Sequence[Sequence[SegmentPair]],
    n_ref: int,
    unit_of_ref: Sequence[int] | np.ndarray | None = None,
) -> BeadGroups:
    """:func:`group_beads` of systems' (or runs') aligned segments."""
    return group_beads([[s.ref_ids for s in segs] for segs in segment_lists], n_ref, unit_of_ref)


def assign_units(beads: Sequence[Sequence[int]], group_of_ref: np.ndarray) -> np.ndarray:
    """Group of each bead; additions take the group of the bead before (or after) them."""
    out = np.full(len(beads), -1)
    for b, ids in enumerate(beads):
        if len(ids):
            out[b] = group_of_ref[ids[0]]
    known = np.flatnonzero(out >= 0)
    if len(beads) and len(known) == 0:
        raise InputError("no aligned reference sentence: nothing to compare")
    missing = np.flatnonzero(out < 0)
    if len(missing):
        prev = np.searchsorted(known, missing) - 1
        out[missing] = out[known[np.maximum(prev, 0)]]
    return out
