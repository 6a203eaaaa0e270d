"""The run store's API: save, load, list, find, delete runs.

Every write is one transaction: a crash, Ctrl-C or a full disk in the middle of ``save``
leaves the earlier runs as they were and no trace of the half-written one. Everything
read back is checked (JSON, zlib, column types), so a damaged row is a one-line
StoreDamagedError naming the store and the run, and reading never writes.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mtcompare.core.errors import (
    InputError,
    StoreDamagedError,
    StoreReadOnlyError,
    StoreWriteError,
)
from mtcompare.core.model import RunResult
from mtcompare.store import codec
from mtcompare.store import schema as S
from mtcompare.store.engine import (
    create_engine,
    db_errors,
    describe,
    read_only_reason,
    resolve_url,
    transaction,
)

_LATEST = re.compile(r"^(?:latest|last)(?:~(\d+))?$")


@dataclass
class SystemInfo:
    """One system of a listed run: corpus scores without the segments."""

    name: str
    path: str
    sha256: str
    corpus: dict[str, float] = field(default_factory=dict)
    corpus_ci: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class RunInfo:
    """What ``runs list`` shows about a run (read from the normalised tables only)."""

    run_id: str
    created: str
    label: str | None
    tool_version: str | None
    mode: str | None
    metrics: list[str]
    reference_path: str | None
    reference_sha256: str | None
    reference_sentences: int | None
    comet_model: str | None
    systems: list[SystemInfo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.run_id,
            "created": self.created,
            "label": self.label,
            "tool_version": self.tool_version,
            "mode": self.mode,
            "metrics": self.metrics,
            "comet_model": self.comet_model,
            "reference": {
                "path": self.reference_path,
                "sha256": self.reference_sha256,
                "sentences": self.reference_sentences,
            },
            "systems": [
                {"name": s.name, "path": s.path, "sha256": s.sha256, "corpus": s.corpus}
                | ({"corpus_ci": s.corpus_ci} if s.corpus_ci else {})
                for s in self.systems
            ],
        }


@dataclass
class ScorePoint:
    """One corpus score of one system in one run: a row of trend and export."""

    run_id: str
    created: str
    label: str | None
    tool_version: str | None
    reference_path: str | None
    reference_sha256: str | None
    system: str
    system_path: str | None
    system_sha256: str | None
    metric: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    signature: str | None


@dataclass
class ErrorPoint:
    """One system's flag counts in one run: a row of ``runs trend --errors`` and the error
    columns of ``runs export``. Empty counts: the run did not check errors."""

    run_id: str
    created: str
    label: str | None
    system: str
    error_counts: dict[str, int]
    check_counts: dict[str, int]


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    """A run store at one URL; opening it creates or migrates the schema.

    A SQLite store this process may not write is opened read-only: reading works,
    writing raises StoreReadOnlyError before anything is tried.
    """

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.where = describe(self.url)
        #: Why the store cannot be written (None: it can); see ``check_writable``.
        self.read_only = read_only_reason(self.url)
        self.engine = create_engine(self.url, read_only=self.read_only is not None)
        self.backup: Path | None = None
        with db_errors(self.where):
            self._upgrade()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_writable(self, action: str = "save the run") -> None:
        """StoreReadOnlyError now rather than after a long scoring run."""
        if self.read_only is not None:
            hint = "; score with --no-save or give a writable --db" if "save" in action else ""
            raise StoreReadOnlyError(
                f"cannot {action}: run store {self.where} is read-only ({self.read_only}){hint}"
            )

    @contextmanager
    def writing(self, action: str) -> Iterator[sa.Connection]:
        """One write transaction; a failure names ``action`` and the store, and rolls
        everything back (the store's modules, e.g. ``store.reviews``, write through it)."""
        self.check_writable(action)
        with db_errors(self.where, action), transaction(self.engine, write=True) as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """One read transaction, with the store's one-line errors."""
        with db_errors(self.where), transaction(self.engine, write=False) as conn:
            yield conn

    # -- schema ------------------------------------------------------------------------

    def _upgrade(self) -> None:
        with self.reading() as conn:
            current = S.read_version(conn, self.where)
        S.check_known(current, self.where)
        if current == S.SCHEMA_VERSION:
            return
        action = "create the run store" if current == 0 else "upgrade the run store's schema"
        self.check_writable(action)
        if current > 0 and self.url.get_backend_name() == "sqlite":
            self.backup = self._backup_sqlite(current)
        with self.writing(action) as conn:
            S.migrate(conn, self.where)

    def _backup_sqlite(self, version: int) -> Path:
        """Copy an older store aside before migrating it (belt and braces: the migration
        is transactional too); a failed copy is removed, not left half-written."""
        path = Path(str(self.url.database))
        target = path.with_name(f"{path.name}.v{version}.bak")
        if target.exists():
            return target
        partial = target.with_name(target.name + ".part")
        try:
            with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(partial)) as dst:
                src.backup(dst)
            partial.replace(target)
        except (sqlite3.Error, OSError) as e:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
            raise StoreWriteError(
                f"cannot back up run store {self.where} to {target} before upgrading it: "
                f"{e}; the store was not changed"
            ) from None
        return target

    def version(self) -> int:
        with self.reading() as conn:
            return S.read_version(conn, self.where)

    # -- writing -----------------------------------------------------------------------

    def save(self, run: RunResult, label: str | None = None) -> str:
        """Store ``run`` in one transaction; returns its new id (8 hex digits)."""
        data = run.to_dict()
        with self.writing("save the run") as conn:
            seq, run_id = _insert_run(conn, data, label)
            for position, system in enumerate(data["systems"]):
                _insert_system(conn, seq, position, system)
            conn.execute(sa.insert(S.inputs), S.input_rows(seq, data))
        return run_id

    def delete(self, ref: str) -> str:
        """Delete one run (children first, so no foreign-key support is needed)."""
        with self.writing(f"delete run {ref!r}") as conn:
            seq, run_id = self.resolve_in(conn, ref)
            for table in (S.decisions, S.scores, S.inputs, S.systems):
                conn.execute(sa.delete(table).where(table.c.run_seq == seq))
            conn.execute(sa.delete(S.runs).where(S.runs.c.seq == seq))
        return run_id

    # -- reading -----------------------------------------------------------------------

    def resolve(self, ref: str) -> str:
        """The full id of ``ref``: an id, a unique prefix, ``latest`` or ``latest~N``."""
        with self.reading() as conn:
            return self.resolve_in(conn, ref)[1]

    def resolve_in(self, conn: sa.Connection, ref: str) -> tuple[int, str]:
        """``(seq, run_id)`` of ``ref`` inside an open transaction (see :meth:`resolve`)."""
        ref = ref.strip().lower()
        cols = (S.runs.c.seq, S.runs.c.run_id)
        if m := _LATEST.match(ref):
            row = conn.execute(
                sa.select(*cols)
                .order_by(S.runs.c.created.desc(), S.runs.c.seq.desc())
                .offset(int(m.group(1) or 0))
                .limit(1)
            ).first()
            if row is None:
                raise InputError(f"no run {ref!r} in {self.where}")
            return row[0], self._run_id(row[0], row[1])
        if not ref:
            raise InputError("empty run id")
        rows = conn.execute(
            sa.select(*cols)
            .where(S.runs.c.run_id.like(_like_escape(ref) + "%", escape="\\"))
            .order_by(S.runs.c.seq)
            .limit(6)
        ).all()
        exact = [r for r in rows if r[1] == ref]
        if exact:
            rows = exact
        if not rows:
            raise InputError(f"no run {ref!r} in {self.where} (see: mtcompare runs list)")
        if len(rows) > 1:
            ids = ", ".join(self._run_id(*r) for r in rows[:5])
            raise InputError(f"run id {ref!r} is ambiguous: {ids}; give more digits")
        return rows[0][0], self._run_id(*rows[0])

    def _run_id(self, seq: int, run_id: Any) -> str:
        if not isinstance(run_id, str):
            raise self._damaged(f"#{seq}", f"its id is {run_id!r}, not text")
        return run_id

    def _damaged(self, run: str, detail: str) -> StoreDamagedError:
        """The error for a run whose rows cannot be read back; deleting it still works."""
        hint = f"; mtcompare runs delete {run} removes it" if not run.startswith("#") else ""
        return StoreDamagedError(
            f"run store {self.where}: stored run {run} is damaged: {detail}{hint}"
        )

    def _load(self, ref: str) -> tuple[str, dict[str, Any]]:
        with self.reading() as conn:
            seq, run_id = self.resolve_in(conn, ref)
            header = conn.execute(
                sa.select(S.runs.c.header_json).where(S.runs.c.seq == seq)
            ).scalar_one()
            rows = conn.execute(
                sa.select(S.systems.c.header_json, S.systems.c.segments_blob)
                .where(S.systems.c.run_seq == seq)
                .order_by(S.systems.c.position)
            ).all()
        try:
            return run_id, codec.run_json(header, rows)
        except codec.Damage as damage:
            raise self._damaged(run_id, str(damage)) from None

    def load_dict(self, ref: str) -> dict[str, Any]:
        """The run's JSON exactly as the live run produced it."""
        return self._load(ref)[1]

    def load(self, ref: str) -> RunResult:
        run_id, data = self._load(ref)
        try:
            return codec.run_result(data)
        except codec.Damage as damage:
            raise self._damaged(run_id, str(damage)) from None

    def list_runs(
        self, label: str | None = None, system: str | None = None, limit: int | None = None
    ) -> list[RunInfo]:
        """Runs, newest first, optionally only those with ``label`` or a system ``system``."""
        r = S.runs
        query = sa.select(r).order_by(r.c.created.desc(), r.c.seq.desc())
        if label is not None:
            query = query.where(r.c.label == label)
        if system is not None:
            query = query.where(
                sa.exists().where(S.systems.c.run_seq == r.c.seq, S.systems.c.name == system)
            )
        if limit:
            query = query.limit(limit)
        with self.reading() as conn:
            result = conn.execute(query)
            heads = result.all()
            self._check(heads, result.keys(), codec.RUN_COLUMNS, self._run_of)
            by_seq = {h.seq: _run_info(h) for h in heads}
            if not by_seq:
                return []
            result = conn.execute(_systems_with_scores(list(by_seq)))
            rows = result.all()
        self._check(rows, result.keys(), codec.SCORE_COLUMNS, lambda r: by_seq[r.run_seq].run_id)
        seen: dict[int, SystemInfo] = {}
        for row in rows:
            info = seen.get(row.id)
            if info is None:
                info = seen[row.id] = SystemInfo(row.name, row.path or "", row.sha256 or "")
                by_seq[row.run_seq].systems.append(info)
            if row.metric is not None:
                info.corpus[row.metric] = row.value
                if row.ci_low is not None and row.ci_high is not None:
                    info.corpus_ci[row.metric] = [row.ci_low, row.ci_high]
        return list(by_seq.values())

    def _run_of(self, row: sa.Row) -> str:
        return self._run_id(row.seq, row.run_id)

    def _check(
        self,
        rows: Sequence[sa.Row],
        keys: Sequence[str],
        columns: codec.Columns,
        run_of: Callable[[sa.Row], str],
    ) -> None:
        """StoreDamagedError naming the run of the first value not of its column's kind."""
        if (found := codec.first_damage(rows, list(keys), columns)) is not None:
            index, detail = found
            raise self._damaged(run_of(rows[index]), detail)

    def points(
        self,
        system: str | None = None,
        metric: str | None = None,
        label: str | None = None,
    ) -> list[ScorePoint]:
        """Corpus scores, oldest first: the rows of ``runs trend`` and ``runs export``."""
        r, s, c = S.runs, S.systems, S.scores
        query = (
            sa.select(
                r.c.seq,  # names a run whose id is damaged; not part of the point
                r.c.run_id,
                r.c.created,
                r.c.label,
                r.c.tool_version,
                r.c.reference_path,
                r.c.reference_sha256,
                s.c.name,
                s.c.path,
                s.c.sha256,
                c.c.metric,
                c.c.value,
                c.c.ci_low,
                c.c.ci_high,
                c.c.signature,
            )
            .select_from(c.join(s, c.c.system_id == s.c.id).join(r, s.c.run_seq == r.c.seq))
            .order_by(r.c.created, r.c.seq, s.c.position, c.c.id)
        )
        if system is not None:
            query = query.where(s.c.name == system)
        if metric is not None:
            query = query.where(c.c.metric == metric)
        if label is not None:
            query = query.where(r.c.label == label)
        with self.reading() as conn:
            result = conn.execute(query)
            rows = result.all()
        self._check(rows, result.keys(), codec.POINT_COLUMNS, self._run_of)
        return [ScorePoint(*row[1:]) for row in rows]

    def error_points(self, system: str | None = None, label: str | None = None) -> list[ErrorPoint]:
        """Flag counts per run and system, oldest first (read from the systems' headers,
        not their segments)."""
        r, s = S.runs, S.systems
        query = (
            sa.select(
                r.c.seq,
                r.c.run_id,
                r.c.created,
                r.c.label,
                s.c.name,
                s.c.position,
                s.c.header_json,
            )
            .select_from(s.join(r, s.c.run_seq == r.c.seq))
            .order_by(r.c.created, r.c.seq, s.c.position)
        )
        if system is not None:
            query = query.where(s.c.name == system)
        if label is not None:
            query = query.where(r.c.label == label)
        with self.reading() as conn:
            rows = conn.execute(query).all()
        out = []
        for row in rows:
            run_id = self._run_id(row.seq, row.run_id)
            what = f"header of system {row.position + 1}"  # as run_json names it
            try:
                header = codec.json_value(row.header_json, what, dict)
                counts = [header.get(k) or {} for k in ("error_counts", "check_counts")]
                if not all(isinstance(c, dict) for c in counts):
                    raise codec.Damage(f"{what} has flag counts that are not a JSON object")
            except codec.Damage as damage:
                raise self._damaged(run_id, str(damage)) from None
            out.append(ErrorPoint(run_id, row.created, row.label, row.name, *counts))
        return out


def _systems_with_scores(run_seqs: list[int]) -> sa.Select:
    """Systems of these runs with their corpus scores, in run and system order."""
    return (
        sa.select(
            S.systems.c.id,
            S.systems.c.run_seq,
            S.systems.c.name,
            S.systems.c.path,
            S.systems.c.sha256,
            S.scores.c.metric,
            S.scores.c.value,
            S.scores.c.ci_low,
            S.scores.c.ci_high,
        )
        .select_from(S.systems.outerjoin(S.scores, S.scores.c.system_id == S.systems.c.id))
        .where(S.systems.c.run_seq.in_(run_seqs))
        .order_by(S.systems.c.run_seq, S.systems.c.position, S.scores.c.id)
    )


def _run_info(row: sa.Row) -> RunInfo:
    return RunInfo(
        run_id=row.run_id,
        created=row.created,
        label=row.label,
        tool_version=row.tool_version,
        mode=row.mode,
        metrics=[m for m in (row.metrics or "").split(",") if m],
        reference_path=row.reference_path,
        reference_sha256=row.reference_sha256,
        reference_sentences=row.reference_sentences,
        comet_model=row.comet_model,
    )


def _new_id(conn: sa.Connection) -> str:
    while True:
        run_id = secrets.token_hex(4)
        taken = conn.execute(sa.select(S.runs.c.seq).where(S.runs.c.run_id == run_id))
        if taken.first() is None:
            return run_id


def _insert_run(conn: sa.Connection, data: dict[str, Any], label: str | None) -> tuple[int, str]:
    """The ``runs`` row of a run's JSON (version-1 layout); returns (seq, run id)."""
    meta = data.get("meta") or {}
    comet = meta.get("comet") or {}
    ref = data.get("reference") or {}
    run_id = _new_id(conn)
    seq = conn.execute(
        sa.insert(S.runs).values(
            run_id=run_id,
            created=meta.get("created") or datetime.now(UTC).isoformat(timespec="seconds"),
            label=label,
            tool_version=meta.get("version"),
            mode=data.get("mode"),
            metrics=",".join(data.get("metrics") or []),
            comet_model=comet.get("model"),
            reference_path=ref.get("path"),
            reference_sha256=ref.get("sha256"),
            reference_sentences=ref.get("sentences"),
            header_json=_dumps({k: (None if k == "systems" else v) for k, v in data.items()}),
        )
    ).inserted_primary_key[0]
    return seq, run_id


def _insert_system(conn: sa.Connection, seq: int, position: int, system: dict[str, Any]) -> None:
    """One system's row, its segments blob and its normalised corpus scores."""
    header = {k: (None if k == "segments" else v) for k, v in system.items()}
    blob = zlib.compress(_dumps(system.get("segments") or []).encode("utf-8"), 3)
    system_id = conn.execute(
        sa.insert(S.systems).values(
            run_seq=seq,
            position=position,
            name=system["name"],
            path=system.get("path"),
            sha256=system.get("sha256"),
            sentences=system.get("sentences"),
            header_json=_dumps(header),
            segments_blob=blob,
        )
    ).inserted_primary_key[0]
    cis = system.get("corpus_ci") or {}
    sigs = system.get("signatures") or {}
    rows = [
        {
            "run_seq": seq,
            "system_id": system_id,
            "metric": metric,
            "value": value,
            "ci_low": cis[metric][0] if len(cis.get(metric) or []) == 2 else None,
            "ci_high": cis[metric][1] if len(cis.get(metric) or []) == 2 else None,
            "signature": sigs.get(metric),
        }
        for metric, value in (system.get("corpus") or {}).items()
    ]
    if rows:
        conn.execute(sa.insert(S.scores), rows)
