"""Run store: round trip, listing, ids, migrations, errors, compare/trend/export CLI.

Backend-neutral tests run on SQLite always and on a real PostgreSQL server (a temporary
cluster started with initdb/pg_ctl as an unprivileged user) when its binaries exist.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from mtcompare import ScoreOptions, score
from mtcompare.analysis.runs_compare import compare_runs, sentence_p_value
from mtcompare.cli.app import main
from mtcompare.core.errors import InputError
from mtcompare.render.table import to_json
from mtcompare.store import Store, resolve_url
from mtcompare.store import repository as repo
from mtcompare.store import schema as S
from mtcompare.store.engine import create_engine

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never write the repository's results/: the default store goes to a tmp dir."""
    monkeypatch.setenv("MTCOMPARE_DB", str(tmp_path / "default.sqlite"))


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_run():
    return score(REF, [MT_A, MT_B])


def swapped_run():
    """Same reference, the systems' files exchanged: mt_a gets worse on chrF sentences."""
    return score(REF, [MT_B, MT_A], ScoreOptions(names=["mt_a", "mt_b"]))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        counts = {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (S.runs, S.systems, S.scores, S.inputs)
        }
    engine.dispose()
    return counts


# -- round trip and queries ------------------------------------------------------------


def test_round_trip_rebuilds_the_live_json(db_url: str, live_run) -> None:
    live_run.systems[0].corpus_ci = {"chrf": [70.5, 81.25]}
    try:
        with Store(db_url) as store:
            run_id = store.save(live_run, label="nightly")
            assert len(run_id) == 8 and int(run_id, 16) >= 0
            assert json.dumps(store.load_dict(run_id)) == json.dumps(live_run.to_dict())
            assert to_json(store.load(run_id)) == to_json(live_run)
            (info,) = store.list_runs()
            assert info.label == "nightly" and info.reference_sha256 == live_run.reference["sha256"]
            assert info.systems[0].corpus_ci == {"chrf": [70.5, 81.25]}
            assert info.systems[1].corpus == live_run.systems[1].corpus
            assert [s.sha256 for s in info.systems] == [s.sha256 for s in live_run.systems]
    finally:
        live_run.systems[0].corpus_ci = {}


def test_round_trip_lines_mode_with_docids_and_unicode(db_url: str, tmp_path: Path) -> None:
    ref = tmp_path / "ref.txt"
    hyp = tmp_path / "hyp.txt"
    docs = tmp_path / "docids.txt"
    ref.write_text("Der Preis stieg um 12 %.\nZoë sagte nein.\nÇa va.\n", encoding="utf-8")
    hyp.write_text("The price rose 12%.\nZoe said no.\nFine.\n", encoding="utf-8")
    docs.write_text("d1\nd1\nd2\n", encoding="utf-8")
    live = score(ref, [hyp], ScoreOptions(lines=True, docids=docs))
    with Store(db_url) as store:
        run_id = store.save(live)
        assert to_json(store.load(run_id)) == to_json(live)
        roles = _input_roles(db_url)
    assert roles == ["docids", "reference", "system"]


def _input_roles(url: str) -> list[str]:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        roles = sorted(conn.execute(sa.select(S.inputs.c.role)).scalars())
    engine.dispose()
    return roles


def test_list_newest_first_with_filters(db_url: str, live_run, tmp_path: Path) -> None:
    other = score(REF, [MT_A], ScoreOptions(names=["solo"]))
    with Store(db_url) as store:
        ids = []
        for k, (run, label) in enumerate([(live_run, "a"), (other, "b"), (live_run, "a")]):
            run.meta["created"] = f"2024-05-0{k + 1}T10:00:00+00:00"
            ids.append(store.save(run, label=label))
        assert [r.run_id for r in store.list_runs()] == ids[::-1]
        assert [r.run_id for r in store.list_runs(label="a")] == [ids[2], ids[0]]
        assert [r.run_id for r in store.list_runs(system="solo")] == [ids[1]]
        assert [r.run_id for r in store.list_runs(limit=1)] == [ids[2]]
        assert store.list_runs(label="nope") == []
        assert store.resolve("latest") == ids[2] and store.resolve("latest~2") == ids[0]
        points = store.points(system="mt_a", metric="chrf")
        assert [p.run_id for p in points] == [ids[0], ids[2]]


def test_ids_prefix_ambiguous_unknown_and_delete(
    db_url: str, live_run, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixed = iter(["abc11111", "abc11111", "abc22222"])  # the repeat must be redrawn
    monkeypatch.setattr(repo.secrets, "token_hex", lambda n: next(fixed))
    with Store(db_url) as store:
        first, second = store.save(live_run), store.save(live_run)
        assert (first, second) == ("abc11111", "abc22222")
        assert store.resolve("ABC1") == first
        with pytest.raises(InputError, match="ambiguous"):
            store.resolve("abc")
        with pytest.raises(InputError, match="no run 'ffff'"):
            store.load("ffff")
        with pytest.raises(InputError, match="no run"):
            store.resolve("a%")  # LIKE wildcards are literal
        assert store.delete("abc2") == second
        assert [r.run_id for r in store.list_runs()] == [first]
    counts = row_counts(db_url)
    assert counts == {"runs": 1, "systems": 2, "scores": 6, "inputs": 3}


def test_interrupted_save_leaves_no_half_run(
    db_url: str, live_run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_url) as store:
        kept = store.save(live_run)
    before = row_counts(db_url)
    original = repo._insert_system

    def interrupt_after_first(conn, seq, position, system):  # type: ignore[no-untyped-def]
        original(conn, seq, position, system)
        raise KeyboardInterrupt  # Ctrl-C in the middle of the transaction

    monkeypatch.setattr(repo, "_insert_system", interrupt_after_first)
    with Store(db_url) as store, pytest.raises(KeyboardInterrupt):
        store.save(live_run)
    assert row_counts(db_url) == before
    with Store(db_url) as store:
        assert [r.run_id for r in store.list_runs()] == [kept]
        assert to_json(store.load(kept)) == to_json(live_run)


HAMMER = textwrap.dedent(
    """
    import sys
    from mtcompare import score
    from mtcompare.store import Store
    run = score(sys.argv[2], sys.argv[3:])
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for k in range(int(sys.argv[1])):
        with Store() as store:
            store.save(run, label=f"w{k}")
    """
)


def test_two_writer_processes_saving_in_a_loop_lose_nothing(db_url: str) -> None:
    """Many overlapping write transactions on a fresh store, so the two processes also
    race to create the schema."""
    env = {**os.environ, "MTCOMPARE_DB": db_url, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", HAMMER, "25", str(REF), str(MT_A), str(MT_B)]
    procs = [
        subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with Store(db_url) as store:
        runs = store.list_runs()
        assert len(runs) == 50 and len({r.run_id for r in runs}) == 50
        assert all(len(r.systems) == 2 and len(r.systems[1].corpus) == 3 for r in runs)


# -- schema versions -------------------------------------------------------------------


def _make_v1_store(url: str, runs: list) -> None:
    """A store exactly as version 1 of the schema wrote it."""
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        conn = conn.execution_options(mtcompare_write=True)
        with conn.begin():
            assert S.migrate(conn, url, target=1) == (0, 1)
            for run in runs:
                data = run.to_dict()
                seq, _ = repo._insert_run(conn, data, "old")
                for k, system in enumerate(data["systems"]):
                    repo._insert_system(conn, seq, k, system)
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("inputs")
    engine.dispose()


def test_migration_from_v1_keeps_runs(db_url: str, live_run) -> None:
    _make_v1_store(db_url, [live_run, live_run])
    with Store(db_url) as store:
        assert store.version() == S.SCHEMA_VERSION == 3
        runs = store.list_runs()
        assert len(runs) == 2 and {r.label for r in runs} == {"old"}
        for r in runs:
            assert to_json(store.load(r.run_id)) == to_json(live_run)
        if db_url.startswith("sqlite"):
            assert store.backup is not None
            with sqlite3.connect(store.backup) as bak:
                assert bak.execute("select version from mtcompare_schema").fetchone() == (1,)
                assert bak.execute("select count(*) from runs").fetchone() == (2,)
    assert _input_roles(db_url) == ["reference"] * 2 + ["system"] * 4
    with Store(db_url) as store:  # a second open is a no-op
        assert store.backup is None and len(store.list_runs()) == 2


def test_newer_schema_is_refused(db_url: str, live_run, capsys) -> None:
    with Store(db_url) as store:
        store.save(live_run)
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(sa.update(S.schema_version).values(version=S.SCHEMA_VERSION + 1))
    engine.dispose()
    newer = f"schema version {S.SCHEMA_VERSION + 1}, this mtcompare knows up to {S.SCHEMA_VERSION}"
    with pytest.raises(InputError, match=newer):
        Store(db_url)
    code, out, err = cli(capsys, "runs", "list", "--db", db_url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "upgrade mtcompare" in err
    # and the newer store was not touched
    engine = create_engine(resolve_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(S.runs)).scalar_one() == 1
    engine.dispose()


# -- CLI -------------------------------------------------------------------------------


def test_score_saves_and_show_rebuilds_the_same_json(db_url: str, capsys) -> None:
    code, live_json, err = cli(capsys, "score", "--ref", str(REF), str(MT_A), str(MT_B),
                               "-f", "json", "-q", "--db", db_url, "--label", "v1")  # fmt: skip
    assert code == 0
    json.loads(live_json)  # stdout is pure JSON; the id goes to stderr
    run_id = err.split("stored run ")[1].split()[0]
    code, shown, _ = cli(capsys, "runs", "show", run_id[:5], "--db", db_url, "-f", "json")
    assert code == 0 and shown == live_json
    code, table, _ = cli(capsys, "runs", "show", run_id, "--db", db_url, "--errors-only")
    assert code == 0 and "Corpus scores" in table and "omission" in table
    code, listed, _ = cli(capsys, "runs", "list", "--db", db_url, "-f", "json", "--label", "v1")
    (entry,) = json.loads(listed)
    assert entry["id"] == run_id and entry["label"] == "v1"
    assert [s["name"] for s in entry["systems"]] == ["mt_a", "mt_b"]
    code, _, err = cli(capsys, "runs", "delete", run_id, "--db", db_url)
    assert code == 0 and run_id in err
    code, out, err = cli(capsys, "runs", "show", run_id, "--db", db_url)
    assert code == 2 and out == "" and err.startswith("mtcompare: error: no run")


def test_compare_same_reference_has_significance_and_regressions_first(
    db_url: str, live_run, capsys
) -> None:
    with Store(db_url) as store:
        old_id, new_id = store.save(live_run), store.save(swapped_run())
    code, out, _ = cli(capsys, "runs", "compare", old_id, new_id, "--db", db_url, "-f", "json")
    assert code == 0
    result = json.loads(out)
    assert result["same_reference"] and result["sentence_metric"] == "chrf"
    deltas = {(d["system"], d["metric"]): d for d in result["deltas"]}
    a_chrf = deltas["mt_a", "chrf"]
    assert a_chrf["old"] == live_run.systems[0].corpus["chrf"]
    assert a_chrf["new"] == live_run.systems[1].corpus["chrf"]
    assert a_chrf["delta"] == pytest.approx(a_chrf["new"] - a_chrf["old"])
    assert 0 < a_chrf["p_value"] <= 1 and a_chrf["paired_units"] == 11
    # TER fell for mt_a: an improvement although the delta is negative
    assert deltas["mt_a", "ter"]["delta"] < 0 and deltas["mt_a", "ter"]["improved"] is True
    mt_b = [c for c in result["changes"] if c["system"] == "mt_b"]
    flags = [c["regression"] for c in mt_b]
    assert flags[0] and flags == sorted(flags, reverse=True)  # regressions first
    omitted = [c for c in mt_b if any(e.startswith("omission") for e in c["errors_added"])]
    assert omitted and all(c["regression"] and c["new_hyp"] == "" for c in omitted)
    code, table, _ = cli(capsys, "runs", "compare", old_id, new_id, "--db", db_url)
    assert code == 0 and "regressions first" in table and "new flag omission" in table


def test_compare_different_references_has_no_significance(live_run, tmp_path: Path) -> None:
    other_ref = tmp_path / "ref.txt"
    other_ref.write_text(REF.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    other = score(other_ref, [MT_A, MT_B])
    result = compare_runs(live_run, other)
    assert not result.same_reference and result.changes == []
    assert all(d.p_value is None and d.delta is not None for d in result.deltas)


def test_sentence_p_value_separates_signal_from_noise() -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    old = rng.uniform(20, 80, size=300)
    better = old + rng.normal(3.0, 2.0, size=300)
    noisy = old + np.concatenate([d := rng.normal(0, 5, size=150), -d])  # mean change 0
    assert sentence_p_value(old, better) < 0.01
    assert sentence_p_value(better, old) < 0.01  # two-sided: worse is significant too
    assert sentence_p_value(old, noisy) > 0.2


def test_trend_numbers_and_plots(db_url: str, live_run, capsys, tmp_path: Path) -> None:
    with Store(db_url) as store:
        first = store.save(live_run, label="mon")
        second = store.save(swapped_run(), label="tue")
    code, out, _ = cli(capsys, "runs", "trend", "--system", "mt_a", "--metric", "chrf",
                       "--db", db_url, "-f", "json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [first, second]
    assert [r["value"] for r in rows] == [s.corpus["chrf"] for s in live_run.systems]
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        plot = tmp_path / f"trend{suffix}"
        code, out, err = cli(capsys, "runs", "trend", "-s", "mt_a", "--db", db_url, "-o", str(plot))
        assert code == 0 and plot.read_bytes().startswith(magic) and "tue" in out
    code, _, err = cli(capsys, "runs", "trend", "-s", "mt_a", "--db", db_url, "-o", "x.pdf")
    assert code == 2 and ".png or .svg" in err
    code, _, err = cli(capsys, "runs", "trend", "-s", "nobody", "--db", db_url)
    assert code == 2 and "no stored chrf scores" in err


def test_export_csv_and_json(db_url: str, live_run, capsys, tmp_path: Path) -> None:
    import csv

    with Store(db_url) as store:
        run_id = store.save(live_run, label="x")
    target = tmp_path / "scores.csv"
    assert cli(capsys, "runs", "export", "--db", db_url, "-o", str(target))[0] == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 6 and {r["run_id"] for r in rows} == {run_id}
    bleu_a = next(r for r in rows if r["system"] == "mt_a" and r["metric"] == "bleu")
    assert float(bleu_a["value"]) == live_run.systems[0].corpus["bleu"]
    assert bleu_a["system_sha256"] == live_run.systems[0].sha256 and bleu_a["label"] == "x"
    code, out, _ = cli(capsys, "runs", "export", "--db", db_url, "-f", "json")
    assert code == 0
    (entry,) = json.loads(out)["runs"]
    assert entry["id"] == run_id and entry["run"] == json.loads(to_json(live_run))


# -- SQLite specifics and URLs -----------------------------------------------------------


def test_default_store_lives_in_results_of_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("MTCOMPARE_DB")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, "score", "--ref", str(REF), str(MT_A), "-q", "-f", "json")
    assert code == 0 and "results/mtcompare.sqlite" in err
    assert (tmp_path / "results" / "mtcompare.sqlite").is_file()
    code, out, _ = cli(capsys, "runs", "list", "-f", "json")
    assert code == 0 and len(json.loads(out)) == 1


def test_env_var_and_no_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    target = tmp_path / "env" / "store.db"
    monkeypatch.setenv("MTCOMPARE_DB", str(target))
    code, _, err = cli(capsys, "score", "--ref", str(REF), str(MT_A), "-q", "--no-save")
    assert code == 0 and "stored run" not in err and not target.exists()
    code, _, err = cli(capsys, "score", "--ref", str(REF), str(MT_A), "-q", "-f", "json")
    assert code == 0 and str(target) in err and target.is_file()


@pytest.mark.parametrize("kind", ["text", "garbled header"])
def test_file_that_is_not_a_database(tmp_path: Path, capsys, live_run, kind: str) -> None:
    bad = tmp_path / "bad.sqlite"
    if kind == "text":
        bad.write_text("these are my notes, not a database\n" * 20, encoding="utf-8")
    else:
        with Store(str(bad)) as store:
            store.save(live_run)
        raw = bytearray(bad.read_bytes())
        raw[:16] = b"garbage garbage!"
        bad.write_bytes(bytes(raw))
    content = bad.read_bytes()
    code, out, err = cli(capsys, "runs", "list", "--db", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is not a SQLite database" in err
    code, out, err = cli(capsys, "score", "--ref", str(REF), str(MT_A), "-f", "json",
                         "--db", str(bad))  # fmt: skip
    assert code == 2 and out == "" and "not a SQLite database" in err  # fails before scoring
    assert bad.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path, capsys) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (x text)")
    code, _, err = cli(capsys, "runs", "list", "--db", f"sqlite:///{other}")
    assert code == 2 and "not an mtcompare run store" in err


def test_store_path_that_is_a_directory(tmp_path: Path, capsys) -> None:
    code, _, err = cli(capsys, "runs", "list", "--db", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_unreachable_postgres_is_one_line(capsys) -> None:
    pytest.importorskip("psycopg")
    code, out, err = cli(capsys, "runs", "list", "--db", "postgresql://mtc@127.0.0.1:1/none")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("mtcompare: error: cannot use run store postgresql+psycopg://mtc@")


def test_url_forms() -> None:
    assert resolve_url("postgresql://u@h:5/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("sqlite:///rel/x.sqlite").database == "rel/x.sqlite"
    assert resolve_url("some/file.db").database == "some/file.db"
    for bad in ("sqlite://", "sqlite:///:memory:", "mysql://u@h/db"):
        with pytest.raises(InputError):
            resolve_url(bad)


# -- damaged rows (both backends; SQLite-only damage is in test_store_failures.py) ----------

RUNS_COMMANDS = {
    "list": ["runs", "list"],
    "show": ["runs", "show", "latest"],
    "compare": ["runs", "compare", "latest~1", "latest"],
    "export-csv": ["runs", "export"],
    "export-json": ["runs", "export", "-f", "json"],
    "trend": ["runs", "trend", "-s", "mt_a"],
}
READS_SEGMENTS = {"show", "compare", "export-json"}

#: table, column, damaged value, what the error says, the commands that must fail.
ROW_DAMAGE = {
    "segments not zlib": (
        "systems", "segments_blob", b"\x01\x02", "segment list of system mt_a is not zlib data",
        READS_SEGMENTS,
    ),
    "segments not JSON": (
        "systems", "segments_blob", zlib.compress(b'[{"ref_ids": [0'),
        "segment list of system mt_a is not JSON", READS_SEGMENTS,
    ),
    "run header not JSON": (
        "runs", "header_json", '{"reference": {"path": ', "run header is not JSON",
        READS_SEGMENTS,
    ),
    "system header not an object": (
        "systems", "header_json", "[1, 2]", "header of system 1 is a JSON array, not a JSON object",
        READS_SEGMENTS | {"export-csv"},  # the CSV has the flag counts of the system headers
    ),
    "run header of the wrong shape": (
        "runs", "header_json", '{"systems": null}', "its JSON lacks the key 'reference'",
        {"show", "compare"},  # export -f json gives the stored JSON as it is
    ),
}  # fmt: skip


def _dump(url: str) -> list[tuple]:  # type: ignore[type-arg]
    """Every row of every table, to show that a failed read changed nothing."""
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        rows = [(t.name, *r) for t in S.metadata.sorted_tables
                for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]  # fmt: skip
    engine.dispose()
    return rows


@pytest.mark.parametrize("damage", ROW_DAMAGE)
def test_damaged_row_is_one_line_naming_store_and_run(
    damage: str, db_url: str, live_run, capsys
) -> None:
    table, column, value, detail, failing = ROW_DAMAGE[damage]
    with Store(db_url) as store:
        store.save(live_run, label="sound")
        damaged = store.save(swapped_run(), label="damaged")
        where = store.where
    engine = create_engine(resolve_url(db_url))
    t = S.metadata.tables[table]
    key = t.c.seq if table == "runs" else t.c.run_seq
    with engine.connect().execution_options(mtcompare_write=True) as conn, conn.begin():
        seq = conn.execute(sa.select(S.runs.c.seq).where(S.runs.c.run_id == damaged)).scalar()
        where_clause = key == seq
        if table == "systems":
            where_clause = sa.and_(where_clause, t.c.position == 0)
        conn.execute(sa.update(t).where(where_clause).values({column: value}))
    engine.dispose()
    before = _dump(db_url)
    for name, args in RUNS_COMMANDS.items():
        code, out, err = cli(capsys, *args, "--db", db_url)
        if name not in failing:
            assert code == 0, (name, err)
            continue
        assert code == 2 and out == "" and err.count("\n") == 1, (name, err)
        assert err.startswith(f"mtcompare: error: run store {where}: stored run {damaged} is ")
        assert detail in err and f"mtcompare runs delete {damaged} removes it" in err
    assert _dump(db_url) == before
    code, out, err = cli(capsys, "runs", "show", "latest~1", "--db", db_url, "-f", "json")
    assert code == 0 and out == to_json(live_run)  # the sound run is still read back
    assert cli(capsys, "runs", "delete", damaged, "--db", db_url)[0] == 0
    assert cli(capsys, "runs", "export", "-f", "json", "--db", db_url)[0] == 0


def test_missing_schema_version_row_is_damage_not_a_new_store(
    db_url: str, live_run, capsys
) -> None:
    with Store(db_url) as store:
        store.save(live_run)
        where = store.where
    engine = create_engine(resolve_url(db_url))
    with engine.connect().execution_options(mtcompare_write=True) as conn, conn.begin():
        conn.execute(sa.delete(S.schema_version))
    engine.dispose()
    before = _dump(db_url)
    for args in RUNS_COMMANDS.values():
        code, out, err = cli(capsys, *args, "--db", db_url)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert err == (
            f"mtcompare: error: run store {where} is damaged: its schema version table has "
            "0 rows, not 1\n"
        )
    assert _dump(db_url) == before
