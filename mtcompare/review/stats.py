"""Measured precision of the checks on a team's own texts, from reviewers' decisions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mtcompare.review.model import DECISIONS, Decision


@dataclass(frozen=True)
class StatRow:
    """Decisions on the flags of one category, severity and system."""

    category: str
    severity: str
    system: str
    confirmed: int
    false_alarm: int
    unsure: int

    @property
    def precision(self) -> float | None:
        """confirmed / (confirmed + false alarm); None before any such decision."""
        decided = self.confirmed + self.false_alarm
        return self.confirmed / decided if decided else None


def per_reviewer(decisions: list[Decision]) -> list[Decision]:
    """Each reviewer's newest decision on each flag: a reviewer who changes their mind
    counts once, two reviewers of one flag count twice."""
    newest: dict[tuple[str, str, str], Decision] = {}
    for d in decisions:
        key = (d.run_id, d.flag_id, d.reviewer)
        if key not in newest or d.created >= newest[key].created:
            newest[key] = d
    return list(newest.values())


def review_stats(decisions: list[Decision]) -> list[StatRow]:
    """One row per (category, severity, system), sorted; see :func:`per_reviewer`."""
    counts: Counter[tuple[str, str, str, str]] = Counter(
        (d.category, d.severity, d.system, d.decision) for d in per_reviewer(decisions)
    )
    groups = sorted({k[:3] for k in counts})
    return [StatRow(*g, *(counts[(*g, decision)] for decision in DECISIONS)) for g in groups]
