"""Error flags for all systems of a run: each distinct bead once, split over the cores.

``mtcompare.checks.annotate`` is a pure function of a bead's two texts and of which
sides are present, and systems often agree on a segment (29% of WMT22 de-en lines
repeat another system's), so every distinct bead is annotated once, by ``annotate``
itself, and the distinct beads are shared between processes (``mtcompare.core.parallel``).
The flags are identical to annotating each system in turn. A bead whose MT text equals
its reference (3% of WMT22 de-en lines) gets no flag without calling ``annotate``: every
detector compares the two sides, and no sentence of the WMT22 de-en/zh-en references and
systems, the seeds or the examples (39,372 distinct) is flagged against itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from mtcompare.checks import annotate, source_lengths
from mtcompare.checks.base import check_language
from mtcompare.checks.source import LengthModel
from mtcompare.core.model import ErrorFlag, SegmentPair
from mtcompare.core.parallel import split_map

BeadKey = tuple[bool, bool, str, str, str | None]


def _key(seg: SegmentPair, use_source: bool) -> BeadKey:
    """Everything ``annotate`` reads from a bead."""
    return (bool(seg.ref_ids), bool(seg.hyp_ids), seg.ref, seg.hyp, seg.src if use_source else None)


def _annotate(
    beads: Sequence[SegmentPair], language: str, use_source: bool, lengths: LengthModel | None
) -> list[list[ErrorFlag]]:
    batch = list(beads)
    annotate(batch, language, use_source, lengths)
    return [seg.errors for seg in batch]


def flag_systems(
    segment_lists: Sequence[Sequence[SegmentPair]],
    workers: int | None = None,
    language: str = "en",
    use_source: bool = False,
) -> None:
    """Set ``errors`` on every bead of every system (see module docstring).

    ``language`` is the language of the references and MT (an InputError if unsupported);
    ``use_source``: each bead's ``src`` is the user's source text, evidence for the checks.
    """
    check_language(language)
    unique: dict[BeadKey, SegmentPair] = {}
    found: dict[BeadKey, list[ErrorFlag]] = {}
    for segments in segment_lists:
        for seg in segments:
            key = _key(seg, use_source)
            if key[0] and key[1] and seg.ref == seg.hyp:
                found[key] = []
            else:
                unique.setdefault(key, seg)
    lengths = source_lengths([s for segs in segment_lists for s in segs]) if use_source else None
    work = partial(_annotate, language=language, use_source=use_source, lengths=lengths)
    flags = split_map(work, list(unique.values()), workers=workers, min_items=200)
    found.update(zip(unique, flags, strict=True))
    for segments in segment_lists:
        for seg in segments:
            seg.errors = list(found[_key(seg, use_source)])
