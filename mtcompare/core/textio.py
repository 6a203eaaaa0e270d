"""Reading user files: every way a file can be unusable becomes one clear InputError.

Input is read in bounded chunks and refused above a size limit (64 MiB by default,
``MTCOMPARE_MAX_INPUT_MB`` or the ``max_bytes`` parameter to change it), so ``/dev/zero``,
an endless pipe or a huge file is a one-line error instead of running out of memory.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import shlex
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mtcompare.core.errors import InputError

#: The path that means standard input (one input per run may be it).
STDIN = "-"

#: Default input size limit in MiB; a WMT test set is about 0.3 MiB per file.
DEFAULT_MAX_INPUT_MB = 64
MAX_INPUT_ENV = "MTCOMPARE_MAX_INPUT_MB"
_MIB = 1 << 20
_CHUNK = _MIB

#: Byte order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


@dataclass(frozen=True)
class TextFile:
    """A decoded input file with the hash the run store records."""

    path: str
    text: str
    sha256: str


def input_limit(max_bytes: int | None = None) -> int:
    """The size limit in bytes: ``max_bytes``, else ``$MTCOMPARE_MAX_INPUT_MB``, else 64 MiB."""
    if max_bytes is not None:
        if max_bytes <= 0:
            raise InputError(f"the input size limit must be positive, got {max_bytes} bytes")
        return max_bytes
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_MB * _MIB
    try:
        mib = float(raw)
    except ValueError:
        mib = float("nan")
    if not mib > 0 or mib == float("inf"):
        raise InputError(f"{MAX_INPUT_ENV} must be a positive number of MiB, got {raw!r}")
    return max(1, int(mib * _MIB))


def _mib(n: int) -> str:
    """A size as people read it: bytes, MiB or GiB, one decimal unless exact."""
    for unit, size in (("GiB", _MIB << 10), ("MiB", _MIB)):
        if n >= size:
            return f"{n // size} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _too_large(what: str, p: Path, limit: int, size: int | None) -> InputError:
    found = _mib(size) if size is not None else f"more than {_mib(limit)} read, size unknown"
    return InputError(
        f"{what} is too large ({found}; the input limit is {_mib(limit)}): {p}; "
        f"set {MAX_INPUT_ENV} to raise the limit"
    )


def _read_bounded(f: BinaryIO, what: str, p: Path, limit: int) -> bytes | bytearray:
    """At most ``limit`` bytes. A regular file's size is checked first and the file read
    in one piece; a pipe or device (size unknown) is read in chunks up to the limit."""
    info = os.fstat(f.fileno())
    regular = stat.S_ISREG(info.st_mode)
    if regular and info.st_size > limit:
        raise _too_large(what, p, limit, info.st_size)
    first = f.read(info.st_size + 1 if regular and info.st_size else min(_CHUNK, limit + 1))
    if regular and 0 < len(first) <= info.st_size:
        return first  # the whole file, as announced
    data = bytearray(first)
    while len(data) <= limit and (chunk := f.read(min(_CHUNK, limit + 1 - len(data)))):
        data += chunk
    if len(data) > limit:
        # a file can grow while it is read; /proc files report size 0
        size = os.fstat(f.fileno()).st_size if regular else 0
        raise _too_large(what, p, limit, max(size, len(data)) if size else None)
    return data


def is_stdin(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDIN


def _read_bytes(p: Path, what: str, limit: int) -> bytes | bytearray:
    if is_stdin(p):
        try:
            return _read_bounded(sys.stdin.buffer, what, Path("standard input"), limit)
        except (OSError, ValueError, AttributeError) as exc:  # closed or absent stdin
            raise InputError(f"cannot read {what} from standard input: {exc}") from None
    try:
        with p.open("rb") as f:
            return _read_bounded(f, what, p, limit)
    except FileNotFoundError:
        raise InputError(f"{what} not found: {p}") from None
    except IsADirectoryError:
        raise InputError(f"{what} is a directory, not a text file: {p}") from None
    except PermissionError:
        raise InputError(f"{what} is not readable (permission denied): {p}") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {p}: {exc.strerror or exc}") from None


def _bomless_wide(data: bytes | bytearray) -> str | None:
    """The encoding ("UTF-16LE", ...) when NULs sit where BOM-less UTF-16/32 text has them."""
    sample = bytes(data[: 1 << 14])
    sample = sample[: len(sample) - len(sample) % 4]
    if not sample:
        return None
    zeros = [sample[k::4].count(0) / (len(sample) // 4) for k in range(4)]
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    candidates = []
    if zeros[2] > 0.95 and zeros[3] > 0.95 and zeros[0] < 0.5:
        candidates.append("UTF-32LE")
    if zeros[0] > 0.95 and zeros[1] > 0.95 and zeros[3] < 0.5:
        candidates.append("UTF-32BE")
    if odd > 0.05 and even < 0.01:
        candidates.append("UTF-16LE")
    if even > 0.05 and odd < 0.01:
        candidates.append("UTF-16BE")
    for name in candidates:
        try:
            text = str(data, name)
        except UnicodeDecodeError:
            continue
        if (
            text
            and "\x00" not in text
            and sum(c.isprintable() or c.isspace() for c in text) >= (0.95 * len(text))
        ):
            return name
    return None


def _decode(data: bytes | bytearray, what: str, p: Path) -> str:
    """UTF-8, or UTF-16/32 with a byte order mark; NUL bytes otherwise mean binary."""
    skip, codec, label = 0, "utf-8", "UTF-8"
    for bom, name, bom_label in _BOMS:
        if data.startswith(bom):
            skip, codec, label = len(bom), name, bom_label
            break
    if label == "UTF-8" and b"\x00" in data:
        if wide := _bomless_wide(data):
            raise InputError(
                f"{what} looks like {wide} text without a byte order mark, expected UTF-8: "
                f"{p}; convert it with: iconv -f {wide} -t UTF-8 {shlex.quote(str(p))} "
                f"> {shlex.quote(str(p) + '.utf8')}"
            )
        raise InputError(f"{what} looks binary (contains NUL bytes), expected UTF-8 text: {p}")
    try:
        text = str(memoryview(data)[skip:], codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid {label} (bad byte at offset {skip + exc.start}): {p}"
        ) from None
    if "\x00" in text:
        raise InputError(f"{what} contains NUL characters, expected text: {p}")
    return text


def read_text(path: str | Path, what: str = "file", max_bytes: int | None = None) -> TextFile:
    """Read UTF-8 text (BOM and CRLF accepted; UTF-16/32 with a BOM too) of at most
    :func:`input_limit` bytes; refuse binary, undecodable, empty and too large input.
    ``-`` reads standard input (messages call it "standard input")."""
    return decode_text(read_bytes(path, what, max_bytes), path, what)


def read_bytes(path: str | Path, what: str = "file", max_bytes: int | None = None) -> bytes:
    """The raw bytes of ``path`` (``-``: standard input) within the size limit."""
    return bytes(_read_bytes(Path(path), what, input_limit(max_bytes)))


def decode_text(data: bytes, path: str | Path, what: str = "file") -> TextFile:
    """Bytes read from ``path`` as text: the checks of :func:`read_text`."""
    p = Path("standard input") if is_stdin(path) else Path(path)
    text = _decode(data, what, p).replace("\r\n", "\n")
    if not text or text.isspace():  # what strip() tests, without copying the text
        raise InputError(f"{what} is empty: {p}")
    return TextFile(str(path), text, hashlib.sha256(data).hexdigest())


def text_lines(text: str) -> list[str]:
    """Lines of a line-aligned file, read as the sacrebleu CLI reads them.

    Split on "\n" only and right-stripped, so scores match ``sacrebleu REF -i SYS``;
    a final newline does not make an extra empty line.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]
