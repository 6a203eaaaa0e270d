"""Reading user files: every way a file can be unusable becomes one clear InputError."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from mtcompare.core.errors import InputError


@dataclass(frozen=True)
class TextFile:
    """A decoded input file with the hash the run store records."""

    path: str
    text: str
    sha256: str


def read_text(path: str | Path, what: str = "file") -> TextFile:
    """Read UTF-8 text (BOM and CRLF accepted); refuse binary, non-UTF-8 and empty files."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found: {p}") from None
    except IsADirectoryError:
        raise InputError(f"{what} is a directory, not a text file: {p}") from None
    except PermissionError:
        raise InputError(f"{what} is not readable (permission denied): {p}") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise InputError(f"{what} looks binary (contains NUL bytes), expected UTF-8 text: {p}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid UTF-8 (bad byte at offset {exc.start}): {p}"
        ) from None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise InputError(f"{what} is empty: {p}")
    return TextFile(str(p), text, hashlib.sha256(data).hexdigest())


def text_lines(text: str) -> list[str]:
    """Lines of a line-aligned file, read as the sacrebleu CLI reads them.

    Split on "\n" only and right-stripped, so scores match ``sacrebleu REF -i SYS``;
    a final newline does not make an extra empty line.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]
