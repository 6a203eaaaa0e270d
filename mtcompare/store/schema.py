"""Tables of the run store and the migrations that build them, version by version.

The schema version lives in its own one-row table, so a tool can tell an older store
(migrate it), its own (use it) and a newer one (refuse: it might misread it). Each
migration runs inside the caller's transaction, so a failed upgrade leaves the store as
it was. Migrations only ever add tables, columns or indexes and backfill them: an upgrade
never drops a run. If a later migration ever alters a table, the earlier migration must
get a frozen copy of that table's old definition instead of using the one below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from mtcompare.core.errors import InputError, StoreDamagedError

metadata = sa.MetaData()

schema_version = sa.Table(
    "mtcompare_schema",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated", sa.String(40), nullable=False),
)

#: One row per stored run. ``header_json`` is the run's JSON without its systems (key
#: order kept), so a stored run rebuilds the exact JSON of the live run, future keys too.
runs = sa.Table(
    "runs",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(16), nullable=False, unique=True),
    sa.Column("created", sa.String(40), nullable=False, index=True),
    sa.Column("label", sa.String(200), index=True),
    sa.Column("tool_version", sa.String(40)),
    sa.Column("mode", sa.String(16)),
    sa.Column("metrics", sa.Text),
    sa.Column("comet_model", sa.Text),
    sa.Column("reference_path", sa.Text),
    sa.Column("reference_sha256", sa.String(64)),
    sa.Column("reference_sentences", sa.Integer),
    sa.Column("header_json", sa.Text, nullable=False),
)

#: One row per system of a run; segments (sentence scores and error flags) are one
#: zlib-compressed JSON blob, since they are only ever read whole.
systems = sa.Table(
    "systems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_seq", sa.Integer, sa.ForeignKey("runs.seq", ondelete="CASCADE"), index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False, index=True),
    sa.Column("path", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("sentences", sa.Integer),
    sa.Column("header_json", sa.Text, nullable=False),
    sa.Column("segments_blob", sa.LargeBinary, nullable=False),
)

#: Corpus scores, normalised so that list, trend and export never open a blob.
scores = sa.Table(
    "scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_seq", sa.Integer, sa.ForeignKey("runs.seq", ondelete="CASCADE"), index=True),
    sa.Column("system_id", sa.Integer, sa.ForeignKey("systems.id", ondelete="CASCADE"), index=True),
    sa.Column("metric", sa.String(32), nullable=False, index=True),
    sa.Column("value", sa.Double),
    sa.Column("ci_low", sa.Double),
    sa.Column("ci_high", sa.Double),
    sa.Column("signature", sa.Text),
)

#: Version 2: every input file of a run (reference, systems, COMET source, docids) with
#: its content hash, so runs can be found by the exact file they scored.
inputs = sa.Table(
    "inputs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_seq", sa.Integer, sa.ForeignKey("runs.seq", ondelete="CASCADE"), index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("name", sa.String(200)),
    sa.Column("path", sa.Text),
    sa.Column("sha256", sa.String(64), index=True),
)


#: Version 3: a reviewer's decision on one flag of a stored run (several reviewers may
#: decide the same flag; every decision is kept). The flag's texts are copied so stats
#: and exports never open a segments blob.
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_seq", sa.Integer, sa.ForeignKey("runs.seq", ondelete="CASCADE"), index=True),
    sa.Column("flag_id", sa.String(40), nullable=False),
    sa.Column("system", sa.String(200), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("flag_ref", sa.Text, nullable=False),
    sa.Column("flag_hyp", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("ref", sa.Text, nullable=False),
    sa.Column("hyp", sa.Text, nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("created", sa.String(40), nullable=False),
)

#: Version 3: a variant the project accepts ("Thüringen" = "Thuringia"): flags of that
#: category with these two (normalised) texts read as accepted in later runs.
variants = sa.Table(
    "variants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("ref_key", sa.Text, nullable=False),
    sa.Column("hyp_key", sa.Text, nullable=False),
    sa.Column("ref", sa.Text, nullable=False),
    sa.Column("hyp", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("created", sa.String(40), nullable=False),
    sa.UniqueConstraint("category", "ref_key", "hyp_key", name="uq_variant"),
)


def input_rows(run_seq: int, run: dict) -> list[dict]:
    """The ``inputs`` rows of one run's JSON (also used to backfill version-1 stores)."""
    ref = run.get("reference") or {}
    rows = [dict(role="reference", name=None, path=ref.get("path"), sha256=ref.get("sha256"))]
    rows += [
        dict(role="system", name=s.get("name"), path=s.get("path"), sha256=s.get("sha256") or None)
        for s in run.get("systems") or []
    ]
    source = run.get("source") or {}
    if source.get("path"):
        rows.append(
            dict(role="source", name=None, path=source["path"], sha256=source.get("sha256"))
        )
    docids = (run.get("meta") or {}).get("docids")
    if docids:
        rows.append(dict(role="docids", name=None, path=docids, sha256=None))
    return [{"run_seq": run_seq, **r} for r in rows]


def _v1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[runs, systems, scores])


def _v2(conn: sa.Connection) -> None:
    inputs.create(conn)
    heads = conn.execute(sa.select(runs.c.seq, runs.c.header_json)).all()
    for seq, header_json in heads:
        try:  # a damaged header must not stop the upgrade: its run just lacks inputs
            run = json.loads(header_json)
        except (TypeError, ValueError):
            run = {}
        if not isinstance(run, dict):
            run = {}
        rows = conn.execute(
            sa.select(systems.c.name, systems.c.path, systems.c.sha256)
            .where(systems.c.run_seq == seq)
            .order_by(systems.c.position)
        ).all()
        run["systems"] = [dict(r._mapping) for r in rows]
        conn.execute(sa.insert(inputs), input_rows(seq, run))


def _v3(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[decisions, variants])


#: ``MIGRATIONS[v]`` turns a version ``v - 1`` store into version ``v``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _v1, 2: _v2, 3: _v3}
SCHEMA_VERSION = max(MIGRATIONS)


def read_version(conn: sa.Connection, where: str = "database") -> int:
    """0 for an empty database; InputError for a database holding something else, and
    StoreDamagedError when the version row is missing or not an integer."""
    inspector = sa.inspect(conn)
    if not inspector.has_table(schema_version.name):
        if inspector.get_table_names():
            raise InputError(f"{where} is not an mtcompare run store (it has other tables)")
        return 0
    # the table and its one row are created in one transaction: never one without the other
    versions = conn.execute(sa.select(schema_version.c.version)).scalars().all()
    if len(versions) != 1:
        raise StoreDamagedError(
            f"run store {where} is damaged: its schema version table has "
            f"{len(versions)} rows, not 1"
        )
    (version,) = versions
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreDamagedError(
            f"run store {where} is damaged: its schema version is {version!r:.40}, "
            "not a positive integer"
        )
    return version


def check_known(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise InputError(
            f"run store {where} has schema version {version}, this mtcompare knows up to "
            f"{SCHEMA_VERSION}: upgrade mtcompare"
        )


def migrate(conn: sa.Connection, where: str, target: int = SCHEMA_VERSION) -> tuple[int, int]:
    """Bring the store to ``target`` inside the caller's transaction; (old, new) versions."""
    if conn.dialect.name == "postgresql":
        # Two first runs against an empty server must not both create the tables.
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(0x6D74636D70)))
    current = read_version(conn, where)
    check_known(current, where)
    if current >= target:
        return current, current
    if current == 0:
        schema_version.create(conn)
    for version in range(current + 1, target + 1):
        MIGRATIONS[version](conn)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = {"version": target, "updated": now}
    if current == 0:
        conn.execute(sa.insert(schema_version).values(id=1, **values))
    else:
        conn.execute(sa.update(schema_version).values(**values))
    return current, target
