"""Per-sentence error categories: names, numbers, negation, omission, addition.

``annotate`` fills ``SegmentPair.errors`` for every alignment bead and ``count_errors``
tabulates them; ``detect_pair_errors`` checks one aligned pair. All functions are pure
and offline (no models): rules over capitalisation, number parsing and a general
polarity lexicon, tuned for precision because every flag costs a translator a look.
The categories, their detectors and the order those run in are declared in
``mtcompare.checks.base``; the detector modules are imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import import_module

from mtcompare.checks._gc import collector_paused
from mtcompare.checks._text import Words, sentence_errors
from mtcompare.checks.base import MASKING_ORDER, Detector, check_language
from mtcompare.checks.source import LengthModel, Source, length_model
from mtcompare.core.model import CATEGORIES, ErrorFlag, SegmentPair

__all__ = ["CATEGORIES", "annotate", "count_errors", "detect_pair_errors", "source_lengths"]


@lru_cache(maxsize=1)
def detectors() -> tuple[Detector, ...]:
    """The registered detectors' ``detect`` functions, in ``MASKING_ORDER``."""
    return tuple(import_module(f"mtcompare.checks.{name}").detect for name in MASKING_ORDER)


def _words(text: str | Words, language: str) -> Words:
    if not isinstance(text, Words):
        return Words.of(text, language)
    if text.language != language:
        raise ValueError(f"Words of language {text.language!r} checked as {language!r}")
    return text


def detect_pair_errors(
    ref: str | Words, hyp: str | Words, language: str = "en", src: str | Source | None = None
) -> list[ErrorFlag]:
    """Errors in one aligned pair (both sides non-empty), in detector order.

    Each detector sees the texts as masked by the ones before it (see ``MASKING_ORDER``).
    ``src``, the pair's source sentence if known, lets the detectors decide differences
    (see ``checks.source``); notes on the reference come back as category
    ``REFERENCE_NOTE``.
    """
    rw, hw = _words(ref, language), _words(hyp, language)
    source = Source(src) if isinstance(src, str) else src
    flags: list[ErrorFlag] = []
    for detect in detectors():
        found, rw, hw = detect(rw, hw, source)
        flags += found
    return flags


def source_lengths(segments: Sequence[SegmentPair]) -> LengthModel | None:
    """The run's length model (source -> reference, see ``checks.source``) from its beads
    with a source, a reference and an MT side; None for too few."""
    return length_model({(s.src, s.ref) for s in segments if s.src and s.ref and s.hyp})


def annotate(
    segments: list[SegmentPair],
    language: str = "en",
    use_source: bool = False,
    lengths: LengthModel | None = None,
) -> None:
    """Set ``errors`` on every bead: unmatched sentences are omissions/additions.

    Each distinct reference text is analysed once for the whole call (systems share the
    reference); MT texts rarely repeat across beads and are not kept. ``language`` is
    the language of both sides (an unsupported one is an InputError). ``use_source``:
    read each bead's ``src`` as evidence (the user's source text, not the reference);
    ``lengths``: the run's length model, learnt from ``segments`` if not given (give it
    when ``segments`` is a part of the run, so every part uses the same). Python's cyclic
    garbage collector is paused for the call, process-wide, and restored after it
    (``mtcompare.checks._gc``: a speed measure).
    """
    check_language(language)
    if use_source and lengths is None:
        lengths = source_lengths(segments)
    with collector_paused():
        _annotate(segments, language, use_source, lengths)


def _annotate(
    segments: list[SegmentPair], language: str, use_source: bool, lengths: LengthModel | None
) -> None:
    """``annotate``'s loop over the beads."""
    refs: dict[str, Words] = {}
    sources: dict[str, Source] = {}
    for seg in segments:
        if (whole := sentence_errors(seg)) is not None:
            seg.errors = whole
        elif seg.ref.strip() and seg.hyp.strip():
            rw = refs.get(seg.ref)
            if rw is None:
                rw = refs[seg.ref] = Words.of(seg.ref, language)
            src = None
            if use_source and seg.src and seg.src.strip():  # parsed once for all systems
                src = sources.get(seg.src) or sources.setdefault(seg.src, Source(seg.src, lengths))
            seg.errors = detect_pair_errors(rw, seg.hyp, language, src)
        else:
            seg.errors = []


def count_errors(segments: list[SegmentPair], severity: str = "error") -> dict[str, int]:
    """Flags of ``severity`` per category over ``segments``; every category is present, 0
    if none. Notes on the reference are no MT error and never counted, nor are variants
    the project accepted."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for seg in segments:
        for flag in seg.errors:
            if flag.severity == severity and flag.category in counts and not flag.accepted:
                counts[flag.category] += 1
    return counts
