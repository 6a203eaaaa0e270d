"""Run store failures: damaged SQLite files and rows, read-only stores, a full disk.

Each is one line on stderr and exit 2 through the CLI, never a traceback, and leaves
what is stored as it was. Read-only stores are made read-only for real: permission bits
checked by an unprivileged user (as root, a forked child drops to ``nobody``), and a
read-only bind mount; the full disk is a file size limit (RLIMIT_FSIZE) and a full tmpfs.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mtcompare import score
from mtcompare.cli.app import main
from mtcompare.core.errors import StoreReadOnlyError
from mtcompare.render.table import to_json
from mtcompare.store import Store
from mtcompare.store import schema as S

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"

COMMANDS = {
    "list": ["runs", "list"],
    "show": ["runs", "show", "latest"],
    "compare": ["runs", "compare", "latest~1", "latest"],
    "export-csv": ["runs", "export"],
    "export-json": ["runs", "export", "-f", "json"],
    "trend": ["runs", "trend", "-s", "mt_a"],
}


@pytest.fixture(scope="module")
def live_run():
    return score(REF, [MT_A, MT_B])


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _two_runs(path: Path, live_run) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with Store(str(path)) as store:
        return store.save(live_run, label="old"), store.save(live_run, label="new")


def _sql(path: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(statement, params)
    conn.close()


def _assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 2 and out == "", (code, out, err)
    assert err.count("\n") == 1 and err.startswith("mtcompare: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, (needle, err)


# -- damaged SQLite files and values -----------------------------------------------------

#: Damage only SQLite can hold (its columns keep any type), and the commands that read it.
TYPE_DAMAGE = {
    "score not a number": (
        "UPDATE scores SET value = 'abc' WHERE run_seq = 2",
        "column scores.value holds 'abc', not a number",
        {"list", "export-csv", "export-json", "trend"},
    ),
    "label not text": (
        "UPDATE runs SET label = x'00ff' WHERE seq = 2",
        "column runs.label holds b'\\x00\\xff', not text",
        {"list", "export-csv", "export-json", "trend"},
    ),
    "system name not text": (
        "UPDATE systems SET name = x'01' WHERE run_seq = 2",
        "column systems.name holds b'\\x01', not text",
        {"list", "export-csv", "export-json"},  # trend -s mt_a does not select it
    ),
}


@pytest.mark.parametrize("damage", TYPE_DAMAGE)
def test_values_of_the_wrong_type_name_the_run_and_column(
    damage: str, tmp_path: Path, live_run, capsys
) -> None:
    db = tmp_path / "runs.sqlite"
    _, damaged = _two_runs(db, live_run)
    statement, detail, failing = TYPE_DAMAGE[damage]
    _sql(db, statement)
    content = db.read_bytes()
    for name, args in COMMANDS.items():
        code, out, err = cli(capsys, *args, "--db", str(db))
        if name in failing:
            _assert_one_line_error(code, out, err, f"run store {db}: stored run {damaged}", detail)
        else:
            assert code == 0, (name, err)
    assert db.read_bytes() == content


SCHEMA_DAMAGE = {
    "version not an integer": ("UPDATE mtcompare_schema SET version = 'two'", "'two'"),
    "version a fraction": ("UPDATE mtcompare_schema SET version = 2.5", "2.5"),
    "version row missing": ("DELETE FROM mtcompare_schema", "has 0 rows, not 1"),
}


@pytest.mark.parametrize("damage", SCHEMA_DAMAGE)
def test_damaged_schema_version_fails_every_command_and_migrates_nothing(
    damage: str, tmp_path: Path, live_run, capsys
) -> None:
    db = tmp_path / "runs.sqlite"
    _two_runs(db, live_run)
    statement, detail = SCHEMA_DAMAGE[damage]
    _sql(db, statement)
    content = db.read_bytes()
    for args in [*COMMANDS.values(), ["score", "--ref", str(REF), str(MT_A), "-q"]]:
        code, out, err = cli(capsys, *args, "--db", str(db))
        _assert_one_line_error(code, out, err, f"run store {db} is damaged", detail)
    assert db.read_bytes() == content
    assert not list(tmp_path.glob("*.bak"))


def _truncate(db: Path) -> None:
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size // 2)


def _overwrite_pages(db: Path) -> None:
    """Garbage over every page but the first (the header and schema stay readable)."""
    rng = random.Random(7)
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.seek(4096)
        f.write(bytes(rng.randrange(256) for _ in range(size - 4096)))


@pytest.mark.parametrize("damage", [_truncate, _overwrite_pages], ids=["truncated", "garbage"])
def test_damaged_file_is_one_line_for_every_command(damage, tmp_path: Path, live_run, capsys):
    db = tmp_path / "runs.sqlite"
    _two_runs(db, live_run)
    damage(db)
    content = db.read_bytes()
    for args in COMMANDS.values():
        code, out, err = cli(capsys, *args, "--db", str(db))
        _assert_one_line_error(
            code, out, err, f"run store {db} is damaged (database disk image is malformed)"
        )
        assert ".recover" in err
    assert db.read_bytes() == content


def test_damaged_header_of_an_old_store_does_not_stop_its_upgrade(
    tmp_path: Path, live_run, capsys
) -> None:
    """Version 2 backfills inputs from each run's header: a damaged one is skipped, the
    store is upgraded, the sound run is read back and the damaged one is named."""
    db = tmp_path / "runs.sqlite"
    _make_v1_store(db, [live_run, live_run])
    _sql(db, "UPDATE runs SET header_json = '{\"reference\": ' WHERE seq = 2")
    sound, broken = _id(db, 1), _id(db, 2)
    with Store(str(db)) as store:
        assert store.version() == S.SCHEMA_VERSION and len(store.list_runs()) == 2
        assert to_json(store.load(sound)) == to_json(live_run)
    code, out, err = cli(capsys, "runs", "show", broken, "--db", str(db))
    _assert_one_line_error(code, out, err, f"stored run {broken} is damaged: run header is not")


def _make_v1_store(db: Path, runs: list) -> None:  # type: ignore[type-arg]
    """A store exactly as version 1 of the schema wrote it."""
    from mtcompare.store import repository as repo
    from mtcompare.store.engine import create_engine, resolve_url

    engine = create_engine(resolve_url(str(db)))
    with engine.connect() as conn:
        conn = conn.execution_options(mtcompare_write=True)
        with conn.begin():
            assert S.migrate(conn, str(db), target=1) == (0, 1)
            for run in runs:
                data = run.to_dict()
                seq, _ = repo._insert_run(conn, data, "old")
                for k, system in enumerate(data["systems"]):
                    repo._insert_system(conn, seq, k, system)
    engine.dispose()


def _id(db: Path, seq: int) -> str:
    with sqlite3.connect(db) as conn:
        (run_id,) = conn.execute("SELECT run_id FROM runs WHERE seq = ?", (seq,)).fetchone()
    conn.close()
    return run_id


def test_failed_backup_before_an_upgrade_leaves_no_partial_copy(
    tmp_path: Path, live_run, capsys
) -> None:
    db = tmp_path / "runs.sqlite"
    _make_v1_store(db, [live_run])
    (tmp_path / "runs.sqlite.v1.bak.part").mkdir()  # SQLite cannot open a directory
    code, out, err = cli(capsys, "runs", "list", "--db", str(db))
    _assert_one_line_error(code, out, err, f"cannot back up run store {db}", "not changed")
    assert not (tmp_path / "runs.sqlite.v1.bak").exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM mtcompare_schema").fetchone() == (1,)
    conn.close()


# -- read-only stores ----------------------------------------------------------------------

NOBODY = 65534


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory an unprivileged user can enter (pytest's tmp_path is 0700 for root)."""
    path = Path(tempfile.mkdtemp(prefix="mtcompare-ro-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in (path, *path.rglob("*")):
            p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(path)


def _in_child(fn: Callable[[], int]) -> tuple[int, str, str]:
    """``fn()`` in a forked child that cannot override permissions: as root it drops to
    ``nobody`` (modules already imported, so it needs no access to them); its exit code,
    stdout and stderr (a traceback and 99 if it raised)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            os.close(out_r)
            os.close(err_r)
            sys.stdout = os.fdopen(out_w, "w")
            sys.stderr = os.fdopen(err_w, "w")
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            code = fn()
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(out_r) as out_f, os.fdopen(err_r) as err_f:
        out, err = out_f.read(), err_f.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


def as_unprivileged(*argv: str) -> tuple[int, str, str]:
    return _in_child(lambda: main(list(argv)))


def _warm_up(capsys, db: Path) -> None:  # type: ignore[no-untyped-def]
    """Run the commands once as this user, so the child finds their lazy imports done."""
    for args in (
        ["runs", "list"],
        ["runs", "show", "latest", "-f", "json"],
        ["score", "--ref", str(REF), str(MT_A), "-q", "-f", "json"],
        ["score", "--ref", str(REF), str(MT_A), "-q"],
    ):  # fmt: skip (rich's lazy tables)
        cli(capsys, *args, "--db", str(db))


def _read_only_store(
    shared_dir: Path, live_run, capsys, file_mode: int, dir_mode: int
) -> tuple[Path, dict[str, str]]:
    """A store of one run and its list/show output while writable (which also does the
    commands' lazy imports), then made read-only by its modes. As root the file goes to
    ``nobody`` when its mode lets the owner write, so that only the directory stops it."""
    db = shared_dir / "runs.sqlite"
    with Store(str(db)) as store:
        store.save(live_run, label="kept")
    expected = {}
    for name, args in (("list", ["runs", "list", "-f", "json"]),
                       ("show", ["runs", "show", "latest", "-f", "json"])):  # fmt: skip
        code, out, _ = cli(capsys, *args, "--db", str(db))
        assert code == 0
        expected[name] = out
    _warm_up(capsys, shared_dir / "warm.sqlite")
    (shared_dir / "warm.sqlite").unlink()
    if os.geteuid() == 0 and file_mode & 0o200:
        os.chown(db, NOBODY, NOBODY)
    db.chmod(file_mode)
    shared_dir.chmod(dir_mode)
    return db, expected


READ_ONLY_CASES = {
    # file mode, directory mode, reason shown
    "file and directory": (0o444, 0o555, "no write permission on the file"),
    "file only": (0o444, 0o777, "no write permission on the file"),
    "directory only": (0o644, 0o555, "no write permission on its directory"),
}


@pytest.mark.parametrize("case", READ_ONLY_CASES)
def test_read_only_store_is_read_and_refuses_writes_in_one_line(
    case: str, shared_dir: Path, live_run, capsys
) -> None:
    file_mode, dir_mode, reason = READ_ONLY_CASES[case]
    db, expected = _read_only_store(shared_dir, live_run, capsys, file_mode, dir_mode)
    content, names = db.read_bytes(), sorted(os.listdir(shared_dir))
    code, out, err = as_unprivileged("runs", "list", "-f", "json", "--db", str(db))
    assert (code, err) == (0, "") and out == expected["list"]
    code, out, err = as_unprivileged("runs", "show", "latest", "-f", "json", "--db", str(db))
    assert (code, err) == (0, "") and out == expected["show"] == to_json(live_run)
    code, out, err = as_unprivileged("runs", "delete", "latest", "--db", str(db))
    _assert_one_line_error(code, out, err, "cannot delete run", f"{db} is read-only ({reason}")
    code, out, err = as_unprivileged("score", "--ref", str(REF), str(MT_A), "-q", "--db", str(db))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"mtcompare: error: cannot save the run: run store {db} is read-only")
    assert "--no-save" in err
    assert out == ""  # refused before scoring, not after printing the tables
    # nothing written, and no -wal/-shm left behind in someone else's directory
    assert db.read_bytes() == content and sorted(os.listdir(shared_dir)) == names


def test_new_store_in_a_read_only_directory(shared_dir: Path, tmp_path: Path, capsys) -> None:
    _warm_up(capsys, tmp_path / "warm.sqlite")
    shared_dir.chmod(0o555)
    db = shared_dir / "new.sqlite"
    code, out, err = as_unprivileged("runs", "list", "--db", str(db))
    _assert_one_line_error(code, out, err, f"cannot create run store {db}: no write permission")
    assert not db.exists()


def test_read_only_old_store_names_the_upgrade_it_needs(
    shared_dir: Path, tmp_path: Path, live_run, capsys
) -> None:
    _warm_up(capsys, tmp_path / "warm.sqlite")
    db = shared_dir / "old.sqlite"
    _make_v1_store(db, [live_run])
    content = db.read_bytes()
    db.chmod(0o444)
    shared_dir.chmod(0o555)
    code, out, err = as_unprivileged("runs", "list", "--db", str(db))
    _assert_one_line_error(
        code, out, err, "cannot upgrade the run store's schema", f"{db} is read-only"
    )
    assert db.read_bytes() == content and sorted(os.listdir(shared_dir)) == ["old.sqlite"]


def test_store_api_says_why_it_is_read_only(shared_dir: Path, live_run, capsys) -> None:
    db, _ = _read_only_store(shared_dir, live_run, capsys, 0o444, 0o555)

    def api() -> int:
        with Store(str(db)) as store:
            assert store.read_only == "no write permission on the file"
            assert [r.label for r in store.list_runs()] == ["kept"]
            for attempt in (store.check_writable, lambda: store.save(live_run)):
                with pytest.raises(StoreReadOnlyError, match="cannot save the run: run store"):
                    attempt()
        return 0

    assert _in_child(api) == (0, "", "")
    with Store(str(db)) as store:  # this user (root) may write it: not read-only for us
        assert store.read_only is None or os.geteuid() != 0


def _run_in_mount_namespace(script: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) for a private mount namespace")
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True, text=True)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.strip()}")
    env = {**os.environ, "PYTHONPATH": str(REPO), "MTCOMPARE_DB": "/nonexistent/x.sqlite"}
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-ec", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_store_on_a_read_only_file_system(tmp_path: Path, live_run, capsys) -> None:
    """As root, a read-only bind mount: permission bits do not stop root, EROFS does."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    db = mount / "runs.sqlite"
    with Store(str(db)) as store:
        store.save(live_run, label="kept")
    code, expected, _ = cli(capsys, "runs", "list", "-f", "json", "--db", str(db))
    assert code == 0
    content = db.read_bytes()
    py = f"{sys.executable} -m mtcompare"
    done = _run_in_mount_namespace(textwrap.dedent(f"""
        mount --bind {mount} {mount}
        mount -o remount,bind,ro {mount}
        {py} runs list -f json --db {db} > {tmp_path}/list.json
        {py} runs show latest -f json --db {db} > {tmp_path}/show.json
        if {py} score --ref {REF} {MT_A} -q --db {db} > /dev/null 2> {tmp_path}/err; then
            echo "score saved into a read-only file system"; exit 1
        fi
    """))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "list.json").read_text() == expected
    assert (tmp_path / "show.json").read_text() == to_json(live_run)
    err = (tmp_path / "err").read_text()
    assert err.count("\n") == 1 and "on a read-only file system" in err and "Traceback" not in err
    assert db.read_bytes() == content and sorted(os.listdir(mount)) == ["runs.sqlite"]


# -- full disk ---------------------------------------------------------------------------

LIMITED = textwrap.dedent(
    """
    import resource, signal, sys
    from mtcompare.cli.app import main

    limit = int(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.exit(main(sys.argv[2:]))
    """
)


def _big_inputs(tmp_path: Path, lines: int = 4000) -> tuple[Path, Path]:
    """A line-aligned reference and MT of the repository's own words (about 280 kB
    each), so the run's blob is larger than the file size limit of the test."""
    words = " ".join(p.read_text("utf-8") for p in (REF, MT_A, MT_B)).split()
    rng = random.Random(3)
    paths = []
    for name in ("ref", "hyp"):
        path = tmp_path / f"big.{name}.txt"
        path.write_text(
            "".join(" ".join(rng.choices(words, k=12)) + "\n" for _ in range(lines)), "utf-8"
        )
        paths.append(path)
    return paths[0], paths[1]


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("runs", "systems", "scores", "inputs")}  # fmt: skip
    conn.close()
    return counts


def _score_args(db: Path, ref: Path, hyp: Path) -> list[str]:
    return ["score", "--lines", "-m", "bleu", "--ref", str(ref), str(hyp), "-f", "json", "-q",
            "--db", str(db), "--label", "doomed"]  # fmt: skip


def _check_kept(db: Path, before: dict[str, int], kept_json: str, live_run) -> None:
    assert _counts(db) == before
    with Store(str(db)) as store:
        (run,) = store.list_runs()
        assert run.label == "kept" and to_json(store.load(run.run_id)) == kept_json
        again = store.save(live_run, label="after")  # the store is not stuck either
        assert store.resolve("latest") == again


def test_file_size_limit_during_a_save_rolls_it_back(tmp_path: Path, live_run, capsys) -> None:
    db = tmp_path / "runs.sqlite"
    with Store(str(db)) as store:
        store.save(live_run, label="kept")
    before, content = _counts(db), db.read_bytes()
    ref, hyp = _big_inputs(tmp_path)
    # room for the store file and SQLite's 32 KiB shared-memory index, not for the run
    limit = max(db.stat().st_size, 32768) + 65536
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", LIMITED, str(limit), *_score_args(db, ref, hyp)],
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"mtcompare: error: cannot save the run in run store {db}: ")
    assert "the transaction was rolled back, the store keeps its earlier runs" in done.stderr
    assert len(json.loads(done.stdout)["systems"][0]["segments"]) == 4000  # it did score
    assert db.read_bytes() == content
    _check_kept(db, before, to_json(live_run), live_run)


def test_full_disk_during_a_save_rolls_it_back(tmp_path: Path, live_run, capsys) -> None:
    """A real ENOSPC: a 192 KiB tmpfs in a private mount namespace."""
    mount = tmp_path / "small"
    mount.mkdir()
    ref, hyp = _big_inputs(tmp_path)
    py = f"{sys.executable} -m mtcompare"
    db = mount / "runs.sqlite"
    kept = f"score --ref {REF} {MT_A} {MT_B} -q -f json --db {db} --label kept"
    check = f"import sqlite3; print(sqlite3.connect('{db}').execute('PRAGMA integrity_check')"
    done = _run_in_mount_namespace(textwrap.dedent(f"""
        mount -t tmpfs -o size=192k tmpfs {mount}
        {py} {kept} > {tmp_path}/kept.json
        if {py} {" ".join(_score_args(db, ref, hyp))} > /dev/null 2> {tmp_path}/err; then
            echo "the big run fitted"; exit 1
        fi
        {py} runs list -f json --db {db} > {tmp_path}/list.json
        {py} runs show latest -f json --db {db} > {tmp_path}/show.json
        {sys.executable} -c "{check}.fetchone()[0])" > {tmp_path}/check
    """))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    err = (tmp_path / "err").read_text()
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"mtcompare: error: cannot save the run in run store {db}: ")
    assert "database or disk is full" in err and "rolled back" in err
    (listed,) = json.loads((tmp_path / "list.json").read_text())
    assert listed["label"] == "kept"
    assert (tmp_path / "show.json").read_text() == (tmp_path / "kept.json").read_text()
    assert (tmp_path / "check").read_text() == "ok\n"
