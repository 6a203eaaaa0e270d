"""Flag ids, decisions and accepted variants: the data of a review."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from mtcompare.core.errors import InputError
from mtcompare.core.model import CATEGORIES, ErrorFlag, RunResult, SegmentPair

#: What a reviewer may say of a flag. Part of the API and of the store.
DECISIONS: tuple[str, ...] = ("confirmed", "false_alarm", "unsure")
MAX_NOTE = 2000
MAX_REVIEWER = 200


def flag_id(system: int, segment: int, flag: int) -> str:
    """``"s.g.f"``: the flag's position in its run. Stored runs never change, so the id is
    stable for the run's life (and readable in an export)."""
    return f"{system}.{segment}.{flag}"


@dataclass(frozen=True)
class FlagRef:
    """One flag of a run with what a decision record copies of it."""

    flag_id: str
    system: str
    segment: SegmentPair
    flag: ErrorFlag


def iter_flags(run: RunResult) -> Iterator[FlagRef]:
    """Every flag of ``run`` with its id, in system, segment, flag order."""
    for si, system in enumerate(run.systems):
        for gi, seg in enumerate(system.segments):
            for fi, flag in enumerate(seg.errors):
                yield FlagRef(flag_id(si, gi, fi), system.name, seg, flag)


def find_flag(run: RunResult, fid: str) -> FlagRef:
    """The flag ``fid`` names; InputError when the run has no such flag."""
    parts = fid.split(".")
    if len(parts) == 3 and all(p.isdigit() and p.isascii() for p in parts):
        si, gi, fi = (int(p) for p in parts)
        if si < len(run.systems) and gi < len(run.systems[si].segments):
            system = run.systems[si]
            seg = system.segments[gi]
            if fi < len(seg.errors):
                return FlagRef(fid, system.name, seg, seg.errors[fi])
    raise InputError(f"no flag {fid[:40]!r} in this run")


@dataclass(frozen=True)
class Decision:
    """One reviewer's verdict on one flag (the flag's texts copied for stats and export)."""

    run_id: str
    flag_id: str
    system: str
    category: str
    severity: str
    flag_ref: str
    flag_hyp: str
    detail: str
    ref: str
    hyp: str
    decision: str
    note: str
    reviewer: str
    created: str


def checked_decision(decision: object, note: object, reviewer: object) -> tuple[str, str, str]:
    """The three user-given fields, validated: InputError names what is wrong."""
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r:.40}")
    return (str(decision), *checked_note(note, reviewer))


def checked_note(note: object, reviewer: object) -> tuple[str, str]:
    """A note and a reviewer name as kept with a decision or a variant (None: empty)."""
    note = "" if note is None else note
    reviewer = "" if reviewer is None else reviewer
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise InputError(f"note must be text of at most {MAX_NOTE} characters")
    if not isinstance(reviewer, str) or len(reviewer) > MAX_REVIEWER:
        raise InputError(f"reviewer must be text of at most {MAX_REVIEWER} characters")
    return note.strip(), " ".join(reviewer.split())


def make_decision(
    run_id: str, ref: FlagRef, decision: str, note: str, reviewer: str, created: str
) -> Decision:
    f = ref.flag
    return Decision(
        run_id=run_id,
        flag_id=ref.flag_id,
        system=ref.system,
        category=f.category,
        severity=f.severity,
        flag_ref=f.ref,
        flag_hyp=f.hyp,
        detail=f.detail,
        ref=ref.segment.ref,
        hyp=ref.segment.hyp,
        decision=decision,
        note=note,
        reviewer=reviewer,
        created=created,
    )


def latest(decisions: list[Decision]) -> dict[str, Decision]:
    """Each flag's newest decision (by time, then by order given): what a page shows."""
    out: dict[str, Decision] = {}
    for d in decisions:
        if d.flag_id not in out or d.created >= out[d.flag_id].created:
            out[d.flag_id] = d
    return out


def shown(decisions: list[Decision]) -> dict[str, list[str]]:
    """What a report page shows of each flag: its newest ``[decision, reviewer, note]``."""
    return {fid: [d.decision, d.reviewer, d.note] for fid, d in latest(decisions).items()}


# --- accepted variants ----------------------------------------------------------------


def variant_key(text: str) -> str:
    """How a variant's text is matched: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Variant:
    """Flags of ``category`` whose reference/MT texts match these are accepted."""

    id: int
    category: str
    ref: str
    hyp: str
    note: str
    reviewer: str
    created: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.category, variant_key(self.ref), variant_key(self.hyp))


def accept(segments: list[SegmentPair], keys: frozenset[tuple[str, str, str]]) -> int:
    """Mark the flags an accepted variant covers (same category and texts, normalised);
    the number marked."""
    marked = 0
    for seg in segments:
        for flag in seg.errors:
            if (flag.category, variant_key(flag.ref), variant_key(flag.hyp)) in keys:
                flag.accepted = True
                marked += 1
    return marked


def checked_variant(category: object, ref: object, hyp: object) -> tuple[str, str, str]:
    if category not in CATEGORIES:
        raise InputError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r:.40}")
    if not isinstance(ref, str) or not isinstance(hyp, str) or not (ref.strip() or hyp.strip()):
        raise InputError("a variant needs the reference text and the MT text (one may be empty)")
    if len(ref) > MAX_NOTE or len(hyp) > MAX_NOTE:
        raise InputError(f"variant texts must be at most {MAX_NOTE} characters")
    return str(category), ref.strip(), hyp.strip()
