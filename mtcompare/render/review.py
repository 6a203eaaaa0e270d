"""What a review shows: the pairs of a run to look at, selected and ordered.

Pure functions over a :class:`~mtcompare.core.model.RunResult` (no terminal, no file), so
the terminal diff, the flag export and any other view select the same pairs the same
way. ``Review`` is what ``mtcompare diff`` was asked for (``--category``, ``--worst``,
``--by``, ``--system``, ``--against``); :func:`review_pairs` applies it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mtcompare.core.errors import InputError
from mtcompare.core.model import (
    CATEGORIES,
    ErrorFlag,
    RunResult,
    SegmentPair,
    SystemResult,
    group_scores,
)
from mtcompare.metrics import SENTENCE_METRIC, higher_is_better, sentence_metric

#: The sentence score ``--worst`` ranks by unless ``--by`` says otherwise.
DEFAULT_BY = SENTENCE_METRIC


@dataclass
class ReviewPair:
    """One unit of review: a base text (reference, or another system) against an MT text."""

    system: str
    base_label: str
    base_ids: list[int]
    hyp_ids: list[int]
    base: str
    hyp: str
    scores: dict[str, float] = field(default_factory=dict)
    errors: list[ErrorFlag] = field(default_factory=list)
    ref_ids: list[int] = field(default_factory=list)
    #: The source sentence(s) of the pair, when the run had ``--src``.
    src: str | None = None
    #: The other references' text for these sentences (a run with ``--ref`` repeated).
    other_refs: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return f"{len(self.base_ids)}-{len(self.hyp_ids)}"


@dataclass(frozen=True)
class Review:
    """Which pairs to show: flagged in ``categories`` (any), the ``worst`` N by ``by``,
    of ``systems`` (all if empty), diffed against system ``against`` (else the reference)."""

    categories: tuple[str, ...] = ()
    worst: int | None = None
    by: str = DEFAULT_BY
    systems: tuple[str, ...] = ()
    against: str | None = None
    #: Only these articles (documents: batch runs, ``--docids``); all if empty.
    articles: tuple[str, ...] = ()
    #: Group the pairs by reference sentence: every system's version of it, best first.
    by_reference: bool = False

    def check(self) -> Review:
        """Validate what can be checked before a run exists; returns self."""
        check_categories(self.categories)
        if self.worst is not None and self.worst < 1:
            raise InputError(f"--worst must be a positive number, got {self.worst}")
        if self.by_reference and self.against is not None:
            raise InputError(
                "--by-reference compares every system to the reference; drop --against"
            )
        return self


@dataclass
class Selection:
    """The pairs to show, and how many the run had before the filters."""

    pairs: list[ReviewPair]
    total: int


def select_articles(run: RunResult, articles: Sequence[str]) -> RunResult:
    """``run`` with only the segments of ``articles`` (all if empty); an article the run
    does not have is an InputError naming some it has."""
    if not articles:
        return run
    known = list(dict.fromkeys(g.doc_id for s in run.systems for g in s.segments if g.doc_id))
    missing = [a for a in articles if a not in known]
    if missing:
        have = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "") if known else "none"
        raise InputError(f"unknown --article {missing[0]!r} (articles in the run: {have})")
    keep = set(articles)
    systems = [
        dataclasses.replace(s, segments=[g for g in s.segments if g.doc_id in keep])
        for s in run.systems
    ]
    return dataclasses.replace(run, systems=systems)


def review_pairs(run: RunResult, review: Review) -> Selection:
    """Apply ``review`` to ``run``; an unknown system or ``--by`` metric is an InputError."""
    review.check()
    if review.worst is not None and review.by not in run.metrics:
        raise InputError(
            f"--by {review.by!r} is not a computed metric (metrics: {', '.join(run.metrics)})"
        )
    systems = select_systems(select_articles(run, review.articles), review.systems)
    if review.against is not None:
        pairs = pairs_vs_system(run, review.against, systems)
    else:
        pairs = pairs_vs_reference(systems)
    return Selection(filter_pairs(pairs, review.categories, review.worst, review.by), len(pairs))


def select_systems(run: RunResult, names: Sequence[str] | None) -> list[SystemResult]:
    """The systems named by ``--system`` (all if none); an unknown name is an input error."""
    if not names:
        return list(run.systems)
    known = {s.name: s for s in run.systems}
    missing = [n for n in names if n not in known]
    if missing:
        raise InputError(
            f"unknown --system {missing[0]!r} (systems: {', '.join(s.name for s in run.systems)})"
        )
    return [known[n] for n in names]


def pairs_vs_reference(systems: Sequence[SystemResult]) -> list[ReviewPair]:
    return [
        ReviewPair(
            system=s.name,
            base_label="REF",
            base_ids=list(seg.ref_ids),
            hyp_ids=list(seg.hyp_ids),
            base=seg.ref,
            hyp=seg.hyp,
            scores=dict(seg.scores),
            errors=list(seg.errors),
            ref_ids=list(seg.ref_ids),
            src=seg.src,
            other_refs=[r for r in seg.other_refs if r],
        )
        for s in systems
        for seg in s.segments
    ]


def pairs_vs_system(
    run: RunResult, against: str, systems: Sequence[SystemResult]
) -> list[ReviewPair]:
    """Every selected system diffed against system ``against``, matched by reference ids.

    Scores and error flags stay those of the MT side against the reference, so a
    translator comparing two engines still sees which of them is wrong.
    """
    from mtcompare.alignment.beads import group_segments  # numpy: only for --against

    if len(run.systems) < 2:
        raise InputError("--against needs two or more MT files")
    base = select_systems(run, [against])[0]
    pairs = []
    for s in systems:
        if s.name == base.name:
            continue
        groups = group_segments([base.segments, s.segments], run.reference.get("sentences", 0))
        for olds, news in zip(groups.members(0), groups.members(1), strict=True):
            if not olds and not news:  # reference sentences of articles not selected
                continue
            base_beads = [base.segments[b] for b in olds]
            hyp_beads = [s.segments[b] for b in news]
            ref_ids = sorted({r for b in base_beads + hyp_beads for r in b.ref_ids})
            pairs.append(
                ReviewPair(
                    system=s.name,
                    base_label=base.name,
                    base_ids=[i for b in base_beads for i in b.hyp_ids],
                    hyp_ids=[i for b in hyp_beads for i in b.hyp_ids],
                    base=" ".join(b.hyp for b in base_beads if b.hyp),
                    hyp=" ".join(b.hyp for b in hyp_beads if b.hyp),
                    scores=group_scores(hyp_beads),
                    errors=[e for b in hyp_beads for e in b.errors],
                    ref_ids=ref_ids,
                    src=_joined(b.src for b in hyp_beads + base_beads if b.ref_ids),
                )
            )
    if not pairs:
        raise InputError(f"nothing to compare against {against!r}: select another --system")
    return pairs


def check_categories(categories: Sequence[str] | None) -> list[str]:
    for c in categories or ():
        if c not in CATEGORIES:
            raise InputError(
                f"unknown --category value {c!r} (choose from: {', '.join(CATEGORIES)})"
            )
    return list(categories or ())


def filter_pairs(
    pairs: list[ReviewPair],
    categories: Sequence[str] = (),
    worst: int | None = None,
    by: str = DEFAULT_BY,
) -> list[ReviewPair]:
    """Pairs with a flag in ``categories`` (any pair if none), then the ``worst`` N by ``by``.

    Worst means lowest score (highest for an error rate such as TER); pairs without that
    score sort last.
    """
    if categories:
        wanted = set(categories)
        pairs = [p for p in pairs if any(e.category in wanted for e in p.errors)]
    if worst is not None:
        sign = 1.0 if higher_is_better(by) else -1.0
        ranked = sorted(
            pairs,
            key=lambda p: (p.scores.get(by) is None, sign * (p.scores.get(by) or 0.0)),
        )
        pairs = ranked[: max(worst, 0)]
    return pairs


def _joined(texts: Iterable[str | None]) -> str | None:
    """Distinct non-empty texts in order, space-joined (None if there are none)."""
    kept = list(dict.fromkeys(t for t in texts if t))
    return " ".join(kept) if kept else None


# --- by reference sentence ------------------------------------------------------------


@dataclass
class Version:
    """One system's translation of a reference group: its beads (indices into the
    system's segments), their MT text, mean sentence scores and flags."""

    system: str
    index: int
    beads: list[int]
    hyp: str
    scores: dict[str, float]
    errors: list[ErrorFlag]


@dataclass
class RefGroup:
    """Reference sentences ``ref_ids`` (the smallest run no bead of any system crosses:
    :mod:`mtcompare.alignment.beads`) and every selected system's version, best first."""

    ref_ids: list[int]
    ref: str
    src: str | None
    doc_id: str | None
    versions: list[Version]


def rank_key(scores: dict[str, float], by: str) -> tuple[bool, float]:
    """Sort key putting the best score first (lowest for an error rate), missing last."""
    value = scores.get(by)
    sign = -1.0 if higher_is_better(by) else 1.0
    return (value is None, sign * (value or 0.0))


def reference_groups(run: RunResult, by: str, systems: Sequence[SystemResult]) -> list[RefGroup]:
    """For each reference group, the version of each of ``systems`` ranked by ``by``."""
    from mtcompare.alignment.beads import group_segments  # numpy: only for this view

    if not systems:
        return []
    index = {id(s): k for k, s in enumerate(run.systems)}
    n_ref = max(
        [int(run.reference.get("sentences") or 0)]
        + [i + 1 for s in systems for g in s.segments for i in g.ref_ids]
    )
    groups = group_segments([s.segments for s in systems], n_ref)
    members = [groups.members(a) for a in range(len(systems))]
    out = []
    for g in range(groups.count):
        versions = []
        for a, s in enumerate(systems):
            beads = members[a][g]
            segs = [s.segments[b] for b in beads]
            versions.append(
                Version(
                    system=s.name,
                    index=index.get(id(s), a),
                    beads=beads,
                    hyp=" ".join(x.hyp for x in segs if x.hyp),
                    scores=_version_scores(segs),
                    errors=[e for x in segs for e in x.errors],
                )
            )
        segs = [s.segments[b] for a, s in enumerate(systems) for b in members[a][g]]
        if not segs:  # reference sentences of articles not selected
            continue
        first = [systems[0].segments[b] for b in members[0][g]]
        versions.sort(key=lambda v: rank_key(v.scores, by))
        out.append(
            RefGroup(
                ref_ids=list(range(int(groups.ref_start[g]), int(groups.ref_end[g]))),
                ref=" ".join(x.ref for x in first if x.ref),
                src=_joined(x.src for x in segs if x.ref_ids),
                doc_id=next((x.doc_id for x in segs if x.doc_id), None),
                versions=versions,
            )
        )
    return out


def review_groups(run: RunResult, review: Review) -> tuple[list[RefGroup], int]:
    """``review`` applied by reference group: groups where any selected system has a
    flag in ``categories``, the ``worst`` N by their worst version; and the total."""
    review.check()
    by = review.by if review.by in run.metrics else (sentence_metric(run.metrics) or review.by)
    if review.worst is not None and review.by not in run.metrics:
        raise InputError(
            f"--by {review.by!r} is not a computed metric (metrics: {', '.join(run.metrics)})"
        )
    systems = select_systems(select_articles(run, review.articles), review.systems)
    groups = reference_groups(run, by, systems)
    total = len(groups)
    if review.categories:
        wanted = set(review.categories)
        groups = [
            g for g in groups if any(e.category in wanted for v in g.versions for e in v.errors)
        ]
    if review.worst is not None:
        groups = sorted(groups, key=lambda g: _worst_first(g, by))[: review.worst]
    return groups, total


def _worst_first(group: RefGroup, by: str) -> tuple[bool, float]:
    """Sort key of a group by its worst version's score, worst first, unscored last."""
    keys = [rank_key(v.scores, by) for v in group.versions if v.scores.get(by) is not None]
    return (not keys, -max(keys)[1] if keys else 0.0)


def _version_scores(segs: list[SegmentPair]) -> dict[str, float]:
    """A version's scores: its bead's own (stored rounded, as group_scores rounds) or the
    group_scores mean of its beads; missing (None) scores left out."""
    if len(segs) == 1:
        return {k: v for k, v in segs[0].scores.items() if v is not None}
    return group_scores(
        [
            dataclasses.replace(x, scores={k: v for k, v in x.scores.items() if v is not None})
            for x in segs
        ]
    )
