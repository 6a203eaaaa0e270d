"""What a renderer is asked for besides the run: one value for every format."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtcompare.render.review import Review


@dataclass(frozen=True)
class RenderOptions:
    """Options of the views; each renderer reads the ones it knows.

    ``segments`` (table): list the aligned pairs; None is "yes unless line-aligned".
    ``errors_only`` (table): only flagged pairs. ``raw`` (tsv/csv): no formula quoting
    (see :mod:`mtcompare.render.sheet`). ``review`` (diff, flag export): which pairs.
    ``min_severity`` (all): the least sure flags shown.
    """

    segments: bool | None = None
    errors_only: bool = False
    raw: bool = False
    review: Review = field(default_factory=Review)
    #: Views show flags of this severity or surer (``error`` hides the ``check`` ones).
    min_severity: str = "check"
    #: Table: per-article (per-document) score rows after the corpus table.
    per_article: bool = False
    #: All views: show the flags of accepted variants too (marked), not only the others.
    show_accepted: bool = False
    #: HTML of a stored run: each flag's newest review decision, ``{flag_id: [decision,
    #: reviewer, note]}``, shown read-only (None: the run has no review data).
    decisions: dict[str, list[str]] | None = None
