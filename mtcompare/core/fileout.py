"""Atomic file writes: a reader never sees a half-written file, and a failure leaves the
previous file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mtcompare.core.errors import InputError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    target = Path(path)
    if target.is_dir():
        raise InputError(f"output path is a directory: {target}")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"output directory does not exist: {parent}")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a report is for sharing
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
