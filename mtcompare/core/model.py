"""Plain dataclasses for a scoring run, and their JSON form.

The JSON form is a contract read by other tools (the run store, the HTML report,
users' scripts): keys may be added, never renamed or removed.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

#: Error categories, in display order. The names are part of the JSON contract.
CATEGORIES: tuple[str, ...] = ("names", "numbers", "negation", "omission", "addition")


_SCALARS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # field names per dataclass: a cache, not state


def plain(obj: Any) -> Any:
    """``dataclasses.asdict`` for JSON-shaped data, without its deep copies of every
    scalar (3x faster on a 9 x 2,000-segment run); the same result."""
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    if kind is list or kind is tuple:
        return [plain(x) for x in obj]
    if kind is dict:
        return {k: plain(v) for k, v in obj.items()}
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(obj):
            return copy.deepcopy(obj)
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(obj))
    return {name: plain(getattr(obj, name)) for name in names}


#: How sure a flag is, surest first. ``error``: an unambiguous contradiction, or one the
#: source confirms; ``check``: a difference worth a look that may be a paraphrase, a
#: localisation or a reference problem. Part of the JSON contract.
SEVERITIES: tuple[str, ...] = ("error", "check")
#: The category of a note on the reference: the source sides with the MT against it.
#: Not an MT error: kept apart from ``CATEGORIES`` and from every count.
REFERENCE_NOTE = "reference"


@dataclass
class ErrorFlag:
    """One difference a translator must check in an aligned pair."""

    category: str
    ref: str
    hyp: str
    detail: str
    #: One of SEVERITIES; flags stored before severities existed read as ``error``.
    severity: str = "error"
    #: The project accepted this variant (``mtcompare review variants``): shown only on
    #: request and never counted.
    accepted: bool = False


@dataclass
class SegmentPair:
    """One alignment bead: reference sentences ``ref_ids`` against MT sentences ``hyp_ids``.

    An omitted reference sentence has ``hyp_ids == []`` and ``hyp == ""``; an added MT
    sentence has ``ref_ids == []`` and ``ref == ""``.
    """

    ref_ids: list[int]
    hyp_ids: list[int]
    ref: str
    hyp: str
    scores: dict[str, float] = field(default_factory=dict)
    errors: list[ErrorFlag] = field(default_factory=list)
    src: str | None = None
    doc_id: str | None = None
    #: The texts of the second, third, ... reference for this bead (``--ref`` given more
    #: than once); None where that reference has no counterpart (document mode).
    other_refs: list[str | None] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """Bead type such as ``1-1``, ``2-1``, ``1-0`` (omitted) or ``0-1`` (added)."""
        return f"{len(self.ref_ids)}-{len(self.hyp_ids)}"


def group_scores(beads: list[SegmentPair]) -> dict[str, float]:
    """Sentence scores of a group of beads (see mtcompare.alignment.beads): the mean over
    the beads that cover reference sentences (an addition is scored against nothing),
    over all beads if none does; only metrics every such bead has."""
    scored = [b for b in beads if b.ref_ids] or beads
    if not scored:
        return {}
    keys = set.intersection(*(set(b.scores) for b in scored))
    return {k: round(sum(b.scores[k] for b in scored) / len(scored), 4) for k in sorted(keys)}


def at_least(run: RunResult, severity: str, accepted: bool = False) -> RunResult:
    """``run`` with only the flags of ``severity`` or surer (SEVERITIES order), and the
    accepted variants only if ``accepted``, for views asked for ``--min-severity`` and
    ``--show-accepted``; the counts are the run's own. A shallow copy: ``run`` itself
    is untouched."""
    keep = set(SEVERITIES[: SEVERITIES.index(severity) + 1])
    systems = [
        dataclasses.replace(
            s,
            segments=[
                dataclasses.replace(
                    g,
                    errors=[
                        e for e in g.errors if e.severity in keep and (accepted or not e.accepted)
                    ],
                )
                for g in s.segments
            ],
        )
        for s in run.systems
    ]
    return dataclasses.replace(run, systems=systems)


@dataclass
class SystemResult:
    """Scores of one MT version against the reference."""

    name: str
    path: str
    corpus: dict[str, float]
    signatures: dict[str, str]
    segments: list[SegmentPair]
    sentences: int = 0
    sha256: str = ""
    #: Confident flags (severity ``error``) per category.
    error_counts: dict[str, int] = field(default_factory=dict)
    corpus_ci: dict[str, list[float]] = field(default_factory=dict)
    doc_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Flags of severity ``check`` per category (worth a look, maybe not an error).
    check_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Comparison:
    """A paired significance test of ``system`` against ``baseline`` on one metric."""

    baseline: str
    system: str
    metric: str
    delta: float
    p_value: float
    method: str = ""


@dataclass
class RunResult:
    """Everything one ``mtcompare score`` run produced."""

    reference: dict[str, Any]
    systems: list[SystemResult]
    mode: str = "document"
    metrics: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        systems = []
        for s in data["systems"]:
            segs = [
                SegmentPair(
                    ref_ids=list(g["ref_ids"]),
                    hyp_ids=list(g["hyp_ids"]),
                    ref=g["ref"],
                    hyp=g["hyp"],
                    scores=dict(g.get("scores", {})),
                    errors=[ErrorFlag(**e) for e in g.get("errors", [])],
                    src=g.get("src"),
                    doc_id=g.get("doc_id"),
                    other_refs=list(g.get("other_refs", [])),
                )
                for g in s["segments"]
            ]
            systems.append(
                SystemResult(
                    name=s["name"],
                    path=s["path"],
                    corpus=dict(s["corpus"]),
                    signatures=dict(s.get("signatures", {})),
                    segments=segs,
                    sentences=s.get("sentences", 0),
                    sha256=s.get("sha256", ""),
                    error_counts=dict(s.get("error_counts", {})),
                    check_counts=dict(s.get("check_counts", {})),
                    corpus_ci={k: list(v) for k, v in s.get("corpus_ci", {}).items()},
                    doc_scores={k: dict(v) for k, v in s.get("doc_scores", {}).items()},
                )
            )
        return cls(
            reference=dict(data["reference"]),
            systems=systems,
            mode=data.get("mode", "document"),
            metrics=list(data.get("metrics", [])),
            comparisons=[Comparison(**c) for c in data.get("comparisons", [])],
            meta=dict(data.get("meta", {})),
            source=data.get("source"),
        )
