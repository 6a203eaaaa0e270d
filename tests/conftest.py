"""Shared paths: the read-only data beside the repository (``../shared``); the run-store
URLs the store tests run on (SQLite, and a throwaway PostgreSQL server when one exists)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from glob import glob
from pathlib import Path

import pytest
import sqlalchemy as sa

from mtcompare.store import resolve_url

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
WMT22 = SHARED / "data" / "wmt22"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def seed_ref() -> Path:
    """001: the better MT version of the Washington Post article, used as reference."""
    return next(_need(SEEDS).glob("001_*.txt"))


@pytest.fixture(scope="session")
def seed_hyp() -> Path:
    """000: the worse MT version of the same article (names, numbers, meaning errors)."""
    return next(_need(SEEDS).glob("000_*.txt"))


@pytest.fixture(scope="session")
def wmt22_dir() -> Path:
    return _need(WMT22)


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path_factory, monkeypatch):
    """Runs that tests save go to a throw-away store, never the repository's results/."""
    store = tmp_path_factory.mktemp("store") / "runs.sqlite"
    monkeypatch.setenv("MTCOMPARE_DB", f"sqlite:///{store}")


# -- PostgreSQL: a temporary cluster for the session -----------------------------------


def _pg_bindir() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _skip_pg(why: str) -> None:
    warnings.warn(f"PostgreSQL tests skipped: {why}", stacklevel=2)
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server on 127.0.0.1, stopped and removed at the end.

    ``MTCOMPARE_TEST_PG_URL`` points the tests at an existing server instead. initdb
    refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
    """
    if url := os.environ.get("MTCOMPARE_TEST_PG_URL"):
        yield url
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _skip_pg("psycopg is not installed (pip install -e '.[postgres]')")
    bindir = _pg_bindir()
    if bindir is None:
        _skip_pg("no PostgreSQL server binaries (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    # as root, under /tmp: $TMPDIR may be a directory the postgres user cannot enter
    base = Path(tempfile.mkdtemp(prefix="mtcompare-pg-", dir="/tmp" if as_root else None))
    prefix: list[str] = []
    if as_root:
        user = "postgres" if _has_user("postgres") else "nobody"
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
        prefix = ["runuser", "-u", user, "--"]
    data, log, port = base / "data", base / "server.log", _free_port()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)

    init = run(str(bindir / "initdb"), "-D", str(data), "-U", "mtc", "--auth=trust",
               "-E", "UTF8", "--no-sync")  # fmt: skip
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off"
    start = None
    if init.returncode == 0:
        start = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                    "-o", options, "start")  # fmt: skip
    if start is None or start.returncode != 0:
        server_log = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        failed = start if start is not None else init
        pytest.fail(f"cannot start PostgreSQL: {failed.stderr}{failed.stdout}{server_log}")
    try:
        yield f"postgresql://mtc@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh database on the session's server, so every test starts empty."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolve_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'runs.sqlite'}"
    return request.getfixturevalue("pg_url")
