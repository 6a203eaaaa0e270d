"""Escape sequences in MT text, names and labels never reach the terminal raw.

Each view is captured as a user would see it, plain (piped) and in colour (FORCE_COLOR):
the only escape sequences left are rich's own colour codes, and the hostile ones are
shown visibly escaped (``\\x1b``, ``\\x9b``, ``\\u202e``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtcompare.cli.app import main
from mtcompare.render.terminal import visible

OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # sets the clipboard
OSC8 = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # a fake link
CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"
BIDI = "\u202eevil\u202c"
HOSTILE = f"The mayor said {OSC52} and {OSC8} then {CLEAR}{C1_CSI} {BIDI}\x7f done."
SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "250")  # no wrapping inside an escaped sequence


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    lines = ["The council met on Monday.", "The mayor said the bridge is ready.", "It opens soon."]
    ref = tmp_path / "ref.txt"
    ref.write_text("\n".join(lines) + "\n", "utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join(lines) + "\n", "utf-8")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("\n".join([lines[0], HOSTILE, lines[2]]) + "\n", "utf-8")
    return {"ref": ref, "clean": clean, "hostile": hostile}


def capture(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def assert_safe(text: str, where: str = "") -> None:
    """Nothing but colour codes and layout: no raw control, C1 or bidi character."""
    found = CONTROL.search(SGR.sub("", text))
    assert found is None, f"{where}: raw {found.group()!r}" if found else ""


def test_visible_escapes_every_kind() -> None:
    assert visible(HOSTILE).count("\\x1b") == 6
    assert "\\x9b31m" in visible(HOSTILE) and "\\u202eevil\\u202c" in visible(HOSTILE)
    assert "\\x07" in visible(HOSTILE) and "\\x7f" in visible(HOSTILE)
    assert visible("a\tb\nc") == "a\tb\nc" and visible("a\tb\nc", keep="") == "a\\x09b\\x0ac"
    assert visible("plain — “text”, 北京") == "plain — “text”, 北京"


@pytest.mark.parametrize("colour", [False, True])
def test_every_view(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, Path],
    colour: bool,
) -> None:
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
    name = f"mt{CLEAR}"
    label = f"v1{OSC52}"
    base = ["--ref", files["ref"], "--lines", "-q"]
    capture(capsys, "score", *base, files["clean"], "-n", name, "--label", "v0")
    views = {
        "score": capture(
            capsys, "score", *base, files["hostile"], "-n", name, "--label", label, "--segments"
        ),
        "diff": capture(capsys, "diff", *base, files["hostile"], "-n", name),
        "diff --run": capture(capsys, "diff", "--run", "latest"),
        "runs list": capture(capsys, "runs", "list"),
        "runs show": capture(capsys, "runs", "show", "latest", "--segments"),
        "runs compare": capture(capsys, "runs", "compare", "latest~1", "latest"),
        "runs trend": capture(capsys, "runs", "trend", "-s", name),
    }
    for view, (out, err) in views.items():
        assert_safe(out, view)
        assert_safe(err, view)
        assert "\\x1b[2J" in out, view  # the name, shown escaped
    for view in ("score", "diff", "diff --run", "runs show", "runs compare"):
        out = SGR.sub("", views[view][0])
        assert "\\x1b]52;c;SGVsbG8=\\x07" in out, view
        assert "\\x1b]8;;http://evil.example\\x1b\\click" in out, view
        assert "\\x9b31m" in out and "\\u202eevil\\u202c" in out, view
    for view in ("runs list", "runs trend"):
        assert "v1\\x1b]52;c;SGVsbG8=\\x07" in SGR.sub("", views[view][0]), view


def test_error_message_is_one_safe_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    capture(capsys, "score", "--ref", files["ref"], files["hostile"], "--lines", "-q")
    code = main(["diff", "--run", "latest", "--system", f"x{CLEAR}\ny"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert_safe(err)


def test_progress_bar_shows_names_as_text() -> None:
    from rich.console import Console

    from mtcompare.cli.common import ProgressBar

    bar = ProgressBar(quiet=False)
    bar(f"aligning [link=http://evil.example]mt[/link]{CLEAR}", 0, 2)
    description = bar.progress.tasks[0].description
    rendered = Console(force_terminal=True, width=200).render_str(description, highlight=False)
    assert rendered.plain == "aligning [link=http://evil.example]mt[/link]\\x1b[2J"
    assert not rendered.spans  # no link, no style from the name
