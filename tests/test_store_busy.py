"""The start of a SQLite transaction is retried when SQLite answers "locked" at once."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, exc

from mtcompare.store.engine import create_engine, resolve_url, transaction


def _flaky_engine(tmp_path, message: str, failures: int):
    engine = create_engine(resolve_url(str(tmp_path / "runs.sqlite")))
    calls = {"n": 0}

    @event.listens_for(engine, "begin")
    def _fail_first(conn) -> None:  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= failures:
            raise exc.OperationalError("BEGIN", {}, sqlite3.OperationalError(message))

    return engine, calls


@pytest.mark.parametrize("write", [False, True])
def test_busy_start_is_retried(tmp_path, write):
    engine, calls = _flaky_engine(tmp_path, "database is locked", failures=2)
    with transaction(engine, write=write) as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    assert calls["n"] == 3
    engine.dispose()


def test_other_errors_are_not_retried(tmp_path):
    engine, calls = _flaky_engine(tmp_path, "disk I/O error", failures=5)
    with pytest.raises(exc.OperationalError, match="disk I/O error"), transaction(engine, False):
        pass
    assert calls["n"] == 1
    engine.dispose()


def test_busy_connect_is_retried(tmp_path):
    """Opening a connection runs the PRAGMAs (journal_mode = WAL), which SQLite can also
    answer "locked" at once while another process creates the store."""
    engine = create_engine(resolve_url(str(tmp_path / "runs.sqlite")))
    calls = {"n": 0}

    @event.listens_for(engine, "connect")
    def _fail_first(dbapi_conn, record) -> None:  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= 2:
            raise sqlite3.OperationalError("database is locked")

    with transaction(engine, write=False) as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    assert calls["n"] == 3
    engine.dispose()
