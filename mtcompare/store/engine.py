"""Where the run store lives and how to connect to it.

SQLite (the default, a file under ``results/``) is opened in WAL mode with a busy
timeout, and write transactions start with ``BEGIN IMMEDIATE``: two ``mtcompare score``
processes then queue for the write lock instead of failing with "database is locked".
A SQLite store this process may not write (file or directory permissions, a read-only
file system) is opened read-only, so it can still be listed and shown.
"""

from __future__ import annotations

import os
import shlex
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc

from mtcompare.core.errors import (
    InputError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
)

ENV_VAR = "MTCOMPARE_DB"
DEFAULT_PATH = Path("results") / "mtcompare.sqlite"
#: How long a writer waits for another writer's lock (seconds).
BUSY_TIMEOUT = 60.0


def resolve_url(db: str | None = None) -> sa.URL:
    """``--db``, else ``$MTCOMPARE_DB``, else ``results/mtcompare.sqlite`` in the cwd.

    A plain path means SQLite; ``postgresql://`` and ``postgres://`` use psycopg 3.
    """
    raw = db or os.environ.get(ENV_VAR) or str(DEFAULT_PATH)
    if "://" not in raw:
        return sa.URL.create("sqlite", database=str(Path(raw).expanduser()))
    try:
        url = sa.make_url(raw)
    except exc.ArgumentError:
        raise InputError(f"bad store URL {raw!r}") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise InputError("an in-memory SQLite store would forget every run: give a file")
        return url
    raise InputError(f"unsupported store URL {raw!r} (use a path, sqlite:///PATH or postgresql://)")


def describe(url: sa.URL) -> str:
    """The store as shown to users: a SQLite path, or the server URL without password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


def read_only_reason(url: sa.URL) -> str | None:
    """Why this process cannot write an existing SQLite store, or None when it can.

    ``os.access`` answers for the effective user (root may write a 0444 file) and
    reports a read-only file system too. SQLite in WAL mode writes beside the file
    (``-wal``, ``-shm``), so the directory must be writable as well.
    """
    if url.get_backend_name() != "sqlite":
        return None
    path = Path(str(url.database))
    if not path.is_file():
        return None
    if _read_only_fs(path):
        return "on a read-only file system"
    if not os.access(path, os.W_OK):
        return "no write permission on the file"
    if not os.access(path.parent, os.W_OK):
        return f"no write permission on its directory {path.parent}"
    return None


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def create_engine(url: sa.URL, read_only: bool = False) -> sa.Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, read_only)
    try:
        return sa.create_engine(url, pool_pre_ping=False)
    except (ModuleNotFoundError, exc.NoSuchModuleError):
        raise InputError(
            "PostgreSQL stores need psycopg: pip install 'mtcompare[postgres]'"
        ) from None


def _read_only_url(path: Path) -> sa.URL:
    """A ``mode=ro`` URI. With no ``-wal``/``-shm`` beside the file, SQLite could only
    read it by creating them (impossible, or litter in another user's directory), so it
    is opened ``immutable``: no process is writing it in WAL mode then, and nothing is
    created."""
    query = {"mode": "ro", "uri": "true"}
    if not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm")):
        query["immutable"] = "1"
    database = "file:" + urllib.parse.quote(str(path.absolute()))
    return sa.URL.create("sqlite", database=database, query=query)


def _sqlite_engine(url: sa.URL, read_only: bool = False) -> sa.Engine:
    path = Path(str(url.database))
    if path.is_dir():
        raise InputError(f"run store path is a directory: {path}")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(
                f"cannot create the run store directory {path.parent}: {e.strerror or e}"
            ) from None
        if not path.exists() and not os.access(path.parent, os.W_OK):
            raise StoreReadOnlyError(
                f"cannot create run store {path}: no write permission on {path.parent}"
            )
    target = _read_only_url(path) if read_only else url
    engine = sa.create_engine(target, connect_args={"timeout": BUSY_TIMEOUT})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below emit BEGIN, so writers can ask for IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if not read_only:  # switching to WAL writes the file header
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("mtcompare_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


#: Driver messages of a write the disk could not take (SQLite, PostgreSQL).
_FULL = ("database or disk is full", "disk i/o error", "no space left", "file too large")
_DAMAGED = ("database disk image is malformed", "malformed database schema")


@contextmanager
def db_errors(where: str, action: str | None = None) -> Iterator[None]:
    """Turn a driver error into one line naming the store (the CLI exits 2 on it).

    ``action`` names a write ("save the run"): its failures say that the transaction
    was rolled back, which is true by then, since the transaction is opened inside.
    """
    try:
        yield
    except exc.DBAPIError as e:
        detail = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
        raise _store_error(e, detail, where, action) from None


def _store_error(e: exc.DBAPIError, detail: str, where: str, action: str | None) -> InputError:
    low = detail.lower()
    if "file is not a database" in low:
        return StoreDamagedError(f"{where} is not a SQLite database (not a run store)")
    if any(m in low for m in _DAMAGED):
        salvage = f"sqlite3 {shlex.quote(where)} .recover | sqlite3 recovered.sqlite"
        return StoreDamagedError(
            f"run store {where} is damaged ({detail}): restore a copy, or salvage the "
            f"runs with: {salvage}"
        )
    if action is None:
        if isinstance(e, exc.OperationalError):
            return StoreError(f"cannot use run store {where}: {detail}")
        return StoreError(f"run store {where}: {detail}")
    kept = "the transaction was rolled back, the store keeps its earlier runs"
    if "readonly database" in low:
        return StoreReadOnlyError(f"cannot {action}: run store {where} is read-only ({detail})")
    if any(m in low for m in _FULL) or type(e.orig).__name__ == "DiskFull":
        said = "full" in low or "no space" in low
        why = "" if said else " (is the disk full or a file size limit reached?)"
        return StoreWriteError(f"cannot {action} in run store {where}: {detail}{why}; {kept}")
    return StoreWriteError(f"cannot {action} in run store {where}: {detail}; {kept}")


def _busy(error: exc.OperationalError) -> bool:
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


@contextmanager
def transaction(engine: sa.Engine, write: bool) -> Iterator[sa.Connection]:
    """A transaction that has its snapshot (read) or write lock before it is handed out.

    SQLite in WAL mode can answer SQLITE_BUSY at once, without waiting out the busy
    timeout, when a connection opens while another process's last connection is
    cleaning up the WAL files. Only the start of a transaction is exposed to that, so
    the start is retried until the busy timeout; nothing has been read or written yet.
    """
    probe = engine.dialect.name == "sqlite"
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        conn: sa.Connection | None = None
        try:
            # Connecting runs the PRAGMAs (journal_mode = WAL among them), which can be
            # answered BUSY too while another process creates or checkpoints the store.
            conn = engine.connect()
            if write:
                conn = conn.execution_options(mtcompare_write=True)
            tx = conn.begin()
            if probe:  # a deferred BEGIN takes its snapshot at the first read
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            break
        except exc.OperationalError as error:
            if conn is not None:
                conn.close()
            if not (probe and _busy(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    with conn, tx:
        yield conn
