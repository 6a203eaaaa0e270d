"""Reading input files: size limit (regular files, /dev/zero, FIFOs), UTF-16/32, old checks."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcompare.cli.app import main
from mtcompare.core.errors import InputError
from mtcompare.core.textio import DEFAULT_MAX_INPUT_MB, MAX_INPUT_ENV, input_limit, read_text

REPO = Path(__file__).resolve().parents[1]
REF_DE = REPO / "references" / "example.de.txt"  # real German text: umlauts, quotes
REF = REPO / "references" / "example.en.txt"
MT_A = REPO / "examples" / "mt_a.txt"
MIB = 1 << 20


@pytest.fixture(autouse=True)
def _no_limit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAX_INPUT_ENV, raising=False)


def _error(path: Path | str, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        read_text(path, "MT file", **kw)
    message = str(info.value)
    assert "\n" not in message
    return message


def _bytes_read() -> int | None:
    """Bytes this process has read through read(2) so far (Linux), else None."""
    try:
        io = Path("/proc/self/io").read_text()
    except OSError:
        return None
    return int(next(line for line in io.splitlines() if line.startswith("rchar:")).split()[1])


# -- size limit --------------------------------------------------------------------------


def test_dev_zero_is_refused_at_the_default_limit_through_the_cli(capsys) -> None:
    code = main(["score", "--no-save", "--ref", str(REF), "/dev/zero"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("mtcompare: error: MT file is too large (more than 64 MiB read, size")
    assert "/dev/zero" in err and MAX_INPUT_ENV in err and DEFAULT_MAX_INPUT_MB == 64


def test_regular_file_over_the_limit_is_refused_by_its_size_before_reading(
    tmp_path: Path,
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: 10 GiB announced, nothing on disk
        f.truncate(10 << 30)
    before = _bytes_read()
    message = _error(huge)
    after = _bytes_read()
    assert message == (
        f"MT file is too large (10 GiB; the input limit is 64 MiB): {huge}; "
        f"set {MAX_INPUT_ENV} to raise the limit"
    )
    if before is not None and after is not None:
        assert after - before < MIB  # the size was checked, the content never read


def test_limit_from_parameter_and_environment(tmp_path: Path, monkeypatch) -> None:
    text = REF_DE.read_bytes() * 3
    path = tmp_path / "three.txt"
    path.write_bytes(text)
    size = len(text)
    assert read_text(path, max_bytes=size).text.count("\n") == 3 * REF_DE.read_text().count("\n")
    assert f"({size} bytes; the input limit is {size - 1} bytes)" in _error(
        path, max_bytes=size - 1
    )
    monkeypatch.setenv(MAX_INPUT_ENV, "0.001")  # 1048 bytes
    assert input_limit() == 1048 < size
    assert "the input limit is 1048 bytes" in _error(path)
    assert read_text(path, max_bytes=size).sha256  # the parameter wins over the variable
    monkeypatch.setenv(MAX_INPUT_ENV, "200")
    assert input_limit() == 200 * MIB and read_text(path).text


@pytest.mark.parametrize("raw", ["abc", "0", "-5", "inf", "nan", "1e400"])
def test_bad_limit_variable_is_one_line(raw: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv(MAX_INPUT_ENV, raw)
    code = main(["score", "--no-save", "--ref", str(REF), str(MT_A)])
    _, err = capsys.readouterr()
    assert code == 2 and err == (
        f"mtcompare: error: {MAX_INPUT_ENV} must be a positive number of MiB, got {raw!r}\n"
    )


def test_limit_variable_through_the_cli(monkeypatch, capsys) -> None:
    monkeypatch.setenv(MAX_INPUT_ENV, "0.0005")  # 524 bytes: the reference is over it
    code = main(["score", "--no-save", "--ref", str(REF), str(MT_A)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    size = REF.stat().st_size
    assert f"reference is too large ({size} bytes; the input limit is 524 bytes): {REF}" in err


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _feed(path: Path, data: bytes, forever: bool) -> threading.Thread:
    def write() -> None:
        try:
            with path.open("wb") as f:
                f.write(data)
                while forever:
                    f.write(data)
        except BrokenPipeError:  # the reader stopped at its limit
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_endless_fifo_is_refused_at_the_limit(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path)
    writer = _feed(pipe, REF.read_bytes(), forever=True)
    message = _error(pipe, max_bytes=2 * MIB)
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert message.startswith("MT file is too large (more than 2 MiB read, size unknown;")
    assert str(pipe) in message


def test_fifo_within_the_limit_is_read(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path)
    writer = _feed(pipe, REF.read_bytes(), forever=False)
    file = read_text(pipe, max_bytes=MIB)
    writer.join(timeout=30)
    assert file.text == REF.read_text(encoding="utf-8")


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(REF.read_bytes())
    assert read_text(path, max_bytes=path.stat().st_size).text == REF.read_text("utf-8")


# -- encodings ---------------------------------------------------------------------------

BOM_ENCODINGS = {
    "utf-8-sig": b"",
    "utf-16": b"",  # Python writes the machine's byte order with its mark
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32": b"",
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


@pytest.mark.parametrize("encoding", BOM_ENCODINGS)
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    original = REF_DE.read_text(encoding="utf-8")
    path = tmp_path / f"ref.{encoding}.txt"
    raw = BOM_ENCODINGS[encoding] + original.replace("\n", "\r\n").encode(encoding)
    path.write_bytes(raw)
    file = read_text(path)
    assert file.text == original and "ü" in file.text
    assert file.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf16_reference_scores_like_the_utf8_one(tmp_path: Path, capsys) -> None:
    utf16 = tmp_path / "ref16.txt"
    utf16.write_bytes(REF.read_text(encoding="utf-8").encode("utf-16"))
    scores = []
    for ref in (REF, utf16):
        assert main(["score", "--no-save", "--ref", str(ref), str(MT_A), "-f", "json"]) == 0
        run = json.loads(capsys.readouterr().out)
        scores.append(run["systems"][0]["corpus"])
    assert scores[0] == scores[1] and scores[0]["bleu"] > 0


@pytest.mark.parametrize("encoding", ["UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"])
def test_utf16_without_bom_names_the_encoding_and_the_fix(tmp_path: Path, encoding: str) -> None:
    original = REF_DE.read_text(encoding="utf-8")
    path = tmp_path / "no bom.txt"
    path.write_bytes(original.encode(encoding))
    message = _error(path)
    assert message.startswith(f"MT file looks like {encoding} text without a byte order mark")
    command = message.split("convert it with: ")[1]
    assert command.startswith(f"iconv -f {encoding} -t UTF-8 ")
    if shutil.which("iconv") is None:
        pytest.skip("no iconv to run the suggested command")
    subprocess.run(command, shell=True, check=True, cwd=tmp_path)
    assert read_text(str(path) + ".utf8").text == original


def test_real_binary_files_still_look_binary(tmp_path: Path) -> None:
    sample = tmp_path / "python.bin"
    sample.write_bytes(Path(sys.executable).resolve().read_bytes()[: 1 << 16])
    assert "looks binary (contains NUL bytes), expected UTF-8 text" in _error(sample)
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "looks binary" in _error(png)


def test_bad_bytes_are_reported_at_their_offset(tmp_path: Path) -> None:
    bad8 = tmp_path / "bom-then-bad.txt"
    bad8.write_bytes(codecs.BOM_UTF8 + b"ab\xffc")
    assert f"MT file is not valid UTF-8 (bad byte at offset 5): {bad8}" == _error(bad8)
    bad16 = tmp_path / "lone-surrogate.txt"
    bad16.write_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xdcx\x00")
    assert "is not valid UTF-16 (bad byte at offset 6)" in _error(bad16)
    nul16 = tmp_path / "nul16.txt"
    nul16.write_bytes("a\x00b".encode("utf-16"))
    assert "contains NUL characters" in _error(nul16)
    only_bom = tmp_path / "bom.txt"
    only_bom.write_bytes(codecs.BOM_UTF16_BE)
    assert _error(only_bom) == f"MT file is empty: {only_bom}"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    encoding=st.sampled_from(sorted(BOM_ENCODINGS)),
)
def test_any_text_survives_any_bom_encoding(text: str, encoding: str) -> None:
    raw = BOM_ENCODINGS[encoding] + text.encode(encoding)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.txt"
        path.write_bytes(raw)
        if not text.strip():
            with pytest.raises(InputError, match="is empty"):
                read_text(path)
            return
        assert read_text(path).text == text.replace("\r\n", "\n")


# -- standard input and output ('-') ---------------------------------------------------------


def _mtcompare(args: list[str], stdin: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), MTCOMPARE_DB=f"sqlite:///{tmp_path}/r.sqlite")
    return subprocess.run(
        [sys.executable, "-m", "mtcompare", *args], input=stdin, capture_output=True, env=env
    )


def test_an_mt_file_from_stdin_scores_as_the_file_itself(tmp_path: Path) -> None:
    args = ["score", "--no-save", "-q", "--ref", str(REF), "-f", "json"]
    piped = _mtcompare([*args, "-", "-o", "-"], MT_A.read_bytes(), tmp_path)
    direct = _mtcompare([*args, str(MT_A)], b"", tmp_path)
    assert piped.returncode == 0, piped.stderr
    got, want = json.loads(piped.stdout), json.loads(direct.stdout)
    assert got["systems"][0]["name"] == "stdin" and got["systems"][0]["path"] == "-"
    assert got["systems"][0]["corpus"] == want["systems"][0]["corpus"]
    assert got["systems"][0]["sha256"] == hashlib.sha256(MT_A.read_bytes()).hexdigest()


def test_the_reference_from_stdin(tmp_path: Path) -> None:
    args = ["score", "--no-save", "-q", str(MT_A), "-f", "json"]
    piped = _mtcompare([*args, "--ref", "-"], REF.read_bytes(), tmp_path)
    direct = _mtcompare([*args, "--ref", str(REF)], b"", tmp_path)
    assert piped.returncode == 0, piped.stderr
    got, want = json.loads(piped.stdout), json.loads(direct.stdout)
    assert got["reference"]["path"] == "-"
    assert got["reference"]["sha256"] == want["reference"]["sha256"]
    assert got["systems"][0]["corpus"] == want["systems"][0]["corpus"]


@pytest.mark.parametrize(
    "args",
    [
        ["--ref", "-", "-"],
        ["--ref", str(REF), "-", "-"],
        ["--ref", str(REF), str(MT_A), "--src", "-", "-"],
    ],
)
def test_stdin_twice_is_one_line_error(tmp_path: Path, args: list[str]) -> None:
    done = _mtcompare(["score", "--no-save", "-q", *args], MT_A.read_bytes(), tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2 and done.stdout == b"" and err.count("\n") == 1
    assert "'-' (standard input) is given more than once" in err


def test_bad_stdin_is_one_line_error_naming_standard_input(tmp_path: Path) -> None:
    done = _mtcompare(
        ["score", "--no-save", "-q", "--ref", str(REF), "-"], b"bin\x00ary\xff", tmp_path
    )
    err = done.stderr.decode()
    assert done.returncode == 2 and err.count("\n") == 1 and "standard input" in err
    empty = _mtcompare(["score", "--no-save", "-q", "--ref", str(REF), "-"], b"  \n", tmp_path)
    assert empty.returncode == 2 and "MT file is empty: standard input" in empty.stderr.decode()


def test_output_dash_writes_stdout(tmp_path: Path) -> None:
    done = _mtcompare(
        ["score", "--no-save", "-q", "--ref", str(REF), str(MT_A), "-f", "tsv", "-o", "-"],
        b"",
        tmp_path,
    )
    assert done.returncode == 0 and done.stdout.decode().startswith("system\tref_ids")
    assert not (tmp_path / "-").exists() and not Path("-").exists()
