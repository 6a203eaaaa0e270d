"""Decisions and accepted variants in the run store (schema version 3).

Each write is one transaction, as for runs; a decision names a stored run, and deleting
the run deletes its decisions (:meth:`Store.delete`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from mtcompare.core.errors import InputError
from mtcompare.review.model import Decision, Variant, variant_key
from mtcompare.store import schema as S
from mtcompare.store.repository import Store

_DECISION_FIELDS = tuple(f for f in Decision.__dataclass_fields__ if f != "run_id")


def add_decision(store: Store, decision: Decision) -> None:
    """Keep ``decision`` (never replaces an earlier one: all are history)."""
    with store.writing("record the decision") as conn:
        seq, _ = store.resolve_in(conn, decision.run_id)
        values = {f: getattr(decision, f) for f in _DECISION_FIELDS}
        conn.execute(sa.insert(S.decisions).values(run_seq=seq, **values))


def decisions(store: Store, runs: Sequence[str] | None = None) -> list[Decision]:
    """The decisions on ``runs`` (ids or prefixes; all runs when None), oldest first."""
    cols = [S.decisions.c[f] for f in _DECISION_FIELDS]
    query = (
        sa.select(S.runs.c.run_id, *cols)
        .join(S.runs, S.runs.c.seq == S.decisions.c.run_seq)
        .order_by(S.decisions.c.id)
    )
    with store.reading() as conn:
        if runs is not None:
            seqs = [store.resolve_in(conn, r)[0] for r in runs]
            query = query.where(S.decisions.c.run_seq.in_(seqs))
        rows = conn.execute(query).all()
    return [Decision(*(_text(v) for v in row)) for row in rows]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def add_variant(
    store: Store,
    category: str,
    ref: str,
    hyp: str,
    note: str = "",
    reviewer: str = "",
    created: str = "",
) -> Variant:
    """Accept a variant; InputError if the project accepted it already."""
    values = dict(
        category=category,
        ref_key=variant_key(ref),
        hyp_key=variant_key(hyp),
        ref=ref,
        hyp=hyp,
        note=note,
        reviewer=reviewer,
        created=created,
    )
    with store.writing("accept the variant") as conn:
        same = conn.execute(
            sa.select(S.variants.c.id).where(
                S.variants.c.category == category,
                S.variants.c.ref_key == values["ref_key"],
                S.variants.c.hyp_key == values["hyp_key"],
            )
        ).first()
        if same is not None:
            raise InputError(
                f"variant {ref!r:.60} = {hyp!r:.60} ({category}) is already #{same[0]}"
            )
        new_id = conn.execute(sa.insert(S.variants).values(**values)).inserted_primary_key[0]
    return Variant(int(new_id), category, ref, hyp, note, reviewer, created)


def variants(store: Store) -> list[Variant]:
    cols = [
        S.variants.c[f] for f in ("id", "category", "ref", "hyp", "note", "reviewer", "created")
    ]
    with store.reading() as conn:
        rows = conn.execute(sa.select(*cols).order_by(S.variants.c.id)).all()
    return [Variant(int(r[0]), *(_text(v) for v in r[1:])) for r in rows]


def remove_variant(store: Store, variant: int) -> None:
    with store.writing("remove the variant") as conn:
        done = conn.execute(sa.delete(S.variants).where(S.variants.c.id == variant)).rowcount
    if not done:
        raise InputError(f"no variant #{variant} (see: mtcompare review variants list)")
