"""Run store under real processes: concurrent writers, and a writer killed mid-save."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from mtcompare.render.table import to_json
from mtcompare.store import Store

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MT_B = REPO / "examples" / "mt_b.txt"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["MTCOMPARE_DB"] = str(tmp_path / "must-not-be-used.sqlite")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _score_cmd(url: str, label: str) -> list[str]:
    return [sys.executable, "-m", "mtcompare", "score", "--ref", str(REF), str(MT_A), str(MT_B),
            "-f", "json", "-q", "--db", url, "--label", label]  # fmt: skip


def test_two_score_processes_write_the_same_new_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared' / 'runs.sqlite'}"
    procs = [
        subprocess.Popen(
            _score_cmd(url, f"p{k}"),
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        json.loads(out)
    ids = sorted(err.split("stored run ")[1].split()[0] for _, err in outs)
    with Store(url) as store:
        runs = store.list_runs()
        assert sorted(r.run_id for r in runs) == ids and {r.label for r in runs} == {"p0", "p1"}
        for out, err in outs:
            assert to_json(store.load(err.split("stored run ")[1].split()[0])) == out
    assert not (tmp_path / "must-not-be-used.sqlite").exists()


CRASH = textwrap.dedent(
    """
    import os, signal, sys
    from mtcompare.cli.app import main
    from mtcompare.store import repository

    original = repository._insert_system

    def insert_then_die(conn, seq, position, system):
        original(conn, seq, position, system)
        if position == 1:  # the run row and both systems are written, not committed
            os.kill(os.getpid(), signal.SIGKILL)

    repository._insert_system = insert_then_die
    sys.exit(main(sys.argv[1:]))
    """
)


def test_writer_killed_mid_transaction_leaves_earlier_runs_and_no_half_run(
    tmp_path: Path,
) -> None:
    db = tmp_path / "runs.sqlite"
    url = f"sqlite:///{db}"
    first = subprocess.run(_score_cmd(url, "kept"), env=_env(tmp_path), capture_output=True,
                           text=True, timeout=300)  # fmt: skip
    assert first.returncode == 0, first.stderr
    args = _score_cmd(url, "doomed")[3:]  # drop "python -m mtcompare"
    crashed = subprocess.run([sys.executable, "-c", CRASH, *args], env=_env(tmp_path),
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert crashed.returncode == -signal.SIGKILL
    assert "stored run" not in crashed.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
                  for t in ("runs", "systems", "scores", "inputs")}  # fmt: skip
    assert counts == {"runs": 1, "systems": 2, "scores": 6, "inputs": 3}
    with Store(url) as store:
        (run,) = store.list_runs()
        assert run.label == "kept"
        assert to_json(store.load(run.run_id)) == first.stdout
        again = store.save(store.load(run.run_id), label="after crash")  # still writable
        assert store.resolve("latest") == again
