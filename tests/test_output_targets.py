"""Where ``-o`` and ``--html`` write: what the path is stays what it was.

A regular file is replaced atomically, a FIFO or a character device is written through
(it stays a FIFO / device), a symlink keeps pointing at its replaced target, ``-`` is
stdout; a full disk or a file-size limit is one error line with the old file intact;
an unusable path is refused before any scoring.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.core.errors import InputError
from mtcompare.core.fileout import check_output, write_output

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
SCORE = ["score", "--ref", str(REF), str(MT_A), "-q"]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def stored_runs(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = run_cli(capsys, "runs", "list", "-f", "json")
    assert code == 0
    return len(json.loads(out))


def test_existing_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write_output(target, "new")
    assert target.read_text("utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_symlink_stays_a_link_and_its_target_is_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "data" / "report.json"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    code, out, err = run_cli(capsys, *SCORE, "--no-save", "-f", "json", "-o", link)
    assert code == 0, err
    assert out == ""
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text("utf-8"))["systems"][0]["name"] == "mt_a"


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "new.txt")
    write_output(link, "made")
    assert link.is_symlink() and (tmp_path / "new.txt").read_text("utf-8") == "made"


def test_fifo_is_written_through_and_stays_a_fifo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    code, _, err = run_cli(capsys, *SCORE, "--no-save", "-f", "tsv", "-o", fifo)
    thread.join(timeout=60)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    rows = received[0].decode("utf-8").splitlines()
    assert rows[0].startswith("system\tref_ids\thyp_ids") and len(rows) > 5


def test_dev_null_stays_a_character_device(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *SCORE, "--no-save", "-o", "/dev/null", "--html", "/dev/null")
    assert code == 0, err
    assert out == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *SCORE, "--no-save", "-f", "json", "-o", "-")
    assert code == 0 and json.loads(out)["systems"][0]["name"] == "mt_a"
    code, out, _ = run_cli(capsys, *SCORE, "--no-save", "-f", "tsv", "--html", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "\nsystem\tref_ids" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_device_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *SCORE, "--no-save", "-f", "json", "-o", "/dev/full")
    assert code == 2 and out == ""
    assert err == "mtcompare: error: cannot write output /dev/full: No space left on device\n"


def _limited(limit: int) -> None:
    """In the child: ignore SIGXFSZ (else it dumps core) and cap file sizes."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_file_size_limit_leaves_the_old_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old report", "utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), MTCOMPARE_DB=f"sqlite:///{tmp_path / 'db'}")
    proc = subprocess.run(
        [sys.executable, "-m", "mtcompare", *SCORE, "--no-save", "--html", str(target)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=lambda: _limited(4096),  # the report is about 28 KB
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"mtcompare: error: cannot write HTML report {target}: File too large\n"
    assert target.read_text("utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temp file left


def _unwritable_dir(tmp_path: Path) -> Path:
    """A directory this process cannot create files in, as root too."""
    if os.geteuid() == 0:
        sysfs = Path("/sys")
        if not sysfs.is_dir():
            pytest.skip("root and no /sys: no directory root cannot write")
        return sysfs
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return locked


@pytest.mark.parametrize("option", ["-o", "--html"])
@pytest.mark.parametrize("case", ["missing dir", "a directory", "not writable"])
def test_unusable_output_is_refused_before_scoring(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, case: str
) -> None:
    path, message = {
        "missing dir": (tmp_path / "nodir" / "x.txt", "directory does not exist"),
        "a directory": (tmp_path, "path is a directory"),
        "not writable": (_unwritable_dir(tmp_path) / "x.txt", "cannot write"),
    }[case]
    code, out, err = run_cli(capsys, *SCORE, option, path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("mtcompare: error: ") and message in err
    assert "stored run" not in err and stored_runs(capsys) == 0  # refused before the work


def test_check_output_refuses_a_socket(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError, match="not a regular file, FIFO or character device"):
            check_output(path)
    assert path.exists()


def test_report_default_output_is_checked_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved = tmp_path / "run.json"
    assert run_cli(capsys, *SCORE, "--no-save", "-f", "json", "-o", saved)[0] == 0
    (tmp_path / "run.html").mkdir()  # where the default output would go
    code, _, err = run_cli(capsys, "report", saved)
    assert code == 2 and "is a directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("protected", "utf-8")
    target.chmod(0o444)
    with pytest.raises(InputError, match="is not writable"):
        write_output(target, "new")
    assert target.read_text("utf-8") == "protected"


def test_dev_stdout_into_a_pipe_is_written_through(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), MTCOMPARE_DB=f"sqlite:///{tmp_path / 'db'}")
    proc = subprocess.run(
        [sys.executable, "-m", "mtcompare", *SCORE, "--no-save", "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["systems"][0]["name"] == "mt_a"
    assert list(tmp_path.iterdir()) == []  # no file named after the pipe
